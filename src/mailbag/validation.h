#pragma once
// Text checks for what visitors type into the Ask form. Pure functions, no
// I/O, so the web layer can run them again to point at the failing field.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace mailbag {

// Unicode code points in valid UTF-8 `s` (what a person calls "characters").
size_t CountCodePoints(std::string_view s);

// True when `s` holds a C0/C1 control character or DEL other than tab, LF
// and CR (which a textarea legitimately sends). REQUIRES: valid UTF-8.
bool HasControlCharacters(std::string_view s, bool allow_newlines);

// Whitespace-separated words that look like links: containing "://" or
// starting with "www." (any case). Spam counts links; we cap them.
int CountLinks(std::string_view s);

// A trimmed address with a lower-cased domain, or nullopt unless it looks
// deliverable: one '@', local part 1..64 printable ASCII without spaces, a
// dotted domain of [A-Za-z0-9-] labels, at most 254 bytes. Deliberately
// simple: the confirmation mail is the real test.
std::optional<std::string> NormalizeEmail(std::string_view email);

// Folds accents and case, keeps letters and digits, and collapses everything
// else to single spaces: two questions differing only in spacing, case or
// punctuation normalize the same. Used for exact-duplicate detection.
std::string NormalizeForDuplicates(std::string_view question);

// An absolute http(s) URL with a host and no whitespace or control
// characters, at most 2,000 bytes (the answer's embedded link).
bool IsHttpUrl(std::string_view url);

// A BCP 47-ish language code as we store it: 2-3 lower-case ASCII letters.
bool IsLangCode(std::string_view lang);

}  // namespace mailbag
