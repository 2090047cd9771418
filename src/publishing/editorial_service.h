#pragma once
// The back office of the publishing domain: what the admin CMS calls to list,
// edit, schedule and publish articles and pages, and to manage bylines,
// sections and tags. Readers go through PublishingService; both share the
// same store, so what is saved here is what readers see.
//
// Errors (codes, never wording, are the contract):
//   InvalidArgument — bad input; the message starts with the field name
//                     ("slug: only a-z, 0-9 and '-'", "publish_at: must be in the future").
//   Conflict        — a slug already taken, a stale version (someone saved a
//                     newer one; nothing was written), a byline still in use.
//   NotFound        — no such article/byline/section/tag.
//
// Versions: every write to an article (save, publish, schedule, unpublish,
// and tag/section changes made from their own screens) bumps its version.
// Writes taking `expected_version` refuse a stale one; those returning
// Result<int64_t> return the new version, ready for the next save.
//
// Thread-safe: holds no mutable state of its own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "publishing/publishing_service.h"
#include "store/publishing_store.h"

namespace publishing {

// What the article/page editor submits.
struct ArticleEdit {
  store::ContentKind kind = store::ContentKind::kArticle;  // fixed once created
  std::string title;
  // Empty: on create, derived from the title (made unique with "-2", "-3"...);
  // on update, the current slug is kept. An explicit slug that is taken is Conflict.
  std::string slug;
  std::string deck, body_markdown;
  std::string excerpt;  // empty = derived from the body
  std::string lang = "en";
  std::optional<int64_t> section_id;  // none for pages, usually
  std::vector<int64_t> byline_ids;    // signing order; required to publish an article
  std::vector<std::string> tags;      // display names; created (slugified) as needed
  // Id of any article in the translation group to join. nullopt: on create,
  // a group of its own; on update, the current group is kept unless
  // leave_translation_group is set.
  std::optional<int64_t> translation_of;
  bool leave_translation_group = false;
  store::FeatureImage image;  // alt text required when path is set
  bool featured = false;
};

// Admin listing filter; unset fields match everything. Status is as readers
// see it: a scheduled article whose time has come lists as published.
struct ArticleFilter {
  std::optional<store::ContentKind> kind;
  std::optional<store::ArticleStatus> status;
  std::optional<int64_t> section_id, tag_id, byline_id, created_by;
  std::optional<std::string> lang;
  std::string text;  // case-insensitive substring of title, slug or deck
};

inline constexpr int kMaxRecent = 100;

class EditorialService {
 public:
  // Both references must outlive the service. `page_size` < 1 means 20.
  EditorialService(store::PublishingStore& store, const base::Clock& clock, int page_size);

  // The slug a title would get ("" when it has no letters or digits).
  static std::string SuggestSlug(std::string_view title);

  // --- articles and pages
  // Newest-updated first; bodies empty. `page` is 1-based (1..kMaxPage);
  // past the end is an empty page, not an error (the admin shows "no results").
  Result<Page> ListArticles(const ArticleFilter& filter, int page);
  // Everything, body_markdown and version included.
  Result<Article> GetArticle(int64_t id);
  // New content is always a draft. Returns the new id.
  Result<int64_t> CreateArticle(const ArticleEdit& in, std::optional<int64_t> created_by);
  // Saves the text; status and publication time are kept. Returns the new version.
  Result<int64_t> UpdateArticle(int64_t id, const ArticleEdit& in, int64_t expected_version);
  // published_at becomes now, unless it is already set and not in the future.
  // An article needs at least one byline ("bylines: ...").
  Result<int64_t> PublishNow(int64_t id, int64_t expected_version);
  // Scheduled for `at`, which must be in the future ("publish_at: ...").
  Result<int64_t> Schedule(int64_t id, base::Time at, int64_t expected_version);
  // Back to draft; text and published_at are kept (so republishing keeps the date).
  Result<int64_t> Unpublish(int64_t id, int64_t expected_version);
  Status DeleteArticle(int64_t id, int64_t expected_version);
  Result<std::vector<store::TranslationLink>> Translations(int64_t id);

  // For a background job: scheduled articles whose time has come become
  // published. Returns how many.
  Result<int64_t> PublishDue();
  // Dashboard: how many drafts / scheduled / published (as readers see it now).
  Result<store::StatusCounts> CountByStatus(std::optional<store::ContentKind> kind = std::nullopt);
  // Dashboard: the `limit` (1..kMaxRecent) most recently updated, any kind or status.
  Result<std::vector<Article>> RecentlyUpdated(int limit);

  // --- bylines. On update an empty slug keeps the current one.
  Result<std::vector<store::Byline>> ListBylines();
  Result<store::Byline> GetByline(int64_t id);  // bio_markdown filled
  Result<int64_t> CreateByline(const BylineInput& in);
  Status UpdateByline(int64_t id, const BylineInput& in);
  // Conflict while anything is signed by it.
  Status DeleteByline(int64_t id);

  // --- sections. On update an empty slug keeps the current one.
  Result<std::vector<store::Section>> ListSections();
  Result<store::Section> GetSection(int64_t id);
  Result<int64_t> CreateSection(const SectionInput& in);
  Status UpdateSection(int64_t id, const SectionInput& in);
  // Its articles stay, with no section.
  Status DeleteSection(int64_t id);

  // --- tags
  Result<std::vector<store::TagUsage>> ListTags();  // with article counts, by name
  Result<store::Tag> GetTag(int64_t id);
  // Empty name or slug keeps that one. A slug taken by another tag is Conflict.
  Status RenameTag(int64_t id, const std::string& name, const std::string& slug);
  // Articles tagged `from` become tagged `into`; `from` is removed.
  Status MergeTags(int64_t from, int64_t into);
  Status DeleteTag(int64_t id);

 private:
  Result<store::ArticleDraft> BuildDraft(const ArticleEdit& in);
  Result<std::string> UniqueSlug(store::ContentKind kind, const std::string& base_slug);
  Status CheckSlugFree(store::ContentKind kind, const std::string& slug,
                       std::optional<int64_t> own_id);
  Result<Article> LoadAtVersion(int64_t id, int64_t expected_version);
  Result<store::Byline> BuildByline(const BylineInput& in, const std::string& current_slug);
  Result<store::Section> BuildSection(const SectionInput& in, const std::string& current_slug);

  store::PublishingStore& store_;
  const base::Clock& clock_;
  int page_size_;
};

}  // namespace publishing
