#pragma once
// donations::Notifier over the mail outbox: renders the theme's
// email_donation_receipt templates in the donor's language and enqueues
// them (no network here; the outbox worker sends). A receipt shows the
// organization's legal name, the amount (money.h FormatAmount), the date in
// the organization's zone, one-time or monthly, the receipt number (the
// gift's ref), the disclaimer, and for a monthly charge the link
//   <base_url>/donate/cancel?token=T
// whose page asks for a button press before cancelling, and on every
// receipt the annual summary form's address (<base_url>/donate/summary).
// The annual summary (email_donation_summary) lists a year's gifts with the
// same legal name and disclaimer, each with its date, amount, refund and
// one-time or monthly, and the net total.
// Thread-safe when its collaborators are (they are).

#include <functional>
#include <string>

#include "base/time_zone.h"
#include "donations/money.h"
#include "donations/notifier.h"
#include "mail/mail_templates.h"
#include "mail/outbox.h"

namespace app {

struct ReceiptText {
  std::string legal_name;  // empty: the site name is used
  std::string disclaimer;  // may be empty
};

class DonationsNotifier final : public donations::Notifier {
 public:
  // Everything borrowed must outlive this object. `site_name` returns the
  // current site name; `absolute_url` turns a site path into an absolute URL.
  DonationsNotifier(mail::Outbox& outbox, const mail::MailTemplates& templates,
                    const base::TimeZone& zone, ReceiptText text,
                    std::function<std::string()> site_name,
                    std::function<std::string(const std::string&)> absolute_url)
      : outbox_(outbox),
        templates_(templates),
        zone_(zone),
        text_(std::move(text)),
        site_name_(std::move(site_name)),
        absolute_url_(std::move(absolute_url)) {}

  // InvalidArgument for an unknown currency or no email; the outbox's and
  // the templates' errors otherwise.
  base::Status Receipt(const donations::DonationReceipt& r) override;
  // InvalidArgument for an unknown currency or no email; the outbox's and
  // the templates' errors otherwise. Kind "donation_summary" in the queue.
  base::Status AnnualSummary(const donations::DonationSummary& s) override;

 private:
  mail::Outbox& outbox_;
  const mail::MailTemplates& templates_;
  const base::TimeZone& zone_;
  const ReceiptText text_;
  std::function<std::string()> site_name_;
  std::function<std::string(const std::string&)> absolute_url_;
};

}  // namespace app
