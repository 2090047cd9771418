// MonthlyPortal over a real SQLite store and a FAKE StripeClient (not
// Stripe, not the test double; the web and integration tests use the double).

#include "donations/monthly_portal.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "crypto/token.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace donations {
namespace {

using base::Status;

class FakeStripe final : public StripeClient {
 public:
  std::vector<std::pair<std::string, std::string>> portals;  // customer, return URL
  Status portal_error = Status::Ok();
  base::Result<CheckoutSession> CreateCheckoutSession(const CheckoutRequest&,
                                                      std::string_view) override {
    return Status::Unavailable("not in this test");
  }
  Status CancelSubscription(std::string_view, std::string_view) override {
    return Status::Unavailable("not in this test");
  }
  base::Result<std::string> CreatePortalSession(std::string_view customer,
                                                std::string_view return_url) override {
    if (!portal_error.ok()) return portal_error;
    portals.emplace_back(customer, return_url);
    return "https://portal.fake/" + std::string(customer);
  }
};

class MonthlyPortalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("p.db");
    store_ = std::move(store::OpenSqliteStore(o)).value();
    portal_ = std::make_unique<MonthlyPortal>(store_->donations(), stripe_);
  }
  void TearDown() override { store_->Close(); }

  // A plan whose receipt link is `token`, with Stripe customer `customer`.
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
    auto created = store_->donations().CreatePendingDonation(
        {"donor_" + token, "index_" + token, "sealed"}, d, p);
    ASSERT_TRUE(created.ok()) << created.status().ToString();
    ASSERT_TRUE(store_->donations()
                    .SetPlanCancelTokenHash(*created->plan_id, crypto::HashToken(token))
                    .ok());
  }

  test_support::TempDir dir_{"bs-monthly-portal"};
  std::unique_ptr<store::Store> store_;
  FakeStripe stripe_;
  std::unique_ptr<MonthlyPortal> portal_;
};

TEST_F(MonthlyPortalTest, OpensStripesPortalForThePlansCustomer) {
  AddPlan("tok1", "cus_123");
  auto url = portal_->Open("tok1", "https://example.org/");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_EQ(*url, "https://portal.fake/cus_123");
  ASSERT_EQ(stripe_.portals.size(), 1u);
  EXPECT_EQ(stripe_.portals[0].second, "https://example.org/");
  // The link is not spent: it opens again.
  EXPECT_TRUE(portal_->Open("tok1", "https://example.org/").ok());
}

TEST_F(MonthlyPortalTest, UnknownLinksAreNotFoundAndAskNothingOfStripe) {
  for (const std::string& t : {std::string(), std::string("nope"), std::string(300, 'x')}) {
    EXPECT_TRUE(portal_->Open(t, "https://example.org/").status().IsNotFound());
  }
  EXPECT_TRUE(stripe_.portals.empty());
}

TEST_F(MonthlyPortalTest, NoCustomerOrStripeErrorsAreUnavailable) {
  AddPlan("tok2", "");
  EXPECT_EQ(portal_->Open("tok2", "https://example.org/").status().code(),
            base::StatusCode::kUnavailable);
  EXPECT_TRUE(stripe_.portals.empty());
  AddPlan("tok3", "cus_gone");
  stripe_.portal_error = Status::NotFound("stripe: no such customer");
  EXPECT_EQ(portal_->Open("tok3", "https://example.org/").status().code(),
            base::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace donations
