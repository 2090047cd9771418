#pragma once
// settings_page.cc: the site settings admins edit (name, tagline, footer
// statement, default language, navigation and social links, call-to-action
// links). Routes: GET and POST /admin/settings, Permission::kManageSettings.
// Kept out of handlers.h while that file has another owner; to be merged.

#include "admin/routes.h"

namespace admin {

// The form, filled with the current settings and their version.
AdminResult SettingsForm(Ctx& c);
// Saves the form: 303 to /admin/settings?done=saved and an audit entry
// "settings.update"; 400 with the typed values and the bad field named for
// an invalid value; 409 with the typed values when someone saved in between
// (the form then carries the newer version, so saving again replaces it).
AdminResult SettingsSave(Ctx& c);

}  // namespace admin
