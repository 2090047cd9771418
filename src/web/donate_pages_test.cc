// The Donate pages and Stripe's webhook, through the public router
// in-process over a real SQLite store, the default theme, real keys, a fake
// clock and a FAKE StripeClient (not Stripe, not the test double).

#include "web/donate_pages.h"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/time_zone.h"
#include "crypto/token.h"
#include "donations/stripe_signature.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "store/store.h"
#include "support/http_requests.h"
#include "support/temp_dir.h"
#include "web/mailbag_pages.h"  // kHoneypotField

namespace web {
namespace {

namespace json = boost::json;
using std::chrono::seconds;

constexpr char kSecret[] = "whsec_test_pages";

// An in-memory FAKE of Stripe: records what it was asked.
class FakeStripe final : public donations::StripeClient {
 public:
  int creates = 0;
  base::Status create_error = base::Status::Ok();
  std::vector<std::string> cancels;
  base::Result<donations::CheckoutSession> CreateCheckoutSession(
      const donations::CheckoutRequest&, std::string_view) override {
    if (!create_error.ok()) return create_error;
    ++creates;
    const std::string id = "cs_fake_" + std::to_string(creates);
    return donations::CheckoutSession{id, "https://checkout.fake/" + id};
  }
  base::Status CancelSubscription(std::string_view id, std::string_view) override {
    cancels.emplace_back(id);
    return base::Status::Ok();
  }
  std::vector<std::pair<std::string, std::string>> portals;  // customer, return URL
  base::Status portal_error = base::Status::Ok();
  base::Result<std::string> CreatePortalSession(std::string_view customer,
                                                std::string_view return_url) override {
    if (!portal_error.ok()) return portal_error;
    portals.emplace_back(customer, return_url);
    return "https://portal.fake/" + std::string(customer);
  }
};

class Receipts final : public donations::Notifier {
 public:
  std::vector<donations::DonationReceipt> sent;
  base::Status Receipt(const donations::DonationReceipt& r) override {
    sent.push_back(r);
    return base::Status::Ok();
  }
  std::vector<donations::DonationSummary> summaries;
  base::Status AnnualSummary(const donations::DonationSummary& s) override {
    summaries.push_back(s);
    return base::Status::Ok();
  }
};

class DonatePagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("site.db");
    store_ = std::move(store::OpenSqliteStore(o)).value();
    auto theme =
        render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/default", catalog_);
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    ring_ = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
    index_key_ = std::make_unique<crypto::FieldKey>(crypto::FieldKey::Generate().value());
    timer_key_ = std::make_unique<crypto::FieldKey>(crypto::FieldKey::Generate().value());
    donations::DonationsPolicy policy;
    policy.webhook_secrets = {kSecret};
    policy.success_url = "https://example.org/donate/thanks?session_id={CHECKOUT_SESSION_ID}";
    policy.cancel_url = "https://example.org/donate";
    policy.rules.yearly_cap_minor = 300000;
    service_ = std::make_unique<donations::DonationsService>(
        store_->donations(), stripe_, *ring_, *index_key_, clock_, &receipts_, policy);
    timer_ = std::make_unique<mailbag::FormTimer>(*timer_key_, clock_, seconds(3),
                                                  std::chrono::hours(12));
    publishing_ = std::make_unique<publishing::PublishingService>(store_->publishing(), clock_, 10);
    site_.name = "Test Org";
    site_.base_url = "https://example.org";
    site_.donate_url = "/donate";
    deps_.site = &site_;
    deps_.theme = theme_.get();
    deps_.catalog = &catalog_;
    deps_.time_zone = &tz_;
    deps_.publishing = publishing_.get();
    deps_.health = [] { return base::Status::Ok(); };
    deps_.log_error = [](const std::string&) {};
    donate_.site = &deps_;
    donate_.donations = service_.get();
    donate_.timer = timer_.get();
    summaries_ = std::make_unique<donations::AnnualSummaries>(
        store_->donations(), *ring_, *index_key_, clock_, receipts_, tz_);
    portal_ = std::make_unique<donations::MonthlyPortal>(store_->donations(), stripe_);
    summary_limiter_ =
        std::make_unique<SlidingWindowLimiter>(clock_, 5, std::chrono::hours(1), 100);
    address_limiter_ =
        std::make_unique<SlidingWindowLimiter>(clock_, 2, std::chrono::hours(24), 100);
    donate_.summaries = summaries_.get();
    donate_.summary_limiter = summary_limiter_.get();
    donate_.summary_address_limiter = address_limiter_.get();
    donate_.portal = portal_.get();
    deps_.donate = &donate_;
    handler_ = MakePublicHandler(deps_);
  }
  void TearDown() override {
    service_.reset();
    store_->Close();
  }

  http::Response Get(const std::string& target) {
    return handler_(test_support::GetRequest(target));
  }
  http::Response Post(const std::string& path, const std::string& body,
                      const std::vector<std::pair<std::string, std::string>>& headers = {
                          {"content-type", "application/x-www-form-urlencoded"}}) {
    http::Request req = test_support::GetRequest(path);
    req.method = http::Method::kPost;
    req.method_text = "POST";
    for (const auto& h : headers) req.headers.push_back(h);
    req.body = body;
    return handler_(req);
  }
  std::string Token() {
    std::string t = timer_->Issue().value();
    clock_.Advance(seconds(5));
    return t;
  }
  static std::string Enc(const std::string& s) { return http::PercentEncode(s); }
  std::string Body(const std::string& amount, bool all_attested = true) {
    std::string b = "preset=other&custom_amount=" + Enc(amount) +
                    "&frequency=once&name=Ana+Ruiz&email=ana%40example.org"
                    "&address_line1=1+Main+St&city=Springfield&region=IL&postal_code=62701"
                    "&country=US&comment=Keep+going%21&form_token=" +
                    Enc(Token());
    for (const donations::Attestation& a : donations::DefaultAttestations()) {
      if (all_attested) b += "&attest=" + a.key;
    }
    return b;
  }
  std::string Event(const std::string& id, const std::string& cs, const std::string& ref,
                    int64_t amount) {
    json::object obj{{"object", "checkout.session"},
                     {"id", cs},
                     {"mode", "payment"},
                     {"payment_status", "paid"},
                     {"amount_total", amount},
                     {"currency", "usd"},
                     {"payment_intent", "pi_" + ref},
                     {"metadata", json::object{{"donation_ref", ref}}}};
    json::object e{{"id", id},
                   {"object", "event"},
                   {"type", "checkout.session.completed"},
                   {"created", clock_.Now().time_since_epoch().count()},
                   {"livemode", false}};
    e["data"] = json::object{{"object", std::move(obj)}};
    return json::serialize(e);
  }
  http::Response Webhook(const std::string& body, const std::string& signature) {
    std::vector<std::pair<std::string, std::string>> h = {{"content-type", "application/json"}};
    if (!signature.empty()) h.emplace_back("stripe-signature", signature);
    return Post("/stripe/webhook", body, h);
  }
  std::string Sign(const std::string& body, int64_t at, const std::string& secret = kSecret) {
    return donations::SignStripePayload(body, secret, at);
  }
  int64_t Now() { return clock_.Now().time_since_epoch().count(); }
  int64_t CountGifts() {
    return store_->donations().CountDonations(store::DonationFilter{}).value();
  }
  // Starts a $25 gift through the page; returns its donation.
  store::Donation Started() {
    http::Response r = Post("/donate", Body("25"));
    EXPECT_EQ(r.status, 303) << r.body;
    const std::string loc = test_support::HeaderOf(r, "Location");
    const std::string cs = loc.substr(loc.rfind('/') + 1);
    return store_->donations().GetDonationByStripeId(
        store::DonationsStore::StripeKey::kCheckoutSession, cs).value();
  }

  // A completed $25 gift from ana@example.org (this year: 2027, UTC).
  void Completed() {
    const store::Donation d = Started();
    const std::string body = Event("evt_" + d.ref, d.stripe.checkout_session_id, d.ref, 2500);
    ASSERT_EQ(Webhook(body, Sign(body, Now())).status, 200);
  }
  std::string SummaryBody(const std::string& email, const std::string& year) {
    return "email=" + Enc(email) + "&year=" + Enc(year) + "&form_token=" + Enc(Token());
  }
  // A monthly plan whose receipt link is `token`, with Stripe customer
  // `customer` ("" = not known yet).
  void AddPlan(const std::string& token, const std::string& customer) {
    store::Donation d;
    d.ref = "don_" + token;
    d.kind = store::DonationKind::kMonthlyCharge;
    d.amount_minor = 1000;
    d.currency = "USD";
    store::Plan p;
    p.ref = "plan_" + token;
    p.amount_minor = 1000;
    p.currency = "USD";
    p.stripe_customer_id = customer;
    p.stripe_subscription_id = customer.empty() ? "" : "sub_" + token;
    auto created = store_->donations().CreatePendingDonation(
        {"donor_" + token, "index_" + token, "sealed"}, d, p);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ASSERT_TRUE(store_->donations()
                    .SetPlanCancelTokenHash(*created->plan_id, crypto::HashToken(token))
                    .ok());
  }

  test_support::TempDir dir_{"bs-web-donate"};
  base::FakeClock clock_{base::Time(seconds(1'800'000'000))};
  base::TimeZone tz_ = base::TimeZone::Utc();
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<crypto::FieldKey> index_key_, timer_key_;
  FakeStripe stripe_;
  Receipts receipts_;
  std::unique_ptr<donations::DonationsService> service_;
  std::unique_ptr<donations::AnnualSummaries> summaries_;
  std::unique_ptr<donations::MonthlyPortal> portal_;
  std::unique_ptr<SlidingWindowLimiter> summary_limiter_, address_limiter_;
  std::unique_ptr<mailbag::FormTimer> timer_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  config::SiteConfig site_;
  SiteDeps deps_;
  DonateDeps donate_;
  http::Handler handler_;
};

TEST_F(DonatePagesTest, FormShowsPresetsAttestationsAndIsPrivate) {
  http::Response r = Get("/donate");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.cache_control, "no-store");
  for (const char* preset : {"value=\"1000\"", "value=\"2500\"", "value=\"5000\"",
                             "value=\"10000\"", "$25.00", "name=\"custom_amount\"",
                             "name=\"form_token\"", "value=\"monthly\"", "name=\"employer\""}) {
    EXPECT_NE(r.body.find(preset), std::string::npos) << preset;
  }
  for (const donations::Attestation& a : donations::DefaultAttestations()) {
    EXPECT_NE(r.body.find("value=\"" + a.key + "\""), std::string::npos) << a.key;
  }
  EXPECT_EQ(r.body.find("<script"), std::string::npos);
}

TEST_F(DonatePagesTest, DuesLinkPrefillsMonthlyAndAmount) {
  http::Response preset = Get("/donate?frequency=monthly&amount_minor=5000");
  ASSERT_EQ(preset.status, 200);
  EXPECT_NE(preset.body.find("value=\"5000\" checked"), std::string::npos);
  EXPECT_NE(preset.body.find("value=\"monthly\" checked"), std::string::npos);

  http::Response custom = Get("/donate?frequency=monthly&amount_minor=1550");
  ASSERT_EQ(custom.status, 200);
  EXPECT_NE(custom.body.find("value=\"other\" checked"), std::string::npos);
  EXPECT_NE(custom.body.find("value=\"15.50\""), std::string::npos);

  // Nonsense is ignored, not an error.
  for (const char* q : {"amount_minor=-5", "amount_minor=abc", "amount_minor=99999999999999999999",
                        "amount_minor=0"}) {
    http::Response r = Get(std::string("/donate?") + q);
    EXPECT_EQ(r.status, 200) << q;
    EXPECT_EQ(r.body.find("value=\"other\" checked"), std::string::npos) << q;
  }
}

TEST_F(DonatePagesTest, BadAmountsAreRefusedWithEverythingKept) {
  for (const char* typed : {"-5", "0", "1.005", "100000000000000000000", "abc"}) {
    http::Response r = Post("/donate", Body(typed));
    EXPECT_EQ(r.status, 422) << typed;
    EXPECT_NE(r.body.find("value=\"" + std::string(typed) + "\""), std::string::npos) << typed;
    EXPECT_NE(r.body.find("value=\"Ana Ruiz\""), std::string::npos) << typed;
    EXPECT_NE(r.body.find("value=\"ana@example.org\""), std::string::npos) << typed;
    EXPECT_NE(r.body.find("Keep going!"), std::string::npos) << typed;
    EXPECT_NE(r.body.find("donate-amount-error"), std::string::npos) << typed;
  }
  EXPECT_EQ(stripe_.creates, 0);
  EXPECT_EQ(CountGifts(), 0);
}

TEST_F(DonatePagesTest, MissingAttestationsAreRefusedWithTextKept) {
  http::Response r = Post("/donate", Body("25", /*all_attested=*/false));
  EXPECT_EQ(r.status, 422);
  for (const donations::Attestation& a : donations::DefaultAttestations()) {
    EXPECT_NE(r.body.find("donate-attest-" + a.key + "-error"), std::string::npos) << a.key;
  }
  EXPECT_NE(r.body.find("value=\"25\""), std::string::npos);
  EXPECT_EQ(stripe_.creates, 0);
}

TEST_F(DonatePagesTest, CapShowsWhatMayStillBeGiven) {
  http::Response r = Post("/donate", Body("3500"));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("$3,000.00"), std::string::npos);
  EXPECT_EQ(stripe_.creates, 0);
}

TEST_F(DonatePagesTest, HoneypotAndFastFormsAreRefused) {
  EXPECT_EQ(Post("/donate", Body("25") + "&" + kHoneypotField + "=x").status, 422);
  const std::string fresh = timer_->Issue().value();
  std::string body = Body("25");
  body = body.substr(0, body.find("&form_token=")) + "&form_token=" + Enc(fresh);
  EXPECT_EQ(Post("/donate", body).status, 422);
  EXPECT_EQ(stripe_.creates, 0);
}

TEST_F(DonatePagesTest, StripeUnavailableGives503WithTextKept) {
  stripe_.create_error = base::Status::Unavailable("stripe down");
  http::Response r = Post("/donate", Body("25"));
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("value=\"Ana Ruiz\""), std::string::npos);
  EXPECT_EQ(CountGifts(), 0);
}

TEST_F(DonatePagesTest, AcceptedGiftRedirectsToCheckout) {
  http::Response r = Post("/donate", Body("25"));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(test_support::HeaderOf(r, "Location"), "https://checkout.fake/cs_fake_1");
  EXPECT_EQ(CountGifts(), 1);
}

TEST_F(DonatePagesTest, BadlySignedWebhooksAre400AndChangeNothing) {
  const store::Donation d = Started();
  const std::string body = Event("evt_1", d.stripe.checkout_session_id, d.ref, 2500);
  EXPECT_EQ(Webhook(body, "").status, 400);                                     // missing
  EXPECT_EQ(Webhook(body, Sign(body, Now(), "whsec_other")).status, 400);       // wrong secret
  EXPECT_EQ(Webhook(body, Sign(body, Now() - 3600)).status, 400);               // stale
  EXPECT_EQ(Webhook(body + " ", Sign(body, Now())).status, 400);                // body changed
  EXPECT_EQ(Webhook("not json", Sign("not json", Now())).status, 400);          // not an event
  const store::Donation after = store_->donations().GetDonationByRef(d.ref).value();
  EXPECT_EQ(after.status, store::DonationStatus::kPending);
  EXPECT_TRUE(receipts_.sent.empty());
}

TEST_F(DonatePagesTest, OversizedWebhookIs413) {
  const std::string body(kMaxWebhookBodyBytes + 1, 'x');
  EXPECT_EQ(Webhook(body, Sign(body, Now())).status, 413);
}

TEST_F(DonatePagesTest, SignedWebhookCompletesTheGiftOnce) {
  const store::Donation d = Started();
  const std::string body = Event("evt_1", d.stripe.checkout_session_id, d.ref, 2500);
  http::Response r = Webhook(body, Sign(body, Now()));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.cache_control, "no-store");
  EXPECT_TRUE(r.headers.empty() || test_support::HeaderOf(r, "Set-Cookie").empty());
  EXPECT_EQ(store_->donations().GetDonationByRef(d.ref).value().status,
            store::DonationStatus::kCompleted);
  // The receipt is queued with the completion and sent by the receipts job,
  // not on the webhook's request.
  EXPECT_TRUE(receipts_.sent.empty());
  ASSERT_EQ(service_->SendDueReceipts(10).value(), 1);
  ASSERT_EQ(receipts_.sent.size(), 1u);
  EXPECT_EQ(receipts_.sent[0].amount_minor, 2500);

  // Stripe delivers again: 200, applied once, no second receipt queued.
  EXPECT_EQ(Webhook(body, Sign(body, Now())).status, 200);
  EXPECT_EQ(service_->SendDueReceipts(10).value(), 0);
  EXPECT_EQ(receipts_.sent.size(), 1u);
  EXPECT_EQ(CountGifts(), 1);
}

TEST_F(DonatePagesTest, ThanksAndCancelPages) {
  EXPECT_EQ(Get("/donate/thanks?session_id=cs_x").status, 200);
  // An unknown (or replaced) link says so at once, before any button.
  http::Response unknown = Get("/donate/cancel?token=abc");
  EXPECT_EQ(unknown.status, 410);
  EXPECT_EQ(unknown.body.find("action=\"/donate/cancel\""), std::string::npos);
  EXPECT_EQ(Post("/donate/cancel", "token=unknown").status, 410);
  EXPECT_TRUE(stripe_.cancels.empty());

  // A live link shows what the button would cancel, and opening it changes
  // nothing.
  AddPlan("tok9", "cus_9");
  http::Response ask = Get("/donate/cancel?token=tok9");
  ASSERT_EQ(ask.status, 200) << ask.body;
  EXPECT_NE(ask.body.find("value=\"tok9\""), std::string::npos);
  EXPECT_NE(ask.body.find("$10.00"), std::string::npos) << ask.body;
  EXPECT_EQ(ask.cache_control, "no-store");
  EXPECT_TRUE(stripe_.cancels.empty());
  // Cancelled: the link then says so, with no button.
  EXPECT_EQ(Post("/donate/cancel", "token=tok9").status, 200);
  http::Response done = Get("/donate/cancel?token=tok9");
  EXPECT_EQ(done.status, 200);
  EXPECT_NE(done.body.find("No further payments will be taken."), std::string::npos);
  EXPECT_EQ(done.body.find("action=\"/donate/cancel\""), std::string::npos);
  EXPECT_EQ(stripe_.cancels.size(), 1u);
}

// ---- The annual summary form.

TEST_F(DonatePagesTest, SummaryFormIsLinkedFromDonateAndPrivate) {
  EXPECT_NE(Get("/donate").body.find("href=\"/donate/summary\""), std::string::npos);
  http::Response r = Get("/donate/summary");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.cache_control, "no-store");
  for (const char* want : {"name=\"form_token\"", "name=\"email\"", "name=\"year\"",
                           "value=\"2027\"", kHoneypotField}) {
    EXPECT_NE(r.body.find(want), std::string::npos) << want;
  }
  EXPECT_EQ(r.body.find("<script"), std::string::npos);
}

TEST_F(DonatePagesTest, SummaryAnswerIsTheSameWhetherOrNotTheAddressGave) {
  Completed();
  http::Response donor = Post("/donate/summary", SummaryBody("ana@example.org", "2027"));
  ASSERT_EQ(donor.status, 200) << donor.body;
  ASSERT_EQ(receipts_.summaries.size(), 1u);
  EXPECT_EQ(receipts_.summaries[0].email, "ana@example.org");
  EXPECT_EQ(receipts_.summaries[0].year, 2027);
  ASSERT_EQ(receipts_.summaries[0].gifts.size(), 1u);
  EXPECT_EQ(receipts_.summaries[0].gifts[0].amount_minor, 2500);

  http::Response stranger = Post("/donate/summary", SummaryBody("nobody@example.org", "2027"));
  ASSERT_EQ(stranger.status, 200);
  http::Response no_gifts = Post("/donate/summary", SummaryBody("ana@example.org", "2026"));
  ASSERT_EQ(no_gifts.status, 200);
  EXPECT_EQ(receipts_.summaries.size(), 1u);  // neither gets a mail
  // The page's <main> with what was typed taken out.
  auto without = [](const std::string& page, const std::string& email, const std::string& year) {
    const size_t from = page.find("<main"), to = page.find("</main>");
    EXPECT_NE(from, std::string::npos);
    EXPECT_NE(to, std::string::npos);
    std::string body = page.substr(from, to - from);
    for (const std::string& typed : {email, year}) {
      for (size_t at = body.find(typed); at != std::string::npos; at = body.find(typed)) {
        body.erase(at, typed.size());
      }
    }
    return body;
  };
  EXPECT_EQ(without(donor.body, "ana@example.org", "2027"),
            without(stranger.body, "nobody@example.org", "2027"));
  EXPECT_EQ(without(donor.body, "ana@example.org", "2027"),
            without(no_gifts.body, "ana@example.org", "2026"));
}

TEST_F(DonatePagesTest, SummaryPerAddressLimitAnswersTheSameAndSendsNothing) {
  Completed();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Post("/donate/summary", SummaryBody("ana@example.org", "2027")).status, 200);
  }
  EXPECT_EQ(receipts_.summaries.size(), 2u);  // the limit is 2 a day per address
}

TEST_F(DonatePagesTest, SummaryBadInputIsRefusedWithTextKept) {
  struct Case {
    std::string email, year, field;
  };
  for (const Case& c : std::vector<Case>{{"", "2027", "email"},
                                         {"not an address", "2027", "email"},
                                         {"ana@example.org", "", "year"},
                                         {"ana@example.org", "abc", "year"},
                                         {"ana@example.org", "27", "year"},
                                         {"ana@example.org", "1999", "year"},
                                         {"ana@example.org", "2028", "year"}}) {
    http::Response r = Post("/donate/summary", SummaryBody(c.email, c.year));
    EXPECT_EQ(r.status, 422) << c.email << " " << c.year;
    EXPECT_NE(r.body.find("summary-" + c.field + "-error"), std::string::npos) << c.year;
    if (!c.email.empty()) {
      EXPECT_NE(r.body.find("value=\"" + c.email + "\""), std::string::npos) << c.email;
    }
    if (!c.year.empty()) {
      EXPECT_NE(r.body.find("value=\"" + c.year + "\""), std::string::npos) << c.year;
    }
    EXPECT_NE(r.body.find("name=\"form_token\""), std::string::npos);
  }
  // Not UTF-8: the same kind of answer, with the rest of the text kept.
  http::Response r = Post("/donate/summary", "email=%FFana%40example.org&year=2027&form_token=" +
                                                 Enc(Token()));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("summary-email-error"), std::string::npos);
  EXPECT_NE(r.body.find("\xEF\xBF\xBD" "ana@example.org"), std::string::npos);
  r = Post("/donate/summary", "email=ana%40example.org&year=20%C027&form_token=" + Enc(Token()));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("summary-year-error"), std::string::npos);
  EXPECT_NE(r.body.find("value=\"ana@example.org\""), std::string::npos);
  // A malformed escape is not a form at all.
  EXPECT_EQ(Post("/donate/summary", "email=%G1&year=2027").status, 400);
  EXPECT_TRUE(receipts_.summaries.empty());
}

TEST_F(DonatePagesTest, SummaryHoneypotFastTokenAndPerIpLimit) {
  Completed();
  EXPECT_EQ(Post("/donate/summary", SummaryBody("ana@example.org", "2027") + "&" +
                                        kHoneypotField + "=x")
                .status,
            422);
  EXPECT_EQ(Post("/donate/summary", "email=ana%40example.org&year=2027&form_token=" +
                                        Enc(timer_->Issue().value()))
                .status,
            422);
  EXPECT_EQ(Post("/donate/summary", "email=ana%40example.org&year=2027&form_token=forged").status,
            422);
  EXPECT_TRUE(receipts_.summaries.empty());
  // Five an hour from one address (the fixture's limit); the sixth waits.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Post("/donate/summary", SummaryBody("x" + std::to_string(i) + "@example.org",
                                                  "2027"))
                  .status,
              200);
  }
  http::Response r = Post("/donate/summary", SummaryBody("ana@example.org", "2027"));
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(test_support::HeaderOf(r, "Retry-After").empty());
  EXPECT_NE(r.body.find("value=\"ana@example.org\""), std::string::npos);
  EXPECT_TRUE(receipts_.summaries.empty());
}

// ---- Stripe's customer portal from the receipt's link.

TEST_F(DonatePagesTest, PortalOpensStripeAndLeavesTheLinkWorking) {
  AddPlan("tok1", "cus_1");
  http::Response ask = Get("/donate/cancel?token=tok1");
  ASSERT_EQ(ask.status, 200);
  EXPECT_NE(ask.body.find("action=\"/donate/portal\""), std::string::npos);
  http::Response r = Post("/donate/portal", "token=tok1");
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(test_support::HeaderOf(r, "Location"), "https://portal.fake/cus_1");
  ASSERT_EQ(stripe_.portals.size(), 1u);
  EXPECT_EQ(stripe_.portals[0].first, "cus_1");
  EXPECT_EQ(stripe_.portals[0].second, "https://example.org/");
  // The token was not spent: the portal opens again and the cancel works.
  EXPECT_EQ(Post("/donate/portal", "token=tok1").status, 303);
  EXPECT_EQ(Post("/donate/cancel", "token=tok1").status, 200);
  ASSERT_EQ(stripe_.cancels.size(), 1u);
  EXPECT_EQ(stripe_.cancels[0], "sub_tok1");
}

TEST_F(DonatePagesTest, PortalErrorsKeepTheCancelButton) {
  EXPECT_EQ(Post("/donate/portal", "token=unknown").status, 410);
  EXPECT_EQ(Post("/donate/portal", "").status, 410);

  AddPlan("tok2", "");  // the first payment is not confirmed yet
  http::Response r = Post("/donate/portal", "token=tok2");
  EXPECT_EQ(r.status, 503);
  EXPECT_NE(r.body.find("action=\"/donate/cancel\""), std::string::npos);
  EXPECT_NE(r.body.find("value=\"tok2\""), std::string::npos);

  AddPlan("tok3", "cus_3");
  stripe_.portal_error = base::Status::Unavailable("stripe down");
  r = Post("/donate/portal", "token=tok3");
  EXPECT_EQ(r.status, 503);
  EXPECT_FALSE(test_support::HeaderOf(r, "Retry-After").empty());
  EXPECT_NE(r.body.find("action=\"/donate/cancel\""), std::string::npos);
  EXPECT_TRUE(stripe_.portals.empty());
  stripe_.portal_error = base::Status::Ok();
  EXPECT_EQ(Post("/donate/cancel", "token=tok3").status, 200);  // still cancels
}

TEST_F(DonatePagesTest, PortalAndSummaryAreOffWithoutTheirDeps) {
  DonateDeps off = donate_;
  off.portal = nullptr;
  off.summaries = nullptr;
  SiteDeps site = deps_;
  site.donate = &off;
  http::Handler handler = MakePublicHandler(site);
  AddPlan("tok4", "cus_4");
  http::Response ask = handler(test_support::GetRequest("/donate/cancel?token=tok4"));
  ASSERT_EQ(ask.status, 200);
  EXPECT_EQ(ask.body.find("/donate/portal"), std::string::npos);
  EXPECT_EQ(handler(test_support::GetRequest("/donate/summary")).status, 404);
  EXPECT_EQ(handler(test_support::GetRequest("/donate")).body.find("/donate/summary"),
            std::string::npos);
  http::Request post = test_support::GetRequest("/donate/portal");
  post.method = http::Method::kPost;
  post.method_text = "POST";
  post.headers.push_back({"content-type", "application/x-www-form-urlencoded"});
  post.body = "token=tok4";
  EXPECT_NE(handler(post).status, 303);
  EXPECT_TRUE(stripe_.portals.empty());
}

}  // namespace
}  // namespace web
