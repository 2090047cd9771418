#pragma once
// The two queries behind every store's re-sealing methods (see
// store/sealed_value.h), for one sealed TEXT column of one table with an
// INTEGER PRIMARY KEY `id`. Table and column names are compile-time constants
// of the calling store, never user input.

#include <string>
#include <vector>

#include "store/sealed_value.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_store.h"  // ConnectionPool

namespace store::sqlite {

struct SealedColumn {
  const char* table;
  const char* column;
  const char* what;  // for error messages: "outbox message", "mailbag question"
};

// Non-empty values with id > after_id, by id, at most `limit`
// (1..kMaxSealedPage, else InvalidArgument).
Result<std::vector<SealedValue>> ListSealed(ConnectionPool& pool, const SealedColumn& c,
                                            int64_t after_id, int limit);

// Sets the value of row `id` to `resealed` if it is still `expected`.
// NotFound for an unknown id; Conflict when the value changed meanwhile (the
// caller reads it again or leaves it: a fresh value is sealed with the
// current key anyway); InvalidArgument when either value is empty ("none":
// re-sealing never creates or erases a value).
Status ReplaceSealed(ConnectionPool& pool, const SealedColumn& c, int64_t id,
                     const std::string& expected, const std::string& resealed);

}  // namespace store::sqlite
