#include "crypto/sealed.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/temp_dir.h"

namespace crypto {
namespace {

namespace fs = std::filesystem;

FieldKey NewKey() {
  base::Result<FieldKey> key = FieldKey::Generate();
  EXPECT_TRUE(key.ok()) << key.status().ToString();
  return std::move(key).value();
}

TEST(SealTest, RoundTrip) {
  const FieldKey key = NewKey();
  for (std::string_view plain : {std::string_view(""), std::string_view("ana@example.org"),
                                 std::string_view("Ñandú, 42 — calle\0x", 21)}) {
    base::Result<std::string> sealed = Seal(key, plain, "member:42:email");
    ASSERT_TRUE(sealed.ok()) << sealed.status().ToString();
    EXPECT_EQ(sealed->find(plain.empty() ? "\x01" : std::string(plain)), std::string::npos);
    base::Result<std::string> opened = Open(key, *sealed, "member:42:email");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, plain);
  }
}

TEST(SealTest, OutputIsUrlSafeBase64AndDiffersEachTime) {
  const FieldKey key = NewKey();
  base::Result<std::string> a = Seal(key, "same value", "ad");
  base::Result<std::string> b = Seal(key, "same value", "ad");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
  // "k" + the key's id + "." + URL-safe base64.
  const std::string prefix = "k" + key.id() + ".";
  ASSERT_EQ(a->substr(0, prefix.size()), prefix);
  EXPECT_EQ(a->find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", prefix.size()),
            std::string::npos);
  EXPECT_EQ(SealedKeyId(*a), key.id());
}

TEST(SealTest, KeyIdsNameKeysWithoutRevealingThem) {
  const FieldKey a = NewKey();
  const FieldKey b = NewKey();
  EXPECT_EQ(a.id().size(), 8u);
  EXPECT_EQ(a.id().find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a.id(), b.id());
  // The same key text always has the same id.
  base::Result<FieldKey> x = FieldKey::FromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
  base::Result<FieldKey> y =
      FieldKey::FromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n");
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  ASSERT_TRUE(y.ok()) << y.status().ToString();
  EXPECT_EQ(x->id(), y->id());
  // Not simply the key's first bytes in hex.
  EXPECT_NE(x->id(), "00010203");
}

TEST(SealTest, FromBase64RefusesMalformedTextWithoutEchoingIt) {
  for (const std::string text : {"", "c2VjcmV0", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=x"}) {
    base::Result<FieldKey> k = FieldKey::FromBase64(text);
    ASSERT_TRUE(k.status().IsInvalidArgument()) << text;
    if (!text.empty()) {
      EXPECT_EQ(k.status().message().find(text), std::string::npos);
    }
  }
}

TEST(SealTest, ValuesFromBeforeKeyIdsStillOpen) {
  const FieldKey key = NewKey();
  base::Result<std::string> sealed = Seal(key, "ana@example.org", "ad");
  ASSERT_TRUE(sealed.ok());
  const std::string legacy = sealed->substr(key.id().size() + 2);  // as sealed before ids
  EXPECT_EQ(SealedKeyId(legacy), "");
  base::Result<std::string> opened = Open(key, legacy, "ad");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, "ana@example.org");
  // A value naming another id is refused even if the rest would open.
  const std::string renamed = "k00000000." + legacy;
  EXPECT_TRUE(Open(key, renamed, "ad").status().IsInvalidArgument());
  // Malformed prefixes are not ids.
  EXPECT_EQ(SealedKeyId("kABCDEF01.x"), "");
  EXPECT_EQ(SealedKeyId("k0123456.x"), "");
  EXPECT_EQ(SealedKeyId("k01234567x"), "");
}

TEST(SealTest, TamperingDetected) {
  const FieldKey key = NewKey();
  base::Result<std::string> sealed = Seal(key, "ana@example.org", "ad");
  ASSERT_TRUE(sealed.ok());
  for (size_t pos : {size_t{0}, size_t{20}, sealed->size() / 2, sealed->size() - 2}) {
    std::string bad = *sealed;
    bad[pos] = bad[pos] == 'A' ? 'B' : 'A';
    EXPECT_TRUE(Open(key, bad, "ad").status().IsInvalidArgument()) << pos;
  }
  EXPECT_TRUE(Open(key, sealed->substr(0, sealed->size() - 1), "ad").status().IsInvalidArgument());
  EXPECT_TRUE(Open(key, *sealed + "A", "ad").status().IsInvalidArgument());
  EXPECT_TRUE(Open(key, "", "ad").status().IsInvalidArgument());
  EXPECT_TRUE(Open(key, "short", "ad").status().IsInvalidArgument());
  EXPECT_TRUE(Open(key, "not base64 at all!!", "ad").status().IsInvalidArgument());
}

TEST(SealTest, WrongKeyOrAssociatedDataRefused) {
  const FieldKey key = NewKey();
  const FieldKey other = NewKey();
  base::Result<std::string> sealed = Seal(key, "ana@example.org", "member:42:email");
  ASSERT_TRUE(sealed.ok());
  EXPECT_TRUE(Open(other, *sealed, "member:42:email").status().IsInvalidArgument());
  EXPECT_TRUE(Open(key, *sealed, "member:43:email").status().IsInvalidArgument());
  EXPECT_TRUE(Open(key, *sealed, "").status().IsInvalidArgument());
}

TEST(SealTest, MovedFromKeyRefused) {
  FieldKey key = NewKey();
  base::Result<std::string> sealed = Seal(key, "x", "ad");
  ASSERT_TRUE(sealed.ok());
  FieldKey moved = std::move(key);
  EXPECT_FALSE(key.valid());  // NOLINT(bugprone-use-after-move): testing exactly that
  EXPECT_TRUE(moved.valid());
  EXPECT_TRUE(Seal(key, "x", "ad").status().IsInvalidArgument());
  EXPECT_TRUE(Open(key, *sealed, "ad").status().IsInvalidArgument());
  base::Result<std::string> opened = Open(moved, *sealed, "ad");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "x");
  // Move-assignment frees the old key and takes the new one.
  FieldKey third = NewKey();
  third = std::move(moved);
  EXPECT_TRUE(Open(third, *sealed, "ad").ok());
}

TEST(BlindIndexTest, DeterministicPerKeyAndDifferentAcrossKeys) {
  const FieldKey k1 = NewKey();
  const FieldKey k2 = NewKey();
  const std::string a = BlindIndex(k1, "ana@example.org");
  EXPECT_EQ(a, BlindIndex(k1, "ana@example.org"));
  ASSERT_EQ(a.size(), 64u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, BlindIndex(k2, "ana@example.org"));
  EXPECT_NE(a, BlindIndex(k1, "ana@example.com"));
}

class KeyFileTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name = "field.key") const { return (dir_ / name).string(); }
  void Write(const std::string& path, const std::string& text, mode_t mode) {
    std::ofstream(path, std::ios::binary) << text;
    ASSERT_EQ(::chmod(path.c_str(), mode), 0);
  }

  test_support::TempDir tmp_{"bs-crypto"};
  fs::path dir_{tmp_.path()};
};

constexpr const char* kValidKeyB64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";  // bytes 0..31

TEST_F(KeyFileTest, WrittenWithMode0600AndLoads) {
  ASSERT_TRUE(FieldKey::WriteNewKeyFile(Path()).ok());
  struct stat st;
  ASSERT_EQ(::stat(Path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 45);  // 44 base64 characters and '\n'
  base::Result<FieldKey> a = FieldKey::FromFile(Path());
  base::Result<FieldKey> b = FieldKey::FromFile(Path());
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok());
  // Same file, same key: what one seals the other opens.
  base::Result<std::string> sealed = Seal(*a, "hello", "ad");
  ASSERT_TRUE(sealed.ok());
  base::Result<std::string> opened = Open(*b, *sealed, "ad");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "hello");
  EXPECT_EQ(BlindIndex(*a, "x"), BlindIndex(*b, "x"));
}

TEST_F(KeyFileTest, TwoNewKeyFilesHoldDifferentKeys) {
  ASSERT_TRUE(FieldKey::WriteNewKeyFile(Path("a.key")).ok());
  ASSERT_TRUE(FieldKey::WriteNewKeyFile(Path("b.key")).ok());
  base::Result<FieldKey> a = FieldKey::FromFile(Path("a.key"));
  base::Result<FieldKey> b = FieldKey::FromFile(Path("b.key"));
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(BlindIndex(*a, "x"), BlindIndex(*b, "x"));
}

TEST_F(KeyFileTest, WriteNewKeyFileRefusesToOverwrite) {
  Write(Path(), "precious", 0600);
  EXPECT_TRUE(FieldKey::WriteNewKeyFile(Path()).IsConflict());
  std::ifstream in(Path());
  std::string contents((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(contents, "precious");
  EXPECT_TRUE(FieldKey::WriteNewKeyFile((dir_ / "missing" / "k").string()).IsNotFound());
}

TEST_F(KeyFileTest, LoadsHandWrittenKeyWithOrWithoutNewline) {
  Write(Path("nl.key"), std::string(kValidKeyB64) + "\n", 0600);
  Write(Path("bare.key"), kValidKeyB64, 0400);
  base::Result<FieldKey> a = FieldKey::FromFile(Path("nl.key"));
  base::Result<FieldKey> b = FieldKey::FromFile(Path("bare.key"));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(BlindIndex(*a, "v"), BlindIndex(*b, "v"));
}

TEST_F(KeyFileTest, GroupOrOtherReadableRefused) {
  for (mode_t mode : {0644, 0640, 0604, 0660, 0606}) {
    Write(Path(), std::string(kValidKeyB64) + "\n", mode);
    base::Result<FieldKey> key = FieldKey::FromFile(Path());
    ASSERT_FALSE(key.ok()) << std::oct << mode;
    EXPECT_EQ(key.status().code(), base::StatusCode::kPermissionDenied) << std::oct << mode;
    EXPECT_NE(key.status().message().find(Path()), std::string::npos);
  }
}

TEST_F(KeyFileTest, MissingFileIsNotFound) {
  EXPECT_TRUE(FieldKey::FromFile(Path("nope.key")).status().IsNotFound());
}

TEST_F(KeyFileTest, MalformedKeyFilesRefused) {
  const std::string valid = kValidKeyB64;
  const std::string cases[] = {
      "",
      "\n",
      valid.substr(0, 43),                                // truncated
      valid + "\n\n",                                     // two newlines
      valid + "A",                                        // trailing junk
      " " + valid,                                        // leading space
      valid + "\r\n",                                     // CRLF
      valid.substr(0, 20) + "*" + valid.substr(21),       // bad character
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh-_",     // URL-safe alphabet
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8AAA==", // 34 bytes
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxw=",         // 28 bytes
  };
  for (const std::string& text : cases) {
    Write(Path(), text, 0600);
    EXPECT_TRUE(FieldKey::FromFile(Path()).status().IsInvalidArgument()) << "'" << text << "'";
  }
  EXPECT_TRUE(FieldKey::FromFile(dir_.string()).status().IsInvalidArgument());  // a directory
}

}  // namespace
}  // namespace crypto
