// ProcessUpload and ReadHeader on images made by libvips in the test.

#include "media/image_processing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "media/test_images.h"

namespace media {
namespace {

using testing::ImageRef;

// Metadata fields that could identify a place, a person or a device.
bool IsIdentifying(const std::string& field) {
  return field.starts_with("exif-") || field == VIPS_META_XMP_NAME ||
         field == VIPS_META_IPTC_NAME || field == VIPS_META_ICC_NAME ||
         field == VIPS_META_PHOTOSHOP_NAME || field == "jpeg-comment" ||
         field.starts_with("png-comment") || field == VIPS_META_ORIENTATION;
}

std::vector<std::string> IdentifyingFields(VipsImage* image) {
  std::vector<std::string> out;
  for (const std::string& f : testing::Fields(image)) {
    if (IsIdentifying(f)) out.push_back(f);
  }
  return out;
}

// The FourCCs of a WebP file's RIFF chunks ("VP8 ", "VP8X", "EXIF", "XMP "...).
// Looking at the chunk list, not at raw bytes: compressed noise can contain
// any three letters by chance.
std::vector<std::string> WebpChunks(const std::string& webp) {
  std::vector<std::string> out;
  size_t pos = 12;  // "RIFF" size "WEBP"
  while (pos + 8 <= webp.size()) {
    out.push_back(webp.substr(pos, 4));
    uint32_t size = 0;
    for (int i = 3; i >= 0; --i) size = (size << 8) | static_cast<unsigned char>(webp[pos + 4 + i]);
    pos += 8 + size + (size & 1);
  }
  return out;
}

// The marker bytes of a JPEG's segments before the image data (0xE1 = APP1,
// where Exif and XMP live; 0xED = APP13, IPTC).
std::vector<int> JpegSegments(const std::string& jpeg) {
  std::vector<int> out;
  size_t pos = 2;  // after SOI
  while (pos + 4 <= jpeg.size() && static_cast<unsigned char>(jpeg[pos]) == 0xFF) {
    const int marker = static_cast<unsigned char>(jpeg[pos + 1]);
    if (marker == 0xDA) break;  // start of scan: entropy-coded data follows
    out.push_back(marker);
    const size_t len = (static_cast<size_t>(static_cast<unsigned char>(jpeg[pos + 2])) << 8) |
                       static_cast<unsigned char>(jpeg[pos + 3]);
    pos += 2 + len;
  }
  return out;
}

bool Has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::vector<int> Widths(const ProcessedImage& p) {
  std::vector<int> out;
  for (const Variant& v : p.variants) out.push_back(v.width);
  return out;
}

// Every variant: both encodings decode, to the declared size, in the right
// format, with no identifying metadata left.
void ExpectGoodVariants(const ProcessedImage& p) {
  for (const Variant& v : p.variants) {
    SCOPED_TRACE(v.width);
    auto webp = ReadHeader(v.webp);
    ASSERT_TRUE(webp.ok()) << webp.status().ToString();
    EXPECT_EQ(webp->format, "webp");
    auto jpeg = ReadHeader(v.jpeg);
    ASSERT_TRUE(jpeg.ok()) << jpeg.status().ToString();
    EXPECT_EQ(jpeg->format, "jpeg");
    for (const std::string* bytes : {&v.webp, &v.jpeg}) {
      ImageRef image = testing::Load(*bytes);
      ASSERT_NE(image.get(), nullptr);
      EXPECT_EQ(vips_image_get_width(image.get()), v.width);
      EXPECT_EQ(vips_image_get_height(image.get()), v.height);
      EXPECT_EQ(IdentifyingFields(image.get()), std::vector<std::string>{});
    }
  }
}

TEST(VariantWidthsTest, NeverUpscales) {
  EXPECT_EQ(VariantWidthsFor(3000), (std::vector<int>{480, 960, 1600}));
  EXPECT_EQ(VariantWidthsFor(1600), (std::vector<int>{480, 960, 1600}));
  EXPECT_EQ(VariantWidthsFor(1200), (std::vector<int>{480, 960, 1200}));
  EXPECT_EQ(VariantWidthsFor(960), (std::vector<int>{480, 960}));
  EXPECT_EQ(VariantWidthsFor(700), (std::vector<int>{480, 700}));
  EXPECT_EQ(VariantWidthsFor(480), (std::vector<int>{480}));
  EXPECT_EQ(VariantWidthsFor(300), (std::vector<int>{300}));
  EXPECT_EQ(VariantWidthsFor(1), (std::vector<int>{1}));
}

TEST(ProcessUploadTest, JpegGetsTheWholeLadder) {
  ImageRef noise = testing::Noise(2000, 1500);
  auto p = ProcessUpload(testing::Save(noise.get(), ".jpg"), {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->format, "jpeg");
  EXPECT_EQ(p->width, 2000);
  EXPECT_EQ(p->height, 1500);
  EXPECT_EQ(Widths(*p), (std::vector<int>{480, 960, 1600}));
  EXPECT_EQ(p->variants[0].height, 360);
  EXPECT_EQ(p->variants[2].height, 1200);
  ExpectGoodVariants(*p);
}

TEST(ProcessUploadTest, NarrowPngIsNotUpscaled) {
  ImageRef noise = testing::Noise(700, 350);
  auto p = ProcessUpload(testing::Save(noise.get(), ".png"), {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->format, "png");
  EXPECT_EQ(Widths(*p), (std::vector<int>{480, 700}));
  EXPECT_EQ(p->variants[0].height, 240);
  EXPECT_EQ(p->variants[1].height, 350);
  ExpectGoodVariants(*p);
}

TEST(ProcessUploadTest, TinyImageKeepsItsSize) {
  ImageRef noise = testing::Noise(40, 30, 1);
  auto p = ProcessUpload(testing::Save(noise.get(), ".webp"), {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->format, "webp");
  EXPECT_EQ(Widths(*p), (std::vector<int>{40}));
  EXPECT_EQ(p->variants[0].height, 30);
  ExpectGoodVariants(*p);
}

TEST(ProcessUploadTest, TransparencyKeptInWebpAndWhiteInJpeg) {
  ImageRef clear = testing::Solid(600, 400, {0, 0, 0, 0});  // transparent black
  auto p = ProcessUpload(testing::Save(clear.get(), ".png"), {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ExpectGoodVariants(*p);
  const Variant& v = p->variants.back();
  ImageRef webp = testing::Load(v.webp);
  ASSERT_EQ(vips_image_get_bands(webp.get()), 4);
  EXPECT_LT(testing::Pixel(webp.get(), 10, 10)[3], 5);
  ImageRef jpeg = testing::Load(v.jpeg);
  ASSERT_EQ(vips_image_get_bands(jpeg.get()), 3);
  EXPECT_GT(testing::Pixel(jpeg.get(), 10, 10)[0], 250);
}

TEST(ProcessUploadTest, AnimatedGifKeepsTheFirstFrame) {
  ImageRef black = testing::Solid(500, 200, {0, 0, 0});
  ImageRef white = testing::Solid(500, 200, {255, 255, 255});
  ImageRef animation = testing::Animation({black.get(), white.get()});
  const std::string gif = testing::Save(animation.get(), ".gif");
  auto p = ProcessUpload(gif, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->format, "gif");
  EXPECT_EQ(p->width, 500);
  EXPECT_EQ(p->height, 200);
  EXPECT_EQ(Widths(*p), (std::vector<int>{480, 500}));
  ExpectGoodVariants(*p);
  ImageRef first = testing::Load(p->variants.back().jpeg);
  EXPECT_LT(testing::Pixel(first.get(), 250, 100)[0], 10);
}

TEST(ProcessUploadTest, AnimatedWebpKeepsTheFirstFrame) {
  ImageRef white = testing::Solid(300, 100, {255, 255, 255});
  ImageRef black = testing::Solid(300, 100, {0, 0, 0});
  ImageRef animation = testing::Animation({white.get(), black.get()});
  auto p = ProcessUpload(testing::Save(animation.get(), ".webp"), {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->format, "webp");
  EXPECT_EQ(p->height, 100);
  ImageRef first = testing::Load(p->variants.back().jpeg);
  EXPECT_GT(testing::Pixel(first.get(), 150, 50)[0], 245);
}

TEST(ProcessUploadTest, StripsGpsExifXmpAndIptc) {
  ImageRef noise = testing::Noise(1000, 800);
  const std::string jpeg = testing::JpegWithMetadata(noise.get(), 1);
  {
    // The input really carries what must go.
    ImageRef input = testing::Load(jpeg);
    const std::vector<std::string> fields = testing::Fields(input.get());
    EXPECT_TRUE(Has(fields, "exif-ifd3-GPSLatitude")) << ::testing::PrintToString(fields);
    EXPECT_TRUE(Has(fields, VIPS_META_XMP_NAME));
    EXPECT_TRUE(Has(fields, VIPS_META_IPTC_NAME));
    // ...and the segment walk below sees it.
    const std::vector<int> segments = JpegSegments(jpeg);
    EXPECT_GE(std::count(segments.begin(), segments.end(), 0xE1), 1);
    EXPECT_GE(std::count(segments.begin(), segments.end(), 0xED), 1);
  }
  auto p = ProcessUpload(jpeg, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  ExpectGoodVariants(*p);  // includes: no exif-*, xmp, iptc, icc in any variant
  for (const Variant& v : p->variants) {
    const std::vector<int> segments = JpegSegments(v.jpeg);
    EXPECT_FALSE(segments.empty());  // the walk found the header
    EXPECT_EQ(std::count(segments.begin(), segments.end(), 0xE1), 0);  // no Exif/XMP
    EXPECT_EQ(std::count(segments.begin(), segments.end(), 0xED), 0);  // no IPTC
    EXPECT_EQ(v.jpeg.find("Paris"), std::string::npos);
    EXPECT_EQ(v.jpeg.find("xmpmeta"), std::string::npos);
    const std::vector<std::string> chunks = WebpChunks(v.webp);
    EXPECT_FALSE(chunks.empty());
    EXPECT_FALSE(Has(chunks, "EXIF")) << ::testing::PrintToString(chunks);
    EXPECT_FALSE(Has(chunks, "XMP ")) << ::testing::PrintToString(chunks);
  }
}

TEST(ProcessUploadTest, AppliesTheExifOrientation) {
  // Stored 400x200, left half black; orientation 6 = turn 90 degrees clockwise
  // to view, so the upright picture is 200x400 with the black half on top.
  ImageRef stored = testing::HalfBlackHalfWhite(400, 200);
  const std::string jpeg = testing::JpegWithMetadata(stored.get(), 6);
  auto header = ReadHeader(jpeg);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->width, 400);
  EXPECT_TRUE(header->swaps_sides);

  auto p = ProcessUpload(jpeg, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->width, 200);
  EXPECT_EQ(p->height, 400);
  ASSERT_EQ(Widths(*p), (std::vector<int>{200}));
  EXPECT_EQ(p->variants[0].height, 400);
  ExpectGoodVariants(*p);
  for (const std::string* bytes : {&p->variants[0].jpeg, &p->variants[0].webp}) {
    ImageRef upright = testing::Load(*bytes);
    EXPECT_LT(testing::Pixel(upright.get(), 100, 50)[0], 30);
    EXPECT_GT(testing::Pixel(upright.get(), 100, 350)[0], 225);
  }
}

TEST(ProcessUploadTest, TruncatedJpegIsRefused) {
  ImageRef noise = testing::Noise(1000, 800);
  const std::string jpeg = testing::Save(noise.get(), ".jpg");
  ASSERT_TRUE(ProcessUpload(jpeg, {}).ok());
  const std::string truncated = jpeg.substr(0, jpeg.size() / 2);
  ASSERT_TRUE(ReadHeader(truncated).ok());  // the header is intact; the data is not
  EXPECT_TRUE(ProcessUpload(truncated, {}).status().IsInvalidArgument());
}

TEST(ProcessUploadTest, TruncatedPngIsRefused) {
  ImageRef noise = testing::Noise(800, 600);
  const std::string png = testing::Save(noise.get(), ".png");
  EXPECT_TRUE(ProcessUpload(png.substr(0, png.size() / 2), {}).status().IsInvalidArgument());
}

TEST(ProcessUploadTest, NonImagesAreRefused) {
  const std::string php = "<?php system($_GET['cmd']); ?>\n";
  const std::string html =
      "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>";
  const std::string svg =
      "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" "
      "height=\"100\"><script>alert(1)</script><rect width=\"100\" height=\"100\"/></svg>";
  const std::string pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n";
  const std::string text(5000, 'a');
  for (const std::string* bytes : {&php, &html, &svg, &pdf, &text}) {
    SCOPED_TRACE(bytes->substr(0, 20));
    EXPECT_TRUE(ReadHeader(*bytes).status().IsInvalidArgument());
    EXPECT_TRUE(ProcessUpload(*bytes, {}).status().IsInvalidArgument());
  }
}

TEST(VipsRuntimeTest, OtherLoadersAreBlockedProcessWide) {
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"></svg>";
  // libvips 8.14 still sniffs it as SVG (ReadHeader refuses that name); the
  // loader itself must refuse to run.
  VipsImage* image = nullptr;
  EXPECT_NE(vips_svgload_buffer(const_cast<char*>(svg.data()), svg.size(), &image, nullptr), 0);
  if (image != nullptr) g_object_unref(image);
  vips_error_clear();
}

TEST(ProcessUploadTest, ScriptAppendedToAJpegDoesNotSurvive) {
  ImageRef noise = testing::Noise(600, 400);
  const std::string polyglot = testing::Save(noise.get(), ".jpg") + "<?php system('id'); ?>";
  auto p = ProcessUpload(polyglot, {});
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  for (const Variant& v : p->variants) {
    EXPECT_EQ(v.jpeg.find("<?php"), std::string::npos);
    EXPECT_EQ(v.webp.find("<?php"), std::string::npos);
  }
}

TEST(ProcessUploadTest, DecompressionBombIsRefusedFromItsHeader) {
  const std::string bomb = testing::PngClaiming(100000, 100000);
  EXPECT_LT(bomb.size(), 200u);
  auto header = ReadHeader(bomb);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->format, "png");
  EXPECT_EQ(header->width, 100000);
  EXPECT_EQ(header->height, 100000);
  EXPECT_TRUE(ProcessUpload(bomb, {}).status().IsInvalidArgument());
}

TEST(ProcessUploadTest, LimitsOnSidesAndPixels) {
  // A long thin strip: few pixels, one side too long.
  ImageRef strip = testing::Solid(12001, 2, {10, 20, 30});
  EXPECT_TRUE(ProcessUpload(testing::Save(strip.get(), ".png"), {}).status().IsInvalidArgument());
  ImageRef ok = testing::Solid(12000, 2, {10, 20, 30});
  EXPECT_TRUE(ProcessUpload(testing::Save(ok.get(), ".png"), {}).ok());

  ImageRef noise = testing::Noise(300, 200);
  const std::string jpeg = testing::Save(noise.get(), ".jpg");
  UploadLimits few_pixels;
  few_pixels.max_pixels = 300 * 200 - 1;
  EXPECT_TRUE(ProcessUpload(jpeg, few_pixels).status().IsInvalidArgument());
  few_pixels.max_pixels = 300 * 200;
  EXPECT_TRUE(ProcessUpload(jpeg, few_pixels).ok());
}

TEST(ProcessUploadTest, EmptyAndOversizedInputsAreRefused) {
  EXPECT_TRUE(ProcessUpload("", {}).status().IsInvalidArgument());
  EXPECT_TRUE(ReadHeader("").status().IsInvalidArgument());

  const std::string huge((20 << 20) + 1, '\xff');
  EXPECT_TRUE(ProcessUpload(huge, {}).status().IsInvalidArgument());

  ImageRef noise = testing::Noise(300, 200);
  const std::string jpeg = testing::Save(noise.get(), ".jpg");
  UploadLimits small;
  small.max_bytes = jpeg.size() - 1;
  EXPECT_TRUE(ProcessUpload(jpeg, small).status().IsInvalidArgument());
  small.max_bytes = jpeg.size();
  EXPECT_TRUE(ProcessUpload(jpeg, small).ok());
}

}  // namespace
}  // namespace media
