#pragma once
// members::Notifier over the mail outbox: renders the theme's
// email_member_* templates in the member's language and enqueues them (no
// network here; the outbox worker sends). Links carry the one-time token:
//   confirm:  /join/confirm?token=T      (48 h)
//   sign-in:  /members/sign-in?token=T   (15 min)
//   new email: /members/email/confirm?token=T (48 h, to the new address)
// The notice of an email change sent to the current address has no link.
// Every page asks for a button press before using the token, so a mail
// scanner that follows links cannot spend it.
// Thread-safe when its collaborators are (they are).

#include <functional>
#include <string>

#include "mail/mail_templates.h"
#include "mail/outbox.h"
#include "members/notifier.h"

namespace app {

class MembersNotifier final : public members::Notifier {
 public:
  // `outbox` and `templates` are borrowed and must outlive this object.
  // `site_name` returns the current site name; `absolute_url` turns a site
  // path into an absolute URL (both read live settings).
  MembersNotifier(mail::Outbox& outbox, const mail::MailTemplates& templates,
                  std::function<std::string()> site_name,
                  std::function<std::string(const std::string&)> absolute_url)
      : outbox_(outbox),
        templates_(templates),
        site_name_(std::move(site_name)),
        absolute_url_(std::move(absolute_url)) {}

  base::Status ConfirmJoin(const members::MemberNotice& n) override;
  base::Status AlreadyMember(const members::MemberNotice& n) override;
  base::Status Approved(const members::MemberNotice& n) override;
  base::Status Declined(const members::MemberNotice& n) override;
  base::Status SignInLink(const members::MemberNotice& n) override;
  base::Status ConfirmNewEmail(const members::MemberNotice& n) override;
  base::Status EmailChangeRequested(const members::MemberNotice& n) override;

 private:
  base::Status Send(std::string_view tmpl, const members::MemberNotice& n,
                    const std::string& link);

  mail::Outbox& outbox_;
  const mail::MailTemplates& templates_;
  std::function<std::string()> site_name_;
  std::function<std::string(const std::string&)> absolute_url_;
};

}  // namespace app
