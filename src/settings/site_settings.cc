#include "settings/site_settings.h"

#include <boost/json.hpp>

#include <utility>

namespace settings {
namespace {

namespace json = boost::json;
using base::Status;

json::array LinksJson(const std::vector<config::NavLink>& links) {
  json::array out;
  for (const config::NavLink& l : links) out.push_back(json::object{{"label", l.label}, {"url", l.url}});
  return out;
}

Status ReadString(const json::object& o, const char* key, std::string* out) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return Status::Ok();
  const json::string* s = v->if_string();
  if (s == nullptr) return Status::InvalidArgument(std::string("settings: ") + key + " is not a string");
  *out = std::string(s->data(), s->size());
  return Status::Ok();
}

Status ReadLinks(const json::object& o, const char* key, std::vector<config::NavLink>* out) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return Status::Ok();
  const json::array* a = v->if_array();
  const Status bad = Status::InvalidArgument(std::string("settings: ") + key +
                                             " is not a list of {label, url}");
  if (a == nullptr) return bad;
  std::vector<config::NavLink> links;
  for (const json::value& item : *a) {
    const json::object* l = item.if_object();
    if (l == nullptr) return bad;
    config::NavLink link;
    BS_RETURN_IF_ERROR(ReadString(*l, "label", &link.label));
    BS_RETURN_IF_ERROR(ReadString(*l, "url", &link.url));
    links.push_back(std::move(link));
  }
  *out = std::move(links);
  return Status::Ok();
}

}  // namespace

SiteEdit EditOf(const config::SiteConfig& site) {
  SiteEdit e;
  e.name = site.name;
  e.tagline = site.tagline;
  e.description = site.description;
  e.footer_statement = site.footer_statement;
  e.default_language = site.default_language;
  e.nav = site.nav;
  e.social = site.social;
  e.join_url = site.join_url;
  e.donate_url = site.donate_url;
  return e;
}

SiteSettings::SiteSettings(config::SiteConfig file, store::SettingsStore& store,
                           const base::Clock& clock)
    : file_(std::move(file)), store_(store), clock_(clock) {
  auto first = std::make_unique<SiteSnapshot>();
  first->site = file_;
  std::lock_guard lock(mu_);
  Publish(std::move(first));
}

std::string SiteSettings::ToJson(const SiteEdit& e) {
  json::object o;
  o["name"] = e.name;
  o["tagline"] = e.tagline;
  o["description"] = e.description;
  o["footer_statement"] = e.footer_statement;
  o["default_language"] = e.default_language;
  o["nav"] = LinksJson(e.nav);
  o["social"] = LinksJson(e.social);
  o["join_url"] = e.join_url;
  o["donate_url"] = e.donate_url;
  return json::serialize(o);
}

base::Result<SiteEdit> SiteSettings::FromJson(const std::string& text, const SiteEdit& fallback) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Status::InvalidArgument("settings: malformed JSON: " + ec.message());
  const json::object* o = v.if_object();
  if (o == nullptr) return Status::InvalidArgument("settings: not a JSON object");
  SiteEdit e = fallback;
  BS_RETURN_IF_ERROR(ReadString(*o, "name", &e.name));
  BS_RETURN_IF_ERROR(ReadString(*o, "tagline", &e.tagline));
  BS_RETURN_IF_ERROR(ReadString(*o, "description", &e.description));
  BS_RETURN_IF_ERROR(ReadString(*o, "footer_statement", &e.footer_statement));
  BS_RETURN_IF_ERROR(ReadString(*o, "default_language", &e.default_language));
  BS_RETURN_IF_ERROR(ReadLinks(*o, "nav", &e.nav));
  BS_RETURN_IF_ERROR(ReadLinks(*o, "social", &e.social));
  BS_RETURN_IF_ERROR(ReadString(*o, "join_url", &e.join_url));
  BS_RETURN_IF_ERROR(ReadString(*o, "donate_url", &e.donate_url));
  return e;
}

config::SiteConfig SiteSettings::Apply(const SiteEdit& e) const {
  config::SiteConfig site = file_;
  site.name = e.name;
  site.tagline = e.tagline;
  site.description = e.description;
  site.footer_statement = e.footer_statement;
  site.default_language = e.default_language;
  site.nav = e.nav;
  site.social = e.social;
  site.join_url = e.join_url;
  site.donate_url = e.donate_url;
  return site;
}

SiteEdit SiteSettings::Editable() const { return EditOf(*Current()); }

void SiteSettings::Publish(std::unique_ptr<const SiteSnapshot> snapshot) {
  snapshot_.store(snapshot.get(), std::memory_order_release);
  published_.push_back(std::move(snapshot));
}

Status SiteSettings::PublishRecord(const store::SettingsRecord& record) {
  BS_ASSIGN_OR_RETURN(SiteEdit edit, FromJson(record.json, EditOf(file_)));
  auto next = std::make_unique<SiteSnapshot>();
  next->site = Apply(edit);
  Status valid = config::ValidateEditableSite(next->site);
  if (!valid.ok()) {
    return valid.WithContext("stored site settings version " + std::to_string(record.version));
  }
  next->version = record.version;
  next->updated_at = record.updated_at;
  next->updated_by = record.updated_by;
  Publish(std::move(next));
  return Status::Ok();
}

Status SiteSettings::Load() {
  std::lock_guard lock(mu_);
  BS_ASSIGN_OR_RETURN(std::optional<store::SettingsRecord> record, store_.GetSiteSettings());
  if (!record) return Status::Ok();
  return PublishRecord(*record);
}

Status SiteSettings::Refresh() {
  std::lock_guard lock(mu_);
  BS_ASSIGN_OR_RETURN(std::optional<store::SettingsRecord> record, store_.GetSiteSettings());
  if (!record || record->version == snapshot_.load(std::memory_order_relaxed)->version) {
    return Status::Ok();
  }
  return PublishRecord(*record);
}

Status SiteSettings::Update(const SiteEdit& edit, int64_t expected_version,
                            const std::string& actor, std::string* bad_field) {
  auto next = std::make_unique<SiteSnapshot>();
  next->site = Apply(edit);
  BS_RETURN_IF_ERROR(config::ValidateEditableSite(next->site, bad_field));
  std::lock_guard lock(mu_);
  const base::Time now = clock_.Now();
  BS_ASSIGN_OR_RETURN(next->version,
                      store_.PutSiteSettings(ToJson(edit), expected_version, now, actor));
  next->updated_at = now;
  next->updated_by = actor;
  Publish(std::move(next));
  return Status::Ok();
}

}  // namespace settings
