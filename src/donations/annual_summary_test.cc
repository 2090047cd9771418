// AnnualSummaries over a real SQLite store, gifts recorded through the real
// service (offline gifts) and the store (a monthly charge), a fake clock in
// New York's zone and a recording notifier.

#include "donations/annual_summary.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "donations/donations_service.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace donations {
namespace {

using base::Status;
using std::chrono::seconds;

// Never reached: offline gifts need no Stripe.
class NoStripe final : public StripeClient {
 public:
  base::Result<CheckoutSession> CreateCheckoutSession(const CheckoutRequest&,
                                                      std::string_view) override {
    return Status::Unavailable("no stripe in this test");
  }
  Status CancelSubscription(std::string_view, std::string_view) override {
    return Status::Unavailable("no stripe in this test");
  }
  base::Result<std::string> CreatePortalSession(std::string_view, std::string_view) override {
    return Status::Unavailable("no stripe in this test");
  }
};

class Summaries final : public Notifier {
 public:
  std::vector<DonationSummary> sent;
  Status error = Status::Ok();
  Status Receipt(const DonationReceipt&) override { return Status::Ok(); }
  Status AnnualSummary(const DonationSummary& s) override {
    if (!error.ok()) return error;
    sent.push_back(s);
    return Status::Ok();
  }
};

// 2027-03-02T12:00Z: the current year is 2027 in New York.
constexpr int64_t kNow = 1'803'988'800;

base::Time At(int64_t unix_seconds) { return base::Time(seconds(unix_seconds)); }

class AnnualSummaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("s.db");
    store_ = std::move(store::OpenSqliteStore(o)).value();
    ring_ = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
    index_key_ = std::make_unique<crypto::FieldKey>(crypto::FieldKey::Generate().value());
    DonationsPolicy p;
    p.time_zone = zone_;
    service_ = std::make_unique<DonationsService>(store_->donations(), stripe_, *ring_, *index_key_,
                                                  clock_, nullptr, p);
    summaries_ = std::make_unique<AnnualSummaries>(store_->donations(), *ring_, *index_key_, clock_,
                                                   notifier_, zone_);
  }
  void TearDown() override {
    service_.reset();
    store_->Close();
  }

  // An offline gift of `amount` received at `at`; returns its id.
  int64_t Give(const std::string& email, const std::string& amount, base::Time at,
               const std::string& lang = "en") {
    OfflineGift g;
    g.amount = amount;
    g.method = store::DonationMethod::kCheck;
    g.received_at = at;
    g.name = "Ana Ruiz";
    g.email = email;
    g.address_line1 = "1 Main St";
    g.city = "Springfield";
    g.postal_code = "62701";
    g.country = "US";
    g.employer = "Acme";
    g.occupation = "Welder";
    g.lang = lang;
    auto id = service_->RecordOfflineGift(g);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t DonorOf(int64_t donation_id) {
    return store_->donations().GetDonation(donation_id).value().donor_id;
  }

  test_support::TempDir dir_{"bs-annual-summary"};
  base::FakeClock clock_{At(kNow)};
  base::TimeZone zone_ = base::TimeZone::Load("America/New_York").value();
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<crypto::FieldKey> index_key_;
  NoStripe stripe_;
  Summaries notifier_;
  std::unique_ptr<DonationsService> service_;
  std::unique_ptr<AnnualSummaries> summaries_;
};

TEST_F(AnnualSummaryTest, ParseYearAcceptsPastAndCurrentYearsOnly) {
  EXPECT_EQ(summaries_->ParseYear(" 2026 ").value(), 2026);
  EXPECT_EQ(summaries_->ParseYear("2027").value(), 2027);
  EXPECT_EQ(summaries_->ParseYear("2000").value(), 2000);
  std::string_view why;
  EXPECT_TRUE(summaries_->ParseYear("2028", &why).status().IsInvalidArgument());
  EXPECT_EQ(why, kSummaryFutureYearMsgid);
  for (const char* bad : {"1999", "26", "20266", "2O26", "-2026", "2026.0", "two"}) {
    why = {};
    EXPECT_TRUE(summaries_->ParseYear(bad, &why).status().IsInvalidArgument()) << bad;
    EXPECT_EQ(why, kSummaryYearMsgid) << bad;
  }
  why = {};
  EXPECT_TRUE(summaries_->ParseYear("  ", &why).status().IsInvalidArgument());
  EXPECT_EQ(why, kRequiredMsgid);
}

TEST_F(AnnualSummaryTest, SummaryHasTheYearsGiftsInTheOrganizationsZoneNetOfRefunds) {
  // 2026-01-01T03:00Z is still 2025 in New York; 2027-01-01T03:00Z still 2026.
  const int64_t before = Give("ana@example.org", "40", At(1'767'236'400));
  const int64_t first = Give("ana@example.org", "50", At(1'770'000'000));     // 2026-02-02
  const int64_t refunded = Give("ana@example.org", "30", At(1'780'000'000));  // 2026-05-28
  const int64_t late = Give("ana@example.org", "20", At(1'798'772'400));      // 2026-12-31 local
  Give("ben@example.org", "99", At(1'775'000'000));                           // someone else
  store::DonationCorrection c;
  c.donation_id = refunded;
  c.refunded_minor = 1000;
  c.at = At(1'781'000'000);
  c.note = "partial refund";
  ASSERT_TRUE(store_->donations().CorrectDonation(c).ok());

  auto s = summaries_->Build(DonorOf(first), 2026);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->email, "ana@example.org");
  EXPECT_EQ(s->name, "Ana Ruiz");
  EXPECT_EQ(s->year, 2026);
  ASSERT_EQ(s->gifts.size(), 3u);
  EXPECT_EQ(s->gifts[0].amount_minor, 5000);  // oldest first
  EXPECT_EQ(s->gifts[1].amount_minor, 3000);
  EXPECT_EQ(s->gifts[1].refunded_minor, 1000);
  EXPECT_EQ(s->gifts[2].amount_minor, 2000);
  EXPECT_FALSE(s->gifts[0].monthly);
  EXPECT_EQ(s->gifts[0].donation_ref, store_->donations().GetDonation(first).value().ref);
  ASSERT_EQ(s->net_totals.size(), 1u);
  EXPECT_EQ(s->net_totals[0].first, "USD");
  EXPECT_EQ(s->net_totals[0].second, 5000 + 2000 + 2000);

  auto earlier = summaries_->Build(DonorOf(before), 2025);
  ASSERT_TRUE(earlier.ok());
  ASSERT_EQ(earlier->gifts.size(), 1u);
  EXPECT_EQ(earlier->gifts[0].amount_minor, 4000);
  EXPECT_EQ(DonorOf(late), DonorOf(first));
}

TEST_F(AnnualSummaryTest, MonthlyChargesAreMarkedAndPendingGiftsLeftOut) {
  const int64_t offline = Give("ana@example.org", "10", At(1'770'000'000));
  const store::Donor donor = store_->donations().GetDonor(DonorOf(offline)).value();
  store::Donation d;
  d.ref = "don_monthly_1";
  d.kind = store::DonationKind::kMonthlyCharge;
  d.amount_minor = 1500;
  d.currency = "USD";
  d.created_at = d.updated_at = At(1'771'000'000);
  auto created = store_->donations().CreatePendingDonation(
      {donor.ref, donor.email_index, donor.sealed_profile}, d, std::nullopt);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  store::Donation pending = d;
  pending.ref = "don_pending_1";
  pending.kind = store::DonationKind::kOneTime;
  ASSERT_TRUE(store_->donations()
                  .CreatePendingDonation({donor.ref, donor.email_index, donor.sealed_profile},
                                         pending, std::nullopt)
                  .ok());
  store::EventApplication e;
  e.event.event_id = "evt_paid_1";
  e.event.type = "invoice.paid";
  e.event.occurred_at = e.event.received_at = At(1'771'000'100);
  e.event.donation_id = created->donation_id;
  e.donation.completed_at = At(1'771'000'100);
  ASSERT_TRUE(store_->donations().ApplyEvent(e).ok());

  auto s = summaries_->Build(donor.id, 2026);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->gifts.size(), 2u);
  EXPECT_FALSE(s->gifts[0].monthly);
  EXPECT_TRUE(s->gifts[1].monthly);
  EXPECT_EQ(s->net_totals[0].second, 1000 + 1500);
}

TEST_F(AnnualSummaryTest, RequestByEmailSendsOnlyToADonorWithGiftsThatYear) {
  Give("ana@example.org", "50", At(1'770'000'000), "es");
  bool sent = true;
  ASSERT_TRUE(summaries_->RequestByEmail("  Ana@Example.org ", 2026, &sent).ok());
  EXPECT_TRUE(sent);
  ASSERT_EQ(notifier_.sent.size(), 1u);
  EXPECT_EQ(notifier_.sent[0].lang, "es");
  EXPECT_EQ(notifier_.sent[0].email, "ana@example.org");

  // Same answer, no mail: an address that never gave, a year with nothing.
  ASSERT_TRUE(summaries_->RequestByEmail("nobody@example.org", 2026, &sent).ok());
  EXPECT_FALSE(sent);
  ASSERT_TRUE(summaries_->RequestByEmail("ana@example.org", 2024, &sent).ok());
  EXPECT_FALSE(sent);
  EXPECT_EQ(notifier_.sent.size(), 1u);

  EXPECT_TRUE(summaries_->RequestByEmail("not an address", 2026).IsInvalidArgument());
  EXPECT_TRUE(summaries_->RequestByEmail("ana@example.org", 2028).IsInvalidArgument());
  EXPECT_TRUE(summaries_->RequestByEmail("ana@example.org", 1999).IsInvalidArgument());
  EXPECT_EQ(notifier_.sent.size(), 1u);

  // A notifier failure is reported to the caller (who logs it).
  notifier_.error = Status::Unavailable("outbox down");
  EXPECT_EQ(summaries_->RequestByEmail("ana@example.org", 2026).code(),
            base::StatusCode::kUnavailable);
}

TEST_F(AnnualSummaryTest, SendToDonorRefusesUnknownDonorsAndEmptyYears) {
  const int64_t id = Give("ana@example.org", "50", At(1'770'000'000));
  ASSERT_TRUE(summaries_->SendToDonor(DonorOf(id), 2026).ok());
  EXPECT_EQ(notifier_.sent.size(), 1u);
  EXPECT_TRUE(summaries_->SendToDonor(DonorOf(id), 2025).IsInvalidArgument());
  EXPECT_TRUE(summaries_->SendToDonor(DonorOf(id), 2031).IsInvalidArgument());
  EXPECT_TRUE(summaries_->SendToDonor(987654, 2026).IsNotFound());
  EXPECT_EQ(notifier_.sent.size(), 1u);
}

}  // namespace
}  // namespace donations
