#pragma once
// An in-process back office for tests: a real SQLite store in a temp dir, the
// real accounts service (with cheap hashing), the admin theme from the source
// tree and the admin handler. Requests go straight to the handler.
//
// Mail: SendMail renders the real email templates into the real outbox (in
// the same store), and also records the call so tests can follow links.
// Delivery over SMTP is exercised by mail/ and the integration tests.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts_service.h"
#include "admin/admin.h"
#include "base/clock.h"
#include "base/time_zone.h"
#include "config/config.h"
#include "crypto/sealed.h"
#include "donations/donations_service.h"
#include "donations/stripe_client.h"
#include "mail/mail_templates.h"
#include "mail/outbox.h"
#include "mailbag/mailbag_service.h"
#include "media/media_library.h"
#include "members/indexer.h"
#include "members/member_import.h"
#include "members/members_service.h"
#include "publishing/editorial_service.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "settings/site_settings.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "web/site.h"

namespace admin::testing {

struct SentMail {
  std::string kind, template_name, to, lang;
  render::Value data;
};

// A browser, roughly: keeps cookies between requests.
struct TestResponse {
  int status = 0;
  std::string body, location;
  std::vector<std::string> set_cookies;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string Header(const std::string& name) const;
};

class AdminFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Sends a request with the cookie jar; records Set-Cookie into it.
  TestResponse Get(const std::string& target, const std::string& ip = "192.0.2.1");
  TestResponse Post(const std::string& path,
                    const std::vector<std::pair<std::string, std::string>>& fields,
                    const std::string& ip = "192.0.2.1");
  // A multipart/form-data POST with one file part named `file_field`.
  TestResponse PostFile(const std::string& path,
                        const std::vector<std::pair<std::string, std::string>>& fields,
                        const std::string& file_field, const std::string& filename,
                        const std::string& content_type, const std::string& data);
  TestResponse Send(http::Request req);

  // Creates a user with a password and the given roles.
  int64_t AddUser(const std::string& email, accounts::RoleSet roles,
                  const std::string& password = "correct horse battery staple");
  // Signs in through the login form; returns the session's CSRF token.
  // Each sign-in comes from a new address, so tests that sign in often stay
  // under the per-IP limit.
  std::string SignIn(const std::string& email,
                     const std::string& password = "correct horse battery staple");
  // The CSRF token for the current session cookie ("" when signed out).
  std::string Csrf() const;
  // The CSRF token of the pre-session cookie (after a GET of a public form).
  std::string PreCsrf() const;
  void ClearCookies() { cookies_.clear(); }

  // A member made straight in the store (no emails): `status` as given,
  // activated now when active or lapsed; `created` defaults to now.
  struct NewMember {
    std::string first_name = "Ana", last_name = "Ruiz", email;
    store::MemberStatus status = store::MemberStatus::kActive;
    std::optional<int64_t> chapter_id;
    std::string membership_type = "regular";
    bool email_consent = true;
    std::string phone;
  };
  int64_t AddMember(const NewMember& m);
  int64_t AddChapter(const std::string& name, const std::string& slug);

  test_support::TempDir dir_{"bs-admin"};
  base::FakeClock clock_{base::Time(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> admin_theme_, site_theme_;
  std::unique_ptr<crypto::Keyring> ring_;
  std::unique_ptr<mail::Outbox> outbox_;
  std::unique_ptr<mail::MailTemplates> mail_templates_;
  std::unique_ptr<media::MediaLibrary> media_;
  std::unique_ptr<settings::SiteSettings> settings_;
  base::TimeZone tz_ = base::TimeZone::Utc();
  config::SiteConfig site_;
  std::unique_ptr<accounts::AccountsService> accounts_;
  // The back office's editorial service and the readers' view of the same store.
  std::unique_ptr<publishing::EditorialService> editorial_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  // The Mailbag, with no notifier (nobody is told).
  std::unique_ptr<mailbag::MailbagService> mailbag_;
  // Members, with no notifier (nobody is told) and the default join policy.
  std::unique_ptr<crypto::FieldKey> index_key_;
  std::unique_ptr<members::Indexer> indexer_;
  std::unique_ptr<members::MembersService> members_;
  std::unique_ptr<members::MemberImporter> member_importer_;  // same policy as members_
  // Donations with the default policy (USD, $200 itemization threshold, UTC),
  // a Stripe that is never reached (offline gifts need none) and no notifier.
  std::unique_ptr<donations::StripeClient> stripe_;
  std::unique_ptr<donations::DonationsService> donations_;
  web::SiteDeps site_deps_;
  AdminDeps deps_;
  http::Handler handler_;
  std::vector<SentMail> mail_;
  std::vector<std::string> errors_;
  std::map<std::string, std::string> cookies_;
  int sign_ins_ = 0;
};

}  // namespace admin::testing
