// Staff users and invitations. Admins only (Permission::kManageUsers).

#include "admin/handlers.h"
#include "admin/view.h"
#include "base/text.h"
#include "members/members_service.h"

namespace admin {
namespace {

// Roles ticked in the form; unknown names are ignored (the form offers only
// known ones).
accounts::RoleSet RolesFromForm(const Ctx& c) {
  accounts::RoleSet roles = 0;
  for (const std::string& name : c.form.form.GetAll("roles")) {
    if (auto r = accounts::ParseRole(name)) roles |= accounts::Bit(*r);
  }
  return roles;
}

render::Value UserRow(const Ctx& c, const store::User& u) {
  return render::Value::MakeObject()
      .Set("id", std::to_string(u.id))
      .Set("email", u.email)
      .Set("display_name", u.display_name)
      .Set("roles", accounts::RoleList(u.roles))
      .Set("disabled", u.disabled)
      .Set("invited", u.password_hash.empty())
      .Set("created_at", FormatTime(c, u.created_at));
}

base::Status SendInvitation(Ctx& c, const store::User& u, const std::string& token) {
  if (!c.d.send_mail) return base::Status::Ok();
  render::Value mail =
      render::Value::MakeObject()
          .Set("site_name", c.d.site->site->name)
          .Set("display_name", u.display_name)
          .Set("link", c.d.site->site->base_url + "/admin/set-password?token=" + token)
          .Set("expires_hours", "168");
  return c.d.send_mail("invitation", "invitation", u.email, u.display_name, c.lang, mail);
}

// The chapter a chapter leader leads, as chosen in the form; nullopt for
// "(none)" or a value that names no chapter.
base::Result<std::optional<int64_t>> ChapterFromForm(const Ctx& c) {
  if (c.d.members == nullptr) return std::optional<int64_t>();
  std::optional<int64_t> id = base::ParseInt64(c.form.form.Value("chapter_id"));
  if (!id) return std::optional<int64_t>();
  base::Result<store::Chapter> ch = c.d.members->GetChapter(*id);
  if (ch.status().IsNotFound()) return std::optional<int64_t>();
  BS_RETURN_IF_ERROR(ch.status());
  return std::optional<int64_t>(ch->id);
}

AdminResult UserForm(Ctx& c, render::Value data, std::optional<int64_t> chapter_id, int status) {
  if (c.d.members != nullptr) {
    BS_ASSIGN_OR_RETURN(std::vector<store::Chapter> chapters, c.d.members->Chapters());
    render::Value opts = render::Value::MakeList(chapters.size());
    for (const store::Chapter& ch : chapters) {
      opts.Push(render::Value::MakeObject()
                    .Set("value", std::to_string(ch.id))
                    .Set("name", ch.name)
                    .Set("selected", chapter_id == ch.id));
    }
    data.Set("has_chapters", !chapters.empty());
    data.Set("chapter_options", std::move(opts));
  }
  return Page(c, "user_edit", std::move(data), status);
}

}  // namespace

AdminResult UsersList(Ctx& c) {
  BS_ASSIGN_OR_RETURN(std::vector<store::User> users, c.d.accounts->ListUsers());
  render::Value rows = render::Value::MakeList(users.size());
  for (const store::User& u : users) rows.Push(UserRow(c, u));
  return Page(c, "users", render::Value::MakeObject().Set("users", std::move(rows)));
}

AdminResult UserNewForm(Ctx& c) {
  return UserForm(c,
                  render::Value::MakeObject()
                      .Set("new", true)
                      .Set("email", "")
                      .Set("display_name", "")
                      .Set("role_options", RoleOptions(c, accounts::Bit(accounts::Role::kAuthor))),
                  std::nullopt, 200);
}

AdminResult UserCreate(Ctx& c) {
  const std::string email = c.form.form.Value("email");
  const std::string name = c.form.form.Value("display_name");
  const accounts::RoleSet roles = RolesFromForm(c);
  BS_ASSIGN_OR_RETURN(const std::optional<int64_t> chapter_id, ChapterFromForm(c));
  base::Result<int64_t> id = c.d.accounts->CreateUser(email, name, roles, c.actor());
  if (!id.ok()) {
    const base::StatusCode code = id.status().code();
    if (code != base::StatusCode::kInvalidArgument && code != base::StatusCode::kConflict)
      return id.status();
    render::Value data = render::Value::MakeObject()
                             .Set("new", true)
                             .Set("email", email)
                             .Set("display_name", name)
                             .Set("role_options", RoleOptions(c, roles));
    data.Set("error", code == base::StatusCode::kConflict
                          ? T(c, "There is already a user with that email address.")
                          : roles == 0 ? T(c, "Choose at least one role.")
                                       : T(c, "Please check the email address and the name."));
    return UserForm(c, std::move(data), chapter_id,
                    code == base::StatusCode::kConflict ? 409 : 400);
  }
  BS_ASSIGN_OR_RETURN(store::User user, c.d.accounts->GetUser(*id));
  if (chapter_id) {
    user.chapter_id = chapter_id;
    BS_RETURN_IF_ERROR(c.d.accounts->UpdateUser(user, c.actor()));
  }
  BS_ASSIGN_OR_RETURN(std::string token, c.d.accounts->IssueInvitation(*id, c.actor()));
  BS_RETURN_IF_ERROR(SendInvitation(c, user, token));
  return SeeOther("/admin/users", "user_created");
}

AdminResult UserEditForm(Ctx& c) {
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::User u, c.d.accounts->GetUser(id));
  render::Value data = UserRow(c, u);
  data.Set("role_options", RoleOptions(c, u.roles));
  return UserForm(c, std::move(data), u.chapter_id, 200);
}

AdminResult UserUpdate(Ctx& c) {
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::User u, c.d.accounts->GetUser(id));
  store::User changed = u;
  changed.display_name = c.form.form.Value("display_name");
  changed.roles = RolesFromForm(c);
  BS_ASSIGN_OR_RETURN(changed.chapter_id, ChapterFromForm(c));
  changed.disabled = c.form.form.Has("disabled");
  base::Status s = c.d.accounts->UpdateUser(changed, c.actor());
  if (s.ok()) return SeeOther("/admin/users", "user_saved");
  if (s.code() != base::StatusCode::kInvalidArgument) return s;
  render::Value data = UserRow(c, changed);
  data.Set("role_options", RoleOptions(c, changed.roles));
  data.Set("error", T(c, "That change was not saved: a user needs a name and at least one "
                         "role, and you cannot remove your own admin role or disable yourself."));
  return UserForm(c, std::move(data), changed.chapter_id, 400);
}

AdminResult UserInvite(Ctx& c) {
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::User u, c.d.accounts->GetUser(id));
  if (u.password_hash.empty()) {
    // Never signed in: a fresh invitation.
    BS_ASSIGN_OR_RETURN(std::string token, c.d.accounts->IssueInvitation(id, c.actor()));
    BS_RETURN_IF_ERROR(SendInvitation(c, u, token));
  } else {
    // Has a password (invitations cannot replace one): a reset link, to them.
    BS_ASSIGN_OR_RETURN(std::optional<std::string> token,
                        c.d.accounts->RequestPasswordReset(u.email, c.actor()));
    if (!token) return base::Status::InvalidArgument("user is disabled");
    if (c.d.send_mail) {
      render::Value mail =
          render::Value::MakeObject()
              .Set("site_name", c.d.site->site->name)
              .Set("link", c.d.site->site->base_url + "/admin/set-password?token=" + *token)
              .Set("expires_minutes", "30");
      BS_RETURN_IF_ERROR(
          c.d.send_mail("password_reset", "password_reset", u.email, u.display_name, c.lang, mail));
    }
  }
  return SeeOther("/admin/users/" + std::to_string(id), "invitation_sent");
}

AdminResult UserEndSessions(Ctx& c) {
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_RETURN_IF_ERROR(c.d.accounts->GetUser(id).status());
  BS_RETURN_IF_ERROR(c.d.accounts->SignOutEverywhere(id, c.actor()));
  if (id == c.user().id) return SeeOther("/admin/login", "signed_out");
  return SeeOther("/admin/users/" + std::to_string(id), "sessions_ended");
}

}  // namespace admin
