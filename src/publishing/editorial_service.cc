// EditorialService: articles and pages (listing, editing, status changes).
// Bylines, sections and tags: editorial_taxonomy.cc.

#include "publishing/editorial_service.h"

#include <algorithm>

#include "base/text.h"
#include "publishing/validation.h"
#include "render/markdown.h"

namespace publishing {

using internal::CheckImage;
using internal::CheckLang;
using internal::CheckText;
using internal::Field;
using internal::kExcerptBytes;
using internal::kMaxBodyBytes;
using internal::kMaxDeckBytes;
using internal::kMaxTagBytes;
using internal::kMaxTitleBytes;
using store::ArticleStatus;
using store::ContentKind;

namespace {

constexpr size_t kMaxQueryBytes = 200;
constexpr size_t kMaxSlugBytes = 80;  // as base::IsValidSlug
constexpr int kMaxSlugSuffix = 99;    // "title-2" .. "title-99"
constexpr int kDefaultPageSize = 20;

// NotFound from a lookup of something the input refers to is the input's fault.
Status Referenced(const Status& s, std::string_view field, std::string_view reason) {
  return s.IsNotFound() ? Field(field, reason) : s;
}

// Tag names -> ids, creating tags as needed. Blank names are skipped; a name
// repeated (or two names with one slug) yields one id.
Result<std::vector<int64_t>> ResolveTags(store::PublishingStore& st,
                                         const std::vector<std::string>& names) {
  std::vector<int64_t> ids;
  for (const std::string& name : names) {
    std::string trimmed(base::Trim(name));
    if (trimmed.empty()) continue;
    BS_RETURN_IF_ERROR(CheckText(trimmed, "tags", kMaxTagBytes, true));
    std::string slug = base::Slugify(trimmed);
    if (slug.empty()) return Field("tags", "a tag has no letters or digits");
    BS_ASSIGN_OR_RETURN(int64_t id, st.EnsureTag(slug, trimmed));
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  return ids;
}

}  // namespace

EditorialService::EditorialService(store::PublishingStore& store, const base::Clock& clock,
                                   int page_size)
    : store_(store), clock_(clock), page_size_(page_size < 1 ? kDefaultPageSize : page_size) {}

std::string EditorialService::SuggestSlug(std::string_view title) { return base::Slugify(title); }

// --- listing

Result<Page> EditorialService::ListArticles(const ArticleFilter& filter, int page) {
  if (page < 1 || page > kMaxPage) return Field("page", "out of range");
  BS_RETURN_IF_ERROR(CheckText(filter.text, "q", kMaxQueryBytes, false));
  store::AdminArticleQuery q;
  q.kind = filter.kind;
  q.status = filter.status;
  q.as_of = clock_.Now();
  q.section_id = filter.section_id;
  q.tag_id = filter.tag_id;
  q.byline_id = filter.byline_id;
  q.created_by = filter.created_by;
  q.lang = filter.lang;
  q.text = std::string(base::Trim(filter.text));
  q.limit = page_size_;
  q.offset = (page - 1) * page_size_;
  BS_ASSIGN_OR_RETURN(store::AdminArticleList list, store_.ListArticlesForAdmin(q));
  Page out;
  out.items = std::move(list.items);
  out.page = page;
  out.total_items = list.total;
  out.total_pages =
      static_cast<int>(std::max<int64_t>(1, (list.total + page_size_ - 1) / page_size_));
  return out;
}

Result<std::vector<Article>> EditorialService::RecentlyUpdated(int limit) {
  if (limit < 1 || limit > kMaxRecent) return Field("limit", "out of range");
  store::AdminArticleQuery q;
  q.as_of = clock_.Now();
  q.limit = limit;
  BS_ASSIGN_OR_RETURN(store::AdminArticleList list, store_.ListArticlesForAdmin(q));
  return std::move(list.items);
}

Result<store::StatusCounts> EditorialService::CountByStatus(std::optional<ContentKind> kind) {
  return store_.CountByStatus(kind, clock_.Now());
}

Result<Article> EditorialService::GetArticle(int64_t id) { return store_.GetArticle(id); }

Result<std::vector<store::TranslationLink>> EditorialService::Translations(int64_t id) {
  return store_.ListTranslations(id);
}

// --- saving

// Checks every field and turns the input into a draft, except for the slug,
// translation group and tags, which depend on create vs update.
Result<store::ArticleDraft> EditorialService::BuildDraft(const ArticleEdit& in) {
  BS_RETURN_IF_ERROR(CheckText(in.title, "title", kMaxTitleBytes, true));
  BS_RETURN_IF_ERROR(CheckText(in.deck, "deck", kMaxDeckBytes, false));
  BS_RETURN_IF_ERROR(CheckText(in.body_markdown, "body", kMaxBodyBytes, false));
  BS_RETURN_IF_ERROR(CheckText(in.excerpt, "excerpt", kMaxDeckBytes, false));
  BS_RETURN_IF_ERROR(CheckLang(in.lang));
  BS_RETURN_IF_ERROR(CheckImage(in.image));
  store::ArticleDraft d;
  d.kind = in.kind;
  if (in.section_id) {
    auto section = store_.GetSectionById(*in.section_id);
    if (!section.ok()) return Referenced(section.status(), "section", "no such section");
    d.section_id = section->id;
  }
  for (int64_t byline_id : in.byline_ids) {
    auto byline = store_.GetBylineById(byline_id);
    if (!byline.ok()) return Referenced(byline.status(), "bylines", "no such byline");
    d.byline_ids.push_back(byline_id);
  }
  if (in.translation_of) {
    auto original = store_.GetArticle(*in.translation_of);
    if (!original.ok()) return Referenced(original.status(), "translation_of", "no such article");
    if (original->kind != in.kind) return Field("translation_of", "must be of the same kind");
    d.translation_of = original->id;
  }
  d.title = std::string(base::Trim(in.title));
  d.deck = in.deck;
  d.body_markdown = in.body_markdown;
  d.body_html = render::MarkdownToHtml(in.body_markdown);
  d.excerpt =
      in.excerpt.empty() ? render::MarkdownExcerpt(in.body_markdown, kExcerptBytes) : in.excerpt;
  d.lang = in.lang;
  d.image = in.image;
  d.featured = in.featured;
  return d;
}

// Conflict when another article of `kind` has `slug`.
Status EditorialService::CheckSlugFree(ContentKind kind, const std::string& slug,
                                       std::optional<int64_t> own_id) {
  auto other = store_.GetArticleBySlug(kind, slug);
  if (other.ok()) {
    if (own_id && other->id == *own_id) return Status::Ok();
    return Status::Conflict("slug: '" + slug + "' is already used by \"" + other->title + "\"");
  }
  return other.status().IsNotFound() ? Status::Ok() : other.status();
}

// `base_slug`, or the first of base_slug-2, -3, ... that no article of `kind` uses.
Result<std::string> EditorialService::UniqueSlug(ContentKind kind, const std::string& base_slug) {
  for (int n = 1; n <= kMaxSlugSuffix; ++n) {
    std::string slug = base_slug;
    if (n > 1) {
      const std::string suffix = "-" + std::to_string(n);
      if (slug.size() + suffix.size() > kMaxSlugBytes) {
        slug.resize(kMaxSlugBytes - suffix.size());
        while (!slug.empty() && slug.back() == '-') slug.pop_back();
      }
      slug += suffix;
    }
    Status free = CheckSlugFree(kind, slug, std::nullopt);
    if (free.ok()) return slug;
    if (!free.IsConflict()) return free;
  }
  return Status::Conflict("slug: every variant of '" + base_slug + "' is taken; give one");
}

Result<int64_t> EditorialService::CreateArticle(const ArticleEdit& in,
                                                std::optional<int64_t> created_by) {
  BS_ASSIGN_OR_RETURN(store::ArticleDraft d, BuildDraft(in));
  if (in.slug.empty()) {
    const std::string derived = base::Slugify(in.title);
    if (derived.empty()) return Field("slug", "cannot be derived from the title; give one");
    BS_ASSIGN_OR_RETURN(d.slug, UniqueSlug(in.kind, derived));
  } else {
    if (!base::IsValidSlug(in.slug)) return Field("slug", "only a-z, 0-9 and '-'");
    BS_RETURN_IF_ERROR(CheckSlugFree(in.kind, in.slug, std::nullopt));
    d.slug = in.slug;
  }
  d.status = ArticleStatus::kDraft;
  d.created_by = created_by;
  BS_ASSIGN_OR_RETURN(d.tag_ids, ResolveTags(store_, in.tags));
  return store_.CreateArticle(d, clock_.Now());
}

Result<Article> EditorialService::LoadAtVersion(int64_t id, int64_t expected_version) {
  BS_ASSIGN_OR_RETURN(Article a, store_.GetArticle(id));
  if (a.version != expected_version) {
    return Status::Conflict("article " + std::to_string(id) + " was saved again (version " +
                            std::to_string(a.version) + ", you have " +
                            std::to_string(expected_version) + ")");
  }
  return a;
}

Result<int64_t> EditorialService::UpdateArticle(int64_t id, const ArticleEdit& in,
                                                int64_t expected_version) {
  BS_ASSIGN_OR_RETURN(Article current, LoadAtVersion(id, expected_version));
  ArticleEdit fixed = in;
  fixed.kind = current.kind;  // the kind never changes
  BS_ASSIGN_OR_RETURN(store::ArticleDraft d, BuildDraft(fixed));
  if (in.slug.empty()) {
    d.slug = current.slug;
  } else {
    if (!base::IsValidSlug(in.slug)) return Field("slug", "only a-z, 0-9 and '-'");
    BS_RETURN_IF_ERROR(CheckSlugFree(current.kind, in.slug, id));
    d.slug = in.slug;
  }
  if (in.leave_translation_group) {
    d.translation_of.reset();
  } else if (!in.translation_of) {
    // Keep the group: name any other member (the group's first article may be gone).
    BS_ASSIGN_OR_RETURN(std::vector<store::TranslationLink> others, store_.ListTranslations(id));
    if (!others.empty()) d.translation_of = others.front().id;
  }
  d.status = current.status;
  d.published_at = current.published_at;
  BS_ASSIGN_OR_RETURN(d.tag_ids, ResolveTags(store_, in.tags));
  BS_RETURN_IF_ERROR(store_.UpdateArticle(id, d, expected_version, clock_.Now()));
  return expected_version + 1;
}

// --- status changes

Result<int64_t> EditorialService::PublishNow(int64_t id, int64_t expected_version) {
  BS_ASSIGN_OR_RETURN(Article a, LoadAtVersion(id, expected_version));
  if (a.kind == ContentKind::kArticle && a.bylines.empty())
    return Field("bylines", "at least one required to publish");
  const base::Time now = clock_.Now();
  const base::Time at = a.published_at && *a.published_at <= now ? *a.published_at : now;
  BS_RETURN_IF_ERROR(
      store_.SetArticleStatus(id, ArticleStatus::kPublished, at, expected_version, now));
  return expected_version + 1;
}

Result<int64_t> EditorialService::Schedule(int64_t id, base::Time at, int64_t expected_version) {
  const base::Time now = clock_.Now();
  if (at <= now) return Field("publish_at", "must be in the future");
  BS_ASSIGN_OR_RETURN(Article a, LoadAtVersion(id, expected_version));
  if (a.kind == ContentKind::kArticle && a.bylines.empty())
    return Field("bylines", "at least one required to publish");
  BS_RETURN_IF_ERROR(
      store_.SetArticleStatus(id, ArticleStatus::kScheduled, at, expected_version, now));
  return expected_version + 1;
}

Result<int64_t> EditorialService::Unpublish(int64_t id, int64_t expected_version) {
  BS_ASSIGN_OR_RETURN(Article a, LoadAtVersion(id, expected_version));
  BS_RETURN_IF_ERROR(store_.SetArticleStatus(id, ArticleStatus::kDraft, a.published_at,
                                             expected_version, clock_.Now()));
  return expected_version + 1;
}

Status EditorialService::DeleteArticle(int64_t id, int64_t expected_version) {
  return store_.DeleteArticleAtVersion(id, expected_version);
}

Result<int64_t> EditorialService::PublishDue() { return store_.PublishDue(clock_.Now()); }

}  // namespace publishing
