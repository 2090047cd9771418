#pragma once
// The sealing keys of a data directory: the current key, which seals every
// new value, and the retired keys still needed to open values sealed before
// the last `broadside keys rotate` finished re-sealing them.
//
// Files, in one directory (DATA_DIR/keys):
//   field.key            the current key (FieldKey::FromFile format, mode 0600)
//   field.old-<id>.key   retired keys, <id> = their KeyId (8 hex digits)
// or the current key given as BROADSIDE_FIELD_KEY (base64, as in the file),
// for deployments that keep secrets out of the data volume.
//
// Rotation (app/keys_rotate) never leaves a moment without field.key: it
// hard-links field.key to field.old-<id>.key, then renames a new key file
// over field.key. Servers already running meet values sealed under the new
// key; Open() then re-reads the directory once (throttled) and carries on, so
// readers see no downtime.
//
// Thread-safe.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "crypto/sealed.h"

namespace crypto {

class Keyring {
 public:
  static constexpr std::chrono::milliseconds kReloadInterval{5000};
  static constexpr char kCurrentFile[] = "field.key";
  static constexpr char kRetiredPrefix[] = "field.old-";
  static constexpr char kRetiredSuffix[] = ".key";

  // Loads DIR/field.key and every DIR/field.old-*.key. Errors: those of
  // FieldKey::FromFile, naming the file; InvalidArgument when a retired file's
  // name does not match its key's id. A key found twice (mid-rotation,
  // field.key and its retired link) is held once.
  // `check_interval` throttles the re-reads described below (tests shorten it).
  static base::Result<std::unique_ptr<Keyring>> Load(
      const std::string& dir, std::chrono::milliseconds check_interval = kReloadInterval);
  // As Load, but the current key comes from `current_base64` (the key file's
  // format) instead of DIR/field.key; retired keys still come from DIR, which
  // may not exist. InvalidArgument for a malformed key.
  static base::Result<std::unique_ptr<Keyring>> LoadWithKey(const std::string& dir,
                                                            std::string_view current_base64);
  // A fixed ring, for tests and tools: `current` seals, all open. Never
  // reloads. REQUIRES: every key valid.
  static std::unique_ptr<Keyring> Of(FieldKey current, std::vector<FieldKey> retired = {});

  Keyring(const Keyring&) = delete;
  Keyring& operator=(const Keyring&) = delete;

  // The id of the key new values are sealed with.
  std::string CurrentId() const;
  // Ids of every key held, the current one first.
  std::vector<std::string> Ids() const;

  // crypto::Seal with the current key. A ring loaded from a directory first
  // checks (at most once per kReloadInterval) whether field.key was replaced,
  // so a running server seals with the new key within seconds of a rotation.
  base::Result<std::string> Seal(std::string_view plaintext,
                                 std::string_view associated_data) const;
  // crypto::Open with the key `sealed` names; a value from before key ids
  // (no prefix) is tried with every key. When the named key is unknown and the
  // ring was loaded from a directory, re-reads the directory (at most once per
  // kReloadInterval) and tries again. Errors as crypto::Open; NotFound when
  // no key with that id is held (the message names the id).
  base::Result<std::string> Open(std::string_view sealed, std::string_view associated_data) const;

  // True when `sealed` names the current key (re-sealing skips it).
  bool IsCurrent(std::string_view sealed) const;

  // Re-reads the directory now (the current key may have changed). No-op
  // for a ring made with Of(). On error the ring is unchanged.
  base::Status Reload();


 private:
  struct Keys {
    std::vector<std::shared_ptr<const FieldKey>> keys;  // current first
  };
  Keyring(std::shared_ptr<const Keys> keys, std::string dir, std::optional<std::string> env_key);
  std::shared_ptr<const Keys> Snapshot() const;
  static base::Result<std::shared_ptr<const Keys>> Read(const std::string& dir,
                                                        const std::optional<std::string>& env_key);
  // Reloads when field.key is not the file last read (another inode, size or
  // mtime); checks at most once per kReloadInterval. Errors leave the ring as is.
  void ReloadIfReplaced() const;

  const std::string dir_;                       // "" = never reload
  std::chrono::milliseconds check_interval_ = kReloadInterval;
  const std::optional<std::string> env_key_;    // base64 current key, if given so
  mutable std::mutex mu_;
  // Mutable: Open() (const) swaps in a re-read ring after a rotation.
  mutable std::shared_ptr<const Keys> keys_;  // guarded by mu_
  mutable std::chrono::steady_clock::time_point last_reload_{};  // guarded by mu_
  mutable std::chrono::steady_clock::time_point last_check_{};   // guarded by mu_
  mutable std::string file_stamp_;  // field.key's identity when read; guarded by mu_
};

}  // namespace crypto
