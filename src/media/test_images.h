#pragma once
// Test images made with libvips itself, so the repository holds no binary
// fixtures. REQUIRES: a VipsRuntime is alive (test_main.cc).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "media/vips_util.h"

namespace media::testing {

using internal::ImageRef;

// Random grey noise (so JPEGs have real entropy), `bands` bands, 8 bits.
ImageRef Noise(int width, int height, int bands = 3);
// Every pixel equal to `pixel` (one value per band), 8 bits.
ImageRef Solid(int width, int height, const std::vector<double>& pixel);
// Left half black, right half white, one band.
ImageRef HalfBlackHalfWhite(int width, int height);
// `frames` stacked vertically with "page-height" set: an animation for
// gifsave/webpsave. All frames must have the same size.
ImageRef Animation(const std::vector<VipsImage*>& frames);

// Encodes with the saver for `suffix` (".jpg", ".png[compression=1]", ...).
std::string Save(VipsImage* image, const char* suffix);

// A JPEG carrying EXIF with a GPS position (and the given orientation), XMP
// and IPTC, all of which a re-load reports as metadata fields.
std::string JpegWithMetadata(VipsImage* image, int orientation);

// A PNG whose IHDR claims width x height but that holds almost no data.
std::string PngClaiming(uint32_t width, uint32_t height);

// Decodes `bytes` (any allowed format). The bytes must outlive the image.
ImageRef Load(const std::string& bytes);
// The image's metadata field names.
std::vector<std::string> Fields(VipsImage* image);
// The pixel at (x, y), one value per band.
std::vector<double> Pixel(VipsImage* image, int x, int y);

}  // namespace media::testing
