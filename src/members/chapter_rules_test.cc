#include "members/chapter_rules.h"

#include <gtest/gtest.h>

namespace members {
namespace {

store::Chapter C(int64_t id, std::vector<std::string> prefixes, std::vector<std::string> regions) {
  store::Chapter c;
  c.id = id;
  c.postal_prefixes = std::move(prefixes);
  c.regions = std::move(regions);
  return c;
}

TEST(ChapterRulesTest, LongestPostalPrefixThenRegion) {
  const std::vector<store::Chapter> chapters = {
      C(1, {"28"}, {"Madrid"}),
      C(2, {"280"}, {}),
      C(3, {"SW1A"}, {"Ñuñoa", "Greater London"}),
  };
  EXPECT_EQ(AssignChapter(chapters, "28001", ""), 2);
  EXPECT_EQ(AssignChapter(chapters, "28100", ""), 1);
  EXPECT_EQ(AssignChapter(chapters, "sw1a 1aa", ""), 3);
  EXPECT_EQ(AssignChapter(chapters, "99999", "madrid"), 1);
  EXPECT_EQ(AssignChapter(chapters, "", " nunoa "), 3);
  EXPECT_EQ(AssignChapter(chapters, "99999", "Lima"), std::nullopt);
  EXPECT_EQ(AssignChapter({}, "28001", "Madrid"), std::nullopt);
  EXPECT_EQ(NormalizePostalCode("SW1A-1AA "), "sw1a1aa");
}

}  // namespace
}  // namespace members
