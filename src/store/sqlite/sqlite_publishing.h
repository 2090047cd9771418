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
// - created_by is read only where the bodies are (it is stored after them).
//
// Files: article writes and status changes in sqlite_publishing.cc; article
// reads and the admin listing in sqlite_article_reads.cc; bylines, sections
// and tags in sqlite_taxonomy.cc.

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

  Result<AdminArticleList> ListArticlesForAdmin(const AdminArticleQuery& q) override;
  Result<StatusCounts> CountByStatus(std::optional<ContentKind> kind, Time as_of) override;
  Status SetArticleStatus(int64_t id, ArticleStatus status, std::optional<Time> published_at,
                          int64_t expected_version, Time now) override;
  Status DeleteArticleAtVersion(int64_t id, int64_t expected_version) override;
  Result<int64_t> PublishDue(Time now) override;

  Result<Byline> GetBylineById(int64_t id) override;
  Status UpdateByline(const Byline& b) override;
  Status DeleteByline(int64_t id) override;
  Result<Section> GetSectionById(int64_t id) override;
  Status UpdateSection(const Section& s) override;
  Status DeleteSection(int64_t id, Time now) override;
  Result<Tag> GetTagById(int64_t id) override;
  Result<std::vector<TagUsage>> ListTagUsage() override;
  Status UpdateTag(const Tag& t, Time now) override;
  Status MergeTags(int64_t from, int64_t into, Time now) override;
  Status DeleteTag(int64_t id, Time now) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace store::sqlite
