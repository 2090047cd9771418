#pragma once
// Thin RAII wrappers over the sqlite3 C API: the only place that calls it
// directly. Errors become base::Status by result code, never by message text:
//   SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY -> Conflict
//   SQLITE_CONSTRAINT_FOREIGNKEY           -> InvalidArgument (a reference to a missing row)
//   SQLITE_BUSY / SQLITE_LOCKED            -> Unavailable
//   anything else                          -> Internal, with the operation as context
//
// Thread-safety: none. A Connection and everything prepared on it is used by
// one thread at a time; the pool in sqlite_store.h hands them out.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace store::sqlite {

using base::Result;
using base::Status;

// Maps a result code (extended when available) to a Status. `what` names the
// operation ("prepare", "step: SELECT ...") for the log.
Status ErrorFromCode(sqlite3* db, int rc, std::string_view what);

// A prepared statement. Bind indexes are 1-based, column indexes 0-based.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, int v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, bool v) { sqlite3_bind_int64(stmt_, i, v ? 1 : 0); }
  // The text is copied (SQLITE_TRANSIENT), so `v` need not outlive the statement.
  void Bind(int i, std::string_view v) {
    sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  void Bind(int i, const std::string& v) { Bind(i, std::string_view(v)); }
  void Bind(int i, const char* v) { Bind(i, std::string_view(v)); }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }
  void Bind(int i, const std::optional<int64_t>& v) {
    if (v) Bind(i, *v); else BindNull(i);
  }

  // Advances one row: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, expecting no rows to matter (INSERT/UPDATE/DELETE).
  Status Run();

  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  int64_t Int64(int col) const { return sqlite3_column_int64(stmt_, col); }
  int Int(int col) const { return sqlite3_column_int(stmt_, col); }
  // A view valid until the next Step/Reset; Text() copies.
  std::string_view TextView(int col) const;
  std::string Text(int col) const { return std::string(TextView(col)); }

  // Ends the current execution and clears bindings, ready for reuse.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  const char* sql() const { return sqlite3_sql(stmt_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// A statement borrowed from a connection's cache (or owned, when the cached one
// is already in use by an enclosing query). Resets it when it goes out of scope.
class ScopedStatement {
 public:
  ScopedStatement(Statement* cached, bool* in_use) : stmt_(cached), in_use_(in_use) {}
  explicit ScopedStatement(std::unique_ptr<Statement> owned)
      : owned_(std::move(owned)), stmt_(owned_.get()) {}
  ScopedStatement(ScopedStatement&& o) noexcept
      : owned_(std::move(o.owned_)), stmt_(o.stmt_), in_use_(o.in_use_) {
    o.stmt_ = nullptr;
    o.in_use_ = nullptr;
  }
  ScopedStatement& operator=(ScopedStatement&&) = delete;
  ~ScopedStatement();

  Statement* operator->() { return stmt_; }
  Statement& operator*() { return *stmt_; }

 private:
  std::unique_ptr<Statement> owned_;
  Statement* stmt_;
  bool* in_use_ = nullptr;
};

class Connection {
 public:
  // Opens `path` with `flags` (SQLITE_OPEN_*), sets the busy timeout and
  // extended result codes. Unavailable if the file cannot be opened.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, int flags,
                                                  int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements with no parameters (PRAGMAs, migrations).
  Status Exec(std::string_view sql);
  // A prepared statement for `sql`, from this connection's cache. Statements
  // with many shapes (dynamic filters) are fine: the cache is bounded.
  Result<ScopedStatement> Prepare(const std::string& sql);
  // Runs a single-row, single-column query and returns the integer, or NotFound.
  Result<int64_t> QueryInt(const std::string& sql);

  int64_t LastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() const { return db_; }

 private:
  struct CacheEntry {
    std::unique_ptr<Statement> stmt;
    bool in_use = false;
  };
  static constexpr size_t kMaxCachedStatements = 256;

  explicit Connection(sqlite3* db) : db_(db) {}
  Result<std::unique_ptr<Statement>> PrepareUncached(const std::string& sql);
  void EvictIdle();

  sqlite3* db_;
  std::unordered_map<std::string, CacheEntry> cache_;
};

// A write transaction (BEGIN IMMEDIATE, so it never fails later on lock
// upgrade) or, with kRead, a deferred one giving multi-statement reads a
// consistent snapshot. Rolls back on destruction unless committed.
class Transaction {
 public:
  enum class Mode { kRead, kWrite };
  static Result<Transaction> Begin(Connection& conn, Mode mode);
  Transaction(Transaction&& o) noexcept : conn_(o.conn_) { o.conn_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Connection* conn) : conn_(conn) {}
  Connection* conn_;  // null once committed or rolled back
};

}  // namespace store::sqlite
