#include "donations/annual_summary.h"

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "base/form_text.h"
#include "base/text.h"
#include "donations/contribution_rules.h"
#include "donations/donations_service.h"  // kRequiredMsgid
#include "donations/donor_profile.h"

namespace donations {
namespace {

using base::Result;
using base::Status;

// More than a monthly donor's twelve charges and any offline gifts; a year
// beyond it is cut (the store pages by kPage).
constexpr int kPage = 500;
constexpr int kMaxGifts = 5000;

}  // namespace

int AnnualSummaries::CurrentYear() const { return CalendarYearAt(clock_.Now(), zone_); }

Status AnnualSummaries::CheckYear(int year) const {
  if (year < kFirstSummaryYear) return Status::InvalidArgument("summary: year too early");
  if (year > CurrentYear()) {
    return Status::InvalidArgument("summary: year in the future");
  }
  return Status::Ok();
}

Result<int> AnnualSummaries::ParseYear(std::string_view text, std::string_view* msgid) const {
  std::string_view ignored;
  std::string_view& why = msgid != nullptr ? *msgid : ignored;
  const std::string_view t = base::Trim(text);
  if (t.empty()) {
    why = kRequiredMsgid;
    return Status::InvalidArgument("summary: no year");
  }
  if (t.size() != 4 ||
      !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    why = kSummaryYearMsgid;
    return Status::InvalidArgument("summary: year is not four digits");
  }
  const int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  if (year < kFirstSummaryYear) {
    why = kSummaryYearMsgid;
    return Status::InvalidArgument("summary: year too early");
  }
  if (Status s = CheckYear(year); !s.ok()) {
    why = kSummaryFutureYearMsgid;
    return s;
  }
  return year;
}

Result<DonationSummary> AnnualSummaries::Build(int64_t donor_id, int year) {
  BS_ASSIGN_OR_RETURN(store::Donor donor, store_.GetDonor(donor_id));
  BS_ASSIGN_OR_RETURN(DonorProfile profile,
                      OpenDonorProfile(ring_, donor.sealed_profile, donor.ref));
  base::CivilTime from{}, to{};
  from.year = year;
  to.year = year + 1;
  const base::Time start = zone_.FromLocal(from), end = zone_.FromLocal(to);

  DonationSummary out;
  out.email = profile.email;
  out.name = profile.name;
  out.lang = profile.lang.empty() ? "en" : profile.lang;
  out.year = year;
  store::DonationFilter f;
  f.donor_id = donor_id;
  f.from = start;
  f.to = end;
  f.limit = kPage;
  for (f.offset = 0; f.offset < kMaxGifts; f.offset += kPage) {
    BS_ASSIGN_OR_RETURN(std::vector<store::Donation> page, store_.ListDonations(f));
    for (const store::Donation& d : page) {
      // Money in only: pending, failed and expired gifts never arrived. The
      // filter's date is received_at for received gifts; check it anyway.
      if (!d.received_at || *d.received_at < start || *d.received_at >= end) continue;
      out.gifts.push_back({d.ref, *d.received_at, d.amount_minor, d.refunded_minor, d.currency,
                           d.kind == store::DonationKind::kMonthlyCharge});
    }
    if (static_cast<int>(page.size()) < kPage) break;
  }
  // The store lists newest first; a summary reads oldest first.
  std::stable_sort(
      out.gifts.begin(), out.gifts.end(),
      [](const SummaryGift& a, const SummaryGift& b) { return a.received_at < b.received_at; });
  for (const SummaryGift& g : out.gifts) {
    auto it = std::find_if(out.net_totals.begin(), out.net_totals.end(),
                           [&](const auto& t) { return t.first == g.currency; });
    if (it == out.net_totals.end()) {
      out.net_totals.emplace_back(g.currency, 0);
      it = out.net_totals.end() - 1;
    }
    it->second += g.amount_minor - g.refunded_minor;
  }
  return out;
}

Status AnnualSummaries::RequestByEmail(std::string_view email, int year, bool* sent) {
  if (sent != nullptr) *sent = false;
  std::optional<std::string> normalized = base::NormalizeEmail(base::Trim(email));
  if (!normalized) return Status::InvalidArgument("summary: not an email address");
  BS_RETURN_IF_ERROR(CheckYear(year));
  BS_ASSIGN_OR_RETURN(std::optional<store::Donor> donor,
                      store_.FindDonorByEmailIndex(DonorEmailIndex(index_key_, *normalized)));
  if (!donor) return Status::Ok();
  BS_ASSIGN_OR_RETURN(DonationSummary summary, Build(donor->id, year));
  if (summary.gifts.empty()) return Status::Ok();
  BS_RETURN_IF_ERROR(notifier_.AnnualSummary(summary));
  if (sent != nullptr) *sent = true;
  return Status::Ok();
}

Status AnnualSummaries::SendToDonor(int64_t donor_id, int year) {
  BS_RETURN_IF_ERROR(CheckYear(year));
  BS_ASSIGN_OR_RETURN(DonationSummary summary, Build(donor_id, year));
  if (summary.gifts.empty()) {
    return Status::InvalidArgument("summary: no gift received from this donor in that year");
  }
  return notifier_.AnnualSummary(summary);
}

}  // namespace donations
