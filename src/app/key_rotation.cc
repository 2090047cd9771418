#include "app/key_rotation.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <thread>

namespace app {
namespace {

namespace fs = std::filesystem;

base::Status Errno(const std::string& what) {
  return base::Status::Internal(what + ": " + std::strerror(errno));
}

// Makes renames and links in `dir` durable.
base::Status SyncDir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("cannot open " + dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("cannot sync " + dir);
  return base::Status::Ok();
}

}  // namespace

base::Result<std::string> ReplaceCurrentKeyFile(const std::string& dir, crypto::Keyring& ring) {
  const std::string current = (fs::path(dir) / crypto::Keyring::kCurrentFile).string();
  const std::string next = (fs::path(dir) / "field.next").string();
  const std::vector<std::string> held = ring.Ids();
  const std::string old_id = ring.CurrentId();

  // 1. A new key whose id no held key has (ids are 32 bits: a clash is
  // unlikely, but would make values ambiguous). A field.next left by an
  // interrupted run was never current, so nothing is sealed with it.
  std::string new_id;
  for (int attempt = 0; attempt < 8 && new_id.empty(); ++attempt) {
    std::error_code ec;
    fs::remove(next, ec);
    BS_RETURN_IF_ERROR(crypto::FieldKey::WriteNewKeyFile(next));
    BS_ASSIGN_OR_RETURN(crypto::FieldKey key, crypto::FieldKey::FromFile(next));
    if (std::find(held.begin(), held.end(), key.id()) == held.end()) new_id = key.id();
  }
  if (new_id.empty()) return base::Status::Internal("could not draw a key with a new id");

  // 2. Keep the old key under its retired name (a link: field.key stays).
  const std::string retired = (fs::path(dir) / (std::string(crypto::Keyring::kRetiredPrefix) +
                                               old_id + crypto::Keyring::kRetiredSuffix))
                                  .string();
  if (::link(current.c_str(), retired.c_str()) != 0) {
    if (errno != EEXIST) return Errno("cannot link " + current + " to " + retired);
    // From an interrupted run: it must hold the very key we retire.
    BS_ASSIGN_OR_RETURN(crypto::FieldKey existing, crypto::FieldKey::FromFile(retired));
    if (existing.id() != old_id) {
      return base::Status::Conflict(retired + " exists and holds key " + existing.id());
    }
  }
  BS_RETURN_IF_ERROR(SyncDir(dir));

  // 3. The switch.
  if (::rename(next.c_str(), current.c_str()) != 0) {
    return Errno("cannot rename " + next + " to " + current);
  }
  BS_RETURN_IF_ERROR(SyncDir(dir));
  BS_RETURN_IF_ERROR(ring.Reload());
  if (ring.CurrentId() != new_id) {
    return base::Status::Internal("after the switch the current key is " + ring.CurrentId() +
                                  ", not " + new_id);
  }
  return new_id;
}

base::Result<RotationReport> RotateFieldKey(const std::string& dir, crypto::Keyring& ring,
                                            const std::vector<crypto::ResealColumn>& columns,
                                            std::chrono::milliseconds settle,
                                            const std::function<void(const std::string&)>& say) {
  RotationReport report;
  report.old_id = ring.CurrentId();
  BS_ASSIGN_OR_RETURN(report.new_id, ReplaceCurrentKeyFile(dir, ring));
  say("new field key " + report.new_id + " is current; the old key " + report.old_id +
      " is kept as " + std::string(crypto::Keyring::kRetiredPrefix) + report.old_id +
      crypto::Keyring::kRetiredSuffix);
  if (settle.count() > 0) {
    say("waiting " + std::to_string((settle.count() + 999) / 1000) +
        " s for running servers to switch to the new key");
    std::this_thread::sleep_for(settle);
  }
  for (const crypto::ResealColumn& column : columns) {
    BS_ASSIGN_OR_RETURN(crypto::ResealReport r, crypto::Reseal(ring, column));
    say(column.name + ": " + std::to_string(r.resealed) + " re-sealed, " +
        std::to_string(r.already_current) + " already current, " + std::to_string(r.changed) +
        " changed meanwhile, " + std::to_string(r.unreadable.size()) + " unreadable");
    report.columns.push_back(std::move(r));
  }
  return report;
}

}  // namespace app
