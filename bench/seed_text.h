#pragma once
// Deterministic pseudo-random English and Spanish text for the search
// benchmark's seed data (bench/seed_main.cc).
//
// Why not lorem ipsum: a full-text index is only benchmarked honestly when its
// posting lists look like real ones: a few words in nearly every document
// ("the", "de"), a middle band of topic words, and a long tail of words found
// in a handful. Words are therefore drawn with a Zipf-Mandelbrot distribution
// (weight 1 / (rank + 2.7)) over a vocabulary of a few hundred real words
// (function words first, then the vocabulary of a member-funded
// organization, including multi-word collocations such as "minimum wage" so
// quoted-phrase queries find something) followed by a few thousand
// pseudo-words built from syllables (the long tail).
//
// Same seed, same text, on every platform: the generator uses its own
// SplitMix64 and arithmetic, never std::*_distribution (whose output the
// standard leaves to the implementation).
//
// Not thread-safe: one generator per thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

// The vocabulary of one language, most frequent first. Entries may hold a
// space (a collocation, emitted as its words in order).
struct Vocabulary {
  std::vector<std::string> words;
  size_t function_words = 0;  // words[0, function_words) are articles, prepositions...
  std::vector<double> cdf;    // cumulative Zipf weights over words, last = 1.0
  std::vector<double> content_cdf;  // the same over words[function_words, end)
};

// "en" or "es"; anything else is treated as "en". `tail` pseudo-words are
// appended after the real ones. The same (lang, tail) always gives the same list.
Vocabulary MakeVocabulary(std::string_view lang, size_t tail = 3000);

// SplitMix64: tiny, fast, and fully specified.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next();
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return Unit() < p; }

 private:
  uint64_t state_;
};

class TextGenerator {
 public:
  // `vocab` must outlive the generator.
  TextGenerator(const Vocabulary& vocab, std::string_view lang, uint64_t seed);

  // One vocabulary entry, Zipf-distributed over the whole list.
  const std::string& Word();
  // The same over content words only (no "the", "of"): for titles and tags.
  const std::string& ContentWord();
  // A sentence of `min_words`..`max_words` words, capitalized, ending in '.'.
  std::string Sentence(int min_words, int max_words);
  // A question (English "How ... ?", Spanish "¿Cómo ... ?"), one sentence.
  std::string Question(int min_words, int max_words);
  // A headline: 4..9 content words, first letter capitalized, no final stop.
  std::string Title();
  // Markdown: `paragraphs` paragraphs of 2..6 sentences; now and then a word
  // in **bold**, a "## " subheading or a short bulleted list, as editors write.
  std::string Body(int paragraphs);

  Rng& rng() { return rng_; }

 private:
  const std::string& Pick(const std::vector<double>& cdf, size_t offset);

  const Vocabulary& vocab_;
  bool spanish_;
  Rng rng_;
};

// Upper-cases the first letter when it is ASCII (the vocabularies' openers
// are); other text is returned as is.
std::string CapitalizeFirst(std::string s);

}  // namespace bench
