#pragma once
// Storage contract for the publishing domain: articles (and standalone pages,
// which share the content model), bylines, sections, tags, translation groups
// and slug redirects. Implemented once per backend (sqlite/, later postgres/);
// store_conformance_test runs the same suite against each.
//
// All methods are thread-safe. Times are UTC. Nothing here renders anything:
// body_html is produced by the publishing service on save and stored as given.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

enum class ArticleStatus { kDraft, kScheduled, kPublished };
enum class ContentKind { kArticle, kPage };
enum class BylineKind { kPerson, kBody };

struct Byline {
  int64_t id = 0;
  std::string slug, name;
  BylineKind kind = BylineKind::kPerson;
  std::string title;      // e.g. "Secretary, International Department" (may be empty)
  std::string bio_html;   // rendered by publishing
  std::string photo_path; // relative media path, may be empty
  // Source of bio_html, for editing. Filled by the Byline getters and
  // ListBylines; empty inside Article::bylines (readers need only the HTML).
  std::string bio_markdown;
};

struct Section {
  int64_t id = 0;
  std::string slug, name, description;
  int position = 0;  // navigation order
};

struct Tag {
  int64_t id = 0;
  std::string slug, name;
};

struct FeatureImage {
  std::string path;  // relative to the media dir, e.g. "demo/peace.jpg"; empty = none
  std::string alt, caption, credit, credit_url;
  int width = 0, height = 0;
};

// What an editor writes. Ids in byline_ids/tag_ids must exist (else InvalidArgument).
struct ArticleDraft {
  ContentKind kind = ContentKind::kArticle;
  std::string slug, title, deck;
  std::string body_markdown, body_html;
  std::string excerpt;  // plain text
  std::string lang = "en";
  std::optional<int64_t> section_id;
  std::vector<int64_t> byline_ids;  // in signing order
  std::vector<int64_t> tag_ids;
  FeatureImage image;
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Time> published_at;  // required for scheduled/published
  bool featured = false;
  // Articles in the same group are translations of each other. nullopt = its own group.
  std::optional<int64_t> translation_of;  // id of any article in the target group
  // Staff user who created it (accounts domain id; not checked here). Stored
  // by CreateArticle; UpdateArticle leaves the stored value as it is.
  std::optional<int64_t> created_by;
};

struct Article {
  int64_t id = 0;
  ContentKind kind = ContentKind::kArticle;
  std::string slug, title, deck, body_markdown, body_html, excerpt, lang;
  std::optional<Section> section;
  std::vector<Byline> bylines;  // signing order
  std::vector<Tag> tags;        // by name
  FeatureImage image;
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Time> published_at;
  Time created_at{}, updated_at{};
  bool featured = false;
  int64_t translation_group = 0;
  int64_t version = 1;  // bumped on every update (optimistic concurrency)
  // Filled by GetArticle, GetArticleBySlug and ListArticlesForAdmin; left
  // unset by the reader listings (ListArticles, ListRelated).
  std::optional<int64_t> created_by;
};

// Listing filter. Only content visible to readers at `now` is returned when
// visible_at is set: published, or scheduled with published_at <= now.
struct ArticleQuery {
  ContentKind kind = ContentKind::kArticle;
  std::optional<Time> visible_at;
  std::optional<int64_t> section_id, tag_id, byline_id;
  std::optional<std::string> lang;
  std::optional<Time> published_from, published_before;  // [from, before)
  std::optional<bool> featured;
  int limit = 10;   // 1..1000
  int offset = 0;   // >= 0
};

struct MonthCount {
  int year = 0, month = 0;  // in UTC
  int count = 0;
};

struct TranslationLink {
  int64_t id = 0;
  std::string slug, lang, title;
  // So callers can decide visibility without loading each article.
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Time> published_at;
};

// --- back office

// Admin listing filter: any status, newest-updated first. Unset fields match all.
struct AdminArticleQuery {
  std::optional<ContentKind> kind;  // nullopt = articles and pages
  // When `as_of` is set, a scheduled article due by then counts (and reads) as
  // published, as readers already see it; otherwise the stored status is used.
  std::optional<ArticleStatus> status;
  std::optional<Time> as_of;
  std::optional<int64_t> section_id, tag_id, byline_id, created_by;
  std::optional<std::string> lang;
  // Substring of title, slug or deck, case-insensitive for ASCII letters.
  // Taken literally: '%', '_' and '\' are not wildcards. Empty = no filter.
  std::string text;
  int limit = 20;  // 1..1000
  int offset = 0;  // >= 0
};

struct AdminArticleList {
  std::vector<Article> items;  // bodies empty; relations and created_by filled
  int64_t total = 0;           // matching rows, ignoring limit/offset
};

// Per effective status at a moment (see AdminArticleQuery::as_of).
struct StatusCounts {
  int64_t drafts = 0, scheduled = 0, published = 0;
};

struct TagUsage {
  Tag tag;
  int64_t articles = 0;  // articles and pages carrying it, any status
};

class PublishingStore {
 public:
  virtual ~PublishingStore() = default;

  // --- bylines, sections, tags. Create* returns the new id; a duplicate slug is Conflict.
  virtual Result<int64_t> CreateByline(const Byline& b) = 0;
  virtual Result<Byline> GetBylineBySlug(const std::string& slug) = 0;
  virtual Result<std::vector<Byline>> ListBylines() = 0;  // by name
  virtual Result<int64_t> CreateSection(const Section& s) = 0;
  virtual Result<Section> GetSectionBySlug(const std::string& slug) = 0;
  virtual Result<std::vector<Section>> ListSections() = 0;  // by position, then name
  // Returns the id of the tag with this slug, creating it with `name` if absent.
  virtual Result<int64_t> EnsureTag(const std::string& slug, const std::string& name) = 0;
  virtual Result<Tag> GetTagBySlug(const std::string& slug) = 0;
  virtual Result<std::vector<Tag>> ListTags() = 0;

  // --- articles and pages. Slugs are unique per kind; a clash is Conflict.
  virtual Result<int64_t> CreateArticle(const ArticleDraft& d, Time now) = 0;
  // Replaces the article's fields. `expected_version` must equal the stored
  // version, else Conflict (someone saved in between). When the slug changes,
  // the old slug is kept as a redirect to this article.
  virtual Status UpdateArticle(int64_t id, const ArticleDraft& d, int64_t expected_version,
                               Time now) = 0;
  virtual Status DeleteArticle(int64_t id) = 0;
  virtual Result<Article> GetArticle(int64_t id) = 0;
  // Regardless of status; callers decide visibility.
  virtual Result<Article> GetArticleBySlug(ContentKind kind, const std::string& slug) = 0;
  // Slug of the article that once had `old_slug`, or NotFound.
  virtual Result<std::string> FindRedirect(ContentKind kind, const std::string& old_slug) = 0;
  // Newest first by published_at, then id. Bylines, section and tags are filled;
  // body_markdown/body_html are left empty to keep listings cheap.
  virtual Result<std::vector<Article>> ListArticles(const ArticleQuery& q) = 0;
  virtual Result<int64_t> CountArticles(const ArticleQuery& q) = 0;
  // Visible articles sharing the most tags with `article_id`, then newest;
  // never the article itself nor its translations. Fewer than `limit` only when
  // fewer visible articles exist. Same fill rules as ListArticles.
  virtual Result<std::vector<Article>> ListRelated(int64_t article_id, Time visible_at,
                                                   int limit) = 0;
  // Other members of the article's translation group (any status; caller filters).
  virtual Result<std::vector<TranslationLink>> ListTranslations(int64_t article_id) = 0;
  // Months (UTC) with visible articles, newest first.
  virtual Result<std::vector<MonthCount>> ArchiveMonths(Time visible_at) = 0;
  // Most recent updated_at over visible content (for sitemap/feeds); nullopt if none.
  virtual Result<std::optional<Time>> LastModified(Time visible_at) = 0;

  // ===== Back office. Writes that change what an article shows (its status,
  // section or tags) bump that article's version and set updated_at = `now`,
  // so an editor holding an older copy gets Conflict instead of undoing them.

  // --- articles
  // Matching items and their total, from one snapshot. InvalidArgument for a
  // limit outside 1..1000 or a negative offset.
  virtual Result<AdminArticleList> ListArticlesForAdmin(const AdminArticleQuery& q) = 0;
  virtual Result<StatusCounts> CountByStatus(std::optional<ContentKind> kind, Time as_of) = 0;
  // Sets status and published_at only. NotFound; Conflict when the version is
  // stale (nothing written); InvalidArgument when a scheduled/published status
  // comes without published_at. A draft may keep its published_at.
  virtual Status SetArticleStatus(int64_t id, ArticleStatus status,
                                  std::optional<Time> published_at, int64_t expected_version,
                                  Time now) = 0;
  // DeleteArticle guarded by a version: Conflict (nothing deleted) when stale.
  virtual Status DeleteArticleAtVersion(int64_t id, int64_t expected_version) = 0;
  // Marks scheduled articles with published_at <= now as published; returns
  // how many. Deliberately leaves version and updated_at alone: readers saw
  // them already, and an editor's open form must not turn stale for it.
  virtual Result<int64_t> PublishDue(Time now) = 0;

  // --- bylines. Update* take the record's id from the argument; a duplicate
  // slug is Conflict, an unknown id NotFound.
  virtual Result<Byline> GetBylineById(int64_t id) = 0;
  virtual Status UpdateByline(const Byline& b) = 0;
  // Conflict while any article or page is signed by it (the message says how
  // many) or anything else still refers to it (a staff account's byline).
  virtual Status DeleteByline(int64_t id) = 0;

  // --- sections
  virtual Result<Section> GetSectionById(int64_t id) = 0;
  virtual Status UpdateSection(const Section& s) = 0;
  // Articles in it are kept, with no section (and bumped, see above).
  virtual Status DeleteSection(int64_t id, Time now) = 0;

  // --- tags
  virtual Result<Tag> GetTagById(int64_t id) = 0;
  virtual Result<std::vector<TagUsage>> ListTagUsage() = 0;  // by name, then id
  // Changes name and slug; Conflict when the slug belongs to another tag.
  virtual Status UpdateTag(const Tag& t, Time now) = 0;
  // Articles tagged `from` end up tagged `into` (once), then `from` is removed.
  // InvalidArgument when from == into; NotFound when either is missing.
  virtual Status MergeTags(int64_t from, int64_t into, Time now) = 0;
  // Removes the tag from every article, then the tag.
  virtual Status DeleteTag(int64_t id, Time now) = 0;
};

}  // namespace store
