// The treasurer's pages: the donation list (filters, totals), one gift, one
// donor, the CSV export, the itemization report and offline gifts. Role
// checks and CSRF on every route are in admin_routes_test; the ones that
// matter for money and personal data are repeated here.

#include "accounts/roles.h"
#include "admin/admin_test_fixture.h"
#include "donations/annual_summary.h"

namespace admin::testing {
namespace {

using accounts::Role;

class AdminDonationsTest : public AdminFixture {
 protected:
  void SetUp() override {
    AdminFixture::SetUp();
    AddUser("treasurer@example.org", accounts::Bit(Role::kTreasurer));
    AddUser("editor@example.org", accounts::Bit(Role::kEditor));
  }

  struct Gift {
    std::string date = "2026-03-01", method = "check", amount = "50", name = "Ana Ruiz",
                email = "ana@example.org", employer = "Acme", occupation = "Welder",
                reference = "Check 1001";
  };

  std::vector<std::pair<std::string, std::string>> Fields(const Gift& g) {
    return {{"csrf", Csrf()},           {"date", g.date},
            {"method", g.method},       {"reference", g.reference},
            {"amount", g.amount},       {"name", g.name},
            {"email", g.email},         {"address_line1", "1 Main St"},
            {"city", "Springfield"},    {"region", "IL"},
            {"postal_code", "62701"},   {"country", "US"},
            {"employer", g.employer},   {"occupation", g.occupation},
            {"note", "from the mail"}};
  }

  // Records a gift through the form; returns its id (0 on failure).
  int64_t Record(const Gift& g) {
    TestResponse r = Post("/admin/donations/offline", Fields(g));
    EXPECT_EQ(r.status, 303) << r.body;
    const std::string prefix = "/admin/donations/";
    if (r.location.rfind(prefix, 0) != 0) return 0;
    std::string rest = r.location.substr(prefix.size());
    rest = rest.substr(0, rest.find('?'));
    return std::stoll(rest);
  }

  std::vector<store::AuditEntry> Audit(const std::string& action) {
    store::AuditQuery q;
    q.limit = 100;
    auto all = accounts_->ListAudit(q);
    EXPECT_TRUE(all.ok());
    std::vector<store::AuditEntry> out;
    for (const store::AuditEntry& e : *all)
      if (e.action == action) out.push_back(e);
    return out;
  }

  int64_t Count() {
    auto n = store_->donations().CountDonations(store::DonationFilter{});
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }

  static bool Has(const TestResponse& r, const std::string& text) {
    return r.body.find(text) != std::string::npos;
  }
};

TEST_F(AdminDonationsTest, TreasurerSeesTheListAndFiltersWork) {
  SignIn("treasurer@example.org");
  Gift ana;
  ASSERT_NE(Record(ana), 0);
  Gift ben;
  ben.name = "Ben Okafor";
  ben.email = "ben@example.org";
  ben.method = "cash";
  ben.amount = "120";
  ben.date = "2026-06-10";
  ASSERT_NE(Record(ben), 0);

  TestResponse all = Get("/admin/donations");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_TRUE(Has(all, "Ana Ruiz"));
  EXPECT_TRUE(Has(all, "Ben Okafor"));
  EXPECT_TRUE(Has(all, "$50.00"));
  EXPECT_TRUE(Has(all, "$170.00"));  // received in the (open) range
  EXPECT_TRUE(Has(all, "2026-06-10"));

  TestResponse cash = Get("/admin/donations?method=cash");
  ASSERT_EQ(cash.status, 200);
  EXPECT_TRUE(Has(cash, "Ben Okafor"));
  EXPECT_FALSE(Has(cash, "Ana Ruiz"));

  TestResponse late = Get("/admin/donations?from=2026-05-01&to=2026-12-31");
  ASSERT_EQ(late.status, 200);
  EXPECT_TRUE(Has(late, "Ben Okafor"));
  EXPECT_FALSE(Has(late, "Ana Ruiz"));
  EXPECT_FALSE(Has(late, "$170.00"));  // the totals follow the dates

  TestResponse early = Get("/admin/donations?to=2026-03-01");  // the day typed is included
  EXPECT_TRUE(Has(early, "Ana Ruiz"));
  EXPECT_FALSE(Has(early, "Ben Okafor"));

  TestResponse big = Get("/admin/donations?min=100");
  EXPECT_TRUE(Has(big, "Ben Okafor"));
  EXPECT_FALSE(Has(big, "Ana Ruiz"));
  TestResponse small = Get("/admin/donations?max=50.00");
  EXPECT_TRUE(Has(small, "Ana Ruiz"));
  EXPECT_FALSE(Has(small, "Ben Okafor"));

  TestResponse monthly = Get("/admin/donations?kind=monthly_charge");
  EXPECT_FALSE(Has(monthly, "Ana Ruiz"));
  EXPECT_FALSE(Has(monthly, "Ben Okafor"));
  TestResponse completed = Get("/admin/donations?status=completed&kind=one_time");
  EXPECT_TRUE(Has(completed, "Ana Ruiz"));
  EXPECT_TRUE(Has(completed, "Ben Okafor"));

  EXPECT_EQ(Get("/admin/donations?min=abc").status, 400);
  EXPECT_EQ(Get("/admin/donations?from=yesterday").status, 400);
  EXPECT_EQ(Get("/admin/donations?status=lost").status, 400);
  EXPECT_EQ(Get("/admin/donations?method=bitcoin").status, 400);
}

TEST_F(AdminDonationsTest, DonationAndDonorPages) {
  SignIn("treasurer@example.org");
  const int64_t id = Record(Gift{});
  ASSERT_NE(id, 0);
  TestResponse page = Get("/admin/donations/" + std::to_string(id));
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Has(page, "Ana Ruiz"));
  EXPECT_TRUE(Has(page, "Check 1001"));
  EXPECT_TRUE(Has(page, "offline"));  // the ledger row
  EXPECT_TRUE(Has(page, "from the mail"));
  auto gift = store_->donations().GetDonation(id);
  ASSERT_TRUE(gift.ok());
  TestResponse donor = Get("/admin/donors/" + std::to_string(gift->donor_id));
  ASSERT_EQ(donor.status, 200) << donor.body;
  EXPECT_TRUE(Has(donor, "ana@example.org"));
  EXPECT_TRUE(Has(donor, "2026"));
  EXPECT_TRUE(Has(donor, "$50.00"));
  EXPECT_EQ(Get("/admin/donations/999999").status, 404);
  EXPECT_EQ(Get("/admin/donors/999999").status, 404);
}

TEST_F(AdminDonationsTest, EditorIsRefused) {
  SignIn("treasurer@example.org");
  const int64_t id = Record(Gift{});
  ASSERT_NE(id, 0);
  const std::string csrf = SignIn("editor@example.org");
  EXPECT_EQ(Get("/admin/donations").status, 403);
  EXPECT_EQ(Get("/admin/donations/" + std::to_string(id)).status, 403);
  EXPECT_EQ(Get("/admin/donations/itemization?year=2026").status, 403);
  EXPECT_EQ(Get("/admin/donations/offline").status, 403);
  EXPECT_EQ(Post("/admin/donations/export", {{"csrf", csrf}, {"confirm", "yes"}}).status, 403);
  EXPECT_EQ(
      Post("/admin/donations/itemization", {{"csrf", csrf}, {"year", "2026"}, {"confirm", "yes"}})
          .status,
      403);
  Gift other;
  other.email = "other@example.org";
  EXPECT_EQ(Post("/admin/donations/offline", Fields(other)).status, 403);
  EXPECT_EQ(Count(), 1);
  EXPECT_TRUE(Audit("donations.export").empty());
}

TEST_F(AdminDonationsTest, ExportIsPostOnlyWithCsrfConfirmationAndAudit) {
  SignIn("treasurer@example.org");
  Gift evil;
  evil.name = "=HYPERLINK(\"http://x\")";
  ASSERT_NE(Record(evil), 0);
  Gift ben;
  ben.name = "Ben Okafor";
  ben.email = "ben@example.org";
  ben.method = "cash";
  ASSERT_NE(Record(ben), 0);

  EXPECT_NE(Get("/admin/donations/export").status, 200);
  EXPECT_EQ(Post("/admin/donations/export", {{"confirm", "yes"}}).status, 403);
  EXPECT_EQ(Post("/admin/donations/export", {{"csrf", "wrong"}, {"confirm", "yes"}}).status, 403);
  TestResponse unticked = Post("/admin/donations/export", {{"csrf", Csrf()}});
  EXPECT_EQ(unticked.status, 400);
  EXPECT_TRUE(Audit("donations.export").empty());

  TestResponse r =
      Post("/admin/donations/export", {{"csrf", Csrf()}, {"confirm", "yes"}, {"method", "check"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.Header("Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_NE(r.body.find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("Ben Okafor"), std::string::npos);  // the filter applies
  EXPECT_NE(r.body.find("50.00"), std::string::npos);
  auto audit = Audit("donations.export");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0].detail.find("method=check"), std::string::npos) << audit[0].detail;
  EXPECT_NE(audit[0].detail.find("count=1"), std::string::npos) << audit[0].detail;
}

TEST_F(AdminDonationsTest, OfflineGiftIsListedLedgeredAuditedAndBooksBalance) {
  SignIn("treasurer@example.org");
  const int64_t id = Record(Gift{});
  ASSERT_NE(id, 0);
  EXPECT_TRUE(Has(Get("/admin/donations"), "Ana Ruiz"));
  auto ledger = store_->donations().ListLedger(id);
  ASSERT_TRUE(ledger.ok());
  ASSERT_EQ(ledger->size(), 1u);
  EXPECT_EQ((*ledger)[0].kind, store::LedgerKind::kOffline);
  EXPECT_EQ((*ledger)[0].amount_minor, 5000);
  auto books = store_->donations().Reconcile();
  ASSERT_TRUE(books.ok());
  ASSERT_FALSE(books->empty());
  for (const store::Reconciliation& r : *books) EXPECT_EQ(r.ledger_minor, r.donations_minor);
  auto gift = store_->donations().GetDonation(id);
  ASSERT_TRUE(gift.ok());
  EXPECT_EQ(gift->method, store::DonationMethod::kCheck);
  EXPECT_EQ(gift->offline_reference, "Check 1001");
  auto audit = Audit("donation.offline");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].object_id, std::to_string(id));
}

TEST_F(AdminDonationsTest, CorrectionsAreLedgeredAuditedAndKeepTheBooksBalanced) {
  SignIn("treasurer@example.org");
  const int64_t id = Record(Gift{});  // $50.00 by check
  ASSERT_NE(id, 0);
  const std::string path = "/admin/donations/" + std::to_string(id) + "/correct";
  EXPECT_TRUE(Has(Get("/admin/donations/" + std::to_string(id)), "action=\"" + path + "\""));

  // Bad input: nothing changes, the typed text is kept, each problem shown.
  TestResponse bad = Post(path, {{"csrf", Csrf()}, {"amount", "45"}, {"refunded", "60"},
                                 {"date", "2026-13-45"}, {"note", ""}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(bad, "value=\"60\""));
  EXPECT_TRUE(Has(bad, "role=\"alert\""));
  bad = Post(path, {{"csrf", Csrf()}, {"amount", "45"}, {"refunded", "60"}, {"note", ""}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(Has(bad, "c-refunded-error"));
  EXPECT_TRUE(Has(bad, "c-note-error"));
  EXPECT_EQ(store_->donations().GetDonation(id)->amount_minor, 5000);
  EXPECT_EQ(store_->donations().ListLedger(id)->size(), 1u);
  EXPECT_TRUE(Audit("donation.correct").empty());

  // The check was for $45, and $10 of it was given back.
  TestResponse ok = Post(path, {{"csrf", Csrf()}, {"amount", "45"}, {"refunded", "10"},
                                {"note", "typo on entry; $10 returned by check 1002"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto gift = store_->donations().GetDonation(id);
  ASSERT_TRUE(gift.ok());
  EXPECT_EQ(gift->amount_minor, 4500);
  EXPECT_EQ(gift->refunded_minor, 1000);
  auto ledger = store_->donations().ListLedger(id);
  ASSERT_TRUE(ledger.ok());
  ASSERT_EQ(ledger->size(), 2u);
  EXPECT_EQ((*ledger)[1].kind, store::LedgerKind::kCorrection);
  EXPECT_EQ((*ledger)[1].amount_minor, -1500);
  EXPECT_EQ((*ledger)[1].note, "typo on entry; $10 returned by check 1002");
  auto books = store_->donations().Reconcile();
  ASSERT_TRUE(books.ok());
  for (const store::Reconciliation& r : *books) EXPECT_EQ(r.ledger_minor, r.donations_minor);
  auto audit = Audit("donation.correct");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].object_id, std::to_string(id));
  EXPECT_EQ(audit[0].detail.find("ana@"), std::string::npos);  // nothing personal

  // A Stripe gift: its money is Stripe's; a note is fine.
  store::Donation d;
  d.ref = "don_stripe";
  d.amount_minor = 2500;
  d.currency = "USD";
  auto created =
      store_->donations().CreatePendingDonation({"donor_s", "index_s", "sealed"}, d, std::nullopt);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const std::string stripe_path =
      "/admin/donations/" + std::to_string(created->donation_id) + "/correct";
  EXPECT_EQ(Post(stripe_path, {{"csrf", Csrf()}, {"amount", "20"}, {"note", "x"}}).status, 422);
  EXPECT_EQ(store_->donations().GetDonation(created->donation_id)->amount_minor, 2500);
  ASSERT_EQ(Post(stripe_path, {{"csrf", Csrf()}, {"note", "donor asked about a refund"}}).status,
            303);
  auto notes = store_->donations().ListLedger(created->donation_id);
  ASSERT_TRUE(notes.ok());
  ASSERT_EQ(notes->size(), 1u);
  EXPECT_EQ((*notes)[0].amount_minor, 0);
  EXPECT_EQ(Audit("donation.correct").size(), 2u);
  EXPECT_EQ(Post("/admin/donations/999999/correct", {{"csrf", Csrf()}, {"note", "x"}}).status,
            404);

  // Only the treasurer's permission may correct.
  SignIn("editor@example.org");
  EXPECT_EQ(Post(path, {{"csrf", Csrf()}, {"note", "sneaky"}}).status, 403);
  EXPECT_EQ(store_->donations().ListLedger(id)->size(), 2u);
}

TEST_F(AdminDonationsTest, ItemizationListsDonorsAboveTheThresholdOnly) {
  SignIn("treasurer@example.org");
  // The default threshold is $200.00: Ana gives $210, Ben exactly $200.
  Gift a1;
  a1.amount = "150";
  Gift a2 = a1;
  a2.amount = "60";
  a2.date = "2026-09-01";
  a2.reference = "Check 1002";
  Gift b;
  b.name = "Ben Okafor";
  b.email = "ben@example.org";
  b.amount = "200.00";
  b.employer = "";
  b.occupation = "";
  ASSERT_NE(Record(a1), 0);
  ASSERT_NE(Record(a2), 0);
  ASSERT_NE(Record(b), 0);

  TestResponse r = Get("/admin/donations/itemization?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(Has(r, "Ana Ruiz"));
  EXPECT_TRUE(Has(r, "Acme"));
  EXPECT_TRUE(Has(r, "Welder"));
  EXPECT_TRUE(Has(r, "1 Main St"));
  EXPECT_TRUE(Has(r, "2026-09-01"));
  EXPECT_TRUE(Has(r, "$210.00"));
  EXPECT_FALSE(Has(r, "Ben Okafor"));
  EXPECT_FALSE(Has(Get("/admin/donations/itemization?year=2025"), "Ana Ruiz"));
  EXPECT_EQ(Get("/admin/donations/itemization?year=abcd").status, 400);

  EXPECT_EQ(Post("/admin/donations/itemization", {{"csrf", Csrf()}, {"year", "2026"}}).status,
            400);
  TestResponse csv = Post("/admin/donations/itemization",
                          {{"csrf", Csrf()}, {"year", "2026"}, {"confirm", "yes"}});
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_NE(csv.body.find("Ana Ruiz"), std::string::npos);
  EXPECT_NE(csv.body.find("210.00"), std::string::npos);
  EXPECT_EQ(csv.body.find("Ben Okafor"), std::string::npos);
  auto audit = Audit("donations.itemization_export");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0].detail.find("year=2026"), std::string::npos);
}

TEST_F(AdminDonationsTest, BadOfflineInputIsRefusedWithTheTextKept) {
  SignIn("treasurer@example.org");
  Gift bad_amount;
  bad_amount.amount = "abc";
  TestResponse r = Post("/admin/donations/offline", Fields(bad_amount));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r, "value=\"abc\""));
  EXPECT_TRUE(Has(r, "value=\"Ana Ruiz\""));
  EXPECT_TRUE(Has(r, "o-amount-error"));

  Gift future;
  future.date = "2030-01-01";
  r = Post("/admin/donations/offline", Fields(future));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r, "value=\"2030-01-01\""));
  EXPECT_TRUE(Has(r, "o-date-error"));

  Gift no_date;
  no_date.date = "03/01/2026";
  r = Post("/admin/donations/offline", Fields(no_date));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r, "o-date-error"));

  Gift nameless;
  nameless.name = "";
  r = Post("/admin/donations/offline", Fields(nameless));
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(Has(r, "o-name-error"));
  EXPECT_TRUE(Has(r, "value=\"ana@example.org\""));
  EXPECT_TRUE(Has(r, "value=\"Check 1001\""));

  Gift stripe;
  stripe.method = "stripe";
  EXPECT_EQ(Post("/admin/donations/offline", Fields(stripe)).status, 400);

  EXPECT_EQ(Count(), 0);
  EXPECT_TRUE(Audit("donation.offline").empty());
}

TEST_F(AdminDonationsTest, TotalsByPeriod) {
  SignIn("treasurer@example.org");
  Gift a;
  Gift b = a;
  b.amount = "20";
  b.date = "2026-03-20";
  b.reference = "Check 1002";
  Gift c = a;
  c.amount = "7";
  c.date = "2026-04-02";
  c.reference = "Check 1003";
  ASSERT_NE(Record(a), 0);
  ASSERT_NE(Record(b), 0);
  ASSERT_NE(Record(c), 0);
  TestResponse months = Get("/admin/donations/totals?by=month");
  ASSERT_EQ(months.status, 200) << months.body;
  EXPECT_TRUE(Has(months, "2026-03"));
  EXPECT_TRUE(Has(months, "$70.00"));
  EXPECT_TRUE(Has(months, "2026-04"));
  TestResponse year = Get("/admin/donations/totals?by=year&from=2026-01-01&to=2026-03-31");
  ASSERT_EQ(year.status, 200);
  EXPECT_TRUE(Has(year, "$70.00"));
  EXPECT_FALSE(Has(year, "$77.00"));
  EXPECT_EQ(Get("/admin/donations/totals?by=week").status, 400);
  EXPECT_EQ(Get("/admin/donations/totals?from=soon").status, 400);
}

// ---- The annual summary button and the nav without giving.

class SummaryNotifier final : public donations::Notifier {
 public:
  std::vector<donations::DonationSummary> sent;
  base::Status Receipt(const donations::DonationReceipt&) override { return base::Status::Ok(); }
  base::Status AnnualSummary(const donations::DonationSummary& s) override {
    sent.push_back(s);
    return base::Status::Ok();
  }
};

class AdminDonorSummaryTest : public AdminDonationsTest {
 protected:
  void SetUp() override {
    AdminDonationsTest::SetUp();
    summaries_ = std::make_unique<donations::AnnualSummaries>(
        store_->donations(), *ring_, *index_key_, clock_, notifier_, tz_);
    deps_.annual_summaries = summaries_.get();  // the handler reads deps_ per request
  }
  int64_t DonorOf(int64_t donation_id) {
    return store_->donations().GetDonation(donation_id).value().donor_id;
  }

  SummaryNotifier notifier_;
  std::unique_ptr<donations::AnnualSummaries> summaries_;
};

TEST_F(AdminDonorSummaryTest, TreasurerEmailsTheAnnualSummaryAudited) {
  SignIn("treasurer@example.org");
  Gift g;  // 2026-03-01, $50
  const int64_t id = Record(g);
  ASSERT_NE(id, 0);
  const std::string donor = std::to_string(DonorOf(id));
  TestResponse page = Get("/admin/donors/" + donor);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(Has(page, "Email the annual summary for 2026"));
  EXPECT_TRUE(Has(page, "action=\"/admin/donors/" + donor + "/summary\""));

  TestResponse r =
      Post("/admin/donors/" + donor + "/summary", {{"csrf", Csrf()}, {"year", "2026"}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.location, "/admin/donors/" + donor + "?done=summary_sent");
  ASSERT_EQ(notifier_.sent.size(), 1u);
  EXPECT_EQ(notifier_.sent[0].year, 2026);
  EXPECT_EQ(notifier_.sent[0].email, "ana@example.org");
  ASSERT_EQ(notifier_.sent[0].gifts.size(), 1u);
  EXPECT_EQ(notifier_.sent[0].gifts[0].amount_minor, 5000);
  const std::vector<store::AuditEntry> audit = Audit("donation.summary_sent");
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].object_id, donor);
}

TEST_F(AdminDonorSummaryTest, BadYearsCsrfAndRolesAreRefused) {
  SignIn("treasurer@example.org");
  Gift g;
  const int64_t id = Record(g);
  ASSERT_NE(id, 0);
  const std::string path = "/admin/donors/" + std::to_string(DonorOf(id)) + "/summary";
  for (const char* year : {"", "abc", "26", "1999", "2030", "2025"}) {  // 2025: nothing given
    TestResponse r = Post(path, {{"csrf", Csrf()}, {"year", year}});
    EXPECT_EQ(r.status, 422) << year;
    EXPECT_TRUE(Has(r, "form-error")) << year;
  }
  EXPECT_EQ(Post(path, {{"year", "2026"}}).status, 403);
  EXPECT_EQ(Post(path, {{"csrf", "wrong"}, {"year", "2026"}}).status, 403);
  EXPECT_EQ(Post("/admin/donors/987654/summary", {{"csrf", Csrf()}, {"year", "2026"}}).status,
            404);
  const std::string editor_csrf = SignIn("editor@example.org");
  EXPECT_EQ(Post(path, {{"csrf", editor_csrf}, {"year", "2026"}}).status, 403);
  EXPECT_TRUE(notifier_.sent.empty());
  EXPECT_TRUE(Audit("donation.summary_sent").empty());
}

TEST_F(AdminDonationsTest, DonationsNavShowsOnlyWhenGivingIsOn) {
  SignIn("treasurer@example.org");
  TestResponse on = Get("/admin");
  ASSERT_EQ(on.status, 200) << on.body;
  EXPECT_TRUE(Has(on, "href=\"/admin/donations\""));
  deps_.donations = nullptr;
  deps_.donations_store = nullptr;
  TestResponse off = Get("/admin");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_FALSE(Has(off, "href=\"/admin/donations\""));
  EXPECT_EQ(Get("/admin/donations").status, 503);
}

}  // namespace
}  // namespace admin::testing
