#pragma once
// Handlers of every admin route, by file. Each takes the request context and
// returns a response or a Status (turned into a page by admin_handler.cc).

#include "admin/routes.h"

namespace admin {

// auth_pages.cc: signing in and out, forgotten passwords, invitations.
AdminResult LoginForm(Ctx& c);
AdminResult LoginSubmit(Ctx& c);
AdminResult Logout(Ctx& c);
AdminResult ForgotForm(Ctx& c);
AdminResult ForgotSubmit(Ctx& c);
AdminResult SetPasswordForm(Ctx& c);
AdminResult SetPasswordSubmit(Ctx& c);
AdminResult AdminAsset(Ctx& c);

// account_pages.cc: the signed-in user's own account; the dashboard.
AdminResult Dashboard(Ctx& c);
AdminResult AccountPage(Ctx& c);
AdminResult ChangePassword(Ctx& c);
AdminResult SignOutEverywhere(Ctx& c);

// users_pages.cc: staff users and invitations (admins).
AdminResult UsersList(Ctx& c);
AdminResult UserNewForm(Ctx& c);
AdminResult UserCreate(Ctx& c);
AdminResult UserEditForm(Ctx& c);
AdminResult UserUpdate(Ctx& c);
AdminResult UserInvite(Ctx& c);
AdminResult UserEndSessions(Ctx& c);

// audit_page.cc
AdminResult AuditLog(Ctx& c);

// outbox_page.cc: the outgoing-mail queue.
AdminResult OutboxList(Ctx& c);
AdminResult OutboxRetry(Ctx& c);

// media_pages.cc: the media library.
AdminResult MediaList(Ctx& c);
AdminResult MediaUpload(Ctx& c);
AdminResult MediaEditForm(Ctx& c);
AdminResult MediaUpdate(Ctx& c);
AdminResult MediaDelete(Ctx& c);

// roles_page.cc: the role matrix as a page.
AdminResult RolesPage(Ctx& c);

// articles_pages.cc: articles and standalone pages — lists, the editor, delete,
// the Markdown preview. Authors may open only their own drafts; status
// changes and deletes also need Permission::kPublish.
AdminResult ArticlesList(Ctx& c);
AdminResult ArticleNewForm(Ctx& c);
AdminResult ArticleCreate(Ctx& c);
AdminResult ArticleEditForm(Ctx& c);
AdminResult ArticleUpdate(Ctx& c);
AdminResult ArticleDeleteForm(Ctx& c);
AdminResult ArticleDelete(Ctx& c);
AdminResult PagesList(Ctx& c);
AdminResult PageNewForm(Ctx& c);
AdminResult PageCreate(Ctx& c);
AdminResult PageEditForm(Ctx& c);
AdminResult PageUpdate(Ctx& c);
AdminResult PageDeleteForm(Ctx& c);
AdminResult PageDelete(Ctx& c);
AdminResult MarkdownPreview(Ctx& c);

// bylines_pages.cc: who signs articles.
AdminResult BylinesList(Ctx& c);
AdminResult BylineNewForm(Ctx& c);
AdminResult BylineCreate(Ctx& c);
AdminResult BylineEditForm(Ctx& c);
AdminResult BylineUpdate(Ctx& c);
AdminResult BylineDelete(Ctx& c);

// taxonomy_pages.cc: sections and tags.
AdminResult SectionsList(Ctx& c);
AdminResult SectionNewForm(Ctx& c);
AdminResult SectionCreate(Ctx& c);
AdminResult SectionEditForm(Ctx& c);
AdminResult SectionUpdate(Ctx& c);
AdminResult SectionDelete(Ctx& c);
AdminResult TagsList(Ctx& c);
AdminResult TagEditForm(Ctx& c);
AdminResult TagRename(Ctx& c);
AdminResult TagMerge(Ctx& c);
AdminResult TagDelete(Ctx& c);

// mailbag_pages.cc: the Mailbag queue, one question with its answer editor
// and moderation buttons (kAnswerMailbag), and its topics (kManageTaxonomy).
AdminResult MailbagQueue(Ctx& c);
AdminResult MailbagQuestion(Ctx& c);
AdminResult MailbagSaveAnswer(Ctx& c);
AdminResult MailbagPublish(Ctx& c);
AdminResult MailbagUnpublish(Ctx& c);
AdminResult MailbagDecline(Ctx& c);
AdminResult MailbagReopen(Ctx& c);
AdminResult MailbagAssign(Ctx& c);
AdminResult MailbagTopicsList(Ctx& c);
AdminResult MailbagTopicCreate(Ctx& c);
AdminResult MailbagTopicUpdate(Ctx& c);

// members_pages.cc: the member list with filters, one member (every opening
// is recorded in their history), the secretary's actions and the CSV export.
// chapters_pages.cc: chapters and their assignment rules. All need
// Permission::kManageMembers.
AdminResult MembersList(Ctx& c);
AdminResult MembersExport(Ctx& c);
AdminResult MemberPage(Ctx& c);
AdminResult MemberApprove(Ctx& c);
AdminResult MemberDecline(Ctx& c);
AdminResult MemberErase(Ctx& c);
AdminResult MemberMove(Ctx& c);
AdminResult ChaptersList(Ctx& c);
AdminResult ChapterCreate(Ctx& c);
AdminResult ChapterUpdate(Ctx& c);

// members_import_page.cc: the CSV import (Permission::kManageMembers): every
// row is checked, and either all are imported or none, with a report.
AdminResult MembersImportForm(Ctx& c);
AdminResult MembersImport(Ctx& c);

// donations_pages.cc: the treasurer's books (Permission::kManageDonations):
// the gift list with its filters, totals and export, one gift, one donor,
// the itemization report and offline gifts.
AdminResult DonationsList(Ctx& c);
AdminResult DonationsExport(Ctx& c);
AdminResult DonationPage(Ctx& c);
AdminResult DonorPage(Ctx& c);
// POST /admin/donors/{id}/summary (year): emails the donor the annual
// summary of that year (donations/annual_summary.h); audited.
AdminResult DonorSummarySend(Ctx& c);
// POST /admin/donations/{id}/correct (amount, refunded, date, note): an
// offline gift's amount, refund or date, or a note on any gift; audited.
AdminResult DonationCorrect(Ctx& c);
AdminResult DonationTotals(Ctx& c);
AdminResult ItemizationReport(Ctx& c);
AdminResult ItemizationExport(Ctx& c);
AdminResult OfflineGiftForm(Ctx& c);
AdminResult OfflineGiftSubmit(Ctx& c);

}  // namespace admin
