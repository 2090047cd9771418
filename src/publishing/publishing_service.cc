// Editing side of the publishing service: validation, slugs, Markdown
// rendering on save, derived excerpts. Reading side: publishing_reader.cc.

#include "publishing/publishing_service.h"

#include "base/text.h"
#include "publishing/validation.h"
#include "render/markdown.h"

namespace publishing {

using internal::CheckImage;
using internal::CheckText;
using internal::Field;
using internal::kExcerptBytes;
using internal::kMaxBodyBytes;
using internal::kMaxDeckBytes;
using internal::kMaxTitleBytes;
using internal::ResolveSlug;

PublishingService::PublishingService(store::PublishingStore& store, const base::Clock& clock,
                                     int page_size)
    : store_(store), clock_(clock), page_size_(page_size < 1 ? 10 : page_size) {}

Result<int64_t> PublishingService::CreateByline(const BylineInput& in) {
  BS_RETURN_IF_ERROR(CheckText(in.name, "name", kMaxTitleBytes, true));
  BS_RETURN_IF_ERROR(CheckText(in.title, "title", kMaxTitleBytes, false));
  BS_RETURN_IF_ERROR(CheckText(in.bio_markdown, "bio", kMaxBodyBytes, false));
  BS_ASSIGN_OR_RETURN(std::string slug, ResolveSlug(in.slug, in.name, "slug"));
  store::Byline b;
  b.slug = std::move(slug);
  b.name = std::string(base::Trim(in.name));
  b.kind = in.kind;
  b.title = in.title;
  b.bio_html = render::MarkdownToHtml(in.bio_markdown);
  b.bio_markdown = in.bio_markdown;
  b.photo_path = in.photo_path;
  return store_.CreateByline(b);
}

Result<int64_t> PublishingService::CreateSection(const SectionInput& in) {
  BS_RETURN_IF_ERROR(CheckText(in.name, "name", kMaxTitleBytes, true));
  BS_RETURN_IF_ERROR(CheckText(in.description, "description", kMaxDeckBytes, false));
  BS_ASSIGN_OR_RETURN(std::string slug, ResolveSlug(in.slug, in.name, "slug"));
  store::Section s;
  s.slug = std::move(slug);
  s.name = std::string(base::Trim(in.name));
  s.description = in.description;
  s.position = in.position;
  return store_.CreateSection(s);
}

// Turns editor input into a storable draft: checks every field, resolves
// slugs of related records to ids, renders Markdown once.
static Result<store::ArticleDraft> BuildDraft(store::PublishingStore& st, const ArticleInput& in,
                                              base::Time now) {
  BS_RETURN_IF_ERROR(CheckText(in.title, "title", kMaxTitleBytes, true));
  BS_RETURN_IF_ERROR(CheckText(in.deck, "deck", kMaxDeckBytes, false));
  BS_RETURN_IF_ERROR(CheckText(in.body_markdown, "body", kMaxBodyBytes, false));
  BS_RETURN_IF_ERROR(CheckText(in.excerpt, "excerpt", kMaxDeckBytes, false));
  if (in.lang.size() < 2 || in.lang.size() > 5) return Field("lang", "not a language code");
  const bool is_article = in.kind == store::ContentKind::kArticle;
  if (is_article && in.byline_slugs.empty()) return Field("bylines", "at least one required");
  BS_RETURN_IF_ERROR(CheckImage(in.image));

  store::ArticleDraft d;
  d.kind = in.kind;
  BS_ASSIGN_OR_RETURN(d.slug, ResolveSlug(in.slug, in.title, "slug"));
  d.title = std::string(base::Trim(in.title));
  d.deck = in.deck;
  d.body_markdown = in.body_markdown;
  d.body_html = render::MarkdownToHtml(in.body_markdown);
  d.excerpt = in.excerpt.empty() ? render::MarkdownExcerpt(in.body_markdown, kExcerptBytes)
                                 : in.excerpt;
  d.lang = in.lang;
  d.image = in.image;
  d.status = in.status;
  d.featured = in.featured;
  d.published_at = in.published_at;
  if (d.status != store::ArticleStatus::kDraft && !d.published_at) {
    if (d.status == store::ArticleStatus::kScheduled) return Field("published_at", "required");
    d.published_at = now;
  }
  if (!in.section_slug.empty()) {
    auto section = st.GetSectionBySlug(in.section_slug);
    if (!section.ok()) {
      if (section.status().IsNotFound()) return Field("section", "no such section");
      return section.status();
    }
    d.section_id = section->id;
  }
  for (const std::string& slug : in.byline_slugs) {
    auto byline = st.GetBylineBySlug(slug);
    if (!byline.ok()) {
      if (byline.status().IsNotFound()) return Field("bylines", "no such byline");
      return byline.status();
    }
    d.byline_ids.push_back(byline->id);
  }
  for (const std::string& name : in.tags) {
    std::string trimmed(base::Trim(name));
    if (trimmed.empty()) continue;
    BS_RETURN_IF_ERROR(CheckText(trimmed, "tags", 100, true));
    std::string slug = base::Slugify(trimmed);
    if (slug.empty()) return Field("tags", "a tag has no letters or digits");
    BS_ASSIGN_OR_RETURN(int64_t tag_id, st.EnsureTag(slug, trimmed));
    bool seen = false;
    for (int64_t id : d.tag_ids) seen = seen || id == tag_id;
    if (!seen) d.tag_ids.push_back(tag_id);
  }
  if (!in.translation_of_slug.empty()) {
    auto original = st.GetArticleBySlug(in.kind, in.translation_of_slug);
    if (!original.ok()) {
      if (original.status().IsNotFound()) return Field("translation_of", "no such article");
      return original.status();
    }
    d.translation_of = original->id;
  }
  return d;
}

Result<int64_t> PublishingService::CreateArticle(const ArticleInput& in) {
  const base::Time now = clock_.Now();
  BS_ASSIGN_OR_RETURN(store::ArticleDraft d, BuildDraft(store_, in, now));
  return store_.CreateArticle(d, now);
}

Status PublishingService::UpdateArticle(int64_t id, const ArticleInput& in,
                                        int64_t expected_version) {
  const base::Time now = clock_.Now();
  BS_ASSIGN_OR_RETURN(store::ArticleDraft d, BuildDraft(store_, in, now));
  return store_.UpdateArticle(id, d, expected_version, now);
}

}  // namespace publishing
