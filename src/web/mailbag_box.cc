// The Mailbag box (see mailbag_box.h).

#include "web/mailbag_box.h"

#include <string>
#include <vector>

#include "base/text.h"
#include "base/time_format.h"
#include "web/mailbag_pages.h"
#include "web/view_models.h"

namespace web {

using render::Value;

namespace {

// Short enough for a sidebar line or two on a phone.
constexpr size_t kQuestionExcerptBytes = 140;

// "Ana Ruiz, Ben Ode and Carla Diaz" as names with the separator that follows
// each, so the template needs no logic. Plain names: the box stays a short
// list of links, one per answer.
Value Names(const SiteDeps& d, const std::vector<store::Byline>& bylines, std::string_view lang) {
  Value list = Value::MakeList(bylines.size());
  for (size_t i = 0; i < bylines.size(); ++i) {
    std::string sep;
    if (i + 2 == bylines.size()) {
      sep = " " + std::string(d.catalog->Get(lang, "and")) + " ";
    } else if (i + 2 < bylines.size()) {
      sep = ", ";
    }
    list.Push(Value::MakeObject(2).Set("name", bylines[i].name).Set("sep", std::move(sep)));
  }
  return list;
}

Value Item(const SiteDeps& d, const store::PublishedQuestion& q, std::string_view lang) {
  Value v = Value::MakeObject(7);
  v.Set("url", "/mailbag/" + q.slug);
  v.Set("question_excerpt", base::TruncateText(q.question, kQuestionExcerptBytes));
  v.Set("lang", q.lang);
  v.Set("other_lang", q.lang != lang);
  v.Set("bylines", Names(d, q.bylines, lang));
  v.Set("date", LongDate(d, q.published_at, lang));
  v.Set("datetime", base::FormatRfc3339(q.published_at));
  return v;
}

// Up to kMailbagBoxItems of `newest` (newest first): those in `lang` first,
// then the others, each group keeping its order.
std::vector<const store::PublishedQuestion*> Choose(
    const std::vector<store::PublishedQuestion>& newest, std::string_view lang) {
  std::vector<const store::PublishedQuestion*> chosen;
  chosen.reserve(kMailbagBoxItems);
  for (const auto& q : newest) {
    if (chosen.size() == kMailbagBoxItems) break;
    if (q.lang == lang) chosen.push_back(&q);
  }
  for (const auto& q : newest) {
    if (chosen.size() == kMailbagBoxItems) break;
    if (q.lang != lang) chosen.push_back(&q);
  }
  return chosen;
}

}  // namespace

Value MailbagBox(const SiteDeps& d, std::string_view lang) {
  if (d.mailbag == nullptr || d.mailbag->mailbag == nullptr) return Value(false);
  const int wanted = d.site->languages.size() > 1 ? kMailbagBoxWindow : kMailbagBoxItems;
  base::Result<std::vector<store::PublishedQuestion>> newest = d.mailbag->mailbag->Latest(wanted);
  if (!newest.ok()) {
    if (d.log_error) d.log_error("mailbag box: " + newest.status().ToString());
    return Value(false);
  }
  if (newest->empty()) return Value(false);
  std::vector<const store::PublishedQuestion*> chosen = Choose(*newest, lang);
  Value items = Value::MakeList(chosen.size());
  for (const store::PublishedQuestion* q : chosen) items.Push(Item(d, *q, lang));
  return Value::MakeObject(3)
      .Set("items", std::move(items))
      .Set("all_url", "/mailbag")
      .Set("ask_url", lang == d.site->default_language
                          ? std::string("/mailbag/ask")
                          : "/mailbag/ask?lang=" + std::string(lang));
}

}  // namespace web
