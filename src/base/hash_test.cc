#include "base/hash.h"

#include <gtest/gtest.h>

namespace base {
namespace {

TEST(HashTest, Fnv1a64KnownVectors) {
  // Reference values of 64-bit FNV-1a.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
}

TEST(HashTest, Fnv1a64UsesEveryByte) {
  EXPECT_NE(Fnv1a64("ab"), Fnv1a64("ba"));
  EXPECT_NE(Fnv1a64(std::string_view("a\0b", 3)), Fnv1a64("ab"));
  EXPECT_NE(Fnv1a64("\xff"), Fnv1a64("\x7f"));  // high bytes are not sign-extended away
}

TEST(HashTest, Hex64) {
  EXPECT_EQ(Hex64(0), "0000000000000000");
  EXPECT_EQ(Hex64(0xcbf29ce484222325ULL), "cbf29ce484222325");
  EXPECT_EQ(Hex64(~0ULL), "ffffffffffffffff");
  EXPECT_EQ(Hex64(0xABCULL), "0000000000000abc");
}

}  // namespace
}  // namespace base

namespace base {
namespace {

TEST(FastHash64Test, StableDistinctAndCoversEveryByte) {
  EXPECT_EQ(FastHash64("hello world"), FastHash64(std::string("hello world")));
  EXPECT_NE(FastHash64(""), FastHash64(std::string_view("\0", 1)));
  EXPECT_NE(FastHash64("abcdefgh"), FastHash64("abcdefgi"));  // last byte of a word
  EXPECT_NE(FastHash64("abcdefghi"), FastHash64("abcdefghj"));  // tail byte
  std::string page(20000, 'x');
  const uint64_t before = FastHash64(page);
  for (size_t at : {size_t{0}, size_t{7}, size_t{8}, size_t{9999}, size_t{19999}}) {
    std::string changed = page;
    changed[at] = 'y';
    EXPECT_NE(FastHash64(changed), before) << at;
  }
}

}  // namespace
}  // namespace base
