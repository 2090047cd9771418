// Pending one-time gifts for bench/run.sh --webhooks: see seed_donations.h.

#include "bench/seed_donations.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "crypto/keyring.h"
#include "crypto/sealed.h"
#include "donations/contribution_rules.h"
#include "donations/donations_service.h"
#include "donations/money.h"
#include "donations/stripe_client.h"

namespace bench {
namespace {

using base::Result;
using base::Status;

// Answers CreateCheckoutSession at once with "cs_bench_<donation ref>"; the
// webhook path never calls Stripe, and nothing else is used while seeding.
class InstantStripe final : public donations::StripeClient {
 public:
  Result<donations::CheckoutSession> CreateCheckoutSession(
      const donations::CheckoutRequest& request, std::string_view) override {
    donations::CheckoutSession s;
    s.id = "cs_bench_" + request.donation_ref;
    s.url = "https://checkout.invalid/pay/" + s.id;
    return s;
  }
  Status CancelSubscription(std::string_view, std::string_view) override {
    return Status::Unavailable("bench: no Stripe while seeding");
  }
  Result<std::string> CreatePortalSession(std::string_view, std::string_view) override {
    return Status::Unavailable("bench: no Stripe while seeding");
  }
};

// The parts of the app's DonationsPolicy (app/composition.cc) that StartGift
// reads: currency and rules from [donations]. URLs are placeholders (the
// stand-in ignores them); no webhook secret is needed to start a gift.
Result<donations::DonationsPolicy> PolicyFrom(const config::DonationsConfig& c) {
  donations::DonationsPolicy p;
  auto currency = donations::FindCurrency(c.currency);
  if (!currency.ok()) return currency.status().WithContext("donations.currency");
  p.currency = std::move(currency).value();
  p.preset_amounts_minor = c.preset_amounts_minor;
  p.rules.min_minor = c.min_minor;
  p.rules.max_minor = c.max_minor;
  p.rules.itemization_threshold_minor = c.itemization_threshold_minor;
  p.rules.yearly_cap_minor = c.yearly_cap_minor;
  if (c.attestations_set) {
    p.rules.attestations.clear();
    for (const config::DonationAttestation& a : c.attestations)
      p.rules.attestations.push_back({a.key, a.text});
  }
  BS_RETURN_IF_ERROR(donations::ValidateRulesConfig(p.rules).WithContext("[donations]"));
  p.success_url = "https://bench.invalid/donate/thanks?session_id={CHECKOUT_SESSION_ID}";
  p.cancel_url = "https://bench.invalid/donate";
  return p;
}

// Amounts a donor might type, in whole units of the currency, all at or
// under the itemization threshold and within [min, max].
int64_t PickAmount(uint64_t& state, const donations::DonationsPolicy& p) {
  static constexpr int64_t kUnits[] = {5, 10, 10, 20, 25, 25, 25, 50, 50, 100, 15, 30};
  state = state * 6364136223846793005ULL + 1442695040888963407ULL;
  int64_t minor = kUnits[(state >> 33) % std::size(kUnits)];
  for (int i = 0; i < p.currency.exponent; ++i) minor *= 10;
  if (p.rules.itemization_threshold_minor > 0)
    minor = std::min(minor, p.rules.itemization_threshold_minor);
  return std::clamp(minor, p.rules.min_minor, p.rules.max_minor);
}

}  // namespace

Result<DonationSeedReport> SeedDonations(const config::Config& cfg, store::Store& st,
                                         const DonationSeedOptions& o) {
  DonationSeedReport report;
  if (o.donations <= 0) return report;
  if (o.out_path.empty()) return Status::InvalidArgument("bench: donations need an output file");
  const auto t0 = std::chrono::steady_clock::now();
  const std::string keys = (std::filesystem::path(cfg.data_dir) / "keys").string();
  auto ring = cfg.field_key_base64.empty() ? crypto::Keyring::Load(keys)
                                           : crypto::Keyring::LoadWithKey(keys, cfg.field_key_base64);
  if (!ring.ok()) return ring.status().WithContext("loading the field key from " + keys);
  auto index_key = crypto::FieldKey::FromFile(keys + "/index.key");
  if (!index_key.ok()) return index_key.status().WithContext("loading the index key");
  BS_ASSIGN_OR_RETURN(donations::DonationsPolicy policy, PolicyFrom(cfg.donations));
  std::vector<std::string> attested;
  for (const donations::Attestation& a : policy.rules.attestations) attested.push_back(a.key);

  std::ofstream out(o.out_path, std::ios::trunc);
  if (!out) return Status::Internal("bench: cannot write " + o.out_path);
  const base::SystemClock clock;
  InstantStripe stripe;
  const std::string currency = policy.currency.code;
  const int decimals = policy.currency.exponent;
  donations::DonationsService service(st.donations(), stripe, **ring, *index_key, clock,
                                      /*notifier=*/nullptr, std::move(policy));
  uint64_t state = o.seed * 0x9E3779B97F4A7C15ULL + 11;
  for (int i = 0; i < o.donations; ++i) {
    const int64_t amount = PickAmount(state, service.policy());
    donations::GiftForm form;
    // Whole units as typed ("25"); the service parses them in its currency.
    int64_t units = amount;
    for (int d = 0; d < decimals; ++d) units /= 10;
    form.custom_amount = std::to_string(units);
    form.name = "Bench Donor " + std::to_string(i);
    form.email = "donor" + std::to_string(i) + "@bench.invalid";
    form.address_line1 = std::to_string(i % 900 + 1) + " Main St";
    form.city = "Springfield";
    form.region = "IL";
    form.postal_code = "62701";
    form.country = "US";
    form.attested = attested;
    Result<donations::StartedGift> started = service.StartGift(form);
    if (!started.ok()) return started.status().WithContext("gift " + std::to_string(i));
    out << started->donation_ref << " cs_bench_" << started->donation_ref << ' ' << amount
        << ' ' << currency << '\n';
    ++report.created;
    if ((i + 1) % 5000 == 0) std::fprintf(stderr, "  %d gifts\n", i + 1);
  }
  out.close();
  if (!out) return Status::Internal("bench: writing " + o.out_path + " failed");
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

}  // namespace bench
