#include "media/responsive.h"

#include <charconv>

#include "media/image_processing.h"

namespace media {
namespace {

constexpr std::string_view kLib = "lib/";

bool IsLowerHex(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Parses "<digits>.jpg" into the width, or 0.
int WidthOfFile(std::string_view file) {
  constexpr std::string_view kJpg = ".jpg";
  if (file.size() <= kJpg.size() || file.substr(file.size() - kJpg.size()) != kJpg) return 0;
  std::string_view digits = file.substr(0, file.size() - kJpg.size());
  if (digits.size() > 5 || digits.front() == '0') return 0;
  int width = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), width);
  if (ec != std::errc() || end != digits.data() + digits.size()) return 0;
  return width;
}

}  // namespace

std::string LibraryPrefix(std::string_view key) {
  return std::string(kLib) + std::string(key) + "/";
}

std::string FeatureImagePath(const store::MediaItem& item) {
  const int largest = item.widths.empty() ? item.width : item.widths.back();
  return LibraryPrefix(item.key) + std::to_string(largest) + ".jpg";
}

std::optional<ResponsiveImage> Responsive(const store::FeatureImage& image,
                                          std::string_view sizes) {
  std::string_view path = image.path;
  if (path.substr(0, kLib.size()) != kLib) return std::nullopt;
  path.remove_prefix(kLib.size());
  const size_t slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view key = path.substr(0, slash);
  const int largest = WidthOfFile(path.substr(slash + 1));
  constexpr int kTop = kVariantWidths[std::size(kVariantWidths) - 1];
  if (!IsLowerHex(key) || largest <= 0 || largest > kTop) return std::nullopt;

  const std::string base = "/media/" + LibraryPrefix(key);
  ResponsiveImage r;
  r.src = base + std::to_string(largest) + ".jpg";
  for (int w : VariantWidthsFor(largest)) {
    const std::string stem = base + std::to_string(w);
    const std::string descriptor = " " + std::to_string(w) + "w";
    if (!r.srcset_webp.empty()) {
      r.srcset_webp += ", ";
      r.srcset_jpeg += ", ";
    }
    r.srcset_webp += stem + ".webp" + descriptor;
    r.srcset_jpeg += stem + ".jpg" + descriptor;
  }
  r.sizes = std::string(sizes);
  r.width = image.width;
  r.height = image.height;
  return r;
}

}  // namespace media
