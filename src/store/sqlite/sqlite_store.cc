#include "store/sqlite/sqlite_store.h"

#include <string>
#include <utility>

#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_donations.h"
#include "store/sqlite/sqlite_mail.h"
#include "store/sqlite/sqlite_mailbag.h"
#include "store/sqlite/sqlite_members.h"
#include "store/sqlite/sqlite_media.h"
#include "store/sqlite/sqlite_publishing.h"
#include "store/sqlite/sqlite_search.h"
#include "store/sqlite/sqlite_settings.h"

namespace store::sqlite {
namespace {

constexpr char kCreateMigrationsTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at TEXT NOT NULL) STRICT";

Status ApplyPragmas(Connection& conn, int busy_timeout_ms, bool writer) {
  std::string sql = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = " +
                    std::to_string(busy_timeout_ms) + "; PRAGMA synchronous = NORMAL;";
  if (writer) sql += " PRAGMA journal_mode = WAL;";
  return conn.Exec(sql).WithContext("pragmas");
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<ConnectionPool> pool)
      : pool_(std::move(pool)),
        publishing_(*pool_),
        accounts_(*pool_),
        mail_(*pool_),
        media_(*pool_),
        settings_(*pool_),
        search_(*pool_),
        mailbag_(*pool_),
        members_(*pool_),
        donations_(*pool_) {}
  ~SqliteStore() override { Close(); }

  PublishingStore& publishing() override { return publishing_; }
  AccountsStore& accounts() override { return accounts_; }
  MailStore& mail() override { return mail_; }
  MediaStore& media() override { return media_; }
  SettingsStore& settings() override { return settings_; }
  MailbagStore& mailbag() override { return mailbag_; }
  MembersStore& members() override { return members_; }
  DonationsStore& donations() override { return donations_; }
  SearchStore& search() override { return search_; }

  Status Ping() override {
    BS_ASSIGN_OR_RETURN(ConnectionPool::ReadLease conn, pool_->AcquireReader());
    BS_ASSIGN_OR_RETURN(int64_t one, conn->QueryInt("SELECT 1"));
    if (one != 1) return Status::Internal("ping: unexpected answer");
    return Status::Ok();
  }

  void Close() override { pool_->Close(); }

 private:
  std::unique_ptr<ConnectionPool> pool_;
  SqlitePublishing publishing_;
  SqliteAccounts accounts_;
  SqliteMail mail_;
  SqliteMedia media_;
  SqliteSettings settings_;
  SqliteSearch search_;
  SqliteMailbag mailbag_;
  SqliteMembers members_;
  SqliteDonations donations_;
};

}  // namespace

Status ApplyMigrations(Connection& conn, const std::vector<Migration>& migrations) {
  for (size_t i = 1; i < migrations.size(); ++i) {
    if (migrations[i].number <= migrations[i - 1].number)
      return Status::Internal("migrations out of order at " + migrations[i].name);
  }
  BS_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(conn, Transaction::Mode::kWrite));
  BS_RETURN_IF_ERROR(conn.Exec(kCreateMigrationsTable).WithContext("schema_migrations"));
  int64_t current = 0;
  {
    auto v = conn.QueryInt("SELECT MAX(version) FROM schema_migrations");
    if (v.ok()) {
      current = *v;
    } else if (!v.status().IsNotFound()) {  // NotFound: empty table, version 0
      return v.status();
    }
  }
  const int64_t known = migrations.empty() ? 0 : migrations.back().number;
  if (current > known) {
    return Status::Internal("database schema is at version " + std::to_string(current) +
                            ", newer than this binary knows (" + std::to_string(known) +
                            "); refusing to run");
  }
  for (const Migration& m : migrations) {
    if (m.number <= current) continue;
    Status s = conn.Exec(m.sql);
    if (s.ok()) {
      BS_ASSIGN_OR_RETURN(ScopedStatement rec,
                          conn.Prepare("INSERT INTO schema_migrations (version, name, applied_at)"
                                       " VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))"));
      rec->Bind(1, m.number);
      rec->Bind(2, m.name);
      s = rec->Run();
    }
    // Keep the code (e.g. Unavailable when locked); the transaction rolls back.
    if (!s.ok()) return s.WithContext("migration " + m.name + " failed");
  }
  // Foreign keys cannot be checked during the migration transaction itself
  // (the pragma is a no-op inside one); verify what the migrations left.
  {
    BS_ASSIGN_OR_RETURN(ScopedStatement check, conn.Prepare("PRAGMA foreign_key_check"));
    BS_ASSIGN_OR_RETURN(bool violation, check->Step());
    if (violation) return Status::Internal("migrations left foreign key violations");
  }
  return tx.Commit().WithContext("commit migrations");
}

// --- ConnectionPool

ConnectionPool::ConnectionPool(std::unique_ptr<Connection> writer,
                               std::vector<std::unique_ptr<Connection>> readers)
    : writer_(std::move(writer)), readers_(std::move(readers)) {
  for (auto& r : readers_) idle_.push_back(r.get());
}

Result<ConnectionPool::ReadLease> ConnectionPool::AcquireReader() {
  std::unique_lock lock(pool_mu_);
  pool_cv_.wait(lock, [this] { return closed_ || !idle_.empty(); });
  if (closed_) return Status::Unavailable("store is closed");
  Connection* conn = idle_.back();
  idle_.pop_back();
  return ReadLease(this, conn);
}

void ConnectionPool::Release(Connection* conn) {
  std::lock_guard lock(pool_mu_);
  idle_.push_back(conn);
  // Notify under the lock: once Close() sees every connection back it may
  // destroy the pool, condition variable included.
  pool_cv_.notify_all();  // a reader waiting for a connection, or Close()
}

Result<ConnectionPool::WriteLease> ConnectionPool::AcquireWriter() {
  std::unique_lock lock(write_mu_);
  if (writer_ == nullptr) return Status::Unavailable("store is closed");
  Connection* conn = writer_.get();
  return WriteLease(std::move(lock), conn);
}

void ConnectionPool::Close() {
  {
    std::unique_lock lock(pool_mu_);
    closed_ = true;
    pool_cv_.notify_all();
    pool_cv_.wait(lock, [this] { return idle_.size() == readers_.size(); });
    idle_.clear();
    readers_.clear();
  }
  std::lock_guard lock(write_mu_);
  // Lets SQLite refresh planner statistics where they would help; best effort.
  if (writer_ != nullptr) (void)writer_->Exec("PRAGMA optimize");
  writer_.reset();  // the last connection out checkpoints and removes the WAL
}

Result<std::unique_ptr<Store>> OpenSqliteStoreWith(const SqliteOptions& options,
                                                   const std::vector<Migration>& migrations) {
  if (options.path.empty() || options.path == ":memory:" ||
      options.path.rfind("file::memory:", 0) == 0) {
    return Status::InvalidArgument("sqlite: a database file path is required");
  }
  if (options.read_connections < 1 || options.read_connections > 64)
    return Status::InvalidArgument("sqlite: read_connections must be 1..64");
  if (options.busy_timeout_ms < 0)
    return Status::InvalidArgument("sqlite: busy_timeout_ms must be >= 0");
  if (sqlite3_threadsafe() == 0) return Status::Internal("sqlite: library built without threads");
  // Memory statistics take a process-wide mutex on every SQLite allocation,
  // which the readers of a busy site then queue on; we never read them. This
  // is process-wide configuration and only takes effect before SQLite's first
  // initialization, hence once, here, before any connection is opened.
  static std::once_flag memstatus_off;
  std::call_once(memstatus_off, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });

  // NOMUTEX: each connection is used by one thread at a time (the pool sees to it).
  const int common = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  BS_ASSIGN_OR_RETURN(
      std::unique_ptr<Connection> writer,
      Connection::Open(options.path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | common,
                       options.busy_timeout_ms));
  BS_RETURN_IF_ERROR(ApplyPragmas(*writer, options.busy_timeout_ms, /*writer=*/true));
  {
    auto mode = writer->Prepare("PRAGMA journal_mode");
    if (!mode.ok()) return mode.status();
    BS_ASSIGN_OR_RETURN(bool row, (*mode)->Step());
    if (!row || (*mode)->Text(0) != "wal")
      return Status::Internal("sqlite: could not enable WAL on " + options.path);
  }
  BS_RETURN_IF_ERROR(ApplyMigrations(*writer, migrations));

  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < options.read_connections; ++i) {
    BS_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader,
                        Connection::Open(options.path, SQLITE_OPEN_READONLY | common,
                                         options.busy_timeout_ms));
    BS_RETURN_IF_ERROR(ApplyPragmas(*reader, options.busy_timeout_ms, /*writer=*/false));
    readers.push_back(std::move(reader));
  }
  auto pool = std::make_unique<ConnectionPool>(std::move(writer), std::move(readers));
  return std::unique_ptr<Store>(new SqliteStore(std::move(pool)));
}

}  // namespace store::sqlite

namespace store {

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  return sqlite::OpenSqliteStoreWith(options, kSqliteMigrations);
}

}  // namespace store
