// CurlStripeClient against the Stripe TEST DOUBLE (tests/stripe_double/),
// started as a child process per test on a loopback port.

#include "donations/stripe_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "stripe_double/stripe_double_process.h"

namespace donations {
namespace {

using std::chrono::milliseconds;
using test_support::StripeDoubleProcess;

constexpr char kKey[] = "sk_test_client_tests";

boost::json::value Json(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  EXPECT_FALSE(ec) << body;
  return v;
}

std::string Str(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

// A listening loopback socket that never accepts: connects succeed (the
// kernel completes the handshake) but no answer ever comes.
class SilentListener {
 public:
  SilentListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::listen(fd_, 8) == 0 &&
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port_ = ntohs(addr.sin_port);
    }
  }
  ~SilentListener() { ::close(fd_); }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A loopback port nobody listens on right now.
int ClosedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

std::unique_ptr<CurlStripeClient> MakeClient(const std::string& base_url,
                                             const std::string& key = kKey,
                                             milliseconds timeout = milliseconds(10000)) {
  StripeOptions o;
  o.base_url = base_url;
  o.secret_key = key;
  o.timeout = timeout;
  auto c = CurlStripeClient::Create(std::move(o));
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c).value() : nullptr;
}

CheckoutRequest OneTime(int64_t amount = 2500) {
  CheckoutRequest r;
  r.mode = CheckoutRequest::Mode::kPayment;
  r.amount_minor = amount;
  r.currency = "usd";
  r.product_name = "Donación a «El Obrero» & co";
  r.success_url = "http://127.0.0.1:1/donate/thanks?session={CHECKOUT_SESSION_ID}";
  r.cancel_url = "http://127.0.0.1:1/donate";
  r.customer_email = "ana+gift@example.net";
  r.client_reference_id = "don_abc";
  r.donation_ref = "don_abc";
  r.locale = "es";
  return r;
}

CheckoutRequest Monthly() {
  CheckoutRequest r = OneTime(1000);
  r.mode = CheckoutRequest::Mode::kSubscription;
  r.donation_ref = "don_month";
  r.locale = "en";
  return r;
}

class StripeClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(double_.Start());
    client_ = MakeClient(double_.base_url());
    ASSERT_NE(client_, nullptr);
  }
  void TearDown() override { double_.Stop(); }

  boost::json::object Object(const std::string& id) {
    auto r = double_.Control("GET", "/_double/objects/" + id);
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = Json(r.body);
    return v.is_object() ? v.as_object() : boost::json::object();
  }

  // Pays a session through the double; returns the completed session.
  boost::json::object Complete(const std::string& session_id) {
    auto r = double_.Control("POST", "/_double/sessions/" + session_id + "/complete");
    EXPECT_EQ(r.status, 200) << r.body;
    auto v = Json(r.body);
    return v.is_object() ? v.as_object()["result"].as_object() : boost::json::object();
  }

  StripeDoubleProcess double_{StripeDoubleProcess::Options{kKey, "", {}, 0}};
  std::unique_ptr<CurlStripeClient> client_;
};

TEST_F(StripeClientTest, CreatesAOneTimeSessionWithEverythingWeSend) {
  auto s = client_->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->id.starts_with("cs_test_"));
  EXPECT_EQ(s->url, double_.base_url() + "/pay/" + s->id);

  boost::json::object o = Object(s->id);
  EXPECT_EQ(Str(o["mode"]), "payment");
  EXPECT_EQ(o["amount_total"].as_int64(), 2500);
  EXPECT_EQ(Str(o["currency"]), "usd");
  EXPECT_EQ(Str(o["success_url"]), OneTime().success_url);  // placeholder kept for Stripe
  EXPECT_EQ(Str(o["cancel_url"]), OneTime().cancel_url);
  EXPECT_EQ(Str(o["customer_email"]), "ana+gift@example.net");
  EXPECT_EQ(Str(o["client_reference_id"]), "don_abc");
  EXPECT_EQ(Str(o["locale"]), "es");
  EXPECT_EQ(Str(o["metadata"].as_object()["donation_ref"]), "don_abc");
  EXPECT_EQ(Str(o["pi_md"].as_object()["donation_ref"]), "don_abc");
  boost::json::object line = o["lines"].as_array()[0].as_object();
  EXPECT_EQ(Str(line["name"]), "Donación a «El Obrero» & co");
  EXPECT_TRUE(line["recurring"].is_null());
}

TEST_F(StripeClientTest, CreatesAMonthlySessionWhoseSubscriptionCarriesTheRef) {
  auto s = client_->CreateCheckoutSession(Monthly(), "don_month:checkout");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  boost::json::object o = Object(s->id);
  EXPECT_EQ(Str(o["mode"]), "subscription");
  EXPECT_EQ(o["amount_total"].as_int64(), 1000);
  EXPECT_EQ(Str(o["lines"].as_array()[0].as_object()["recurring"].as_object()["interval"]),
            "month");
  EXPECT_EQ(Str(o["sub_md"].as_object()["donation_ref"]), "don_month");

  boost::json::object done = Complete(s->id);
  const std::string sub = Str(done["subscription"]);
  ASSERT_TRUE(sub.starts_with("sub_"));
  EXPECT_EQ(Str(Object(sub)["metadata"].as_object()["donation_ref"]), "don_month");
}

TEST_F(StripeClientTest, SameIdempotencyKeyGivesTheSameSession) {
  auto a = client_->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  auto b = client_->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(a->url, b->url);

  auto other = client_->CreateCheckoutSession(OneTime(), "don_xyz:checkout");
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->id, a->id);

  // The same key with other parameters is a caller bug, as Stripe says.
  auto changed = client_->CreateCheckoutSession(OneTime(3000), "don_abc:checkout");
  ASSERT_FALSE(changed.ok());
  EXPECT_TRUE(changed.status().IsConflict()) << changed.status().ToString();
}

TEST_F(StripeClientTest, RetryWithTheSameKeyAfterAServerErrorCreatesOneSession) {
  ASSERT_EQ(double_.Control("POST", "/_double/fail-next?status=500").status, 200);
  auto failed = client_->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  ASSERT_FALSE(failed.ok());
  EXPECT_TRUE(failed.status().IsUnavailable()) << failed.status().ToString();
  auto a = client_->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  auto b = client_->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->id, b->id);
}

TEST_F(StripeClientTest, StripeRejectionIsInvalidArgumentCarryingStripesCode) {
  auto s = client_->CreateCheckoutSession(OneTime(10), "don_small:checkout");  // under 0.50
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsInvalidArgument()) << s.status().ToString();
  EXPECT_NE(s.status().message().find("amount_too_small"), std::string::npos);
  EXPECT_NE(s.status().message().find("invalid_request_error"), std::string::npos);

  CheckoutRequest bad_locale = OneTime();
  bad_locale.locale = "xx";
  auto l = client_->CreateCheckoutSession(bad_locale, "don_l:checkout");
  ASSERT_FALSE(l.ok());
  EXPECT_TRUE(l.status().IsInvalidArgument()) << l.status().ToString();
  EXPECT_NE(l.status().message().find("param=locale"), std::string::npos);
}

TEST_F(StripeClientTest, BadArgumentsAreRefusedBeforeAnyRequest) {
  // Pointed at a closed port: a request would be Unavailable, not InvalidArgument.
  auto offline = MakeClient("http://127.0.0.1:" + std::to_string(ClosedPort()));
  ASSERT_NE(offline, nullptr);
  for (int64_t amount : {int64_t{0}, int64_t{-100}}) {
    EXPECT_TRUE(offline->CreateCheckoutSession(OneTime(amount), "k").status().IsInvalidArgument());
  }
  CheckoutRequest upper = OneTime();
  upper.currency = "USD";
  EXPECT_TRUE(offline->CreateCheckoutSession(upper, "k").status().IsInvalidArgument());
  CheckoutRequest no_ref = OneTime();
  no_ref.donation_ref.clear();
  EXPECT_TRUE(offline->CreateCheckoutSession(no_ref, "k").status().IsInvalidArgument());
  EXPECT_TRUE(offline->CreateCheckoutSession(OneTime(), "").status().IsInvalidArgument());
  EXPECT_TRUE(
      offline->CreateCheckoutSession(OneTime(), "k\r\nX-Evil: 1").status().IsInvalidArgument());
  EXPECT_TRUE(offline->CreateCheckoutSession(OneTime(), std::string(256, 'k'))
                  .status()
                  .IsInvalidArgument());
  EXPECT_TRUE(offline->CancelSubscription("../customers/cus_1", "k").IsInvalidArgument());
  EXPECT_TRUE(offline->CancelSubscription("", "k").IsInvalidArgument());
  EXPECT_TRUE(offline->CreatePortalSession("cus_1?x=1", "").status().IsInvalidArgument());
}

TEST_F(StripeClientTest, WrongKeyIsPermissionDenied) {
  auto client = MakeClient(double_.base_url(), "sk_test_not_the_right_one");
  ASSERT_NE(client, nullptr);
  auto s = client->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), base::StatusCode::kPermissionDenied) << s.status().ToString();
  EXPECT_EQ(s.status().message().find("sk_test_not_the_right_one"), std::string::npos);
  EXPECT_EQ(client->CreatePortalSession("cus_1", "").status().code(),
            base::StatusCode::kPermissionDenied);
}

TEST(StripeClientNetworkTest, ConnectionRefusedIsUnavailable) {
  auto client = MakeClient("http://127.0.0.1:" + std::to_string(ClosedPort()));
  ASSERT_NE(client, nullptr);
  auto s = client->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsUnavailable()) << s.status().ToString();
  EXPECT_EQ(s.status().message().find(kKey), std::string::npos);
  EXPECT_TRUE(client->CancelSubscription("sub_1", "k").IsUnavailable());
}

TEST(StripeClientNetworkTest, NoAnswerWithinTheTimeoutIsUnavailable) {
  SilentListener silent;
  ASSERT_NE(silent.port(), 0);
  auto client =
      MakeClient("http://127.0.0.1:" + std::to_string(silent.port()), kKey, milliseconds(300));
  ASSERT_NE(client, nullptr);
  auto s = client->CreateCheckoutSession(OneTime(), "don_abc:checkout");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsUnavailable()) << s.status().ToString();
}

TEST_F(StripeClientTest, CancelsAMonthlyGiftOnceThenNotFound) {
  auto s = client_->CreateCheckoutSession(Monthly(), "don_month:checkout");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const std::string sub = Str(Complete(s->id)["subscription"]);
  ASSERT_FALSE(sub.empty());

  base::Status st = client_->CancelSubscription(sub, "don_month:cancel");
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(Str(Object(sub)["status"]), "canceled");
  // Stripe calls an already-canceled subscription missing.
  EXPECT_TRUE(client_->CancelSubscription(sub, "don_month:cancel").IsNotFound());
  EXPECT_TRUE(client_->CancelSubscription("sub_unknown", "k").IsNotFound());

  auto events = Json(double_.Control("GET", "/_double/events").body);
  bool deleted = false;
  for (const auto& e : events.as_object()["data"].as_array()) {
    deleted = deleted || Str(e.as_object().at("type")) == "customer.subscription.deleted";
  }
  EXPECT_TRUE(deleted);
}

TEST_F(StripeClientTest, OpensAPortalSessionForAKnownCustomer) {
  auto s = client_->CreateCheckoutSession(Monthly(), "don_month:checkout");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const std::string customer = Str(Complete(s->id)["customer"]);
  ASSERT_TRUE(customer.starts_with("cus_"));

  auto url = client_->CreatePortalSession(customer, "http://127.0.0.1:1/donate/manage");
  ASSERT_TRUE(url.ok()) << url.status().ToString();
  EXPECT_TRUE(url->starts_with(double_.base_url() + "/portal/bps_")) << *url;
  EXPECT_TRUE(client_->CreatePortalSession("cus_nobody", "").status().IsNotFound());
}

TEST(StripeClientCreateTest, AcceptsHttpsAndLoopbackHttpOnly) {
  auto make = [](std::string url, std::string key = kKey) {
    StripeOptions o;
    o.base_url = std::move(url);
    o.secret_key = std::move(key);
    return CurlStripeClient::Create(std::move(o)).status();
  };
  EXPECT_TRUE(make("https://api.stripe.com").ok());
  EXPECT_TRUE(make("https://api.stripe.com/").ok());
  EXPECT_TRUE(make("http://127.0.0.1:12345").ok());
  EXPECT_TRUE(make("http://localhost:1").ok());
  EXPECT_TRUE(make("http://[::1]:1").ok());
  EXPECT_TRUE(make("http://api.stripe.com").IsInvalidArgument());  // key in clear
  EXPECT_TRUE(make("http://127.0.0.1.example.org").IsInvalidArgument());
  EXPECT_TRUE(make("ftp://api.stripe.com").IsInvalidArgument());
  EXPECT_TRUE(make("https://api.stripe.com/v1").IsInvalidArgument());
  EXPECT_TRUE(make("https://user@api.stripe.com").IsInvalidArgument());
  EXPECT_TRUE(make("https://").IsInvalidArgument());
  EXPECT_TRUE(make("https://api.stripe.com", "").IsInvalidArgument());
  EXPECT_TRUE(make("https://api.stripe.com", "sk_test_x\r\nX: y").IsInvalidArgument());
  StripeOptions o;
  o.secret_key = kKey;
  o.timeout = milliseconds(0);
  EXPECT_TRUE(CurlStripeClient::Create(o).status().IsInvalidArgument());
}

TEST(StripeFormEncodeTest, KeepsBracketsInKeysAndEncodesValues) {
  EXPECT_EQ(StripeFormEncode({{"line_items[0][price_data][unit_amount]", "2500"},
                              {"success_url", "https://x.org/t?s={CHECKOUT_SESSION_ID}&a=b c"},
                              {"metadata[donation_ref]", "ñ"}}),
            "line_items[0][price_data][unit_amount]=2500"
            "&success_url=https%3A%2F%2Fx.org%2Ft%3Fs%3D%7BCHECKOUT_SESSION_ID%7D%26a%3Db%20c"
            "&metadata[donation_ref]=%C3%B1");
  EXPECT_EQ(StripeFormEncode({}), "");
}

}  // namespace
}  // namespace donations
