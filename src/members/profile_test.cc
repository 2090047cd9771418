#include "members/profile.h"

#include <gtest/gtest.h>

#include "members/indexer.h"

namespace members {
namespace {

TEST(ProfileTest, JsonRoundTripAndSealingBoundToTheMember) {
  Profile p;
  p.first_name = "Ana \"la\" <b>";
  p.last_name = "Ruiz";
  p.email = "ana@example.org";
  p.postal_code = "28001";
  p.answers = {{"union", "CCOO"}, {"interests", "vivienda\nsanidad"}};
  p.lang = "es";
  auto back = ProfileFromJson(ProfileToJson(p));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, p);
  for (const char* bad : {"", "[]", "{}", "{\"first_name\":1}", "not json"}) {
    EXPECT_TRUE(ProfileFromJson(bad).status().IsInvalidArgument()) << bad;
  }

  std::unique_ptr<crypto::Keyring> ring = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
  auto sealed = SealProfile(*ring, p, "ref-1");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("Ruiz"), std::string::npos);
  EXPECT_EQ(OpenProfile(*ring, *sealed, "ref-1").value(), p);
  // A profile copied onto another member's row does not open.
  EXPECT_TRUE(OpenProfile(*ring, *sealed, "ref-2").status().IsInvalidArgument());
}

TEST(IndexerTest, EmailsMatchWhateverTheCaseAndNamesByFoldedWords) {
  crypto::FieldKey key = crypto::FieldKey::Generate().value();
  crypto::FieldKey other = crypto::FieldKey::Generate().value();
  Indexer ix(key), ox(other);
  EXPECT_EQ(ix.EmailIndex("Ana@Example.org"), ix.EmailIndex(" ana@example.ORG"));
  EXPECT_NE(ix.EmailIndex("ana@example.org"), ix.EmailIndex("ana2@example.org"));
  EXPECT_NE(ix.EmailIndex("ana@example.org"), ox.EmailIndex("ana@example.org"));
  EXPECT_EQ(NameWords("José-María  O'Neil josé"),
            (std::vector<std::string>{"jose", "maria", "o", "neil"}));
  EXPECT_EQ(ix.NameTokens("JOSÉ"), ix.NameTokens("jose"));
  EXPECT_EQ(ix.NameTokens("Ana Ruiz").size(), 2u);
  EXPECT_EQ(ix.NameTokens("Ana Ruiz")[0].size(), 16u);
  EXPECT_TRUE(ix.NameTokens(" -- ").empty());
}

}  // namespace
}  // namespace members
