#pragma once
// Rendering for admin pages: the layout data every page gets (site name,
// signed-in user, the navigation this user may use, the CSRF token, a flash
// message), plus small helpers shared by the handlers.

#include <string>
#include <string_view>
#include <vector>

#include "admin/routes.h"
#include "base/clock.h"
#include "render/value.h"

namespace admin {

// Renders templates/<name>.mustache of the admin theme inside the layout.
// Admin pages are never cached and never framed (admin_handler.cc adds the
// headers).
AdminResult Page(Ctx& c, std::string_view template_name, render::Value data, int status = 200);

// The page for an error status, with a translated explanation.
http::Response ErrorPage(Ctx& c, const base::Status& status);
http::Response ErrorPage(Ctx& c, int http_status);

// 303 See Other to `location` (a path under /admin), with an optional flash
// key appended as ?done=KEY (see kFlashMessages in view.cc).
http::Response SeeOther(std::string location, std::string_view flash = {});

// Translates an English msgid into the page language.
std::string T(const Ctx& c, std::string_view msgid);

// "2026-11-29 14:05" in the site's time zone.
std::string FormatTime(const Ctx& c, base::Time t);

// Audit entries as table rows.
render::Value AuditRows(const Ctx& c, const std::vector<store::AuditEntry>& entries);

// Roles as checkbox data: [{value, label, checked}].
render::Value RoleOptions(const Ctx& c, accounts::RoleSet checked);

// Text for a service's InvalidArgument/Conflict "field: reason": the field's
// label from `label_for` (an English msgid, nullptr for fields it does not
// know) and the reason, both translated — "Nombre: obligatorio". Anything
// else reads "Not saved: please check the form.".
std::string FieldErrorText(const Ctx& c, const base::Status& s,
                           const char* (*label_for)(const std::string& field));

// A same-site path under /admin to go to after signing in; anything else
// (absolute URLs, "//host", backslashes) becomes "/admin".
std::string SafeNext(std::string_view next);

}  // namespace admin
