// The audit log, filterable (admins only, Permission::kViewAudit).

#include "admin/handlers.h"
#include "admin/view.h"
#include "base/time_format.h"

namespace admin {
namespace {

constexpr int kPerPage = 50;

// "YYYY-MM-DD" (a date input) as the start of that day in the site's zone.
std::optional<base::Time> DayStart(const Ctx& c, const std::string& text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3)
    return std::nullopt;
  if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  base::CivilTime local;
  local.year = y;
  local.month = m;
  local.day = d;
  return c.d.site->time_zone->FromLocal(local);
}

}  // namespace

AdminResult AuditLog(Ctx& c) {
  store::AuditQuery q;
  const std::string action = c.req.QueryParam("action").value_or("");
  const std::string object_type = c.req.QueryParam("object_type").value_or("");
  const std::string object_id = c.req.QueryParam("object_id").value_or("");
  const std::string from = c.req.QueryParam("from").value_or("");
  const std::string to = c.req.QueryParam("to").value_or("");
  if (!action.empty()) q.action = action;
  if (!object_type.empty()) q.object_type = object_type;
  if (!object_id.empty()) q.object_id = object_id;
  if (auto t = DayStart(c, from)) q.from = *t;
  if (auto t = DayStart(c, to)) q.before = *t + std::chrono::hours(24);
  if (auto user = c.req.QueryParam("user"); user && !user->empty()) {
    auto normalized = accounts::AccountsService::NormalizeEmail(*user);
    if (normalized.ok()) {
      // Filtering by someone unknown shows nothing rather than everything.
      q.user_id = -1;
      BS_ASSIGN_OR_RETURN(std::vector<store::User> users, c.d.accounts->ListUsers());
      for (const store::User& u : users)
        if (u.email == *normalized) q.user_id = u.id;
    }
  }
  int page = 1;
  if (auto p = c.req.QueryParam("page")) {
    page = std::atoi(p->c_str());
    if (page < 1 || page > 100000) return base::Status::InvalidArgument("page out of range");
  }
  q.limit = kPerPage;
  q.offset = (page - 1) * kPerPage;
  BS_ASSIGN_OR_RETURN(int64_t total, c.d.accounts->CountAudit(q));
  BS_ASSIGN_OR_RETURN(std::vector<store::AuditEntry> entries, c.d.accounts->ListAudit(q));

  std::string filter_query = "action=" + http::PercentEncode(action) +
                             "&object_type=" + http::PercentEncode(object_type) +
                             "&object_id=" + http::PercentEncode(object_id) +
                             "&user=" + http::PercentEncode(c.req.QueryParam("user").value_or("")) +
                             "&from=" + http::PercentEncode(from) + "&to=" + http::PercentEncode(to);
  render::Value data = render::Value::MakeObject()
                           .Set("entries", AuditRows(c, entries))
                           .Set("total", std::to_string(total))
                           .Set("action", action)
                           .Set("object_type", object_type)
                           .Set("object_id", object_id)
                           .Set("user", c.req.QueryParam("user").value_or(""))
                           .Set("from", from)
                           .Set("to", to);
  if (page > 1)
    data.Set("prev_url", "/admin/audit?" + filter_query + "&page=" + std::to_string(page - 1));
  if (static_cast<int64_t>(page) * kPerPage < total)
    data.Set("next_url", "/admin/audit?" + filter_query + "&page=" + std::to_string(page + 1));
  return Page(c, "audit", std::move(data));
}

}  // namespace admin
