// Contract tests for AccountsStore, against the SQLite adapter in a temp dir.

#include "store/accounts_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const Time kT0 = Time(seconds(1'700'000'000));

class AccountsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    auto s = OpenSqliteStore(o);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  AccountsStore& db() { return store_->accounts(); }

  int64_t MakeUser(const std::string& email, uint32_t roles = 1) {
    User u;
    u.email = email;
    u.display_name = "Name of " + email;
    u.roles = roles;
    u.created_at = kT0;
    auto id = db().CreateUser(u);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  Session MakeSession(int64_t user_id, const std::string& hash, Time at) {
    Session s;
    s.token_hash = hash;
    s.user_id = user_id;
    s.created_at = at;
    s.last_seen_at = at;
    s.expires_at = at + hours(12);
    s.ip = "127.0.0.1";
    s.user_agent = "test";
    auto id = db().CreateSession(s);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    s.id = id.ok() ? *id : 0;
    return s;
  }

  OneTimeToken MakeToken(int64_t user_id, const std::string& hash, TokenPurpose p, Time expires) {
    OneTimeToken t;
    t.token_hash = hash;
    t.user_id = user_id;
    t.purpose = p;
    t.created_at = kT0;
    t.expires_at = expires;
    EXPECT_TRUE(db().CreateToken(t).ok());
    return t;
  }

  AuditEntry Entry(Time at, std::string action, std::optional<int64_t> user = std::nullopt,
                   std::string object_type = "", std::string object_id = "") {
    AuditEntry e;
    e.at = at;
    e.user_id = user;
    e.actor = user ? "someone@example.org" : "system";
    e.action = std::move(action);
    e.object_type = std::move(object_type);
    e.object_id = std::move(object_id);
    e.detail = "d";
    e.ip = "10.0.0.1";
    return e;
  }

  test_support::TempDir dir_{"bs-accounts-store"};
  std::unique_ptr<Store> store_;
};

// --- users

TEST_F(AccountsStoreTest, CreateAndReadUser) {
  User u;
  u.email = "ana@example.org";
  u.display_name = "Ana Ruiz";
  u.password_hash = "$argon2id$fake";
  u.roles = 0b101;
  u.created_at = kT0;
  u.password_changed_at = kT0 + seconds(5);
  auto id = db().CreateUser(u);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  auto got = db().GetUser(*id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->email, "ana@example.org");
  EXPECT_EQ(got->display_name, "Ana Ruiz");
  EXPECT_EQ(got->password_hash, "$argon2id$fake");
  EXPECT_EQ(got->roles, 0b101u);
  EXPECT_FALSE(got->byline_id.has_value());
  EXPECT_FALSE(got->disabled);
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(got->password_changed_at, kT0 + seconds(5));

  auto by_email = db().GetUserByEmail("ana@example.org");
  ASSERT_TRUE(by_email.ok());
  EXPECT_EQ(by_email->id, *id);
}

TEST_F(AccountsStoreTest, DuplicateEmailIsConflict) {
  MakeUser("ana@example.org");
  User u;
  u.email = "ana@example.org";
  u.created_at = kT0;
  EXPECT_EQ(db().CreateUser(u).status().code(), base::StatusCode::kConflict);

  const int64_t bo = MakeUser("bo@example.org");
  auto b = db().GetUser(bo);
  ASSERT_TRUE(b.ok());
  b->email = "ana@example.org";
  EXPECT_TRUE(db().UpdateUser(*b).IsConflict());
}

TEST_F(AccountsStoreTest, UnknownUsersAreNotFound) {
  EXPECT_TRUE(db().GetUser(42).status().IsNotFound());
  EXPECT_TRUE(db().GetUserByEmail("nobody@example.org").status().IsNotFound());
  User u;
  u.id = 42;
  u.email = "x@example.org";
  EXPECT_TRUE(db().UpdateUser(u).IsNotFound());
  EXPECT_TRUE(db().SetPasswordHash(42, "h", kT0).IsNotFound());
}

TEST_F(AccountsStoreTest, UpdateUserChangesProfileButNotPassword) {
  const int64_t id = MakeUser("ana@example.org");
  ASSERT_TRUE(db().SetPasswordHash(id, "hash-1", kT0 + minutes(1)).ok());
  auto u = db().GetUser(id);
  ASSERT_TRUE(u.ok());
  u->email = "ana.ruiz@example.org";
  u->display_name = "Ana R.";
  u->roles = 0b110;
  u->disabled = true;
  u->password_hash = "ignored";
  ASSERT_TRUE(db().UpdateUser(*u).ok());

  auto got = db().GetUser(id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->email, "ana.ruiz@example.org");
  EXPECT_EQ(got->display_name, "Ana R.");
  EXPECT_EQ(got->roles, 0b110u);
  EXPECT_TRUE(got->disabled);
  EXPECT_EQ(got->password_hash, "hash-1");
  EXPECT_EQ(got->password_changed_at, kT0 + minutes(1));
}

TEST_F(AccountsStoreTest, BylineMustExist) {
  const int64_t id = MakeUser("ana@example.org");
  auto u = db().GetUser(id);
  ASSERT_TRUE(u.ok());
  u->byline_id = 999;
  EXPECT_TRUE(db().UpdateUser(*u).IsInvalidArgument());

  Byline b;
  b.slug = "ana-ruiz";
  b.name = "Ana Ruiz";
  auto byline = store_->publishing().CreateByline(b);
  ASSERT_TRUE(byline.ok());
  u->byline_id = *byline;
  ASSERT_TRUE(db().UpdateUser(*u).ok());
  EXPECT_EQ(db().GetUser(id)->byline_id, *byline);
}

TEST_F(AccountsStoreTest, ListAndCountUsersByEmail) {
  EXPECT_EQ(*db().CountUsers(), 0);
  MakeUser("carla@example.org");
  MakeUser("ana@example.org");
  MakeUser("bo@example.org");
  auto all = db().ListUsers();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].email, "ana@example.org");
  EXPECT_EQ((*all)[1].email, "bo@example.org");
  EXPECT_EQ((*all)[2].email, "carla@example.org");
  EXPECT_EQ(*db().CountUsers(), 3);
}

// --- sessions

TEST_F(AccountsStoreTest, SessionRoundTripAndUniqueHash) {
  const int64_t ana = MakeUser("ana@example.org");
  Session s = MakeSession(ana, "hash-a", kT0);
  auto got = db().GetSessionByTokenHash("hash-a");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, s.id);
  EXPECT_EQ(got->user_id, ana);
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(got->expires_at, kT0 + hours(12));
  EXPECT_EQ(got->ip, "127.0.0.1");
  EXPECT_EQ(got->user_agent, "test");

  Session dup = s;
  EXPECT_TRUE(db().CreateSession(dup).status().IsConflict());
  EXPECT_TRUE(db().GetSessionByTokenHash("nope").status().IsNotFound());

  ASSERT_TRUE(db().TouchSession(s.id, kT0 + minutes(3)).ok());
  EXPECT_EQ(db().GetSessionByTokenHash("hash-a")->last_seen_at, kT0 + minutes(3));
  EXPECT_TRUE(db().TouchSession(9999, kT0).IsNotFound());
}

TEST_F(AccountsStoreTest, SessionForUnknownUserIsRejected) {
  Session s;
  s.token_hash = "h";
  s.user_id = 77;
  EXPECT_FALSE(db().CreateSession(s).ok());
}

TEST_F(AccountsStoreTest, DeleteSessions) {
  const int64_t ana = MakeUser("ana@example.org");
  const int64_t bo = MakeUser("bo@example.org");
  Session a1 = MakeSession(ana, "a1", kT0);
  Session a2 = MakeSession(ana, "a2", kT0);
  Session a3 = MakeSession(ana, "a3", kT0);
  MakeSession(bo, "b1", kT0);

  ASSERT_TRUE(db().DeleteSession(a1.id).ok());
  EXPECT_TRUE(db().DeleteSession(a1.id).IsNotFound());
  EXPECT_TRUE(db().GetSessionByTokenHash("a1").status().IsNotFound());

  auto n = db().DeleteUserSessions(ana, a3.id);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(db().GetSessionByTokenHash("a2").status().IsNotFound());
  EXPECT_TRUE(db().GetSessionByTokenHash("a3").ok());

  n = db().DeleteUserSessions(ana, std::nullopt);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_TRUE(db().GetSessionByTokenHash("a3").status().IsNotFound());
  EXPECT_TRUE(db().GetSessionByTokenHash("b1").ok());
  (void)a2;
}

TEST_F(AccountsStoreTest, DeleteStaleSessions) {
  const int64_t ana = MakeUser("ana@example.org");
  const Time now = kT0 + hours(20);
  MakeSession(ana, "expired", kT0);  // expires kT0+12h
  Session idle = MakeSession(ana, "idle", now - hours(3));
  Session fresh = MakeSession(ana, "fresh", now - hours(3));
  ASSERT_TRUE(db().TouchSession(fresh.id, now - minutes(5)).ok());
  Session edge = MakeSession(ana, "edge", now - hours(3));
  ASSERT_TRUE(db().TouchSession(edge.id, now - hours(2)).ok());  // exactly at the cutoff

  auto n = db().DeleteStaleSessions(now, now - hours(2));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 3);
  EXPECT_TRUE(db().GetSessionByTokenHash("expired").status().IsNotFound());
  EXPECT_TRUE(db().GetSessionByTokenHash("idle").status().IsNotFound());
  EXPECT_TRUE(db().GetSessionByTokenHash("edge").status().IsNotFound());
  EXPECT_TRUE(db().GetSessionByTokenHash("fresh").ok());
  (void)idle;
}

// --- one-time tokens

TEST_F(AccountsStoreTest, TokenIsConsumedOnce) {
  const int64_t ana = MakeUser("ana@example.org");
  MakeToken(ana, "tok", TokenPurpose::kResetPassword, kT0 + minutes(30));

  auto before = db().GetToken("tok");
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(before->used_at.has_value());
  EXPECT_EQ(before->purpose, TokenPurpose::kResetPassword);
  EXPECT_EQ(before->user_id, ana);

  auto t = db().ConsumeToken("tok", TokenPurpose::kResetPassword, kT0 + minutes(1));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->user_id, ana);
  EXPECT_EQ(t->used_at, kT0 + minutes(1));

  auto again = db().ConsumeToken("tok", TokenPurpose::kResetPassword, kT0 + minutes(2));
  EXPECT_EQ(again.status().code(), base::StatusCode::kPermissionDenied);
  EXPECT_EQ(db().GetToken("tok")->used_at, kT0 + minutes(1));
}

TEST_F(AccountsStoreTest, TokenUnknownWrongPurposeAndExpired) {
  const int64_t ana = MakeUser("ana@example.org");
  MakeToken(ana, "inv", TokenPurpose::kSetPassword, kT0 + minutes(30));
  EXPECT_TRUE(db().GetToken("nope").status().IsNotFound());
  EXPECT_TRUE(db().ConsumeToken("nope", TokenPurpose::kSetPassword, kT0).status().IsNotFound());
  EXPECT_TRUE(db().ConsumeToken("inv", TokenPurpose::kResetPassword, kT0).status().IsNotFound());
  // expires_at is exclusive.
  EXPECT_EQ(db().ConsumeToken("inv", TokenPurpose::kSetPassword, kT0 + minutes(30)).status().code(),
            base::StatusCode::kPermissionDenied);
  EXPECT_FALSE(db().GetToken("inv")->used_at.has_value());
  EXPECT_TRUE(db().ConsumeToken("inv", TokenPurpose::kSetPassword, kT0 + minutes(29)).ok());
}

TEST_F(AccountsStoreTest, TokenDuplicatesAndUnknownUser) {
  const int64_t ana = MakeUser("ana@example.org");
  MakeToken(ana, "tok", TokenPurpose::kSetPassword, kT0 + minutes(30));
  OneTimeToken dup;
  dup.token_hash = "tok";
  dup.user_id = ana;
  EXPECT_TRUE(db().CreateToken(dup).IsConflict());
  OneTimeToken orphan;
  orphan.token_hash = "orphan";
  orphan.user_id = 999;
  EXPECT_FALSE(db().CreateToken(orphan).ok());
}

TEST_F(AccountsStoreTest, RevokeTokensOnlyTouchesThatUserAndPurpose) {
  const int64_t ana = MakeUser("ana@example.org");
  const int64_t bo = MakeUser("bo@example.org");
  MakeToken(ana, "ana-reset", TokenPurpose::kResetPassword, kT0 + hours(1));
  MakeToken(ana, "ana-invite", TokenPurpose::kSetPassword, kT0 + hours(1));
  MakeToken(bo, "bo-reset", TokenPurpose::kResetPassword, kT0 + hours(1));
  ASSERT_TRUE(db().RevokeTokens(ana, TokenPurpose::kResetPassword).ok());

  const Time now = kT0 + minutes(1);
  EXPECT_EQ(db().ConsumeToken("ana-reset", TokenPurpose::kResetPassword, now).status().code(),
            base::StatusCode::kPermissionDenied);
  EXPECT_TRUE(db().ConsumeToken("ana-invite", TokenPurpose::kSetPassword, now).ok());
  EXPECT_TRUE(db().ConsumeToken("bo-reset", TokenPurpose::kResetPassword, now).ok());
}

TEST_F(AccountsStoreTest, ConcurrentConsumersExactlyOneWins) {
  const int64_t ana = MakeUser("ana@example.org");
  for (int round = 0; round < 5; ++round) {
    const std::string hash = "race-" + std::to_string(round);
    MakeToken(ana, hash, TokenPurpose::kResetPassword, kT0 + hours(1));
    std::atomic<int> wins{0}, denied{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        while (!go.load()) std::this_thread::yield();
        auto r = db().ConsumeToken(hash, TokenPurpose::kResetPassword, kT0 + minutes(1));
        if (r.ok()) {
          ++wins;
        } else if (r.status().code() == base::StatusCode::kPermissionDenied) {
          ++denied;
        } else {
          ++other;
        }
      });
    }
    go = true;
    for (auto& t : threads) t.join();
    EXPECT_EQ(wins.load(), 1);
    EXPECT_EQ(denied.load(), 7);
    EXPECT_EQ(other.load(), 0);
  }
}

// --- login failures

TEST_F(AccountsStoreTest, LoginFailuresWindow) {
  const int64_t ana = MakeUser("ana@example.org");
  const int64_t bo = MakeUser("bo@example.org");
  auto none = db().GetLoginFailures(ana, kT0);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->count, 0);
  EXPECT_FALSE(none->last.has_value());

  ASSERT_TRUE(db().RecordLoginFailure(ana, "1.2.3.4", kT0).ok());
  ASSERT_TRUE(db().RecordLoginFailure(ana, "1.2.3.4", kT0 + minutes(30)).ok());
  ASSERT_TRUE(db().RecordLoginFailure(ana, "1.2.3.4", kT0 + minutes(50)).ok());
  ASSERT_TRUE(db().RecordLoginFailure(bo, "1.2.3.4", kT0 + minutes(55)).ok());

  auto f = db().GetLoginFailures(ana, kT0 + minutes(30));  // inclusive
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->count, 2);
  EXPECT_EQ(f->last, kT0 + minutes(50));

  f = db().GetLoginFailures(ana, kT0 + hours(2));
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->count, 0);
  EXPECT_EQ(f->last, kT0 + minutes(50));  // of any age

  ASSERT_TRUE(db().ClearLoginFailures(ana).ok());
  f = db().GetLoginFailures(ana, kT0);
  EXPECT_EQ(f->count, 0);
  EXPECT_FALSE(f->last.has_value());
  EXPECT_EQ(db().GetLoginFailures(bo, kT0)->count, 1);
}

TEST_F(AccountsStoreTest, OldLoginFailuresArePruned) {
  const int64_t ana = MakeUser("ana@example.org");
  ASSERT_TRUE(db().RecordLoginFailure(ana, "", kT0).ok());
  ASSERT_TRUE(db().RecordLoginFailure(ana, "", kT0 + hours(30)).ok());
  auto f = db().GetLoginFailures(ana, kT0);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->count, 1);
  EXPECT_EQ(f->last, kT0 + hours(30));
}

// --- audit log

TEST_F(AccountsStoreTest, AuditRoundTripNewestFirst) {
  AuditEntry e = Entry(kT0, "user.login", 7, "user", "7");
  auto id1 = db().AppendAudit(e);
  ASSERT_TRUE(id1.ok());
  auto id2 = db().AppendAudit(Entry(kT0, "user.logout", 7, "user", "7"));  // same second
  auto id3 = db().AppendAudit(Entry(kT0 - minutes(1), "system.start"));
  ASSERT_TRUE(id2.ok() && id3.ok());

  AuditQuery q;
  auto all = db().ListAudit(q);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, *id2);  // same time: higher id first
  EXPECT_EQ((*all)[1].id, *id1);
  EXPECT_EQ((*all)[2].id, *id3);
  const AuditEntry& got = (*all)[1];
  EXPECT_EQ(got.at, kT0);
  EXPECT_EQ(got.user_id, 7);
  EXPECT_EQ(got.actor, "someone@example.org");
  EXPECT_EQ(got.action, "user.login");
  EXPECT_EQ(got.object_type, "user");
  EXPECT_EQ(got.object_id, "7");
  EXPECT_EQ(got.detail, "d");
  EXPECT_EQ(got.ip, "10.0.0.1");
  EXPECT_FALSE((*all)[2].user_id.has_value());
  EXPECT_EQ(*db().CountAudit(q), 3);
}

TEST_F(AccountsStoreTest, AuditRequiresAction) {
  EXPECT_TRUE(db().AppendAudit(Entry(kT0, "")).status().IsInvalidArgument());
}

TEST_F(AccountsStoreTest, AuditFilters) {
  ASSERT_TRUE(db().AppendAudit(Entry(kT0, "article.publish", 1, "article", "10")).ok());
  ASSERT_TRUE(db().AppendAudit(Entry(kT0 + seconds(1), "article.delete", 2, "article", "11")).ok());
  ASSERT_TRUE(db().AppendAudit(Entry(kT0 + seconds(2), "articles.x", 1)).ok());
  ASSERT_TRUE(db().AppendAudit(Entry(kT0 + seconds(3), "article", 1)).ok());
  ASSERT_TRUE(db().AppendAudit(Entry(kT0 + seconds(4), "user.login", 2, "user", "2")).ok());

  auto count = [&](const AuditQuery& q) {
    auto n = db().CountAudit(q);
    EXPECT_TRUE(n.ok());
    auto rows = db().ListAudit(q);
    EXPECT_TRUE(rows.ok());
    EXPECT_EQ(static_cast<int64_t>(rows->size()), *n);
    return *n;
  };
  AuditQuery q;
  q.action = "article.";  // prefix: not "articles.x", not "article"
  EXPECT_EQ(count(q), 2);
  q.action = "article.publish";
  EXPECT_EQ(count(q), 1);
  q.action = "article";  // exact
  EXPECT_EQ(count(q), 1);

  q = AuditQuery{};
  q.user_id = 1;
  EXPECT_EQ(count(q), 3);
  q.object_type = "article";
  EXPECT_EQ(count(q), 1);

  q = AuditQuery{};
  q.object_type = "article";
  q.object_id = "11";
  EXPECT_EQ(count(q), 1);

  q = AuditQuery{};
  q.from = kT0 + seconds(1);
  q.before = kT0 + seconds(4);  // [from, before)
  EXPECT_EQ(count(q), 3);
}

TEST_F(AccountsStoreTest, AuditPaging) {
  for (int i = 0; i < 25; ++i) {
    ASSERT_TRUE(
        db().AppendAudit(Entry(kT0 + seconds(i), "x.y", std::nullopt, "n", std::to_string(i)))
            .ok());
  }
  AuditQuery q;
  q.limit = 10;
  q.offset = 20;
  auto page = db().ListAudit(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 5u);
  EXPECT_EQ(page->front().object_id, "4");
  EXPECT_EQ(page->back().object_id, "0");
  EXPECT_EQ(*db().CountAudit(q), 25);  // paging does not affect the count

  q.offset = 0;
  page = db().ListAudit(q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->front().object_id, "24");

  q.limit = 0;
  EXPECT_TRUE(db().ListAudit(q).status().IsInvalidArgument());
  q.limit = 1001;
  EXPECT_TRUE(db().ListAudit(q).status().IsInvalidArgument());
  q.limit = 10;
  q.offset = -1;
  EXPECT_TRUE(db().ListAudit(q).status().IsInvalidArgument());
}

// The store has no way to change the log; the database refuses too, even to
// someone with a raw connection.
TEST_F(AccountsStoreTest, AuditRowsCannotBeChangedInTheDatabase) {
  ASSERT_TRUE(db().AppendAudit(Entry(kT0, "user.login", 1)).ok());
  store_->Close();
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("test.db").c_str(), &raw), SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "UPDATE audit_log SET action = 'forged'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw, "DELETE FROM audit_log", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(raw, "SELECT COUNT(*), MAX(action) FROM audit_log", -1, &q, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(q, 0), 1);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)), "user.login");
  sqlite3_finalize(q);
  sqlite3_close(raw);
}

}  // namespace
}  // namespace store
