#include "app/composition.h"

#include <spdlog/spdlog.h>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <functional>

#include "app/receipts_job.h"

namespace app {

base::Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config) {
  store::SqliteOptions options;
  options.path = config.SqlitePath();
  options.read_connections = config.store.read_connections;
  auto st = store::OpenSqliteStore(options);
  if (!st.ok()) return st.status().WithContext("opening " + options.path);
  return st;
}

std::string FieldKeyPath(const config::Config& config) {
  return (std::filesystem::path(config.data_dir) / "keys" / "field.key").string();
}

std::string KeysDir(const config::Config& config) {
  return (std::filesystem::path(config.data_dir) / "keys").string();
}

std::string IndexKeyPath(const config::Config& config) {
  return (std::filesystem::path(config.data_dir) / "keys" / "index.key").string();
}

std::string FormKeyPath(const config::Config& config) {
  return (std::filesystem::path(config.data_dir) / "keys" / "form.key").string();
}

namespace {

// Creates the key directory (0700) and a new key file (0600) unless one exists.
base::Result<bool> EnsureKeyFile(const std::filesystem::path& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(path, ec)) return false;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return base::Status::Unavailable("cannot create " + path.parent_path().string() + ": " +
                                           ec.message());
  // Only the server's user may list the key directory.
  ::chmod(path.parent_path().c_str(), 0700);
  BS_RETURN_IF_ERROR(crypto::FieldKey::WriteNewKeyFile(path.string()));
  return true;
}

}  // namespace

base::Result<bool> EnsureFieldKey(const config::Config& config) {
  // The blind-index key (members' lookups) comes with it; it is never
  // rotated (the indexes would all change), so it is made once.
  BS_RETURN_IF_ERROR(EnsureKeyFile(IndexKeyPath(config)).status());
  // A key given as BROADSIDE_FIELD_KEY needs no file.
  if (!config.field_key_base64.empty()) return false;
  return EnsureKeyFile(FieldKeyPath(config));
}

base::Result<std::unique_ptr<crypto::Keyring>> LoadKeyring(const config::Config& config) {
  auto ring = config.field_key_base64.empty()
                  ? crypto::Keyring::Load(KeysDir(config))
                  : crypto::Keyring::LoadWithKey(KeysDir(config), config.field_key_base64);
  if (!ring.ok()) return ring.status().WithContext("loading the field key");
  return ring;
}

namespace {

// The Join form's choices from [members]; InvalidArgument naming the key for
// an optional question the form does not know.
base::Result<members::JoinPolicy> JoinPolicyFrom(const config::MembersConfig& m) {
  members::JoinPolicy p;
  p.require_approval = m.require_approval;
  p.membership_types.clear();
  for (const config::MembershipType& t : m.types)
    p.membership_types.push_back({t.slug, t.name, t.monthly_dues_minor});
  for (const std::string& key : m.optional_questions) {
    bool known = false;
    std::string all;
    for (const members::OptionalQuestion& q : members::kOptionalQuestions) {
      known = known || key == q.key;
      all += std::string(all.empty() ? "" : ", ") + q.key;
    }
    if (!known) {
      return base::Status::InvalidArgument("members.optional_questions: unknown question '" +
                                           key + "' (known: " + all + ")");
    }
    p.optional_questions.push_back(key);
  }
  return p;
}

mail::SmtpOptions SmtpOptionsFrom(const config::MailConfig& m) {
  mail::SmtpOptions o;
  o.url = m.smtp_url;
  o.username = m.smtp_username;
  o.password = m.smtp_password;
  o.starttls = m.starttls == "required" ? mail::SmtpOptions::Tls::kStartTlsRequired
               : m.starttls == "off"    ? mail::SmtpOptions::Tls::kNone
                                        : mail::SmtpOptions::Tls::kStartTlsIfAvailable;
  return o;
}

// The From of every message: the configured address, or no-reply at the
// site's host so queued mail is well formed before mail is configured.
mail::Sender SenderFrom(const config::Config& cfg) {
  mail::Sender s;
  s.address = cfg.mail.from_address;
  if (s.address.empty()) {
    std::string host = cfg.site.base_url.substr(cfg.site.base_url.find("://") + 3);
    host = host.substr(0, host.find_first_of(":/"));
    if (host.find('.') == std::string::npos) host = "localhost.localdomain";
    s.address = "no-reply@" + host;
  }
  s.name = cfg.mail.from_name.empty() ? cfg.site.name : cfg.mail.from_name;
  s.reply_to = cfg.mail.reply_to;
  return s;
}

// The Donate page's policy from [donations] and [site]; InvalidArgument
// naming the key for a currency Broadside does not know or rules that do not
// hold together.
base::Result<donations::DonationsPolicy> DonationsPolicyFrom(const config::Config& cfg,
                                                            const base::TimeZone& zone) {
  const config::DonationsConfig& c = cfg.donations;
  donations::DonationsPolicy p;
  auto currency = donations::FindCurrency(c.currency);
  if (!currency.ok()) {
    return base::Status::InvalidArgument("donations.currency: '" + c.currency +
                                         "' is not one of USD EUR GBP CAD AUD MXN JPY KRW");
  }
  p.currency = std::move(currency).value();
  p.preset_amounts_minor = c.preset_amounts_minor;
  p.rules.min_minor = c.min_minor;
  p.rules.max_minor = c.max_minor;
  p.rules.itemization_threshold_minor = c.itemization_threshold_minor;
  p.rules.yearly_cap_minor = c.yearly_cap_minor;
  if (c.attestations_set) {
    p.rules.attestations.clear();
    for (const config::DonationAttestation& a : c.attestations)
      p.rules.attestations.push_back({a.key, a.text});
  }
  if (base::Status s = donations::ValidateRulesConfig(p.rules); !s.ok())
    return s.WithContext("[donations]");
  p.webhook_secrets = c.stripe_webhook_secrets;
  p.success_url = cfg.site.base_url + "/donate/thanks?session_id={CHECKOUT_SESSION_ID}";
  p.cancel_url = cfg.site.base_url + "/donate";
  const std::string& org = c.legal_name.empty() ? cfg.site.name : c.legal_name;
  p.product_name = "Donation to " + org;
  p.monthly_product_name = "Monthly donation to " + org;
  p.time_zone = zone;
  return p;
}

}  // namespace

base::Result<std::unique_ptr<App>> App::Build(config::Config config, const AppPaths& paths) {
  std::unique_ptr<App> app(new App());
  app->config_ = std::move(config);
  const config::Config& cfg = app->config_;

  BS_ASSIGN_OR_RETURN(app->store_, OpenStore(cfg));
  auto catalog = render::Catalog::LoadDir(paths.locale_dir);
  if (!catalog.ok()) return catalog.status().WithContext("loading translations");
  app->catalog_ = std::move(catalog).value();
  for (const std::string& lang : cfg.site.languages) {
    if (!app->catalog_.HasLanguage(lang))
      return base::Status::InvalidArgument("site.languages: no translation catalog for '" + lang +
                                           "' in " + paths.locale_dir);
  }
  const std::string theme_dir = cfg.theme_dir.empty() ? paths.theme_dir : cfg.theme_dir;
  auto theme = render::Theme::Load(theme_dir, app->catalog_);
  if (!theme.ok()) return theme.status().WithContext("loading theme " + theme_dir);
  app->theme_ = std::move(theme).value();
  auto tz = base::TimeZone::Load(cfg.site.time_zone);
  if (!tz.ok()) return tz.status().WithContext("site.time_zone");
  app->time_zone_ = std::make_unique<base::TimeZone>(std::move(tz).value());

  app->publishing_ = std::make_unique<publishing::PublishingService>(
      app->store_->publishing(), app->clock_, cfg.site.page_size);
  app->editorial_ = std::make_unique<publishing::EditorialService>(
      app->store_->publishing(), app->clock_, cfg.site.page_size);
  // Many readers search the same few words when a story spreads: recent
  // result pages are answered from memory until the index changes.
  app->search_cache_ = std::make_unique<store::CachingSearchStore>(
      app->store_->search(), std::chrono::seconds(30),
      static_cast<size_t>(cfg.search.cache_entries));
  app->search_ = std::make_unique<publishing::SearchService>(
      *app->search_cache_, app->clock_, cfg.site.page_size, cfg.search.rank_window);
  // As-you-type sends a request per keystroke or two: 30 a minute per IP is
  // plenty for a person and little for a scraper; 10,000 IPs tracked at most.
  app->suggest_limiter_ = std::make_unique<web::SlidingWindowLimiter>(
      app->clock_, 30, std::chrono::seconds(60), 10000);

  accounts::AccountsOptions ao;
  ao.session_idle = cfg.accounts.session_idle;
  ao.session_absolute = cfg.accounts.session_absolute;
  ao.ip_attempts_per_minute = cfg.accounts.login_attempts_per_minute;
  ao.account_failures_per_hour = cfg.accounts.login_failures_per_hour;
  app->accounts_ =
      std::make_unique<accounts::AccountsService>(app->store_->accounts(), app->clock_, ao);

  // The field key seals queued mail (and, later, member data). A data dir made
  // before keys existed gets one now; there is nothing sealed to lose yet.
  BS_ASSIGN_OR_RETURN(bool made_key, EnsureFieldKey(cfg));
  if (made_key) spdlog::warn("created a new field key at {}; back it up apart from the database",
                             FieldKeyPath(cfg));
  BS_ASSIGN_OR_RETURN(app->keyring_, LoadKeyring(cfg));
  app->outbox_ = std::make_unique<mail::Outbox>(app->store_->mail(), *app->keyring_, app->clock_,
                                                SenderFrom(cfg));
  app->mail_templates_ = std::make_unique<mail::MailTemplates>(*app->theme_);
  if (!cfg.mail.smtp_url.empty()) {
    auto smtp = mail::CurlSmtpTransport::Create(SmtpOptionsFrom(cfg.mail));
    if (!smtp.ok()) return smtp.status().WithContext("mail.smtp_url");
    app->smtp_ = std::move(smtp).value();
  }

  auto vips = media::VipsRuntime::Start();
  if (!vips.ok()) return vips.status().WithContext("starting libvips");
  app->vips_ = std::move(vips).value();
  {
    std::error_code ec;
    std::filesystem::create_directories(cfg.MediaDir(), ec);
    if (ec) return base::Status::Unavailable("cannot create " + cfg.MediaDir() + ": " + ec.message());
  }
  app->media_ = std::make_unique<media::MediaLibrary>(app->store_->media(), cfg.MediaDir(),
                                                      app->clock_);

  auto admin_theme = render::Theme::Load(paths.admin_theme_dir, app->catalog_, "/admin/assets/");
  if (!admin_theme.ok())
    return admin_theme.status().WithContext("loading admin theme " + paths.admin_theme_dir);
  app->admin_theme_ = std::move(admin_theme).value();

  // With the Donate page on, the layout's Donate button (and the Join
  // welcome page's dues link) lead to it.
  config::SiteConfig site_config = cfg.site;
  if (cfg.donations.enabled) site_config.donate_url = "/donate";
  app->site_settings_ = std::make_unique<settings::SiteSettings>(
      site_config, app->store_->settings(), app->clock_);
  // A stored document this configuration rejects (say, a default language no
  // longer listed) must not stop the site: it runs on the file's values.
  if (base::Status s = app->site_settings_->Load(); !s.ok()) {
    if (!s.IsInvalidArgument()) return s.WithContext("loading site settings");
    spdlog::warn("site settings from the back office ignored: {}", s.ToString());
  }

  // The Ask form's FormTimer key seals only timestamps: a key of its own, so a
  // leak of one purpose's key opens nothing of the other. Losing it only
  // invalidates forms open at that moment, so it is made silently when absent.
  BS_RETURN_IF_ERROR(EnsureKeyFile(FormKeyPath(cfg)).status());
  auto form_key = crypto::FieldKey::FromFile(FormKeyPath(cfg));
  if (!form_key.ok()) return form_key.status().WithContext("loading the form key");
  app->form_key_ = std::make_unique<crypto::FieldKey>(std::move(form_key).value());
  settings::SiteSettings* live = app->site_settings_.get();
  app->mailbag_notifier_ = std::make_unique<app::MailbagNotifier>(
      *app->outbox_, *app->mail_templates_, [live] { return live->Current()->name; },
      [live](const std::string& path) { return live->Current()->base_url + path; });
  // Askers' addresses are sealed with the field key, as queued mail is.
  app->mailbag_ = std::make_unique<mailbag::MailbagService>(
      app->store_->mailbag(), *app->keyring_, app->clock_, app->mailbag_notifier_.get());
  app->form_timer_ = std::make_unique<mailbag::FormTimer>(*app->form_key_, app->clock_,
                                                          cfg.mailbag.min_fill_time);
  // A person asks a question or two; the default 5 an hour per IP stops
  // floods, not people.
  app->ask_limiter_ = std::make_unique<web::SlidingWindowLimiter>(
      app->clock_, cfg.mailbag.questions_per_hour, std::chrono::hours(1), 10000);

  // Membership: profiles sealed with the key ring, found by blind index.
  auto index_key = crypto::FieldKey::FromFile(IndexKeyPath(cfg));
  if (!index_key.ok()) return index_key.status().WithContext("loading the index key");
  app->index_key_ = std::make_unique<crypto::FieldKey>(std::move(index_key).value());
  app->indexer_ = std::make_unique<members::Indexer>(*app->index_key_);
  app->members_notifier_ = std::make_unique<app::MembersNotifier>(
      *app->outbox_, *app->mail_templates_, [live] { return live->Current()->name; },
      [live](const std::string& path) { return live->Current()->base_url + path; });
  BS_ASSIGN_OR_RETURN(members::JoinPolicy policy, JoinPolicyFrom(cfg.members));
  app->members_ = std::make_unique<members::MembersService>(
      app->store_->members(), *app->keyring_, *app->indexer_, app->clock_,
      app->members_notifier_.get(), std::move(policy),
      std::chrono::hours(24) * cfg.members.deletion_grace_days);
  app->member_importer_ = std::make_unique<members::MemberImporter>(
      app->store_->members(), *app->keyring_, *app->indexer_, app->clock_,
      app->members_->policy());
  // Each accepted form or sign-in request queues an email: a person needs a
  // few; more from one address in an hour is a flood.
  app->join_limiter_ = std::make_unique<web::SlidingWindowLimiter>(
      app->clock_, cfg.members.joins_per_hour, std::chrono::hours(1), 10000);
  app->sign_in_limiter_ = std::make_unique<web::SlidingWindowLimiter>(
      app->clock_, cfg.members.joins_per_hour, std::chrono::hours(1), 10000);
  // Chapters' contact form: each message queues an email per leader; five
  // messages an hour from one address is plenty for a person.
  app->leader_directory_ = std::make_unique<app::AccountsLeaderDirectory>(*app->accounts_);
  app->chapter_relay_ = std::make_unique<app::OutboxChapterRelay>(
      *app->outbox_, *app->mail_templates_, [live] { return live->Current()->name; });
  app->chapter_contact_ = std::make_unique<members::ChapterContact>(
      *app->members_, *app->leader_directory_, *app->chapter_relay_);
  app->chapter_limiter_ = std::make_unique<web::SlidingWindowLimiter>(
      app->clock_, 5, std::chrono::hours(1), 10000);

  if (cfg.donations.enabled) {
    donations::StripeOptions so;
    so.base_url = cfg.donations.stripe_api_base;
    so.secret_key = cfg.donations.stripe_secret_key;
    auto stripe = donations::CurlStripeClient::Create(std::move(so));
    if (!stripe.ok()) return stripe.status().WithContext("donations.stripe_api_base");
    app->stripe_ = std::move(stripe).value();
    app->donations_notifier_ = std::make_unique<app::DonationsNotifier>(
        *app->outbox_, *app->mail_templates_, *app->time_zone_,
        app::ReceiptText{cfg.donations.legal_name, cfg.donations.receipt_disclaimer},
        [live] { return live->Current()->name; },
        [live](const std::string& path) { return live->Current()->base_url + path; });
    BS_ASSIGN_OR_RETURN(donations::DonationsPolicy dp,
                        DonationsPolicyFrom(cfg, *app->time_zone_));
    app->donations_ = std::make_unique<donations::DonationsService>(
        app->store_->donations(), *app->stripe_, *app->keyring_, *app->index_key_, app->clock_,
        app->donations_notifier_.get(), std::move(dp));
    // Each accepted form creates a Stripe session: a donor needs one or two.
    app->donate_limiter_ = std::make_unique<web::SlidingWindowLimiter>(
        app->clock_, cfg.donations.starts_per_hour, std::chrono::hours(1), 10000);
    // Annual summaries: each request may queue a mail, so ten an hour per IP
    // and two a day per donor address (a refused one answers as if sent).
    app->annual_summaries_ = std::make_unique<donations::AnnualSummaries>(
        app->store_->donations(), *app->keyring_, *app->index_key_, app->clock_,
        *app->donations_notifier_, *app->time_zone_);
    app->summary_limiter_ = std::make_unique<web::SlidingWindowLimiter>(
        app->clock_, 10, std::chrono::hours(1), 10000);
    app->summary_address_limiter_ = std::make_unique<web::SlidingWindowLimiter>(
        app->clock_, 2, std::chrono::hours(24), 10000);
    if (cfg.donations.customer_portal) {
      app->monthly_portal_ =
          std::make_unique<donations::MonthlyPortal>(app->store_->donations(), *app->stripe_);
    }
    web::DonateDeps& g = app->donate_deps_;
    g.site = &app->site_deps_;
    g.donations = app->donations_.get();
    g.timer = app->form_timer_.get();
    g.limiter = app->donate_limiter_.get();
    g.summaries = app->annual_summaries_.get();
    g.summary_limiter = app->summary_limiter_.get();
    g.summary_address_limiter = app->summary_address_limiter_.get();
    g.portal = app->monthly_portal_.get();  // null unless [donations] customer_portal
    app->site_deps_.donate = &app->donate_deps_;
  }

  web::SiteDeps& d = app->site_deps_;
  d.site = app->site_settings_.get();
  d.theme = app->theme_.get();
  d.catalog = &app->catalog_;
  d.time_zone = app->time_zone_.get();
  d.publishing = app->publishing_.get();
  d.search = app->search_.get();
  d.suggest_limiter = app->suggest_limiter_.get();
  store::Store* st = app->store_.get();
  d.health = [st] { return st->Ping(); };
  d.log_error = [](const std::string& msg) { spdlog::error("{}", msg); };
  d.media_dir = cfg.MediaDir();
  web::MailbagDeps& m = app->mailbag_deps_;
  m.site = &app->site_deps_;
  m.mailbag = app->mailbag_.get();
  m.timer = app->form_timer_.get();
  m.ask_limiter = app->ask_limiter_.get();
  d.mailbag = &app->mailbag_deps_;
  web::JoinDeps& j = app->join_deps_;
  j.site = &app->site_deps_;
  j.members = app->members_.get();
  j.timer = app->form_timer_.get();
  j.join_limiter = app->join_limiter_.get();
  j.sign_in_limiter = app->sign_in_limiter_.get();
  j.donations = app->donations_.get();  // null unless giving is on
  d.join = &app->join_deps_;
  web::ChaptersDeps& ch = app->chapters_deps_;
  ch.site = &app->site_deps_;
  ch.contact = app->chapter_contact_.get();
  ch.timer = app->form_timer_.get();
  ch.limiter = app->chapter_limiter_.get();
  d.chapters = &app->chapters_deps_;

  admin::AdminDeps& a = app->admin_deps_;
  a.site = &app->site_deps_;
  a.theme = app->admin_theme_.get();
  a.accounts = app->accounts_.get();
  a.editorial = app->editorial_.get();
  a.members = app->members_.get();
  a.member_importer = app->member_importer_.get();
  a.outbox = app->outbox_.get();
  a.media = app->media_.get();
  a.settings = app->site_settings_.get();
  a.mailbag = app->mailbag_.get();
  // The treasurer's pages: 503 while donations are not enabled.
  a.donations = app->donations_.get();
  a.donations_store = app->donations_ ? &app->store_->donations() : nullptr;
  a.keyring = app->keyring_.get();
  a.annual_summaries = app->annual_summaries_.get();  // null unless giving is on
  a.mail_configured = app->smtp_ != nullptr;
  a.secure_cookies = cfg.site.base_url.rfind("https://", 0) == 0;
  mail::Outbox* outbox = app->outbox_.get();
  const mail::MailTemplates* templates = app->mail_templates_.get();
  a.send_mail = [outbox, templates](std::string_view kind, std::string_view tmpl,
                                    std::string_view to, std::string_view to_name,
                                    std::string_view lang,
                                    const render::Value& data) -> base::Status {
    BS_ASSIGN_OR_RETURN(mail::Message m, templates->Render(tmpl, lang, data));
    m.to_address = std::string(to);
    m.to_name = std::string(to_name);
    return outbox->Enqueue(kind, m).status();
  };
  return app;
}

App::~App() {
  if (store_) store_->Close();
}

base::Status App::Serve() {
  const config::ServerConfig& sc = config_.server;
  http::ServerOptions o;
  o.host = sc.host;
  o.port = sc.port;
  o.io_threads = sc.threads;
  o.worker_threads = sc.threads;
  o.header_timeout = sc.header_timeout;
  o.body_timeout = sc.body_timeout;
  o.idle_timeout = sc.idle_timeout;
  o.max_body_bytes = static_cast<size_t>(sc.max_body_bytes);
  o.max_header_bytes = static_cast<size_t>(sc.max_header_bytes);
  o.max_request_line = static_cast<size_t>(sc.max_request_line);
  o.max_connections = sc.max_connections;
  o.max_requests_per_connection = sc.max_requests_per_connection;
  o.shutdown_grace = sc.shutdown_grace;
  o.handle_signals = true;

  // A signed-in editor uploads images of up to 20 MiB; every other POST keeps
  // the general body limit.
  o.upload_limits = {{"/admin/media", 21 * 1024 * 1024},
                     {"/admin/members/import", 6 * 1024 * 1024}};  // 5 MiB of CSV + form

  // /admin and everything under it is the back office; the rest is the site.
  http::Handler site = web::MakePublicHandler(site_deps_);
  http::Handler admin = admin::MakeAdminHandler(admin_deps_);
  http::Handler handler = [site = std::move(site), admin = std::move(admin)](
                              const http::Request& req) -> http::Response {
    const std::string_view path = req.path;
    if (path.rfind("/admin", 0) == 0 && (path.size() == 6 || path[6] == '/')) return admin(req);
    return site(req);
  };

  std::unique_ptr<mail::OutboxWorker> mailer;
  // Stops the sender and detaches it from the outbox; idempotent. The guard
  // is declared after `mailer`, so it runs before `mailer` is destroyed on
  // every way out (a failed Listen() included): the outbox must never call a
  // destroyed worker.
  auto stop_mailer = [this, &mailer] {
    if (!mailer) return;
    outbox_->SetOnQueued(nullptr);
    mailer->Stop();
    mailer.reset();
  };
  struct OnExit {
    std::function<void()> run;
    ~OnExit() { run(); }
  } mailer_guard{stop_mailer};
  if (smtp_) {
    mail::OutboxWorkerOptions wo;
    wo.on_error = [](const base::Status& s) { spdlog::error("mail: {}", s.ToString()); };
    wo.on_pass = [](const mail::DeliveryStats& st) {
      if (st.claimed > 0)
        spdlog::info("mail: {} sent, {} deferred, {} failed", st.sent, st.deferred, st.failed);
    };
    mailer = std::make_unique<mail::OutboxWorker>(*outbox_, *smtp_, wo);
    outbox_->SetOnQueued([w = mailer.get()] { w->Notify(); });
    mailer->Start();
  } else {
    spdlog::warn("mail: no [mail] smtp_url configured; messages wait in the outbox");
  }
  accounts::AccountsService* acc = accounts_.get();
  publishing::EditorialService* editorial = editorial_.get();
  BackgroundJobs jobs(
      {
          // Readers see a scheduled article from its time on anyway (the
          // public queries compare published_at with now); this makes the
          // back office list it as published too.
          {"publish-due", std::chrono::seconds(30),
           [editorial] {
             auto n = editorial->PublishDue();
             if (n.ok() && *n > 0) spdlog::info("published {} scheduled article(s)", *n);
             return n.status();
           }},
          {"purge-sessions", std::chrono::seconds(600),
           [acc] { return acc->PurgeStaleSessions().status(); }},
          // Edits saved on this node show at once; this brings in those
          // saved on other nodes sharing the database.
          {"refresh-settings", std::chrono::seconds(30),
           [s = site_settings_.get()] { return s->Refresh(); }},
          // Deletion requests whose grace period is over.
          {"erase-members", std::chrono::seconds(600),
           [m = members_.get()] {
             auto n = m->PurgeDue();
             if (n.ok() && *n > 0) spdlog::info("erased {} member(s) as they asked", *n);
             return n.status();
           }},
          // Donation receipts that webhooks queued (woken by each one too).
          ReceiptsJob(donations_.get()),
      },
      [](const std::string& msg) { spdlog::error("{}", msg); });
  jobs.Start();
  // Detached by the guard before `jobs` goes, whichever way Serve returns.
  if (donations_) donations_->SetOnReceiptQueued([&jobs] { jobs.Wake(kReceiptsJobName); });
  OnExit receipts_guard{[d = donations_.get()] {
    if (d) d->SetOnReceiptQueued(nullptr);
  }};

  http::Server server(
      o, std::move(handler),
      [](const http::AccessRecord& r) {
        spdlog::info("{} \"{} {}\" {} {} {}us id={}", r.remote, r.method, r.target, r.status,
                     r.bytes, r.duration.count(), r.request_id);
      },
      [](const std::string& msg) { spdlog::error("{}", msg); });
  BS_RETURN_IF_ERROR(server.Listen());
  const bool v6 = o.host.find(':') != std::string::npos;
  std::printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", o.host.c_str(), v6 ? "]" : "",
              static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  spdlog::info("serving {} from {}", config_.site.name, config_.data_dir);
  server.Run();
  jobs.Stop();
  stop_mailer();
  spdlog::info("shutting down: closing the store");
  store_->Close();
  return base::Status::Ok();
}

}  // namespace app
