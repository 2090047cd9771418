// donations::Notifier over the mail outbox (see donations_notifier.h).

#include "app/donations_notifier.h"

#include <cstdio>

#include "base/time_format.h"
#include "http/request.h"
#include "render/value.h"

namespace app {

base::Status DonationsNotifier::Receipt(const donations::DonationReceipt& r) {
  if (r.email.empty()) return base::Status::InvalidArgument("receipt: no email address");
  BS_ASSIGN_OR_RETURN(donations::Currency currency, donations::FindCurrency(r.currency));
  const std::string lang = r.lang.empty() ? "en" : r.lang;
  const base::CivilTime day = zone_.ToLocal(r.received_at);
  char date[16];
  std::snprintf(date, sizeof(date), "%04d-%02d-%02d", day.year, day.month, day.day);

  const std::string site_name = site_name_();
  render::Value data = render::Value::MakeObject(10);
  data.Set("site_name", site_name);
  data.Set("legal_name", text_.legal_name.empty() ? site_name : text_.legal_name);
  data.Set("name", r.name);
  data.Set("amount", donations::FormatAmount(r.amount_minor, currency, lang));
  data.Set("date", std::string(date));
  data.Set("receipt_number", r.donation_ref);
  data.Set("monthly", r.monthly);
  data.Set("disclaimer", text_.disclaimer);
  if (r.monthly && !r.cancel_token.empty()) {
    data.Set("cancel_link",
             absolute_url_("/donate/cancel?token=" + http::PercentEncode(r.cancel_token)));
  }
  BS_ASSIGN_OR_RETURN(mail::Message m, templates_.Render("donation_receipt", lang, data));
  m.to_address = r.email;
  m.to_name = r.name;
  // The kind names the message in the admin's mail queue; never the person.
  return outbox_.Enqueue("donation_receipt", m).status();
}

}  // namespace app
