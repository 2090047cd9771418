#pragma once
// Pending one-time gifts for the webhook benchmark (bench/run.sh --webhooks).
// Each goes through donations::DonationsService::StartGift as the Donate form
// does (the site's own rules, a donor with a sealed profile and a blind
// index, a pending gift with its Checkout Session id), with a stand-in
// StripeClient that answers at once instead of calling Stripe: the
// benchmark's webhooks then complete and refund these gifts. (The Donate form
// itself cannot make them: it admits 20 forms an hour from one address, and
// the load comes from 127.0.0.1.)
//
// The stand-in names each session "cs_bench_<donation ref>", so an event can
// be built from the ref alone. The list of gifts is written to `out_path`,
// one per line: "<donation ref> <session id> <amount minor> <currency>".

#include <cstdint>
#include <string>

#include "base/status.h"
#include "config/config.h"
#include "store/store.h"

namespace bench {

struct DonationSeedOptions {
  int donations = 0;     // pending one-time gifts to start
  std::string out_path;  // REQUIRED when donations > 0
  uint64_t seed = 1;     // picks the amounts
};

struct DonationSeedReport {
  int created = 0;
  double seconds = 0;
};

// Starts `o.donations` gifts on the site at `cfg` through `st`, each from a
// donor of its own (distinct emails, amounts under the itemization
// threshold, every attestation box ticked). Opens the key ring and index key
// from cfg.data_dir/keys. Progress goes to stderr every 5,000 gifts.
// Errors: those of the key files, of the policy in [donations], of StartGift
// (with the gift's number), and of writing out_path.
base::Result<DonationSeedReport> SeedDonations(const config::Config& cfg, store::Store& st,
                                               const DonationSeedOptions& o);

}  // namespace bench
