#include "bench/seed_text.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>

namespace bench {
namespace {

TEST(SeedTextTest, SameSeedSameTextOtherSeedOtherText) {
  const Vocabulary v = MakeVocabulary("en", 500);
  TextGenerator a(v, "en", 42), b(v, "en", 42), c(v, "en", 43);
  const std::string body = a.Body(5);
  EXPECT_EQ(body, b.Body(5));
  EXPECT_NE(body, c.Body(5));
}

TEST(SeedTextTest, VocabularyHasNoDuplicatesAndTheAskedTail) {
  for (const char* lang : {"en", "es"}) {
    const Vocabulary v = MakeVocabulary(lang, 2000);
    std::set<std::string> unique(v.words.begin(), v.words.end());
    EXPECT_EQ(unique.size(), v.words.size()) << lang;
    EXPECT_GT(v.words.size(), 2000u) << lang;
    EXPECT_LT(v.function_words, v.words.size()) << lang;
    EXPECT_EQ(v.cdf.size(), v.words.size()) << lang;
    EXPECT_DOUBLE_EQ(v.cdf.back(), 1.0) << lang;
  }
}

// Zipf-like: the top word is far more common than a mid-list one, and the
// long tail is still reached.
TEST(SeedTextTest, WordFrequenciesFallWithRank) {
  const Vocabulary v = MakeVocabulary("en", 3000);
  TextGenerator g(v, "en", 7);
  std::map<std::string, int> counts;
  constexpr int kDraws = 200000;
  for (int i = 0; i < kDraws; ++i) ++counts[g.Word()];
  EXPECT_GT(counts[v.words[0]], 10 * counts[v.words[100]]);
  int tail_hits = 0;
  for (size_t r = v.words.size() - 1000; r < v.words.size(); ++r) tail_hits += counts[v.words[r]];
  EXPECT_GT(tail_hits, 0);
}

TEST(SeedTextTest, ContentWordsAreNeverFunctionWords) {
  const Vocabulary v = MakeVocabulary("es", 100);
  std::set<std::string> function(v.words.begin(), v.words.begin() + v.function_words);
  TextGenerator g(v, "es", 1);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(function.count(g.ContentWord()), 0u);
}

TEST(SeedTextTest, SentencesAndQuestionsAreShapedAsTheySay) {
  const Vocabulary en = MakeVocabulary("en", 100), es = MakeVocabulary("es", 100);
  TextGenerator ge(en, "en", 3), gs(es, "es", 3);
  for (int i = 0; i < 50; ++i) {
    const std::string s = ge.Sentence(3, 5);
    ASSERT_FALSE(s.empty());
    EXPECT_TRUE(s[0] >= 'A' && s[0] <= 'Z') << s;
    EXPECT_EQ(s.back(), '.');
    const std::string q = gs.Question(3, 6);
    EXPECT_EQ(q.rfind("¿", 0), 0u) << q;
    EXPECT_EQ(q.back(), '?');
    const std::string t = ge.Title();
    std::istringstream words(t);
    int n = 0;
    for (std::string w; words >> w;) ++n;
    EXPECT_GE(n, 4) << t;  // collocations may add words, never remove them
  }
}

TEST(SeedTextTest, CapitalizeFirstTouchesOnlyAsciiLowercase) {
  EXPECT_EQ(CapitalizeFirst("union"), "Union");
  EXPECT_EQ(CapitalizeFirst("Union"), "Union");
  EXPECT_EQ(CapitalizeFirst(""), "");
  EXPECT_EQ(CapitalizeFirst("¿qué"), "¿qué");
}

}  // namespace
}  // namespace bench
