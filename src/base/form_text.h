#pragma once
// Checks for what people type into public forms (the Mailbag's Ask form, the
// Join form, the donation page): pure functions, no I/O.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace base {

// Unicode code points in valid UTF-8 `s` (what a person calls "characters").
size_t CountCodePoints(std::string_view s);

// True when `s` holds a C0/C1 control character or DEL other than tab, LF
// and CR (which a textarea legitimately sends). REQUIRES: valid UTF-8.
bool HasControlCharacters(std::string_view s, bool allow_newlines);

// A trimmed address with a lower-cased domain, or nullopt unless it looks
// deliverable: one '@', local part 1..64 printable ASCII without spaces, a
// dotted domain of [A-Za-z0-9-] labels, at most 254 bytes. Deliberately
// simple: the confirmation mail is the real test.
std::optional<std::string> NormalizeEmail(std::string_view email);

// An absolute http(s) URL with a host and no whitespace or control
// characters, at most 2,000 bytes (the answer's embedded link).
bool IsHttpUrl(std::string_view url);


// True when `s` starts with `lower_prefix` ignoring ASCII case.
// REQUIRES: `lower_prefix` is lower-case.
bool StartsWithNoCase(std::string_view s, std::string_view lower_prefix);

}  // namespace base
