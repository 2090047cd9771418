// DonationsService's receipts: sending the queue the store fills with each
// completion (donations_service.h, SendDueReceipts; README.md, "Receipts").

#include <string>
#include <utility>

#include "crypto/token.h"
#include "donations/donations_service.h"

namespace donations {

Result<DonationReceipt> DonationsService::BuildReceipt(int64_t donation_id) {
  BS_ASSIGN_OR_RETURN(store::Donation d, store_.GetDonation(donation_id));
  BS_ASSIGN_OR_RETURN(store::Donor donor, store_.GetDonor(d.donor_id));
  BS_ASSIGN_OR_RETURN(DonorProfile profile,
                      OpenDonorProfile(ring_, donor.sealed_profile, donor.ref));
  DonationReceipt r;
  r.email = profile.email;
  r.name = profile.name;
  r.lang = d.lang;
  r.donation_ref = d.ref;
  r.amount_minor = d.amount_minor;
  r.currency = d.currency;
  r.received_at = d.received_at.value_or(clock_.Now());
  if (d.recurring_id) {
    r.monthly = true;
    // Only the token's hash is kept, so a retry cannot send the token of an
    // earlier attempt: each attempt makes a fresh one and sets its hash
    // before the notifier sees it. The link that works is always the one in
    // the receipt handed to the notifier last (a failed attempt's link was
    // never sent; a crash after this line leaves the previous link dead,
    // and the retry's receipt brings a working one).
    r.cancel_token = crypto::RandomToken();
    BS_RETURN_IF_ERROR(
        store_.SetPlanCancelTokenHash(*d.recurring_id, crypto::HashToken(r.cancel_token)));
  }
  return r;
}

Status DonationsService::SendOneReceipt(int64_t donation_id) {
  BS_ASSIGN_OR_RETURN(DonationReceipt r, BuildReceipt(donation_id));
  return notifier_->Receipt(r);
}

Result<int> DonationsService::SendDueReceipts(int limit, std::vector<ReceiptFailure>* failures) {
  if (limit < 1 || limit > 1000) {
    return Status::InvalidArgument("donations: receipt pass limit outside 1..1000");
  }
  if (notifier_ == nullptr) return 0;
  // One pass at a time here; the claim's lease keeps another process's
  // sender off these rows too.
  std::lock_guard<std::mutex> lock(send_mu_);
  const base::Time now = clock_.Now();
  BS_ASSIGN_OR_RETURN(std::vector<store::QueuedReceipt> due,
                      store_.ClaimDueReceipts(now, kReceiptLease, limit));
  int sent = 0;
  Status store_error;
  for (const store::QueuedReceipt& q : due) {
    Status s = SendOneReceipt(q.donation_id);
    if (s.ok()) {
      // A crash before this line sends the receipt again after the lease:
      // at least once (see the header).
      Status marked = store_.MarkReceiptSent(q.donation_id, clock_.Now());
      if (!marked.ok()) store_error = marked;
      ++sent;
      continue;
    }
    ReceiptFailure f;
    f.donation_id = q.donation_id;
    f.attempts = q.attempts + 1;
    f.gave_up = f.attempts >= kMaxReceiptAttempts;
    f.error = s.ToString();
    const base::Time retry_at =
        clock_.Now() + (f.gave_up ? std::chrono::seconds(0) : kReceiptBackoff[f.attempts - 1]);
    Status marked = store_.MarkReceiptFailed(q.donation_id, f.error, retry_at, f.gave_up);
    if (!marked.ok()) store_error = marked;
    if (failures != nullptr) failures->push_back(std::move(f));
  }
  if (!store_error.ok()) return store_error.WithContext("donations: receipt queue");
  return sent;
}

}  // namespace donations
