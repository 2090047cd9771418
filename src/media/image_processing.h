#pragma once
// Turning untrusted upload bytes into safe, web-ready variants. Pure: no disk,
// no database. REQUIRES: a VipsRuntime (vips_runtime.h) is alive.
//
// Safety choices (see README.md):
//  - The type comes from the content: libvips sniffs the bytes and only its
//    JPEG, PNG, WebP and GIF loaders are accepted, checked BEFORE any loading.
//    Extensions and client Content-Types are never consulted.
//  - Only the header is read before the size limits are checked, so a small
//    file claiming a huge image (a decompression bomb) is refused without
//    allocating its pixels.
//  - Loading fails on damaged or truncated data instead of returning grey.
//  - The EXIF orientation is applied, then ALL metadata (EXIF incl. GPS, XMP,
//    IPTC, ICC profiles, comments) is dropped: colours are converted to sRGB
//    first, so nothing depends on it.
//  - Animated GIF/WebP keep their first frame only.
//  - Output is re-encoded from pixels: nothing of the uploaded file (e.g. a
//    script appended to a JPEG) survives.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace media {

struct UploadLimits {
  size_t max_bytes = 20 << 20;      // of the upload
  int64_t max_pixels = 40'000'000;  // width x height, from the header
  int max_side = 12000;             // either side, from the header
};

// The widths every upload is offered at (never upscaled: an image narrower
// than a rung gets its own width instead of the rungs above it).
inline constexpr int kVariantWidths[] = {480, 960, 1600};

// The variant widths for an (upright) image `width` pixels wide, ascending:
// the rungs narrower than it, plus min(width, largest rung). 700 -> {480, 700};
// 3000 -> {480, 960, 1600}; 300 -> {300}. REQUIRES: width > 0.
std::vector<int> VariantWidthsFor(int width);

struct ImageHeader {
  std::string format;         // "jpeg", "png", "webp" or "gif"
  int width = 0, height = 0;  // as stored (first frame for animations)
  bool swaps_sides = false;   // the EXIF orientation turns it by 90 degrees
};

// Reads only the header: identifies the format by content and reports the
// stored size. InvalidArgument (user-presentable message) for empty input,
// anything that is not a JPEG, PNG, WebP or GIF, and unreadable headers.
base::Result<ImageHeader> ReadHeader(std::string_view bytes);

struct Variant {
  int width = 0, height = 0;
  std::string webp, jpeg;  // encoded bytes, no metadata; JPEG has alpha flattened on white
};

struct ProcessedImage {
  std::string format;             // of the upload, from ReadHeader
  int width = 0, height = 0;      // upright size of the upload
  std::vector<Variant> variants;  // ascending widths, as VariantWidthsFor(width)
};

// Decodes by content, refuses, autorotates, strips, resizes and encodes.
// InvalidArgument with a clear English message fit to show the uploader for
// every refusal: empty, larger than limits.max_bytes, not a JPEG/PNG/WebP/GIF
// (SVG, HTML, scripts, PDF, ...), more pixels or longer sides than the limits,
// damaged or truncated. Internal if encoding fails (our problem, not theirs).
// Thread-safe (libvips is); memory is roughly the largest variant, a few MB.
base::Result<ProcessedImage> ProcessUpload(std::string_view bytes, const UploadLimits& limits);

}  // namespace media
