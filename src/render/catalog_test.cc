#include "render/catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/temp_dir.h"

namespace render {
namespace {

namespace fs = std::filesystem;

constexpr char kSpanishPo[] = R"(msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "Read more"
msgstr "Leer más"

msgid "November"
msgstr "noviembre"

msgid "{day} {month} {year}"
msgstr "{day} de {month} de {year}"

msgid "{month} {year}"
msgstr "{month} de {year}"

msgid "one article"
msgid_plural "{n} articles"
msgstr[0] "un artículo"
msgstr[1] "{n} artículos"

msgid "Untranslated"
msgstr ""
)";

class CatalogTest : public ::testing::Test {
 protected:
  void WriteFile(const fs::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
  }
  std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Compiles `po` with msgfmt into DIR/<lang>.mo; returns the image.
  std::string CompileMo(const std::string& lang, const std::string& po,
                        const std::string& flags = "") {
    const fs::path po_path = dir_ / (lang + ".po");
    const fs::path mo_path = dir_ / (lang + ".mo");
    WriteFile(po_path, po);
    const std::string cmd = std::string(BROADSIDE_MSGFMT) + " " + flags + " -o '" +
                            mo_path.string() + "' '" + po_path.string() + "'";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    fs::remove(po_path);
    return ReadFile(mo_path);
  }

  test_support::TempDir tmp_{"bs-catalog"};
  fs::path dir_{tmp_.path()};
};

TEST_F(CatalogTest, LoadsMsgfmtOutput) {
  CompileMo("es", kSpanishPo);
  auto catalog = Catalog::LoadDir(dir_.string());
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_EQ(catalog->Get("es", "Read more"), "Leer más");
  EXPECT_EQ(catalog->Get("es", "one article"), "un artículo");  // first plural form
  EXPECT_EQ(catalog->Get("es", "Untranslated"), "Untranslated");
  EXPECT_EQ(catalog->Get("es", "Missing"), "Missing");
  EXPECT_EQ(catalog->Get("en", "Read more"), "Read more");
  EXPECT_EQ(catalog->Get("fr", "Read more"), "Read more");
  EXPECT_EQ(catalog->Get("es", ""), "");  // the header entry is not a translation
  EXPECT_TRUE(catalog->HasLanguage("es"));
  EXPECT_TRUE(catalog->HasLanguage("en"));
  EXPECT_FALSE(catalog->HasLanguage("fr"));
  EXPECT_EQ(catalog->Languages(), (std::vector<std::string>{"en", "es"}));
}

TEST_F(CatalogTest, BigEndianImage) {
  const std::string mo = CompileMo("de", kSpanishPo, "--endianness=big");
  ASSERT_GE(mo.size(), 4u);
  EXPECT_EQ(static_cast<unsigned char>(mo[0]), 0x95);  // really big-endian
  auto parsed = Catalog::ParseMo(mo);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->at("November"), "noviembre");
}

TEST_F(CatalogTest, EmptyCatalogFromHeaderOnlyPo) {
  CompileMo("es", "msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n");
  auto catalog = Catalog::LoadDir(dir_.string());
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_TRUE(catalog->HasLanguage("es"));
  EXPECT_EQ(catalog->Get("es", "Read more"), "Read more");
}

TEST_F(CatalogTest, IgnoresOtherFiles) {
  WriteFile(dir_ / "README", "not a catalog");
  auto catalog = Catalog::LoadDir(dir_.string());
  ASSERT_TRUE(catalog.ok());
  EXPECT_EQ(catalog->Languages(), (std::vector<std::string>{"en"}));
}

TEST_F(CatalogTest, MissingDirIsNotFound) {
  auto catalog = Catalog::LoadDir((dir_ / "nope").string());
  ASSERT_FALSE(catalog.ok());
  EXPECT_TRUE(catalog.status().IsNotFound());
}

TEST_F(CatalogTest, CorruptFileInDirIsInvalidArgument) {
  WriteFile(dir_ / "es.mo", "garbage that is long enough to have a header");
  auto catalog = Catalog::LoadDir(dir_.string());
  ASSERT_FALSE(catalog.ok());
  EXPECT_TRUE(catalog.status().IsInvalidArgument());
}

void PutWord(std::string& mo, size_t offset, uint32_t v) {
  for (int i = 0; i < 4; ++i) mo[offset + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

TEST_F(CatalogTest, CorruptImagesAreRejectedNotCrashed) {
  const std::string good = CompileMo("es", kSpanishPo);
  ASSERT_TRUE(Catalog::ParseMo(good).ok());

  // Every truncation of a valid image fails cleanly.
  for (size_t n = 0; n < good.size(); ++n) {
    auto parsed = Catalog::ParseMo(std::string_view(good).substr(0, n));
    ASSERT_FALSE(parsed.ok()) << "accepted truncation to " << n << " bytes";
    EXPECT_TRUE(parsed.status().IsInvalidArgument());
  }

  std::string bad_magic = good;
  bad_magic[0] = 'x';
  EXPECT_TRUE(Catalog::ParseMo(bad_magic).status().IsInvalidArgument());

  std::string huge_count = good;
  PutWord(huge_count, 8, 0xFFFFFFFF);
  EXPECT_TRUE(Catalog::ParseMo(huge_count).status().IsInvalidArgument());

  std::string table_outside = good;
  PutWord(table_outside, 12, 0xFFFFFFF0);
  EXPECT_TRUE(Catalog::ParseMo(table_outside).status().IsInvalidArgument());

  // First original-string descriptor: length and offset beyond the end.
  const uint32_t originals =
      static_cast<unsigned char>(good[12]) | static_cast<unsigned char>(good[13]) << 8;
  std::string long_string = good;
  PutWord(long_string, originals, 0xFFFFFFFF);
  EXPECT_TRUE(Catalog::ParseMo(long_string).status().IsInvalidArgument());
  std::string far_string = good;
  PutWord(far_string, originals + 4, 0xFFFFFFFE);
  EXPECT_TRUE(Catalog::ParseMo(far_string).status().IsInvalidArgument());

  std::string future_revision = good;
  PutWord(future_revision, 4, 0x00050000);
  EXPECT_TRUE(Catalog::ParseMo(future_revision).status().IsInvalidArgument());
}

TEST_F(CatalogTest, NonUtf8TranslationIsRejected) {
  // Hand-built little-endian image: one entry "a" -> "\xff".
  std::string mo(28 + 16, '\0');
  PutWord(mo, 0, 0x950412de);
  PutWord(mo, 8, 1);
  PutWord(mo, 12, 28);
  PutWord(mo, 16, 36);
  PutWord(mo, 28, 1);
  PutWord(mo, 32, 44);
  PutWord(mo, 36, 1);
  PutWord(mo, 40, 46);
  mo += std::string("a\0\xff\0", 4);
  EXPECT_TRUE(Catalog::ParseMo(mo).status().IsInvalidArgument());
  mo[46] = 'b';
  auto parsed = Catalog::ParseMo(mo);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  EXPECT_EQ(parsed->at("a"), "b");
}

TEST(DatesTest, EnglishAndSpanish) {
  Catalog catalog;
  catalog.AddForTest("es", "November", "noviembre");
  catalog.AddForTest("es", "{day} {month} {year}", "{day} de {month} de {year}");
  catalog.AddForTest("es", "{month} {year}", "{month} de {year}");
  EXPECT_EQ(FormatLongDate(catalog, "en", 2026, 11, 29), "29 November 2026");
  EXPECT_EQ(FormatMonthYear(catalog, "en", 2026, 11), "November 2026");
  EXPECT_EQ(FormatLongDate(catalog, "es", 2026, 11, 29), "29 de noviembre de 2026");
  EXPECT_EQ(FormatMonthYear(catalog, "es", 2026, 11), "noviembre de 2026");
  EXPECT_EQ(FormatLongDate(catalog, "en", 2026, 1, 5), "5 January 2026");
}

TEST(DatesTest, TranslatorMayReorderAndTyposStayVisible) {
  Catalog catalog;
  catalog.AddForTest("xx", "{day} {month} {year}", "{year}/{month}/{day} {oops}");
  EXPECT_EQ(FormatLongDate(catalog, "xx", 2026, 2, 3), "2026/February/3 {oops}");
  EXPECT_EQ(FormatMonthYear(catalog, "en", 2026, 13), "13 2026");  // out of range: no crash
}

}  // namespace
}  // namespace render
