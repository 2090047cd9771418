#include "media/media_library.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "base/text.h"
#include "crypto/token.h"
#include "media/responsive.h"

namespace media {
namespace {

namespace fs = std::filesystem;
using base::Result;
using base::Status;

constexpr size_t kKeyLength = 16;

Status Errno(const std::string& what) {
  return Status::Internal(what + ": " + std::strerror(errno));
}

// Writes `data` to dir/name so that readers see either no file or the whole
// file: it goes to a unique temporary name in the same directory first (same
// file system, so the rename is atomic), is synced, then renamed over.
Status WriteFileAtomically(const fs::path& dir, const std::string& name, std::string_view data) {
  std::string tmp = (dir / ("." + name + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return Errno("create temporary file in " + dir.string());
  const char* p = data.data();
  size_t left = data.size();
  Status status;
  while (left > 0 && status.ok()) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      status = Errno("write " + tmp);
    } else {
      p += n;
      left -= static_cast<size_t>(n);
    }
  }
  // Files are served to anyone: world-readable like the rest of MEDIA_DIR.
  if (status.ok() && ::fchmod(fd, 0644) != 0) status = Errno("chmod " + tmp);
  if (status.ok() && ::fsync(fd) != 0) status = Errno("fsync " + tmp);
  if (::close(fd) != 0 && status.ok()) status = Errno("close " + tmp);
  const std::string target = (dir / name).string();
  if (status.ok() && ::rename(tmp.c_str(), target.c_str()) != 0) status = Errno("rename " + target);
  if (!status.ok()) ::unlink(tmp.c_str());
  return status;
}

// Makes the renames durable (best effort: some file systems refuse).
void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

bool IsKey(std::string_view key) {
  if (key.size() != kKeyLength) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// For people only: the last path component ("C:\fakepath\x.jpg" -> "x.jpg"),
// without control characters, bounded. Never used as a path.
std::string CleanOriginalName(std::string_view name) {
  const size_t cut = name.find_last_of("/\\");
  if (cut != std::string_view::npos) name.remove_prefix(cut + 1);
  if (!base::IsValidUtf8(name)) return "";
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) out += c;
  }
  return base::TruncateText(out, kMaxOriginalName);
}

bool IsHttpUrl(std::string_view url) {
  std::string lower;
  for (char c : url.substr(0, 8))
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t rest = 0;
  if (lower.starts_with("https://")) {
    rest = 8;
  } else if (lower.starts_with("http://")) {
    rest = 7;
  } else {
    return false;
  }
  if (url.size() == rest || url[rest] == '/') return false;  // no host
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
  }
  return true;
}

Status CheckText(std::string_view value, size_t max, const char* field) {
  if (value.size() > max) {
    return Status::InvalidArgument(std::string("The ") + field + " is too long (at most " +
                                   std::to_string(max) + " characters).");
  }
  if (!base::IsValidUtf8(value)) {
    return Status::InvalidArgument(std::string("The ") + field + " is not valid text.");
  }
  return Status::Ok();
}

}  // namespace

std::string MediaKey(std::string_view bytes) {
  return crypto::HashToken(bytes).substr(0, kKeyLength);
}

MediaLibrary::MediaLibrary(store::MediaStore& store, std::string media_dir,
                           const base::Clock& clock, UploadLimits limits)
    : store_(store), media_dir_(std::move(media_dir)), clock_(clock), limits_(limits) {}

Status MediaLibrary::WriteVariants(const std::string& key, const ProcessedImage& image,
                                   int64_t* total_bytes) {
  const fs::path dir = fs::path(media_dir_) / LibraryPrefix(key);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Internal("create " + dir.string() + ": " + ec.message());
  *total_bytes = 0;
  for (const Variant& v : image.variants) {
    const std::string stem = std::to_string(v.width);
    BS_RETURN_IF_ERROR(WriteFileAtomically(dir, stem + ".webp", v.webp));
    BS_RETURN_IF_ERROR(WriteFileAtomically(dir, stem + ".jpg", v.jpeg));
    *total_bytes += static_cast<int64_t>(v.webp.size() + v.jpeg.size());
  }
  SyncDirectory(dir);
  return Status::Ok();
}

Result<store::MediaItem> MediaLibrary::Upload(std::string_view bytes,
                                              std::string_view original_name,
                                              std::optional<int64_t> user_id) {
  // Cheap refusals before hashing 20 MiB; ProcessUpload checks them too.
  if (bytes.empty() || bytes.size() > limits_.max_bytes) {
    return ProcessUpload(bytes, limits_).status();
  }
  const std::string key = MediaKey(bytes);
  auto existing = store_.GetMediaByKey(key);
  if (!existing.ok() && !existing.status().IsNotFound()) return existing.status();
  if (existing.ok()) {
    // Known bytes: nothing to do, unless this node lacks the files (a copy of
    // MEDIA_DIR not synced yet, or restored without it): then write them again.
    const fs::path largest = fs::path(media_dir_) / FeatureImagePath(*existing);
    std::error_code ec;
    if (fs::exists(largest, ec)) return existing;
    BS_ASSIGN_OR_RETURN(ProcessedImage image, ProcessUpload(bytes, limits_));
    int64_t ignored = 0;
    BS_RETURN_IF_ERROR(WriteVariants(key, image, &ignored));
    return existing;
  }

  BS_ASSIGN_OR_RETURN(ProcessedImage image, ProcessUpload(bytes, limits_));
  store::MediaItem item;
  BS_RETURN_IF_ERROR(WriteVariants(key, image, &item.bytes));
  item.key = key;
  item.original_name = CleanOriginalName(original_name);
  item.format = image.format;
  item.width = image.variants.back().width;
  item.height = image.variants.back().height;
  for (const Variant& v : image.variants) item.widths.push_back(v.width);
  item.created_at = clock_.Now();
  item.uploaded_by = user_id;

  auto id = store_.CreateMedia(item);
  if (!id.ok()) {
    // The same bytes uploaded concurrently: theirs won and the files are identical.
    if (id.status().IsConflict()) return store_.GetMediaByKey(key);
    return id.status();
  }
  item.id = *id;
  return item;
}

Result<store::MediaItem> MediaLibrary::Get(int64_t id) { return store_.GetMedia(id); }

Result<std::vector<store::MediaItem>> MediaLibrary::List(int limit, int offset) {
  return store_.ListMedia(limit, offset);
}

Result<int64_t> MediaLibrary::Count() { return store_.CountMedia(); }

Status MediaLibrary::UpdateText(int64_t id, std::string_view alt, std::string_view caption,
                                std::string_view credit, std::string_view credit_url) {
  BS_RETURN_IF_ERROR(CheckText(alt, kMaxAlt, "alternative text"));
  BS_RETURN_IF_ERROR(CheckText(caption, kMaxCaption, "caption"));
  BS_RETURN_IF_ERROR(CheckText(credit, kMaxCredit, "credit"));
  BS_RETURN_IF_ERROR(CheckText(credit_url, kMaxCreditUrl, "credit link"));
  if (!credit_url.empty() && !IsHttpUrl(credit_url)) {
    return Status::InvalidArgument("The credit link must be a web address starting with https://.");
  }
  store::MediaItem item;
  item.id = id;
  item.alt = std::string(alt);
  item.caption = std::string(caption);
  item.credit = std::string(credit);
  item.credit_url = std::string(credit_url);
  return store_.UpdateMediaText(item);
}

Status MediaLibrary::Delete(int64_t id, bool force) {
  BS_ASSIGN_OR_RETURN(store::MediaItem item, store_.GetMedia(id));
  if (!IsKey(item.key)) return Status::Internal("media " + std::to_string(id) + ": bad key");
  const std::string prefix = LibraryPrefix(item.key);
  BS_ASSIGN_OR_RETURN(int64_t uses, store_.CountMediaUses(prefix));
  if (uses > 0 && !force) {
    return Status::Conflict("This image is used in " + std::to_string(uses) +
                            (uses == 1 ? " place" : " places") +
                            " (articles, pages or bylines). Delete it anyway?");
  }
  // Record first: a failure after it leaves unreferenced files (harmless),
  // never a record whose files are gone.
  BS_RETURN_IF_ERROR(store_.DeleteMedia(id));
  std::error_code ec;
  fs::remove_all(fs::path(media_dir_) / prefix, ec);
  if (ec) return Status::Internal("remove " + prefix + ": " + ec.message());
  return Status::Ok();
}

}  // namespace media
