#pragma once
// The small "Mailbag" box on the home page and beside articles: the latest
// published answers, "See all answers" (/mailbag) and "Ask a question"
// (/mailbag/ask). Template keys: docs/THEMES.md, partials/mailbag_box.

#include <string_view>

#include "render/value.h"
#include "web/site.h"

namespace web {

// How many answers the box lists.
inline constexpr int kMailbagBoxItems = 3;
// Newest answers (any language) read on a multilingual site to choose from.
inline constexpr int kMailbagBoxWindow = 12;

// The box's data for a page in `lang`, or false (the template shows nothing)
// when the site has no Mailbag (deps.mailbag null), nothing is published, or
// the read fails: a sidebar must not break the page it sits on, so a store
// error is logged through deps.log_error and the box is hidden.
//
// Language: answers in `lang` come first; the remaining places go to the
// newest answers in other languages (each item carries its own lang), so a
// language with no answers yet still shows the box. The choice is made among
// the newest kMailbagBoxWindow answers of any language, read with one query
// that walks the top of the (status, published_at) index: filtering by
// language in SQL has no index to use and would scan every published row on
// each page view of a language with few answers. On a one-language site the
// query reads only kMailbagBoxItems rows.
//
// Cost: at most one store query per call; no caching (pages are served with
// ETags and "no-cache", and the query is bounded).
render::Value MailbagBox(const SiteDeps& deps, std::string_view lang);

}  // namespace web
