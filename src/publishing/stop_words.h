#pragma once
// Words too common to say what a text is about, in English and Spanish, for
// "looks like this text" searches (SearchService::Similar). Short on purpose:
// BM25 already weighs common words down; this list only keeps a draft's
// "what", "how", "the" and "que" from making every question look alike.

#include <string_view>

namespace publishing {

// True for a stop word. `folded_word` is already lower-cased with accents
// removed (FoldWord), so "Qué" arrives as "que".
bool IsStopWord(std::string_view folded_word);

}  // namespace publishing
