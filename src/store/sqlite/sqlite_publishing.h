#pragma once
// PublishingStore on SQLite (schema: migrations/sqlite/0001_publishing.sql).
//
// Reads run on a pooled read-only connection, each as ONE statement where it
// can (an article row carries its bylines and tags as JSON columns, see
// kArticleColumns), which is its own snapshot and spares the BEGIN/COMMIT
// round; ListRelated, which needs two statements, runs them in one read
// transaction. Writes run on the single writer connection in a BEGIN
// IMMEDIATE transaction.
//
// Beyond the interface's contract:
// - Duplicate ids in ArticleDraft::byline_ids / tag_ids are dropped (the first
//   occurrence keeps its place).
// - An empty slug, a scheduled/published draft without published_at, a
//   translation_of naming no article, and negative image sizes are InvalidArgument.
// - UpdateArticle with translation_of = nullopt puts the article in its own
//   group (the group keyed by its id), as on create.
// - ListRelated takes limit 1..1000; ArchiveMonths counts articles, not pages;
//   LastModified looks at both kinds.

#include "store/publishing_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

class SqlitePublishing final : public PublishingStore {
 public:
  // `pool` must outlive this object.
  explicit SqlitePublishing(ConnectionPool& pool) : pool_(pool) {}

  Result<int64_t> CreateByline(const Byline& b) override;
  Result<Byline> GetBylineBySlug(const std::string& slug) override;
  Result<std::vector<Byline>> ListBylines() override;
  Result<int64_t> CreateSection(const Section& s) override;
  Result<Section> GetSectionBySlug(const std::string& slug) override;
  Result<std::vector<Section>> ListSections() override;
  Result<int64_t> EnsureTag(const std::string& slug, const std::string& name) override;
  Result<Tag> GetTagBySlug(const std::string& slug) override;
  Result<std::vector<Tag>> ListTags() override;

  Result<int64_t> CreateArticle(const ArticleDraft& d, Time now) override;
  Status UpdateArticle(int64_t id, const ArticleDraft& d, int64_t expected_version,
                       Time now) override;
  Status DeleteArticle(int64_t id) override;
  Result<Article> GetArticle(int64_t id) override;
  Result<Article> GetArticleBySlug(ContentKind kind, const std::string& slug) override;
  Result<std::string> FindRedirect(ContentKind kind, const std::string& old_slug) override;
  Result<std::vector<Article>> ListArticles(const ArticleQuery& q) override;
  Result<int64_t> CountArticles(const ArticleQuery& q) override;
  Result<std::vector<Article>> ListRelated(int64_t article_id, Time visible_at,
                                           int limit) override;
  Result<std::vector<TranslationLink>> ListTranslations(int64_t article_id) override;
  Result<std::vector<MonthCount>> ArchiveMonths(Time visible_at) override;
  Result<std::optional<Time>> LastModified(Time visible_at) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace store::sqlite
