#include "base/time_format.h"

#include <gtest/gtest.h>

namespace base {
namespace {

Time At(int64_t s) { return Time(std::chrono::seconds(s)); }

TEST(TimeFormatTest, FormatRfc3339) {
  EXPECT_EQ(FormatRfc3339(At(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(At(1795937462)), "2026-11-29T07:31:02Z");
  EXPECT_EQ(FormatRfc3339(At(951782400)), "2000-02-29T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(At(-1)), "1969-12-31T23:59:59Z");
}

TEST(TimeFormatTest, FormatWithOffset) {
  EXPECT_EQ(FormatRfc3339WithOffset(At(1795937462), 3600), "2026-11-29T08:31:02+01:00");
  EXPECT_EQ(FormatRfc3339WithOffset(At(1795937462), -10800), "2026-11-29T04:31:02-03:00");
  EXPECT_EQ(FormatRfc3339WithOffset(At(1795937462), 0), "2026-11-29T07:31:02+00:00");
  EXPECT_EQ(FormatRfc3339WithOffset(At(1795937462), 19800), "2026-11-29T13:01:02+05:30");
  // Crossing midnight backwards changes the date.
  EXPECT_EQ(FormatRfc3339WithOffset(At(1795917600), -18000), "2026-11-28T21:00:00-05:00");
}

TEST(TimeFormatTest, ParseForms) {
  EXPECT_EQ(ParseRfc3339("2026-11-29T07:31:02Z"), At(1795937462));
  EXPECT_EQ(ParseRfc3339("2026-11-29 07:31:02"), At(1795937462));
  EXPECT_EQ(ParseRfc3339("2026-11-29t07:31:02z"), At(1795937462));
  EXPECT_EQ(ParseRfc3339("2026-11-29T08:31:02+01:00"), At(1795937462));
  EXPECT_EQ(ParseRfc3339("2026-11-29T04:31:02-03:00"), At(1795937462));
  EXPECT_EQ(ParseRfc3339("2026-11-29T07:31:02.987Z"), At(1795937462));
  EXPECT_EQ(ParseRfc3339("1969-12-31T23:59:59Z"), At(-1));
  EXPECT_EQ(ParseRfc3339("2024-02-29T00:00:00Z"), At(1709164800));
}

TEST(TimeFormatTest, ParseRejectsMalformed) {
  for (const char* bad :
       {"", "2026-11-29", "2026-11-29T07:31Z", "2026-11-29T07:31:02+0100", "2026-11-29T07:31:02+01",
        "2026-11-29T07:31:02 Z", "2026-11-29T07:31:02Zx", "26-11-29T07:31:02Z",
        "2026/11/29T07:31:02Z", "2026-11-29X07:31:02Z", "2026-1-29T07:31:02Z",
        " 2026-11-29T07:31:02Z", "2026-11-29T07:31:02.Z", "２０２６-11-29T07:31:02Z"}) {
    EXPECT_EQ(ParseRfc3339(bad), std::nullopt) << bad;
  }
}

TEST(TimeFormatTest, ParseRejectsOutOfRange) {
  for (const char* bad : {"2026-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
                          "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                          "2026-01-00T00:00:00Z", "2026-01-32T00:00:00Z", "2026-01-01T24:00:00Z",
                          "2026-01-01T23:60:00Z", "2026-12-31T23:59:60Z",
                          "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+01:60"}) {
    EXPECT_EQ(ParseRfc3339(bad), std::nullopt) << bad;
  }
}

TEST(TimeFormatTest, RoundTrips) {
  for (int64_t s : {int64_t{0}, int64_t{1}, int64_t{951782400}, int64_t{1795937462},
                    int64_t{4102444799}, int64_t{-86400}, int64_t{253402214399}}) {
    const std::string text = FormatRfc3339(At(s));
    EXPECT_EQ(ParseRfc3339(text), At(s)) << text;
    for (int offset : {-43200, -10800, 0, 3600, 19800, 50400}) {
      const std::string with = FormatRfc3339WithOffset(At(s), offset);
      EXPECT_EQ(ParseRfc3339(with), At(s)) << with;
    }
    EXPECT_EQ(FromCivil(ToCivil(At(s))), At(s));
  }
}

TEST(TimeFormatTest, Rfc1123) {
  EXPECT_EQ(FormatRfc1123(At(1795937462)), "Sun, 29 Nov 2026 07:31:02 GMT");
  EXPECT_EQ(FormatRfc1123(At(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(FormatRfc1123(At(784111777)), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110 example
  EXPECT_EQ(ParseRfc1123("Sun, 06 Nov 1994 08:49:37 GMT"), At(784111777));
  EXPECT_EQ(ParseRfc1123(FormatRfc1123(At(1795937462))), At(1795937462));
  EXPECT_EQ(ParseRfc1123("Mon, 06 Nov 1994 08:49:37 GMT"), std::nullopt);  // wrong weekday
  EXPECT_EQ(ParseRfc1123("Sun, 06 Nov 1994 08:49:37 UTC"), std::nullopt);
  EXPECT_EQ(ParseRfc1123("Sun, 31 Feb 1994 08:49:37 GMT"), std::nullopt);
  EXPECT_EQ(ParseRfc1123("Sunday, 06-Nov-94 08:49:37 GMT"), std::nullopt);
  EXPECT_EQ(ParseRfc1123(""), std::nullopt);
}

TEST(TimeFormatTest, Civil) {
  const CivilTime c = ToCivil(At(1795937462));
  EXPECT_EQ(c.year, 2026);
  EXPECT_EQ(c.month, 11);
  EXPECT_EQ(c.day, 29);
  EXPECT_EQ(c.hour, 7);
  EXPECT_EQ(c.minute, 31);
  EXPECT_EQ(c.second, 2);
  EXPECT_EQ(c.weekday, 0);               // Sunday
  EXPECT_EQ(ToCivil(At(0)).weekday, 4);  // Thursday
  const CivilTime before_epoch = ToCivil(At(-1));
  EXPECT_EQ(before_epoch.year, 1969);
  EXPECT_EQ(before_epoch.second, 59);
  EXPECT_EQ(FromCivil(CivilTime{2026, 11, 29, 7, 31, 2, 0}), At(1795937462));
}

}  // namespace
}  // namespace base
