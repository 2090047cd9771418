#include "http/gzip.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <optional>
#include <string>

namespace http {
namespace {

// Inflates a gzip member with zlib; nullopt if it is not valid gzip.
std::optional<std::string> Gunzip(const std::string& in) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[4096];
  int rc = Z_OK;
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

TEST(GzipTest, RoundTripsText) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "Broadside publishes member-funded journalism. ";
  const std::string gz = GzipCompress(text);
  ASSERT_FALSE(gz.empty());
  EXPECT_LT(gz.size(), text.size());
  // gzip magic bytes: this is the gzip wrapper, not raw zlib.
  EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8b);
  EXPECT_EQ(Gunzip(gz), text);
}

TEST(GzipTest, RoundTripsEmptyAndBinary) {
  EXPECT_EQ(Gunzip(GzipCompress("")), "");
  std::string binary;
  for (int i = 0; i < 70000; ++i) binary.push_back(static_cast<char>((i * 7919) % 251));
  EXPECT_EQ(Gunzip(GzipCompress(binary)), binary);
}

TEST(GzipTest, TruncatedOutputDoesNotInflate) {
  const std::string gz = GzipCompress(std::string(1000, 'a'));
  EXPECT_FALSE(Gunzip(gz.substr(0, gz.size() - 4)).has_value());
}

}  // namespace
}  // namespace http
