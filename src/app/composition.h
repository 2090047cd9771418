#pragma once
// The composition root: config -> store -> services -> routes -> listener.
// The only place that knows every concrete type; everything else receives its
// collaborators by reference. No globals: the App object owns it all.

#include <memory>
#include <string>

#include "accounts/accounts_service.h"
#include "admin/admin.h"
#include "app/background_jobs.h"
#include "app/chapter_relay.h"
#include "app/donations_notifier.h"
#include "app/mailbag_notifier.h"
#include "app/members_notifier.h"
#include "base/clock.h"
#include "crypto/keyring.h"
#include "crypto/sealed.h"
#include "donations/donations_service.h"
#include "donations/stripe_client.h"
#include "mail/mail_templates.h"
#include "mail/outbox.h"
#include "mail/outbox_worker.h"
#include "mail/smtp_transport.h"
#include "mailbag/form_timer.h"
#include "mailbag/mailbag_service.h"
#include "media/media_library.h"
#include "members/chapter_contact.h"
#include "members/member_import.h"
#include "members/members_service.h"
#include "media/vips_runtime.h"
#include "base/status.h"
#include "base/time_zone.h"
#include "config/config.h"
#include "http/server.h"
#include "publishing/editorial_service.h"
#include "publishing/publishing_service.h"
#include "publishing/search_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "settings/site_settings.h"
#include "store/caching_search_store.h"
#include "store/store.h"
#include "web/chapters_pages.h"
#include "web/donate_pages.h"
#include "web/join_pages.h"
#include "web/mailbag_pages.h"
#include "web/site.h"

namespace app {

struct AppPaths {
  std::string theme_dir;        // used when the config names none
  std::string locale_dir;       // compiled .mo catalogs
  std::string admin_theme_dir;  // the back office's templates and assets
};

class App {
 public:
  // Opens the store (running migrations), loads catalogs and the theme, and
  // wires services and routes. Errors carry which part failed.
  static base::Result<std::unique_ptr<App>> Build(config::Config config, const AppPaths& paths);
  ~App();

  // Binds, announces "listening on http://HOST:PORT" on stdout, serves until
  // SIGINT/SIGTERM, then closes the store.
  base::Status Serve();

  publishing::PublishingService& publishing() { return *publishing_; }
  mailbag::MailbagService& mailbag() { return *mailbag_; }
  accounts::AccountsService& accounts() { return *accounts_; }
  store::Store& store() { return *store_; }
  const config::Config& config() const { return config_; }

 private:
  App() = default;
  // First member, so libvips shuts down after everything that uses it.
  std::unique_ptr<media::VipsRuntime> vips_;
  config::Config config_;
  base::SystemClock clock_;
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<base::TimeZone> time_zone_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  std::unique_ptr<publishing::EditorialService> editorial_;
  std::unique_ptr<store::CachingSearchStore> search_cache_;
  std::unique_ptr<publishing::SearchService> search_;
  std::unique_ptr<web::SlidingWindowLimiter> suggest_limiter_;  // /search/suggest per IP
  std::unique_ptr<accounts::AccountsService> accounts_;
  std::unique_ptr<crypto::Keyring> keyring_;  // seals personal data; follows rotations
  std::unique_ptr<mail::Outbox> outbox_;
  std::unique_ptr<mail::MailTemplates> mail_templates_;
  std::unique_ptr<mail::CurlSmtpTransport> smtp_;  // null: mail only queues
  std::unique_ptr<media::MediaLibrary> media_;
  std::unique_ptr<render::Theme> admin_theme_;
  // The [site] table with the back office's edits laid over it.
  std::unique_ptr<settings::SiteSettings> site_settings_;
  std::unique_ptr<crypto::FieldKey> form_key_;  // the Ask form's FormTimer only
  std::unique_ptr<app::MailbagNotifier> mailbag_notifier_;
  std::unique_ptr<mailbag::MailbagService> mailbag_;
  std::unique_ptr<mailbag::FormTimer> form_timer_;
  std::unique_ptr<web::SlidingWindowLimiter> ask_limiter_;  // POST /mailbag/ask per IP
  std::unique_ptr<crypto::FieldKey> index_key_;  // members' blind indexes
  std::unique_ptr<members::Indexer> indexer_;
  std::unique_ptr<app::MembersNotifier> members_notifier_;
  std::unique_ptr<members::MembersService> members_;
  std::unique_ptr<members::MemberImporter> member_importer_;  // /admin/members/import
  std::unique_ptr<web::SlidingWindowLimiter> join_limiter_;     // POST /join per IP
  std::unique_ptr<web::SlidingWindowLimiter> sign_in_limiter_;  // sign-in links per IP
  // The chapters' contact form: leaders from the staff accounts, mail via the outbox.
  std::unique_ptr<app::AccountsLeaderDirectory> leader_directory_;
  std::unique_ptr<app::OutboxChapterRelay> chapter_relay_;
  std::unique_ptr<members::ChapterContact> chapter_contact_;
  std::unique_ptr<web::SlidingWindowLimiter> chapter_limiter_;  // POST /chapters/<slug> per IP
  // Giving (issue 6); all null when [donations] enabled = false.
  std::unique_ptr<donations::CurlStripeClient> stripe_;
  std::unique_ptr<app::DonationsNotifier> donations_notifier_;
  std::unique_ptr<donations::DonationsService> donations_;
  std::unique_ptr<web::SlidingWindowLimiter> donate_limiter_;  // POST /donate per IP
  std::unique_ptr<donations::AnnualSummaries> annual_summaries_;
  std::unique_ptr<web::SlidingWindowLimiter> summary_limiter_;          // per IP
  std::unique_ptr<web::SlidingWindowLimiter> summary_address_limiter_;  // per donor address
  std::unique_ptr<donations::MonthlyPortal> monthly_portal_;  // null unless customer_portal
  web::DonateDeps donate_deps_;
  web::MailbagDeps mailbag_deps_;
  web::JoinDeps join_deps_;
  web::ChaptersDeps chapters_deps_;
  web::SiteDeps site_deps_;
  admin::AdminDeps admin_deps_;
};

// DATA_DIR/keys: the key files (crypto/keyring.h describes them).
std::string KeysDir(const config::Config& config);
// DATA_DIR/keys/field.key: the key that seals personal data and queued mail.
std::string FieldKeyPath(const config::Config& config);
// DATA_DIR/keys/index.key: the blind-index key (finding members by email).
std::string IndexKeyPath(const config::Config& config);
// Creates DATA_DIR/keys (0700) and new key files (0600) for the index key,
// and for the field key unless BROADSIDE_FIELD_KEY gives it, unless they
// exist. Returns true when it made a new field key.
base::Result<bool> EnsureFieldKey(const config::Config& config);
// The field key ring: keys/field.key (or BROADSIDE_FIELD_KEY) and the
// retired keys beside it.
base::Result<std::unique_ptr<crypto::Keyring>> LoadKeyring(const config::Config& config);
// DATA_DIR/keys/form.key: seals the Ask form's timestamps, nothing else.
std::string FormKeyPath(const config::Config& config);

// Opens just the store and publishing service on a data dir (for `init`).
base::Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config);

}  // namespace app
