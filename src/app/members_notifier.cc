// members::Notifier over the mail outbox (see members_notifier.h).

#include "app/members_notifier.h"

#include "http/request.h"
#include "render/value.h"

namespace app {

base::Status MembersNotifier::Send(std::string_view tmpl, const members::MemberNotice& n,
                                   const std::string& link) {
  render::Value data = render::Value::MakeObject(5);
  data.Set("site_name", site_name_());
  data.Set("name", n.first_name);
  data.Set("link", link);
  data.Set("chapter", n.chapter);
  data.Set("portal_link", absolute_url_("/members"));
  const std::string lang = n.lang.empty() ? "en" : n.lang;
  BS_ASSIGN_OR_RETURN(mail::Message m, templates_.Render(tmpl, lang, data));
  m.to_address = n.email;
  m.to_name = n.first_name;
  // The kind names the message in the admin's mail queue; never the person.
  return outbox_.Enqueue(std::string(tmpl), m).status();
}

base::Status MembersNotifier::ConfirmJoin(const members::MemberNotice& n) {
  // The confirmation page opens in the language the person joined in.
  std::string path = "/join/confirm?token=" + http::PercentEncode(n.token);
  if (!n.lang.empty()) path += "&lang=" + http::PercentEncode(n.lang);
  return Send("member_confirm", n, absolute_url_(path));
}

base::Status MembersNotifier::AlreadyMember(const members::MemberNotice& n) {
  return Send("member_already", n,
              absolute_url_("/members/sign-in?token=" + http::PercentEncode(n.token)));
}

base::Status MembersNotifier::Approved(const members::MemberNotice& n) {
  return Send("member_approved", n, "");
}

base::Status MembersNotifier::Declined(const members::MemberNotice& n) {
  return Send("member_declined", n, "");
}

base::Status MembersNotifier::SignInLink(const members::MemberNotice& n) {
  return Send("member_sign_in", n,
              absolute_url_("/members/sign-in?token=" + http::PercentEncode(n.token)));
}

base::Status MembersNotifier::ConfirmNewEmail(const members::MemberNotice& n) {
  return Send("member_change_email", n,
              absolute_url_("/members/email/confirm?token=" + http::PercentEncode(n.token)));
}

base::Status MembersNotifier::EmailChangeRequested(const members::MemberNotice& n) {
  return Send("member_email_changed_notice", n, "");
}

}  // namespace app
