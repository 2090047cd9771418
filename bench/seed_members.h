#pragma once
// Members for the membership benchmark (bench/run.sh --members): N people
// with distinct, realistic names, addresses and postal codes, a few chapters
// with postal-prefix rules, and a staff user with the membership-secretary
// role. Everything goes through members::MembersService as the public Join
// form and the back office use it: Join (sealed profile, blind indexes, a
// confirmation token), ConfirmJoin from that token, and for some the
// secretary's Decline, so the rows are the ones the app writes. Only lapsing
// has no service call yet (nothing lapses a member in the product): it is a
// store::MembersStore::UpdateMember with a "status" event, as the service
// writes its other status changes.
//
// Dates: a stepped clock walks the join dates over `years` before now, in
// order, so ids grow with created_at as on a real site and the monthly
// counts see a history.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "config/config.h"
#include "store/store.h"

namespace bench {

struct MemberSeedOptions {
  int members = 100000;
  uint64_t seed = 1;
  int years = 8;
  // The staff user the benchmark signs in as; reused when it exists.
  // The password must pass accounts' strength check.
  std::string secretary_email = "secretary@bench.invalid";
  std::string secretary_password;
  int sample_emails = 5;  // existing members' addresses to report
};

struct MemberSeedReport {
  int created = 0;
  int chapters = 0;
  std::map<std::string, int> by_status;  // store spelling -> count
  std::vector<std::string> sample_emails;  // members the search can find
  std::string sample_name;                 // "first last" of one of them
  double seconds = 0;
};

// Adds the chapters (unless the site has some), the secretary and
// `o.members` members to the site at `cfg` through `st`. Opens the site's
// key ring and index key from cfg.data_dir/keys (made by `broadside init`).
// Progress goes to stderr every 10,000 members.
// Errors: those of the key files and of the services, with context.
base::Result<MemberSeedReport> SeedMembers(const config::Config& cfg, store::Store& st,
                                           const MemberSeedOptions& o);

}  // namespace bench
