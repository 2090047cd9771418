#include "app/cli_keys.h"

#include <cstdio>

#include "app/composition.h"
#include "app/key_rotation.h"
#include "config/config.h"
#include "donations/donor_profile.h"
#include "mail/outbox.h"
#include "mailbag/mailbag_service.h"
#include "members/members_service.h"

namespace app {

int RunKeysRotate(const KeysRotateOptions& o) {
  auto fail = [](const std::string& m) {
    std::fprintf(stderr, "broadside: %s\n", m.c_str());
    return 1;
  };
  auto cfg = config::LoadConfig(o.data_dir, config::BroadsideEnvironment());
  if (!cfg.ok()) return fail(cfg.status().message());
  if (!cfg->field_key_base64.empty()) {
    return fail(
        "the field key comes from BROADSIDE_FIELD_KEY: rotation writes key files, so unset "
        "it, put the key in " + FieldKeyPath(*cfg) + " (mode 0600), rotate, and set the new key "
        "from that file");
  }
  auto ring = LoadKeyring(*cfg);
  if (!ring.ok()) return fail(ring.status().message());
  auto store = OpenStore(*cfg);
  if (!store.ok()) return fail(store.status().message());
  const std::vector<crypto::ResealColumn> columns = {
      mail::OutboxResealColumn((*store)->mail()),
      mailbag::AskerEmailResealColumn((*store)->mailbag()),
      members::ProfileResealColumn((*store)->members()),
      donations::DonorProfileResealColumn((*store)->donations()),
      donations::GiftExtraResealColumn((*store)->donations()),
  };
  // Servers check field.key every kReloadInterval; give them that and a second.
  const auto settle = o.no_wait ? std::chrono::milliseconds(0)
                                : crypto::Keyring::kReloadInterval + std::chrono::seconds(1);
  auto report = RotateFieldKey(KeysDir(*cfg), **ring, columns, settle,
                               [](const std::string& line) {
                                 std::printf("%s\n", line.c_str());
                                 std::fflush(stdout);
                               });
  (*store)->Close();
  if (!report.ok()) return fail("key rotation: " + report.status().message());
  size_t unreadable = 0;
  for (const crypto::ResealReport& c : report->columns) unreadable += c.unreadable.size();
  if (unreadable > 0) {
    std::printf(
        "%zu value(s) opened with no key held and were left as they were (damaged, or sealed "
        "with a key that is gone); the counts above say where\n",
        unreadable);
  }
  std::printf(
      "done: everything is sealed with key %s.\n"
      "The old key stays in %s/field.old-%s.key: backups made before now need it to be read.\n"
      "Keep it with those backups (never beside them) or, once they are gone, delete it "
      "(shred -u).\n",
      report->new_id.c_str(), KeysDir(*cfg).c_str(), report->old_id.c_str());
  return unreadable > 0 ? 3 : 0;
}

}  // namespace app
