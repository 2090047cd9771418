#pragma once
// The back office over HTTP: every route under /admin. A thin layer like
// web/: each handler checks input, calls one service, renders an admin
// template. Authentication, the role check, CSRF and security headers happen
// once, in admin_handler.cc, for every route in routes.cc.

#include <functional>
#include <string>
#include <string_view>

#include "accounts/accounts_service.h"
#include "base/status.h"
#include "http/server.h"
#include "render/theme.h"
#include "render/value.h"
#include "web/site.h"

namespace crypto {
class Keyring;
}
namespace donations {
class AnnualSummaries;
class DonationsService;
}
namespace media {
class MediaLibrary;
}
namespace mail {
class Outbox;
}
namespace mailbag {
class MailbagService;
}
namespace members {
class MembersService;
class MemberImporter;
}
namespace publishing {
class EditorialService;
}
namespace settings {
class SiteSettings;
}
namespace store {
class DonationsStore;
}

namespace admin {

// Queues a templated email: renders email_<template_name>_* from the site
// theme in `lang` and puts it in the outbox. The composition root wires it to
// mail/; tests wire it to a real outbox too.
using SendMail = std::function<base::Status(
    std::string_view kind, std::string_view template_name, std::string_view to_address,
    std::string_view to_name, std::string_view lang, const render::Value& data)>;

struct AdminDeps {
  const web::SiteDeps* site = nullptr;  // config, catalog, publishing, log
  const render::Theme* theme = nullptr; // the admin theme (themes/admin)
  accounts::AccountsService* accounts = nullptr;
  publishing::EditorialService* editorial = nullptr;  // may be null until wired
  media::MediaLibrary* media = nullptr;               // may be null until wired
  mail::Outbox* outbox = nullptr;                     // may be null until wired
  settings::SiteSettings* settings = nullptr;         // may be null until wired
  mailbag::MailbagService* mailbag = nullptr;         // may be null until wired
  // Members, chapters, the export; 503 pages while null (not wired).
  members::MembersService* members = nullptr;
  // The CSV import (/admin/members/import); 503 pages while null.
  members::MemberImporter* member_importer = nullptr;
  // The treasurer's pages (/admin/donations...): the service records
  // offline gifts, the store answers the lists and reports, and the key ring
  // opens donors' sealed profiles. 503 pages while any is null (donations
  // not enabled).
  donations::DonationsService* donations = nullptr;
  store::DonationsStore* donations_store = nullptr;
  const crypto::Keyring* keyring = nullptr;
  // The donor page's "Email the annual summary" buttons; null = not offered.
  donations::AnnualSummaries* annual_summaries = nullptr;
  SendMail send_mail;
  // False when no SMTP server is configured: the outbox page says messages
  // are waiting for one.
  bool mail_configured = false;
  // Cookies get `Secure` when the site's base URL is https.
  bool secure_cookies = false;
};

// Handles every request whose path is /admin or starts with /admin/; the
// composition root sends only those here. Thread-safe.
http::Handler MakeAdminHandler(const AdminDeps& deps);

inline constexpr std::string_view kSessionCookie = "bs_session";
// A random pre-session token for the CSRF token of the login and reset forms,
// which are posted before there is a session.
inline constexpr std::string_view kPreSessionCookie = "bs_pre";

}  // namespace admin
