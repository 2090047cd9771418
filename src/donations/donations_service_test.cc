#include "donations/donations_service.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crypto/token.h"
#include "donations/stripe_signature.h"
#include "store/store.h"
#include "stripe_double/stripe_double_process.h"
#include "support/temp_dir.h"

namespace donations {
namespace {

namespace json = boost::json;
using store::DonationStatus;
using store::PlanStatus;

constexpr char kSecret[] = "whsec_test_service";

// An in-memory FAKE of Stripe (not Stripe, not the test double): records
// what it was asked and answers what the test set.
class FakeStripe final : public StripeClient {
 public:
  struct Create {
    CheckoutRequest request;
    std::string key;
  };
  std::vector<Create> creates;
  std::vector<std::string> cancels;
  Status create_error = Status::Ok();
  Status cancel_result = Status::Ok();

  Result<CheckoutSession> CreateCheckoutSession(const CheckoutRequest& r,
                                                std::string_view key) override {
    if (!create_error.ok()) return create_error;
    creates.push_back({r, std::string(key)});
    const std::string id = "cs_fake_" + std::to_string(creates.size());
    return CheckoutSession{id, "https://checkout.fake/" + id};
  }
  Status CancelSubscription(std::string_view id, std::string_view) override {
    cancels.emplace_back(id);
    return cancel_result;
  }
  Result<std::string> CreatePortalSession(std::string_view, std::string_view) override {
    return std::string("https://portal.fake/");
  }
};

class RecordingNotifier final : public Notifier {
 public:
  std::vector<DonationReceipt> receipts;  // those accepted
  int calls = 0;
  int fail_next = 0;  // this many calls fail (the outbox is down) first
  Status Receipt(const DonationReceipt& r) override {
    ++calls;
    if (fail_next > 0) {
      --fail_next;
      return Status::Unavailable("outbox down");
    }
    receipts.push_back(r);
    return Status::Ok();
  }
};

DonationsPolicy TestPolicy() {
  DonationsPolicy p;
  p.webhook_secrets = {kSecret};
  p.success_url = "http://127.0.0.1/donate/thanks?session_id={CHECKOUT_SESSION_ID}";
  p.cancel_url = "http://127.0.0.1/donate";
  p.time_zone = base::TimeZone::Load("America/New_York").value();
  return p;
}

std::vector<std::string> AllKeys() {
  std::vector<std::string> keys;
  for (const Attestation& a : DefaultAttestations()) keys.push_back(a.key);
  return keys;
}

// 2026-12-01T00:00:00Z (still November 30 in New York).
const base::Time kStart{std::chrono::seconds(1'796'083'200)};

class ServiceTest : public ::testing::Test {
 protected:
  explicit ServiceTest(base::Time start = kStart) : clock_(start) {}

  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    o.read_connections = 2;
    store_ = std::move(store::OpenSqliteStore(o)).value();
    ring_ = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
    index_key_ = std::make_unique<crypto::FieldKey>(crypto::FieldKey::Generate().value());
    MakeService(TestPolicy());
  }
  void TearDown() override {
    service_.reset();
    store_->Close();
  }
  virtual StripeClient& Stripe() { return fake_; }
  void MakeService(DonationsPolicy policy) {
    service_ = std::make_unique<DonationsService>(
        store_->donations(), Stripe(), *ring_, *index_key_, clock_, &notifier_, std::move(policy));
  }

  static GiftForm Form(const std::string& amount, const std::string& email = "ana@example.org") {
    GiftForm f;
    f.custom_amount = amount;
    f.name = "Ana Ruiz";
    f.email = email;
    f.address_line1 = "1 Main St";
    f.city = "Springfield";
    f.region = "IL";
    f.postal_code = "62701";
    f.country = "US";
    f.attested = AllKeys();
    return f;
  }

  // Starts a gift that must be accepted; returns its ref.
  std::string Start(const GiftForm& f) {
    GiftFeedback fb;
    auto started = service_->StartGift(f, &fb);
    EXPECT_TRUE(started.ok()) << started.status().ToString()
                              << (fb.problems.empty() ? "" : " " + fb.problems[0].field);
    return started.ok() ? started->donation_ref : "";
  }
  store::Donation Gift(const std::string& ref) {
    return store_->donations().GetDonationByRef(ref).value();
  }

  // A webhook body as Stripe would send it, created now.
  std::string Event(const std::string& id, const std::string& type, json::object obj) {
    json::object e{{"id", id},
                   {"object", "event"},
                   {"type", type},
                   {"created", clock_.Now().time_since_epoch().count()},
                   {"livemode", false}};
    e["data"] = json::object{{"object", std::move(obj)}};
    return json::serialize(e);
  }
  Result<WebhookOutcome> Deliver(const std::string& body, const std::string& secret = kSecret) {
    return service_->HandleWebhook(
        SignStripePayload(body, secret, clock_.Now().time_since_epoch().count()), body);
  }
  static json::object Session(const std::string& cs, const std::string& ref, int64_t amount,
                              const std::string& pi) {
    return {{"object", "checkout.session"},
            {"id", cs},
            {"mode", "payment"},
            {"payment_status", "paid"},
            {"amount_total", amount},
            {"currency", "usd"},
            {"payment_intent", pi},
            {"metadata", json::object{{"donation_ref", ref}}}};
  }
  static json::object Charge(const std::string& ch, const std::string& pi, const std::string& ref,
                             int64_t amount, int64_t refunded) {
    return {{"object", "charge"},
            {"id", ch},
            {"amount", amount},
            {"amount_refunded", refunded},
            {"currency", "usd"},
            {"payment_intent", pi},
            {"metadata", json::object{{"donation_ref", ref}}}};
  }
  // Starts and completes a one-time gift of `amount` (minor units).
  std::string Give(int64_t amount, const std::string& email = "ana@example.org",
                   const std::string& employer = "") {
    GiftForm f = Form(std::to_string(amount / 100) + "." + std::to_string(amount % 100 / 10) +
                          std::to_string(amount % 10),
                      email);
    f.employer = f.occupation = employer;
    const std::string ref = Start(f);
    const store::Donation d = Gift(ref);
    auto out = Deliver(Event("evt_" + ref, "checkout.session.completed",
                             Session(d.stripe.checkout_session_id, ref, amount, "pi_" + ref)));
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return ref;
  }
  bool HasProblem(const GiftFeedback& fb, const std::string& field) {
    for (const GiftProblem& p : fb.problems) {
      if (p.field == field) return true;
    }
    return false;
  }
  void ExpectBooksBalance() {
    auto rec = store_->donations().Reconcile();
    ASSERT_TRUE(rec.ok()) << rec.status().ToString();
    for (const store::Reconciliation& r : *rec) {
      EXPECT_EQ(r.ledger_minor, r.donations_minor) << r.currency;
    }
  }
  // Runs the receipt queue as the background job does; how many went.
  int SendReceipts() {
    auto n = service_->SendDueReceipts(100);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }
  int64_t CountGifts() {
    return store_->donations().CountDonations(store::DonationFilter{}).value();
  }

  test_support::TempDir dir_{"bs-donations"};
  base::FakeClock clock_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<crypto::FieldKey> index_key_;
  FakeStripe fake_;
  RecordingNotifier notifier_;
  std::unique_ptr<DonationsService> service_;
};

// ------------------------------------------------------------- StartGift

TEST_F(ServiceTest, BadAmountsAreRefusedAndNothingIsCreated) {
  for (const char* typed :
       {"-5", "0", "0.00", "1.005", "100000000000000000000", "abc", "1e3", "", "   "}) {
    GiftFeedback fb;
    auto r = service_->StartGift(Form(typed), &fb);
    EXPECT_TRUE(r.status().IsInvalidArgument()) << typed;
    EXPECT_TRUE(HasProblem(fb, "amount")) << typed;
  }
  EXPECT_TRUE(fake_.creates.empty());
  EXPECT_EQ(CountGifts(), 0);
}

TEST_F(ServiceTest, PresetMustBeOneOffered) {
  GiftForm f = Form("");
  f.preset = "2500";
  EXPECT_TRUE(service_->StartGift(f).ok());
  f.preset = "1234";
  GiftFeedback fb;
  EXPECT_TRUE(service_->StartGift(f, &fb).status().IsInvalidArgument());
  ASSERT_EQ(fb.problems.size(), 1u);
  EXPECT_EQ(fb.problems[0].msgid, kUnknownPresetMsgid);
  f.preset = "other";
  f.custom_amount = "12.34";
  EXPECT_TRUE(service_->StartGift(f).ok());
  ASSERT_EQ(fake_.creates.size(), 2u);
  EXPECT_EQ(fake_.creates[0].request.amount_minor, 2500);
  EXPECT_EQ(fake_.creates[1].request.amount_minor, 1234);
}

TEST_F(ServiceTest, MissingAttestationsAreEachReported) {
  GiftForm f = Form("25");
  f.attested = {"own_funds"};
  GiftFeedback fb;
  EXPECT_TRUE(service_->StartGift(f, &fb).status().IsInvalidArgument());
  EXPECT_FALSE(HasProblem(fb, "attestation:own_funds"));
  EXPECT_TRUE(HasProblem(fb, "attestation:citizen"));
  EXPECT_TRUE(HasProblem(fb, "attestation:adult"));
  EXPECT_TRUE(HasProblem(fb, "attestation:not_contractor"));
  // Also with a bad amount: every problem at once.
  f.custom_amount = "-1";
  EXPECT_TRUE(service_->StartGift(f, &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "amount"));
  EXPECT_TRUE(HasProblem(fb, "attestation:adult"));
  EXPECT_TRUE(fake_.creates.empty());
}

TEST_F(ServiceTest, DonorFieldsAreChecked) {
  GiftForm f = Form("25", "not-an-address");
  f.name = "Ana\x01";
  f.city = "";
  f.comment = std::string(kMaxCommentChars + 1, 'x');
  f.dedication = "line one\nline two";  // newlines are fine in a dedication
  GiftFeedback fb;
  EXPECT_TRUE(service_->StartGift(f, &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "email"));
  EXPECT_TRUE(HasProblem(fb, "name"));
  EXPECT_TRUE(HasProblem(fb, "city"));
  EXPECT_TRUE(HasProblem(fb, "comment"));
  EXPECT_FALSE(HasProblem(fb, "dedication"));
  f = Form("25");
  f.address_line1 = "\xff\xfe";
  EXPECT_TRUE(service_->StartGift(f, &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "address_line1"));
}

TEST_F(ServiceTest, StartCreatesOneSessionKeyedByTheRefAndAPendingSealedGift) {
  GiftForm f = Form("25.50", "Ana@Example.ORG");
  f.comment = "secret comment";
  auto started = service_->StartGift(f);
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  ASSERT_EQ(fake_.creates.size(), 1u);
  EXPECT_EQ(fake_.creates[0].key, started->donation_ref + ":checkout");
  EXPECT_EQ(fake_.creates[0].request.donation_ref, started->donation_ref);
  EXPECT_EQ(fake_.creates[0].request.currency, "usd");
  EXPECT_EQ(fake_.creates[0].request.mode, CheckoutRequest::Mode::kPayment);
  EXPECT_EQ(started->checkout_url, "https://checkout.fake/cs_fake_1");
  const store::Donation d = Gift(started->donation_ref);
  EXPECT_EQ(d.status, DonationStatus::kPending);
  EXPECT_EQ(d.amount_minor, 2550);
  EXPECT_EQ(d.stripe.checkout_session_id, "cs_fake_1");
  EXPECT_EQ(d.sealed_extra.find("secret"), std::string::npos);
  auto extra = OpenGiftExtra(*ring_, d.sealed_extra, d.ref);
  ASSERT_TRUE(extra.ok());
  EXPECT_EQ(extra->comment, "secret comment");
  const store::Donor donor = store_->donations().GetDonor(d.donor_id).value();
  EXPECT_EQ(donor.sealed_profile.find("Ana"), std::string::npos);
  EXPECT_EQ(OpenDonorProfile(*ring_, donor.sealed_profile, donor.ref)->email, "Ana@example.org");
  // The same address (any case) is the same donor.
  const std::string second = Start(Form("5", "ana@example.org"));
  EXPECT_EQ(Gift(second).donor_id, d.donor_id);
}

TEST_F(ServiceTest, StripeUnavailableStoresNothingAndSaysSo) {
  fake_.create_error = Status::Unavailable("down");
  GiftFeedback fb;
  auto r = service_->StartGift(Form("25"), &fb);
  EXPECT_TRUE(r.status().IsUnavailable());
  ASSERT_EQ(fb.problems.size(), 1u);
  EXPECT_EQ(fb.problems[0].msgid, kPaymentUnavailableMsgid);
  EXPECT_EQ(CountGifts(), 0);
}

TEST_F(ServiceTest, EmployerRequiredOnceTheYearTotalExceedsTheThresholdUntilTheYearEnds) {
  Give(15000);  // $150, 2026 in New York
  GiftFeedback fb;
  // $100 more: $250 > $200, so employer and occupation are required.
  EXPECT_TRUE(service_->StartGift(Form("100"), &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "employer"));
  EXPECT_TRUE(HasProblem(fb, "occupation"));
  EXPECT_TRUE(fb.itemized);
  // $50 more is exactly $200: not above.
  EXPECT_TRUE(service_->StartGift(Form("50")).ok());
  // A pending gift does not count; a second completed one does.
  Give(4000);  // $190 now
  EXPECT_TRUE(service_->StartGift(Form("20"), &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "employer"));
  GiftForm f = Form("20");
  f.employer = "City Hospital";
  f.occupation = "Nurse";
  EXPECT_TRUE(service_->StartGift(f).ok());
  // 03:00 UTC on January 1 is still 2026 in New York...
  clock_.Set(base::Time(std::chrono::seconds(1'798'772'400)));  // 2027-01-01T03:00Z
  EXPECT_TRUE(service_->StartGift(Form("100"), &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "employer"));
  // ...and at 06:00 UTC the new year began there: nothing given in 2027 yet.
  clock_.Set(base::Time(std::chrono::seconds(1'798'783'200)));  // 2027-01-01T06:00Z
  EXPECT_TRUE(service_->StartGift(Form("100"), &fb).ok());
}

TEST_F(ServiceTest, CapRefusesWithWhatMayStillBeGiven) {
  DonationsPolicy p = TestPolicy();
  p.rules.yearly_cap_minor = 50000;  // $500
  MakeService(p);
  Give(40000, "ana@example.org", "Acme");
  GiftForm f = Form("200");
  f.employer = "Acme";
  f.occupation = "Welder";
  GiftFeedback fb;
  EXPECT_TRUE(service_->StartGift(f, &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "amount"));
  ASSERT_TRUE(fb.remaining_minor.has_value());
  EXPECT_EQ(*fb.remaining_minor, 10000);
  f.custom_amount = "100";
  EXPECT_TRUE(service_->StartGift(f, &fb).ok());
  // Another donor is not affected.
  EXPECT_TRUE(service_->StartGift(Form("250", "bo@example.org"), &fb).status().IsInvalidArgument());
  EXPECT_FALSE(HasProblem(fb, "amount"));  // only employer/occupation
}

// ------------------------------------------------------------- Webhooks

TEST_F(ServiceTest, BadSignaturesChangeNothing) {
  const std::string ref = Start(Form("25"));
  const store::Donation d = Gift(ref);
  const std::string body = Event("evt_sig", "checkout.session.completed",
                                 Session(d.stripe.checkout_session_id, ref, 2500, "pi_sig"));
  const int64_t now = clock_.Now().time_since_epoch().count();
  EXPECT_TRUE(service_->HandleWebhook("", body).status().IsInvalidArgument());
  EXPECT_TRUE(service_->HandleWebhook("t=1,v0=abc", body).status().IsInvalidArgument());
  EXPECT_TRUE(Deliver(body, "whsec_other").status().code() == base::StatusCode::kPermissionDenied);
  EXPECT_TRUE(
      service_->HandleWebhook(SignStripePayload(body, kSecret, now - 301), body).status().code() ==
      base::StatusCode::kPermissionDenied);
  std::string altered = body;
  altered.replace(altered.find("2500"), 4, "9999");
  EXPECT_TRUE(
      service_->HandleWebhook(SignStripePayload(body, kSecret, now), altered).status().code() ==
      base::StatusCode::kPermissionDenied);
  EXPECT_FALSE(store_->donations().GetEvent("evt_sig").value().has_value());
  EXPECT_EQ(Gift(ref).status, DonationStatus::kPending);
  EXPECT_EQ(SendReceipts(), 0);
  EXPECT_TRUE(notifier_.receipts.empty());
  // A signed body that is not an event is refused too.
  EXPECT_TRUE(Deliver("{\"id\":1}").status().IsInvalidArgument());
  // During a rotation, the new secret works as well.
  DonationsPolicy p = TestPolicy();
  p.webhook_secrets = {"whsec_new", kSecret};
  MakeService(p);
  auto ok = Deliver(body, "whsec_new");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(Gift(ref).status, DonationStatus::kCompleted);
}

TEST_F(ServiceTest, DuplicatesApplyOnceAndReceiptOnce) {
  const std::string ref = Start(Form("25"));
  const store::Donation d = Gift(ref);
  const std::string body = Event("evt_dup", "checkout.session.completed",
                                 Session(d.stripe.checkout_session_id, ref, 2500, "pi_dup"));
  auto first = Deliver(body);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->action, "completed");
  EXPECT_TRUE(first->receipt_requested);
  EXPECT_TRUE(notifier_.receipts.empty());  // queued, not sent on the webhook's path
  for (int i = 0; i < 3; ++i) {
    auto again = Deliver(body);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again->duplicate);
  }
  // Another event completing the same gift adds no money and no receipt.
  auto other = Deliver(Event("evt_dup2", "checkout.session.completed",
                             Session(d.stripe.checkout_session_id, ref, 2500, "pi_dup")));
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  EXPECT_FALSE(other->receipt_requested);
  EXPECT_EQ(SendReceipts(), 1);
  EXPECT_EQ(SendReceipts(), 0);  // sent once
  ASSERT_EQ(notifier_.receipts.size(), 1u);
  EXPECT_EQ(notifier_.receipts[0].email, "ana@example.org");
  EXPECT_EQ(notifier_.receipts[0].amount_minor, 2500);
  EXPECT_FALSE(notifier_.receipts[0].monthly);
  EXPECT_EQ(store_->donations().ListLedger(d.id).value().size(), 1u);
  ExpectBooksBalance();
}

TEST_F(ServiceTest, ParallelCopiesOfOneEventApplyOnce) {
  const std::string ref = Start(Form("25"));
  const store::Donation d = Gift(ref);
  const std::string body = Event("evt_par", "checkout.session.completed",
                                 Session(d.stripe.checkout_session_id, ref, 2500, "pi_par"));
  const std::string header =
      SignStripePayload(body, kSecret, clock_.Now().time_since_epoch().count());
  std::atomic<int> applied{0}, failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto r = service_->HandleWebhook(header, body);
      if (!r.ok()) {
        ++failed;  // a busy store may ask Stripe to retry; never a second count
      } else if (!r->duplicate) {
        ++applied;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(applied.load(), 1);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(SendReceipts(), 1);
  EXPECT_EQ(notifier_.receipts.size(), 1u);
  EXPECT_EQ(store_->donations().ListLedger(d.id).value().size(), 1u);
  ExpectBooksBalance();
}

TEST_F(ServiceTest, RefundBeforeCompletionEndsRefunded) {
  const std::string ref = Start(Form("40"));
  const store::Donation d = Gift(ref);
  ASSERT_TRUE(
      Deliver(Event("evt_r1", "charge.refunded", Charge("ch_1", "pi_1", ref, 4000, 1000))).ok());
  ASSERT_TRUE(
      Deliver(Event("evt_r2", "charge.refunded", Charge("ch_1", "pi_1", ref, 4000, 4000))).ok());
  // The first refund's event again, late: cumulative amounts never go back.
  ASSERT_TRUE(
      Deliver(Event("evt_r0", "charge.refunded", Charge("ch_1", "pi_1", ref, 4000, 1000))).ok());
  auto done = Deliver(Event("evt_c", "checkout.session.completed",
                            Session(d.stripe.checkout_session_id, ref, 4000, "pi_1")));
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  const store::Donation after = Gift(ref);
  EXPECT_EQ(after.status, DonationStatus::kRefunded);
  EXPECT_EQ(after.refunded_minor, 4000);
  EXPECT_EQ(store_->donations().ListDonationEvents(d.id).value().size(), 4u);
  ExpectBooksBalance();
}

TEST_F(ServiceTest, UnknownTypesAndStrangersAreRecordedAndIgnored) {
  auto r = Deliver(Event("evt_u", "customer.created", json::object{{"object", "customer"}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action, "ignored");
  EXPECT_TRUE(store_->donations().GetEvent("evt_u").value().has_value());
  r = Deliver(Event("evt_s", "checkout.session.completed",
                    Session("cs_someone_else", "not-ours", 100, "pi_x")));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->action, "ignored");
  EXPECT_FALSE(r->donation_id.has_value());
}

TEST_F(ServiceTest, MonthlyFirstPaymentCountedOnceAndCancelLinkWorks) {
  GiftForm f = Form("10");
  f.monthly = true;
  const std::string ref = Start(f);
  ASSERT_EQ(fake_.creates.back().request.mode, CheckoutRequest::Mode::kSubscription);
  const store::Donation d = Gift(ref);
  ASSERT_TRUE(d.recurring_id.has_value());
  json::object invoice{
      {"object", "invoice"},
      {"id", "in_1"},
      {"subscription", "sub_1"},
      {"customer", "cus_1"},
      {"amount_paid", 1000},
      {"currency", "usd"},
      {"billing_reason", "subscription_create"},
      {"payment_intent", "pi_in_1"},
      {"subscription_details", json::object{{"metadata", json::object{{"donation_ref", ref}}}}}};
  json::object session = Session(d.stripe.checkout_session_id, ref, 1000, "");
  session["mode"] = "subscription";
  session["payment_intent"] = nullptr;
  session["subscription"] = "sub_1";
  session["customer"] = "cus_1";
  ASSERT_TRUE(Deliver(Event("evt_i1", "invoice.paid", invoice)).ok());
  ASSERT_TRUE(Deliver(Event("evt_s1", "checkout.session.completed", session)).ok());
  EXPECT_EQ(CountGifts(), 1);
  EXPECT_EQ(Gift(ref).status, DonationStatus::kCompleted);
  EXPECT_EQ(SendReceipts(), 1);
  ASSERT_EQ(notifier_.receipts.size(), 1u);
  EXPECT_TRUE(notifier_.receipts[0].monthly);
  const std::string token = notifier_.receipts[0].cancel_token;
  ASSERT_FALSE(token.empty());
  store::Plan plan = store_->donations().GetPlan(*d.recurring_id).value();
  EXPECT_EQ(plan.status, PlanStatus::kActive);
  EXPECT_EQ(plan.stripe_subscription_id, "sub_1");

  // The next month: a gift of its own, and a new link replacing the old.
  invoice["id"] = "in_2";
  invoice["billing_reason"] = "subscription_cycle";
  invoice["payment_intent"] = "pi_in_2";
  auto cycle = Deliver(Event("evt_i2", "invoice.paid", invoice));
  ASSERT_TRUE(cycle.ok()) << cycle.status().ToString();
  EXPECT_EQ(cycle->action, "monthly_charge");
  EXPECT_EQ(CountGifts(), 2);
  EXPECT_EQ(SendReceipts(), 1);
  ASSERT_EQ(notifier_.receipts.size(), 2u);
  const std::string token2 = notifier_.receipts[1].cancel_token;
  EXPECT_TRUE(service_->CancelMonthly(token).status().IsNotFound());
  EXPECT_TRUE(service_->CancelMonthly("nonsense").status().IsNotFound());

  // Stripe says the subscription is gone already: that is done, too.
  fake_.cancel_result = Status::NotFound("resource_missing");
  auto cancelled = service_->CancelMonthly(token2);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_EQ(cancelled->status, PlanStatus::kCancelled);
  ASSERT_EQ(fake_.cancels, std::vector<std::string>{"sub_1"});
  EXPECT_TRUE(service_->CancelMonthly(token2).ok());  // idempotent, Stripe not asked again
  EXPECT_EQ(fake_.cancels.size(), 1u);
  // A late payment_failed does not revive it.
  ASSERT_TRUE(Deliver(Event("evt_f", "invoice.payment_failed", invoice)).ok());
  EXPECT_EQ(store_->donations().GetPlan(*d.recurring_id)->status, PlanStatus::kCancelled);
  ExpectBooksBalance();
}

TEST_F(ServiceTest, MonthlyFirstPaymentInReverseOrderAndEarlyRefundOfAnUnknownCharge) {
  GiftForm f = Form("10");
  f.monthly = true;
  const std::string ref = Start(f);
  const store::Donation d = Gift(ref);
  json::object session = Session(d.stripe.checkout_session_id, ref, 1000, "");
  session["mode"] = "subscription";
  session["subscription"] = "sub_r";
  session["customer"] = "cus_r";
  json::object invoice{
      {"object", "invoice"},
      {"id", "in_r1"},
      {"subscription", "sub_r"},
      {"customer", "cus_r"},
      {"amount_paid", 1000},
      {"currency", "usd"},
      {"billing_reason", "subscription_create"},
      {"payment_intent", "pi_r1"},
      {"subscription_details", json::object{{"metadata", json::object{{"donation_ref", ref}}}}}};
  // A refund of the first month's charge before either event: whose it is
  // cannot be told yet, so it is refused for Stripe to retry, and not recorded.
  json::object early = Charge("ch_r1", "pi_r1", "", 1000, 1000);
  early["metadata"] = json::object{};
  early["invoice"] = "in_r1";
  const std::string early_body = Event("evt_early", "charge.refunded", early);
  EXPECT_TRUE(Deliver(early_body).status().IsUnavailable());
  EXPECT_FALSE(store_->donations().GetEvent("evt_early").value().has_value());
  ASSERT_TRUE(Deliver(Event("evt_rs", "checkout.session.completed", session)).ok());
  ASSERT_TRUE(Deliver(Event("evt_ri", "invoice.paid", invoice)).ok());
  EXPECT_EQ(CountGifts(), 1);
  EXPECT_EQ(SendReceipts(), 1);
  EXPECT_EQ(notifier_.receipts.size(), 1u);
  EXPECT_EQ(Gift(ref).stripe.invoice_id, "in_r1");
  // Stripe's retry of the refund now finds the gift.
  auto retried = Deliver(early_body);
  ASSERT_TRUE(retried.ok()) << retried.status().ToString();
  EXPECT_EQ(retried->action, "refunded");
  EXPECT_EQ(Gift(ref).status, DonationStatus::kRefunded);
  ExpectBooksBalance();
}

TEST_F(ServiceTest, CancelFailsCleanlyWhenStripeIsDown) {
  GiftForm f = Form("10");
  f.monthly = true;
  const std::string ref = Start(f);
  const store::Donation d = Gift(ref);
  json::object session = Session(d.stripe.checkout_session_id, ref, 1000, "");
  session["mode"] = "subscription";
  session["subscription"] = "sub_9";
  ASSERT_TRUE(Deliver(Event("evt_s9", "checkout.session.completed", session)).ok());
  EXPECT_EQ(SendReceipts(), 1);
  ASSERT_EQ(notifier_.receipts.size(), 1u);
  fake_.cancel_result = Status::Unavailable("down");
  EXPECT_TRUE(service_->CancelMonthly(notifier_.receipts[0].cancel_token).status().IsUnavailable());
  EXPECT_EQ(store_->donations().GetPlan(*d.recurring_id)->status, PlanStatus::kActive);
}

// ------------------------------------------------------------- Receipts

TEST_F(ServiceTest, ReceiptIsQueuedOnlyByTheEventThatCompletesTheGift) {
  int wakes = 0;
  service_->SetOnReceiptQueued([&] { ++wakes; });
  const std::string ref = Start(Form("25"));
  const store::Donation d = Gift(ref);
  auto not_queued = [&](int64_t id) {
    return store_->donations().GetReceipt(id).status().IsNotFound();
  };
  // Not paid yet (a delayed payment method): ids only, no receipt.
  json::object unpaid = Session(d.stripe.checkout_session_id, ref, 2500, "pi_q");
  unpaid["payment_status"] = "unpaid";
  auto linked = Deliver(Event("evt_q0", "checkout.session.completed", unpaid));
  ASSERT_TRUE(linked.ok()) << linked.status().ToString();
  EXPECT_EQ(linked->action, "linked");
  EXPECT_FALSE(linked->receipt_requested);
  // A partial refund proves the money came but completes nothing.
  auto refund =
      Deliver(Event("evt_q1", "charge.refunded", Charge("ch_q", "pi_q", ref, 2500, 500)));
  ASSERT_TRUE(refund.ok()) << refund.status().ToString();
  EXPECT_FALSE(refund->receipt_requested);
  EXPECT_TRUE(not_queued(d.id));
  EXPECT_EQ(wakes, 0);
  // The completion queues it, once, whatever comes after.
  const std::string body = Event("evt_q2", "checkout.session.completed",
                                 Session(d.stripe.checkout_session_id, ref, 2500, "pi_q"));
  auto done = Deliver(body);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_TRUE(done->receipt_requested);
  EXPECT_EQ(wakes, 1);
  auto queued = store_->donations().GetReceipt(d.id);
  ASSERT_TRUE(queued.ok()) << queued.status().ToString();
  EXPECT_EQ(queued->status, store::ReceiptStatus::kDue);
  EXPECT_EQ(queued->attempts, 0);
  EXPECT_TRUE(Deliver(body)->duplicate);
  EXPECT_FALSE(Deliver(Event("evt_q3", "checkout.session.completed",
                             Session(d.stripe.checkout_session_id, ref, 2500, "pi_q")))
                   ->receipt_requested);
  EXPECT_EQ(wakes, 1);
  // An expired session and an unknown type queue nothing.
  const store::Donation other = Gift(Start(Form("30", "bo@example.org")));
  json::object expired = Session(other.stripe.checkout_session_id, other.ref, 3000, "");
  expired["payment_status"] = "unpaid";
  EXPECT_FALSE(Deliver(Event("evt_q4", "checkout.session.expired", expired))->receipt_requested);
  EXPECT_FALSE(
      Deliver(Event("evt_q5", "customer.created", json::object{{"object", "customer"}}))
          ->receipt_requested);
  EXPECT_TRUE(not_queued(other.id));
  // Offline gifts get no emailed receipt, as before the queue.
  OfflineGift g;
  g.amount = "20";
  g.received_at = clock_.Now() - std::chrono::hours(1);
  g.name = "Cy";
  g.email = "cy@example.org";
  g.address_line1 = "3 Elm St";
  g.city = "Springfield";
  g.postal_code = "62701";
  g.country = "US";
  auto offline = service_->RecordOfflineGift(g);
  ASSERT_TRUE(offline.ok()) << offline.status().ToString();
  EXPECT_TRUE(not_queued(*offline));
  EXPECT_EQ(wakes, 1);
  // One receipt in all, for the gift completed.
  EXPECT_EQ(SendReceipts(), 1);
  ASSERT_EQ(notifier_.receipts.size(), 1u);
  EXPECT_EQ(notifier_.receipts[0].donation_ref, ref);
  EXPECT_EQ(SendReceipts(), 0);
  EXPECT_EQ(store_->donations().GetReceipt(d.id)->status, store::ReceiptStatus::kSent);
}

TEST_F(ServiceTest, FailingNotifierIsRetriedAfterABackoffAndTheSentLinkWorks) {
  GiftForm f = Form("10");
  f.monthly = true;
  const std::string ref = Start(f);
  const store::Donation d = Gift(ref);
  json::object session = Session(d.stripe.checkout_session_id, ref, 1000, "");
  session["mode"] = "subscription";
  session["subscription"] = "sub_b";
  ASSERT_TRUE(Deliver(Event("evt_b", "checkout.session.completed", session)).ok());
  notifier_.fail_next = 2;
  std::vector<ReceiptFailure> failures;
  auto n = service_->SendDueReceipts(10, &failures);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 0);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].donation_id, d.id);
  EXPECT_EQ(failures[0].attempts, 1);
  EXPECT_FALSE(failures[0].gave_up);
  store::QueuedReceipt q = store_->donations().GetReceipt(d.id).value();
  EXPECT_EQ(q.status, store::ReceiptStatus::kDue);
  EXPECT_EQ(q.attempts, 1);
  EXPECT_FALSE(q.last_error.empty());
  EXPECT_EQ(q.due_at, clock_.Now() + kReceiptBackoff[0]);
  // Not before its time.
  EXPECT_EQ(SendReceipts(), 0);
  EXPECT_EQ(notifier_.calls, 1);
  clock_.Advance(kReceiptBackoff[0]);
  EXPECT_EQ(SendReceipts(), 0);  // the second failure
  EXPECT_EQ(notifier_.calls, 2);
  EXPECT_EQ(store_->donations().GetReceipt(d.id)->due_at, clock_.Now() + kReceiptBackoff[1]);
  clock_.Advance(kReceiptBackoff[1]);
  EXPECT_EQ(SendReceipts(), 1);
  ASSERT_EQ(notifier_.receipts.size(), 1u);
  q = store_->donations().GetReceipt(d.id).value();
  EXPECT_EQ(q.status, store::ReceiptStatus::kSent);
  EXPECT_EQ(q.attempts, 3);
  ASSERT_TRUE(q.sent_at.has_value());
  // The link in the receipt that went is the plan's, whatever failed before.
  const std::string token = notifier_.receipts[0].cancel_token;
  EXPECT_EQ(store_->donations().GetPlan(*d.recurring_id)->cancel_token_hash,
            crypto::HashToken(token));
  auto cancelled = service_->CancelMonthly(token);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_EQ(cancelled->status, PlanStatus::kCancelled);
  EXPECT_EQ(SendReceipts(), 0);
}

TEST_F(ServiceTest, ReceiptGivenUpAfterTheLastAttemptStaysFailedForTheTreasurer) {
  const std::string ref = Give(2500);
  const int64_t id = Gift(ref).id;
  notifier_.fail_next = 1000;
  std::vector<ReceiptFailure> failures;
  for (int i = 0; i < kMaxReceiptAttempts + 2; ++i) {
    auto n = service_->SendDueReceipts(10, &failures);
    ASSERT_TRUE(n.ok()) << n.status().ToString();
    EXPECT_EQ(*n, 0);
    clock_.Advance(std::chrono::hours(13));  // past the longest backoff
  }
  ASSERT_EQ(failures.size(), static_cast<size_t>(kMaxReceiptAttempts));
  for (int i = 0; i + 1 < kMaxReceiptAttempts; ++i) EXPECT_FALSE(failures[i].gave_up);
  EXPECT_TRUE(failures.back().gave_up);
  EXPECT_EQ(failures.back().attempts, kMaxReceiptAttempts);
  EXPECT_EQ(notifier_.calls, kMaxReceiptAttempts);
  const store::QueuedReceipt q = store_->donations().GetReceipt(id).value();
  EXPECT_EQ(q.status, store::ReceiptStatus::kFailed);
  EXPECT_EQ(q.attempts, kMaxReceiptAttempts);
  auto failed = store_->donations().ListReceipts(store::ReceiptStatus::kFailed, 10, 0);
  ASSERT_TRUE(failed.ok());
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].donation_id, id);
}

TEST_F(ServiceTest, QueuedReceiptSurvivesACrashBeforeItWasSent) {
  const std::string ref = Give(2500);  // applied and committed; then the process dies
  service_.reset();
  store_->Close();
  store::SqliteOptions o;
  o.path = dir_.File("site.db");
  o.read_connections = 2;
  store_ = std::move(store::OpenSqliteStore(o)).value();
  MakeService(TestPolicy());  // the restarted server
  EXPECT_TRUE(notifier_.receipts.empty());
  EXPECT_EQ(SendReceipts(), 1);
  ASSERT_EQ(notifier_.receipts.size(), 1u);
  EXPECT_EQ(notifier_.receipts[0].donation_ref, ref);
  EXPECT_EQ(notifier_.receipts[0].email, "ana@example.org");

  // A sender that died after claiming (before sending or marking): the
  // receipt goes when the claim's lease ends, not before.
  const std::string ref2 = Give(3000, "bo@example.org");
  auto claimed = store_->donations().ClaimDueReceipts(clock_.Now(), kReceiptLease, 10);
  ASSERT_TRUE(claimed.ok());
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(SendReceipts(), 0);
  clock_.Advance(kReceiptLease);
  EXPECT_EQ(SendReceipts(), 1);
  ASSERT_EQ(notifier_.receipts.size(), 2u);
  EXPECT_EQ(notifier_.receipts[1].donation_ref, ref2);
}

TEST_F(ServiceTest, SendDueReceiptsChecksItsLimitAndNeedsANotifier) {
  Give(2500);
  EXPECT_TRUE(service_->SendDueReceipts(0).status().IsInvalidArgument());
  EXPECT_TRUE(service_->SendDueReceipts(1001).status().IsInvalidArgument());
  DonationsService quiet(store_->donations(), fake_, *ring_, *index_key_, clock_, nullptr,
                         TestPolicy());
  auto n = quiet.SendDueReceipts(10);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);  // nothing taken: the receipt waits for a notifier
  EXPECT_EQ(SendReceipts(), 1);
}

// ------------------------------------------------------------- Offline gifts

TEST_F(ServiceTest, OfflineGiftsFollowTheSameRules) {
  OfflineGift g;
  g.amount = "150";
  g.method = store::DonationMethod::kCheck;
  g.received_at = clock_.Now() - std::chrono::hours(48);
  g.reference = "check 1041";
  g.note = "mailed in";
  g.actor_user_id = 0;
  g.name = "Bo";
  g.email = "bo@example.org";
  g.address_line1 = "2 Oak Ave";
  g.city = "Springfield";
  g.postal_code = "62701";
  g.country = "US";
  auto id = service_->RecordOfflineGift(g);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(store_->donations().GetDonation(*id)->status, DonationStatus::kCompleted);
  // The Donate page now sees $150 for this donor.
  GiftFeedback fb;
  EXPECT_TRUE(service_->StartGift(Form("100", "bo@example.org"), &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "employer"));
  // And the treasurer too.
  g.amount = "100";
  EXPECT_TRUE(service_->RecordOfflineGift(g, &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "occupation"));
  g.method = store::DonationMethod::kStripe;
  g.amount = "-3";
  g.received_at = clock_.Now() + std::chrono::hours(72);
  EXPECT_TRUE(service_->RecordOfflineGift(g, &fb).status().IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "method"));
  EXPECT_TRUE(HasProblem(fb, "amount"));
  EXPECT_TRUE(HasProblem(fb, "received_at"));
  EXPECT_EQ(CountGifts(), 1);
  ExpectBooksBalance();
}

TEST_F(ServiceTest, CorrectionsChangeOfflineMoneyOnlyAndAlwaysNeedANote) {
  OfflineGift g;
  g.amount = "80";
  g.method = store::DonationMethod::kCash;
  g.received_at = clock_.Now() - std::chrono::hours(48);
  g.name = "Cy";
  g.email = "cy@example.org";
  g.address_line1 = "3 Elm St";
  g.city = "Springfield";
  g.postal_code = "62701";
  g.country = "US";
  auto id = service_->RecordOfflineGift(g);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  GiftCorrection c;
  c.donation_id = *id;
  c.amount = "abc";
  c.refunded = "90";
  c.received_at = clock_.Now() + std::chrono::hours(72);
  GiftFeedback fb;
  EXPECT_TRUE(service_->CorrectGift(c, &fb).IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "amount"));
  EXPECT_TRUE(HasProblem(fb, "received_at"));
  EXPECT_TRUE(HasProblem(fb, "note"));
  EXPECT_EQ(store_->donations().GetDonation(*id)->amount_minor, 8000);

  c.amount = "";
  c.received_at.reset();
  c.note = "counted twice";
  EXPECT_TRUE(service_->CorrectGift(c, &fb).IsInvalidArgument());  // $90 back of $80
  EXPECT_TRUE(HasProblem(fb, "refunded"));

  c.amount = "75";
  c.refunded = "0";
  c.received_at = clock_.Now() - std::chrono::hours(72);
  ASSERT_TRUE(service_->CorrectGift(c, &fb).ok());
  auto fixed = store_->donations().GetDonation(*id);
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->amount_minor, 7500);
  EXPECT_EQ(fixed->received_at, c.received_at);
  ExpectBooksBalance();

  // A Stripe gift: only a note.
  auto started = service_->StartGift(Form("25", "dee@example.org"));
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  const int64_t stripe_id = store_->donations().GetDonationByRef(started->donation_ref)->id;
  GiftCorrection s;
  s.donation_id = stripe_id;
  s.refunded = "25";
  s.note = "refund requested";
  EXPECT_TRUE(service_->CorrectGift(s, &fb).IsInvalidArgument());
  EXPECT_TRUE(HasProblem(fb, "refunded"));
  s.refunded = "";
  EXPECT_TRUE(service_->CorrectGift(s, &fb).ok());
  EXPECT_EQ(store_->donations().ListLedger(stripe_id)->back().amount_minor, 0);
  ExpectBooksBalance();
  s.donation_id = 987654;
  EXPECT_TRUE(service_->CorrectGift(s).IsNotFound());
}

// ------------------------------------------------------------- Against the Stripe TEST DOUBLE

base::Time SystemNow() { return base::SystemClock().Now(); }

// The real CurlStripeClient against the Stripe test double. The double has
// no webhook URL here: it records its events, and the test fetches each
// event's body, signs it as Stripe would and hands it to HandleWebhook.
class DoubleTest : public ServiceTest {
 protected:
  DoubleTest() : ServiceTest(SystemNow()) {}
  void SetUp() override {
    ASSERT_TRUE(double_.Start()) << "could not start the Stripe test double";
    StripeOptions o;
    o.base_url = double_.base_url();
    o.secret_key = "sk_test_double";
    client_ = std::move(CurlStripeClient::Create(o)).value();
    ServiceTest::SetUp();
  }
  StripeClient& Stripe() override { return *client_; }

  json::value Get(const std::string& path) {
    auto reply = double_.Control("GET", path);
    EXPECT_EQ(reply.status, 200) << path << " " << reply.body;
    return json::parse(reply.body);
  }
  json::value Post(const std::string& path) {
    auto reply = double_.Control("POST", path);
    EXPECT_EQ(reply.status, 200) << path << " " << reply.body;
    return json::parse(reply.body);
  }
  // The bodies of the events the double made since the last call, oldest first.
  std::vector<std::string> NewEvents() {
    std::vector<std::string> bodies;
    const json::value list = Get("/_double/events");
    for (const json::value& e : list.at("data").as_array()) {
      const std::string id(e.at("id").as_string());
      if (!seen_.insert(id).second) continue;
      bodies.push_back(json::serialize(Get("/_double/events/" + id).at("event")));
    }
    return bodies;
  }
  std::vector<WebhookOutcome> DeliverAll(const std::vector<std::string>& bodies) {
    std::vector<WebhookOutcome> out;
    for (const std::string& b : bodies) {
      clock_.Set(SystemNow());
      auto r = Deliver(b);
      EXPECT_TRUE(r.ok()) << r.status().ToString() << "\n" << b;
      if (r.ok()) out.push_back(*r);
    }
    return out;
  }

  test_support::StripeDoubleProcess double_{{}};
  std::unique_ptr<CurlStripeClient> client_;
  std::set<std::string> seen_;
};

TEST_F(DoubleTest, OneTimeGiftCompletesOnceThenRefundsInAnyOrder) {
  const std::string ref = Start(Form("25"));
  const std::string cs = Gift(ref).stripe.checkout_session_id;
  ASSERT_FALSE(cs.empty());
  // What the double holds is what we asked for.
  json::value obj = Get("/_double/objects/" + cs);
  EXPECT_EQ(obj.at("metadata").at("donation_ref").as_string(), ref);
  EXPECT_EQ(obj.at("amount_total").as_int64(), 2500);

  Post("/_double/sessions/" + cs + "/complete");
  const std::vector<std::string> events = NewEvents();
  auto outcomes = DeliverAll(events);
  EXPECT_EQ(Gift(ref).status, DonationStatus::kCompleted);
  EXPECT_EQ(SendReceipts(), 1);
  EXPECT_EQ(notifier_.receipts.size(), 1u);
  // Stripe redelivers: nothing changes.
  for (const WebhookOutcome& o : DeliverAll(events)) EXPECT_TRUE(o.duplicate);
  EXPECT_EQ(SendReceipts(), 0);
  EXPECT_EQ(notifier_.receipts.size(), 1u);

  // A second gift whose refund is delivered before its completion.
  const std::string ref2 = Start(Form("30", "bo@example.org"));
  const std::string cs2 = Gift(ref2).stripe.checkout_session_id;
  Post("/_double/sessions/" + cs2 + "/complete");
  Post("/_double/sessions/" + cs2 + "/refund?amount=1000");
  Post("/_double/sessions/" + cs2 + "/refund");
  std::vector<std::string> mixed = NewEvents();
  ASSERT_GE(mixed.size(), 3u);
  std::reverse(mixed.begin(), mixed.end());
  DeliverAll(mixed);
  const store::Donation d2 = Gift(ref2);
  EXPECT_EQ(d2.status, DonationStatus::kRefunded);
  EXPECT_EQ(d2.refunded_minor, 3000);
  EXPECT_EQ(SendReceipts(), 1);
  EXPECT_EQ(notifier_.receipts.size(), 2u);
  ExpectBooksBalance();
}

TEST_F(DoubleTest, MonthlyGiftChargesRefundsAndCancels) {
  GiftForm f = Form("12");
  f.monthly = true;
  const std::string ref = Start(f);
  const store::Donation first = Gift(ref);
  Post("/_double/sessions/" + first.stripe.checkout_session_id + "/complete");
  auto outcomes = DeliverAll(NewEvents());  // invoice.paid, then the session's completion
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(CountGifts(), 1);
  EXPECT_EQ(Gift(ref).status, DonationStatus::kCompleted);
  EXPECT_EQ(SendReceipts(), 1);
  ASSERT_EQ(notifier_.receipts.size(), 1u);
  store::Plan plan = store_->donations().GetPlan(*first.recurring_id).value();
  EXPECT_EQ(plan.status, PlanStatus::kActive);
  ASSERT_FALSE(plan.stripe_subscription_id.empty());

  // Two more months; the second is refunded.
  Post("/_double/subscriptions/" + plan.stripe_subscription_id + "/renew");
  Post("/_double/subscriptions/" + plan.stripe_subscription_id + "/renew");
  DeliverAll(NewEvents());
  EXPECT_EQ(CountGifts(), 3);
  EXPECT_EQ(SendReceipts(), 2);
  ASSERT_EQ(notifier_.receipts.size(), 3u);
  const json::value sub = Get("/_double/objects/" + plan.stripe_subscription_id);
  const std::string last_invoice(sub.at("latest_invoice").as_string());
  Post("/_double/invoices/" + last_invoice + "/refund");
  auto refunded = DeliverAll(NewEvents());
  ASSERT_EQ(refunded.size(), 1u);
  EXPECT_EQ(refunded[0].action, "refunded");
  store::DonationFilter only_refunded;
  only_refunded.status = DonationStatus::kRefunded;
  EXPECT_EQ(store_->donations().CountDonations(only_refunded).value(), 1);

  // The link in the last receipt cancels at Stripe and here.
  auto cancelled = service_->CancelMonthly(notifier_.receipts.back().cancel_token);
  ASSERT_TRUE(cancelled.ok()) << cancelled.status().ToString();
  EXPECT_EQ(cancelled->status, PlanStatus::kCancelled);
  EXPECT_EQ(Get("/_double/objects/" + plan.stripe_subscription_id).at("status").as_string(),
            "canceled");
  auto deleted = DeliverAll(NewEvents());  // customer.subscription.deleted
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].action, "plan_cancelled");
  // Again: Stripe answers NotFound, which means done.
  EXPECT_TRUE(service_->CancelMonthly(notifier_.receipts.back().cancel_token).ok());
  ExpectBooksBalance();
}

TEST_F(DoubleTest, StripeErrorKeepsNothingAndARetryWorks) {
  Post("/_double/fail-next?status=500");
  GiftFeedback fb;
  EXPECT_TRUE(service_->StartGift(Form("25"), &fb).status().IsUnavailable());
  ASSERT_EQ(fb.problems.size(), 1u);
  EXPECT_EQ(fb.problems[0].msgid, kPaymentUnavailableMsgid);
  EXPECT_EQ(CountGifts(), 0);
  const std::string ref = Start(Form("25"));
  EXPECT_EQ(CountGifts(), 1);
  EXPECT_FALSE(Gift(ref).stripe.checkout_session_id.empty());
}

TEST_F(DoubleTest, StaleResendIsRefused) {
  const std::string ref = Start(Form("25"));
  Post("/_double/sessions/" + Gift(ref).stripe.checkout_session_id + "/complete");
  const std::vector<std::string> events = NewEvents();
  ASSERT_FALSE(events.empty());
  clock_.Set(SystemNow() + std::chrono::seconds(kStripeSignatureToleranceS + 60));
  const std::string stale =
      SignStripePayload(events[0], kSecret, SystemNow().time_since_epoch().count());
  EXPECT_TRUE(service_->HandleWebhook(stale, events[0]).status().code() ==
              base::StatusCode::kPermissionDenied);
  EXPECT_EQ(Gift(ref).status, DonationStatus::kPending);
}

}  // namespace
}  // namespace donations
