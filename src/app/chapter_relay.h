#pragma once
// The chapter contact form's two seams (members/chapter_contact.h) over the
// staff accounts and the mail outbox:
//   - AccountsLeaderDirectory: chapter leaders and membership secretaries,
//     read from AccountsService::ListUsers (active = a password is set, the
//     invitation was accepted; a leader still invited is listed, marked
//     `invited`; a secretary only when active; disabled users never);
//   - OutboxChapterRelay: renders the theme's email_chapter_message_*
//     templates and queues one email per recipient, Reply-To = the sender,
//     so a leader answers the person directly; the sender never sees the
//     leader's address unless the leader replies.
// Thread-safe when their collaborators are (they are).

#include <functional>
#include <string>
#include <vector>

#include "accounts/accounts_service.h"
#include "mail/mail_templates.h"
#include "mail/outbox.h"
#include "members/chapter_contact.h"

namespace app {

class AccountsLeaderDirectory final : public members::LeaderDirectory {
 public:
  // `accounts` is borrowed and must outlive this object.
  explicit AccountsLeaderDirectory(accounts::AccountsService& accounts) : accounts_(accounts) {}

  base::Result<std::vector<members::ContactRecipient>> Leaders(int64_t chapter_id) override;
  base::Result<std::vector<members::ContactRecipient>> Secretaries() override;

 private:
  accounts::AccountsService& accounts_;
};

class OutboxChapterRelay final : public members::ChapterRelay {
 public:
  // `outbox` and `templates` are borrowed and must outlive this object.
  // `site_name` returns the current site name (live settings).
  OutboxChapterRelay(mail::Outbox& outbox, const mail::MailTemplates& templates,
                     std::function<std::string()> site_name)
      : outbox_(outbox), templates_(templates), site_name_(std::move(site_name)) {}

  // Queues email "chapter_message" to m.to with Reply-To m.sender_email.
  // Errors: the templates' and the outbox's (InvalidArgument for an address
  // the mail module refuses).
  base::Status Relay(const members::RelayedMessage& m) override;

 private:
  mail::Outbox& outbox_;
  const mail::MailTemplates& templates_;
  std::function<std::string()> site_name_;
};

}  // namespace app
