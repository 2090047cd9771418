#pragma once
// The SQLite Store: one writer connection behind a mutex (SQLite allows one
// writer at a time anyway, and serialising here avoids SQLITE_BUSY), and a
// pool of read-only connections for concurrent readers (WAL lets them run
// beside the writer). Each connection has its own prepared-statement cache.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "base/status.h"
#include "store/migration.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace store::sqlite {

// Brings `conn` up to the newest of `migrations` (ascending, unique numbers):
// creates schema_migrations if needed and applies every pending migration in
// ONE write transaction. On failure nothing is applied and the Status names
// the migration ("migration 0002_x failed: ..."). A database already at a
// version this list does not know is refused (Internal): an older binary must
// not write to a newer schema.
Status ApplyMigrations(Connection& conn, const std::vector<Migration>& migrations);

// OpenSqliteStore with an explicit migration list, so tests can inject one.
Result<std::unique_ptr<Store>> OpenSqliteStoreWith(const SqliteOptions& options,
                                                   const std::vector<Migration>& migrations);

// Hands out connections. Thread-safe. After Close(), every Acquire* fails with
// Unavailable; Close() waits for borrowed connections to come back.
class ConnectionPool {
 public:
  // A borrowed read-only connection; returned to the pool on destruction.
  class ReadLease {
   public:
    ReadLease(ConnectionPool* pool, Connection* conn) : pool_(pool), conn_(conn) {}
    ReadLease(ReadLease&& o) noexcept : pool_(o.pool_), conn_(o.conn_) { o.conn_ = nullptr; }
    ReadLease& operator=(ReadLease&&) = delete;
    ~ReadLease() {
      if (conn_ != nullptr) pool_->Release(conn_);
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_; }

   private:
    ConnectionPool* pool_;
    Connection* conn_;
  };
  // The writer connection, held exclusively for the lease's lifetime.
  class WriteLease {
   public:
    WriteLease(std::unique_lock<std::mutex> lock, Connection* conn)
        : lock_(std::move(lock)), conn_(conn) {}
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_; }

   private:
    std::unique_lock<std::mutex> lock_;
    Connection* conn_;
  };

  ConnectionPool(std::unique_ptr<Connection> writer,
                 std::vector<std::unique_ptr<Connection>> readers);
  ~ConnectionPool() { Close(); }

  Result<ReadLease> AcquireReader();
  Result<WriteLease> AcquireWriter();
  void Close();

 private:
  void Release(Connection* conn);

  std::mutex write_mu_;  // held by a WriteLease
  std::unique_ptr<Connection> writer_;  // guarded by write_mu_; null once closed

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;  // all of them; guarded by pool_mu_
  std::vector<Connection*> idle_;                     // guarded by pool_mu_
  bool closed_ = false;                               // guarded by pool_mu_
};

}  // namespace store::sqlite
