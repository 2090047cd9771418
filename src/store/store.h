#pragma once
// The one storage interface every domain talks to. Each domain gets its own
// narrow sub-interface (publishing, accounts, mail, media, settings, mailbag,
// search, members, donations),
// so a domain reads and writes only its own tables. No SQL crosses this line.

#include <memory>
#include <string>

#include "base/status.h"
#include "store/accounts_store.h"
#include "store/donations_store.h"
#include "store/mail_store.h"
#include "store/mailbag_store.h"
#include "store/media_store.h"
#include "store/members_store.h"
#include "store/publishing_store.h"
#include "store/search_store.h"
#include "store/settings_store.h"

namespace store {

class Store {
 public:
  virtual ~Store() = default;
  virtual PublishingStore& publishing() = 0;
  virtual AccountsStore& accounts() = 0;
  virtual MailStore& mail() = 0;
  virtual MediaStore& media() = 0;
  virtual SettingsStore& settings() = 0;
  virtual MailbagStore& mailbag() = 0;
  // Members, chapters and member links; personal data only sealed.
  virtual MembersStore& members() = 0;
  // Donors, gifts, monthly plans, Stripe events and the ledger; personal
  // data only sealed.
  virtual DonationsStore& donations() = 0;
  // Full-text search over published content; the index follows writes.
  virtual SearchStore& search() = 0;
  // Cheap round trip to the database, for /healthz.
  virtual base::Status Ping() = 0;
  // Flushes and closes; further calls fail with Unavailable. Idempotent.
  virtual void Close() = 0;
};

struct SqliteOptions {
  std::string path;         // database file; ":memory:" is not supported (pooled connections)
  int read_connections = 4; // pool of read-only connections
  int busy_timeout_ms = 5000;
};

// Opens (creating if needed) a SQLite database, enables WAL and foreign keys,
// applies pending migrations in one transaction. On a migration failure the
// database is left as it was and the Status names the migration and reason.
base::Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

}  // namespace store
