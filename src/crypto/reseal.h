#pragma once
// Re-sealing one column of sealed values under the key ring's current key:
// the loop `broadside keys rotate` runs for every store column that holds
// sealed values (mail envelopes, askers' addresses, member fields...). Each
// domain supplies how to list its values, the associated data each was sealed
// with, and a compare-and-set replace; this file knows no store.
//
// Safe beside live traffic: a value that changed between reading and
// replacing is left alone (whoever changed it sealed it with the current key
// or erased it), and a run can be interrupted and started again (values
// already under the current key are skipped).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crypto/keyring.h"

namespace crypto {

struct SealedRow {
  int64_t id = 0;
  std::string sealed;
};

struct ResealColumn {
  std::string name;  // for reports: "outbox envelopes"
  // Rows with id > after_id, by id, at most `limit`.
  std::function<base::Result<std::vector<SealedRow>>(int64_t after_id, int limit)> list;
  // The associated data row `id` was sealed with.
  std::function<base::Result<std::string>(const SealedRow& row)> associated_data;
  // Replaces the value if it is still `expected`; Conflict when it changed.
  std::function<base::Status(int64_t id, const std::string& expected,
                             const std::string& resealed)>
      replace;
};

struct ResealReport {
  std::string name;
  int64_t resealed = 0;         // now under the current key
  int64_t already_current = 0;  // skipped
  int64_t changed = 0;          // changed by someone else meanwhile; left alone
  // Opened by no key in the ring (sealed with a key that was lost, or
  // damaged): left as they are, and named so a person can look.
  std::vector<int64_t> unreadable;
};

// Walks every row of `column` in pages of `page_size`. Errors from list or
// replace (other than Conflict) stop the walk and are returned with the
// column's name; rows already replaced stay replaced.
base::Result<ResealReport> Reseal(const Keyring& ring, const ResealColumn& column,
                                  int page_size = 500);

}  // namespace crypto
