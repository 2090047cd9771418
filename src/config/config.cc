#include "config/config.h"

#include <toml++/toml.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string_view>

#include "base/text.h"
#include "base/time_zone.h"

extern char** environ;  // POSIX: the process environment

namespace config {
namespace {

namespace fs = std::filesystem;
using base::Status;

constexpr std::string_view kConfigFileName = "broadside.toml";

// Inclusive bounds for numeric keys: generous, but they catch a unit mistake
// (milliseconds typed as seconds) or a negative value.
struct Range {
  int64_t min, max;
};
constexpr Range kThreadsRange{0, 1024};
constexpr Range kTimeoutRange{1, 3600};
constexpr Range kGraceRange{0, 3600};
constexpr Range kBodyBytesRange{1, int64_t{1} << 34};
constexpr Range kHeaderBytesRange{1, int64_t{1} << 24};
constexpr Range kConnectionsRange{1, 1'000'000};
constexpr Range kRequestsRange{1, 1'000'000'000};
constexpr Range kPageSizeRange{1, 100};
constexpr Range kReadConnectionsRange{1, 64};
constexpr Range kRankWindowRange{0, 1000000};
constexpr Range kCacheEntriesRange{0, 1000000};
constexpr Range kSessionMinutesRange{5, 7 * 24 * 60};
constexpr Range kAttemptsRange{1, 100000};
constexpr Range kQuestionsPerHourRange{1, 10000};
constexpr Range kMinFillSecondsRange{0, 60};
constexpr Range kGraceDaysRange{0, 90};
constexpr Range kDuesMinorRange{0, 100'000'000};  // up to 1,000,000.00 a month
constexpr Range kAmountMinorRange{1, 1'000'000'000'000};  // donations::kMaxAmountMinor
constexpr Range kAmountOrZeroRange{0, 1'000'000'000'000};

// Limits on what admins type into the settings form (bytes of UTF-8).
constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxLineBytes = 500;
constexpr size_t kMaxParagraphBytes = 2000;
constexpr size_t kMaxLabelBytes = 100;
constexpr size_t kMaxUrlBytes = 2000;
constexpr size_t kMaxLinks = 30;

Status Invalid(std::string_view where, std::string_view reason) {
  std::string msg(where);
  msg += ": ";
  msg += reason;
  return Status::InvalidArgument(std::move(msg));
}

std::string RangeReason(Range r) {
  return "must be between " + std::to_string(r.min) + " and " + std::to_string(r.max);
}

// ---- Value checks. Each returns the reason (without location) on failure. ----

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "en" or "pt-BR".
bool IsLanguageCode(std::string_view code) {
  if (code.size() != 2 && code.size() != 5) return false;
  if (!IsLower(code[0]) || !IsLower(code[1])) return false;
  return code.size() == 2 || (code[2] == '-' && IsUpper(code[3]) && IsUpper(code[4]));
}

bool IsHostName(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!IsLower(c) && !IsUpper(c) && !IsDigit(c) && c != '.' && c != '-') return false;
  }
  return host.front() != '.' && host.front() != '-';
}

bool IsIpv6Literal(std::string_view host) {
  if (host.empty() || host.find(':') == std::string_view::npos) return false;
  for (char c : host) {
    const bool hex = IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != ':' && c != '.' && c != '%') return false;
  }
  return true;
}

// Parses a decimal port; returns false if not digits or above 65535.
bool ParsePort(std::string_view text, uint16_t* port) {
  if (text.empty() || text.size() > 5) return false;
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  const std::optional<int64_t> v = base::ParseInt64(text);
  if (!v || *v > 65535) return false;
  *port = static_cast<uint16_t>(*v);
  return true;
}

// http(s)://host[:port][/path], one trailing slash stripped.
Status CheckBaseUrl(std::string* url) {
  std::string_view rest = *url;
  if (rest.starts_with("https://")) {
    rest.remove_prefix(8);
  } else if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else {
    return Status::InvalidArgument("must start with http:// or https://");
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return Status::InvalidArgument("unclosed '[' in host");
    host = authority.substr(1, close - 1);
    if (!IsIpv6Literal(host)) return Status::InvalidArgument("bad IPv6 address");
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return Status::InvalidArgument("unexpected text after ']'");
      port = after.substr(1);
      if (port.empty()) return Status::InvalidArgument("empty port");
    }
  } else {
    const size_t colon = authority.find(':');
    if (colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
      if (port.empty()) return Status::InvalidArgument("empty port");
    }
    if (!IsHostName(host)) return Status::InvalidArgument("missing or malformed host");
  }
  uint16_t port_number = 0;
  if (!port.empty() && (!ParsePort(port, &port_number) || port_number == 0)) {
    return Status::InvalidArgument("port must be between 1 and 65535");
  }
  for (char c : path) {
    if (c == '?' || c == '#' || static_cast<unsigned char>(c) <= ' ' || c == 0x7F) {
      return Status::InvalidArgument("path must not contain a query, fragment or spaces");
    }
  }
  if (path.ends_with('/')) {
    url->pop_back();
    if (url->ends_with('/')) return Status::InvalidArgument("must not end with '//'");
  }
  return Status::Ok();
}

// A nav link is a path on this site or an absolute http(s) URL.
Status CheckNavUrl(const std::string& url) {
  if (url.starts_with('/') && !url.starts_with("//")) return Status::Ok();
  if (url.starts_with("http://") || url.starts_with("https://")) {
    std::string copy = url;
    return CheckBaseUrl(&copy);
  }
  return Status::InvalidArgument("must be a path starting with '/' or an http(s) URL");
}

Status CheckTimeZone(const std::string& name) {
  base::Result<base::TimeZone> tz = base::TimeZone::Load(name);
  if (!tz.ok()) return Status::InvalidArgument(tz.status().message());
  return Status::Ok();
}

Status CheckLanguages(const std::vector<std::string>& languages) {
  if (languages.empty()) return Status::InvalidArgument("must list at least one language");
  for (size_t i = 0; i < languages.size(); ++i) {
    if (!IsLanguageCode(languages[i])) {
      return Status::InvalidArgument("'" + languages[i] +
                                     "' is not a language code like \"en\" or \"pt-BR\"");
    }
    for (size_t j = 0; j < i; ++j) {
      if (languages[j] == languages[i]) {
        return Status::InvalidArgument("'" + languages[i] + "' is listed twice");
      }
    }
  }
  return Status::Ok();
}

Status CheckNonEmpty(const std::string& s) {
  if (base::Trim(s).empty()) return Status::InvalidArgument("must not be empty");
  return Status::Ok();
}

Status CheckDriver(const std::string& driver) {
  if (driver == "sqlite") return Status::Ok();
  if (driver == "postgres" || driver == "postgresql") {
    return Status::InvalidArgument("postgres is not supported yet; use \"sqlite\"");
  }
  return Status::InvalidArgument("unknown driver '" + driver + "'; use \"sqlite\"");
}

// Relative paths are relative to the data dir.
std::string ResolvePath(const std::string& data_dir, const std::string& path) {
  if (path.empty()) return path;
  fs::path p(path);
  if (p.is_relative()) p = fs::path(data_dir) / p;
  return p.lexically_normal().string();
}

// Prefixes a failed check's reason with where the value came from.
Status At(std::string_view where, const Status& s) {
  if (s.ok()) return s;
  return Invalid(where, s.message());
}

// ---- Reading the TOML tree -----------------------------------------------------

// Reads typed keys out of one TOML table, naming "FILE: table.key" in errors.
class TableReader {
 public:
  TableReader(const std::string& file, std::string prefix, const toml::table& table)
      : file_(file), prefix_(std::move(prefix)), table_(table) {}

  std::string Where(std::string_view key) const {
    return file_ + ": " + prefix_ + "." + std::string(key);
  }

  Status OnlyKeys(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, node] : table_) {
      bool known = false;
      for (std::string_view a : allowed) known = known || key.str() == a;
      if (!known) {
        return Invalid(Where(key.str()), node.is_table() ? "unknown table" : "unknown key");
      }
    }
    return Status::Ok();
  }

  Status String(std::string_view key, std::string* out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::Ok();
    const auto* s = node->as_string();
    if (s == nullptr) return Invalid(Where(key), "must be a string");
    *out = s->get();
    return Status::Ok();
  }

  Status Int(std::string_view key, Range range, int64_t* out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::Ok();
    const auto* i = node->as_integer();
    if (i == nullptr) return Invalid(Where(key), "must be an integer");
    if (i->get() < range.min || i->get() > range.max)
      return Invalid(Where(key), RangeReason(range));
    *out = i->get();
    return Status::Ok();
  }

  template <typename T>
  Status IntAs(std::string_view key, Range range, T* out) const {
    int64_t v = static_cast<int64_t>(*out);
    BS_RETURN_IF_ERROR(Int(key, range, &v));
    *out = static_cast<T>(v);
    return Status::Ok();
  }

  Status Seconds(std::string_view key, Range range, std::chrono::seconds* out) const {
    int64_t v = out->count();
    BS_RETURN_IF_ERROR(Int(key, range, &v));
    *out = std::chrono::seconds(v);
    return Status::Ok();
  }

  Status Bool(std::string_view key, bool* out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::Ok();
    const auto* b = node->as_boolean();
    if (b == nullptr) return Invalid(Where(key), "must be true or false");
    *out = b->get();
    return Status::Ok();
  }

  Status StringArray(std::string_view key, std::vector<std::string>* out) const {
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::Ok();
    const auto* arr = node->as_array();
    if (arr == nullptr) return Invalid(Where(key), "must be an array of strings");
    std::vector<std::string> values;
    for (const toml::node& item : *arr) {
      const auto* s = item.as_string();
      if (s == nullptr) return Invalid(Where(key), "must be an array of strings");
      values.push_back(s->get());
    }
    *out = std::move(values);
    return Status::Ok();
  }

  // Returns the sub-table at `key`, null if absent; error if not a table.
  Status Table(std::string_view key, const toml::table** out) const {
    *out = nullptr;
    const toml::node* node = table_.get(key);
    if (node == nullptr) return Status::Ok();
    *out = node->as_table();
    if (*out == nullptr) return Invalid(Where(key), "must be a table");
    return Status::Ok();
  }

  const toml::table& table() const { return table_; }
  const std::string& file() const { return file_; }

 private:
  const std::string& file_;
  std::string prefix_;
  const toml::table& table_;
};

// [[site.KEY]] blocks of label + url (nav, social); absent keeps the default.
Status ReadLinks(const TableReader& r, std::string_view key, std::vector<NavLink>* out_links) {
  const toml::node* node = r.table().get(key);
  if (node == nullptr) return Status::Ok();
  const toml::array* links = node->as_array();
  if (links == nullptr) {
    return Invalid(r.Where(key),
                   "must be an array of tables ([[site." + std::string(key) + "]])");
  }
  out_links->clear();
  for (size_t i = 0; i < links->size(); ++i) {
    const std::string prefix = "site." + std::string(key) + "[" + std::to_string(i) + "]";
    const toml::table* link = (*links)[i].as_table();
    if (link == nullptr) return Invalid(r.file() + ": " + prefix, "must be a table");
    TableReader lr(r.file(), prefix, *link);
    BS_RETURN_IF_ERROR(lr.OnlyKeys({"label", "url"}));
    NavLink out;
    BS_RETURN_IF_ERROR(lr.String("label", &out.label));
    BS_RETURN_IF_ERROR(At(lr.Where("label"), CheckNonEmpty(out.label)));
    BS_RETURN_IF_ERROR(lr.String("url", &out.url));
    BS_RETURN_IF_ERROR(At(lr.Where("url"), CheckNavUrl(out.url)));
    out_links->push_back(std::move(out));
  }
  return Status::Ok();
}

Status ReadSite(const TableReader& r, SiteConfig* site) {
  BS_RETURN_IF_ERROR(
      r.OnlyKeys({"name", "tagline", "base_url", "default_language", "languages", "time_zone",
                  "description", "footer_statement", "page_size", "nav", "social",
                  "join_url", "donate_url"}));
  BS_RETURN_IF_ERROR(r.String("name", &site->name));
  BS_RETURN_IF_ERROR(At(r.Where("name"), CheckNonEmpty(site->name)));
  BS_RETURN_IF_ERROR(r.String("tagline", &site->tagline));
  BS_RETURN_IF_ERROR(r.String("base_url", &site->base_url));
  BS_RETURN_IF_ERROR(At(r.Where("base_url"), CheckBaseUrl(&site->base_url)));
  BS_RETURN_IF_ERROR(r.String("default_language", &site->default_language));
  BS_RETURN_IF_ERROR(r.StringArray("languages", &site->languages));
  BS_RETURN_IF_ERROR(At(r.Where("languages"), CheckLanguages(site->languages)));
  BS_RETURN_IF_ERROR(r.String("time_zone", &site->time_zone));
  BS_RETURN_IF_ERROR(At(r.Where("time_zone"), CheckTimeZone(site->time_zone)));
  BS_RETURN_IF_ERROR(r.String("description", &site->description));
  BS_RETURN_IF_ERROR(r.String("footer_statement", &site->footer_statement));
  BS_RETURN_IF_ERROR(r.IntAs("page_size", kPageSizeRange, &site->page_size));
  BS_RETURN_IF_ERROR(r.String("join_url", &site->join_url));
  if (!site->join_url.empty())
    BS_RETURN_IF_ERROR(At(r.Where("join_url"), CheckNavUrl(site->join_url)));
  BS_RETURN_IF_ERROR(r.String("donate_url", &site->donate_url));
  if (!site->donate_url.empty())
    BS_RETURN_IF_ERROR(At(r.Where("donate_url"), CheckNavUrl(site->donate_url)));

  BS_RETURN_IF_ERROR(ReadLinks(r, "nav", &site->nav));
  BS_RETURN_IF_ERROR(ReadLinks(r, "social", &site->social));
  return Status::Ok();
}

Status ReadServer(const TableReader& r, ServerConfig* server) {
  BS_RETURN_IF_ERROR(r.OnlyKeys({"listen", "threads", "header_timeout_seconds",
                                 "body_timeout_seconds", "idle_timeout_seconds", "max_body_bytes",
                                 "max_header_bytes", "max_request_line_bytes", "max_connections",
                                 "max_requests_per_connection", "shutdown_grace_seconds"}));
  std::string listen;
  BS_RETURN_IF_ERROR(r.String("listen", &listen));
  if (r.table().contains("listen")) {
    BS_RETURN_IF_ERROR(At(r.Where("listen"), ParseListen(listen, &server->host, &server->port)));
  }
  BS_RETURN_IF_ERROR(r.IntAs("threads", kThreadsRange, &server->threads));
  BS_RETURN_IF_ERROR(r.Seconds("header_timeout_seconds", kTimeoutRange, &server->header_timeout));
  BS_RETURN_IF_ERROR(r.Seconds("body_timeout_seconds", kTimeoutRange, &server->body_timeout));
  BS_RETURN_IF_ERROR(r.Seconds("idle_timeout_seconds", kTimeoutRange, &server->idle_timeout));
  BS_RETURN_IF_ERROR(r.Int("max_body_bytes", kBodyBytesRange, &server->max_body_bytes));
  BS_RETURN_IF_ERROR(r.Int("max_header_bytes", kHeaderBytesRange, &server->max_header_bytes));
  BS_RETURN_IF_ERROR(r.Int("max_request_line_bytes", kHeaderBytesRange, &server->max_request_line));
  BS_RETURN_IF_ERROR(r.IntAs("max_connections", kConnectionsRange, &server->max_connections));
  BS_RETURN_IF_ERROR(
      r.IntAs("max_requests_per_connection", kRequestsRange, &server->max_requests_per_connection));
  BS_RETURN_IF_ERROR(r.Seconds("shutdown_grace_seconds", kGraceRange, &server->shutdown_grace));
  return Status::Ok();
}

Status ReadStore(const TableReader& r, StoreConfig* store) {
  BS_RETURN_IF_ERROR(r.OnlyKeys({"driver", "sqlite_path", "read_connections"}));
  BS_RETURN_IF_ERROR(r.String("driver", &store->driver));
  BS_RETURN_IF_ERROR(At(r.Where("driver"), CheckDriver(store->driver)));
  BS_RETURN_IF_ERROR(r.String("sqlite_path", &store->sqlite_path));
  BS_RETURN_IF_ERROR(At(r.Where("sqlite_path"), CheckNonEmpty(store->sqlite_path)));
  BS_RETURN_IF_ERROR(r.IntAs("read_connections", kReadConnectionsRange, &store->read_connections));
  return Status::Ok();
}

Status ReadAccounts(const TableReader& r, AccountsConfig* a) {
  BS_RETURN_IF_ERROR(r.OnlyKeys({"session_idle_minutes", "session_absolute_minutes",
                                 "login_attempts_per_minute", "login_failures_per_hour"}));
  int64_t idle = a->session_idle.count() / 60, absolute = a->session_absolute.count() / 60;
  BS_RETURN_IF_ERROR(r.Int("session_idle_minutes", kSessionMinutesRange, &idle));
  BS_RETURN_IF_ERROR(r.Int("session_absolute_minutes", kSessionMinutesRange, &absolute));
  if (idle > absolute)
    return Invalid(r.Where("session_idle_minutes"), "must not exceed session_absolute_minutes");
  a->session_idle = std::chrono::minutes(idle);
  a->session_absolute = std::chrono::minutes(absolute);
  BS_RETURN_IF_ERROR(
      r.IntAs("login_attempts_per_minute", kAttemptsRange, &a->login_attempts_per_minute));
  BS_RETURN_IF_ERROR(
      r.IntAs("login_failures_per_hour", kAttemptsRange, &a->login_failures_per_hour));
  return Status::Ok();
}

Status ReadSearch(const TableReader& r, SearchConfig* s) {
  BS_RETURN_IF_ERROR(r.OnlyKeys({"rank_window", "cache_entries"}));
  BS_RETURN_IF_ERROR(r.Int("rank_window", kRankWindowRange, &s->rank_window));
  BS_RETURN_IF_ERROR(r.Int("cache_entries", kCacheEntriesRange, &s->cache_entries));
  return Status::Ok();
}

Status ReadMailbag(const TableReader& r, MailbagConfig* m) {
  BS_RETURN_IF_ERROR(r.OnlyKeys({"questions_per_hour", "min_fill_seconds"}));
  BS_RETURN_IF_ERROR(r.IntAs("questions_per_hour", kQuestionsPerHourRange, &m->questions_per_hour));
  int64_t fill = m->min_fill_time.count();
  BS_RETURN_IF_ERROR(r.Int("min_fill_seconds", kMinFillSecondsRange, &fill));
  m->min_fill_time = std::chrono::seconds(fill);
  return Status::Ok();
}

// Lower-case ASCII letters, digits and inner '-', 1 to 40 characters.
Status CheckTypeSlug(const std::string& slug) {
  if (slug.empty() || slug.size() > 40 || slug.front() == '-' || slug.back() == '-')
    return Status::InvalidArgument("must be 1 to 40 of a-z, 0-9 and inner '-'");
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return Status::InvalidArgument("must be 1 to 40 of a-z, 0-9 and inner '-'");
  }
  return Status::Ok();
}

Status ReadMembers(const TableReader& r, MembersConfig* m) {
  BS_RETURN_IF_ERROR(
      r.OnlyKeys({"require_approval", "types", "optional_questions", "deletion_grace_days",
                  "joins_per_hour"}));
  BS_RETURN_IF_ERROR(r.Bool("require_approval", &m->require_approval));
  BS_RETURN_IF_ERROR(r.StringArray("optional_questions", &m->optional_questions));
  BS_RETURN_IF_ERROR(r.IntAs("deletion_grace_days", kGraceDaysRange, &m->deletion_grace_days));
  BS_RETURN_IF_ERROR(r.IntAs("joins_per_hour", kQuestionsPerHourRange, &m->joins_per_hour));
  const toml::node* node = r.table().get("types");
  if (node == nullptr) return Status::Ok();
  const toml::array* types = node->as_array();
  if (types == nullptr || types->empty()) {
    return Invalid(r.Where("types"), "must be one or more [[members.types]] tables");
  }
  m->types.clear();
  for (size_t i = 0; i < types->size(); ++i) {
    const std::string prefix = "members.types[" + std::to_string(i) + "]";
    const toml::table* t = (*types)[i].as_table();
    if (t == nullptr) return Invalid(r.file() + ": " + prefix, "must be a table");
    TableReader tr(r.file(), prefix, *t);
    BS_RETURN_IF_ERROR(tr.OnlyKeys({"slug", "name", "monthly_dues_minor"}));
    MembershipType type;
    BS_RETURN_IF_ERROR(tr.String("slug", &type.slug));
    BS_RETURN_IF_ERROR(At(tr.Where("slug"), CheckTypeSlug(type.slug)));
    BS_RETURN_IF_ERROR(tr.String("name", &type.name));
    BS_RETURN_IF_ERROR(At(tr.Where("name"), CheckNonEmpty(type.name)));
    BS_RETURN_IF_ERROR(tr.Int("monthly_dues_minor", kDuesMinorRange, &type.monthly_dues_minor));
    for (const MembershipType& seen : m->types) {
      if (seen.slug == type.slug) return Invalid(tr.Where("slug"), "is listed twice");
    }
    m->types.push_back(std::move(type));
  }
  return Status::Ok();
}

Status CheckAttestationKey(const std::string& key) {
  if (key.empty() || key.size() > 40) return Status::InvalidArgument("must be 1 to 40 of a-z, 0-9 and '_'");
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return Status::InvalidArgument("must be 1 to 40 of a-z, 0-9 and '_'");
  }
  return Status::Ok();
}

// http(s)://host[:port] with no path (the Stripe client's own rule for
// loopback is checked when it is created).
Status CheckApiBase(const std::string& url) {
  if (!url.starts_with("https://") && !url.starts_with("http://"))
    return Status::InvalidArgument("must be an https:// URL");
  const size_t host_start = url.find("://") + 3;
  if (url.find('/', host_start) != std::string::npos || url.size() == host_start)
    return Status::InvalidArgument("must be scheme://host[:port] with no path");
  return Status::Ok();
}

Status ReadDonations(const TableReader& r, DonationsConfig* d) {
  BS_RETURN_IF_ERROR(r.OnlyKeys({"enabled", "currency", "preset_amounts_minor", "min_minor",
                                 "max_minor", "itemization_threshold_minor", "yearly_cap_minor",
                                 "attestations", "legal_name", "receipt_disclaimer",
                                 "stripe_api_base", "stripe_secret_key",
                                 "stripe_webhook_secrets", "starts_per_hour",
                                 "customer_portal"}));
  if (r.table().contains("stripe_secret_key") || r.table().contains("stripe_webhook_secrets")) {
    return Invalid(r.Where(r.table().contains("stripe_secret_key") ? "stripe_secret_key"
                                                                   : "stripe_webhook_secrets"),
                   "secrets are not read from the file; set BROADSIDE_STRIPE_SECRET_KEY and "
                   "BROADSIDE_STRIPE_WEBHOOK_SECRETS in the environment");
  }
  BS_RETURN_IF_ERROR(r.Bool("enabled", &d->enabled));
  BS_RETURN_IF_ERROR(r.String("currency", &d->currency));
  if (d->currency.size() != 3 ||
      !std::all_of(d->currency.begin(), d->currency.end(),
                   [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return Invalid(r.Where("currency"), "must be an upper-case ISO 4217 code like \"USD\"");
  }
  if (const toml::node* node = r.table().get("preset_amounts_minor")) {
    const toml::array* arr = node->as_array();
    if (arr == nullptr || arr->empty() || arr->size() > 8)
      return Invalid(r.Where("preset_amounts_minor"), "must be an array of 1 to 8 integers");
    d->preset_amounts_minor.clear();
    for (const toml::node& item : *arr) {
      const auto* i = item.as_integer();
      if (i == nullptr || i->get() < kAmountMinorRange.min || i->get() > kAmountMinorRange.max)
        return Invalid(r.Where("preset_amounts_minor"),
                       "each must be an integer; " + RangeReason(kAmountMinorRange));
      for (int64_t seen : d->preset_amounts_minor) {
        if (seen == i->get()) return Invalid(r.Where("preset_amounts_minor"), "lists an amount twice");
      }
      d->preset_amounts_minor.push_back(i->get());
    }
  }
  BS_RETURN_IF_ERROR(r.Int("min_minor", kAmountMinorRange, &d->min_minor));
  BS_RETURN_IF_ERROR(r.Int("max_minor", kAmountMinorRange, &d->max_minor));
  if (d->min_minor > d->max_minor) return Invalid(r.Where("min_minor"), "must not exceed max_minor");
  for (int64_t p : d->preset_amounts_minor) {
    if (p < d->min_minor || p > d->max_minor)
      return Invalid(r.Where("preset_amounts_minor"), "each must be between min_minor and max_minor");
  }
  BS_RETURN_IF_ERROR(
      r.Int("itemization_threshold_minor", kAmountOrZeroRange, &d->itemization_threshold_minor));
  BS_RETURN_IF_ERROR(r.Int("yearly_cap_minor", kAmountOrZeroRange, &d->yearly_cap_minor));
  if (const toml::node* node = r.table().get("attestations")) {
    const toml::array* arr = node->as_array();
    if (arr == nullptr)
      return Invalid(r.Where("attestations"), "must be an array of {key, text} tables");
    d->attestations.clear();
    d->attestations_set = true;
    for (size_t i = 0; i < arr->size(); ++i) {
      const std::string prefix = "donations.attestations[" + std::to_string(i) + "]";
      const toml::table* t = (*arr)[i].as_table();
      if (t == nullptr) return Invalid(r.file() + ": " + prefix, "must be a table");
      TableReader tr(r.file(), prefix, *t);
      BS_RETURN_IF_ERROR(tr.OnlyKeys({"key", "text"}));
      DonationAttestation a;
      BS_RETURN_IF_ERROR(tr.String("key", &a.key));
      BS_RETURN_IF_ERROR(At(tr.Where("key"), CheckAttestationKey(a.key)));
      BS_RETURN_IF_ERROR(tr.String("text", &a.text));
      BS_RETURN_IF_ERROR(At(tr.Where("text"), CheckNonEmpty(a.text)));
      for (const DonationAttestation& seen : d->attestations) {
        if (seen.key == a.key) return Invalid(tr.Where("key"), "is listed twice");
      }
      d->attestations.push_back(std::move(a));
    }
  }
  BS_RETURN_IF_ERROR(r.String("legal_name", &d->legal_name));
  BS_RETURN_IF_ERROR(r.String("receipt_disclaimer", &d->receipt_disclaimer));
  BS_RETURN_IF_ERROR(r.String("stripe_api_base", &d->stripe_api_base));
  BS_RETURN_IF_ERROR(At(r.Where("stripe_api_base"), CheckApiBase(d->stripe_api_base)));
  BS_RETURN_IF_ERROR(r.IntAs("starts_per_hour", kQuestionsPerHourRange, &d->starts_per_hour));
  BS_RETURN_IF_ERROR(r.Bool("customer_portal", &d->customer_portal));
  return Status::Ok();
}

Status CheckSmtpUrl(const std::string& url) {
  if (url.empty()) return Status::Ok();
  if (!url.starts_with("smtp://") && !url.starts_with("smtps://"))
    return Status::InvalidArgument("must start with smtp:// or smtps://");
  if (url.find_first_of(" \t\r\n") != std::string::npos)
    return Status::InvalidArgument("must not contain spaces");
  return Status::Ok();
}

Status CheckEmailAddress(const std::string& address) {
  const size_t at = address.find('@');
  if (address.empty() || at == 0 || at == std::string::npos || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string::npos ||
      address.find_first_of(" \t\r\n<>,;\"") != std::string::npos)
    return Status::InvalidArgument("must be an email address like news@example.org");
  return Status::Ok();
}

Status ReadMail(const TableReader& r, MailConfig* m) {
  BS_RETURN_IF_ERROR(r.OnlyKeys({"smtp_url", "smtp_username", "smtp_password", "starttls",
                                 "from_address", "from_name", "reply_to"}));
  BS_RETURN_IF_ERROR(r.String("smtp_url", &m->smtp_url));
  BS_RETURN_IF_ERROR(At(r.Where("smtp_url"), CheckSmtpUrl(m->smtp_url)));
  BS_RETURN_IF_ERROR(r.String("smtp_username", &m->smtp_username));
  BS_RETURN_IF_ERROR(r.String("smtp_password", &m->smtp_password));
  BS_RETURN_IF_ERROR(r.String("starttls", &m->starttls));
  if (m->starttls != "if-available" && m->starttls != "required" && m->starttls != "off")
    return Invalid(r.Where("starttls"), "must be \"if-available\", \"required\" or \"off\"");
  BS_RETURN_IF_ERROR(r.String("from_address", &m->from_address));
  if (!m->from_address.empty())
    BS_RETURN_IF_ERROR(At(r.Where("from_address"), CheckEmailAddress(m->from_address)));
  BS_RETURN_IF_ERROR(r.String("from_name", &m->from_name));
  BS_RETURN_IF_ERROR(r.String("reply_to", &m->reply_to));
  if (!m->reply_to.empty())
    BS_RETURN_IF_ERROR(At(r.Where("reply_to"), CheckEmailAddress(m->reply_to)));
  return Status::Ok();
}

Status ReadTheme(const TableReader& r, Config* config) {
  BS_RETURN_IF_ERROR(r.OnlyKeys({"dir"}));
  std::string dir;
  BS_RETURN_IF_ERROR(r.String("dir", &dir));
  config->theme_dir = ResolvePath(config->data_dir, dir);
  return Status::Ok();
}

Status ReadFile(const std::string& path, std::string* out) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return Status::NotFound(path + ": no such file");
  if (!fs::is_regular_file(st)) return Status::InvalidArgument(path + ": not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Unavailable(path + ": cannot open");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return Status::Unavailable(path + ": read error");
  *out = std::move(buf).str();
  return Status::Ok();
}

std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

Status ReadToml(const std::string& path, const std::string& text, Config* config) {
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    const auto& begin = e.source().begin;
    return Status::InvalidArgument(path + ":" + std::to_string(begin.line) + ":" +
                                   std::to_string(begin.column) + ": " + OneLine(e.description()));
  } catch (const std::exception& e) {
    return Status::Internal(path + ": " + OneLine(e.what()));
  }
  for (const auto& [key, node] : root) {
    const std::string_view k = key.str();
    if (k != "site" && k != "server" && k != "store" && k != "theme" && k != "accounts" &&
        k != "mail" && k != "search" && k != "mailbag" && k != "members" &&
        k != "donations") {
      return Invalid(path + ": " + std::string(k),
                     node.is_table() ? "unknown table" : "unknown key");
    }
    if (!node.is_table()) return Invalid(path + ": " + std::string(k), "must be a table");
  }
  if (const toml::table* t = root["site"].as_table()) {
    BS_RETURN_IF_ERROR(ReadSite(TableReader(path, "site", *t), &config->site));
  }
  if (const toml::table* t = root["server"].as_table()) {
    BS_RETURN_IF_ERROR(ReadServer(TableReader(path, "server", *t), &config->server));
  }
  if (const toml::table* t = root["store"].as_table()) {
    BS_RETURN_IF_ERROR(ReadStore(TableReader(path, "store", *t), &config->store));
  }
  if (const toml::table* t = root["theme"].as_table()) {
    BS_RETURN_IF_ERROR(ReadTheme(TableReader(path, "theme", *t), config));
  }
  if (const toml::table* t = root["accounts"].as_table()) {
    BS_RETURN_IF_ERROR(ReadAccounts(TableReader(path, "accounts", *t), &config->accounts));
  }
  if (const toml::table* t = root["mail"].as_table()) {
    BS_RETURN_IF_ERROR(ReadMail(TableReader(path, "mail", *t), &config->mail));
  }
  if (const toml::table* t = root["search"].as_table()) {
    BS_RETURN_IF_ERROR(ReadSearch(TableReader(path, "search", *t), &config->search));
  }
  if (const toml::table* t = root["mailbag"].as_table()) {
    BS_RETURN_IF_ERROR(ReadMailbag(TableReader(path, "mailbag", *t), &config->mailbag));
  }
  if (const toml::table* t = root["members"].as_table()) {
    BS_RETURN_IF_ERROR(ReadMembers(TableReader(path, "members", *t), &config->members));
  }
  if (const toml::table* t = root["donations"].as_table()) {
    BS_RETURN_IF_ERROR(ReadDonations(TableReader(path, "donations", *t), &config->donations));
  }
  return Status::Ok();
}

// Applies BROADSIDE_* overrides; `default_language_from` is updated to name
// the variable when the default language comes from the environment.
Status ApplyEnv(const std::map<std::string, std::string>& env, Config* config,
                std::string* default_language_from) {
  auto get = [&env](const char* name) -> const std::string* {
    const auto it = env.find(name);
    return it == env.end() ? nullptr : &it->second;
  };
  SiteConfig& site = config->site;
  if (const std::string* v = get("BROADSIDE_SITE_NAME")) {
    BS_RETURN_IF_ERROR(At("BROADSIDE_SITE_NAME", CheckNonEmpty(*v)));
    site.name = *v;
  }
  if (const std::string* v = get("BROADSIDE_BASE_URL")) {
    std::string url = *v;
    BS_RETURN_IF_ERROR(At("BROADSIDE_BASE_URL", CheckBaseUrl(&url)));
    site.base_url = std::move(url);
  }
  if (const std::string* v = get("BROADSIDE_LISTEN")) {
    BS_RETURN_IF_ERROR(
        At("BROADSIDE_LISTEN", ParseListen(*v, &config->server.host, &config->server.port)));
  }
  if (const std::string* v = get("BROADSIDE_THREADS")) {
    const std::optional<int64_t> n = base::ParseInt64(*v);
    if (!n || *n < kThreadsRange.min || *n > kThreadsRange.max) {
      return Invalid("BROADSIDE_THREADS", "must be an integer; " + RangeReason(kThreadsRange));
    }
    config->server.threads = static_cast<int>(*n);
  }
  if (const std::string* v = get("BROADSIDE_TIME_ZONE")) {
    BS_RETURN_IF_ERROR(At("BROADSIDE_TIME_ZONE", CheckTimeZone(*v)));
    site.time_zone = *v;
  }
  if (const std::string* v = get("BROADSIDE_SQLITE_PATH")) {
    BS_RETURN_IF_ERROR(At("BROADSIDE_SQLITE_PATH", CheckNonEmpty(*v)));
    config->store.sqlite_path = *v;
  }
  if (const std::string* v = get("BROADSIDE_THEME_DIR")) {
    config->theme_dir = ResolvePath(config->data_dir, *v);
  }
  if (const std::string* v = get("BROADSIDE_SMTP_URL")) {
    BS_RETURN_IF_ERROR(At("BROADSIDE_SMTP_URL", CheckSmtpUrl(*v)));
    config->mail.smtp_url = *v;
  }
  if (const std::string* v = get("BROADSIDE_SMTP_USERNAME")) config->mail.smtp_username = *v;
  if (const std::string* v = get("BROADSIDE_SMTP_PASSWORD")) config->mail.smtp_password = *v;
  if (const std::string* v = get("BROADSIDE_FIELD_KEY")) config->field_key_base64 = *v;
  if (const std::string* v = get("BROADSIDE_MAIL_FROM")) {
    BS_RETURN_IF_ERROR(At("BROADSIDE_MAIL_FROM", CheckEmailAddress(*v)));
    config->mail.from_address = *v;
  }
  if (const std::string* v = get("BROADSIDE_STRIPE_SECRET_KEY")) {
    config->donations.stripe_secret_key = std::string(base::Trim(*v));
  }
  if (const std::string* v = get("BROADSIDE_STRIPE_WEBHOOK_SECRETS")) {
    std::vector<std::string> secrets;
    std::string_view rest = *v;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view part = base::Trim(rest.substr(0, comma));
      if (!part.empty()) secrets.emplace_back(part);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    config->donations.stripe_webhook_secrets = std::move(secrets);
  }
  if (const std::string* v = get("BROADSIDE_DEFAULT_LANGUAGE")) {
    site.default_language = *v;
    *default_language_from = "BROADSIDE_DEFAULT_LANGUAGE";
  }
  return Status::Ok();
}

// A TOML basic string literal.
std::string TomlQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04X", u);
      out += buf;
    } else {
      out.push_back(c);
    }
  }
  out.push_back('"');
  return out;
}

std::string FormatListen(const ServerConfig& s) {
  const std::string host = s.host.find(':') != std::string::npos ? "[" + s.host + "]" : s.host;
  return host + ":" + std::to_string(s.port);
}

}  // namespace

base::Status ValidateEditableSite(const SiteConfig& site, std::string* bad_field) {
  auto fail = [&](std::string key, const Status& s) {
    if (bad_field != nullptr) *bad_field = key;
    return Invalid("site." + key, s.message());
  };
  auto check_length = [](const std::string& v, size_t max) {
    if (v.size() > max) {
      return Status::InvalidArgument("must be at most " + std::to_string(max) + " bytes");
    }
    return Status::Ok();
  };
  const std::pair<const char*, const std::string*> texts[] = {
      {"name", &site.name},
      {"tagline", &site.tagline},
      {"description", &site.description},
      {"footer_statement", &site.footer_statement}};
  const size_t text_max[] = {kMaxNameBytes, kMaxLineBytes, kMaxParagraphBytes, kMaxParagraphBytes};
  for (size_t i = 0; i < std::size(texts); ++i) {
    if (Status s = check_length(*texts[i].second, text_max[i]); !s.ok()) {
      return fail(texts[i].first, s);
    }
  }
  if (Status s = CheckNonEmpty(site.name); !s.ok()) return fail("name", s);
  bool listed = false;
  for (const std::string& lang : site.languages) listed = listed || lang == site.default_language;
  if (!listed) {
    return fail("default_language", Status::InvalidArgument("'" + site.default_language +
                                                            "' is not one of site.languages"));
  }
  for (const auto& [key, url] : {std::pair<const char*, const std::string*>{"join_url",
                                                                           &site.join_url},
                                 {"donate_url", &site.donate_url}}) {
    if (url->empty()) continue;
    Status s = check_length(*url, kMaxUrlBytes);
    if (s.ok()) s = CheckNavUrl(*url);
    if (!s.ok()) return fail(key, s);
  }
  for (const auto& [key, links] :
       {std::pair<const char*, const std::vector<NavLink>*>{"nav", &site.nav},
        {"social", &site.social}}) {
    if (links->size() > kMaxLinks) {
      return fail(key, Status::InvalidArgument("at most " + std::to_string(kMaxLinks) +
                                               " links"));
    }
    for (size_t i = 0; i < links->size(); ++i) {
      const NavLink& link = (*links)[i];
      const std::string at = std::string(key) + "[" + std::to_string(i) + "].";
      Status s = CheckNonEmpty(link.label);
      if (s.ok()) s = check_length(link.label, kMaxLabelBytes);
      if (!s.ok()) return fail(at + "label", s);
      s = check_length(link.url, kMaxUrlBytes);
      if (s.ok()) s = CheckNavUrl(link.url);
      if (!s.ok()) return fail(at + "url", s);
    }
  }
  return Status::Ok();
}

std::string Config::SqlitePath() const { return ResolvePath(data_dir, store.sqlite_path); }

std::string Config::MediaDir() const { return (fs::path(data_dir) / "media").string(); }

base::Status ParseListen(const std::string& text, std::string* host, uint16_t* port) {
  std::string_view h;
  std::string_view p;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string::npos)
      return Status::InvalidArgument("unclosed '[' in '" + text + "'");
    h = std::string_view(text).substr(1, close - 1);
    if (!IsIpv6Literal(h)) return Status::InvalidArgument("bad IPv6 address in '" + text + "'");
    if (close + 1 >= text.size() || text[close + 1] != ':') {
      return Status::InvalidArgument("expected HOST:PORT, got '" + text + "'");
    }
    p = std::string_view(text).substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string::npos) {
      return Status::InvalidArgument("expected HOST:PORT, got '" + text + "'");
    }
    h = std::string_view(text).substr(0, colon);
    p = std::string_view(text).substr(colon + 1);
    if (h.find(':') != std::string_view::npos) {
      return Status::InvalidArgument("put IPv6 addresses in brackets: '[::1]:8080'");
    }
    if (h.empty()) h = "0.0.0.0";
    if (!IsHostName(h)) return Status::InvalidArgument("malformed host in '" + text + "'");
  }
  uint16_t port_number = 0;
  if (!ParsePort(p, &port_number)) {
    return Status::InvalidArgument("port must be between 0 and 65535, got '" + std::string(p) +
                                   "'");
  }
  *host = std::string(h);
  *port = port_number;
  return Status::Ok();
}

base::Result<Config> LoadConfig(const std::string& data_dir,
                                const std::map<std::string, std::string>& env) {
  Config config;
  std::error_code ec;
  fs::path abs = fs::absolute(data_dir.empty() ? fs::path(".") : fs::path(data_dir), ec);
  if (ec) return Status::InvalidArgument(data_dir + ": cannot make absolute: " + ec.message());
  abs = abs.lexically_normal();
  config.data_dir = abs.string();
  while (config.data_dir.size() > 1 && config.data_dir.back() == '/') config.data_dir.pop_back();

  const std::string path = (fs::path(config.data_dir) / kConfigFileName).string();
  std::string text;
  BS_RETURN_IF_ERROR(ReadFile(path, &text));
  BS_RETURN_IF_ERROR(ReadToml(path, text, &config));

  std::string default_language_from = path + ": site.default_language";
  BS_RETURN_IF_ERROR(ApplyEnv(env, &config, &default_language_from));

  const SiteConfig& site = config.site;
  bool listed = false;
  for (const std::string& lang : site.languages) listed = listed || lang == site.default_language;
  if (!listed) {
    return Invalid(default_language_from,
                   "'" + site.default_language + "' is not one of site.languages");
  }
  if (!config.mail.smtp_url.empty() && config.mail.from_address.empty()) {
    return Invalid(path + ": mail.from_address", "is required when mail.smtp_url is set");
  }
  if (config.donations.enabled && config.donations.stripe_secret_key.empty()) {
    return Invalid(path + ": donations.enabled",
                   "needs the Stripe secret key in BROADSIDE_STRIPE_SECRET_KEY (never in the "
                   "file); set it or set enabled = false");
  }
  if (config.donations.enabled && config.donations.stripe_webhook_secrets.empty()) {
    return Invalid(path + ": donations.enabled",
                   "needs the webhook signing secret(s) in BROADSIDE_STRIPE_WEBHOOK_SECRETS "
                   "(comma-separated); without them no gift would ever be marked paid");
  }
  return config;
}

const std::vector<std::pair<std::string, std::string>>& EnvOverrides() {
  // Each variable replaces one key of broadside.toml and is validated like it;
  // an error names the variable. Paths (BROADSIDE_SQLITE_PATH,
  // BROADSIDE_THEME_DIR) are relative to the data directory, as in the file;
  // BROADSIDE_THEME_DIR="" selects the built-in theme. Other BROADSIDE_*
  // variables are ignored (tests and scripts use some of their own).
  static const auto* const kOverrides = new std::vector<std::pair<std::string, std::string>>{
      {"BROADSIDE_SITE_NAME", "site.name"},
      {"BROADSIDE_BASE_URL", "site.base_url"},
      {"BROADSIDE_DEFAULT_LANGUAGE", "site.default_language"},
      {"BROADSIDE_TIME_ZONE", "site.time_zone"},
      {"BROADSIDE_LISTEN", "server.listen"},
      {"BROADSIDE_THREADS", "server.threads"},
      {"BROADSIDE_SQLITE_PATH", "store.sqlite_path"},
      {"BROADSIDE_THEME_DIR", "theme.dir"},
      {"BROADSIDE_SMTP_URL", "mail.smtp_url"},
      {"BROADSIDE_SMTP_USERNAME", "mail.smtp_username"},
      {"BROADSIDE_SMTP_PASSWORD", "mail.smtp_password"},
      {"BROADSIDE_MAIL_FROM", "mail.from_address"},
      {"BROADSIDE_STRIPE_SECRET_KEY", "(donations: Stripe secret key)"},
      {"BROADSIDE_STRIPE_WEBHOOK_SECRETS", "(donations: webhook secrets, comma-separated)"},
  };
  return *kOverrides;
}

std::map<std::string, std::string> BroadsideEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (!entry.starts_with("BROADSIDE_")) continue;
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return env;
}

std::string DefaultConfigToml(const std::string& site_name) {
  SiteConfig site;
  site.name = site_name;
  return ConfigTomlFor(site);
}

std::string ConfigTomlFor(const SiteConfig& site) {
  const Config d;
  const std::string& site_name = site.name;
  const ServerConfig& server = d.server;
  auto n = [](int64_t v) { return std::to_string(v); };
  std::string languages;
  for (const std::string& lang : site.languages) {
    languages += (languages.empty() ? "" : ", ") + TomlQuote(lang);
  }
  std::string env_list;
  for (const auto& [var, key] : EnvOverrides()) {
    env_list += "#   " + var + std::string(var.size() < 28 ? 28 - var.size() : 1, ' ') + key + "\n";
  }

  std::string out;
  out += R"(# broadside.toml: the configuration of one Broadside site.
#
# Broadside reads this file once, at start-up, from its data directory; restart
# it after a change. Every key is listed below with its default value, so you
# can delete any key to go back to the default. Unknown keys are errors: a typo
# stops the server with a message instead of being silently ignored.
#
# These environment variables override the file (handy for containers); paths
# in them are relative to the data directory, as in this file:
)";
  out += env_list;
  out += R"(
[site]
# Admins can change name, tagline, description, footer_statement,
# default_language, join_url, donate_url and the nav and social links in the
# back office (Settings); what they save there takes precedence over this file.
# Your organization's name: shown in the header, page titles, feeds and e-mails.
name = )" +
         TomlQuote(site_name) + R"(
# A short line shown under the name.
tagline = )" +
         TomlQuote(site.tagline) + R"(
# The public address of the site as readers reach it, without a trailing
# slash. Links in feeds, sitemaps and e-mails are built from it. Include the
# path if the site lives under one, e.g. "https://example.org/news".
base_url = )" +
         TomlQuote(site.base_url) + R"(
# Languages the site publishes in: two-letter codes ("en", "es") or a language
# with a region ("pt-BR").
languages = [)" +
         languages + R"(]
# The language shown to readers who have not chosen one; one of `languages`.
default_language = )" +
         TomlQuote(site.default_language) + R"(
# The IANA time zone dates are shown in, e.g. "Europe/Madrid" or
# "America/Argentina/Buenos_Aires". Times are stored in UTC; this only changes
# how they are displayed and how times typed in the back office are read.
time_zone = )" +
         TomlQuote(site.time_zone) + R"(
# The description of the home page for search engines and link previews.
description = )" +
         TomlQuote(site.description) + R"(
# A statement shown in the footer of every page, e.g. who publishes the site.
footer_statement = )" +
         TomlQuote(site.footer_statement) + R"(
# Articles per page on listings (1 to 100).
page_size = )" +
         n(site.page_size) + R"(
# Where the "Join" and "Donate" buttons lead: a path on this site or a full
# http(s) address, e.g. your current membership form or donation platform.
# Empty hides the button (the default until those features are switched on).
join_url = )" +
         TomlQuote(site.join_url) + R"(
donate_url = )" +
         TomlQuote(site.donate_url) + R"(

# Extra navigation links, shown after the sections, in this order. Repeat the
# block below (without the leading '#') once per link. `url` is a path on this
# site ("/donate") or a full http(s) address.
# [[site.nav]]
# label = "Donate"
# url = "/donate"

# The organization elsewhere (social networks, video channels), linked from
# the footer in this order. Same form as the navigation links above.
# [[site.social]]
# label = "Mastodon"
# url = "https://social.example/@ourorg"

[server]
# The address and port to listen on. The default accepts connections from this
# machine only (put a reverse proxy in front); "0.0.0.0:8080" or "[::]:8080"
# listens on every interface. Port 0 picks a free port.
listen = )" +
         TomlQuote(FormatListen(server)) + R"(
# Network threads, 0 to 1024; 0 means one per CPU core.
threads = )" +
         n(server.threads) + R"(
# Seconds a client may take to send the request line and headers (1 to 3600).
header_timeout_seconds = )" +
         n(server.header_timeout.count()) + R"(
# Seconds a client may take to send the request body (1 to 3600).
body_timeout_seconds = )" +
         n(server.body_timeout.count()) + R"(
# Seconds an idle keep-alive connection is kept open waiting for a request
# (1 to 3600).
idle_timeout_seconds = )" +
         n(server.idle_timeout.count()) + R"(
# The largest request body accepted, in bytes (forms and uploads).
max_body_bytes = )" +
         n(server.max_body_bytes) + R"(
# The largest total size of a request's headers, in bytes.
max_header_bytes = )" +
         n(server.max_header_bytes) + R"(
# The longest request line (method, path and query string), in bytes.
max_request_line_bytes = )" +
         n(server.max_request_line) + R"(
# Open connections allowed at once.
max_connections = )" +
         n(server.max_connections) + R"(
# Requests served on one keep-alive connection before it is closed.
max_requests_per_connection = )" +
         n(server.max_requests_per_connection) + R"(
# On SIGINT/SIGTERM, seconds to let requests in progress finish before exiting
# (0 to 3600).
shutdown_grace_seconds = )" +
         n(server.shutdown_grace.count()) + R"(

[store]
# The database. Only "sqlite" is supported for now.
driver = )" +
         TomlQuote(d.store.driver) + R"(
# The SQLite database file; a relative path is relative to the data directory.
sqlite_path = )" +
         TomlQuote(d.store.sqlite_path) + R"(
# Read-only database connections kept open beside the single writer (1 to 64).
read_connections = )" +
         n(d.store.read_connections) + R"(

[theme]
# A directory with your own theme (templates, stylesheets, images); a relative
# path is relative to the data directory. Empty uses the built-in theme.
dir = ""

[accounts]
# Staff sessions end after this many minutes without a request, and this many
# minutes after signing in whatever happens (OWASP ASVS level 2: 2 h and 12 h).
session_idle_minutes = )" + n(d.accounts.session_idle.count() / 60) + R"(
session_absolute_minutes = )" + n(d.accounts.session_absolute.count() / 60) + R"(
# Sign-in attempts allowed per minute from one IP address, then 429.
login_attempts_per_minute = )" + n(d.accounts.login_attempts_per_minute) + R"(
# Failed sign-ins allowed per account per hour (with a growing delay before).
login_failures_per_hour = )" + n(d.accounts.login_failures_per_hour) + R"(

[mail]
# The SMTP server that sends the site's e-mail (invitations, password resets,
# receipts). "smtp://host:587" uses STARTTLS as set below; "smtps://host:465"
# is TLS from the start. Empty: messages wait in the outbox until it is set.
smtp_url = ""
smtp_username = ""
# Better given as BROADSIDE_SMTP_PASSWORD than written here.
smtp_password = ""
# For smtp:// URLs: "if-available", "required" (refuse to send in clear) or "off".
starttls = "if-available"
# The sender of every message, e.g. "news@example.org"; required with smtp_url.
from_address = ""
# The sender's name; empty uses the site name.
from_name = ""
# Where replies go; empty: to from_address.
reply_to = ""

[search]
# A query matching more documents than this ranks only the newest this-many
# of them (the page says "1000+ results" and suggests narrowing it); 0 ranks
# every match, which costs CPU per match on a large site.
rank_window = )" + n(d.search.rank_window) + R"(
# Result pages kept in memory for 30 s or until the content changes, so many
# readers searching the same words cost one search; 0 turns the cache off.
cache_entries = )" + n(d.search.cache_entries) + R"(

[mailbag]
# Questions one IP address may send through /mailbag/ask per hour (1 to 10000).
questions_per_hour = )" + n(d.mailbag.questions_per_hour) + R"(
# An Ask form sent back sooner than this many seconds after it was served is
# refused as a bot's (0 to 60).
min_fill_seconds = )" + n(d.mailbag.min_fill_time.count()) + R"(

[members]
# Confirmed joiners wait for the membership secretary's approval.
require_approval = false
# Optional questions on the Join form, any of "union", "interests", "heard_from".
optional_questions = []
# A member's own deletion request is carried out after this many days (0 to 90).
deletion_grace_days = )" + n(d.members.deletion_grace_days) + R"(
# Join forms (and, separately, portal sign-in requests) one IP address may send
# per hour (1 to 10000); each sends an email.
joins_per_hour = )" + n(d.members.joins_per_hour) + R"(
# Membership types; the first is the default (with one, the form offers no choice).
# [[members.types]]
# slug = "regular"
# name = "Regular"
# [[members.types]]
# slug = "reduced"
# name = "Reduced: unwaged and students"
# monthly_dues_minor = 500   # optional: monthly dues in cents (0 = none)

[donations]
# The Donate page (/donate) with Stripe Checkout. false: no /donate, and the
# Donate button keeps site.donate_url. The Stripe secrets are read ONLY from
# the environment: BROADSIDE_STRIPE_SECRET_KEY ("sk_live_..." or "rk_...") and
# BROADSIDE_STRIPE_WEBHOOK_SECRETS ("whsec_...", comma-separated during a
# rotation); the server refuses to start with enabled = true without them.
# Point Stripe's webhook at <base_url>/stripe/webhook.
enabled = false
# ISO 4217: USD EUR GBP CAD AUD MXN JPY KRW.
currency = ")" + d.donations.currency + R"("
# Amounts are in minor units (cents): 2500 is $25.00.
preset_amounts_minor = [1000, 2500, 5000, 10000]
min_minor = )" + n(d.donations.min_minor) + R"(
max_minor = )" + n(d.donations.max_minor) + R"(
# Above a donor's calendar-year total of this, employer and occupation are
# required (equal is not above).
itemization_threshold_minor = )" + n(d.donations.itemization_threshold_minor) + R"(
# Most one donor may give per calendar year; 0 = no cap.
yearly_cap_minor = )" + n(d.donations.yearly_cap_minor) + R"(
# Printed on receipts.
legal_name = ""
receipt_disclaimer = ""
stripe_api_base = ")" + d.donations.stripe_api_base + R"("
# Donate forms one IP address may send per hour (1 to 10000); each that
# passes the checks creates a Stripe Checkout Session.
starts_per_hour = )" + n(d.donations.starts_per_hour) + R"(
# true: the receipt's link for a monthly gift also offers Stripe's customer
# portal (change card or amount). Configure the portal in Stripe first.
customer_portal = )" + (d.donations.customer_portal ? "true" : "false") + R"(
# Statements donors tick before giving. Unset: the US political-committee
# defaults (own funds, citizen or permanent resident, 18 or older, not a
# federal contractor). Your treasurer or counsel decides what you need;
# "attestations = []" asks none.
# [[donations.attestations]]
# key = "own_funds"
# text = "This contribution is made from my own funds, and not those of another."
)";
  return out;
}

}  // namespace config
