#pragma once
// The site's identity as readers see it: broadside.toml's [site] table with
// what admins saved in the back office laid over it. Every request reads the
// current snapshot; an edit replaces it at once on this node, and Refresh()
// (a background job) picks up edits made on other nodes sharing the database.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "config/config.h"
#include "store/settings_store.h"

namespace settings {

// The fields admins may change; everything else in config::SiteConfig
// (base_url, languages, time zone, page size) stays the file's.
struct SiteEdit {
  std::string name, tagline, description, footer_statement, default_language;
  std::vector<config::NavLink> nav, social;
  std::string join_url, donate_url;
  bool operator==(const SiteEdit&) const = default;
};

// One published state of the settings. Immutable once published.
struct SiteSnapshot {
  config::SiteConfig site;
  int64_t version = 0;     // of the stored document; 0 = the file's values only
  base::Time updated_at{};  // of the stored document, when version > 0
  std::string updated_by;
};

class SiteSettings {
 public:
  // `file` is the [site] table as loaded (already validated); `store` and
  // `clock` must outlive this object. Starts with the file's values: call
  // Load() to lay the stored document over them.
  SiteSettings(config::SiteConfig file, store::SettingsStore& store, const base::Clock& clock);
  SiteSettings(const SiteSettings&) = delete;
  SiteSettings& operator=(const SiteSettings&) = delete;

  // Reads the stored document and publishes it. On an error (store down, or a
  // stored document this configuration rejects, e.g. a default language no
  // longer listed) the current snapshot stays and the Status says why; the
  // site keeps working on the file's values.
  base::Status Load();

  // Re-reads the stored document (a few hundred bytes) and publishes it only
  // when its version differs from the current one. Errors as Load().
  base::Status Refresh();

  // The current settings. Cheap (one atomic load) and lock-free: call it on
  // every request. The pointer stays valid as long as this object lives, even
  // after later edits replace it: every published snapshot is kept, which
  // costs a few KB per edit — edits are rare (an admin form), so a running
  // server keeps at most some MB after thousands of them, and readers never
  // need a lock or a reference count. Never null.
  const config::SiteConfig* Current() const {
    return &snapshot_.load(std::memory_order_acquire)->site;
  }
  // The same, with its version (for the edit form's optimistic lock).
  const SiteSnapshot& CurrentSnapshot() const {
    return *snapshot_.load(std::memory_order_acquire);
  }

  // The editable fields of the current settings.
  SiteEdit Editable() const;

  // Validates `edit` (config::ValidateEditableSite; InvalidArgument naming
  // the field, which `bad_field` receives when given), stores it if the
  // stored version is still `expected_version` (else Conflict: someone saved
  // in between; nothing changes) and publishes it. `actor` names who saved,
  // for people. Store errors pass through.
  base::Status Update(const SiteEdit& edit, int64_t expected_version, const std::string& actor,
                      std::string* bad_field = nullptr);

  // The file's values with `edit` laid over them.
  config::SiteConfig Apply(const SiteEdit& edit) const;

  // The stored JSON form of an edit, and back. FromJson ignores unknown keys
  // (a newer node may store more) and keeps `fallback`'s value for a missing
  // one; InvalidArgument for malformed JSON or a value of the wrong type.
  static std::string ToJson(const SiteEdit& edit);
  static base::Result<SiteEdit> FromJson(const std::string& json, const SiteEdit& fallback);

 private:
  // Validates the document of `record` laid over the file's values and
  // publishes it. REQUIRES: mu_ held.
  base::Status PublishRecord(const store::SettingsRecord& record);
  // REQUIRES: mu_ held.
  void Publish(std::unique_ptr<const SiteSnapshot> snapshot);

  const config::SiteConfig file_;
  store::SettingsStore& store_;
  const base::Clock& clock_;

  std::mutex mu_;  // serializes Load/Refresh/Update
  std::vector<std::unique_ptr<const SiteSnapshot>> published_;  // guarded by mu_; never shrinks
  std::atomic<const SiteSnapshot*> snapshot_;  // the last of published_
};

// The editable fields of `site`.
SiteEdit EditOf(const config::SiteConfig& site);

}  // namespace settings
