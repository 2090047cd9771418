// English and Spanish stop words (see stop_words.h), folded like FoldWord.

#include "publishing/stop_words.h"

#include <algorithm>
#include <array>

namespace publishing {
namespace {

// Sorted (checked at compile time) for binary search. Folded: no accents, so
// "qué" and "que" are one entry. Includes a few words every Mailbag draft
// carries ("question", "pregunta", "hello", "gracias").
constexpr std::string_view kStopWords[] = {
    "a",        "about",     "after",    "again",    "al",      "algo",     "algun",  "alguna",
    "algunas",  "alguno",    "algunos",  "all",      "also",    "am",       "an",     "and",
    "ante",     "antes",     "any",      "aqui",     "are",     "as",       "asi",    "ask",
    "asking",   "at",        "aun",      "be",       "because", "been",     "before", "being",
    "but",      "by",        "cada",     "can",      "como",    "con",      "contra", "could",
    "cual",     "cuales",    "cuando",   "de",       "dear",    "del",      "desde",  "did",
    "do",       "does",      "doing",    "donde",    "done",    "dos",      "el",     "ella",
    "ellas",    "ellos",     "en",       "entre",    "era",     "eran",     "es",     "esa",
    "esas",     "ese",       "eso",      "esos",     "esta",    "estaba",   "estan",  "estar",
    "estas",    "este",      "esto",     "estos",    "favor",   "for",      "from",   "fue",
    "fueron",   "get",       "got",      "gracias",  "ha",      "habia",    "had",    "han",
    "has",      "hasta",     "have",     "having",   "hay",     "he",       "hello",  "her",
    "here",     "hers",      "hi",       "him",      "his",     "hola",     "how",    "i",
    "if",       "in",        "into",     "is",       "it",      "its",      "just",   "know",
    "la",       "las",       "le",       "les",      "lo",      "los",      "mas",    "me",
    "mi",       "mis",       "more",     "most",     "mucho",   "muy",      "my",     "nada",
    "ni",       "no",        "nos",      "nosotros", "not",     "now",      "o",      "of",
    "on",       "once",      "only",     "or",       "os",      "other",    "otra",   "otro",
    "our",      "ours",      "out",      "over",     "para",    "pero",     "please", "poco",
    "por",      "porque",    "pregunta", "que",      "querria", "question", "quien",  "quienes",
    "quisiera", "saber",     "se",       "sea",      "ser",     "she",      "should", "si",
    "sin",      "so",        "sobre",    "some",     "son",     "su",       "such",   "sus",
    "tambien",  "te",        "than",     "thank",    "thanks",  "that",     "the",    "their",
    "theirs",   "them",      "then",     "there",    "these",   "they",     "this",   "those",
    "tiene",    "tienen",    "to",       "todo",     "todos",   "too",      "tu",     "tus",
    "un",       "una",       "unas",     "under",    "uno",     "unos",     "up",     "us",
    "usted",    "ustedes",   "very",     "want",     "was",     "we",       "were",   "what",
    "when",     "where",     "which",    "while",    "who",     "whom",     "why",    "will",
    "with",     "wondering", "would",    "y",        "ya",      "yo",       "you",    "your",
    "yours",
};

static_assert(std::ranges::is_sorted(kStopWords), "kStopWords must stay sorted");

}  // namespace

bool IsStopWord(std::string_view folded_word) {
  return std::binary_search(std::begin(kStopWords), std::end(kStopWords), folded_word);
}

}  // namespace publishing
