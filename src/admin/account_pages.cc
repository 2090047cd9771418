// The dashboard and the signed-in user's own account.

#include <algorithm>

#include "admin/article_editor.h"
#include "admin/handlers.h"
#include "admin/member_scope.h"
#include "admin/view.h"
#include "members/members_service.h"

namespace admin {
namespace {

constexpr size_t kRecentArticles = 8;
constexpr int kMemberMonths = 12;

// New and lapsed members by month (newest first) and chapter: every
// chapter's (and members without one) for the membership secretary, only
// their own chapter's for a chapter leader (MemberViewerScope, as on the
// members list): a leader learns nothing of the other chapters, not even
// their size.
base::Result<render::Value> MemberCounts(Ctx& c, const MemberScope& scope) {
  BS_ASSIGN_OR_RETURN(std::vector<store::MemberMonthCount> counts,
                      c.d.members->CountByChapterAndMonth(kMemberMonths));
  if (scope.only_chapter) {
    std::erase_if(counts, [&scope](const store::MemberMonthCount& n) {
      return n.chapter_id != scope.only_chapter;
    });
  }
  BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, c.d.members->Chapters());
  std::sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    if (a.month != b.month) return a.month > b.month;
    return a.chapter_id.value_or(0) < b.chapter_id.value_or(0);
  });
  render::Value rows = render::Value::MakeList(counts.size());
  for (const store::MemberMonthCount& n : counts) {
    std::string chapter = T(c, "(no chapter)");
    for (const store::Chapter& ch : chapters)
      if (n.chapter_id == ch.id) chapter = ch.name;
    rows.Push(render::Value::MakeObject()
                  .Set("month", n.month)
                  .Set("chapter", chapter)
                  .Set("joined", std::to_string(n.joined))
                  .Set("lapsed", std::to_string(n.lapsed)));
  }
  return rows;
}

}  // namespace

AdminResult Dashboard(Ctx& c) {
  render::Value data = render::Value::MakeObject();
  data.Set("roles", accounts::RoleList(c.user().roles));
  // Recent activity: everyone's for those who may read the audit log, one's
  // own otherwise.
  store::AuditQuery q;
  q.limit = 10;
  if (!c.Can(accounts::Permission::kViewAudit)) q.user_id = c.user().id;
  BS_ASSIGN_OR_RETURN(std::vector<store::AuditEntry> recent, c.d.accounts->ListAudit(q));
  data.Set("entries", AuditRows(c, recent));
  data.Set("can_write", c.Can(accounts::Permission::kWriteDrafts));
  if (c.d.editorial != nullptr && c.Can(accounts::Permission::kWriteDrafts)) {
    BS_ASSIGN_OR_RETURN(store::StatusCounts counts,
                        c.d.editorial->CountByStatus(store::ContentKind::kArticle));
    data.Set("counts", render::Value::MakeObject()
                           .Set("drafts", std::to_string(counts.drafts))
                           .Set("scheduled", std::to_string(counts.scheduled))
                           .Set("published", std::to_string(counts.published)));
    // Recently edited articles: authors see their own.
    publishing::ArticleFilter filter;
    filter.kind = store::ContentKind::kArticle;
    if (!c.Can(accounts::Permission::kEditAllContent)) filter.created_by = c.user().id;
    BS_ASSIGN_OR_RETURN(publishing::Page page, c.d.editorial->ListArticles(filter, 1));
    render::Value recent = render::Value::MakeList();
    for (size_t i = 0; i < page.items.size() && i < kRecentArticles; ++i) {
      const store::Article& a = page.items[i];
      recent.Push(render::Value::MakeObject()
                      .Set("id", std::to_string(a.id))
                      .Set("title", a.title)
                      .Set("status_label", StatusLabel(c, a.status))
                      .Set("updated_at", FormatTime(c, a.updated_at)));
    }
    data.Set("has_recent", !recent.as_list().empty());
    data.Set("recent", std::move(recent));
  }
  data.Set("can_upload", c.Can(accounts::Permission::kUploadMedia));
  // A leader who leads no chapter has no counts to see (and no list).
  base::Result<MemberScope> scope = MemberViewerScope(c);
  if (c.d.members != nullptr && scope.ok()) {
    BS_ASSIGN_OR_RETURN(render::Value rows, MemberCounts(c, *scope));
    data.Set("members_shown", true);
    data.Set("members_of_chapter", scope->only_chapter.has_value());
    data.Set("has_member_counts", !rows.as_list().empty());
    data.Set("member_counts", std::move(rows));
  }
  return Page(c, "dashboard", std::move(data));
}

AdminResult AccountPage(Ctx& c) {
  render::Value data = render::Value::MakeObject()
                           .Set("email", c.user().email)
                           .Set("display_name", c.user().display_name)
                           .Set("roles", accounts::RoleList(c.user().roles))
                           .Set("session_expires", FormatTime(c, c.session->expires_at));
  return Page(c, "account", std::move(data));
}

AdminResult ChangePassword(Ctx& c) {
  const std::string next = c.form.form.Value("new_password");
  render::Value data = render::Value::MakeObject()
                           .Set("email", c.user().email)
                           .Set("display_name", c.user().display_name)
                           .Set("roles", accounts::RoleList(c.user().roles))
                           .Set("session_expires", FormatTime(c, c.session->expires_at));
  if (next != c.form.form.Value("confirm")) {
    data.Set("error", T(c, "The two passwords are not the same."));
    return Page(c, "account", std::move(data), 400);
  }
  base::Status s = c.d.accounts->ChangePassword(c.user().id, c.form.form.Value("current_password"),
                                                next, c.session->session_id, c.actor());
  if (s.ok()) return SeeOther("/admin/account", "password_changed");
  if (s.code() == base::StatusCode::kUnauthenticated) {
    data.Set("error", T(c, "Your current password is not right."));
    return Page(c, "account", std::move(data), 400);
  }
  if (s.code() == base::StatusCode::kInvalidArgument) {
    data.Set("error", T(c, "Please choose a longer or less common password: at least 12 "
                           "characters, and not one of the passwords everybody uses."));
    return Page(c, "account", std::move(data), 400);
  }
  return s;
}

AdminResult SignOutEverywhere(Ctx& c) {
  BS_RETURN_IF_ERROR(c.d.accounts->SignOutEverywhere(c.user().id, c.actor()));
  // That ended this session too: back to the sign-in page.
  return SeeOther("/admin/login", "signed_out");
}

}  // namespace admin
