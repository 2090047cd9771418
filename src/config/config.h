#pragma once
// Typed configuration, read once at start-up from DATA_DIR/broadside.toml and
// overridden by BROADSIDE_* environment variables. Validation happens here, so
// the rest of the program never sees a bad value. Every error names the file
// (or variable), the key and the reason on one line.

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"

namespace config {

struct NavLink {
  std::string label, url;
  bool operator==(const NavLink&) const = default;
};

struct SiteConfig {
  std::string name = "Broadside";
  std::string tagline = "News and statements";
  std::string base_url = "http://127.0.0.1:8080";  // no trailing slash
  std::string default_language = "en";
  std::vector<std::string> languages = {"en", "es"};
  std::string time_zone = "UTC";
  std::string description;       // meta description for the home page
  std::string footer_statement;  // the organization's statement in the footer
  std::vector<NavLink> nav;      // extra navigation links after the sections
  std::vector<NavLink> social;   // the organization elsewhere (footer): label + URL
  // Where the "Join" and "Donate" calls to action lead: a path on this site or
  // an http(s) URL (e.g. an existing donation platform). Empty hides the button,
  // so the layout never links to a page that does not exist.
  std::string join_url, donate_url;
  int page_size = 10;            // articles per listing page, 1..100
  bool operator==(const SiteConfig&) const = default;
};

struct ServerConfig {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  int threads = 0;  // 0 = one per core
  std::chrono::seconds header_timeout{10}, body_timeout{30}, idle_timeout{60};
  int64_t max_body_bytes = 1024 * 1024;
  int64_t max_header_bytes = 16 * 1024;
  int64_t max_request_line = 8 * 1024;
  int max_connections = 10000;
  int max_requests_per_connection = 1000;
  std::chrono::seconds shutdown_grace{10};
  bool operator==(const ServerConfig&) const = default;
};

struct StoreConfig {
  std::string driver = "sqlite";      // only sqlite for now
  std::string sqlite_path = "broadside.db";  // relative to the data dir
  int read_connections = 4;
  bool operator==(const StoreConfig&) const = default;
};

// Staff sign-in (see docs/ROLES.md). Defaults follow OWASP ASVS level 2.
struct AccountsConfig {
  std::chrono::seconds session_idle{2 * 3600};
  std::chrono::seconds session_absolute{12 * 3600};
  int login_attempts_per_minute = 10;  // per IP address
  int login_failures_per_hour = 100;   // per account
  bool operator==(const AccountsConfig&) const = default;
};

// Outgoing mail. With no smtp_url, messages wait in the outbox (nothing is
// lost) until one is configured.
struct MailConfig {
  std::string smtp_url;        // "smtp://host:587" or "smtps://host:465"; empty = queue only
  std::string smtp_username, smtp_password;  // empty = no AUTH
  std::string starttls = "if-available";     // "if-available", "required" or "off" (smtp://)
  std::string from_address;    // required when smtp_url is set
  std::string from_name;       // empty = the site name
  std::string reply_to;        // empty = none
  bool operator==(const MailConfig&) const = default;
};

// The public Mailbag's Ask form (src/mailbag/, src/web/mailbag_pages.h).
// Site search (/search).
struct SearchConfig {
  // Rank only the newest this-many matches of a query that matches more
  // (the page then says "1000+ results"); 0 ranks every match. Scoring costs
  // CPU per match, so a common word would otherwise cost tens of ms.
  int64_t rank_window = 1000;
  // Result pages kept in memory (store::CachingSearchStore), for 30 s or
  // until the index changes; 0 = no cache (every search is computed).
  int64_t cache_entries = 1024;
  bool operator==(const SearchConfig&) const = default;
};

struct MailbagConfig {
  int questions_per_hour = 5;  // per IP address, then 429
  // A form submitted sooner than this after it was served is refused (bots
  // fill forms in milliseconds; people take longer than this to type).
  std::chrono::seconds min_fill_time{3};
  bool operator==(const MailbagConfig&) const = default;
};

// Joining and the member list (src/members/).
struct MembershipType {
  std::string slug;  // stored with each member: lower-case letters, digits, '-'
  std::string name;  // shown on the Join form
  // Monthly dues in minor units of the donation currency (0 = no dues). A
  // member of this type is offered a monthly gift of this amount on /donate.
  int64_t monthly_dues_minor = 0;
  bool operator==(const MembershipType&) const = default;
};
struct MembersConfig {
  // Confirmed joiners wait for the membership secretary's approval.
  bool require_approval = false;
  // The first is the default; with one type the form offers no choice.
  std::vector<MembershipType> types = {{"regular", "Regular"}};
  // Optional questions the Join form shows: "union", "interests",
  // "heard_from" (the app refuses other keys at start-up).
  std::vector<std::string> optional_questions;
  // A member's own deletion request is carried out after this many days.
  int deletion_grace_days = 14;
  // Join submissions (and, separately, portal sign-in link requests) one IP
  // address may make per hour; each sends an email.
  int joins_per_hour = 10;
  bool operator==(const MembersConfig&) const = default;
};

// The Donate page (src/donations/, src/web/donate_pages.h). Amounts are minor
// units of `currency`. The Stripe secrets come ONLY from the environment
// (BROADSIDE_STRIPE_SECRET_KEY, BROADSIDE_STRIPE_WEBHOOK_SECRETS), never from
// broadside.toml; LoadConfig refuses enabled = true without a secret key.
struct DonationAttestation {
  std::string key;   // stored with each gift: [a-z0-9_]
  std::string text;  // shown beside the box (an English msgid)
  bool operator==(const DonationAttestation&) const = default;
};
struct DonationsConfig {
  // false: /donate is not served and the layout keeps site.donate_url.
  bool enabled = false;
  std::string currency = "USD";  // ISO 4217 (the app checks it is one Broadside knows)
  std::vector<int64_t> preset_amounts_minor = {1000, 2500, 5000, 10000};
  int64_t min_minor = 100;
  int64_t max_minor = 500000;
  int64_t itemization_threshold_minor = 20000;
  int64_t yearly_cap_minor = 0;  // 0 = no cap
  // Unset: the US political-committee defaults (donations::DefaultAttestations).
  // Set (possibly empty): exactly these.
  bool attestations_set = false;
  std::vector<DonationAttestation> attestations;
  std::string legal_name;          // receipts: "Paid for by ..."; empty = the site name
  std::string receipt_disclaimer;  // receipts: e.g. "Contributions are not tax deductible."
  std::string stripe_api_base = "https://api.stripe.com";
  std::string stripe_secret_key;                 // BROADSIDE_STRIPE_SECRET_KEY only
  std::vector<std::string> stripe_webhook_secrets;  // BROADSIDE_STRIPE_WEBHOOK_SECRETS only
  // Donate forms one IP address may send per hour that reach Stripe (each
  // creates a Checkout Session).
  int starts_per_hour = 20;
  // The receipt's link to a monthly gift also offers Stripe's customer
  // portal (card, amount); the portal must be configured at Stripe.
  bool customer_portal = false;
  bool operator==(const DonationsConfig&) const = default;
};

struct Config {
  std::string data_dir;   // absolute
  // Absolute when configured ([theme] dir or BROADSIDE_THEME_DIR, relative to
  // data_dir); empty when not, and the app substitutes the built-in theme.
  std::string theme_dir;
  SiteConfig site;
  ServerConfig server;
  StoreConfig store;
  AccountsConfig accounts;
  MailConfig mail;
  SearchConfig search;
  MailbagConfig mailbag;
  MembersConfig members;
  DonationsConfig donations;
  // BROADSIDE_FIELD_KEY: the current field key itself (base64, as in the key
  // file), for deployments that keep secrets out of the data volume. Empty:
  // DATA_DIR/keys/field.key. Never read from broadside.toml.
  std::string field_key_base64;

  // Resolved absolute path of the SQLite file.
  std::string SqlitePath() const;
  std::string MediaDir() const;  // DATA_DIR/media
  bool operator==(const Config&) const = default;
};

// Reads DATA_DIR/broadside.toml and applies `env` overrides (pass the process
// environment as a map; tests pass their own). Unknown keys are errors (a typo
// must not silently do nothing). InvalidArgument with "FILE: KEY: reason" for
// a bad value in the file, "FILE:LINE:COLUMN: reason" for bad TOML syntax and
// "VARIABLE: reason" for a bad override; NotFound (naming the path) when the
// file does not exist. Keys absent from the file keep the defaults above.
base::Result<Config> LoadConfig(const std::string& data_dir,
                                const std::map<std::string, std::string>& env);

// Parses "HOST:PORT", "[::1]:PORT" or ":PORT" into host and port. ":PORT"
// means every IPv4 interface (host "0.0.0.0"); brackets are required around
// IPv6 addresses and dropped from *host. Port 0 (ephemeral) is allowed.
// InvalidArgument for a missing or out-of-range port or a malformed host;
// the outputs are untouched on error.
base::Status ParseListen(const std::string& text, std::string* host, uint16_t* port);

// The commented default broadside.toml that `init` writes: every key with its
// default and what it does. `site_name` fills site.name.
std::string DefaultConfigToml(const std::string& site_name);
// The same commented file with the [site] values of `site` (name, tagline,
// description, footer statement, call-to-action links); everything else default.
std::string ConfigTomlFor(const SiteConfig& site);

// The [site] fields admins may change in the back office (settings/): name,
// tagline, description, footer_statement, default_language, nav, social,
// join_url and donate_url, checked by the rules the file's values follow, plus
// length limits (a form has no editor to catch a pasted novel). Values are
// checked as given (callers trim form input). InvalidArgument "site.KEY:
// reason" for the first bad field; `bad_field`, when given, receives its key
// as in the file ("name", "nav[2].url", "social[0].label") so a form can
// point at it. The default language must be one of `site.languages`.
base::Status ValidateEditableSite(const SiteConfig& site, std::string* bad_field = nullptr);

// The environment variables LoadConfig honours, with the key each overrides.
const std::vector<std::pair<std::string, std::string>>& EnvOverrides();

// The process environment as a map (BROADSIDE_* only).
std::map<std::string, std::string> BroadsideEnvironment();

}  // namespace config
