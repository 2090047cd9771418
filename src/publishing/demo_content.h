#pragma once
// The texts of the demo site (see demo_site.h): a fictional member-funded
// organization, the Broadside Workers' Alliance. Plain data; demo_site.cc
// turns it into service calls. Everything here is invented — any resemblance
// to a real organization is accidental — and every link points at example.org.

#include <string_view>
#include <vector>

#include "store/publishing_store.h"

namespace publishing::demo {

struct DemoSection {
  std::string_view slug, name, description;
};

struct DemoByline {
  std::string_view slug, name;
  store::BylineKind kind = store::BylineKind::kPerson;
  std::string_view title, bio_markdown;
};

struct DemoArticle {
  std::string_view slug, lang = "en", section, title, deck, body_markdown;
  std::vector<std::string_view> bylines, tags;
  int days_ago = 0;  // before "now"; the hour of day is derived from the slug
  bool featured = false;
  std::string_view translation_of;  // slug of the original, which comes earlier
  // Translations reuse the original's picture; others get their own unless
  // has_image is false (some statements are text only, as on a real site).
  bool has_image = true;
  std::string_view caption;
};

struct DemoPage {
  std::string_view slug, lang = "en", title, deck, body_markdown, translation_of;
};

// A Mailbag topic and a question from a reader. Published ones carry an
// answer co-signed by `bylines` (slugs from Bylines()); the others wait in
// the back office's queue, unanswered, as real questions would.
struct DemoTopic {
  std::string_view slug, name;
};

struct DemoQuestion {
  std::string_view lang = "en", topic, asker_name, question, answer_markdown;
  std::vector<std::string_view> bylines;
  bool published = true;
};

// In navigation order.
std::vector<DemoSection> Sections();
std::vector<DemoByline> Bylines();
// Originals always come before their translations.
std::vector<DemoArticle> EnglishArticles();
std::vector<DemoArticle> SpanishArticles();
std::vector<DemoPage> Pages();
// demo_content_mailbag.cc. Oldest first: they are published in this order.
std::vector<DemoTopic> MailbagTopics();
std::vector<DemoQuestion> MailbagQuestions();

}  // namespace publishing::demo
