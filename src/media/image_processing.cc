#include "media/image_processing.h"

#include <vips/vips.h>

#include <algorithm>

#include "media/vips_util.h"

namespace media {
namespace {

using base::Result;
using base::Status;
using internal::ImageRef;
using internal::TakeBuffer;
using internal::TakeVipsError;

constexpr char kEmpty[] = "The file is empty.";
constexpr char kNotAnImage[] = "This file is not a JPEG, PNG, WebP or GIF image.";
constexpr char kDamaged[] = "The image is damaged or incomplete and cannot be read.";

constexpr int kWebpQuality = 80;
constexpr int kJpegQuality = 82;

// The uploader sees the message; libvips' own words go nowhere (they name
// internals and add nothing a person could act on).
Status Damaged() {
  vips_error_clear();
  return Status::InvalidArgument(kDamaged);
}

std::string TooManyBytes(size_t max_bytes) {
  if (max_bytes % (1 << 20) == 0)
    return "The image is larger than " + std::to_string(max_bytes >> 20) + " MiB.";
  return "The image is larger than " + std::to_string(max_bytes) + " bytes.";
}

std::string TooManyPixels(const UploadLimits& limits) {
  return "The image is too large: at most " + std::to_string(limits.max_side) +
         " pixels on a side and " + std::to_string(limits.max_pixels / 1'000'000) +
         " megapixels in all.";
}

// Our format name for the loader libvips picked by sniffing, or "" if uploads
// may not use it. libvips 8.14 reports the class name; the nicknames are
// accepted too in case a later version reports those.
std::string FormatOfLoader(std::string_view loader) {
  if (loader == "VipsForeignLoadJpegBuffer" || loader == "jpegload_buffer") return "jpeg";
  if (loader == "VipsForeignLoadPngBuffer" || loader == "pngload_buffer") return "png";
  if (loader == "VipsForeignLoadWebpBuffer" || loader == "webpload_buffer") return "webp";
  if (loader == "VipsForeignLoadNsgifBuffer" || loader == "gifload_buffer") return "gif";
  return "";
}

// Opens `bytes` with the named format's own loader (never a sniffing one), so
// the loader that runs is the one checked. libvips reads only the header now;
// pixels are decoded when first needed. The bytes must outlive `out`.
int OpenWith(const std::string& format, std::string_view bytes, VipsImage** out) {
  // libvips' loaders take a non-const pointer but only read the buffer.
  void* data = const_cast<char*>(bytes.data());
  if (format == "jpeg")
    return vips_jpegload_buffer(data, bytes.size(), out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
  if (format == "png")
    return vips_pngload_buffer(data, bytes.size(), out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
  if (format == "webp")
    return vips_webpload_buffer(data, bytes.size(), out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
  if (format == "gif")
    return vips_gifload_buffer(data, bytes.size(), out, "fail_on", VIPS_FAIL_ON_ERROR, nullptr);
  return -1;
}

// 8-bit sRGB (with alpha if it had one), computed into memory: this is where
// the upload's pixels are actually decoded, so damage shows up here.
Result<ImageRef> Normalize(VipsImage* in) {
  ImageRef srgb, uchar;
  if (vips_colourspace(in, srgb.out(), VIPS_INTERPRETATION_sRGB, nullptr) != 0 ||
      vips_cast_uchar(srgb.get(), uchar.out(), nullptr) != 0) {
    return Damaged();
  }
  ImageRef memory(vips_image_copy_memory(uchar.get()));
  if (memory.get() == nullptr) {
    return Damaged();
  }
  return memory;
}

uint32_t ReadU32Le(std::string_view b, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(b[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(b[at + 3])) << 24;
}

void WriteU32Le(std::string& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

// Removes the EXIF, XMP and ICC chunks of a WebP file and clears their flags
// in VP8X. libvips 8.14.1's webpsave ignores `strip` and always writes EXIF,
// so we do not rely on it: the output is checked, not trusted.
Result<std::string> StripWebp(std::string_view in) {
  constexpr uint8_t kIccFlag = 0x20, kExifFlag = 0x08, kXmpFlag = 0x04;
  if (in.size() < 12 || in.substr(0, 4) != "RIFF" || in.substr(8, 4) != "WEBP" ||
      ReadU32Le(in, 4) != in.size() - 8) {
    return Status::Internal("webpsave: not a RIFF WebP file");
  }
  std::string out(in.substr(0, 12));
  size_t at = 12;
  while (at < in.size()) {
    if (in.size() - at < 8) return Status::Internal("webpsave: truncated chunk header");
    const std::string_view fourcc = in.substr(at, 4);
    const size_t size = ReadU32Le(in, at + 4);
    const size_t padded = size + (size & 1);
    if (in.size() - at - 8 < padded) return Status::Internal("webpsave: truncated chunk");
    if (fourcc != "EXIF" && fourcc != "XMP " && fourcc != "ICCP") {
      const size_t start = out.size();
      out.append(in.substr(at, 8 + padded));
      if (fourcc == "VP8X" && size >= 1) {
        out[start + 8] = static_cast<char>(static_cast<uint8_t>(out[start + 8]) &
                                           ~(kIccFlag | kExifFlag | kXmpFlag));
      }
    }
    at += 8 + padded;
  }
  WriteU32Le(out, 4, static_cast<uint32_t>(out.size() - 8));
  return out;
}

Result<std::string> EncodeWebp(VipsImage* image) {
  void* data = nullptr;
  size_t size = 0;
  if (vips_webpsave_buffer(image, &data, &size, "Q", kWebpQuality, "strip", TRUE, nullptr) != 0)
    return Status::Internal("webpsave: " + TakeVipsError());
  return StripWebp(TakeBuffer(data, size));
}

// Drops every metadata field (EXIF, XMP, IPTC, ICC, comments, orientation,
// ...) from an image we own, so no saver can write them whatever it does
// with `strip`. The core header fields are not metadata and stay.
void DropMetadata(VipsImage* image) {
  static constexpr std::string_view kCore[] = {"width",  "height",         "bands",   "format",
                                               "coding", "interpretation", "xoffset", "yoffset",
                                               "xres",   "yres",           "filename"};
  gchar** fields = vips_image_get_fields(image);
  for (gchar** f = fields; *f != nullptr; ++f) {
    if (std::find(std::begin(kCore), std::end(kCore), std::string_view(*f)) == std::end(kCore))
      vips_image_remove(image, *f);
  }
  g_strfreev(fields);
}

// JPEG has no alpha: transparent areas become white, as on our pages.
Result<std::string> EncodeJpeg(VipsImage* image) {
  ImageRef flat;
  if (vips_image_hasalpha(image)) {
    VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
    int rc = vips_flatten(image, flat.out(), "background", white, nullptr);
    vips_area_unref(VIPS_AREA(white));
    if (rc != 0) return Status::Internal("flatten: " + TakeVipsError());
    image = flat.get();
  }
  void* data = nullptr;
  size_t size = 0;
  if (vips_jpegsave_buffer(image, &data, &size, "Q", kJpegQuality, "strip", TRUE, "optimize_coding",
                           TRUE, "interlace", TRUE, nullptr) != 0)
    return Status::Internal("jpegsave: " + TakeVipsError());
  return TakeBuffer(data, size);
}

Result<Variant> Encode(VipsImage* image) {
  Variant v;
  v.width = vips_image_get_width(image);
  v.height = vips_image_get_height(image);
  BS_ASSIGN_OR_RETURN(v.webp, EncodeWebp(image));
  BS_ASSIGN_OR_RETURN(v.jpeg, EncodeJpeg(image));
  return v;
}

}  // namespace

std::vector<int> VariantWidthsFor(int width) {
  std::vector<int> out;
  for (int rung : kVariantWidths) {
    if (rung < width) out.push_back(rung);
  }
  const int largest = std::min(width, kVariantWidths[std::size(kVariantWidths) - 1]);
  if (out.empty() || out.back() != largest) out.push_back(largest);
  return out;
}

Result<ImageHeader> ReadHeader(std::string_view bytes) {
  if (bytes.empty()) return Status::InvalidArgument(kEmpty);
  // Sniffs the first bytes only; nothing is decoded yet.
  const char* loader = vips_foreign_find_load_buffer(bytes.data(), bytes.size());
  if (loader == nullptr) {
    vips_error_clear();
    return Status::InvalidArgument(kNotAnImage);
  }
  ImageHeader h;
  h.format = FormatOfLoader(loader);
  if (h.format.empty()) return Status::InvalidArgument(kNotAnImage);
  ImageRef image;
  if (OpenWith(h.format, bytes, image.out()) != 0) {
    return Damaged();
  }
  h.width = vips_image_get_width(image.get());
  h.height = vips_image_get_height(image.get());
  h.swaps_sides = vips_image_get_orientation_swap(image.get());
  return h;
}

Result<ProcessedImage> ProcessUpload(std::string_view bytes, const UploadLimits& limits) {
  if (bytes.size() > limits.max_bytes)
    return Status::InvalidArgument(TooManyBytes(limits.max_bytes));
  BS_ASSIGN_OR_RETURN(ImageHeader header, ReadHeader(bytes));
  if (header.width > limits.max_side || header.height > limits.max_side ||
      int64_t{header.width} * header.height > limits.max_pixels) {
    return Status::InvalidArgument(TooManyPixels(limits));
  }

  ProcessedImage out;
  out.format = header.format;
  out.width = header.swaps_sides ? header.height : header.width;
  out.height = header.swaps_sides ? header.width : header.height;
  const std::vector<int> widths = VariantWidthsFor(out.width);

  // The largest variant straight from the upload: thumbnail shrinks while
  // decoding where it can (JPEG, WebP), applies the EXIF orientation and
  // takes the first frame of an animation. Its loader is the one ReadHeader
  // approved: the same bytes sniff the same way, and all others are blocked.
  ImageRef largest;
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), largest.out(),
                            widths.back(), "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                            // thumbnail's own "fail_on" is not passed to the
                            // loader in libvips 8.14; the option string is.
                            "option_string", "fail_on=error", nullptr) != 0) {
    return Damaged();
  }
  BS_ASSIGN_OR_RETURN(ImageRef top, Normalize(largest.get()));
  largest = ImageRef();
  DropMetadata(top.get());

  // Smaller variants from the decoded largest one, already upright.
  for (int width : widths) {
    if (width == widths.back()) {
      BS_ASSIGN_OR_RETURN(Variant v, Encode(top.get()));
      out.variants.push_back(std::move(v));
      continue;
    }
    ImageRef small;
    if (vips_thumbnail_image(top.get(), small.out(), width, "height", VIPS_MAX_COORD, "size",
                             VIPS_SIZE_DOWN, "no_rotate", TRUE, nullptr) != 0) {
      return Status::Internal("resize: " + TakeVipsError());
    }
    BS_ASSIGN_OR_RETURN(Variant v, Encode(small.get()));
    out.variants.push_back(std::move(v));
  }
  return out;
}

}  // namespace media
