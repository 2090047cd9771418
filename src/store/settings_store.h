#pragma once
// Storage contract for settings that admins edit in the back office. Each
// settings document is one JSON text with a version, so a stale edit (two
// admins, or two nodes) is refused instead of silently overwriting another.
// The store does not look inside the JSON: settings/ owns its meaning.

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/status.h"

namespace store {

using base::Result;
using base::Status;
using base::Time;

struct SettingsRecord {
  std::string json;        // the document, as written
  int64_t version = 0;     // 1 after the first write, +1 on each write
  Time updated_at{};
  std::string updated_by;  // who wrote it, for people ("" = unknown)
};

class SettingsStore {
 public:
  virtual ~SettingsStore() = default;

  // The site settings document, or nullopt when none was ever written.
  virtual Result<std::optional<SettingsRecord>> GetSiteSettings() = 0;

  // Writes the document when the stored version is `expected_version` (0 =
  // none written yet) and returns the new version, expected_version + 1.
  // Conflict when the stored version differs (someone wrote in between);
  // InvalidArgument for an empty document or a negative expected_version.
  virtual Result<int64_t> PutSiteSettings(const std::string& json, int64_t expected_version,
                                          Time now, const std::string& updated_by) = 0;
};

}  // namespace store
