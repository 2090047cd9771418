#pragma once
// The contribution rules engine: whether one gift may be accepted, given what
// the donor already gave this calendar year. Pure functions over plain
// structs; the service supplies the donor's year total (matched by the
// blind index of the normalized email) and the calendar year in the
// organization's time zone (CalendarYearAt below). No I/O, no clock: safe
// from any thread.
//
// All amounts are minor units of the organization's one currency.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "base/time_zone.h"

namespace donations {

// A statement the donor must tick before giving. `text` is an English msgid
// shown through the translation catalog.
struct Attestation {
  std::string key;   // stable id stored with the gift: "own_funds"
  std::string text;  // English msgid
};

// The attestations a US political committee typically asks of individual
// contributors (FEC rules: no contributions in the name of another, no
// foreign nationals, no federal contractors; many committees also require
// adulthood). THESE ARE DEFAULTS ONLY: an organization sets its own list in
// its settings (possibly none, e.g. a charity outside the US), and its
// treasurer or counsel decides what the law requires of it.
//   own_funds       "This contribution is made from my own funds, and not those of another."
//   citizen         "I am a U.S. citizen or lawfully admitted permanent resident (green card
//   holder)." adult           "I am at least 18 years old." not_contractor  "I am not a federal
//   contractor."
std::vector<Attestation> DefaultAttestations();

struct RulesConfig {
  int64_t min_minor = 100;     // per gift (each charge of a monthly gift); default $1
  int64_t max_minor = 500000;  // per gift; default $5,000
  // Employer and occupation are required once the donor's calendar-year total
  // would EXCEED this (equal is not exceeding). Default $200: the FEC
  // itemization threshold.
  int64_t itemization_threshold_minor = 20000;
  // Most one donor may give in a calendar year; 0 = no cap. No default cap:
  // the legal limit depends on the kind of committee, so the organization sets it.
  int64_t yearly_cap_minor = 0;
  std::vector<Attestation> attestations = DefaultAttestations();
};

// InvalidArgument unless 1 <= min <= max <= kMaxAmountMinor, threshold and
// cap are in [0, kMaxAmountMinor], and attestation keys are non-empty,
// unique, [a-z0-9_] and every text non-empty. Settings call this on save.
base::Status ValidateRulesConfig(const RulesConfig& config);

struct GiftRequest {
  int64_t amount_minor = 0;  // per charge for a monthly gift
  bool monthly = false;
  std::string employer, occupation;
  std::vector<std::string> attested_keys;  // keys of the boxes the donor ticked
  int year = 0;                            // calendar year of the gift in the organization's zone
  int month = 1;                           // 1..12, same zone; only used for monthly gifts
};

enum class RuleProblem {
  kBelowMin,            // amount < min_minor (zero and negative amounts too)
  kAboveMax,            // amount > max_minor
  kMissingAttestation,  // `attestation_key` names which (one problem per box)
  kEmployerRequired,    // the year total would exceed the threshold
  kOccupationRequired,  //   and this field is blank
  kCapExceeded,         // the year total would exceed yearly_cap_minor
};

struct Problem {
  RuleProblem kind;
  std::string attestation_key;  // kMissingAttestation only
  bool operator==(const Problem&) const = default;
};

struct RulesVerdict {
  std::vector<Problem> problems;  // every problem, in the order of RuleProblem; empty = accept
  bool ok() const { return problems.empty(); }
  bool Has(RuleProblem kind) const;

  // How many charges of this gift fall in the gift's calendar year: 1 for a
  // one-time gift, 13 - month for a monthly one.
  int charges_this_year = 1;
  // amount x charges_this_year: what this gift adds to the donor's year.
  int64_t counted_minor = 0;
  // The donor's year total if the gift is accepted.
  int64_t year_total_after_minor = 0;
  // True when year_total_after_minor exceeds the itemization threshold:
  // employer and occupation are required (and the gift goes in the report).
  bool itemized = false;
  // With a cap: how much more the donor may give this calendar year before
  // this gift (cap - year total), never negative. nullopt without a cap.
  // For a monthly gift the page may offer remaining / charges_this_year a month.
  std::optional<int64_t> remaining_minor;
};

// Every problem with `gift`, given `donor_year_total_minor` (completed minus
// refunded, this calendar year, before this gift).
//
// Monthly gifts: the cap and the threshold count every charge left in the
// gift's calendar year, from its month to December (a $50 monthly gift begun
// in March counts $500), because those charges will happen unless the donor
// cancels, and refusing a June charge after accepting the gift in March would
// be worse for the donor and the books. Charges in later years are not
// counted here; each year's charges are checked against that year's rules as
// they are made (and the itemization report uses the actual gifts).
// Amounts are added with saturation, so no input overflows.
// REQUIRES: ValidateRulesConfig(config).ok(); 1 <= gift.month <= 12 if monthly.
RulesVerdict Check(const RulesConfig& config, const GiftRequest& gift,
                   int64_t donor_year_total_minor);

// The English msgid the page shows for `kind` (the missing attestation's own
// text is shown beside its box).
std::string_view RuleProblemMsgid(RuleProblem kind);
// Shown with kCapExceeded; {amount} is FormatAmount(*remaining_minor, ...).
inline constexpr std::string_view kCapRemainingMsgid =
    "You may give up to {amount} more this calendar year.";

// The calendar year (and month) in which instant `t` falls on the
// organization's wall clock: a gift at 2026-01-01T03:00Z is still 2025 in
// New York. Callers compute GiftRequest::year/month with these.
int CalendarYearAt(base::Time t, const base::TimeZone& zone);
int CalendarMonthAt(base::Time t, const base::TimeZone& zone);

// One gift as the books see it, for the itemization report.
struct DatedGift {
  base::Time at;                // when it was completed (UTC)
  int64_t completed_minor = 0;  // amount received
  int64_t refunded_minor = 0;   // refunded since, cumulative
};

struct YearTotal {
  int year = 0;
  int64_t total_minor = 0;         // sum over the year of (completed - refunded)
  bool exceeds_threshold = false;  // total_minor > threshold (equal is not exceeding)
  bool operator==(const YearTotal&) const = default;
};

// Per-calendar-year totals (in `zone`) of one donor's gifts, years ascending,
// only years with at least one gift. Each gift counts completed - refunded,
// never below zero (an over-refund does not reduce other gifts). Sums saturate.
std::vector<YearTotal> YearTotals(const std::vector<DatedGift>& gifts, const base::TimeZone& zone,
                                  int64_t threshold_minor);

}  // namespace donations
