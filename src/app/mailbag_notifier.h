#pragma once
// mailbag::Notifier over the mail outbox: renders the theme's
// email_mailbag_received_* / email_mailbag_answered_* templates in the
// question's language and enqueues them (no network here; the outbox worker
// sends). Thread-safe when its collaborators are (they are).

#include <functional>
#include <string>

#include "mail/mail_templates.h"
#include "mail/outbox.h"
#include "mailbag/notifier.h"

namespace app {

class MailbagNotifier final : public mailbag::Notifier {
 public:
  // `outbox` and `templates` are borrowed and must outlive this object.
  // `site_name` returns the current site name; `absolute_url` turns a site
  // path ("/mailbag/x") into an absolute URL (both read live settings).
  MailbagNotifier(mail::Outbox& outbox, const mail::MailTemplates& templates,
                  std::function<std::string()> site_name,
                  std::function<std::string(const std::string&)> absolute_url)
      : outbox_(outbox),
        templates_(templates),
        site_name_(std::move(site_name)),
        absolute_url_(std::move(absolute_url)) {}

  // Errors: whatever rendering or enqueueing returns (the service logs
  // nothing and keeps going; see notifier.h).
  base::Status QuestionReceived(const mailbag::AskerNotice& n) override;
  base::Status AnswerPublished(const mailbag::AskerNotice& n) override;

 private:
  base::Status Send(std::string_view kind, std::string_view tmpl, const mailbag::AskerNotice& n,
                    const std::string& link);

  mail::Outbox& outbox_;
  const mail::MailTemplates& templates_;
  std::function<std::string()> site_name_;
  std::function<std::string(const std::string&)> absolute_url_;
};

}  // namespace app
