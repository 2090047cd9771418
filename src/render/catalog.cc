#include "render/catalog.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>

#include "base/text.h"

namespace render {
namespace {

constexpr uint32_t kMoMagic = 0x950412de;
constexpr uint32_t kMoMagicSwapped = 0xde120495;
constexpr size_t kMoHeaderBytes = 20;  // magic, revision, count, two table offsets

// Reads 32-bit words of a .mo image in the byte order its magic announced.
class MoReader {
 public:
  MoReader(std::string_view bytes, bool swapped) : bytes_(bytes), swapped_(swapped) {}

  // REQUIRES: offset + 4 <= size (checked by callers).
  uint32_t Word(size_t offset) const {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes_.data() + offset);
    if (swapped_) {
      return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
    }
    return uint32_t{p[3]} << 24 | uint32_t{p[2]} << 16 | uint32_t{p[1]} << 8 | uint32_t{p[0]};
  }

  // The string described by the (length, offset) descriptor at `desc`; nullopt
  // when the descriptor or the string lies outside the image.
  std::optional<std::string_view> String(uint64_t desc) const {
    if (desc + 8 > bytes_.size()) return std::nullopt;
    const uint64_t length = Word(desc);
    const uint64_t offset = Word(desc + 4);
    // The terminating NUL is not counted in `length` but must be present.
    if (offset + length + 1 > bytes_.size() || bytes_[offset + length] != '\0') {
      return std::nullopt;
    }
    return bytes_.substr(offset, length);
  }

 private:
  std::string_view bytes_;
  bool swapped_;
};

// For plural entries the msgid is "singular\0plural" and the msgstr holds the
// forms separated by NULs: we key on the singular and keep the first form.
std::string_view FirstPart(std::string_view s) { return s.substr(0, s.find('\0')); }

}  // namespace

base::Result<std::unordered_map<std::string, std::string>> Catalog::ParseMo(
    std::string_view bytes) {
  if (bytes.size() < kMoHeaderBytes) return base::Status::InvalidArgument("truncated .mo header");
  const MoReader native(bytes, false);
  const uint32_t magic = native.Word(0);
  if (magic != kMoMagic && magic != kMoMagicSwapped) {
    return base::Status::InvalidArgument("not a .mo file (bad magic)");
  }
  const MoReader mo(bytes, magic == kMoMagicSwapped);
  const uint32_t revision = mo.Word(4);
  if ((revision >> 16) > 1) return base::Status::InvalidArgument("unsupported .mo revision");
  const uint64_t count = mo.Word(8);
  const uint64_t originals = mo.Word(12);
  const uint64_t translations = mo.Word(16);
  if (originals + count * 8 > bytes.size() || translations + count * 8 > bytes.size()) {
    return base::Status::InvalidArgument("string table outside the .mo file");
  }
  std::unordered_map<std::string, std::string> out;
  out.reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    auto msgid = mo.String(originals + i * 8);
    auto msgstr = mo.String(translations + i * 8);
    if (!msgid || !msgstr) {
      return base::Status::InvalidArgument("string " + std::to_string(i) + " outside the .mo file");
    }
    const std::string_view id = FirstPart(*msgid);
    const std::string_view str = FirstPart(*msgstr);
    if (id.empty() || str.empty()) continue;  // the header entry; untranslated
    if (!base::IsValidUtf8(str) || !base::IsValidUtf8(id)) {
      return base::Status::InvalidArgument("string " + std::to_string(i) + " is not UTF-8");
    }
    out.emplace(id, str);
  }
  return out;
}

base::Result<Catalog> Catalog::LoadDir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return base::Status::NotFound("no locale directory " + dir);
  Catalog catalog;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != ".mo" || !it->is_regular_file(ec)) continue;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in) return base::Status::Unavailable("cannot read " + path.string());
    auto parsed = ParseMo(buffer.str());
    if (!parsed.ok()) return parsed.status().WithContext(path.string());
    Messages& messages = catalog.langs_[path.stem().string()];
    for (auto& [id, str] : *parsed) messages.emplace(id, std::move(str));
  }
  if (ec) return base::Status::Unavailable("cannot list " + dir + ": " + ec.message());
  return catalog;
}

std::string_view Catalog::Get(std::string_view lang, std::string_view msgid) const {
  auto lang_it = langs_.find(lang);
  if (lang_it == langs_.end()) return msgid;
  auto it = lang_it->second.find(msgid);
  if (it == lang_it->second.end()) return msgid;
  return it->second;
}

bool Catalog::HasLanguage(std::string_view lang) const {
  return lang == "en" || langs_.find(lang) != langs_.end();
}

std::vector<std::string> Catalog::Languages() const {
  std::vector<std::string> out;
  out.reserve(langs_.size() + 1);
  for (const auto& [lang, unused] : langs_) out.push_back(lang);
  if (!langs_.contains("en")) out.push_back("en");
  std::sort(out.begin(), out.end());
  return out;
}

void Catalog::AddForTest(const std::string& lang, const std::string& msgid,
                         const std::string& msgstr) {
  langs_[lang][msgid] = msgstr;
}

}  // namespace render
