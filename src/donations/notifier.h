#pragma once
// How the donations service asks for a receipt, without depending on mail/:
// the composition root implements Notifier with the outbox and the email
// templates (translated, with the organization's legal name and disclaimer
// from settings) and turns the cancel token into an absolute link.
// Implementations only enqueue. A failure is reported (and logged by the
// caller) but never undoes the gift: the money arrived either way.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace donations {

struct DonationReceipt {
  // Opened from the sealed donor profile just for this call.
  std::string email, name;
  std::string lang = "en";   // the language the donor gave in
  std::string donation_ref;  // the gift's public ref (a receipt number)
  int64_t amount_minor = 0;  // what this gift or monthly charge was
  std::string currency;      // upper-case ISO 4217
  base::Time received_at{};  // when the money arrived (UTC)
  bool monthly = false;      // a charge of a monthly plan
  // Monthly only: the one-time token of the "cancel my monthly gift" link
  // (DonationsService::CancelMonthly). Each receipt carries a fresh one; the
  // previous link stops working.
  std::string cancel_token;
};

// One gift in an annual summary (annual_summary.h).
struct SummaryGift {
  std::string donation_ref;    // the receipt number
  base::Time received_at{};    // when the money arrived (UTC)
  int64_t amount_minor = 0;    // what was given
  int64_t refunded_minor = 0;  // what of it was refunded (0..amount)
  std::string currency;        // upper-case ISO 4217
  bool monthly = false;        // a charge of a monthly plan
};

// A donor's gifts in one calendar year of the organization's zone, for the
// summary email a donor or the treasurer asks for.
struct DonationSummary {
  // Opened from the sealed donor profile just for this call.
  std::string email, name;
  std::string lang = "en";  // the donor's language
  int year = 0;
  std::vector<SummaryGift> gifts;  // received in `year`, oldest first
  // Net (given minus refunded) per currency, in the order currencies first
  // appear in `gifts` (one, unless the organization changed currency).
  std::vector<std::pair<std::string, int64_t>> net_totals;
};

class Notifier {
 public:
  virtual ~Notifier() = default;
  // A receipt for a completed gift or one monthly charge. Asked for by the
  // receipt queue's pass (DonationsService::SendDueReceipts), never on the
  // webhook: once per gift, again after a failure (with a backoff) and, at
  // worst, once more after a crash between the enqueue and the mark.
  virtual base::Status Receipt(const DonationReceipt& r) = 0;
  // The annual summary (annual_summary.h), with the legal name and
  // disclaimer as on receipts. Not pure so that notifiers written before it
  // (tests' fakes) still compile: the default refuses with Internal.
  virtual base::Status AnnualSummary(const DonationSummary&) {
    return base::Status::Internal("this notifier does not send annual summaries");
  }
};

}  // namespace donations
