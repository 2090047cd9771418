#include "admin/view.h"

#include <cstdio>
#include <utility>

#include "base/time_format.h"
#include "http/request.h"
#include "web/status_mapping.h"

namespace admin {
namespace {

using accounts::Permission;

struct NavItem {
  const char* href;
  const char* label;  // English msgid
  Permission permission;
  // Shown only when giving is on: the page answers 503 otherwise.
  bool needs_donations = false;
};

// The sidebar, in order; each entry shows only to users who may open it.
constexpr NavItem kNav[] = {
    {"/admin", "Dashboard", Permission::kStaffArea},
    {"/admin/articles", "Articles", Permission::kWriteDrafts},
    {"/admin/mailbag", "Mailbag", Permission::kAnswerMailbag},
    {"/admin/members", "Members", Permission::kViewMembers},
    {"/admin/donations", "Donations", Permission::kManageDonations, true},
    {"/admin/pages", "Pages", Permission::kManageTaxonomy},
    {"/admin/bylines", "Bylines", Permission::kManageTaxonomy},
    {"/admin/sections", "Sections", Permission::kManageTaxonomy},
    {"/admin/tags", "Tags", Permission::kManageTaxonomy},
    {"/admin/media", "Media", Permission::kUploadMedia},
    {"/admin/users", "Users", Permission::kManageUsers},
    {"/admin/settings", "Settings", Permission::kManageSettings},
    {"/admin/audit", "Audit log", Permission::kViewAudit},
    {"/admin/outbox", "Outgoing mail", Permission::kViewOutbox},
};

// ?done=KEY after a redirect: a fixed list, so a link cannot put arbitrary
// text on an admin page.
constexpr std::pair<const char*, const char*> kFlashMessages[] = {
    {"signed_out", "You have signed out."},
    {"password_set", "Your password is set. You can sign in now."},
    {"password_changed", "Your password is changed. Your other sessions were signed out."},
    {"signed_out_everywhere", "You were signed out everywhere else."},
    {"user_created", "The user was created and an invitation sent."},
    {"user_saved", "The user was saved."},
    {"invitation_sent", "A new sign-in link was sent."},
    {"sessions_ended", "All of this user's sessions were ended."},
    {"saved", "Saved."},
    {"deleted", "Deleted."},
    {"published", "Published."},
    {"scheduled", "Scheduled."},
    {"unpublished", "Unpublished: it is a draft again."},
    {"uploaded", "The image was uploaded."},
    {"requeued", "The message will be sent again."},
    {"merged", "The tags were merged."},
    {"mailbag_unpublished", "Unpublished: it is back among the answered questions."},
    {"mailbag_declined", "The question was declined."},
    {"mailbag_reopened", "The question was reopened."},
    {"mailbag_assigned", "You are now assigned to this question."},
    {"mailbag_unassigned", "You are no longer assigned to this question."},
    {"member_approved", "The applicant was approved."},
    {"member_declined", "The application was declined."},
    {"member_erased", "The member's personal data was erased."},
    {"member_moved", "The member's chapter was changed."},
    {"members_imported", "{count} members imported."},
    {"offline_recorded", "The gift was recorded."},
    {"donation_corrected", "The correction was saved in the ledger."},
    {"summary_sent", "The annual summary was queued for the donor."},
};

std::string FlashText(const Ctx& c) {
  const std::optional<std::string> key = c.req.QueryParam("done");
  if (!key) return "";
  for (const auto& [k, msg] : kFlashMessages) {
    if (*key != k) continue;
    std::string text = T(c, msg);
    // "{count}" takes ?count=, digits only: nothing else from a link reaches the page.
    if (const size_t at = text.find("{count}"); at != std::string::npos) {
      std::string n = c.req.QueryParam("count").value_or("");
      if (n.empty() || n.size() > 9 || n.find_first_not_of("0123456789") != std::string::npos)
        n = "?";
      text.replace(at, 7, n);
    }
    return text;
  }
  return "";
}

const char* ErrorHeadline(int code) {
  switch (code) {
    case 400: return "That request did not make sense to us";
    case 403: return "You are not allowed to do that";
    case 404: return "Page not found";
    case 405: return "Method not allowed";
    case 409: return "That changed while you were looking";
    case 429: return "Too many requests";
    case 503: return "The site is busy";
    default: return "Something went wrong on our side";
  }
}

}  // namespace

std::string T(const Ctx& c, std::string_view msgid) {
  return std::string(c.d.site->catalog->Get(c.lang, msgid));
}

std::string FormatTime(const Ctx& c, base::Time t) {
  const base::CivilTime l = c.d.site->time_zone->ToLocal(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", l.year, l.month, l.day, l.hour,
                l.minute);
  return buf;
}

render::Value AuditRows(const Ctx& c, const std::vector<store::AuditEntry>& entries) {
  render::Value rows = render::Value::MakeList(entries.size());
  for (const store::AuditEntry& e : entries) {
    rows.Push(render::Value::MakeObject()
                  .Set("at", FormatTime(c, e.at))
                  .Set("actor", e.actor)
                  .Set("action", e.action)
                  .Set("object_type", e.object_type)
                  .Set("object_id", e.object_id)
                  .Set("detail", e.detail)
                  .Set("ip", e.ip));
  }
  return rows;
}

render::Value RoleOptions(const Ctx& c, accounts::RoleSet checked) {
  render::Value list = render::Value::MakeList();
  for (accounts::Role r : accounts::kAllRoles) {
    list.Push(render::Value::MakeObject()
                  .Set("value", std::string(accounts::RoleName(r)))
                  .Set("label", T(c, accounts::RoleName(r)))
                  .Set("checked", accounts::Has(checked, r)));
  }
  return list;
}

std::string FieldErrorText(const Ctx& c, const base::Status& s,
                           const char* (*label_for)(const std::string& field)) {
  const std::string& msg = s.message();
  const size_t colon = msg.find(": ");
  if (colon != std::string::npos) {
    if (const char* label = label_for(msg.substr(0, colon)))
      return T(c, label) + ": " + T(c, msg.substr(colon + 2));
  }
  return T(c, "Not saved: please check the form.");
}

std::string SafeNext(std::string_view next) {
  const bool ok = next.substr(0, 6) == "/admin" &&
                  (next.size() == 6 || next[6] == '/' || next[6] == '?') &&
                  next.find("//") == std::string_view::npos &&
                  next.find('\\') == std::string_view::npos &&
                  next.find_first_of("\r\n") == std::string_view::npos;
  return ok ? std::string(next) : "/admin";
}

AdminResult Page(Ctx& c, std::string_view template_name, render::Value data, int status) {
  data.Set("site_name", c.d.site->site->name);
  data.Set("lang", c.lang);
  data.Set("flash", FlashText(c));
  if (c.session) {
    data.Set("signed_in", true);
    data.Set("user_name", c.session->user.display_name);
    data.Set("user_email", c.session->user.email);
    data.Set("csrf", c.session->csrf_token);
    render::Value nav = render::Value::MakeList();
    for (const NavItem& item : kNav) {
      if (!c.Can(item.permission)) continue;
      if (item.needs_donations && c.d.donations == nullptr) continue;
      const std::string_view path = c.req.path;
      const std::string_view href = item.href;
      const bool current = path == href || (href != "/admin" && path.substr(0, href.size()) == href);
      nav.Push(render::Value::MakeObject()
                   .Set("href", item.href)
                   .Set("label", T(c, item.label))
                   .Set("current", current));
    }
    data.Set("nav", std::move(nav));
  }
  BS_ASSIGN_OR_RETURN(std::string html, c.d.theme->Render(template_name, std::move(data), c.lang));
  http::Response res;
  res.status = status;
  res.body = std::move(html);
  return res;
}

http::Response ErrorPage(Ctx& c, int http_status) {
  render::Value data = render::Value::MakeObject()
                           .Set("status", std::to_string(http_status))
                           .Set("headline", T(c, ErrorHeadline(http_status)));
  AdminResult page = Page(c, "error", std::move(data), http_status);
  if (page.ok()) return std::move(page).value();
  return http::Response::Text(http_status, ErrorHeadline(http_status));
}

http::Response ErrorPage(Ctx& c, const base::Status& status) {
  const int code = web::HttpStatusFor(status);
  if (code >= 500 && c.d.site->log_error) {
    c.d.site->log_error("request " + c.req.request_id + " " + c.req.method_text + " " +
                        c.req.target + " failed: " + status.ToString());
  }
  return ErrorPage(c, code);
}

http::Response SeeOther(std::string location, std::string_view flash) {
  if (!flash.empty()) {
    location += location.find('?') == std::string::npos ? "?done=" : "&done=";
    location += flash;
  }
  return http::Response::Redirect(303, std::move(location));
}

}  // namespace admin
