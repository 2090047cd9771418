#include "store/sqlite/sqlite_db.h"

#include <string>

namespace store::sqlite {

Status ErrorFromCode(sqlite3* db, int rc, std::string_view what) {
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  // The extended code describes the last failure on `db`; trust it only when
  // it refines `rc` (a primary code is the low byte of its extended codes).
  const int code = (extended & 0xff) == (rc & 0xff) ? extended : rc;
  std::string msg(what);
  msg += ": ";
  msg += db != nullptr && code == extended ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::Conflict(std::move(msg));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return Status::InvalidArgument(std::move(msg));
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(std::move(msg));
    default:
      return Status::Internal(std::move(msg));
  }
}

// --- Statement

Result<bool> Statement::Step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return ErrorFromCode(db_, rc, std::string("step: ") + sql());
}

Status Statement::Run() {
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, Step());
    if (!row) return Status::Ok();
  }
}

std::string_view Statement::TextView(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  if (p == nullptr) return {};
  return std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

ScopedStatement::~ScopedStatement() {
  if (stmt_ != nullptr) stmt_->Reset();
  if (in_use_ != nullptr) *in_use_ = false;
}

// --- Connection

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, int flags,
                                                     int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = Status::Unavailable("open " + path + ": " +
                                   (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  cache_.clear();  // finalize every statement before closing
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);  // the same text is available from sqlite3_errmsg
  if (rc != SQLITE_OK) return ErrorFromCode(db_, rc, "exec");
  return Status::Ok();
}

Result<std::unique_ptr<Statement>> Connection::PrepareUncached(const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return ErrorFromCode(db_, rc, "prepare: " + sql);
  }
  if (stmt == nullptr) return Status::Internal("prepare: empty statement: " + sql);
  return std::make_unique<Statement>(db_, stmt);
}

void Connection::EvictIdle() {
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (it->second.in_use) {
      ++it;
    } else {
      it = cache_.erase(it);
    }
  }
}

Result<ScopedStatement> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) {
    if (it->second.in_use) {  // nested use of the same SQL: hand out a private copy
      BS_ASSIGN_OR_RETURN(std::unique_ptr<Statement> owned, PrepareUncached(sql));
      return ScopedStatement(std::move(owned));
    }
    it->second.in_use = true;
    return ScopedStatement(it->second.stmt.get(), &it->second.in_use);
  }
  BS_ASSIGN_OR_RETURN(std::unique_ptr<Statement> stmt, PrepareUncached(sql));
  if (cache_.size() >= kMaxCachedStatements) EvictIdle();
  CacheEntry& entry = cache_[sql];
  entry.stmt = std::move(stmt);
  entry.in_use = true;
  return ScopedStatement(entry.stmt.get(), &entry.in_use);
}

Result<int64_t> Connection::QueryInt(const std::string& sql) {
  BS_ASSIGN_OR_RETURN(ScopedStatement stmt, Prepare(sql));
  BS_ASSIGN_OR_RETURN(bool row, stmt->Step());
  if (!row || stmt->IsNull(0)) return Status::NotFound("no row: " + sql);
  return stmt->Int64(0);
}

// --- Transaction

Result<Transaction> Transaction::Begin(Connection& conn, Mode mode) {
  BS_ASSIGN_OR_RETURN(ScopedStatement begin,
                      conn.Prepare(mode == Mode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN"));
  BS_RETURN_IF_ERROR(begin->Run());
  return Transaction(&conn);
}

Transaction::~Transaction() {
  if (conn_ == nullptr) return;
  // Rolling back can only fail if there is no transaction left (SQLite may
  // already have rolled it back after an error); either way it is over.
  auto rollback = conn_->Prepare("ROLLBACK");
  if (rollback.ok()) (void)(*rollback)->Run();
}

Status Transaction::Commit() {
  if (conn_ == nullptr) return Status::Internal("commit: transaction already finished");
  Connection* conn = conn_;
  BS_ASSIGN_OR_RETURN(ScopedStatement commit, conn->Prepare("COMMIT"));
  Status s = commit->Run();
  if (s.ok()) conn_ = nullptr;  // on failure the destructor rolls back
  return s;
}

}  // namespace store::sqlite
