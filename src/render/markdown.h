#pragma once
// Markdown -> HTML with md4c (CommonMark + tables + strikethrough + autolinks).
// Raw HTML in the source is never passed through: it is escaped as text. Link
// and image URLs with schemes other than http, https, mailto or relative are
// dropped. Called once on save, never per request.

#include <string>
#include <string_view>

namespace render {

std::string MarkdownToHtml(std::string_view markdown);
// Plain text of the first paragraphs, markup stripped, cut to `max_bytes` at a
// word boundary with "…" — used to derive an excerpt when none is given.
std::string MarkdownExcerpt(std::string_view markdown, size_t max_bytes);

}  // namespace render
