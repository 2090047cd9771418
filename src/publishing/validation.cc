#include "publishing/validation.h"

#include "base/text.h"

namespace publishing::internal {

using base::Status;

Status Field(std::string_view field, std::string_view reason) {
  std::string msg(field);
  msg += ": ";
  msg += reason;
  return Status::InvalidArgument(std::move(msg));
}

Status CheckText(const std::string& value, std::string_view field, size_t max_bytes,
                 bool required) {
  if (required && base::Trim(value).empty()) return Field(field, "required");
  if (value.size() > max_bytes) return Field(field, "too long");
  if (!base::IsValidUtf8(value)) return Field(field, "not valid UTF-8");
  return Status::Ok();
}

base::Result<std::string> ResolveSlug(const std::string& given, const std::string& from,
                                      std::string_view field) {
  if (!given.empty()) {
    if (!base::IsValidSlug(given)) return Field(field, "only a-z, 0-9 and '-'");
    return given;
  }
  std::string slug = base::Slugify(from);
  if (slug.empty()) return Field(field, "cannot be derived; give one explicitly");
  return slug;
}

Status CheckMediaPath(const std::string& path, std::string_view field) {
  if (path.empty()) return Status::Ok();
  if (path.find("..") != std::string::npos || path.front() == '/' ||
      path.find('\\') != std::string::npos || !base::IsValidUtf8(path)) {
    return Field(field, "invalid path");
  }
  return Status::Ok();
}

Status CheckImage(const store::FeatureImage& image) {
  if (!image.path.empty()) {
    BS_RETURN_IF_ERROR(CheckText(image.alt, "image_alt", kMaxDeckBytes, true));
    BS_RETURN_IF_ERROR(CheckMediaPath(image.path, "image"));
  }
  BS_RETURN_IF_ERROR(CheckText(image.caption, "image_caption", kMaxDeckBytes, false));
  BS_RETURN_IF_ERROR(CheckText(image.credit, "image_credit", kMaxTitleBytes, false));
  const std::string& url = image.credit_url;
  if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0)
    return Field("image_credit_url", "must be an http(s) URL");
  if (image.width < 0 || image.height < 0) return Field("image_size", "must not be negative");
  return Status::Ok();
}

Status CheckLang(const std::string& lang) {
  if (lang.size() < 2 || lang.size() > 5) return Field("lang", "not a language code");
  for (char c : lang) {
    if (!((c >= 'a' && c <= 'z') || c == '-')) return Field("lang", "not a language code");
  }
  return Status::Ok();
}

}  // namespace publishing::internal
