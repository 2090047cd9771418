#include "donations/contribution_rules.h"

#include <gtest/gtest.h>

#include <limits>

#include "base/time_format.h"
#include "donations/money.h"

namespace donations {
namespace {

base::Time Utc(const char* text) { return base::ParseRfc3339(text).value(); }

std::vector<std::string> AllKeys() { return {"own_funds", "citizen", "adult", "not_contractor"}; }

GiftRequest Gift(int64_t amount, int year = 2026) {
  GiftRequest g;
  g.amount_minor = amount;
  g.attested_keys = AllKeys();
  g.year = year;
  return g;
}

TEST(RulesConfigTest, DefaultsAreUsPoliticalCommittee) {
  const RulesConfig config;
  EXPECT_TRUE(ValidateRulesConfig(config).ok());
  EXPECT_EQ(config.itemization_threshold_minor, 20000);
  EXPECT_EQ(config.yearly_cap_minor, 0);
  ASSERT_EQ(config.attestations.size(), 4u);
  std::vector<std::string> keys;
  for (const Attestation& a : config.attestations) {
    keys.push_back(a.key);
    EXPECT_FALSE(a.text.empty());
  }
  EXPECT_EQ(keys, AllKeys());
}

TEST(RulesConfigTest, RefusesNonsense) {
  auto bad = [](auto mutate) {
    RulesConfig c;
    mutate(c);
    return ValidateRulesConfig(c).IsInvalidArgument();
  };
  EXPECT_TRUE(bad([](RulesConfig& c) { c.min_minor = 0; }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.min_minor = -5; }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.max_minor = c.min_minor - 1; }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.max_minor = kMaxAmountMinor + 1; }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.itemization_threshold_minor = -1; }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.yearly_cap_minor = -1; }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.attestations.push_back({"adult", "again"}); }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.attestations.push_back({"", "no key"}); }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.attestations.push_back({"Bad Key", "x"}); }));
  EXPECT_TRUE(bad([](RulesConfig& c) { c.attestations.push_back({"blank", "  "}); }));
  EXPECT_FALSE(bad([](RulesConfig& c) { c.attestations.clear(); }));  // e.g. a charity
  EXPECT_FALSE(bad([](RulesConfig& c) { c.max_minor = c.min_minor; }));
}

TEST(CheckTest, AcceptsAnOrdinaryGift) {
  const RulesVerdict v = Check(RulesConfig{}, Gift(2500), 0);
  EXPECT_TRUE(v.ok());
  EXPECT_FALSE(v.itemized);
  EXPECT_EQ(v.counted_minor, 2500);
  EXPECT_EQ(v.year_total_after_minor, 2500);
  EXPECT_EQ(v.charges_this_year, 1);
  EXPECT_FALSE(v.remaining_minor.has_value());
}

TEST(CheckTest, MinAndMaxAreInclusive) {
  RulesConfig c;
  c.min_minor = 500;
  c.max_minor = 100000;
  EXPECT_TRUE(Check(c, Gift(500), 0).ok());
  EXPECT_TRUE(Check(c, Gift(499), 0).Has(RuleProblem::kBelowMin));
  EXPECT_TRUE(Check(c, Gift(0), 0).Has(RuleProblem::kBelowMin));
  EXPECT_TRUE(Check(c, Gift(-2500), 0).Has(RuleProblem::kBelowMin));
  GiftRequest big = Gift(100000);
  big.employer = "Acme";
  big.occupation = "Welder";
  EXPECT_TRUE(Check(c, big, 0).ok());
  big.amount_minor = 100001;
  const RulesVerdict v = Check(c, big, 0);
  EXPECT_EQ(v.problems, (std::vector<Problem>{{RuleProblem::kAboveMax, ""}}));
}

TEST(CheckTest, ListsEveryMissingAttestation) {
  GiftRequest g = Gift(2500);
  g.attested_keys = {"citizen", "not_contractor", "unknown_extra"};
  const RulesVerdict v = Check(RulesConfig{}, g, 0);
  EXPECT_EQ(v.problems, (std::vector<Problem>{{RuleProblem::kMissingAttestation, "own_funds"},
                                              {RuleProblem::kMissingAttestation, "adult"}}));
  g.attested_keys.clear();
  EXPECT_EQ(Check(RulesConfig{}, g, 0).problems.size(), 4u);
  RulesConfig none;
  none.attestations.clear();
  EXPECT_TRUE(Check(none, g, 0).ok());
}

TEST(CheckTest, ReportsEveryProblemAtOnce) {
  RulesConfig c;
  c.yearly_cap_minor = 50000;
  GiftRequest g;
  g.amount_minor = 600000;  // above max, over threshold, over cap
  g.attested_keys = {"own_funds", "citizen", "adult"};
  const RulesVerdict v = Check(c, g, 0);
  EXPECT_EQ(v.problems, (std::vector<Problem>{{RuleProblem::kAboveMax, ""},
                                              {RuleProblem::kMissingAttestation, "not_contractor"},
                                              {RuleProblem::kEmployerRequired, ""},
                                              {RuleProblem::kOccupationRequired, ""},
                                              {RuleProblem::kCapExceeded, ""}}));
  EXPECT_EQ(v.remaining_minor, 50000);
}

TEST(CheckTest, ThresholdIsExceededOnlyAboveIt) {
  const RulesConfig c;  // $200
  // Exactly $200 for the year: not exceeding, no employer needed.
  EXPECT_TRUE(Check(c, Gift(20000), 0).ok());
  EXPECT_TRUE(Check(c, Gift(5000), 15000).ok());
  // One cent more exceeds.
  RulesVerdict v = Check(c, Gift(5001), 15000);
  EXPECT_TRUE(v.itemized);
  EXPECT_TRUE(v.Has(RuleProblem::kEmployerRequired));
  EXPECT_TRUE(v.Has(RuleProblem::kOccupationRequired));
  GiftRequest g = Gift(5001);
  g.employer = "  ";  // blanks are not an answer
  g.occupation = "Teacher";
  v = Check(c, g, 15000);
  EXPECT_EQ(v.problems, (std::vector<Problem>{{RuleProblem::kEmployerRequired, ""}}));
  g.employer = "Self-employed";
  EXPECT_TRUE(Check(c, g, 15000).ok());
}

TEST(CheckTest, ThresholdAcrossSeveralGiftsInAYear) {
  const RulesConfig c;
  int64_t year_total = 0;
  // $50 four times: the fourth reaches exactly $200 — still fine.
  for (int i = 0; i < 4; ++i) {
    const RulesVerdict v = Check(c, Gift(5000), year_total);
    ASSERT_TRUE(v.ok()) << i;
    year_total = v.year_total_after_minor;
  }
  EXPECT_EQ(year_total, 20000);
  // The fifth needs employer and occupation.
  EXPECT_TRUE(Check(c, Gift(5000), year_total).Has(RuleProblem::kEmployerRequired));
  // ...but the same gift in the next calendar year starts from zero again:
  // the caller passes that year's total.
  EXPECT_TRUE(Check(c, Gift(5000, 2027), 0).ok());
}

TEST(CheckTest, CapRefusesWithWhatRemains) {
  RulesConfig c;
  c.yearly_cap_minor = 500000;  // $5,000
  GiftRequest g = Gift(100000);
  g.employer = "Acme";
  g.occupation = "Nurse";
  RulesVerdict v = Check(c, g, 400000);
  EXPECT_TRUE(v.ok());  // reaching the cap exactly is allowed
  EXPECT_EQ(v.remaining_minor, 100000);
  v = Check(c, g, 450000);
  EXPECT_EQ(v.problems, (std::vector<Problem>{{RuleProblem::kCapExceeded, ""}}));
  EXPECT_EQ(v.remaining_minor, 50000);
  // Already over (e.g. the cap was lowered): remaining is 0, never negative.
  v = Check(c, g, 600000);
  EXPECT_TRUE(v.Has(RuleProblem::kCapExceeded));
  EXPECT_EQ(v.remaining_minor, 0);
}

TEST(CheckTest, MonthlyCountsTheChargesLeftInTheYear) {
  RulesConfig c;
  c.yearly_cap_minor = 100000;  // $1,000
  GiftRequest g = Gift(5000);   // $50 a month
  g.monthly = true;
  g.month = 3;  // March..December: 10 charges, $500
  RulesVerdict v = Check(c, g, 0);
  EXPECT_EQ(v.charges_this_year, 10);
  EXPECT_EQ(v.counted_minor, 50000);
  EXPECT_TRUE(v.itemized);  // $500 > $200
  EXPECT_TRUE(v.Has(RuleProblem::kEmployerRequired));
  EXPECT_FALSE(v.Has(RuleProblem::kCapExceeded));
  // Begun in December it is one charge: $50, under the threshold.
  g.month = 12;
  v = Check(c, g, 0);
  EXPECT_EQ(v.charges_this_year, 1);
  EXPECT_TRUE(v.ok());
  // Begun in January with $600 already given: 12 x $50 = $600, total $1,200 > cap.
  g.month = 1;
  g.employer = "Acme";
  g.occupation = "Clerk";
  v = Check(c, g, 60000);
  EXPECT_EQ(v.counted_minor, 60000);
  EXPECT_EQ(v.problems, (std::vector<Problem>{{RuleProblem::kCapExceeded, ""}}));
  EXPECT_EQ(v.remaining_minor, 40000);  // $400 left: the page can offer $33.33/month
  // Per-gift min/max apply to each charge, not to the year.
  c.max_minor = 5000;
  v = Check(c, g, 0);
  EXPECT_FALSE(v.Has(RuleProblem::kAboveMax));
}

TEST(CheckTest, HugeNumbersSaturate) {
  RulesConfig c;
  c.yearly_cap_minor = kMaxAmountMinor;
  c.max_minor = kMaxAmountMinor;
  GiftRequest g = Gift(std::numeric_limits<int64_t>::max());
  g.monthly = true;
  g.month = 1;
  const RulesVerdict v = Check(c, g, std::numeric_limits<int64_t>::max());
  EXPECT_EQ(v.year_total_after_minor, std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(v.Has(RuleProblem::kAboveMax));
  EXPECT_TRUE(v.Has(RuleProblem::kCapExceeded));
  EXPECT_EQ(v.remaining_minor, 0);
}

TEST(CheckTest, EveryProblemHasAMessage) {
  for (RuleProblem p : {RuleProblem::kBelowMin, RuleProblem::kAboveMax,
                        RuleProblem::kMissingAttestation, RuleProblem::kEmployerRequired,
                        RuleProblem::kOccupationRequired, RuleProblem::kCapExceeded}) {
    EXPECT_FALSE(RuleProblemMsgid(p).empty());
  }
  EXPECT_NE(kCapRemainingMsgid.find("{amount}"), std::string_view::npos);
}

TEST(CalendarYearTest, YearBoundaryInTheOrganizationsZone) {
  const base::Result<base::TimeZone> ny = base::TimeZone::Load("America/New_York");
  ASSERT_TRUE(ny.ok()) << ny.status().ToString();
  // 2026-12-31 23:30 in New York is 2027-01-01 04:30 UTC.
  EXPECT_EQ(CalendarYearAt(Utc("2027-01-01T04:30:00Z"), *ny), 2026);
  EXPECT_EQ(CalendarMonthAt(Utc("2027-01-01T04:30:00Z"), *ny), 12);
  EXPECT_EQ(CalendarYearAt(Utc("2027-01-01T04:59:59Z"), *ny), 2026);
  EXPECT_EQ(CalendarYearAt(Utc("2027-01-01T05:00:00Z"), *ny), 2027);
  EXPECT_EQ(CalendarMonthAt(Utc("2027-01-01T05:00:00Z"), *ny), 1);
  // UTC sees the same instant as 2027.
  EXPECT_EQ(CalendarYearAt(Utc("2027-01-01T04:30:00Z"), base::TimeZone::Utc()), 2027);
  // East of UTC the year starts earlier: Madrid's 2027 begins at 23:00Z.
  const base::Result<base::TimeZone> madrid = base::TimeZone::Load("Europe/Madrid");
  ASSERT_TRUE(madrid.ok());
  EXPECT_EQ(CalendarYearAt(Utc("2026-12-31T22:59:59Z"), *madrid), 2026);
  EXPECT_EQ(CalendarYearAt(Utc("2026-12-31T23:00:00Z"), *madrid), 2027);
}

TEST(YearTotalsTest, TotalsPerYearNetOfRefunds) {
  const base::TimeZone ny = base::TimeZone::Load("America/New_York").value();
  const std::vector<DatedGift> gifts = {
      {Utc("2026-03-01T15:00:00Z"), 10000, 0},
      {Utc("2026-06-01T15:00:00Z"), 10000, 0},
      {Utc("2026-09-01T15:00:00Z"), 5000, 5000},  // fully refunded
      // New Year's Eve 23:30 in New York: still 2026 there.
      {Utc("2027-01-01T04:30:00Z"), 1, 0},
      // A few minutes after midnight in New York: 2027.
      {Utc("2027-01-01T05:10:00Z"), 20000, 0},
      {Utc("2027-02-01T15:00:00Z"), 3000, 1000},  // partly refunded
  };
  EXPECT_EQ(YearTotals(gifts, ny, 20000),
            (std::vector<YearTotal>{{2026, 20001, true}, {2027, 22000, true}}));
  // Without the New Year's Eve cent, 2026 is exactly $200: not exceeding.
  std::vector<DatedGift> fewer = gifts;
  fewer.erase(fewer.begin() + 3);
  EXPECT_EQ(YearTotals(fewer, ny, 20000),
            (std::vector<YearTotal>{{2026, 20000, false}, {2027, 22000, true}}));
  // In UTC the cent falls in 2027 instead.
  EXPECT_EQ(YearTotals(gifts, base::TimeZone::Utc(), 20000),
            (std::vector<YearTotal>{{2026, 20000, false}, {2027, 22001, true}}));
}

TEST(YearTotalsTest, OverRefundsAndEmptyInput) {
  EXPECT_TRUE(YearTotals({}, base::TimeZone::Utc(), 20000).empty());
  const std::vector<DatedGift> gifts = {
      {Utc("2026-03-01T00:00:00Z"), 5000, 9000},  // refunded more than given: counts 0
      {Utc("2026-04-01T00:00:00Z"), 3000, -7},    // a nonsense refund counts as none
  };
  EXPECT_EQ(YearTotals(gifts, base::TimeZone::Utc(), 20000),
            (std::vector<YearTotal>{{2026, 3000, false}}));
}

}  // namespace
}  // namespace donations
