// mailbag::Notifier over the mail outbox (see mailbag_notifier.h).

#include "app/mailbag_notifier.h"

#include "render/value.h"

namespace app {

base::Status MailbagNotifier::Send(std::string_view kind, std::string_view tmpl,
                                   const mailbag::AskerNotice& n, const std::string& link) {
  render::Value data = render::Value::MakeObject(6);
  data.Set("site_name", site_name_());
  data.Set("name", n.name);
  data.Set("question", n.question);
  data.Set("link", link);
  data.Set("archive_link", absolute_url_("/mailbag"));
  const std::string lang = n.lang.empty() ? "en" : n.lang;
  BS_ASSIGN_OR_RETURN(mail::Message m, templates_.Render(tmpl, lang, data));
  m.to_address = n.email;
  m.to_name = n.name;
  return outbox_.Enqueue(kind, m).status();
}

base::Status MailbagNotifier::QuestionReceived(const mailbag::AskerNotice& n) {
  return Send("mailbag_received", "mailbag_received", n, "");
}

base::Status MailbagNotifier::AnswerPublished(const mailbag::AskerNotice& n) {
  return Send("mailbag_answered", "mailbag_answered", n, absolute_url_("/mailbag/" + n.slug));
}

}  // namespace app
