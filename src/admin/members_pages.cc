// Members in the back office (Permission::kManageMembers): the list with its
// filters and search, one member with their history and the secretary's
// actions, and the CSV export.
//
// Privacy: opening a member is recorded in their history with the actor
// (MembersService::View). The export is a POST behind a CSRF token and a
// confirmation box, and each one is written to the audit log (who, which
// filter, how many people); a GET never returns a file of personal data.
// The list pages through the store: nothing loads every member.

#include <map>

#include "admin/handlers.h"
#include "admin/member_scope.h"
#include "admin/members_csv.h"
#include "admin/view.h"
#include "base/form_text.h"
#include "base/text.h"
#include "base/time_format.h"
#include "base/time_zone.h"
#include "members/members_service.h"

namespace admin {
namespace {

using members::MemberView;
using store::MemberStatus;

constexpr int kPerPage = 50;
constexpr int kExportChunk = 1000;
constexpr size_t kSearchMax = 200;

base::Status NeedMembers(const Ctx& c) {
  if (c.d.members == nullptr) return base::Status::Unavailable("no members service");
  return base::Status::Ok();
}

struct StatusInfo {
  MemberStatus status;
  const char* label;  // English msgid
};

constexpr StatusInfo kStatuses[] = {
    {MemberStatus::kPending, "Pending"}, {MemberStatus::kApplicant, "Applicant"},
    {MemberStatus::kActive, "Active"},   {MemberStatus::kDeclined, "Declined"},
    {MemberStatus::kLapsed, "Lapsed"},   {MemberStatus::kErased, "Erased"},
};

const char* StatusLabel(MemberStatus s) {
  for (const StatusInfo& i : kStatuses)
    if (i.status == s) return i.label;
  return "";
}

std::string Id(int64_t id) { return std::to_string(id); }

// The list's filter as typed (query string or export form), and what it
// means to the service.
struct ListFilter {
  std::string status, chapter, type, from, to, consent, q;
  members::MemberSearch search;
  std::string error;  // English msgid; "" = the filter is usable
};

// "2026-11-29" in the site's time zone -> the instant that day starts
// (plus `days`).
std::optional<base::Time> LocalDay(const Ctx& c, const std::string& text, int days) {
  if (text.size() != 10) return std::nullopt;
  std::optional<base::Time> t = base::ParseRfc3339(text + "T00:00:00Z");
  if (!t) return std::nullopt;
  base::CivilTime day = base::ToCivil(*t + std::chrono::hours(24 * days));
  return c.d.site->time_zone->FromLocal(day);
}

ListFilter ReadFilter(const Ctx& c, bool from_form) {
  auto get = [&](const char* name) -> std::string {
    if (from_form) return c.form.form.Value(name);
    return c.req.QueryParam(name).value_or("");
  };
  ListFilter f;
  f.status = get("status");
  f.chapter = get("chapter");
  f.type = std::string(base::Trim(get("type")));
  f.from = std::string(base::Trim(get("from")));
  f.to = std::string(base::Trim(get("to")));
  f.consent = get("consent");
  f.q = get("q");
  store::MemberFilter& m = f.search.filter;
  auto bad = [&f](const char* msgid) {
    if (f.error.empty()) f.error = msgid;
  };
  for (const std::string* v : {&f.status, &f.chapter, &f.type, &f.from, &f.to, &f.consent, &f.q}) {
    if (!base::IsValidUtf8(*v) || base::HasControlCharacters(*v, false)) {
      // Nothing of it goes back onto the page.
      ListFilter cleared;
      cleared.error = "The filter is not valid text.";
      return cleared;
    }
  }
  if (!f.status.empty()) {
    for (const StatusInfo& i : kStatuses)
      if (f.status == store::MemberStatusName(i.status)) m.status = i.status;
    if (!m.status) bad("Unknown status.");
  }
  if (f.chapter == "none") {
    m.no_chapter = true;
  } else if (!f.chapter.empty()) {
    std::optional<int64_t> id = base::ParseInt64(f.chapter);
    if (id && *id > 0) {
      m.chapter_id = *id;
    } else {
      bad("Unknown chapter.");
    }
  }
  if (f.type.size() > 80) bad("The filter is too long.");
  m.membership_type = f.type;
  if (!f.from.empty()) {
    m.activated_from = LocalDay(c, f.from, 0);
    if (!m.activated_from) bad("Give dates as YYYY-MM-DD.");
  }
  if (!f.to.empty()) {
    m.activated_to = LocalDay(c, f.to, 1);  // the day typed is included
    if (!m.activated_to) bad("Give dates as YYYY-MM-DD.");
  }
  if (f.consent == "yes") m.email_consent = true;
  if (f.consent == "no") m.email_consent = false;
  if (!f.consent.empty() && f.consent != "yes" && f.consent != "no") bad("Unknown filter value.");
  if (base::CountCodePoints(f.q) > kSearchMax) bad("The search is too long.");
  f.search.text = f.q;
  return f;
}

// The filter as a query string ("?status=active&q=ana", "" for none).
std::string FilterQuery(const ListFilter& f) {
  std::string q;
  auto add = [&q](const char* k, const std::string& v) {
    if (v.empty()) return;
    q += (q.empty() ? "?" : "&") + std::string(k) + "=" + http::PercentEncode(v);
  };
  add("status", f.status);
  add("chapter", f.chapter);
  add("type", f.type);
  add("from", f.from);
  add("to", f.to);
  add("consent", f.consent);
  add("q", f.q);
  return q;
}

// The filter as hidden fields of the export form.
render::Value FilterFields(const ListFilter& f) {
  render::Value list = render::Value::MakeList();
  auto add = [&list](const char* k, const std::string& v) {
    if (!v.empty()) list.Push(render::Value::MakeObject().Set("name", k).Set("value", v));
  };
  add("status", f.status);
  add("chapter", f.chapter);
  add("type", f.type);
  add("from", f.from);
  add("to", f.to);
  add("consent", f.consent);
  add("q", f.q);
  return list;
}

std::map<int64_t, std::string> ChapterNames(const std::vector<store::Chapter>& chapters) {
  std::map<int64_t, std::string> out;
  for (const store::Chapter& ch : chapters) out[ch.id] = ch.name;
  return out;
}

std::string ChapterName(const std::map<int64_t, std::string>& names, std::optional<int64_t> id) {
  if (!id) return "";
  auto it = names.find(*id);
  return it == names.end() ? "#" + Id(*id) : it->second;
}

std::string LocalDate(const Ctx& c, std::optional<base::Time> t) {
  return t ? FormatTime(c, *t).substr(0, 10) : "";
}

std::string FullName(const members::Profile& p) {
  if (p.last_name.empty()) return p.first_name;
  return p.first_name + " " + p.last_name;
}

// Draws the list for `f` at `page`; `error` (translated) above the form.
AdminResult RenderList(Ctx& c, ListFilter f, int64_t page, const std::string& error,
                       int status) {
  BS_ASSIGN_OR_RETURN(const MemberScope scope, MemberViewerScope(c));
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, c.d.members->Chapters());
  if (scope.only_chapter) {
    // Whatever the query says, a leader's list is their chapter.
    f.chapter = Id(*scope.only_chapter);
    f.search.filter.chapter_id = scope.only_chapter;
    f.search.filter.no_chapter = false;
    std::erase_if(chapters, [&](const store::Chapter& ch) { return ch.id != *scope.only_chapter; });
  }
  const auto names = ChapterNames(chapters);
  members::MemberList result;
  if (f.error.empty()) {
    members::MemberSearch s = f.search;
    s.filter.limit = kPerPage;
    s.filter.offset = static_cast<int>((page - 1) * kPerPage);
    BS_ASSIGN_OR_RETURN(result, c.d.members->Search(s));
  }
  render::Value rows = render::Value::MakeList(result.items.size());
  for (const MemberView& v : result.items) {
    const bool erased = v.member.status == MemberStatus::kErased;
    rows.Push(render::Value::MakeObject()
                  .Set("id", Id(v.member.id))
                  .Set("name", erased ? T(c, "(erased)") : FullName(v.profile))
                  .Set("email", v.profile.email)
                  .Set("status_label", T(c, StatusLabel(v.member.status)))
                  .Set("chapter", ChapterName(names, v.member.chapter_id))
                  .Set("type", v.member.membership_type)
                  .Set("joined", LocalDate(c, v.member.activated_at)));
  }
  render::Value statuses = render::Value::MakeList();
  for (const StatusInfo& i : kStatuses) {
    const std::string name = store::MemberStatusName(i.status);
    statuses.Push(render::Value::MakeObject()
                      .Set("value", name)
                      .Set("label", T(c, i.label))
                      .Set("selected", f.status == name));
  }
  render::Value chapter_opts = render::Value::MakeList(chapters.size());
  for (const store::Chapter& ch : chapters) {
    chapter_opts.Push(render::Value::MakeObject()
                          .Set("value", Id(ch.id))
                          .Set("name", ch.name)
                          .Set("selected", f.chapter == Id(ch.id)));
  }
  render::Value types = render::Value::MakeList();
  for (const members::MembershipType& t : c.d.members->policy().membership_types) {
    types.Push(render::Value::MakeObject()
                   .Set("value", t.slug)
                   .Set("name", t.name)
                   .Set("selected", f.type == t.slug));
  }
  const int64_t pages = std::max<int64_t>(1, (result.total + kPerPage - 1) / kPerPage);
  const std::string query = FilterQuery(f);
  const std::string base = "/admin/members" + (query.empty() ? "?" : query + "&") + "page=";
  render::Value data = render::Value::MakeObject()
                           .Set("items", std::move(rows))
                           .Set("statuses", std::move(statuses))
                           .Set("chapters", std::move(chapter_opts))
                           .Set("no_chapter", f.chapter == "none")
                           .Set("types", std::move(types))
                           .Set("from", f.from)
                           .Set("to", f.to)
                           .Set("consent_yes", f.consent == "yes")
                           .Set("consent_no", f.consent == "no")
                           .Set("q", f.q)
                           .Set("total", std::to_string(result.total))
                           .Set("page", std::to_string(page))
                           .Set("total_pages", std::to_string(pages))
                           .Set("can_export", scope.can_manage && result.total > 0)
                           .Set("can_manage", scope.can_manage)
                           .Set("filter_fields", FilterFields(f));
  if (page > 1) data.Set("prev_url", base + std::to_string(page - 1));
  if (page < pages) data.Set("next_url", base + std::to_string(page + 1));
  if (!error.empty()) {
    data.Set("error", error);
  } else if (!f.error.empty()) {
    data.Set("error", T(c, f.error));
  }
  return Page(c, "members", std::move(data), f.error.empty() ? status : 400);
}

int64_t PageParam(const Ctx& c) {
  std::optional<int64_t> p = base::ParseInt64(c.req.QueryParam("page").value_or("1"));
  return p && *p >= 1 && *p <= 1'000'000 ? *p : 1;
}

base::Status AuditMember(Ctx& c, std::string_view action, int64_t id,
                         const std::string& detail = "") {
  return c.d.accounts->Audit(c.actor(), action, "member", Id(id), detail);
}

// User id -> display name, for the history.
base::Result<std::map<int64_t, std::string>> UserNames(Ctx& c) {
  BS_ASSIGN_OR_RETURN(std::vector<store::User> users, c.d.accounts->ListUsers());
  std::map<int64_t, std::string> out;
  for (const store::User& u : users) out[u.id] = u.display_name;
  return out;
}

// Draws the member page (an opening: recorded as "viewed").
AdminResult RenderMember(Ctx& c, int64_t id, const std::string& error, int status) {
  BS_ASSIGN_OR_RETURN(const MemberScope scope, MemberViewerScope(c));
  BS_ASSIGN_OR_RETURN(MemberView v, c.d.members->View(id, c.user().id, scope.only_chapter));
  BS_ASSIGN_OR_RETURN(std::vector<store::MemberEvent> events, c.d.members->History(id));
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, c.d.members->Chapters());
  BS_ASSIGN_OR_RETURN(auto users, UserNames(c));
  const store::Member& m = v.member;
  const members::Profile& p = v.profile;
  const bool erased = m.status == MemberStatus::kErased;
  render::Value data = render::Value::MakeObject()
                           .Set("id", Id(m.id))
                           .Set("erased", erased)
                           .Set("name", erased ? T(c, "(erased)") : FullName(p))
                           .Set("email", p.email)
                           .Set("phone", p.phone)
                           .Set("postal_code", p.postal_code)
                           .Set("region", p.region)
                           .Set("country", p.country)
                           .Set("member_lang", p.lang)
                           .Set("status_label", T(c, StatusLabel(m.status)))
                           .Set("type", m.membership_type)
                           .Set("consent", T(c, m.email_consent ? "yes" : "no"))
                           .Set("created_at", FormatTime(c, m.created_at))
                           .Set("joined", LocalDate(c, m.activated_at))
                           .Set("lapsed", LocalDate(c, m.lapsed_at))
                           .Set("erase_after", LocalDate(c, m.erase_after))
                           .Set("can_manage", scope.can_manage)
                           .Set("is_applicant", m.status == MemberStatus::kApplicant)
                           .Set("no_chapter", !m.chapter_id);
  if (!error.empty()) data.Set("error", error);
  render::Value answers = render::Value::MakeList(p.answers.size());
  for (const auto& [key, value] : p.answers)
    answers.Push(render::Value::MakeObject().Set("key", key).Set("value", value));
  data.Set("answers", std::move(answers));
  render::Value opts = render::Value::MakeList(chapters.size());
  for (const store::Chapter& ch : chapters) {
    opts.Push(render::Value::MakeObject()
                  .Set("value", Id(ch.id))
                  .Set("name", ch.name)
                  .Set("selected", m.chapter_id == ch.id));
  }
  data.Set("chapters", std::move(opts));
  data.Set("chapter", v.chapter ? v.chapter->name : "");
  render::Value history = render::Value::MakeList(events.size());
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    std::string actor = T(c, "(the member or the system)");
    if (it->actor_user_id) {
      auto u = users.find(*it->actor_user_id);
      actor = u == users.end() ? "#" + Id(*it->actor_user_id) : u->second;
    }
    history.Push(render::Value::MakeObject()
                     .Set("at", FormatTime(c, it->at))
                     .Set("actor", actor)
                     .Set("kind", it->kind)
                     .Set("detail", it->detail));
  }
  data.Set("history", std::move(history));
  return Page(c, "member", std::move(data), status);
}

// After a refused action: the page again with why, 409 for a state that
// does not allow it, 400 for bad input; other errors go up.
AdminResult Refused(Ctx& c, int64_t id, const base::Status& s) {
  if (s.IsConflict())
    return RenderMember(
        c, id, T(c, "That changed while you were looking. Reload the page and try again."), 409);
  if (s.code() == base::StatusCode::kInvalidArgument)
    return RenderMember(c, id, T(c, "Not saved: please check the form."), 400);
  return s;
}

}  // namespace

AdminResult MembersList(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  return RenderList(c, ReadFilter(c, false), PageParam(c), "", 200);
}

AdminResult MemberPage(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  return RenderMember(c, id, "", 200);
}

AdminResult MemberApprove(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  base::Status s = c.d.members->Approve(id, c.user().id);
  if (!s.ok()) return Refused(c, id, s);
  BS_RETURN_IF_ERROR(AuditMember(c, "member.approve", id));
  return SeeOther("/admin/members/" + Id(id), "member_approved");
}

AdminResult MemberDecline(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  base::Status s = c.d.members->Decline(id, c.user().id);
  if (!s.ok()) return Refused(c, id, s);
  BS_RETURN_IF_ERROR(AuditMember(c, "member.decline", id));
  return SeeOther("/admin/members/" + Id(id), "member_declined");
}

AdminResult MemberErase(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  if (c.form.form.Value("confirm") != "yes") {
    BS_RETURN_IF_ERROR(c.d.members->History(id).status());  // 404 before 400
    return RenderMember(c, id, T(c, "Tick the box to confirm the erasure."), 400);
  }
  base::Status s = c.d.members->EraseNow(id, c.user().id);
  if (!s.ok()) return Refused(c, id, s);
  BS_RETURN_IF_ERROR(AuditMember(c, "member.erase", id));
  return SeeOther("/admin/members/" + Id(id), "member_erased");
}

// chapter = a chapter id, or "" for none.
AdminResult MemberMove(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  const std::string text = c.form.form.Value("chapter");
  std::optional<int64_t> chapter;
  if (!text.empty() && text != "none") {
    chapter = base::ParseInt64(text);
    if (!chapter || *chapter <= 0) {
      BS_RETURN_IF_ERROR(c.d.members->History(id).status());
      return RenderMember(c, id, T(c, "Unknown chapter."), 400);
    }
  }
  base::Status s = c.d.members->MoveToChapter(id, chapter, c.user().id);
  if (!s.ok()) return Refused(c, id, s);
  BS_RETURN_IF_ERROR(AuditMember(c, "member.chapter", id, chapter ? Id(*chapter) : "none"));
  return SeeOther("/admin/members/" + Id(id), "member_moved");
}

// The filtered list as CSV, every page of it, after the box is ticked.
AdminResult MembersExport(Ctx& c) {
  BS_RETURN_IF_ERROR(NeedMembers(c));
  ListFilter f = ReadFilter(c, true);
  if (!f.error.empty()) return RenderList(c, f, 1, "", 400);
  if (c.form.form.Value("confirm") != "yes")
    return RenderList(c, f, 1, T(c, "Tick the box to confirm you will protect the file."), 400);
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, c.d.members->Chapters());
  const auto names = ChapterNames(chapters);
  std::string csv =
      CsvRow({"id", "first_name", "last_name", "email", "phone", "postal_code", "region", "country",
              "status", "chapter", "membership_type", "email_consent", "joined", "lapsed",
              "created_at"});
  int64_t count = 0;
  members::MemberSearch s = f.search;
  s.filter.limit = kExportChunk;
  for (s.filter.offset = 0;; s.filter.offset += kExportChunk) {
    BS_ASSIGN_OR_RETURN(members::MemberList chunk, c.d.members->Search(s));
    for (const MemberView& v : chunk.items) {
      const store::Member& m = v.member;
      const members::Profile& p = v.profile;
      csv += CsvRow({Id(m.id), p.first_name, p.last_name, p.email, p.phone, p.postal_code, p.region,
                     p.country, store::MemberStatusName(m.status), ChapterName(names, m.chapter_id),
                     m.membership_type, m.email_consent ? "yes" : "no",
                     m.activated_at ? base::FormatRfc3339(*m.activated_at) : "",
                     m.lapsed_at ? base::FormatRfc3339(*m.lapsed_at) : "",
                     base::FormatRfc3339(m.created_at)});
      ++count;
    }
    if (static_cast<int>(chunk.items.size()) < kExportChunk) break;
  }
  // The audit log names the filter but not the search text: an email
  // address or a name there would be personal data in the log.
  ListFilter logged = f;
  if (!logged.q.empty()) logged.q = "(text)";
  const std::string query = FilterQuery(logged);
  BS_RETURN_IF_ERROR(
      c.d.accounts->Audit(c.actor(), "members.export", "member", "",
                          "filter=" + (query.empty() ? std::string("(none)") : query) +
                              " count=" + std::to_string(count)));
  http::Response res;
  res.status = 200;
  res.content_type = "text/csv; charset=utf-8";
  res.body = std::move(csv);
  res.Header("Content-Disposition", "attachment; filename=\"members.csv\"");
  return res;
}

}  // namespace admin
