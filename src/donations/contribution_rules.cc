#include "donations/contribution_rules.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "base/text.h"
#include "donations/money.h"

namespace donations {
namespace {

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

// a + b for non-negative a and b, saturating at INT64_MAX.
int64_t SatAdd(int64_t a, int64_t b) {
  a = std::max<int64_t>(a, 0);
  b = std::max<int64_t>(b, 0);
  return a > kInt64Max - b ? kInt64Max : a + b;
}

// a * n for non-negative a and 0 <= n <= 12, saturating.
int64_t SatMul(int64_t a, int n) {
  a = std::max<int64_t>(a, 0);
  if (n <= 0) return 0;
  return a > kInt64Max / n ? kInt64Max : a * n;
}

bool IsKeyChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

std::vector<Attestation> DefaultAttestations() {
  return {
      {"own_funds", "This contribution is made from my own funds, and not those of another."},
      {"citizen",
       "I am a U.S. citizen or lawfully admitted permanent resident (green card holder)."},
      {"adult", "I am at least 18 years old."},
      {"not_contractor", "I am not a federal contractor."},
  };
}

base::Status ValidateRulesConfig(const RulesConfig& config) {
  if (config.min_minor < 1) return base::Status::InvalidArgument("rules: min_minor must be >= 1");
  if (config.max_minor < config.min_minor) {
    return base::Status::InvalidArgument("rules: max_minor must be >= min_minor");
  }
  if (config.max_minor > kMaxAmountMinor) {
    return base::Status::InvalidArgument("rules: max_minor too large");
  }
  if (config.itemization_threshold_minor < 0 ||
      config.itemization_threshold_minor > kMaxAmountMinor) {
    return base::Status::InvalidArgument("rules: itemization_threshold_minor out of range");
  }
  if (config.yearly_cap_minor < 0 || config.yearly_cap_minor > kMaxAmountMinor) {
    return base::Status::InvalidArgument("rules: yearly_cap_minor out of range");
  }
  std::set<std::string> keys;
  for (const Attestation& a : config.attestations) {
    if (a.key.empty() || !std::all_of(a.key.begin(), a.key.end(), IsKeyChar)) {
      return base::Status::InvalidArgument("rules: bad attestation key '" + a.key + "'");
    }
    if (!keys.insert(a.key).second) {
      return base::Status::InvalidArgument("rules: duplicate attestation key '" + a.key + "'");
    }
    if (base::Trim(a.text).empty()) {
      return base::Status::InvalidArgument("rules: attestation '" + a.key + "' has no text");
    }
  }
  return base::Status::Ok();
}

bool RulesVerdict::Has(RuleProblem kind) const {
  return std::any_of(problems.begin(), problems.end(),
                     [kind](const Problem& p) { return p.kind == kind; });
}

RulesVerdict Check(const RulesConfig& config, const GiftRequest& gift,
                   int64_t donor_year_total_minor) {
  RulesVerdict v;
  const int64_t year_total = std::max<int64_t>(donor_year_total_minor, 0);
  const int month = std::clamp(gift.month, 1, 12);
  v.charges_this_year = gift.monthly ? 13 - month : 1;
  v.counted_minor = SatMul(gift.amount_minor, v.charges_this_year);
  v.year_total_after_minor = SatAdd(year_total, v.counted_minor);
  v.itemized = v.year_total_after_minor > config.itemization_threshold_minor;
  if (config.yearly_cap_minor > 0) {
    v.remaining_minor = std::max<int64_t>(config.yearly_cap_minor - year_total, 0);
  }

  if (gift.amount_minor < config.min_minor) v.problems.push_back({RuleProblem::kBelowMin, ""});
  if (gift.amount_minor > config.max_minor) v.problems.push_back({RuleProblem::kAboveMax, ""});
  for (const Attestation& a : config.attestations) {
    if (std::find(gift.attested_keys.begin(), gift.attested_keys.end(), a.key) ==
        gift.attested_keys.end()) {
      v.problems.push_back({RuleProblem::kMissingAttestation, a.key});
    }
  }
  if (v.itemized) {
    if (base::Trim(gift.employer).empty()) {
      v.problems.push_back({RuleProblem::kEmployerRequired, ""});
    }
    if (base::Trim(gift.occupation).empty()) {
      v.problems.push_back({RuleProblem::kOccupationRequired, ""});
    }
  }
  if (config.yearly_cap_minor > 0 && v.year_total_after_minor > config.yearly_cap_minor) {
    v.problems.push_back({RuleProblem::kCapExceeded, ""});
  }
  return v;
}

std::string_view RuleProblemMsgid(RuleProblem kind) {
  switch (kind) {
    case RuleProblem::kBelowMin:
      return "The amount is below the minimum gift.";
    case RuleProblem::kAboveMax:
      return "The amount is above the maximum gift.";
    case RuleProblem::kMissingAttestation:
      return "Please confirm this statement to give.";
    case RuleProblem::kEmployerRequired:
      return "Please tell us your employer: the law requires it for gifts above this amount.";
    case RuleProblem::kOccupationRequired:
      return "Please tell us your occupation: the law requires it for gifts above this amount.";
    case RuleProblem::kCapExceeded:
      return "This gift would exceed the most one person may give in a calendar year.";
  }
  return "";
}

int CalendarYearAt(base::Time t, const base::TimeZone& zone) { return zone.ToLocal(t).year; }

int CalendarMonthAt(base::Time t, const base::TimeZone& zone) { return zone.ToLocal(t).month; }

std::vector<YearTotal> YearTotals(const std::vector<DatedGift>& gifts, const base::TimeZone& zone,
                                  int64_t threshold_minor) {
  std::map<int, int64_t> by_year;
  for (const DatedGift& g : gifts) {
    const int64_t completed = std::max<int64_t>(g.completed_minor, 0);
    const int64_t net = completed - std::clamp<int64_t>(g.refunded_minor, 0, completed);
    int64_t& total = by_year[CalendarYearAt(g.at, zone)];
    total = SatAdd(total, net);
  }
  std::vector<YearTotal> out;
  out.reserve(by_year.size());
  for (const auto& [year, total] : by_year) {
    out.push_back({year, total, total > threshold_minor});
  }
  return out;
}

}  // namespace donations
