#include "crypto/keyring.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

namespace crypto {
namespace {

namespace fs = std::filesystem;

using KeyPtr = std::shared_ptr<const FieldKey>;

KeyPtr Share(FieldKey key) { return std::make_shared<const FieldKey>(std::move(key)); }

// Which file `path` is now: inode, size and modification time ("" if none).
// Rotation renames a new file over field.key, so the inode changes.
std::string FileStamp(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

Keyring::Keyring(std::shared_ptr<const Keys> keys, std::string dir,
                 std::optional<std::string> env_key)
    : dir_(std::move(dir)), env_key_(std::move(env_key)), keys_(std::move(keys)) {}

base::Result<std::shared_ptr<const Keyring::Keys>> Keyring::Read(
    const std::string& dir, const std::optional<std::string>& env_key) {
  auto keys = std::make_shared<Keys>();
  if (env_key) {
    auto key = FieldKey::FromBase64(*env_key);
    if (!key.ok()) return key.status().WithContext("BROADSIDE_FIELD_KEY");
    keys->keys.push_back(Share(std::move(key).value()));
  } else {
    const std::string path = (fs::path(dir) / kCurrentFile).string();
    auto key = FieldKey::FromFile(path);
    if (!key.ok()) return key.status();
    keys->keys.push_back(Share(std::move(key).value()));
  }

  // Retired keys, in name order so the ring is the same on every load.
  std::vector<fs::path> retired;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    return base::Status::Internal("cannot list key directory " + dir + ": " + ec.message());
  }
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(kRetiredPrefix) && name.ends_with(kRetiredSuffix)) {
      retired.push_back(it->path());
    }
  }
  std::sort(retired.begin(), retired.end());
  for (const fs::path& p : retired) {
    auto key = FieldKey::FromFile(p.string());
    if (!key.ok()) return key.status();
    const std::string name = p.filename().string();
    constexpr size_t kPrefixLen = sizeof kRetiredPrefix - 1, kSuffixLen = sizeof kRetiredSuffix - 1;
    const std::string named = name.substr(kPrefixLen, name.size() - kPrefixLen - kSuffixLen);
    if (named != key->id()) {
      return base::Status::InvalidArgument("key file " + p.string() + " holds key " + key->id() +
                                           ", not the " + named + " its name says");
    }
    // While a rotation runs, field.key and its retired link are one key:
    // hold it once. (Distinct keys never share an id: rotation draws again.)
    const bool held = std::any_of(keys->keys.begin(), keys->keys.end(),
                                  [&](const KeyPtr& k) { return k->id() == key->id(); });
    if (!held) keys->keys.push_back(Share(std::move(key).value()));
  }
  return std::shared_ptr<const Keys>(std::move(keys));
}

base::Result<std::unique_ptr<Keyring>> Keyring::Load(const std::string& dir,
                                                     std::chrono::milliseconds check_interval) {
  // The stamp first: if the file is replaced while it is read, the next
  // check sees a difference and reads again.
  std::string stamp = FileStamp((fs::path(dir) / kCurrentFile).string());
  BS_ASSIGN_OR_RETURN(std::shared_ptr<const Keys> keys, Read(dir, std::nullopt));
  auto ring = std::unique_ptr<Keyring>(new Keyring(std::move(keys), dir, std::nullopt));
  ring->file_stamp_ = std::move(stamp);
  ring->check_interval_ = check_interval;
  return ring;
}

base::Result<std::unique_ptr<Keyring>> Keyring::LoadWithKey(const std::string& dir,
                                                            std::string_view current_base64) {
  std::optional<std::string> env(std::string{current_base64});
  BS_ASSIGN_OR_RETURN(std::shared_ptr<const Keys> keys, Read(dir, env));
  return std::unique_ptr<Keyring>(new Keyring(std::move(keys), dir, std::move(env)));
}

std::unique_ptr<Keyring> Keyring::Of(FieldKey current, std::vector<FieldKey> retired) {
  auto keys = std::make_shared<Keys>();
  keys->keys.push_back(Share(std::move(current)));
  for (FieldKey& k : retired) keys->keys.push_back(Share(std::move(k)));
  return std::unique_ptr<Keyring>(new Keyring(std::move(keys), "", std::nullopt));
}

std::shared_ptr<const Keyring::Keys> Keyring::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return keys_;
}

std::string Keyring::CurrentId() const { return Snapshot()->keys.front()->id(); }

std::vector<std::string> Keyring::Ids() const {
  std::vector<std::string> out;
  for (const KeyPtr& k : Snapshot()->keys) out.push_back(k->id());
  return out;
}

void Keyring::ReloadIfReplaced() const {
  // A key given by environment variable changes only with a restart.
  if (dir_.empty() || env_key_) return;
  const std::string path = (fs::path(dir_) / kCurrentFile).string();
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = std::chrono::steady_clock::now();
    if (now - last_check_ < check_interval_) return;
    last_check_ = now;
  }
  std::string stamp = FileStamp(path);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stamp == file_stamp_ || stamp.empty()) return;
  }
  auto fresh = Read(dir_, env_key_);
  if (!fresh.ok()) return;  // keep sealing with the key we have; Open still works
  std::lock_guard<std::mutex> lock(mu_);
  keys_ = std::move(fresh).value();
  file_stamp_ = std::move(stamp);
}

base::Result<std::string> Keyring::Seal(std::string_view plaintext,
                                        std::string_view associated_data) const {
  ReloadIfReplaced();
  return crypto::Seal(*Snapshot()->keys.front(), plaintext, associated_data);
}

bool Keyring::IsCurrent(std::string_view sealed) const {
  return SealedKeyId(sealed) == Snapshot()->keys.front()->id();
}

base::Result<std::string> Keyring::Open(std::string_view sealed,
                                        std::string_view associated_data) const {
  const std::string id(SealedKeyId(sealed));
  std::shared_ptr<const Keys> keys = Snapshot();
  if (id.empty()) {
    // From before key ids: only trying tells which key sealed it.
    base::Status last = base::Status::InvalidArgument("no key");
    for (const KeyPtr& k : keys->keys) {
      auto opened = crypto::Open(*k, sealed, associated_data);
      if (opened.ok()) return opened;
      last = opened.status();
    }
    return last;
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    for (const KeyPtr& k : keys->keys) {
      if (k->id() == id) return crypto::Open(*k, sealed, associated_data);
    }
    if (attempt == 1 || dir_.empty()) break;
    // Perhaps a rotation on this or another node made a new current key.
    {
      std::lock_guard<std::mutex> lock(mu_);
      const auto now = std::chrono::steady_clock::now();
      if (now - last_reload_ < check_interval_) break;
      last_reload_ = now;
    }
    std::string stamp = FileStamp((fs::path(dir_) / kCurrentFile).string());
    auto fresh = Read(dir_, env_key_);
    if (!fresh.ok()) break;
    {
      std::lock_guard<std::mutex> lock(mu_);
      keys_ = *fresh;
      file_stamp_ = std::move(stamp);
    }
    keys = *fresh;
  }
  return base::Status::NotFound("no key " + id + " in the key ring (" +
                                (dir_.empty() ? std::string("fixed ring") : dir_) + ")");
}

base::Status Keyring::Reload() {
  if (dir_.empty()) return base::Status::Ok();
  std::string stamp = FileStamp((fs::path(dir_) / kCurrentFile).string());
  BS_ASSIGN_OR_RETURN(std::shared_ptr<const Keys> fresh, Read(dir_, env_key_));
  std::lock_guard<std::mutex> lock(mu_);
  keys_ = std::move(fresh);
  file_stamp_ = std::move(stamp);
  last_reload_ = std::chrono::steady_clock::now();
  return base::Status::Ok();
}

}  // namespace crypto
