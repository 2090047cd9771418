// Every admin route and the permission it needs, in one list. Adding a route
// here without a line in docs/ROLES.md fails admin_routes_test.

#include "admin/routes.h"

#include "admin/handlers.h"
#include "admin/settings_page.h"

namespace admin {

using accounts::Permission;
using http::Method;

const std::vector<AdminRoute>& AdminRoutes() {
  static const std::vector<AdminRoute> routes = {
      // Open to visitors.
      {Method::kGet, "/admin/login", std::nullopt, LoginForm},
      {Method::kPost, "/admin/login", std::nullopt, LoginSubmit},
      {Method::kGet, "/admin/forgot", std::nullopt, ForgotForm},
      {Method::kPost, "/admin/forgot", std::nullopt, ForgotSubmit},
      {Method::kGet, "/admin/set-password", std::nullopt, SetPasswordForm},
      {Method::kPost, "/admin/set-password", std::nullopt, SetPasswordSubmit},
      {Method::kGet, "/admin/assets/{file}", std::nullopt, AdminAsset},
      // Every staff member.
      {Method::kGet, "/admin", Permission::kStaffArea, Dashboard},
      {Method::kPost, "/admin/logout", Permission::kStaffArea, Logout},
      {Method::kGet, "/admin/account", Permission::kStaffArea, AccountPage},
      {Method::kPost, "/admin/account/password", Permission::kStaffArea, ChangePassword},
      {Method::kPost, "/admin/account/sign-out-everywhere", Permission::kStaffArea,
       SignOutEverywhere},
      // Users.
      {Method::kGet, "/admin/users", Permission::kManageUsers, UsersList},
      {Method::kGet, "/admin/users/new", Permission::kManageUsers, UserNewForm},
      {Method::kPost, "/admin/users", Permission::kManageUsers, UserCreate},
      {Method::kGet, "/admin/users/{id}", Permission::kManageUsers, UserEditForm},
      {Method::kPost, "/admin/users/{id}", Permission::kManageUsers, UserUpdate},
      {Method::kPost, "/admin/users/{id}/invite", Permission::kManageUsers, UserInvite},
      {Method::kPost, "/admin/users/{id}/sign-out", Permission::kManageUsers, UserEndSessions},
      // Audit log.
      {Method::kGet, "/admin/roles", Permission::kStaffArea, RolesPage},
      // Media library.
      {Method::kGet, "/admin/media", Permission::kUploadMedia, MediaList},
      {Method::kPost, "/admin/media", Permission::kUploadMedia, MediaUpload},
      {Method::kGet, "/admin/media/{id}", Permission::kUploadMedia, MediaEditForm},
      {Method::kPost, "/admin/media/{id}", Permission::kUploadMedia, MediaUpdate},
      {Method::kPost, "/admin/media/{id}/delete", Permission::kDeleteMedia, MediaDelete},
      // Articles: authors write and edit their own drafts (checked in the
      // handlers); status changes need kPublish on top (also checked there).
      {Method::kGet, "/admin/articles", Permission::kWriteDrafts, ArticlesList},
      {Method::kGet, "/admin/articles/new", Permission::kWriteDrafts, ArticleNewForm},
      {Method::kPost, "/admin/articles", Permission::kWriteDrafts, ArticleCreate},
      {Method::kGet, "/admin/articles/{id}", Permission::kWriteDrafts, ArticleEditForm},
      {Method::kPost, "/admin/articles/{id}", Permission::kWriteDrafts, ArticleUpdate},
      {Method::kGet, "/admin/articles/{id}/delete", Permission::kPublish, ArticleDeleteForm},
      {Method::kPost, "/admin/articles/{id}/delete", Permission::kPublish, ArticleDelete},
      {Method::kPost, "/admin/preview", Permission::kWriteDrafts, MarkdownPreview},
      // Standalone pages.
      {Method::kGet, "/admin/pages", Permission::kManageTaxonomy, PagesList},
      {Method::kGet, "/admin/pages/new", Permission::kManageTaxonomy, PageNewForm},
      {Method::kPost, "/admin/pages", Permission::kManageTaxonomy, PageCreate},
      {Method::kGet, "/admin/pages/{id}", Permission::kManageTaxonomy, PageEditForm},
      {Method::kPost, "/admin/pages/{id}", Permission::kManageTaxonomy, PageUpdate},
      {Method::kGet, "/admin/pages/{id}/delete", Permission::kPublish, PageDeleteForm},
      {Method::kPost, "/admin/pages/{id}/delete", Permission::kPublish, PageDelete},
      // Bylines, sections, tags.
      {Method::kGet, "/admin/bylines", Permission::kManageTaxonomy, BylinesList},
      {Method::kGet, "/admin/bylines/new", Permission::kManageTaxonomy, BylineNewForm},
      {Method::kPost, "/admin/bylines", Permission::kManageTaxonomy, BylineCreate},
      {Method::kGet, "/admin/bylines/{id}", Permission::kManageTaxonomy, BylineEditForm},
      {Method::kPost, "/admin/bylines/{id}", Permission::kManageTaxonomy, BylineUpdate},
      {Method::kPost, "/admin/bylines/{id}/delete", Permission::kManageTaxonomy, BylineDelete},
      {Method::kGet, "/admin/sections", Permission::kManageTaxonomy, SectionsList},
      {Method::kGet, "/admin/sections/new", Permission::kManageTaxonomy, SectionNewForm},
      {Method::kPost, "/admin/sections", Permission::kManageTaxonomy, SectionCreate},
      {Method::kGet, "/admin/sections/{id}", Permission::kManageTaxonomy, SectionEditForm},
      {Method::kPost, "/admin/sections/{id}", Permission::kManageTaxonomy, SectionUpdate},
      {Method::kPost, "/admin/sections/{id}/delete", Permission::kManageTaxonomy, SectionDelete},
      {Method::kGet, "/admin/tags", Permission::kManageTaxonomy, TagsList},
      {Method::kGet, "/admin/tags/{id}", Permission::kManageTaxonomy, TagEditForm},
      {Method::kPost, "/admin/tags/{id}", Permission::kManageTaxonomy, TagRename},
      {Method::kPost, "/admin/tags/{id}/merge", Permission::kManageTaxonomy, TagMerge},
      {Method::kPost, "/admin/tags/{id}/delete", Permission::kManageTaxonomy, TagDelete},
      // The Mailbag: questions and answers; its topics.
      {Method::kGet, "/admin/mailbag", Permission::kAnswerMailbag, MailbagQueue},
      {Method::kGet, "/admin/mailbag/{id}", Permission::kAnswerMailbag, MailbagQuestion},
      {Method::kPost, "/admin/mailbag/{id}/answer", Permission::kAnswerMailbag, MailbagSaveAnswer},
      {Method::kPost, "/admin/mailbag/{id}/publish", Permission::kAnswerMailbag, MailbagPublish},
      {Method::kPost, "/admin/mailbag/{id}/unpublish", Permission::kAnswerMailbag,
       MailbagUnpublish},
      {Method::kPost, "/admin/mailbag/{id}/decline", Permission::kAnswerMailbag, MailbagDecline},
      {Method::kPost, "/admin/mailbag/{id}/reopen", Permission::kAnswerMailbag, MailbagReopen},
      {Method::kPost, "/admin/mailbag/{id}/assign", Permission::kAnswerMailbag, MailbagAssign},
      {Method::kGet, "/admin/mailbag-topics", Permission::kManageTaxonomy, MailbagTopicsList},
      {Method::kPost, "/admin/mailbag-topics", Permission::kManageTaxonomy, MailbagTopicCreate},
      {Method::kPost, "/admin/mailbag-topics/{id}", Permission::kManageTaxonomy,
       MailbagTopicUpdate},
      // Members and chapters (the export is a POST: a CSRF token and a
      // confirmation box stand before a file of personal data).
      {Method::kGet, "/admin/members", Permission::kViewMembers, MembersList},
      {Method::kPost, "/admin/members/export", Permission::kManageMembers, MembersExport},
      {Method::kGet, "/admin/members/import", Permission::kManageMembers, MembersImportForm},
      {Method::kPost, "/admin/members/import", Permission::kManageMembers, MembersImport},
      {Method::kGet, "/admin/members/{id}", Permission::kViewMembers, MemberPage},
      {Method::kPost, "/admin/members/{id}/approve", Permission::kManageMembers, MemberApprove},
      {Method::kPost, "/admin/members/{id}/decline", Permission::kManageMembers, MemberDecline},
      {Method::kPost, "/admin/members/{id}/erase", Permission::kManageMembers, MemberErase},
      {Method::kPost, "/admin/members/{id}/chapter", Permission::kManageMembers, MemberMove},
      {Method::kGet, "/admin/chapters", Permission::kManageMembers, ChaptersList},
      {Method::kPost, "/admin/chapters", Permission::kManageMembers, ChapterCreate},
      {Method::kPost, "/admin/chapters/{id}", Permission::kManageMembers, ChapterUpdate},
      // The treasurer's books (exports are POSTs, as for members).
      {Method::kGet, "/admin/donations", Permission::kManageDonations, DonationsList},
      {Method::kPost, "/admin/donations/export", Permission::kManageDonations, DonationsExport},
      {Method::kGet, "/admin/donations/totals", Permission::kManageDonations, DonationTotals},
      {Method::kGet, "/admin/donations/itemization", Permission::kManageDonations,
       ItemizationReport},
      {Method::kPost, "/admin/donations/itemization", Permission::kManageDonations,
       ItemizationExport},
      {Method::kGet, "/admin/donations/offline", Permission::kManageDonations, OfflineGiftForm},
      {Method::kPost, "/admin/donations/offline", Permission::kManageDonations,
       OfflineGiftSubmit},
      {Method::kGet, "/admin/donations/{id}", Permission::kManageDonations, DonationPage},
      {Method::kPost, "/admin/donations/{id}/correct", Permission::kManageDonations,
       DonationCorrect},
      {Method::kGet, "/admin/donors/{id}", Permission::kManageDonations, DonorPage},
      {Method::kPost, "/admin/donors/{id}/summary", Permission::kManageDonations,
       DonorSummarySend},
      // Site settings.
      {Method::kGet, "/admin/settings", Permission::kManageSettings, SettingsForm},
      {Method::kPost, "/admin/settings", Permission::kManageSettings, SettingsSave},
      // Audit log and the mail queue.
      {Method::kGet, "/admin/audit", Permission::kViewAudit, AuditLog},
      {Method::kGet, "/admin/outbox", Permission::kViewOutbox, OutboxList},
      {Method::kPost, "/admin/outbox/{id}/retry", Permission::kViewOutbox, OutboxRetry},
  };
  return routes;
}

}  // namespace admin
