#pragma once
// `broadside keys rotate`: a new field key for a data directory, and every
// sealed value in the database re-sealed under it, while servers keep
// running (see crypto/keyring.h for how they follow).
//
// Steps, each safe to interrupt and run again:
//   1. write keys/field.next (mode 0600), a key with an id the ring lacks;
//   2. hard-link keys/field.key to keys/field.old-<old id>.key;
//   3. rename keys/field.next over keys/field.key (atomic: there is always
//      exactly one current key file) and fsync the directory;
//   4. wait `settle` so running servers (which check field.key every
//      crypto::Keyring::kReloadInterval) seal with the new key;
//   5. re-seal every column (crypto::Reseal) under the new key.
// The old key stays in keys/field.old-<id>.key: backups made before the
// rotation need it. Deleting it is the operator's decision (README).

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "crypto/keyring.h"
#include "crypto/reseal.h"

namespace app {

struct RotationReport {
  std::string old_id, new_id;
  std::vector<crypto::ResealReport> columns;
};

// Steps 1-3 on the key directory `dir`; `ring` is reloaded afterwards.
// Returns the new key's id. Errors name the file concerned; on error before
// step 3 the current key is unchanged.
base::Result<std::string> ReplaceCurrentKeyFile(const std::string& dir, crypto::Keyring& ring);

// All five steps. `columns` are the store's sealed columns
// (mail::OutboxResealColumn, mailbag::AskerEmailResealColumn...); `say`
// receives progress lines for people.
base::Result<RotationReport> RotateFieldKey(const std::string& dir, crypto::Keyring& ring,
                                            const std::vector<crypto::ResealColumn>& columns,
                                            std::chrono::milliseconds settle,
                                            const std::function<void(const std::string&)>& say);

}  // namespace app
