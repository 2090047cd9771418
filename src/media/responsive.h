#pragma once
// What templates need to show a library image responsively: srcset strings
// for WebP (in a <source>) and JPEG (the <img> fallback), sizes, and the
// explicit width/height that keep the layout from jumping while it loads.
// Pure string work: no disk, no libvips.

#include <optional>
#include <string>
#include <string_view>

#include "store/media_store.h"
#include "store/publishing_store.h"

namespace media {

// Default `sizes`: the article column (--measure: 42rem) or the viewport.
inline constexpr char kDefaultSizes[] = "(min-width: 44rem) 42rem, 100vw";

struct ResponsiveImage {
  std::string src;          // "/media/lib/<key>/<largest>.jpg": the <img src>
  std::string srcset_webp;  // "/media/lib/<key>/480.webp 480w, /media/lib/<key>/960.webp 960w"
  std::string srcset_jpeg;  // the same widths as .jpg
  std::string sizes;
  int width = 0, height = 0;  // of the largest variant, from the FeatureImage
};

// For an image whose path is "lib/<key>/<largest>.jpg" (as FeatureImagePath
// makes it), the variants the library generated for it: the rungs of
// kVariantWidths below <largest>, then <largest>. width/height are copied from
// `image` (0 when the article does not know them). nullopt for any other path
// (demo images, external or malformed paths), which templates show plainly.
std::optional<ResponsiveImage> Responsive(const store::FeatureImage& image,
                                          std::string_view sizes = kDefaultSizes);

// The directory of an item relative to the media dir: "lib/<key>/". Also the
// prefix MediaStore::CountMediaUses looks for.
std::string LibraryPrefix(std::string_view key);

// The path an article or byline stores when it picks a library image:
// "lib/<key>/<largest width>.jpg".
std::string FeatureImagePath(const store::MediaItem& item);

}  // namespace media
