// SQLite settings store: versioned JSON documents by name.

#include "store/sqlite/sqlite_settings.h"

#include "store/sqlite/sqlite_rows.h"

namespace store::sqlite {
namespace {

constexpr char kSiteName[] = "site";

}  // namespace

Result<std::optional<SettingsRecord>> SqliteSettings::GetSiteSettings() {
  BS_ASSIGN_OR_RETURN(ConnectionPool::ReadLease conn, pool_.AcquireReader());
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("SELECT document, version, updated_at, updated_by"
                                    " FROM settings WHERE name = ?"));
  q->Bind(1, kSiteName);
  BS_ASSIGN_OR_RETURN(bool row, q->Step());
  if (!row) return std::optional<SettingsRecord>();
  SettingsRecord r;
  r.json = q->Text(0);
  r.version = q->Int64(1);
  BS_ASSIGN_OR_RETURN(r.updated_at, TimeFrom(q->TextView(2)));
  r.updated_by = q->Text(3);
  return std::optional<SettingsRecord>(std::move(r));
}

Result<int64_t> SqliteSettings::PutSiteSettings(const std::string& json, int64_t expected_version,
                                                Time now, const std::string& updated_by) {
  if (json.empty()) return Status::InvalidArgument("settings: empty document");
  if (expected_version < 0) return Status::InvalidArgument("settings: negative version");
  BS_ASSIGN_OR_RETURN(ConnectionPool::WriteLease conn, pool_.AcquireWriter());
  if (expected_version == 0) {
    // The primary key makes a second first write a Conflict.
    BS_ASSIGN_OR_RETURN(ScopedStatement q,
                        conn->Prepare("INSERT INTO settings (name, document, version, updated_at,"
                                      " updated_by) VALUES (?, ?, 1, ?, ?)"));
    q->Bind(1, kSiteName);
    q->Bind(2, json);
    q->Bind(3, TimeText(now));
    q->Bind(4, updated_by);
    BS_RETURN_IF_ERROR(q->Run().WithContext("site settings"));
    return int64_t{1};
  }
  BS_ASSIGN_OR_RETURN(ScopedStatement q,
                      conn->Prepare("UPDATE settings SET document = ?, version = version + 1,"
                                    " updated_at = ?, updated_by = ?"
                                    " WHERE name = ? AND version = ?"));
  q->Bind(1, json);
  q->Bind(2, TimeText(now));
  q->Bind(3, updated_by);
  q->Bind(4, kSiteName);
  q->Bind(5, expected_version);
  BS_RETURN_IF_ERROR(q->Run().WithContext("site settings"));
  if (conn->Changes() == 0) {
    return Status::Conflict("site settings changed since version " +
                            std::to_string(expected_version));
  }
  return expected_version + 1;
}

}  // namespace store::sqlite
