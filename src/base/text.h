#pragma once
// Small text utilities shared by every module: UTF-8 validation, slugs,
// trimming, integer parsing that never throws.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace base {

bool IsValidUtf8(std::string_view s);

// Appends code point `cp` as UTF-8; NUL, surrogates and values past U+10FFFF
// become U+FFFD, so the output is always valid UTF-8 without NUL.
void AppendUtf8(std::string& out, char32_t cp);

// Lower-case ASCII slug: "¡Solidaridad con Cuba!" -> "solidaridad-con-cuba".
// Latin letters with accents are folded (á->a, ñ->n, ç->c, ß->ss); other
// characters become separators; runs of '-' collapse; at most 80 bytes, cut at a '-'.
// Returns "" when nothing usable remains.
std::string Slugify(std::string_view text);
// [a-z0-9]+(-[a-z0-9]+)*, 1..80 bytes.
bool IsValidSlug(std::string_view slug);

// Folds accents of Latin letters (U+00C0..U+017F, and drops combining marks
// U+0300..U+036F so decomposed text folds too) and lower-cases ASCII; other
// bytes pass through.
std::string FoldAccentsLower(std::string_view text);

// Strips ASCII whitespace from both ends. The result views `s`.
std::string_view Trim(std::string_view s);
// Every piece between separators, empty ones included: "a,,b" -> {"a","","b"},
// "" -> {""}. The pieces view `s`.
std::vector<std::string_view> Split(std::string_view s, char sep);

// Decimal int64 with no sign prefix other than '-', no spaces, no overflow.
std::optional<int64_t> ParseInt64(std::string_view s);

// Truncates to at most `max_bytes` at a UTF-8 boundary, preferring a word
// boundary, and appends "…" when it cut anything. The result, ellipsis
// included, is never longer than `max_bytes` (below 3 bytes there is no room
// for the ellipsis and the text is just cut).
std::string TruncateText(std::string_view s, size_t max_bytes);

// HTML-escapes & < > " ' (for the few places that build markup outside templates).
// Everything else, control characters included, passes through.
std::string EscapeHtml(std::string_view s);
// XML-escapes & < > " ' and drops characters not allowed in XML 1.0 (C0
// controls other than tab/LF/CR, U+FFFE/U+FFFF, and invalid UTF-8 bytes).
std::string EscapeXml(std::string_view s);

}  // namespace base
