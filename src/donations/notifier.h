#pragma once
// How the donations service asks for a receipt, without depending on mail/:
// the composition root implements Notifier with the outbox and the email
// templates (translated, with the organization's legal name and disclaimer
// from settings) and turns the cancel token into an absolute link.
// Implementations only enqueue. A failure is reported (and logged by the
// caller) but never undoes the gift: the money arrived either way.

#include <cstdint>
#include <string>

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

class Notifier {
 public:
  virtual ~Notifier() = default;
  // A receipt for a completed gift or one monthly charge. Asked for once per
  // gift (when the event that completed it was applied).
  virtual base::Status Receipt(const DonationReceipt& r) = 0;
};

}  // namespace donations
