// Site settings: one form over settings::SiteSettings. Links are rows of
// label + URL; a few empty rows let an admin add links without JavaScript,
// and a row left (or made) empty is removed.

#include "admin/settings_page.h"

#include <string>
#include <utility>
#include <vector>

#include "admin/view.h"
#include "base/text.h"
#include "settings/site_settings.h"

namespace admin {
namespace {

using settings::SiteEdit;

constexpr size_t kEmptyRows = 3;  // blank link rows offered for new links

std::string Trimmed(const std::string& s) { return std::string(base::Trim(s)); }

// Which part of the form `bad_field` (config::ValidateEditableSite's key)
// points at: the plain field, or a link list with its row and column.
struct BadField {
  std::string field;  // "name", ..., or "nav" / "social"
  int row = -1;       // link row, -1 for the whole list or a plain field
  std::string column; // "label" or "url" for a row
};

BadField ParseBadField(const std::string& key) {
  BadField b;
  const size_t bracket = key.find('[');
  b.field = key.substr(0, bracket);
  if (bracket == std::string::npos) return b;
  const size_t close = key.find(']', bracket);
  if (close == std::string::npos) return b;
  b.row = static_cast<int>(base::ParseInt64(key.substr(bracket + 1, close - bracket - 1))
                               .value_or(-1));
  if (close + 2 <= key.size()) b.column = key.substr(close + 2);
  return b;
}

std::string FieldLabel(const Ctx& c, const BadField& b) {
  if (b.field == "nav" || b.field == "social") {
    std::string label = T(c, b.field == "nav" ? "Navigation links" : "Social links");
    if (b.row >= 0) label += ", " + T(c, "row") + " " + std::to_string(b.row + 1);
    return label;
  }
  if (b.field == "name") return T(c, "Site name");
  if (b.field == "tagline") return T(c, "Tagline");
  if (b.field == "description") return T(c, "Description for search engines");
  if (b.field == "footer_statement") return T(c, "Footer statement");
  if (b.field == "default_language") return T(c, "Default language");
  if (b.field == "join_url") return T(c, "Join link");
  if (b.field == "donate_url") return T(c, "Donate link");
  return b.field;
}

// The link rows of the form: label and URL inputs in pairs, in order. Rows
// with both empty are dropped. InvalidArgument when the counts differ (not
// our form).
base::Result<std::vector<config::NavLink>> LinksFromForm(const Ctx& c, const std::string& list) {
  const std::vector<std::string> labels = c.form.form.GetAll(list + "_label");
  const std::vector<std::string> urls = c.form.form.GetAll(list + "_url");
  if (labels.size() != urls.size())
    return base::Status::InvalidArgument("settings form: unpaired " + list + " rows");
  std::vector<config::NavLink> links;
  for (size_t i = 0; i < labels.size(); ++i) {
    config::NavLink link{Trimmed(labels[i]), Trimmed(urls[i])};
    if (link.label.empty() && link.url.empty()) continue;
    links.push_back(std::move(link));
  }
  return links;
}

render::Value LinkRows(const std::vector<config::NavLink>& links, const BadField& bad,
                       const std::string& list) {
  render::Value rows = render::Value::MakeList(links.size() + kEmptyRows);
  for (size_t i = 0; i < links.size() + kEmptyRows; ++i) {
    const bool filled = i < links.size();
    const bool bad_row = bad.field == list && bad.row == static_cast<int>(i);
    rows.Push(render::Value::MakeObject()
                  .Set("n", std::to_string(i + 1))
                  .Set("label", filled ? links[i].label : "")
                  .Set("url", filled ? links[i].url : "")
                  .Set("invalid_label", bad_row && bad.column == "label")
                  .Set("invalid_url", bad_row && bad.column == "url"));
  }
  return rows;
}

// The page for `edit` at `version`, with `bad` (if any) marked.
AdminResult FormPage(Ctx& c, const SiteEdit& edit, int64_t version, const BadField& bad,
                     std::string error, int status) {
  const settings::SiteSnapshot& snap = c.d.settings->CurrentSnapshot();
  render::Value data = render::Value::MakeObject();
  data.Set("version", std::to_string(version));
  for (const auto& [key, value] :
       {std::pair<const char*, const std::string*>{"name", &edit.name},
        {"tagline", &edit.tagline},
        {"description", &edit.description},
        {"footer_statement", &edit.footer_statement},
        {"join_url", &edit.join_url},
        {"donate_url", &edit.donate_url}}) {
    data.Set(key, *value);
    data.Set(std::string("invalid_") + key, bad.field == key);
  }
  data.Set("invalid_default_language", bad.field == "default_language");
  data.Set("invalid_nav", bad.field == "nav" && bad.row < 0);
  data.Set("invalid_social", bad.field == "social" && bad.row < 0);
  render::Value languages = render::Value::MakeList();
  for (const std::string& lang : snap.site.languages) {
    languages.Push(render::Value::MakeObject()
                       .Set("code", lang)
                       .Set("selected", lang == edit.default_language));
  }
  data.Set("languages", std::move(languages));
  data.Set("nav_rows", LinkRows(edit.nav, bad, "nav"));
  data.Set("social_rows", LinkRows(edit.social, bad, "social"));
  if (snap.version > 0) {
    data.Set("last_saved", FormatTime(c, snap.updated_at));
    data.Set("last_saved_by", snap.updated_by);
  }
  if (!error.empty()) data.Set("error", std::move(error));
  return Page(c, "settings", std::move(data), status);
}

}  // namespace

AdminResult SettingsForm(Ctx& c) {
  if (c.d.settings == nullptr) return base::Status::Unavailable("no site settings");
  const settings::SiteSnapshot& snap = c.d.settings->CurrentSnapshot();
  return FormPage(c, settings::EditOf(snap.site), snap.version, {}, "", 200);
}

AdminResult SettingsSave(Ctx& c) {
  if (c.d.settings == nullptr) return base::Status::Unavailable("no site settings");
  const http::Form& f = c.form.form;
  const std::optional<int64_t> version = base::ParseInt64(f.Value("version"));
  if (!version || *version < 0)
    return base::Status::InvalidArgument("settings form: bad version");
  SiteEdit edit;
  edit.name = Trimmed(f.Value("name"));
  edit.tagline = Trimmed(f.Value("tagline"));
  edit.description = Trimmed(f.Value("description"));
  edit.footer_statement = Trimmed(f.Value("footer_statement"));
  edit.default_language = f.Value("default_language");
  edit.join_url = Trimmed(f.Value("join_url"));
  edit.donate_url = Trimmed(f.Value("donate_url"));
  BS_ASSIGN_OR_RETURN(edit.nav, LinksFromForm(c, "nav"));
  BS_ASSIGN_OR_RETURN(edit.social, LinksFromForm(c, "social"));

  std::string bad_field;
  const base::Status s = c.d.settings->Update(edit, *version, c.user().email, &bad_field);
  if (s.ok()) {
    BS_RETURN_IF_ERROR(c.d.accounts->Audit(
        c.actor(), "settings.update", "settings", "site",
        "version " + std::to_string(c.d.settings->CurrentSnapshot().version)));
    return SeeOther("/admin/settings", "saved");
  }
  if (s.IsInvalidArgument() && !bad_field.empty()) {
    const BadField bad = ParseBadField(bad_field);
    return FormPage(c, edit, *version, bad,
                    T(c, "Not saved. Please check this field:") + " " + FieldLabel(c, bad), 400);
  }
  if (s.IsConflict()) {
    // Show what this admin typed over the newer version, so saving again
    // (after a look at the site) replaces it knowingly.
    (void)c.d.settings->Refresh();
    return FormPage(c, edit, c.d.settings->CurrentSnapshot().version, {},
                    T(c, "Someone else saved the settings while you were editing. Your changes "
                         "are below, not saved yet: save again to replace theirs."),
                    409);
  }
  return s;
}

}  // namespace admin
