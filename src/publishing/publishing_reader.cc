// Reading side of the publishing service: what readers may see, paginated.
// Visibility is decided by the store query (visible_at = now) and re-checked
// here for single items fetched by slug.

#include "publishing/publishing_service.h"

#include <algorithm>

#include "base/time_format.h"

namespace publishing {

using store::ArticleQuery;
using store::ContentKind;

bool PublishingService::IsVisible(const Article& a) const {
  if (a.status == store::ArticleStatus::kDraft || !a.published_at) return false;
  return *a.published_at <= clock_.Now();
}

Result<Page> PublishingService::List(ArticleQuery q, int page) {
  if (page < 1 || page > kMaxPage) return Status::InvalidArgument("page: out of range");
  q.visible_at = clock_.Now();
  BS_ASSIGN_OR_RETURN(int64_t total, store_.CountArticles(q));
  Page out;
  out.page = page;
  out.total_items = total;
  out.total_pages = total == 0 ? 1 : static_cast<int>((total + page_size_ - 1) / page_size_);
  if (page > out.total_pages) return Status::NotFound("page " + std::to_string(page));
  q.limit = page_size_;
  q.offset = (page - 1) * page_size_;
  BS_ASSIGN_OR_RETURN(out.items, store_.ListArticles(q));
  return out;
}

Result<Page> PublishingService::Latest(int page, std::optional<std::string> lang) {
  ArticleQuery q;
  q.lang = std::move(lang);
  return List(q, page);
}

Result<std::vector<Article>> PublishingService::Featured(int limit,
                                                         std::optional<std::string> lang) {
  ArticleQuery q;
  q.lang = std::move(lang);
  q.visible_at = clock_.Now();
  q.featured = true;
  q.limit = limit;
  return store_.ListArticles(q);
}

Result<Found<ArticleView>> PublishingService::ArticleBySlug(const std::string& slug) {
  auto article = store_.GetArticleBySlug(ContentKind::kArticle, slug);
  if (!article.ok()) {
    if (!article.status().IsNotFound()) return article.status();
    auto moved = store_.FindRedirect(ContentKind::kArticle, slug);
    if (moved.ok()) return Found<ArticleView>(Moved{*moved});
    return article.status();
  }
  if (!IsVisible(*article)) return Status::NotFound("article '" + slug + "' is not published");
  ArticleView view;
  view.article = std::move(article).value();
  BS_ASSIGN_OR_RETURN(view.related,
                      store_.ListRelated(view.article.id, clock_.Now(), kRelatedCount));
  BS_ASSIGN_OR_RETURN(auto translations, store_.ListTranslations(view.article.id));
  // Only translations a reader can open; the store returns every status.
  const base::Time now = clock_.Now();
  for (auto& t : translations) {
    const bool visible = t.status != store::ArticleStatus::kDraft && t.published_at &&
                         *t.published_at <= now;
    if (visible) view.translations.push_back(std::move(t));
  }
  return Found<ArticleView>(std::move(view));
}

Result<Found<Article>> PublishingService::PageBySlug(const std::string& slug) {
  auto page = store_.GetArticleBySlug(ContentKind::kPage, slug);
  if (!page.ok()) {
    if (!page.status().IsNotFound()) return page.status();
    auto moved = store_.FindRedirect(ContentKind::kPage, slug);
    if (moved.ok()) return Found<Article>(Moved{*moved});
    return page.status();
  }
  if (!IsVisible(*page)) return Status::NotFound("page '" + slug + "' is not published");
  return Found<Article>(std::move(page).value());
}

Result<std::pair<store::Section, Page>> PublishingService::SectionPage(const std::string& slug,
                                                                       int page) {
  BS_ASSIGN_OR_RETURN(store::Section section, store_.GetSectionBySlug(slug));
  ArticleQuery q;
  q.section_id = section.id;
  BS_ASSIGN_OR_RETURN(Page p, List(q, page));
  return std::make_pair(std::move(section), std::move(p));
}

Result<std::pair<store::Tag, Page>> PublishingService::TagPage(const std::string& slug,
                                                               int page) {
  BS_ASSIGN_OR_RETURN(store::Tag tag, store_.GetTagBySlug(slug));
  ArticleQuery q;
  q.tag_id = tag.id;
  BS_ASSIGN_OR_RETURN(Page p, List(q, page));
  return std::make_pair(std::move(tag), std::move(p));
}

Result<std::pair<store::Byline, Page>> PublishingService::BylinePage(const std::string& slug,
                                                                     int page) {
  BS_ASSIGN_OR_RETURN(store::Byline byline, store_.GetBylineBySlug(slug));
  ArticleQuery q;
  q.byline_id = byline.id;
  BS_ASSIGN_OR_RETURN(Page p, List(q, page));
  return std::make_pair(std::move(byline), std::move(p));
}

Result<Page> PublishingService::MonthPage(int year, int month, int page) {
  if (year < 1970 || year > 9999 || month < 1 || month > 12)
    return Status::InvalidArgument("month: out of range");
  base::CivilTime from{year, month, 1, 0, 0, 0, 0};
  base::CivilTime to = month == 12 ? base::CivilTime{year + 1, 1, 1, 0, 0, 0, 0}
                                   : base::CivilTime{year, month + 1, 1, 0, 0, 0, 0};
  ArticleQuery q;
  q.published_from = base::FromCivil(from);
  q.published_before = base::FromCivil(to);
  return List(q, page);
}

Result<std::vector<store::MonthCount>> PublishingService::ArchiveMonths() {
  return store_.ArchiveMonths(clock_.Now());
}

Result<std::vector<store::Section>> PublishingService::Sections() { return store_.ListSections(); }

Result<std::vector<store::Byline>> PublishingService::Bylines() { return store_.ListBylines(); }

Result<std::vector<Article>> PublishingService::FeedItems(std::optional<int64_t> section_id,
                                                          std::optional<int64_t> tag_id,
                                                          int limit) {
  ArticleQuery q;
  q.visible_at = clock_.Now();
  q.section_id = section_id;
  q.tag_id = tag_id;
  q.limit = limit;
  return store_.ListArticles(q);
}

Result<std::vector<Article>> PublishingService::AllVisible(ContentKind kind, int limit) {
  // The store caps one listing at kStoreBatch rows, so walk the list in batches.
  constexpr int kStoreBatch = 1000;
  ArticleQuery q;
  q.kind = kind;
  q.visible_at = clock_.Now();
  std::vector<Article> all;
  while (static_cast<int>(all.size()) < limit) {
    q.offset = static_cast<int>(all.size());
    q.limit = std::min(kStoreBatch, limit - q.offset);
    BS_ASSIGN_OR_RETURN(std::vector<Article> batch, store_.ListArticles(q));
    const bool last = static_cast<int>(batch.size()) < q.limit;
    for (auto& a : batch) all.push_back(std::move(a));
    if (last) break;
  }
  return all;
}

Result<std::optional<base::Time>> PublishingService::LastModified() {
  return store_.LastModified(clock_.Now());
}

}  // namespace publishing
