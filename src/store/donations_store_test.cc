// Contract tests for the donations store on SQLite (real database in a temp
// dir): every operation, Stripe event idempotency and order independence,
// the books reconciling, and no personal data in the raw database files.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "crypto/sealed.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using namespace std::chrono;  // NOLINT: dates in tests

Time At(int y, unsigned m, unsigned d, int h = 12, int mi = 0, int s = 0) {
  return Time(sys_days(year(y) / month(m) / day(d)).time_since_epoch() + hours(h) +
              minutes(mi) + seconds(s));
}
const Time kT0 = At(2026, 11, 2);

class DonationsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    User u;
    u.email = "treasurer@example.org";
    u.display_name = "Treasurer";
    auto id = store_->accounts().CreateUser(u);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    treasurer_ = *id;
  }
  DonationsStore& ds() { return store_->donations(); }

  static DonorInput Donor(const std::string& key) {
    return DonorInput{"donor-" + key, "idx-" + key, "sealed-" + key};
  }
  static Donation Gift(const std::string& ref, int64_t amount, Time at = kT0) {
    Donation d;
    d.ref = ref;
    d.amount_minor = amount;
    d.currency = "usd";
    d.created_at = at;
    d.stripe.checkout_session_id = "cs_" + ref;
    return d;
  }
  // A pending Stripe gift of `amount` by donor `key`; its id.
  int64_t Pending(const std::string& key, const std::string& ref, int64_t amount,
                  Time at = kT0) {
    auto c = ds().CreatePendingDonation(Donor(key), Gift(ref, amount, at), std::nullopt);
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? c->donation_id : 0;
  }
  static EventApplication Event(const std::string& id, const std::string& type, Time occurred,
                                std::optional<int64_t> donation) {
    EventApplication a;
    a.event.event_id = id;
    a.event.type = type;
    a.event.occurred_at = occurred;
    a.event.received_at = occurred + seconds(1);
    a.event.donation_id = donation;
    return a;
  }
  AppliedEvent Apply(const EventApplication& a) {
    auto r = ds().ApplyEvent(a);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : AppliedEvent{};
  }
  AppliedEvent Complete(const std::string& evt, int64_t donation, Time at) {
    EventApplication a = Event(evt, "checkout.session.completed", at, donation);
    a.donation.completed_at = at;
    return Apply(a);
  }
  AppliedEvent Refund(const std::string& evt, int64_t donation, int64_t cumulative, Time at) {
    EventApplication a = Event(evt, "charge.refunded", at, donation);
    a.donation.refunded_minor = cumulative;
    return Apply(a);
  }
  int64_t LedgerSum(int64_t donation) {
    int64_t sum = 0;
    auto ledger = ds().ListLedger(donation);
    EXPECT_TRUE(ledger.ok()) << ledger.status().ToString();
    if (!ledger.ok()) return -1;
    for (const LedgerEntry& e : *ledger) sum += e.amount_minor;
    return sum;
  }
  void ExpectBooksBalance() {
    auto r = ds().Reconcile();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    for (const Reconciliation& line : *r) {
      EXPECT_EQ(line.ledger_minor, line.donations_minor) << line.currency;
    }
  }

  test_support::TempDir dir_{"bs-donations-store"};
  std::unique_ptr<Store> store_;
  int64_t treasurer_ = 0;
};

TEST(DonationNamesTest, RoundTrip) {
  for (DonationStatus s : {DonationStatus::kPending, DonationStatus::kCompleted,
                           DonationStatus::kExpired, DonationStatus::kFailed,
                           DonationStatus::kRefunded, DonationStatus::kPartiallyRefunded}) {
    EXPECT_EQ(DonationStatusFrom(DonationStatusName(s)), s);
  }
  EXPECT_EQ(DonationMethodFrom("bank_transfer"), DonationMethod::kBankTransfer);
  EXPECT_EQ(DonationKindFrom("monthly_charge"), DonationKind::kMonthlyCharge);
  EXPECT_EQ(PlanStatusFrom("past_due"), PlanStatus::kPastDue);
  EXPECT_FALSE(DonationStatusFrom("paid").has_value());
  EXPECT_FALSE(PlanStatusFrom("").has_value());
}

TEST_F(DonationsStoreTest, CreatePendingAndReadBack) {
  Donation g = Gift("g1", 2500);
  g.lang = "es";
  g.sealed_extra = "sealed-extra";
  auto c = ds().CreatePendingDonation(Donor("ana"), g, std::nullopt);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->plan_id.has_value());
  auto d = ds().GetDonation(c->donation_id);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->ref, "g1");
  EXPECT_EQ(d->donor_id, c->donor_id);
  EXPECT_EQ(d->status, DonationStatus::kPending);
  EXPECT_EQ(d->kind, DonationKind::kOneTime);
  EXPECT_EQ(d->method, DonationMethod::kStripe);
  EXPECT_EQ(d->amount_minor, 2500);
  EXPECT_EQ(d->currency, "USD");  // upper-cased
  EXPECT_EQ(d->refunded_minor, 0);
  EXPECT_FALSE(d->received_at.has_value());
  EXPECT_EQ(d->lang, "es");
  EXPECT_EQ(d->sealed_extra, "sealed-extra");
  EXPECT_EQ(d->created_at, kT0);
  EXPECT_EQ(d->stripe.checkout_session_id, "cs_g1");
  EXPECT_EQ(d->stripe.payment_intent_id, "");

  EXPECT_EQ(ds().GetDonationByRef("g1")->id, c->donation_id);
  using K = DonationsStore::StripeKey;
  EXPECT_EQ(ds().GetDonationByStripeId(K::kCheckoutSession, "cs_g1")->id, c->donation_id);
  EXPECT_TRUE(ds().GetDonationByStripeId(K::kPaymentIntent, "").status().IsNotFound());
  EXPECT_TRUE(ds().GetDonationByStripeId(K::kInvoice, "in_x").status().IsNotFound());
  EXPECT_TRUE(ds().GetDonation(999).status().IsNotFound());
  EXPECT_TRUE(ds().GetDonationByRef("nope").status().IsNotFound());

  auto donor = ds().FindDonorByEmailIndex("idx-ana");
  ASSERT_TRUE(donor.ok() && donor->has_value());
  EXPECT_EQ((*donor)->id, c->donor_id);
  EXPECT_EQ((*donor)->sealed_profile, "sealed-ana");
  EXPECT_FALSE(ds().FindDonorByEmailIndex("idx-nobody")->has_value());
  EXPECT_FALSE(ds().FindDonorByEmailIndex("")->has_value());
  EXPECT_EQ(ds().GetDonor(c->donor_id)->ref, "donor-ana");
  EXPECT_TRUE(ds().GetDonor(999).status().IsNotFound());
}

TEST_F(DonationsStoreTest, ReturningDonorKeepsOneRowAndTheNewestProfile) {
  const int64_t first = Pending("ana", "g1", 1000);
  DonorInput again = Donor("ana");
  again.sealed_profile = "sealed-ana-v2";
  auto c = ds().CreatePendingDonation(again, Gift("g2", 2000, kT0 + hours(1)), std::nullopt);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->donor_id, ds().GetDonation(first)->donor_id);
  auto donor = ds().GetDonor(c->donor_id);
  EXPECT_EQ(donor->sealed_profile, "sealed-ana-v2");
  EXPECT_EQ(donor->updated_at, kT0 + hours(1));
  EXPECT_EQ(donor->created_at, kT0);

  // The same email under another ref: the profile would be sealed to the
  // wrong context. Refused, and nothing is written.
  DonorInput other = Donor("ana");
  other.ref = "donor-other";
  EXPECT_TRUE(ds().CreatePendingDonation(other, Gift("g3", 100), std::nullopt).status()
                  .IsConflict());
  EXPECT_TRUE(ds().GetDonationByRef("g3").status().IsNotFound());
  // A ref taken by another email is refused too.
  DonorInput stolen = Donor("bob");
  stolen.ref = "donor-ana";
  EXPECT_TRUE(ds().CreatePendingDonation(stolen, Gift("g4", 100), std::nullopt).status()
                  .IsConflict());
}

TEST_F(DonationsStoreTest, BadInputAndUniqueConstraints) {
  Pending("ana", "g1", 1000);
  auto create = [&](const DonorInput& donor, const Donation& d) {
    return ds().CreatePendingDonation(donor, d, std::nullopt).status();
  };
  EXPECT_TRUE(create(Donor("ana"), Gift("g1", 500)).IsConflict());  // ref taken
  Donation same_session = Gift("g2", 500);
  same_session.stripe.checkout_session_id = "cs_g1";
  EXPECT_TRUE(create(Donor("ana"), same_session).IsConflict());
  EXPECT_TRUE(create(Donor("ana"), Gift("g3", 0)).IsInvalidArgument());
  EXPECT_TRUE(create(Donor("ana"), Gift("g3", -5)).IsInvalidArgument());
  EXPECT_TRUE(create(Donor("ana"), Gift("", 500)).IsInvalidArgument());
  Donation bad_currency = Gift("g3", 500);
  bad_currency.currency = "us";
  EXPECT_TRUE(create(Donor("ana"), bad_currency).IsInvalidArgument());
  bad_currency.currency = "u$d";
  EXPECT_TRUE(create(Donor("ana"), bad_currency).IsInvalidArgument());
  DonorInput no_index = Donor("x");
  no_index.email_index.clear();
  EXPECT_TRUE(create(no_index, Gift("g3", 500)).IsInvalidArgument());
  Donation unknown_plan = Gift("g3", 500);
  unknown_plan.recurring_id = 42;
  EXPECT_TRUE(create(Donor("ana"), unknown_plan).IsInvalidArgument());
  EXPECT_EQ(*ds().CountDonations({}), 1);
}

TEST_F(DonationsStoreTest, EachEventIsAppliedOnce) {
  const int64_t id = Pending("ana", "g1", 5000);
  EventApplication a = Event("evt_1", "checkout.session.completed", kT0 + minutes(5), id);
  a.donation.completed_at = kT0 + minutes(5);
  a.donation.stripe.payment_intent_id = "pi_1";
  auto first = ds().ApplyEvent(a);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->applied);
  EXPECT_TRUE(first->newly_completed);
  EXPECT_EQ(first->donation_id, id);
  auto second = ds().ApplyEvent(a);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_FALSE(second->applied);
  EXPECT_FALSE(second->newly_completed);
  EXPECT_EQ(second->donation_id, id);  // what it touched the first time

  auto d = ds().GetDonation(id);
  EXPECT_EQ(d->status, DonationStatus::kCompleted);
  EXPECT_EQ(d->completed_at, kT0 + minutes(5));
  EXPECT_EQ(d->received_at, kT0 + minutes(5));
  EXPECT_EQ(d->stripe.payment_intent_id, "pi_1");
  auto ledger = ds().ListLedger(id);
  ASSERT_EQ(ledger->size(), 1u);
  EXPECT_EQ((*ledger)[0].kind, LedgerKind::kReceived);
  EXPECT_EQ((*ledger)[0].amount_minor, 5000);
  EXPECT_EQ((*ledger)[0].currency, "USD");
  EXPECT_EQ((*ledger)[0].event_id, "evt_1");
  auto events = ds().ListDonationEvents(id);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].type, "checkout.session.completed");
  auto got = ds().GetEvent("evt_1");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->donation_id, id);
  EXPECT_FALSE(ds().GetEvent("evt_none")->has_value());

  // A later completion event for the same gift changes nothing either.
  EXPECT_FALSE(Complete("evt_2", id, kT0 + hours(1)).newly_completed);
  EXPECT_EQ(ds().GetDonation(id)->completed_at, kT0 + minutes(5));
  EXPECT_EQ(ds().ListLedger(id)->size(), 1u);
  EXPECT_EQ(ds().ListDonationEvents(id)->size(), 2u);  // but the gift saw it
  // An event that touches nothing is still recorded once.
  EXPECT_TRUE(Apply(Event("evt_other", "customer.created", kT0, std::nullopt)).applied);
  EXPECT_FALSE(Apply(Event("evt_other", "customer.created", kT0, std::nullopt)).applied);
  ExpectBooksBalance();
}

TEST_F(DonationsStoreTest, RefundBeforeCompletionEndsRefunded) {
  const int64_t id = Pending("ana", "g1", 5000);
  AppliedEvent r = Refund("evt_refund", id, 5000, kT0 + minutes(10));
  EXPECT_EQ(r.newly_refunded_minor, 5000);
  EXPECT_EQ(ds().GetDonation(id)->status, DonationStatus::kRefunded);
  AppliedEvent c = Complete("evt_done", id, kT0 + minutes(5));
  EXPECT_TRUE(c.newly_completed);
  auto d = ds().GetDonation(id);
  EXPECT_EQ(d->status, DonationStatus::kRefunded);
  EXPECT_EQ(d->refunded_minor, 5000);
  EXPECT_EQ(d->received_at, kT0 + minutes(5));  // the completion's time wins
  EXPECT_EQ(LedgerSum(id), 0);
  EXPECT_EQ(ds().ListLedger(id)->size(), 2u);  // +received, -refund; none for the completion
  // History is by Stripe's time, not arrival.
  auto events = ds().ListDonationEvents(id);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[0].event_id, "evt_done");
  ExpectBooksBalance();
}

TEST_F(DonationsStoreTest, RefundsAreCumulativeNotSummed) {
  const int64_t id = Pending("ana", "g1", 5000);
  Complete("evt_1", id, kT0);
  EXPECT_EQ(Refund("evt_2", id, 1000, kT0 + hours(1)).newly_refunded_minor, 1000);
  EXPECT_EQ(ds().GetDonation(id)->status, DonationStatus::kPartiallyRefunded);
  EXPECT_EQ(Refund("evt_3", id, 2500, kT0 + hours(2)).newly_refunded_minor, 1500);
  // An older cumulative amount arriving late changes nothing.
  EXPECT_EQ(Refund("evt_4", id, 1000, kT0 + minutes(90)).newly_refunded_minor, 0);
  auto d = ds().GetDonation(id);
  EXPECT_EQ(d->refunded_minor, 2500);
  EXPECT_EQ(d->refunded_at, kT0 + hours(2));
  EXPECT_EQ(d->status, DonationStatus::kPartiallyRefunded);
  std::vector<int64_t> amounts;
  auto ledger = ds().ListLedger(id);
  ASSERT_TRUE(ledger.ok());
  for (const LedgerEntry& e : *ledger) amounts.push_back(e.amount_minor);
  EXPECT_EQ(amounts, (std::vector<int64_t>{5000, -1000, -1500}));

  // More than the gift: refused, and the event is not recorded (a retry can apply it).
  EventApplication too_much = Event("evt_5", "charge.refunded", kT0 + hours(3), id);
  too_much.donation.refunded_minor = 5001;
  EXPECT_TRUE(ds().ApplyEvent(too_much).status().IsInvalidArgument());
  EXPECT_FALSE(ds().GetEvent("evt_5")->has_value());
  too_much.donation.refunded_minor = -1;
  EXPECT_TRUE(ds().ApplyEvent(too_much).status().IsInvalidArgument());
  EXPECT_EQ(Refund("evt_6", id, 5000, kT0 + hours(4)).newly_refunded_minor, 2500);
  EXPECT_EQ(ds().GetDonation(id)->status, DonationStatus::kRefunded);
  ExpectBooksBalance();
}

TEST_F(DonationsStoreTest, EventsInAnyOrderEndTheSame) {
  // expired, completed, partial refund, failed: every order of the four
  // leaves the same gift and the same books.
  std::vector<int> order = {0, 1, 2, 3};
  std::optional<Donation> reference;
  int n = 0;
  do {
    const std::string ref = "g" + std::to_string(n++);
    const int64_t id = Pending("ana", ref, 4000);
    for (int step : order) {
      EventApplication a = Event(ref + "-e" + std::to_string(step), "t", kT0 + minutes(step), id);
      if (step == 0) a.donation.expired_at = kT0;
      if (step == 1) a.donation.completed_at = kT0 + minutes(1);
      if (step == 2) a.donation.refunded_minor = 1500;
      if (step == 3) a.donation.failed_at = kT0 + minutes(3);
      Apply(a);
    }
    auto d = ds().GetDonation(id);
    ASSERT_TRUE(d.ok());
    EXPECT_EQ(LedgerSum(id), 2500) << ref;
    if (!reference) {
      reference = *d;
      continue;
    }
    EXPECT_EQ(d->status, reference->status) << ref;
    EXPECT_EQ(d->refunded_minor, reference->refunded_minor) << ref;
    EXPECT_EQ(d->received_at, reference->received_at) << ref;
    EXPECT_EQ(d->completed_at, reference->completed_at) << ref;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_EQ(reference->status, DonationStatus::kPartiallyRefunded);
  EXPECT_EQ(reference->received_at, kT0 + minutes(1));
  ExpectBooksBalance();
}

TEST_F(DonationsStoreTest, ExpiredAndFailedGifts) {
  const int64_t expired = Pending("ana", "g1", 1000);
  EventApplication a = Event("evt_1", "checkout.session.expired", kT0, expired);
  a.donation.expired_at = kT0;
  Apply(a);
  EXPECT_EQ(ds().GetDonation(expired)->status, DonationStatus::kExpired);
  const int64_t failed = Pending("ana", "g2", 1000);
  a = Event("evt_2", "invoice.payment_failed", kT0, failed);
  a.donation.failed_at = kT0;
  Apply(a);
  EXPECT_EQ(ds().GetDonation(failed)->status, DonationStatus::kFailed);
  EXPECT_TRUE(ds().ListLedger(failed)->empty());
  // A target that does not exist, or two targets, change nothing.
  EXPECT_TRUE(ds().ApplyEvent(Event("evt_3", "t", kT0, 999)).status().IsNotFound());
  EXPECT_FALSE(ds().GetEvent("evt_3")->has_value());
  EventApplication both = Event("evt_4", "t", kT0, failed);
  both.create_donation = Gift("g9", 100);
  EXPECT_TRUE(ds().ApplyEvent(both).status().IsInvalidArgument());
  EXPECT_TRUE(ds().ApplyEvent(Event("", "t", kT0, failed)).status().IsInvalidArgument());
  // A Stripe id that contradicts the known one is Conflict.
  EventApplication contra = Event("evt_5", "t", kT0, failed);
  contra.donation.stripe.checkout_session_id = "cs_other";
  EXPECT_TRUE(ds().ApplyEvent(contra).status().IsConflict());
  EXPECT_FALSE(ds().GetEvent("evt_5")->has_value());
}

TEST_F(DonationsStoreTest, MonthlyPlanAndItsCharges) {
  Plan p;
  p.ref = "plan1";
  p.amount_minor = 1500;
  p.currency = "usd";
  p.cancel_token_hash = "hash-1";
  p.created_at = kT0;
  Donation first = Gift("m1", 1500);
  first.kind = DonationKind::kMonthlyCharge;
  auto c = ds().CreatePendingDonation(Donor("ana"), first, p);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_TRUE(c->plan_id.has_value());
  const int64_t plan = *c->plan_id;
  EXPECT_EQ(ds().GetDonation(c->donation_id)->recurring_id, plan);
  auto got = ds().GetPlan(plan);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->status, PlanStatus::kPending);
  EXPECT_EQ(got->donor_id, c->donor_id);
  EXPECT_EQ(got->currency, "USD");
  EXPECT_EQ(ds().GetPlanByRef("plan1")->id, plan);
  EXPECT_EQ(ds().GetPlanByCancelTokenHash("hash-1")->id, plan);
  EXPECT_TRUE(ds().GetPlanByCancelTokenHash("").status().IsNotFound());

  // The first invoice completes the pending gift and activates the plan.
  EventApplication paid = Event("evt_1", "invoice.paid", kT0 + minutes(1), c->donation_id);
  paid.event.plan_id = plan;
  paid.donation.completed_at = kT0 + minutes(1);
  paid.donation.stripe.invoice_id = "in_1";
  paid.plan.status = PlanStatus::kActive;
  paid.plan.stripe_subscription_id = "sub_1";
  paid.plan.stripe_customer_id = "cus_1";
  Apply(paid);
  EXPECT_EQ(ds().GetPlanBySubscriptionId("sub_1")->status, PlanStatus::kActive);
  // The next month's charge is created by its event.
  EventApplication next = Event("evt_2", "invoice.paid", At(2026, 12, 2), std::nullopt);
  next.event.plan_id = plan;
  next.create_donation = Gift("m2", 1500);
  next.create_donation->kind = DonationKind::kMonthlyCharge;
  next.create_donation->recurring_id = plan;
  next.create_donation->donor_id = c->donor_id;
  next.create_donation->stripe = {"", "pi_2", "in_2", "ch_2"};
  next.donation.completed_at = At(2026, 12, 2);
  next.plan.status = PlanStatus::kActive;
  AppliedEvent made = Apply(next);
  ASSERT_TRUE(made.donation_id.has_value());
  EXPECT_TRUE(made.newly_completed);
  using K = DonationsStore::StripeKey;
  EXPECT_EQ(ds().GetDonationByStripeId(K::kInvoice, "in_2")->id, *made.donation_id);
  EXPECT_EQ(ds().GetDonationByStripeId(K::kCharge, "ch_2")->status, DonationStatus::kCompleted);
  // Replayed: no second charge.
  EXPECT_FALSE(Apply(next).applied);
  DonationFilter of_plan;
  of_plan.recurring_id = plan;
  EXPECT_EQ(*ds().CountDonations(of_plan), 2);

  // A charge refunded before its invoice.paid arrives: both events name the
  // charge's gift by its invoice, and there is one gift, refunded.
  auto third = [&](const std::string& ref) {
    Donation m = Gift(ref, 1500);
    m.kind = DonationKind::kMonthlyCharge;
    m.recurring_id = plan;
    m.donor_id = c->donor_id;
    m.stripe = {"", "", "in_3", ""};
    return m;
  };
  EventApplication refunded = Event("evt_r3", "charge.refunded", At(2027, 1, 3), std::nullopt);
  refunded.create_donation = third("m3-from-refund");
  refunded.create_donation->stripe.charge_id = "ch_3";
  refunded.donation.refunded_minor = 1500;
  AppliedEvent r3 = Apply(refunded);
  EventApplication paid3 = Event("evt_p3", "invoice.paid", At(2027, 1, 2), std::nullopt);
  paid3.event.plan_id = plan;
  paid3.create_donation = third("m3-from-invoice");
  paid3.create_donation->stripe.payment_intent_id = "pi_3";
  paid3.donation.completed_at = At(2027, 1, 2);
  AppliedEvent p3 = Apply(paid3);
  ASSERT_TRUE(r3.donation_id.has_value());
  EXPECT_EQ(p3.donation_id, r3.donation_id);
  EXPECT_TRUE(p3.newly_completed);
  auto m3 = ds().GetDonation(*r3.donation_id);
  EXPECT_EQ(m3->ref, "m3-from-refund");
  EXPECT_EQ(m3->status, DonationStatus::kRefunded);
  EXPECT_EQ(m3->stripe.payment_intent_id, "pi_3");  // learned from the later event
  EXPECT_EQ(m3->stripe.charge_id, "ch_3");
  EXPECT_EQ(m3->received_at, At(2027, 1, 2));
  EXPECT_EQ(LedgerSum(m3->id), 0);
  EXPECT_EQ(*ds().CountDonations(of_plan), 3);
  EXPECT_EQ(ds().ListDonationEvents(m3->id)->size(), 2u);

  auto revenue = ds().RecurringRevenue();
  ASSERT_EQ(revenue->size(), 1u);
  EXPECT_EQ((*revenue)[0].currency, "USD");
  EXPECT_EQ((*revenue)[0].count, 1);
  EXPECT_EQ((*revenue)[0].amount_minor, 1500);

  // An older failure arriving late does not undo the newer payment.
  EventApplication old_fail = Event("evt_3", "invoice.payment_failed", At(2026, 11, 20),
                                    std::nullopt);
  old_fail.event.plan_id = plan;
  old_fail.plan.status = PlanStatus::kPastDue;
  Apply(old_fail);
  EXPECT_EQ(ds().GetPlan(plan)->status, PlanStatus::kActive);
  // Cancellation is final.
  EventApplication deleted = Event("evt_4", "customer.subscription.deleted", At(2026, 12, 10),
                                   std::nullopt);
  deleted.event.plan_id = plan;
  deleted.plan.status = PlanStatus::kCancelled;
  Apply(deleted);
  EventApplication late_paid = Event("evt_5", "invoice.paid", At(2026, 12, 20), std::nullopt);
  late_paid.event.plan_id = plan;
  late_paid.plan.status = PlanStatus::kActive;
  Apply(late_paid);
  ASSERT_TRUE(ds().SetPlanStatus(plan, PlanStatus::kActive, At(2027, 1, 1)).ok());
  got = ds().GetPlan(plan);
  EXPECT_EQ(got->status, PlanStatus::kCancelled);
  EXPECT_EQ(got->cancelled_at, At(2026, 12, 10));
  EXPECT_TRUE(ds().RecurringRevenue()->empty());
  EXPECT_EQ(ds().ListPlanEvents(plan)->size(), 6u);
  EXPECT_TRUE(ds().SetPlanStatus(999, PlanStatus::kActive, kT0).IsNotFound());

  // Cancel links: a new hash replaces the old; hashes are unique.
  ASSERT_TRUE(ds().SetPlanCancelTokenHash(plan, "hash-2").ok());
  EXPECT_TRUE(ds().GetPlanByCancelTokenHash("hash-1").status().IsNotFound());
  EXPECT_TRUE(ds().SetPlanCancelTokenHash(999, "hash-3").IsNotFound());
  Plan other = p;
  other.ref = "plan2";
  other.donor_id = c->donor_id;
  other.cancel_token_hash = "hash-2";
  EXPECT_TRUE(ds().CreatePlan(other).status().IsConflict());
  other.cancel_token_hash = "hash-3";
  other.stripe_subscription_id = "sub_1";
  EXPECT_TRUE(ds().CreatePlan(other).status().IsConflict());
  other.stripe_subscription_id.clear();
  other.ref = "plan1";
  EXPECT_TRUE(ds().CreatePlan(other).status().IsConflict());
  other.ref = "plan3";
  other.donor_id = 999;
  EXPECT_TRUE(ds().CreatePlan(other).status().IsInvalidArgument());
  other.donor_id = c->donor_id;
  auto second_plan = ds().CreatePlan(other);
  ASSERT_TRUE(second_plan.ok()) << second_plan.status().ToString();
  EXPECT_EQ(ds().GetPlan(*second_plan)->status, PlanStatus::kPending);
  ExpectBooksBalance();
}

TEST_F(DonationsStoreTest, ReceiptIsQueuedWithTheCompletionOnly) {
  const int64_t id = Pending("ana", "q1", 2500);
  // A refund proves the money came, but completes nothing: no receipt.
  EXPECT_FALSE(Refund("evt_r", id, 500, kT0).receipt_queued);
  EXPECT_TRUE(ds().GetReceipt(id).status().IsNotFound());
  AppliedEvent done = Complete("evt_c", id, kT0 + minutes(1));
  EXPECT_TRUE(done.newly_completed);
  EXPECT_TRUE(done.receipt_queued);
  auto q = ds().GetReceipt(id);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->donation_id, id);
  EXPECT_EQ(q->status, ReceiptStatus::kDue);
  EXPECT_EQ(q->attempts, 0);
  EXPECT_EQ(q->queued_at, kT0 + minutes(1) + seconds(1));  // the event's received_at
  EXPECT_EQ(q->due_at, q->queued_at);
  EXPECT_FALSE(q->sent_at.has_value());
  // The same event again, and another completing event: nothing more.
  EXPECT_FALSE(Complete("evt_c", id, kT0 + minutes(1)).receipt_queued);
  AppliedEvent again = Complete("evt_c2", id, kT0 + minutes(2));
  EXPECT_TRUE(again.applied);
  EXPECT_FALSE(again.receipt_queued);
  EXPECT_EQ(ds().ListReceipts(std::nullopt, 10, 0)->size(), 1u);

  // A monthly charge made by its event is queued too, once.
  EventApplication charge = Event("evt_m", "invoice.paid", kT0 + hours(1), std::nullopt);
  charge.create_donation = Gift("q2", 1500);
  charge.create_donation->kind = DonationKind::kMonthlyCharge;
  charge.create_donation->donor_id = ds().GetDonation(id)->donor_id;
  charge.create_donation->stripe = {"", "pi_q2", "in_q2", ""};
  charge.donation.completed_at = kT0 + hours(1);
  AppliedEvent made = Apply(charge);
  ASSERT_TRUE(made.donation_id.has_value());
  EXPECT_TRUE(made.receipt_queued);
  charge.event.event_id = "evt_m_again";  // Stripe's second event for the invoice
  EXPECT_FALSE(Apply(charge).receipt_queued);

  // A failed apply queues nothing (it is one transaction).
  const int64_t other = Pending("bo", "q3", 1000);
  EventApplication bad = Event("evt_bad", "checkout.session.completed", kT0, other);
  bad.donation.completed_at = kT0;
  bad.donation.stripe.checkout_session_id = "cs_not_q3";  // contradicts the known id
  EXPECT_TRUE(ds().ApplyEvent(bad).status().IsConflict());
  EXPECT_TRUE(ds().GetReceipt(other).status().IsNotFound());

  // Offline gifts are never queued.
  Donation cash = Gift("q4", 4000);
  cash.method = DonationMethod::kCash;
  cash.stripe = {};
  cash.received_at = kT0;
  auto offline = ds().RecordOfflineDonation(Donor("cy"), cash, "at the fair");
  ASSERT_TRUE(offline.ok()) << offline.status().ToString();
  EXPECT_TRUE(ds().GetReceipt(offline->donation_id).status().IsNotFound());
  EXPECT_EQ(ds().ListReceipts(std::nullopt, 10, 0)->size(), 2u);
}

TEST_F(DonationsStoreTest, ReceiptsAreClaimedOldestFirstUnderALeaseAndMarked) {
  const int64_t a = Pending("a", "ra", 1000);
  const int64_t b = Pending("b", "rb", 1000);
  const int64_t c = Pending("c", "rc", 1000);
  Complete("evt_b", b, kT0 + minutes(1));  // queued in the order b, a, c
  Complete("evt_a", a, kT0 + minutes(2));
  Complete("evt_c", c, kT0 + minutes(3));
  auto ids = [](const Result<std::vector<QueuedReceipt>>& r) {
    std::vector<int64_t> out;
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) {
      for (const QueuedReceipt& q : *r) out.push_back(q.donation_id);
    }
    return out;
  };
  // Not due before it was queued.
  EXPECT_TRUE(ids(ds().ClaimDueReceipts(kT0, seconds(60), 10)).empty());
  const Time now = kT0 + minutes(10);
  auto first = ds().ClaimDueReceipts(now, seconds(60), 2);
  EXPECT_EQ(ids(first), (std::vector<int64_t>{b, a}));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)[0].due_at, now + seconds(60));
  EXPECT_EQ(ds().GetReceipt(b)->due_at, now + seconds(60));
  // Claimed rows are not handed out again until their lease ends.
  EXPECT_EQ(ids(ds().ClaimDueReceipts(now, seconds(60), 10)), std::vector<int64_t>{c});
  EXPECT_EQ(ids(ds().ClaimDueReceipts(now + seconds(59), seconds(60), 10)).size(), 0u);
  // All three are due at the same moment now: then by gift.
  EXPECT_EQ(ids(ds().ClaimDueReceipts(now + seconds(60), seconds(60), 10)),
            (std::vector<int64_t>{a, b, c}));

  // Sent: kept, with the time; marking again changes nothing.
  const Time t = now + minutes(5);
  ASSERT_TRUE(ds().MarkReceiptSent(a, t).ok());
  ASSERT_TRUE(ds().MarkReceiptSent(a, t + minutes(1)).ok());
  QueuedReceipt qa = ds().GetReceipt(a).value();
  EXPECT_EQ(qa.status, ReceiptStatus::kSent);
  EXPECT_EQ(qa.attempts, 1);
  EXPECT_EQ(qa.sent_at, t);
  // Failed: due again at the retry time, not before.
  ASSERT_TRUE(ds().MarkReceiptFailed(b, "outbox busy", t + minutes(5), false).ok());
  QueuedReceipt qb = ds().GetReceipt(b).value();
  EXPECT_EQ(qb.status, ReceiptStatus::kDue);
  EXPECT_EQ(qb.attempts, 1);
  EXPECT_EQ(qb.last_error, "outbox busy");
  EXPECT_EQ(qb.due_at, t + minutes(5));
  ASSERT_TRUE(ds().MarkReceiptSent(c, t).ok());
  EXPECT_TRUE(ids(ds().ClaimDueReceipts(t + minutes(4), seconds(60), 10)).empty());
  EXPECT_EQ(ids(ds().ClaimDueReceipts(t + minutes(5), seconds(60), 10)),
            std::vector<int64_t>{b});
  // Given up: kept as failed, never claimed again, not marked again.
  ASSERT_TRUE(ds().MarkReceiptFailed(b, "no template", t + minutes(6), true).ok());
  qb = ds().GetReceipt(b).value();
  EXPECT_EQ(qb.status, ReceiptStatus::kFailed);
  EXPECT_EQ(qb.attempts, 2);
  EXPECT_EQ(qb.last_error, "no template");
  EXPECT_TRUE(ids(ds().ClaimDueReceipts(t + hours(48), seconds(60), 10)).empty());
  EXPECT_TRUE(ds().MarkReceiptFailed(b, "x", t, false).IsInvalidArgument());
  EXPECT_TRUE(ds().MarkReceiptFailed(a, "x", t, false).IsInvalidArgument());  // sent

  // The treasurer's list: newest queued first, by status.
  EXPECT_EQ(ids(ds().ListReceipts(std::nullopt, 10, 0)), (std::vector<int64_t>{c, a, b}));
  EXPECT_EQ(ids(ds().ListReceipts(std::nullopt, 1, 1)), std::vector<int64_t>{a});
  EXPECT_EQ(ids(ds().ListReceipts(ReceiptStatus::kFailed, 10, 0)), std::vector<int64_t>{b});
  EXPECT_EQ(ids(ds().ListReceipts(ReceiptStatus::kSent, 10, 0)), (std::vector<int64_t>{c, a}));
  EXPECT_TRUE(ids(ds().ListReceipts(ReceiptStatus::kDue, 10, 0)).empty());

  // Unknown gifts and bad arguments.
  EXPECT_TRUE(ds().GetReceipt(999).status().IsNotFound());
  EXPECT_TRUE(ds().MarkReceiptSent(999, t).IsNotFound());
  EXPECT_TRUE(ds().MarkReceiptFailed(999, "x", t, false).IsNotFound());
  EXPECT_TRUE(ds().ClaimDueReceipts(t, seconds(60), 0).status().IsInvalidArgument());
  EXPECT_TRUE(ds().ClaimDueReceipts(t, seconds(60), 1001).status().IsInvalidArgument());
  EXPECT_TRUE(ds().ClaimDueReceipts(t, seconds(-1), 10).status().IsInvalidArgument());
  EXPECT_TRUE(ds().ListReceipts(std::nullopt, 0, 0).status().IsInvalidArgument());
  EXPECT_TRUE(ds().ListReceipts(std::nullopt, 10, -1).status().IsInvalidArgument());
}

TEST(ReceiptStatusNamesTest, Spellings) {
  EXPECT_STREQ(ReceiptStatusName(ReceiptStatus::kDue), "due");
  EXPECT_STREQ(ReceiptStatusName(ReceiptStatus::kSent), "sent");
  EXPECT_STREQ(ReceiptStatusName(ReceiptStatus::kFailed), "failed");
}

TEST_F(DonationsStoreTest, OfflineGiftsAndCorrections) {
  Donation check = Gift("off1", 10000);
  check.method = DonationMethod::kCheck;
  check.stripe = {};
  check.offline_reference = "check #1042";
  check.recorded_by_user_id = treasurer_;
  check.received_at = At(2026, 10, 30, 0);
  auto c = ds().RecordOfflineDonation(Donor("ana"), check, "deposited");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  auto d = ds().GetDonation(c->donation_id);
  EXPECT_EQ(d->status, DonationStatus::kCompleted);
  EXPECT_EQ(d->method, DonationMethod::kCheck);
  EXPECT_EQ(d->received_at, At(2026, 10, 30, 0));
  EXPECT_EQ(d->offline_reference, "check #1042");
  EXPECT_EQ(d->recorded_by_user_id, treasurer_);
  auto ledger = ds().ListLedger(c->donation_id);
  ASSERT_EQ(ledger->size(), 1u);
  EXPECT_EQ((*ledger)[0].kind, LedgerKind::kOffline);
  EXPECT_EQ((*ledger)[0].amount_minor, 10000);
  EXPECT_EQ((*ledger)[0].actor_user_id, treasurer_);
  EXPECT_EQ((*ledger)[0].note, "deposited");

  Donation bad = check;
  bad.ref = "off2";
  bad.method = DonationMethod::kStripe;
  EXPECT_TRUE(ds().RecordOfflineDonation(Donor("ana"), bad, "").status().IsInvalidArgument());
  bad.method = DonationMethod::kCash;
  bad.received_at.reset();
  EXPECT_TRUE(ds().RecordOfflineDonation(Donor("ana"), bad, "").status().IsInvalidArgument());
  bad.received_at = kT0;
  bad.recorded_by_user_id = 999;  // no such user
  EXPECT_TRUE(ds().RecordOfflineDonation(Donor("ana"), bad, "").status().IsInvalidArgument());
  EXPECT_TRUE(ds().GetDonationByRef("off2").status().IsNotFound());

  // The check was for $90, and $20 of it was handed back.
  DonationCorrection fix;
  fix.donation_id = c->donation_id;
  fix.amount_minor = 9000;
  fix.at = kT0;
  fix.actor_user_id = treasurer_;
  fix.note = "amount misread";
  ASSERT_TRUE(ds().CorrectDonation(fix).ok());
  fix.amount_minor.reset();
  fix.refunded_minor = 2000;
  fix.note = "returned in cash";
  ASSERT_TRUE(ds().CorrectDonation(fix).ok());
  d = ds().GetDonation(c->donation_id);
  EXPECT_EQ(d->amount_minor, 9000);
  EXPECT_EQ(d->refunded_minor, 2000);
  EXPECT_EQ(d->status, DonationStatus::kPartiallyRefunded);
  std::vector<int64_t> amounts;
  ledger = ds().ListLedger(c->donation_id);
  ASSERT_TRUE(ledger.ok());
  for (const LedgerEntry& e : *ledger) amounts.push_back(e.amount_minor);
  EXPECT_EQ(amounts, (std::vector<int64_t>{10000, -1000, -2000}));

  fix.note.clear();
  EXPECT_TRUE(ds().CorrectDonation(fix).IsInvalidArgument());
  fix.note = "x";
  fix.refunded_minor = 9001;
  EXPECT_TRUE(ds().CorrectDonation(fix).IsInvalidArgument());
  fix.refunded_minor.reset();
  fix.amount_minor = 0;
  EXPECT_TRUE(ds().CorrectDonation(fix).IsInvalidArgument());
  fix.amount_minor = 1000;  // below what was refunded
  EXPECT_TRUE(ds().CorrectDonation(fix).IsInvalidArgument());
  fix.amount_minor.reset();
  fix.donation_id = 999;
  EXPECT_TRUE(ds().CorrectDonation(fix).IsNotFound());
  // A date only for money that came.
  const int64_t pending = Pending("bob", "g1", 500);
  fix.donation_id = pending;
  fix.received_at = kT0;
  EXPECT_TRUE(ds().CorrectDonation(fix).IsInvalidArgument());
  fix.received_at.reset();
  ASSERT_TRUE(ds().CorrectDonation(fix).ok());  // a note alone: a ledger row of 0
  ASSERT_EQ(ds().ListLedger(pending)->size(), 1u);
  EXPECT_EQ((*ds().ListLedger(pending))[0].amount_minor, 0);
  EXPECT_EQ(ds().GetDonation(c->donation_id)->amount_minor, 9000);  // failures changed nothing
  ExpectBooksBalance();
}

TEST_F(DonationsStoreTest, CalendarYearTotalsAcrossTheBoundary) {
  const int64_t late = Pending("ana", "g1", 15000, At(2025, 12, 31, 23, 0));
  Complete("evt_1", late, At(2025, 12, 31, 23, 59, 59));
  const int64_t early = Pending("ana", "g2", 7000, At(2025, 12, 31, 23, 59));
  Complete("evt_2", early, At(2026, 1, 1, 0, 0, 0));
  const int64_t later = Pending("ana", "g3", 6000, At(2026, 3, 1));
  Complete("evt_3", later, At(2026, 3, 1));
  Refund("evt_4", later, 1000, At(2026, 3, 2));
  Pending("ana", "g4", 99999, At(2026, 3, 3));  // never paid: counts nowhere
  const int64_t donor = ds().GetDonation(late)->donor_id;

  EXPECT_EQ(*ds().DonorTotal(donor, "USD", At(2025, 1, 1, 0), At(2026, 1, 1, 0)), 15000);
  EXPECT_EQ(*ds().DonorTotal(donor, "usd", At(2026, 1, 1, 0), At(2027, 1, 1, 0)), 12000);
  EXPECT_EQ(*ds().DonorTotal(donor, "EUR", At(2026, 1, 1, 0), At(2027, 1, 1, 0)), 0);
  EXPECT_EQ(*ds().DonorTotal(999, "USD", At(2026, 1, 1, 0), At(2027, 1, 1, 0)), 0);
  EXPECT_TRUE(ds().DonorTotal(donor, "", At(2026, 1, 1, 0), At(2027, 1, 1, 0)).status()
                  .IsInvalidArgument());
  // A time zone's year is the caller's bounds: in UTC-5 the New Year's gift is 2025's.
  EXPECT_EQ(*ds().DonorTotal(donor, "USD", At(2025, 1, 1, 5), At(2026, 1, 1, 5)), 22000);

  auto years = ds().Totals(At(2025, 1, 1, 0), At(2027, 1, 1, 0), Period::kYear);
  ASSERT_TRUE(years.ok()) << years.status().ToString();
  ASSERT_EQ(years->size(), 2u);
  EXPECT_EQ((*years)[0].period, "2025");
  EXPECT_EQ((*years)[0].net_minor, 15000);
  EXPECT_EQ((*years)[1].period, "2026");
  EXPECT_EQ((*years)[1].gifts, 2);
  EXPECT_EQ((*years)[1].gross_minor, 13000);
  EXPECT_EQ((*years)[1].refunded_minor, 1000);
  EXPECT_EQ((*years)[1].net_minor, 12000);
  auto months = ds().Totals(At(2026, 1, 1, 0), At(2027, 1, 1, 0), Period::kMonth);
  ASSERT_EQ(months->size(), 2u);
  EXPECT_EQ((*months)[0].period, "2026-01");
  EXPECT_EQ((*months)[1].period, "2026-03");
  auto days = ds().Totals(At(2025, 12, 31, 0), At(2026, 1, 2, 0), Period::kDay);
  ASSERT_EQ(days->size(), 2u);
  EXPECT_EQ((*days)[0].period, "2025-12-31");
  EXPECT_EQ((*days)[1].period, "2026-01-01");
  EXPECT_EQ((*days)[1].currency, "USD");

  // Itemization: above the threshold, strictly.
  const int64_t b1 = Pending("bob", "b1", 12000, At(2026, 5, 1));
  const int64_t bob = ds().GetDonation(b1)->donor_id;
  Complete("evt_b1", b1, At(2026, 5, 1));
  auto items = ds().ItemizationCandidates("USD", At(2026, 1, 1, 0), At(2027, 1, 1, 0), 12000);
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  EXPECT_TRUE(items->empty());  // both are at exactly 12000
  items = ds().ItemizationCandidates("USD", At(2026, 1, 1, 0), At(2027, 1, 1, 0), 11999);
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].donor.id, donor);
  EXPECT_EQ((*items)[0].donor.sealed_profile, "sealed-ana");
  EXPECT_EQ((*items)[0].total_minor, 12000);
  ASSERT_EQ((*items)[0].donations.size(), 2u);  // the unpaid gift is not among them
  EXPECT_EQ((*items)[0].donations[0].ref, "g2");
  EXPECT_EQ((*items)[0].donations[1].ref, "g3");
  EXPECT_EQ((*items)[1].donor.id, bob);
}

TEST_F(DonationsStoreTest, FiltersAndPaging) {
  // Seven gifts a day apart: g0 oldest.
  std::vector<int64_t> ids;
  for (int i = 0; i < 7; ++i) {
    ids.push_back(Pending(i % 2 ? "ana" : "bob", "g" + std::to_string(i), 1000 * (i + 1),
                          kT0 + hours(24 * i)));
  }
  Complete("e0", ids[0], kT0 + hours(1));
  Complete("e1", ids[1], kT0 + hours(25));
  Refund("e2", ids[1], 2000, kT0 + hours(30));
  EventApplication x = Event("e3", "checkout.session.expired", kT0 + hours(73), ids[3]);
  x.donation.expired_at = kT0 + hours(73);
  Apply(x);
  Donation cash = Gift("cash", 800, kT0 + hours(24 * 7));
  cash.method = DonationMethod::kCash;
  cash.stripe = {};
  cash.received_at = kT0 + hours(24 * 7);
  ASSERT_TRUE(ds().RecordOfflineDonation(Donor("ana"), cash, "").ok());

  auto refs = [&](DonationFilter f) {
    std::vector<std::string> out;
    auto r = ds().ListDonations(f);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok()) {
      for (const Donation& d : *r) out.push_back(d.ref);
    }
    return out;
  };
  using V = std::vector<std::string>;
  DonationFilter f;
  EXPECT_EQ(refs(f), (V{"cash", "g6", "g5", "g4", "g3", "g2", "g1", "g0"}));
  EXPECT_EQ(*ds().CountDonations(f), 8);
  f.limit = 3;
  f.offset = 3;
  EXPECT_EQ(refs(f), (V{"g4", "g3", "g2"}));
  f.offset = 7;
  EXPECT_EQ(refs(f), V{"g0"});
  f = {};
  f.status = DonationStatus::kPending;
  EXPECT_EQ(refs(f), (V{"g6", "g5", "g4", "g2"}));
  f.status = DonationStatus::kRefunded;
  EXPECT_EQ(refs(f), V{"g1"});
  f.status = DonationStatus::kExpired;
  EXPECT_EQ(refs(f), V{"g3"});
  f = {};
  f.method = DonationMethod::kCash;
  EXPECT_EQ(refs(f), V{"cash"});
  f = {};
  f.kind = DonationKind::kMonthlyCharge;
  EXPECT_TRUE(refs(f).empty());
  f.kind = DonationKind::kOneTime;
  EXPECT_EQ(*ds().CountDonations(f), 8);
  f = {};
  f.min_amount_minor = 2000;
  f.max_amount_minor = 4000;
  EXPECT_EQ(refs(f), (V{"g3", "g2", "g1"}));
  f = {};
  f.from = kT0 + hours(24 * 2);
  f.to = kT0 + hours(24 * 4);  // [day 2, day 4)
  EXPECT_EQ(refs(f), (V{"g3", "g2"}));
  EXPECT_EQ(*ds().CountDonations(f), 2);
  f = {};
  f.donor_id = ds().GetDonation(ids[0])->donor_id;
  EXPECT_EQ(refs(f), (V{"g6", "g4", "g2", "g0"}));
  f = {};
  f.currency = "eur";
  EXPECT_TRUE(refs(f).empty());
  f.currency = "euro";
  EXPECT_TRUE(ds().ListDonations(f).status().IsInvalidArgument());
  f = {};
  f.limit = 0;
  EXPECT_TRUE(ds().ListDonations(f).status().IsInvalidArgument());
  f.limit = 1001;
  EXPECT_TRUE(ds().ListDonations(f).status().IsInvalidArgument());
  f.limit = 10;
  f.offset = -1;
  EXPECT_TRUE(ds().ListDonations(f).status().IsInvalidArgument());

  auto refunds = ds().ListRefunds(kT0, kT0 + hours(24 * 30), 10, 0);
  ASSERT_TRUE(refunds.ok()) << refunds.status().ToString();
  ASSERT_EQ(refunds->size(), 1u);
  EXPECT_EQ((*refunds)[0].ref, "g1");
  EXPECT_TRUE(ds().ListRefunds(kT0 + hours(31), kT0 + hours(24 * 30), 10, 0)->empty());
  EXPECT_TRUE(ds().ListRefunds(kT0, kT0 + hours(1), 0, 0).status().IsInvalidArgument());
}

TEST_F(DonationsStoreTest, BooksReconcileAfterAMixedSequence) {
  int64_t completed_sum = 0, refunded_sum = 0;
  for (int i = 0; i < 12; ++i) {
    const std::string ref = "g" + std::to_string(i);
    const int64_t amount = 500 + 137 * i;
    const int64_t id = Pending("d" + std::to_string(i % 4), ref, amount, kT0 + minutes(i));
    const std::string e = "evt_" + ref;
    switch (i % 4) {
      case 0:  // completed, twice delivered
        Complete(e + "_c", id, kT0 + minutes(i));
        Complete(e + "_c", id, kT0 + minutes(i));
        completed_sum += amount;
        break;
      case 1:  // partially refunded, refunds out of order
        Complete(e + "_c", id, kT0 + minutes(i));
        Refund(e + "_r2", id, 300, kT0 + hours(2));
        Refund(e + "_r1", id, 100, kT0 + hours(1));
        completed_sum += amount;
        refunded_sum += 300;
        break;
      case 2:  // refunded before it completed
        Refund(e + "_r", id, amount, kT0 + hours(1));
        Complete(e + "_c", id, kT0 + minutes(i));
        completed_sum += amount;
        refunded_sum += amount;
        break;
      case 3:  // expired: no money
        break;
    }
  }
  Donation cash = Gift("cash", 2500);
  cash.method = DonationMethod::kCash;
  cash.stripe = {};
  cash.received_at = kT0;
  auto c = ds().RecordOfflineDonation(Donor("d0"), cash, "");
  ASSERT_TRUE(c.ok());
  completed_sum += 2500;
  DonationCorrection fix;
  fix.donation_id = c->donation_id;
  fix.refunded_minor = 500;
  fix.at = kT0;
  fix.note = "half returned";
  ASSERT_TRUE(ds().CorrectDonation(fix).ok());
  refunded_sum += 500;

  auto books = ds().Reconcile();
  ASSERT_TRUE(books.ok()) << books.status().ToString();
  ASSERT_EQ(books->size(), 1u);
  EXPECT_EQ((*books)[0].currency, "USD");
  EXPECT_EQ((*books)[0].ledger_minor, completed_sum - refunded_sum);
  EXPECT_EQ((*books)[0].donations_minor, completed_sum - refunded_sum);
  // And the same from the list, independently of Reconcile's SQL.
  DonationFilter all;
  all.limit = 1000;
  int64_t listed = 0;
  auto listed_all = ds().ListDonations(all);
  ASSERT_TRUE(listed_all.ok());
  for (const Donation& d : *listed_all) {
    if (d.completed_at) listed += d.amount_minor - d.refunded_minor;
  }
  EXPECT_EQ(listed, completed_sum - refunded_sum);
  auto totals = ds().Totals(kT0 - hours(1), kT0 + hours(1), Period::kYear);
  ASSERT_EQ(totals->size(), 1u);
  EXPECT_EQ((*totals)[0].net_minor, completed_sum - refunded_sum);
}

TEST_F(DonationsStoreTest, ResealingDonorProfilesAndExtras) {
  Pending("ana", "g1", 100);
  Donation with_extra = Gift("g2", 100);
  with_extra.sealed_extra = "extra-1";
  auto c = ds().CreatePendingDonation(Donor("bob"), with_extra, std::nullopt);
  ASSERT_TRUE(c.ok());
  auto profiles = ds().ListSealedDonorProfiles(0, 10);
  ASSERT_TRUE(profiles.ok()) << profiles.status().ToString();
  ASSERT_EQ(profiles->size(), 2u);
  EXPECT_EQ((*profiles)[0].sealed, "sealed-ana");
  EXPECT_EQ(ds().ListSealedDonorProfiles((*profiles)[0].id, 10)->size(), 1u);
  EXPECT_TRUE(ds().ListSealedDonorProfiles(0, 0).status().IsInvalidArgument());
  const int64_t ana = (*profiles)[0].id;
  EXPECT_TRUE(ds().ReplaceSealedDonorProfile(ana, "stale", "new").IsConflict());
  ASSERT_TRUE(ds().ReplaceSealedDonorProfile(ana, "sealed-ana", "resealed-ana").ok());
  EXPECT_EQ(ds().GetDonor(ana)->sealed_profile, "resealed-ana");
  EXPECT_TRUE(ds().ReplaceSealedDonorProfile(999, "a", "b").IsNotFound());

  auto extras = ds().ListSealedDonationExtras(0, 10);
  ASSERT_EQ(extras->size(), 1u);  // the gift without one is skipped
  EXPECT_EQ((*extras)[0].id, c->donation_id);
  ASSERT_TRUE(ds().ReplaceSealedDonationExtra(c->donation_id, "extra-1", "extra-2").ok());
  EXPECT_EQ(ds().GetDonation(c->donation_id)->sealed_extra, "extra-2");
  EXPECT_TRUE(ds().ReplaceSealedDonationExtra(c->donation_id, "extra-2", "").IsInvalidArgument());
}

TEST_F(DonationsStoreTest, TheLedgerCannotBeEditedEvenWithSql) {
  const int64_t id = Pending("ana", "g1", 5000);
  Complete("evt_1", id, kT0);
  store_->Close();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("test.db").c_str(), &db), SQLITE_OK);
  for (const char* sql : {"UPDATE donation_ledger SET amount_minor = 1",
                          "UPDATE donation_ledger SET note = 'x'",
                          "DELETE FROM donation_ledger"}) {
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_CONSTRAINT) << sql;
  }
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT sum(amount_minor) FROM donation_ledger", -1, &q,
                               nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(q), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(q, 0), 5000);
  sqlite3_finalize(q);
  sqlite3_close(db);
}

// --- Secrecy: sealed input leaves no personal data in the database files.

std::string DatabaseBytes(const std::string& dir, size_t* files) {
  std::string all;
  *files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().filename().string().rfind("test.db", 0) != 0) continue;
    std::ifstream in(e.path(), std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    ++*files;
  }
  return all;
}

TEST_F(DonationsStoreTest, NoPersonalDataInTheRawDatabaseFiles) {
  // Two distinct test keys (base64 of 32 fixed bytes): seal and index.
  auto seal_key = crypto::FieldKey::FromBase64("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
  auto index_key = crypto::FieldKey::FromBase64("ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=");
  ASSERT_TRUE(seal_key.ok() && index_key.ok());
  const std::string email = "zacarias.quintanilla@correo-zq.net";
  const std::string profile =
      R"({"name":"Zacarías Quintanilla-Wojcik","email":"zacarias.quintanilla@correo-zq.net",)"
      R"("address":"1600 Brightwater Lane, Springfield","employer":"Acme Anvils",)"
      R"("occupation":"Blacksmith"})";
  DonorInput donor;
  donor.ref = "donor-zq";
  donor.email_index = crypto::BlindIndex(*index_key, email);
  auto sealed = crypto::Seal(*seal_key, profile, "donor:donor-zq:profile");
  ASSERT_TRUE(sealed.ok());
  donor.sealed_profile = *sealed;
  Donation g = Gift("gift-zq", 25000);
  auto extra = crypto::Seal(*seal_key, "In memory of Rosalinda Quintanilla", "donation:gift-zq");
  ASSERT_TRUE(extra.ok());
  g.sealed_extra = *extra;
  auto c = ds().CreatePendingDonation(donor, g, std::nullopt);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  Complete("evt_zq", c->donation_id, kT0);
  // The data is there, and readable with the key.
  auto found = ds().FindDonorByEmailIndex(crypto::BlindIndex(*index_key, email));
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(*crypto::Open(*seal_key, (*found)->sealed_profile, "donor:donor-zq:profile"),
            profile);

  const std::vector<std::string> secrets = {
      "Zacar", "zacar", "Quintanilla", "quintanilla", "Wojcik", "correo-zq",
      "Brightwater", "Springfield", "Acme Anvils", "Blacksmith", "Rosalinda",
  };
  size_t files = 0;
  std::string bytes = DatabaseBytes(dir_.path(), &files);  // open: writes are in the WAL
  ASSERT_GE(files, 2u) << "expected the database and its WAL";
  for (const std::string& s : secrets) EXPECT_EQ(bytes.find(s), std::string::npos) << s;
  EXPECT_NE(bytes.find("gift-zq"), std::string::npos);  // the test would see clear text
  store_->Close();
  bytes = DatabaseBytes(dir_.path(), &files);  // checkpointed into the main file
  ASSERT_GE(files, 1u);
  for (const std::string& s : secrets) EXPECT_EQ(bytes.find(s), std::string::npos) << s;
  EXPECT_NE(bytes.find("gift-zq"), std::string::npos);
}

}  // namespace
}  // namespace store
