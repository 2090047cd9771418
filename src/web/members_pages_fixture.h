#pragma once
// The fixture of the Join and portal page tests: the public router
// in-process over a real SQLite store, the default theme, real keys, a fake
// clock, and a notifier that records the links it was asked to send.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "base/time_zone.h"
#include "members/members_test_support.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "support/http_requests.h"
#include "support/temp_dir.h"
#include "web/join_pages.h"
#include "web/portal_pages.h"

namespace web::testing {

using std::chrono::seconds;

class MembersPagesFixture : public ::testing::Test {
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
    indexer_ = std::make_unique<members::Indexer>(*index_key_);
    members::JoinPolicy policy;
    policy.optional_questions = {"union"};
    policy.membership_types = {{"regular", "Regular", 0}, {"supporter", "Supporter", 1500}};
    members_ = std::make_unique<members::MembersService>(store_->members(), *ring_, *indexer_,
                                                         clock_, &notifier_, policy);
    timer_ = std::make_unique<mailbag::FormTimer>(*timer_key_, clock_, seconds(3),
                                                  std::chrono::hours(12));
    limiter_ = std::make_unique<SlidingWindowLimiter>(clock_, 3, std::chrono::hours(1), 100);
    sign_in_limiter_ = std::make_unique<SlidingWindowLimiter>(clock_, 5, std::chrono::hours(1), 100);
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
    join_.site = &deps_;
    join_.members = members_.get();
    join_.timer = timer_.get();
    join_.join_limiter = limiter_.get();
    join_.sign_in_limiter = sign_in_limiter_.get();
    deps_.join = &join_;
    handler_ = MakePublicHandler(deps_);
  }
  void TearDown() override { store_->Close(); }

  http::Response Get(const std::string& target, const std::string& cookie = "") {
    http::Request req = test_support::GetRequest(target);
    if (!cookie.empty()) req.headers.emplace_back("cookie", cookie);
    return handler_(req);
  }
  http::Response Post(const std::string& path, const std::string& body,
                      const std::string& cookie = "", const std::string& ip = "192.0.2.1") {
    http::Request req = test_support::GetRequest(path, ip);
    req.method = http::Method::kPost;
    req.method_text = "POST";
    req.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    if (!cookie.empty()) req.headers.emplace_back("cookie", cookie);
    req.body = body;
    return handler_(req);
  }
  // A form token old enough to be accepted.
  std::string Token() {
    std::string t = timer_->Issue().value();
    clock_.Advance(seconds(5));
    return t;
  }
  static std::string Enc(const std::string& s) { return http::PercentEncode(s); }
  std::string JoinBody(const std::string& email, const std::string& first = "Ana") {
    return "first_name=" + Enc(first) + "&last_name=Ruiz&email=" + Enc(email) +
           "&postal_code=28001&region=Madrid&country=Espa%C3%B1a&privacy_consent=1" +
           "&form_token=" + Enc(Token());
  }
  std::string LastToken(const std::string& kind) const {
    for (auto it = notifier_.sent.rbegin(); it != notifier_.sent.rend(); ++it) {
      if (it->kind == kind) return it->notice.token;
    }
    return "";
  }
  int64_t Members() { return members_->Search({}).value().total; }
  // Joins, confirms and signs in; returns the portal cookie ("bs_member=...").
  std::string SignedIn(const std::string& email) {
    EXPECT_EQ(Post("/join", JoinBody(email)).status, 200);
    EXPECT_EQ(Post("/join/confirm", "token=" + Enc(LastToken("confirm"))).status, 200);
    EXPECT_EQ(Post("/members/sign-in", "email=" + Enc(email)).status, 200);
    http::Response r = Post("/members/sign-in", "token=" + Enc(LastToken("sign_in")));
    EXPECT_EQ(r.status, 303);
    const std::string set = test_support::HeaderOf(r, "Set-Cookie");
    return set.substr(0, set.find(';'));
  }
  std::string CsrfOn(const http::Response& page) {
    const std::string marker = "name=\"csrf\" value=\"";
    const size_t at = page.body.find(marker);
    if (at == std::string::npos) return "";
    const size_t start = at + marker.size();
    return page.body.substr(start, page.body.find('"', start) - start);
  }

  test_support::TempDir dir_{"bs-web-members"};
  base::FakeClock clock_{base::Time(seconds(1'800'000'000))};
  base::TimeZone tz_ = base::TimeZone::Utc();
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<crypto::FieldKey> index_key_, timer_key_;
  std::unique_ptr<members::Indexer> indexer_;
  members::testing::RecordingNotifier notifier_;
  std::unique_ptr<members::MembersService> members_;
  std::unique_ptr<mailbag::FormTimer> timer_;
  std::unique_ptr<SlidingWindowLimiter> limiter_, sign_in_limiter_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  config::SiteConfig site_;
  SiteDeps deps_;
  JoinDeps join_;
  http::Handler handler_;
};

}  // namespace web::testing
