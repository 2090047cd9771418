#pragma once
// Input checks shared by the reader-facing and the editorial services. Every
// failure is InvalidArgument with a message that starts with the field name
// ("title: required"), so the admin can put it next to that field.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/publishing_store.h"

namespace publishing::internal {

inline constexpr size_t kMaxTitleBytes = 300;
inline constexpr size_t kMaxDeckBytes = 600;
inline constexpr size_t kMaxBodyBytes = 512 * 1024;
inline constexpr size_t kExcerptBytes = 280;
inline constexpr size_t kMaxTagBytes = 100;

// InvalidArgument("<field>: <reason>").
base::Status Field(std::string_view field, std::string_view reason);

// Valid UTF-8, at most `max_bytes`, and not blank when `required`.
base::Status CheckText(const std::string& value, std::string_view field, size_t max_bytes,
                       bool required);

// `given` when present (it must be a valid slug), else derived from `from`.
base::Result<std::string> ResolveSlug(const std::string& given, const std::string& from,
                                      std::string_view field);

// A relative media path: no "..", no leading '/', no backslash; empty is fine.
base::Status CheckMediaPath(const std::string& path, std::string_view field);

// Feature image: alt required with a path, http(s) credit URL, sizes >= 0.
base::Status CheckImage(const store::FeatureImage& image);

// 2..5 bytes of [a-z] and '-' ("en", "pt-br").
base::Status CheckLang(const std::string& lang);

}  // namespace publishing::internal
