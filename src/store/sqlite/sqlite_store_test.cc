// SQLite specifics: pragmas, migrations, reopening, the connection pool under
// concurrent use, and error mapping. Backend-neutral behaviour is in
// store_conformance_test.cc.

#include "store/sqlite/sqlite_store.h"

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/migration.h"
#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

const Time kT0 = Time(std::chrono::seconds(1767225600));  // 2026-01-01T00:00:00Z

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/bs_sqlite_test_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/test.db";
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  SqliteOptions Options(int readers = 2) const {
    SqliteOptions o;
    o.path = path_;
    o.read_connections = readers;
    return o;
  }
  std::unique_ptr<Store> Open(int readers = 2) {
    auto s = OpenSqliteStore(Options(readers));
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  // A separate raw connection for looking at the file from outside the store.
  std::unique_ptr<Connection> Raw() {
    auto c = Connection::Open(path_, SQLITE_OPEN_READWRITE, 1000);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(c).value() : nullptr;
  }
  int64_t Int(Connection& c, const std::string& sql) {
    auto v = c.QueryInt(sql);
    EXPECT_TRUE(v.ok()) << sql << ": " << v.status().ToString();
    return v.ok() ? *v : -1;
  }
  static ArticleDraft Draft(const std::string& slug) {
    ArticleDraft d;
    d.slug = slug;
    d.title = slug;
    d.status = ArticleStatus::kPublished;
    d.published_at = kT0;
    return d;
  }

  std::string dir_, path_;
};

TEST_F(SqliteStoreTest, WalIsOnAndPersists) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto raw = Raw();
  auto q = raw->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(*(*q)->Step());
  EXPECT_EQ((*q)->Text(0), "wal");
}

TEST_F(SqliteStoreTest, ForeignKeysAreEnforcedAndCascade) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto& ps = store->publishing();
  Byline b;
  b.slug = "b";
  b.name = "B";
  ArticleDraft d = Draft("x");
  d.byline_ids = {*ps.CreateByline(b)};
  d.tag_ids = {*ps.EnsureTag("t", "T")};
  auto id = ps.CreateArticle(d, kT0);
  ASSERT_TRUE(id.ok());
  auto raw = Raw();
  EXPECT_EQ(Int(*raw, "SELECT COUNT(*) FROM article_bylines"), 1);
  ASSERT_TRUE(ps.DeleteArticle(*id).ok());
  // ON DELETE CASCADE only runs with foreign_keys=ON on the writer.
  EXPECT_EQ(Int(*raw, "SELECT COUNT(*) FROM article_bylines"), 0);
  EXPECT_EQ(Int(*raw, "SELECT COUNT(*) FROM article_tags"), 0);
}

TEST_F(SqliteStoreTest, RecordsAppliedMigrations) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto raw = Raw();
  ASSERT_FALSE(kSqliteMigrations.empty());
  EXPECT_EQ(Int(*raw, "SELECT MAX(version) FROM schema_migrations"),
            kSqliteMigrations.back().number);
  EXPECT_EQ(Int(*raw, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(kSqliteMigrations.size()));
}

TEST_F(SqliteStoreTest, FailedMigrationOnFreshDatabaseLeavesItEmpty) {
  std::vector<Migration> broken = kSqliteMigrations;
  broken.push_back({9001, "9001_broken", "CREATE TABLE half_done (a INTEGER);\n"
                                         "INSERT INTO no_such_table VALUES (1);"});
  auto s = OpenSqliteStoreWith(Options(), broken);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsInternal()) << s.status().ToString();
  // The header promises the migration is named (for the operator).
  EXPECT_NE(s.status().message().find("9001_broken"), std::string::npos);
  auto raw = Raw();
  EXPECT_EQ(Int(*raw, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'"), 0);
}

TEST_F(SqliteStoreTest, FailedMigrationLeavesExistingDataAndVersion) {
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    ASSERT_TRUE(store->publishing().CreateArticle(Draft("kept"), kT0).ok());
  }
  std::vector<Migration> broken = kSqliteMigrations;
  broken.push_back({9001, "9001_ok", "CREATE TABLE fine (a INTEGER);"});
  broken.push_back({9002, "9002_bad", "DROP TABLE articles_misspelled;"});
  auto s = OpenSqliteStoreWith(Options(), broken);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("9002_bad"), std::string::npos);

  auto raw = Raw();
  EXPECT_EQ(Int(*raw, "SELECT MAX(version) FROM schema_migrations"),
            kSqliteMigrations.back().number);
  EXPECT_EQ(Int(*raw, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'fine'"), 0);
  raw.reset();
  auto store = Open();  // still opens with the real list
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->publishing().GetArticleBySlug(ContentKind::kArticle, "kept").ok());
}

TEST_F(SqliteStoreTest, RefusesNewerSchema) {
  std::vector<Migration> newer = kSqliteMigrations;
  newer.push_back({9999, "9999_future", "CREATE TABLE future (a INTEGER);"});
  {
    auto s = OpenSqliteStoreWith(Options(), newer);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
  }
  auto s = OpenSqliteStore(Options());
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsInternal());
}

TEST_F(SqliteStoreTest, RejectsOutOfOrderMigrations) {
  std::vector<Migration> list = {{2, "0002_b", "CREATE TABLE b (a INTEGER);"},
                                 {1, "0001_a", "CREATE TABLE a (a INTEGER);"}};
  EXPECT_FALSE(OpenSqliteStoreWith(Options(), list).ok());
}

TEST_F(SqliteStoreTest, ReopenKeepsDataAndAppliesNothingTwice) {
  int64_t id = 0;
  {
    auto store = Open();
    ASSERT_NE(store, nullptr);
    auto created = store->publishing().CreateArticle(Draft("kept"), kT0);
    ASSERT_TRUE(created.ok());
    id = *created;
    store->Close();
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto a = store->publishing().GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->slug, "kept");
  auto raw = Raw();
  EXPECT_EQ(Int(*raw, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(kSqliteMigrations.size()));
}

TEST_F(SqliteStoreTest, RejectsBadOptions) {
  SqliteOptions o = Options();
  o.path = ":memory:";
  EXPECT_TRUE(OpenSqliteStore(o).status().IsInvalidArgument());
  o = Options(0);
  EXPECT_TRUE(OpenSqliteStore(o).status().IsInvalidArgument());
  o = Options();
  o.path = dir_ + "/missing/dir/test.db";
  EXPECT_FALSE(OpenSqliteStore(o).ok());
}

TEST_F(SqliteStoreTest, ConcurrentReadersAndAWriter) {
  auto store = Open(/*readers=*/2);  // fewer connections than reader threads
  ASSERT_NE(store, nullptr);
  auto& ps = store->publishing();
  ASSERT_TRUE(ps.CreateArticle(Draft("seed"), kT0).ok());

  constexpr int kWrites = 40;
  constexpr int kReaders = 4;
  std::atomic<int> failures{0};
  std::atomic<bool> writer_done{false};
  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    for (int i = 0; i < kWrites; ++i) {
      ArticleDraft d = Draft("w" + std::to_string(i));
      d.tag_ids = {*ps.EnsureTag("t" + std::to_string(i % 3), "T")};
      auto id = ps.CreateArticle(d, kT0);
      if (!id.ok() || !ps.UpdateArticle(*id, d, 1, kT0).ok()) ++failures;
    }
    writer_done = true;
  });
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&] {
      int64_t last_count = 0;
      for (int i = 0; i < 200 && !(writer_done && i > 20); ++i) {
        if (!ps.GetArticleBySlug(ContentKind::kArticle, "seed").ok()) ++failures;
        ArticleQuery q;
        q.visible_at = kT0;
        auto list = ps.ListArticles(q);
        auto count = ps.CountArticles(q);
        if (!list.ok() || !count.ok()) {
          ++failures;
          continue;
        }
        if (*count < last_count) ++failures;  // commits never go backwards
        last_count = *count;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  ArticleQuery q;
  EXPECT_EQ(*ps.CountArticles(q), kWrites + 1);
}

TEST_F(SqliteStoreTest, CloseWaitsForBorrowedConnectionsAndWakesWaiters) {
  auto store = Open(/*readers=*/1);
  ASSERT_NE(store, nullptr);
  std::atomic<int> ok{0}, unavailable{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        Status s = store->Ping();
        if (s.ok()) {
          ++ok;
        } else if (s.IsUnavailable()) {
          ++unavailable;
        }
      }
    });
  }
  store->Close();
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok + unavailable, 150);  // every call answered, none hung or failed oddly
  EXPECT_TRUE(store->Ping().IsUnavailable());
}

// --- sqlite_db.h

TEST_F(SqliteStoreTest, ErrorCodesMapToStatus) {
  auto c = Connection::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0);
  ASSERT_TRUE(c.ok());
  Connection& conn = **c;
  ASSERT_TRUE(conn.Exec("PRAGMA foreign_keys = ON;"
                        "CREATE TABLE p (id INTEGER PRIMARY KEY, u TEXT UNIQUE);"
                        "CREATE TABLE k (p INTEGER REFERENCES p (id));"
                        "INSERT INTO p VALUES (1, 'a');")
                  .ok());
  EXPECT_TRUE(conn.Exec("INSERT INTO p VALUES (2, 'a')").IsConflict());
  EXPECT_TRUE(conn.Exec("INSERT INTO p VALUES (1, 'b')").IsConflict());
  EXPECT_TRUE(conn.Exec("INSERT INTO k VALUES (7)").IsInvalidArgument());
  EXPECT_TRUE(conn.Exec("SELEKT 1").IsInternal());
  EXPECT_TRUE(conn.Prepare("SELECT nope FROM p").status().IsInternal());

  auto other = Connection::Open(path_, SQLITE_OPEN_READWRITE, 0);  // no busy wait
  ASSERT_TRUE(other.ok());
  auto tx = Transaction::Begin(conn, Transaction::Mode::kWrite);
  ASSERT_TRUE(tx.ok());
  EXPECT_TRUE(Transaction::Begin(**other, Transaction::Mode::kWrite).status().IsUnavailable());
}

TEST_F(SqliteStoreTest, TransactionRollsBackUnlessCommitted) {
  auto c = Connection::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0);
  ASSERT_TRUE(c.ok());
  Connection& conn = **c;
  ASSERT_TRUE(conn.Exec("CREATE TABLE t (a INTEGER)").ok());
  {
    auto tx = Transaction::Begin(conn, Transaction::Mode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(conn.Exec("INSERT INTO t VALUES (1)").ok());
  }
  EXPECT_EQ(Int(conn, "SELECT COUNT(*) FROM t"), 0);
  {
    auto tx = Transaction::Begin(conn, Transaction::Mode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(conn.Exec("INSERT INTO t VALUES (1)").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(Int(conn, "SELECT COUNT(*) FROM t"), 1);
}

TEST_F(SqliteStoreTest, NestedUseOfACachedStatementGetsItsOwnCopy) {
  auto c = Connection::Open(path_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, 0);
  ASSERT_TRUE(c.ok());
  Connection& conn = **c;
  ASSERT_TRUE(conn.Exec("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2);").ok());
  const std::string sql = "SELECT a FROM t ORDER BY a";
  auto outer = conn.Prepare(sql);
  ASSERT_TRUE(outer.ok());
  ASSERT_TRUE(*(*outer)->Step());
  EXPECT_EQ((*outer)->Int64(0), 1);
  {
    auto inner = conn.Prepare(sql);
    ASSERT_TRUE(inner.ok());
    ASSERT_TRUE(*(*inner)->Step());
    EXPECT_EQ((*inner)->Int64(0), 1);
  }
  ASSERT_TRUE(*(*outer)->Step());  // the outer cursor was not disturbed
  EXPECT_EQ((*outer)->Int64(0), 2);
}

// --- relation columns (JSON written by SQLite, read by ParseBylines/ParseTags)

TEST(SqliteRowsTest, ParsesRelationJsonWithEscapesAndSortsIt) {
  std::vector<Byline> bylines;
  ASSERT_TRUE(ParseBylines(R"([[7,"b","Q \"x\" \\ y","body","t\n\t","<p>é</p>","p.jpg",2],)"
                           R"([3,"a","\u00e9\ud83d\ude00\/","person","","","",1]])",
                           bylines)
                  .ok());
  ASSERT_EQ(bylines.size(), 2u);
  EXPECT_EQ(bylines[0].id, 3);  // by position, not as listed
  EXPECT_EQ(bylines[0].name, "\xc3\xa9\xf0\x9f\x98\x80/");
  EXPECT_EQ(bylines[0].kind, BylineKind::kPerson);
  EXPECT_EQ(bylines[1].name, "Q \"x\" \\ y");
  EXPECT_EQ(bylines[1].kind, BylineKind::kBody);
  EXPECT_EQ(bylines[1].title, "t\n\t");
  EXPECT_EQ(bylines[1].bio_html, "<p>é</p>");
  EXPECT_EQ(bylines[1].photo_path, "p.jpg");

  std::vector<Tag> tags;
  ASSERT_TRUE(ParseTags(R"([[5,"z","Zeta"],[9,"b2","Beta"],[2,"b1","Beta"]])", tags).ok());
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0].id, 2);  // by name, then id
  EXPECT_EQ(tags[1].id, 9);
  EXPECT_EQ(tags[2].slug, "z");

  tags.clear();
  EXPECT_TRUE(ParseTags("[]", tags).ok());
  EXPECT_TRUE(tags.empty());
}

TEST(SqliteRowsTest, MalformedRelationJsonIsInternal) {
  const char* bad_tags[] = {
      "",                         // empty
      "[",                        // unterminated
      "[[1,\"a\"]]",              // too few fields
      "[[1,\"a\",\"b\",\"c\"]]",  // too many
      "[[\"1\",\"a\",\"b\"]]",    // id not a number
      "[[1,\"a\",\"b\"]]x",       // trailing text
      "[[1,\"a\",\"b\"],]",       // trailing comma
      "[[1,\"a\",\"b]]",          // unterminated string
      "[[1,\"a\",\"\\q\"]]",      // unknown escape
      "[[1,\"a\",\"\\u12\"]]",    // short \u escape
      "[[1,\"a\",\"\\udc00\"]]",  // lone low surrogate
      "[[1,\"a\",\"\\ud83d\"]]",  // high surrogate without its pair
      "null",
  };
  for (const char* json : bad_tags) {
    std::vector<Tag> tags;
    EXPECT_TRUE(ParseTags(json, tags).IsInternal()) << json;
  }
  std::vector<Byline> bylines;
  EXPECT_TRUE(ParseBylines("[[1,\"s\",\"n\",\"person\",\"\",\"\",\"\"]]", bylines).IsInternal());
  EXPECT_TRUE(
      ParseBylines("[[1,\"s\",\"n\",\"person\",\"\",\"\",\"\",99999999999]]", bylines)
          .IsInternal());  // position out of int range
}

// Every character class SQLite escapes in JSON survives the trip through the
// store's relation columns, on every read path.
TEST_F(SqliteStoreTest, RelationsRoundTripAwkwardText) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  PublishingStore& ps = store->publishing();
  const std::string awkward = "q\"b\\s/\n\r\t\b\f\x01\x1f <p class=\"x\">é 罷工 ✊</p>";
  Byline b;
  b.slug = "odd";
  b.name = awkward;
  b.title = awkward;
  b.bio_html = awkward;
  b.photo_path = awkward;
  b.kind = BylineKind::kBody;
  auto bid = ps.CreateByline(b);
  ASSERT_TRUE(bid.ok()) << bid.status().ToString();
  auto tid = ps.EnsureTag("odd", awkward);
  ASSERT_TRUE(tid.ok());
  auto plain = ps.EnsureTag("plain", "Plain");
  ASSERT_TRUE(plain.ok());
  ArticleDraft d = Draft("a");
  d.byline_ids = {*bid};
  d.tag_ids = {*tid, *plain};
  ASSERT_TRUE(ps.CreateArticle(d, kT0).ok());
  d = Draft("b");
  d.tag_ids = {*tid};
  auto other = ps.CreateArticle(d, kT0);
  ASSERT_TRUE(other.ok());

  auto check = [&](const Article& a) {
    ASSERT_EQ(a.bylines.size(), 1u);
    EXPECT_EQ(a.bylines[0].id, *bid);
    EXPECT_EQ(a.bylines[0].name, awkward);
    EXPECT_EQ(a.bylines[0].title, awkward);
    EXPECT_EQ(a.bylines[0].bio_html, awkward);
    EXPECT_EQ(a.bylines[0].photo_path, awkward);
    EXPECT_EQ(a.bylines[0].kind, BylineKind::kBody);
    ASSERT_EQ(a.tags.size(), 2u);
    EXPECT_EQ(a.tags[0].name, "Plain");  // 'P' sorts before 'q'
    EXPECT_EQ(a.tags[1].name, awkward);
  };
  auto got = ps.GetArticleBySlug(ContentKind::kArticle, "a");
  ASSERT_TRUE(got.ok());
  check(*got);
  ArticleQuery q;
  q.tag_id = *plain;
  auto listed = ps.ListArticles(q);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  check(listed->front());
  auto related = ps.ListRelated(*other, kT0, 1);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 1u);
  check(related->front());
}

// Ties on shared tags go to the newest, then the highest id, whatever the
// order the articles were created in; and articles sharing no tag fill up
// after them even when every newest article shares tags.
TEST_F(SqliteStoreTest, RelatedBreaksTiesByNewestThenIdAndFillsAfterTagged) {
  auto store = Open();
  ASSERT_NE(store, nullptr);
  PublishingStore& ps = store->publishing();
  auto tag = ps.EnsureTag("t", "T");
  ASSERT_TRUE(tag.ok());
  auto create = [&](const std::string& slug, Time at, bool tagged) {
    ArticleDraft d = Draft(slug);
    d.published_at = at;
    if (tagged) d.tag_ids = {*tag};
    auto id = ps.CreateArticle(d, kT0);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  };
  using std::chrono::hours;
  create("untagged-old", kT0 - hours(50), false);
  create("newest", kT0 - hours(1), true);  // lowest id among the tagged
  create("middle", kT0 - hours(3), true);
  create("tie-low-id", kT0 - hours(5), true);
  create("tie-high-id", kT0 - hours(5), true);
  create("untagged-new", kT0 - hours(40), false);
  const int64_t self = create("self", kT0 - hours(2), true);

  auto slugs = [&](int limit) {
    std::vector<std::string> out;
    auto list = ps.ListRelated(self, kT0, limit);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    if (list.ok()) {
      for (const Article& a : *list) out.push_back(a.slug);
    }
    return out;
  };
  EXPECT_EQ(slugs(3), (std::vector<std::string>{"newest", "middle", "tie-high-id"}));
  EXPECT_EQ(slugs(6), (std::vector<std::string>{"newest", "middle", "tie-high-id", "tie-low-id",
                                                "untagged-new", "untagged-old"}));
  EXPECT_EQ(slugs(100).size(), 6u);
}

}  // namespace
}  // namespace store::sqlite
