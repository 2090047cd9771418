#include "media/test_images.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdlib>

namespace media::testing {
namespace {

void Check(int rc, const char* what) {
  if (rc == 0) return;
  ADD_FAILURE() << what << ": " << internal::TakeVipsError();
  std::abort();  // the tests cannot go on without their images
}

void AppendU32(std::string& out, uint32_t v) {
  out += static_cast<char>(v >> 24);
  out += static_cast<char>(v >> 16);
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

void AppendU16Le(std::string& out, uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}

void AppendU32Le(std::string& out, uint32_t v) {
  AppendU16Le(out, static_cast<uint16_t>(v & 0xffff));
  AppendU16Le(out, static_cast<uint16_t>(v >> 16));
}

// A PNG chunk: length, type, data, CRC-32 of type and data.
void AppendChunk(std::string& out, const char type[5], const std::string& data) {
  AppendU32(out, static_cast<uint32_t>(data.size()));
  const std::string body = std::string(type, 4) + data;
  out += body;
  AppendU32(out, static_cast<uint32_t>(
                     crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size())));
}

// One IFD entry (little-endian TIFF): tag, type, count, value-or-offset.
void Entry(std::string& out, uint16_t tag, uint16_t type, uint32_t count, uint32_t value) {
  AppendU16Le(out, tag);
  AppendU16Le(out, type);
  AppendU32Le(out, count);
  AppendU32Le(out, value);
}

// EXIF (APP1 payload) with IFD0 {Orientation, GPS pointer} and a GPS IFD
// holding 48°51'29"N 2°17'40"E.
std::string ExifWithGps(int orientation) {
  constexpr uint16_t kShort = 3, kLong = 4, kAscii = 2, kRational = 5;
  // Offsets are from the start of the TIFF header.
  constexpr uint32_t kIfd0 = 8;
  constexpr uint32_t kGpsIfd = kIfd0 + 2 + 2 * 12 + 4;     // 38
  constexpr uint32_t kLatData = kGpsIfd + 2 + 4 * 12 + 4;  // 92
  constexpr uint32_t kLonData = kLatData + 24;
  std::string tiff = "II*";
  tiff += '\0';
  AppendU32Le(tiff, kIfd0);
  AppendU16Le(tiff, 2);
  Entry(tiff, 0x0112, kShort, 1, static_cast<uint32_t>(orientation));
  Entry(tiff, 0x8825, kLong, 1, kGpsIfd);
  AppendU32Le(tiff, 0);
  AppendU16Le(tiff, 4);
  Entry(tiff, 0x0001, kAscii, 2, 'N');
  Entry(tiff, 0x0002, kRational, 3, kLatData);
  Entry(tiff, 0x0003, kAscii, 2, 'E');
  Entry(tiff, 0x0004, kRational, 3, kLonData);
  AppendU32Le(tiff, 0);
  for (uint32_t v : {48u, 1u, 51u, 1u, 29u, 1u, 2u, 1u, 17u, 1u, 40u, 1u}) AppendU32Le(tiff, v);
  return std::string("Exif\0\0", 6) + tiff;
}

void SetBlob(VipsImage* image, const char* field, const std::string& data) {
  vips_image_set_blob_copy(image, field, data.data(), data.size());
}

}  // namespace

ImageRef Noise(int width, int height, int bands) {
  ImageRef noise, grey, out;
  Check(vips_gaussnoise(noise.out(), width, height, "mean", 128.0, "sigma", 50.0, nullptr),
        "gaussnoise");
  Check(vips_cast_uchar(noise.get(), grey.out(), nullptr), "cast");
  if (bands == 1) return grey;
  std::vector<VipsImage*> copies(static_cast<size_t>(bands), grey.get());
  Check(vips_bandjoin(copies.data(), out.out(), bands, nullptr), "bandjoin");
  return out;
}

ImageRef Solid(int width, int height, const std::vector<double>& pixel) {
  ImageRef black, lit, out;
  const int bands = static_cast<int>(pixel.size());
  Check(vips_black(black.out(), width, height, "bands", bands, nullptr), "black");
  std::vector<double> ones(pixel.size(), 1.0);
  Check(vips_linear(black.get(), lit.out(), ones.data(), const_cast<double*>(pixel.data()), bands,
                    nullptr),
        "linear");
  ImageRef uchar;
  Check(vips_cast_uchar(lit.get(), uchar.out(), nullptr), "cast");
  const VipsInterpretation kind = bands >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
  Check(vips_copy(uchar.get(), out.out(), "interpretation", kind, nullptr), "copy");
  return out;
}

ImageRef HalfBlackHalfWhite(int width, int height) {
  ImageRef xyz, x, out;
  Check(vips_xyz(xyz.out(), width, height, nullptr), "xyz");
  Check(vips_extract_band(xyz.get(), x.out(), 0, nullptr), "extract");
  Check(vips_moreeq_const1(x.get(), out.out(), width / 2.0, nullptr), "moreeq");
  return out;
}

ImageRef Animation(const std::vector<VipsImage*>& frames) {
  ImageRef out;
  std::vector<VipsImage*> in = frames;
  Check(vips_arrayjoin(in.data(), out.out(), static_cast<int>(in.size()), "across", 1, nullptr),
        "arrayjoin");
  ImageRef copy;
  Check(vips_copy(out.get(), copy.out(), nullptr), "copy");
  vips_image_set_int(copy.get(), "page-height", vips_image_get_height(frames.front()));
  return copy;
}

std::string Save(VipsImage* image, const char* suffix) {
  void* data = nullptr;
  size_t size = 0;
  if (vips_image_write_to_buffer(image, suffix, &data, &size, nullptr) != 0) {
    ADD_FAILURE() << "save " << suffix << ": " << internal::TakeVipsError();
    return "";
  }
  return internal::TakeBuffer(data, size);
}

std::string JpegWithMetadata(VipsImage* image, int orientation) {
  ImageRef copy;
  Check(vips_copy(image, copy.out(), nullptr), "copy");
  SetBlob(copy.get(), VIPS_META_EXIF_NAME, ExifWithGps(orientation));
  vips_image_set_int(copy.get(), VIPS_META_ORIENTATION, orientation);
  SetBlob(copy.get(), VIPS_META_XMP_NAME,
          "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/"
          "02/22-rdf-syntax-ns#\"><rdf:Description xmlns:exif=\"http://ns.adobe.com/exif/1.0/\""
          " exif:GPSLatitude=\"48,51.48N\"/></rdf:RDF></x:xmpmeta>");
  // IPTC IIM: record 2, dataset 90 (City) = "Paris", in a Photoshop 8BIM block.
  std::string iim = "\x1c\x02\x5a";
  iim += '\0';
  iim += '\x05';
  iim += "Paris";
  std::string iptc = "Photoshop 3.0";
  iptc += '\0';
  iptc += "8BIM\x04\x04";
  iptc += '\0';
  iptc += '\0';
  AppendU32(iptc, static_cast<uint32_t>(iim.size()));
  iptc += iim;
  if (iim.size() % 2 == 1) iptc += '\0';
  SetBlob(copy.get(), VIPS_META_IPTC_NAME, iptc);
  return Save(copy.get(), ".jpg[Q=90]");
}

std::string PngClaiming(uint32_t width, uint32_t height) {
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  AppendU32(ihdr, width);
  AppendU32(ihdr, height);
  ihdr += '\x08';  // bit depth
  ihdr += '\x02';  // colour type: RGB
  ihdr += '\0';    // compression
  ihdr += '\0';    // filter
  ihdr += '\0';    // interlace
  AppendChunk(png, "IHDR", ihdr);
  // A few zero bytes, deflated: a start of image data, nowhere near enough.
  const std::string zeros(64, '\0');
  uLongf size = compressBound(zeros.size());
  std::string idat(size, '\0');
  compress(reinterpret_cast<Bytef*>(idat.data()), &size,
           reinterpret_cast<const Bytef*>(zeros.data()), zeros.size());
  idat.resize(size);
  AppendChunk(png, "IDAT", idat);
  AppendChunk(png, "IEND", "");
  return png;
}

ImageRef Load(const std::string& bytes) {
  ImageRef out;
  VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  if (image == nullptr) ADD_FAILURE() << "load: " << internal::TakeVipsError();
  return ImageRef(image);
}

std::vector<std::string> Fields(VipsImage* image) {
  std::vector<std::string> out;
  gchar** fields = vips_image_get_fields(image);
  for (gchar** f = fields; *f != nullptr; ++f) out.emplace_back(*f);
  g_strfreev(fields);
  return out;
}

std::vector<double> Pixel(VipsImage* image, int x, int y) {
  double* values = nullptr;
  int n = 0;
  if (vips_getpoint(image, &values, &n, x, y, nullptr) != 0) {
    ADD_FAILURE() << "getpoint: " << internal::TakeVipsError();
    return {};
  }
  std::vector<double> out(values, values + n);
  g_free(values);
  return out;
}

}  // namespace media::testing
