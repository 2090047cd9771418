#include "base/time_zone.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace base {
namespace {

Time Utc(const char* rfc3339) {
  const std::optional<Time> t = ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Time{});
}

TimeZone MustLoad(const char* name) {
  Result<TimeZone> tz = TimeZone::Load(name);
  EXPECT_TRUE(tz.ok()) << name << ": " << tz.status().ToString();
  return tz.ok() ? *tz : TimeZone::Utc();
}

TEST(TimeZoneTest, UtcNeedsNoTzdata) {
  Result<TimeZone> tz = TimeZone::Load("UTC", "/nonexistent/zoneinfo");
  ASSERT_TRUE(tz.ok()) << tz.status().ToString();
  EXPECT_EQ(tz->name(), "UTC");
  EXPECT_EQ(tz->OffsetAt(Utc("2026-07-01T00:00:00Z")), 0);
  EXPECT_EQ(TimeZone::Utc().OffsetAt(Utc("1900-01-01T00:00:00Z")), 0);
}

TEST(TimeZoneTest, MadridSummerAndWinter) {
  const TimeZone tz = MustLoad("Europe/Madrid");
  EXPECT_EQ(tz.name(), "Europe/Madrid");
  EXPECT_EQ(tz.OffsetAt(Utc("2026-01-15T12:00:00Z")), 3600);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-07-15T12:00:00Z")), 7200);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-03-29T00:59:59Z")), 3600);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-03-29T01:00:00Z")), 7200);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-10-25T00:59:59Z")), 7200);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-10-25T01:00:00Z")), 3600);
  const CivilTime local = tz.ToLocal(Utc("2026-07-15T22:30:00Z"));
  EXPECT_EQ(local.day, 16);
  EXPECT_EQ(local.hour, 0);
  EXPECT_EQ(local.minute, 30);
}

TEST(TimeZoneTest, NewYorkDstEdges) {
  const TimeZone tz = MustLoad("America/New_York");
  EXPECT_EQ(tz.OffsetAt(Utc("2026-03-08T06:59:59Z")), -18000);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-03-08T07:00:00Z")), -14400);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-11-01T05:59:59Z")), -14400);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-11-01T06:00:00Z")), -18000);
  // Before the first transition: local mean time (-4:56:02).
  EXPECT_EQ(tz.OffsetAt(Utc("1850-01-01T00:00:00Z")), -17762);
}

TEST(TimeZoneTest, BuenosAires) {
  const TimeZone tz = MustLoad("America/Argentina/Buenos_Aires");
  EXPECT_EQ(tz.OffsetAt(Utc("2026-06-01T00:00:00Z")), -10800);
  EXPECT_EQ(tz.OffsetAt(Utc("2026-01-01T00:00:00Z")), -10800);
  EXPECT_EQ(tz.OffsetAt(Utc("2009-01-15T00:00:00Z")), -7200);  // the 2008/09 summer time
  EXPECT_EQ(tz.OffsetAt(Utc("2009-03-15T02:00:00Z")), -10800);
  EXPECT_EQ(tz.OffsetAt(Utc("2090-01-01T00:00:00Z")), -10800);  // footer "<-03>3"
}

TEST(TimeZoneTest, FarFutureUsesFooterRule) {
  const TimeZone madrid = MustLoad("Europe/Madrid");
  EXPECT_EQ(madrid.OffsetAt(Utc("2090-01-15T12:00:00Z")), 3600);
  EXPECT_EQ(madrid.OffsetAt(Utc("2090-03-26T00:59:59Z")), 3600);
  EXPECT_EQ(madrid.OffsetAt(Utc("2090-03-26T01:00:00Z")), 7200);
  EXPECT_EQ(madrid.OffsetAt(Utc("2090-10-29T00:59:59Z")), 7200);
  EXPECT_EQ(madrid.OffsetAt(Utc("2090-10-29T01:00:00Z")), 3600);

  const TimeZone ny = MustLoad("America/New_York");
  EXPECT_EQ(ny.OffsetAt(Utc("2090-03-12T06:59:59Z")), -18000);
  EXPECT_EQ(ny.OffsetAt(Utc("2090-03-12T07:00:00Z")), -14400);
  EXPECT_EQ(ny.OffsetAt(Utc("2090-11-05T05:59:59Z")), -14400);
  EXPECT_EQ(ny.OffsetAt(Utc("2090-11-05T06:00:00Z")), -18000);

  // Southern hemisphere: DST spans the new year.
  const TimeZone sydney = MustLoad("Australia/Sydney");
  EXPECT_EQ(sydney.OffsetAt(Utc("2090-01-15T00:00:00Z")), 39600);
  EXPECT_EQ(sydney.OffsetAt(Utc("2090-04-01T15:59:59Z")), 39600);
  EXPECT_EQ(sydney.OffsetAt(Utc("2090-04-01T16:00:00Z")), 36000);
  EXPECT_EQ(sydney.OffsetAt(Utc("2090-09-30T15:59:59Z")), 36000);
  EXPECT_EQ(sydney.OffsetAt(Utc("2090-09-30T16:00:00Z")), 39600);
  EXPECT_EQ(sydney.OffsetAt(Utc("2090-12-31T23:00:00Z")), 39600);
}

TEST(TimeZoneTest, FromLocal) {
  const TimeZone tz = MustLoad("Europe/Madrid");
  EXPECT_EQ(tz.FromLocal(CivilTime{2026, 7, 15, 14, 0, 0}), Utc("2026-07-15T12:00:00Z"));
  EXPECT_EQ(tz.FromLocal(CivilTime{2026, 1, 15, 14, 0, 0}), Utc("2026-01-15T13:00:00Z"));
  // 02:30 does not exist on 2026-03-29: read with the winter offset (shows as 03:30).
  EXPECT_EQ(tz.FromLocal(CivilTime{2026, 3, 29, 2, 30, 0}), Utc("2026-03-29T01:30:00Z"));
  // 02:30 happens twice on 2026-10-25: the earlier one.
  EXPECT_EQ(tz.FromLocal(CivilTime{2026, 10, 25, 2, 30, 0}), Utc("2026-10-25T00:30:00Z"));
  EXPECT_EQ(TimeZone::Utc().FromLocal(CivilTime{2026, 1, 1, 0, 0, 0}), Utc("2026-01-01T00:00:00Z"));
}

TEST(TimeZoneTest, UnknownZoneIsNotFound) {
  EXPECT_TRUE(TimeZone::Load("Mars/Olympus_Mons").status().IsNotFound());
  EXPECT_TRUE(TimeZone::Load("Europe").status().IsNotFound());  // a directory
  EXPECT_TRUE(TimeZone::Load("Europe/Madrid", "/nonexistent").status().IsNotFound());
}

TEST(TimeZoneTest, PathTricksAreInvalid) {
  EXPECT_TRUE(TimeZone::Load("../etc/passwd").status().IsInvalidArgument());
  EXPECT_TRUE(TimeZone::Load("Europe/../../etc/passwd").status().IsInvalidArgument());
  EXPECT_TRUE(TimeZone::Load("/etc/passwd").status().IsInvalidArgument());
  EXPECT_TRUE(TimeZone::Load("").status().IsInvalidArgument());
}

// ---- Synthetic TZif files ---------------------------------------------------------

class TzifFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("bs_tz_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Write(const std::string& name, const std::string& data) {
    std::ofstream(dir_ / name, std::ios::binary) << data;
  }
  Result<TimeZone> Load(const std::string& name) { return TimeZone::Load(name, dir_.string()); }

  static void Be(std::string* out, int64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  }
  // One data block: transitions with type indices, types as offsets.
  static std::string Block(char version, const std::vector<std::pair<int64_t, int>>& transitions,
                           const std::vector<int>& offsets, int time_bytes) {
    std::string out = "TZif";
    out.push_back(version);
    out.append(15, '\0');
    Be(&out, 0, 4);  // isutcnt
    Be(&out, 0, 4);  // isstdcnt
    Be(&out, 0, 4);  // leapcnt
    Be(&out, static_cast<int64_t>(transitions.size()), 4);
    Be(&out, static_cast<int64_t>(offsets.size()), 4);
    Be(&out, 4, 4);  // charcnt
    for (const auto& [t, type] : transitions) Be(&out, t, time_bytes);
    for (const auto& [t, type] : transitions) out.push_back(static_cast<char>(type));
    for (int off : offsets) {
      Be(&out, off, 4);
      out.push_back('\0');  // isdst
      out.push_back('\0');  // desigidx
    }
    out.append("ABC", 4);
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(TzifFileTest, Version1) {
  Write("V1", Block('\0', {{1000, 1}, {2000, 0}}, {3600, 7200}, 4));
  Result<TimeZone> tz = Load("V1");
  ASSERT_TRUE(tz.ok()) << tz.status().ToString();
  EXPECT_EQ(tz->OffsetAt(Time(std::chrono::seconds(999))), 3600);
  EXPECT_EQ(tz->OffsetAt(Time(std::chrono::seconds(1000))), 7200);
  EXPECT_EQ(tz->OffsetAt(Time(std::chrono::seconds(1999))), 7200);
  EXPECT_EQ(tz->OffsetAt(Time(std::chrono::seconds(2000))), 3600);
}

TEST_F(TzifFileTest, Version2UsesThe64BitBlockAndFooter) {
  // The 32-bit block deliberately disagrees; only the 64-bit one may be used.
  const int64_t far = int64_t{1} << 33;  // beyond 32-bit time
  std::string data = Block('2', {}, {0}, 4) + Block('2', {{far, 1}}, {-3600, 5 * 3600}, 8);
  data += "\nXXX-5\n";
  Write("V2", data);
  Result<TimeZone> tz = Load("V2");
  ASSERT_TRUE(tz.ok()) << tz.status().ToString();
  EXPECT_EQ(tz->OffsetAt(Time(std::chrono::seconds(far - 1))), -3600);
  EXPECT_EQ(tz->OffsetAt(Time(std::chrono::seconds(far))), 5 * 3600);
}

TEST_F(TzifFileTest, Version3FooterOnlyWithExtendedRuleTimes) {
  // No transitions at all: everything comes from the footer. J/n day forms
  // and a negative rule time (RFC 8536 extension) must parse.
  std::string data = Block('3', {}, {0}, 4) + Block('3', {}, {0}, 8);
  data += "\n<+03>-3<+04>,J60/-1,300/26:30\n";
  Write("V3", data);
  Result<TimeZone> tz = Load("V3");
  ASSERT_TRUE(tz.ok()) << tz.status().ToString();
  EXPECT_EQ(tz->OffsetAt(Utc("2030-01-15T00:00:00Z")), 3 * 3600);
  EXPECT_EQ(tz->OffsetAt(Utc("2030-06-15T00:00:00Z")), 4 * 3600);
  // Start: J60 = Mar 1 at -1:00 local standard = Feb 28 23:00 +03 = Feb 28 20:00 UTC.
  EXPECT_EQ(tz->OffsetAt(Utc("2030-02-28T19:59:59Z")), 3 * 3600);
  EXPECT_EQ(tz->OffsetAt(Utc("2030-02-28T20:00:00Z")), 4 * 3600);
  // End: day 300 (0-based, 2030 is not leap) = Oct 28, at 26:30 +04 = Oct 29 02:30 +04 = Oct 28
  // 22:30 UTC.
  EXPECT_EQ(tz->OffsetAt(Utc("2030-10-28T22:29:59Z")), 4 * 3600);
  EXPECT_EQ(tz->OffsetAt(Utc("2030-10-28T22:30:00Z")), 3 * 3600);
}

TEST_F(TzifFileTest, CorruptFilesAreInvalid) {
  Write("empty", "");
  Write("text", "not a tzif file at all, just some text long enough to hold a header");
  std::string truncated = Block('\0', {{1000, 0}}, {3600}, 4);
  truncated.resize(truncated.size() - 6);
  Write("truncated", truncated);
  Write("badtype", Block('\0', {{1000, 5}}, {3600}, 4));
  Write("unsorted", Block('\0', {{2000, 0}, {1000, 0}}, {3600}, 4));
  Write("nofooter", Block('2', {}, {0}, 4) + Block('2', {}, {0}, 8));
  Write("badfooter",
        Block('2', {}, {0}, 4) + Block('2', {}, {0}, 8) + "\nCET-1CEST,M13.5.0,M10.5.0\n");
  for (const char* name :
       {"empty", "text", "truncated", "badtype", "unsorted", "nofooter", "badfooter"}) {
    EXPECT_TRUE(Load(name).status().IsInvalidArgument()) << name;
  }
}

}  // namespace
}  // namespace base
