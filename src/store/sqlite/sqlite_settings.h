#pragma once
// SettingsStore on SQLite (schema: migrations/sqlite/0006_settings.sql): one
// row per settings document, the site's under the name 'site'.

#include "store/settings_store.h"
#include "store/sqlite/sqlite_store.h"

namespace store::sqlite {

class SqliteSettings final : public SettingsStore {
 public:
  // `pool` must outlive this object.
  explicit SqliteSettings(ConnectionPool& pool) : pool_(pool) {}

  Result<std::optional<SettingsRecord>> GetSiteSettings() override;
  Result<int64_t> PutSiteSettings(const std::string& json, int64_t expected_version, Time now,
                                  const std::string& updated_by) override;

 private:
  ConnectionPool& pool_;
};

}  // namespace store::sqlite
