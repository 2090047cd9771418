#pragma once
// Text checks for what visitors type into the Ask form. Pure functions, no
// I/O, so the web layer can run them again to point at the failing field.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/form_text.h"

namespace mailbag {

// The general form checks, under the names the Mailbag has always used.
using base::CountCodePoints;
using base::HasControlCharacters;
using base::IsHttpUrl;
using base::NormalizeEmail;

// Whitespace-separated words that look like links: containing "://" or
// starting with "www." (any case). Spam counts links; we cap them.
int CountLinks(std::string_view s);

// Folds accents and case, keeps letters and digits, and collapses everything
// else to single spaces: two questions differing only in spacing, case or
// punctuation normalize the same. Used for exact-duplicate detection.
std::string NormalizeForDuplicates(std::string_view question);

// A BCP 47-ish language code as we store it: 2-3 lower-case ASCII letters.
bool IsLangCode(std::string_view lang);

}  // namespace mailbag
