#pragma once
// The publishing domain: what editors write (articles, pages, bylines,
// sections, tags) and what readers may see. Validation, slugs, Markdown
// rendering (once, on save), excerpts and visibility rules live here; storage
// is behind store::PublishingStore; HTTP and templates know nothing of it.
//
// Thread-safe: holds no mutable state of its own.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/publishing_store.h"

namespace publishing {

using base::Result;
using base::Status;
using store::Article;

struct BylineInput {
  std::string slug;  // empty = derived from name
  std::string name;
  store::BylineKind kind = store::BylineKind::kPerson;
  std::string title;
  std::string bio_markdown;
  std::string photo_path;
};

struct SectionInput {
  std::string slug;  // empty = derived from name
  std::string name, description;
  int position = 0;
};

struct ArticleInput {
  store::ContentKind kind = store::ContentKind::kArticle;
  std::string slug;  // empty = derived from title
  std::string title, deck, body_markdown;
  std::string excerpt;  // empty = derived from the body
  std::string lang = "en";
  std::string section_slug;               // empty = none (pages have none)
  std::vector<std::string> byline_slugs;  // at least one for articles
  std::vector<std::string> tags;          // display names; slugs derived; created on demand
  store::FeatureImage image;              // alt text required when path is set
  store::ArticleStatus status = store::ArticleStatus::kDraft;
  std::optional<base::Time> published_at;  // default: now, when publishing
  bool featured = false;
  std::string translation_of_slug;  // an article (same kind) this one translates
};

// A listing page: items plus what pagination needs.
struct Page {
  std::vector<Article> items;
  int page = 1;          // 1-based
  int total_pages = 1;   // >= 1
  int64_t total_items = 0;
};

// An article as a reader sees it, with what the article page shows around it.
struct ArticleView {
  Article article;
  std::vector<Article> related;                     // up to 3 (see kRelatedCount)
  std::vector<store::TranslationLink> translations; // visible ones only
};

// Either the thing asked for, or the slug it moved to (answer with a 301).
struct Moved {
  std::string slug;
};
template <typename T>
using Found = std::variant<T, Moved>;

inline constexpr int kRelatedCount = 3;
inline constexpr int kMaxPage = 100000;  // larger page numbers are InvalidArgument

class PublishingService {
 public:
  // Both references must outlive the service.
  PublishingService(store::PublishingStore& store, const base::Clock& clock, int page_size);

  // --- editing. InvalidArgument names the field: "title: required".
  Result<int64_t> CreateByline(const BylineInput& in);
  Result<int64_t> CreateSection(const SectionInput& in);
  Result<int64_t> CreateArticle(const ArticleInput& in);
  // Conflict when `expected_version` is stale.
  Status UpdateArticle(int64_t id, const ArticleInput& in, int64_t expected_version);

  // --- reading. Only content visible now (published, or scheduled and due).
  // `page` is 1-based; < 1 or > kMaxPage is InvalidArgument; past the end is NotFound
  // (except page 1, which may be empty).
  Result<Page> Latest(int page, std::optional<std::string> lang = std::nullopt);
  Result<std::vector<Article>> Featured(int limit, std::optional<std::string> lang = std::nullopt);
  Result<Found<ArticleView>> ArticleBySlug(const std::string& slug);
  Result<Found<Article>> PageBySlug(const std::string& slug);
  Result<std::pair<store::Section, Page>> SectionPage(const std::string& slug, int page);
  Result<std::pair<store::Tag, Page>> TagPage(const std::string& slug, int page);
  Result<std::pair<store::Byline, Page>> BylinePage(const std::string& slug, int page);
  Result<Page> MonthPage(int year, int month, int page);
  Result<std::vector<store::MonthCount>> ArchiveMonths();
  Result<std::vector<store::Section>> Sections();
  Result<std::vector<store::Byline>> Bylines();
  // For feeds and the sitemap: newest `limit` visible articles (optionally in a section/tag).
  Result<std::vector<Article>> FeedItems(std::optional<int64_t> section_id,
                                         std::optional<int64_t> tag_id, int limit);
  // All visible articles and pages (sitemap), newest first, at most `limit`.
  Result<std::vector<Article>> AllVisible(store::ContentKind kind, int limit);
  Result<std::optional<base::Time>> LastModified();

  base::Time Now() const { return clock_.Now(); }

 private:
  Result<Page> List(store::ArticleQuery q, int page);
  bool IsVisible(const Article& a) const;

  store::PublishingStore& store_;
  const base::Clock& clock_;
  int page_size_;
};

}  // namespace publishing
