// DonationsNotifier with the real outbox, the default theme's receipt
// templates and a real SQLite store: a receipt renders with the amount, the
// legal name, the disclaimer and (monthly only) the cancel link, and is
// queued sealed (opened here to read it).

#include "app/donations_notifier.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "mail/mime_reader_for_test.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace app {
namespace {

class DonationsNotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("n.db");
    store_ = std::move(store::OpenSqliteStore(o)).value();
    auto theme =
        render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/default", catalog_);
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    ring_ = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
    outbox_ = std::make_unique<mail::Outbox>(store_->mail(), *ring_, clock_,
                                             mail::Sender{"news@example.org", "News", ""});
    templates_ = std::make_unique<mail::MailTemplates>(*theme_);
    notifier_ = std::make_unique<DonationsNotifier>(
        *outbox_, *templates_, zone_,
        ReceiptText{"Friends of the Union PAC", "Contributions are not tax deductible."},
        [] { return std::string("Test Org"); },
        [](const std::string& path) { return "https://example.org" + path; });
  }
  void TearDown() override { store_->Close(); }

  std::string Body(const mail::OutboxView& v) {
    auto item = store_->mail().GetOutboxItem(v.id);
    EXPECT_TRUE(item.ok());
    auto plain = ring_->Open(item->sealed_envelope, "outbox");
    EXPECT_TRUE(plain.ok());
    return plain.ok() ? mail::testing::DecodeQuotedPrintable(*plain) : std::string();
  }
  static donations::DonationReceipt Receipt(bool monthly) {
    donations::DonationReceipt r;
    r.email = "ana@example.org";
    r.name = "Ana Ruiz";
    r.donation_ref = "don_abc";
    r.amount_minor = 123450;
    r.currency = "USD";
    // 2027-01-01T03:00Z: still 2026-12-31 in New York.
    r.received_at = base::Time(std::chrono::seconds(1'798'772'400));
    r.monthly = monthly;
    if (monthly) r.cancel_token = "tok+en/1";
    return r;
  }

  base::FakeClock clock_{base::Time(std::chrono::seconds(1'800'000'000))};
  base::TimeZone zone_ = base::TimeZone::Load("America/New_York").value();
  test_support::TempDir dir_{"bs-donations-notify"};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<mail::Outbox> outbox_;
  std::unique_ptr<mail::MailTemplates> templates_;
  std::unique_ptr<DonationsNotifier> notifier_;
};

TEST_F(DonationsNotifierTest, OneTimeReceiptHasAmountDateAndNoCancelLink) {
  ASSERT_TRUE(notifier_->Receipt(Receipt(false)).ok());
  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 1u);
  EXPECT_EQ((*views)[0].to_address, "ana@example.org");
  EXPECT_EQ((*views)[0].kind, "donation_receipt");
  const std::string body = Body((*views)[0]);
  EXPECT_NE(body.find("$1,234.50"), std::string::npos);
  EXPECT_NE(body.find("2026-12-31"), std::string::npos);
  EXPECT_NE(body.find("Friends of the Union PAC"), std::string::npos);
  EXPECT_NE(body.find("Contributions are not tax deductible."), std::string::npos);
  EXPECT_NE(body.find("don_abc"), std::string::npos);
  EXPECT_EQ(body.find("/donate/cancel"), std::string::npos);
}

TEST_F(DonationsNotifierTest, MonthlyReceiptCarriesTheCancelLink) {
  ASSERT_TRUE(notifier_->Receipt(Receipt(true)).ok());
  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 1u);
  EXPECT_NE(Body((*views)[0]).find("https://example.org/donate/cancel?token=tok%2Ben%2F1"),
            std::string::npos);
}

TEST_F(DonationsNotifierTest, UnknownCurrencyOrBadAddressQueuesNothing) {
  donations::DonationReceipt r = Receipt(false);
  r.currency = "XYZ";
  EXPECT_FALSE(notifier_->Receipt(r).ok());
  r = Receipt(false);
  r.email = "not an address\r\nBcc: x@y";
  EXPECT_FALSE(notifier_->Receipt(r).ok());
  r.email = "";
  EXPECT_FALSE(notifier_->Receipt(r).ok());
  EXPECT_EQ(outbox_->Count(std::nullopt).value(), 0);
}

TEST_F(DonationsNotifierTest, ReceiptLinksToTheAnnualSummaryForm) {
  ASSERT_TRUE(notifier_->Receipt(Receipt(false)).ok());
  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 1u);
  EXPECT_NE(Body((*views)[0]).find("https://example.org/donate/summary"), std::string::npos);
}

TEST_F(DonationsNotifierTest, AnnualSummaryListsTheGiftsAndTheNetTotal) {
  donations::DonationSummary s;
  s.email = "ana@example.org";
  s.name = "Ana Ruiz";
  s.year = 2026;
  // 2027-01-01T03:00Z: still 2026-12-31 in New York.
  s.gifts.push_back({"don_one", base::Time(std::chrono::seconds(1'798'772'400)), 5000, 0, "USD",
                     false});
  s.gifts.push_back({"don_two", base::Time(std::chrono::seconds(1'780'000'000)), 123450, 1000,
                     "USD", true});
  s.net_totals.emplace_back("USD", 5000 + 122450);
  ASSERT_TRUE(notifier_->AnnualSummary(s).ok());
  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 1u);
  EXPECT_EQ((*views)[0].to_address, "ana@example.org");
  EXPECT_EQ((*views)[0].kind, "donation_summary");
  const std::string body = Body((*views)[0]);
  for (const char* want : {"2026-12-31", "$50.00", "$1,234.50", "$10.00", "$1,274.50", "don_one",
                           "don_two", "2026", "Friends of the Union PAC",
                           "Contributions are not tax deductible.", "Monthly donation",
                           "One-time donation"}) {
    EXPECT_NE(body.find(want), std::string::npos) << want;
  }
}

TEST_F(DonationsNotifierTest, AnnualSummaryInSpanishFormatsAmountsTheSpanishWay) {
  donations::DonationSummary s;
  s.email = "ana@example.org";
  s.name = "Ana Ruiz";
  s.lang = "es";
  s.year = 2026;
  s.gifts.push_back({"don_one", base::Time(std::chrono::seconds(1'780'000'000)), 123450, 0, "USD",
                     false});
  s.net_totals.emplace_back("USD", 123450);
  ASSERT_TRUE(notifier_->AnnualSummary(s).ok());
  auto views = outbox_->List(std::nullopt, 10, 0);
  ASSERT_TRUE(views.ok());
  ASSERT_EQ(views->size(), 1u);
  EXPECT_NE(Body((*views)[0]).find("1.234,50"), std::string::npos);
}

TEST_F(DonationsNotifierTest, AnnualSummaryWithBadInputQueuesNothing) {
  donations::DonationSummary s;
  s.email = "";
  s.year = 2026;
  EXPECT_FALSE(notifier_->AnnualSummary(s).ok());
  s.email = "ana@example.org";
  s.gifts.push_back({"don_x", base::Time(std::chrono::seconds(1'780'000'000)), 100, 0, "XYZ",
                     false});
  EXPECT_FALSE(notifier_->AnnualSummary(s).ok());
  s.gifts.clear();
  s.email = "not an address\r\nBcc: x@y";
  EXPECT_FALSE(notifier_->AnnualSummary(s).ok());
  EXPECT_EQ(outbox_->Count(std::nullopt).value(), 0);
}

}  // namespace
}  // namespace app
