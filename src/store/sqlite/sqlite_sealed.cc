#include "store/sqlite/sqlite_sealed.h"

namespace store::sqlite {

Result<std::vector<SealedValue>> ListSealed(ConnectionPool& pool, const SealedColumn& c,
                                            int64_t after_id, int limit) {
  if (limit < 1 || limit > kMaxSealedPage) {
    return Status::InvalidArgument(std::string(c.what) + ": sealed page size outside 1.." +
                                   std::to_string(kMaxSealedPage));
  }
  BS_ASSIGN_OR_RETURN(auto conn, pool.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare(std::string("SELECT id, ") + c.column + " FROM " + c.table +
                                    " WHERE id > ? AND " + c.column +
                                    " <> '' ORDER BY id LIMIT ?"));
  q->Bind(1, after_id);
  q->Bind(2, limit);
  std::vector<SealedValue> out;
  for (;;) {
    BS_ASSIGN_OR_RETURN(bool row, q->Step());
    if (!row) break;
    out.push_back(SealedValue{q->Int64(0), q->Text(1)});
  }
  return out;
}

Status ReplaceSealed(ConnectionPool& pool, const SealedColumn& c, int64_t id,
                     const std::string& expected, const std::string& resealed) {
  const std::string what = std::string(c.what) + " " + std::to_string(id);
  // An empty value means "none": re-sealing never creates or erases one.
  if (expected.empty() || resealed.empty()) {
    return Status::InvalidArgument(what + ": empty sealed value");
  }
  BS_ASSIGN_OR_RETURN(auto conn, pool.AcquireWriter());
  BS_ASSIGN_OR_RETURN(ScopedStatement up,
                      conn->Prepare(std::string("UPDATE ") + c.table + " SET " + c.column +
                                    " = ? WHERE id = ? AND " + c.column + " = ?"));
  up->Bind(1, resealed);
  up->Bind(2, id);
  up->Bind(3, expected);
  BS_RETURN_IF_ERROR(up->Run());
  if (conn->Changes() > 0) return Status::Ok();
  BS_ASSIGN_OR_RETURN(ScopedStatement q, conn->Prepare(std::string("SELECT 1 FROM ") + c.table +
                                                       " WHERE id = ?"));
  q->Bind(1, id);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return Status::NotFound(what);
  return Status::Conflict(what + ": sealed value changed meanwhile");
}

}  // namespace store::sqlite
