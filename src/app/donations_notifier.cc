// donations::Notifier over the mail outbox (see donations_notifier.h).

#include "app/donations_notifier.h"

#include <cstdio>

#include "base/time_format.h"
#include "http/request.h"
#include "render/value.h"

namespace app {
namespace {

std::string LocalDate(const base::TimeZone& zone, base::Time t) {
  const base::CivilTime day = zone.ToLocal(t);
  char date[16];
  std::snprintf(date, sizeof(date), "%04d-%02d-%02d", day.year, day.month, day.day);
  return date;
}

}  // namespace

base::Status DonationsNotifier::Receipt(const donations::DonationReceipt& r) {
  if (r.email.empty()) return base::Status::InvalidArgument("receipt: no email address");
  BS_ASSIGN_OR_RETURN(donations::Currency currency, donations::FindCurrency(r.currency));
  const std::string lang = r.lang.empty() ? "en" : r.lang;
  const base::CivilTime day = zone_.ToLocal(r.received_at);
  char date[16];
  std::snprintf(date, sizeof(date), "%04d-%02d-%02d", day.year, day.month, day.day);

  const std::string site_name = site_name_();
  render::Value data = render::Value::MakeObject(11);
  data.Set("site_name", site_name);
  data.Set("legal_name", text_.legal_name.empty() ? site_name : text_.legal_name);
  data.Set("name", r.name);
  data.Set("amount", donations::FormatAmount(r.amount_minor, currency, lang));
  data.Set("date", std::string(date));
  data.Set("receipt_number", r.donation_ref);
  data.Set("monthly", r.monthly);
  data.Set("disclaimer", text_.disclaimer);
  data.Set("summary_link", absolute_url_("/donate/summary"));
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

base::Status DonationsNotifier::AnnualSummary(const donations::DonationSummary& s) {
  if (s.email.empty()) return base::Status::InvalidArgument("summary: no email address");
  const std::string lang = s.lang.empty() ? "en" : s.lang;
  render::Value gifts = render::Value::MakeList(s.gifts.size());
  for (const donations::SummaryGift& g : s.gifts) {
    BS_ASSIGN_OR_RETURN(donations::Currency currency, donations::FindCurrency(g.currency));
    render::Value row = render::Value::MakeObject(6);
    row.Set("date", LocalDate(zone_, g.received_at));
    row.Set("amount", donations::FormatAmount(g.amount_minor, currency, lang));
    row.Set("refunded", g.refunded_minor > 0
                            ? donations::FormatAmount(g.refunded_minor, currency, lang)
                            : std::string());
    row.Set("monthly", g.monthly);
    row.Set("receipt_number", g.donation_ref);
    gifts.Push(std::move(row));
  }
  render::Value totals = render::Value::MakeList(s.net_totals.size());
  for (const auto& [code, net] : s.net_totals) {
    BS_ASSIGN_OR_RETURN(donations::Currency currency, donations::FindCurrency(code));
    totals.Push(render::Value::MakeObject(1).Set(
        "total", donations::FormatAmount(net, currency, lang)));
  }
  const std::string site_name = site_name_();
  render::Value data = render::Value::MakeObject(9);
  data.Set("site_name", site_name);
  data.Set("legal_name", text_.legal_name.empty() ? site_name : text_.legal_name);
  data.Set("name", s.name);
  data.Set("year", std::to_string(s.year));
  data.Set("gifts", std::move(gifts));
  data.Set("totals", std::move(totals));
  data.Set("disclaimer", text_.disclaimer);
  BS_ASSIGN_OR_RETURN(mail::Message m, templates_.Render("donation_summary", lang, data));
  m.to_address = s.email;
  m.to_name = s.name;
  return outbox_.Enqueue("donation_summary", m).status();
}

}  // namespace app
