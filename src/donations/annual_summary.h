#pragma once
// The annual summary a donor can ask for by email (issue 6): every gift
// received from them in one calendar year of the organization's zone, each
// with its date, amount, refund and one-time/monthly, and the net total
// (completed minus refunded, as the books count it). Sent through
// Notifier::AnnualSummary in the donor's language.
//
// Two ways in. The public form (/donate/summary) gives an email address: the
// answer must not tell whether that address ever gave, so RequestByEmail is
// OK either way and mails only a donor with gifts in that year (an address
// that never gave, or gave nothing that year, gets no mail at all: the form
// must not become a way to send mail to strangers). The treasurer's donor
// page names the donor by id (SendToDonor).
//
// Thread-safe when its collaborators are (they are); calls block on the
// database (run them on the worker pool).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "base/clock.h"
#include "base/status.h"
#include "base/time_zone.h"
#include "crypto/keyring.h"
#include "crypto/sealed.h"
#include "donations/notifier.h"
#include "store/donations_store.h"

namespace donations {

// Summaries start here: nothing older is in any Broadside's books.
inline constexpr int kFirstSummaryYear = 2000;

// The msgids of the year's problems (besides donations_service.h's
// kRequiredMsgid).
inline constexpr std::string_view kSummaryYearMsgid =
    "Please enter a year as four digits, like 2025.";
inline constexpr std::string_view kSummaryFutureYearMsgid =
    "That year has not started yet. Please choose this year or an earlier one.";

class AnnualSummaries {
 public:
  // Everything borrowed must outlive this object. `index_key` is the
  // members' index key (donors are found by DonorEmailIndex).
  AnnualSummaries(store::DonationsStore& store, const crypto::Keyring& ring,
                  const crypto::FieldKey& index_key, const base::Clock& clock, Notifier& notifier,
                  base::TimeZone zone)
      : store_(store),
        ring_(ring),
        index_key_(index_key),
        clock_(clock),
        notifier_(notifier),
        zone_(std::move(zone)) {}

  // The calendar year now, in the organization's zone (the form's default).
  int CurrentYear() const;

  // The year as typed: four ASCII digits, kFirstSummaryYear up to the
  // current year in the organization's zone. InvalidArgument otherwise, with
  // `*msgid` (when given) set to the text to show: kRequiredMsgid,
  // kSummaryYearMsgid or kSummaryFutureYearMsgid.
  base::Result<int> ParseYear(std::string_view text, std::string_view* msgid = nullptr) const;

  // The summary of donor `donor_id` for `year` (a donor with no gifts that
  // year gets an empty one). NotFound for an unknown donor; the key ring's
  // errors when the profile cannot be opened.
  base::Result<DonationSummary> Build(int64_t donor_id, int year);

  // The public form. `email` as typed (trimmed and normalized here). When it
  // is a donor's address and they have gifts received in `year`, asks the
  // notifier for the summary; otherwise does nothing. OK in both cases; *sent
  // (when given) says which, for logs and tests only — never show it.
  // InvalidArgument for an address base::NormalizeEmail refuses or a year
  // ParseYear would refuse; the store's, key ring's and notifier's errors
  // otherwise.
  base::Status RequestByEmail(std::string_view email, int year, bool* sent = nullptr);

  // The treasurer's button: asks the notifier for donor `donor_id`'s summary
  // of `year`. NotFound for an unknown donor; InvalidArgument for a bad year
  // or a year with no gift received from them; the notifier's errors.
  base::Status SendToDonor(int64_t donor_id, int year);

 private:
  base::Status CheckYear(int year) const;

  store::DonationsStore& store_;
  const crypto::Keyring& ring_;
  const crypto::FieldKey& index_key_;
  const base::Clock& clock_;
  Notifier& notifier_;
  const base::TimeZone zone_;
};

}  // namespace donations
