#include "base/time_format.h"

#include <chrono>
#include <cstdio>

namespace base {
namespace {

using std::chrono::days;
using std::chrono::seconds;

constexpr const char* kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Reads exactly `n` decimal digits at text[*pos]; advances *pos.
bool ReadDigits(std::string_view text, size_t* pos, int n, int* out) {
  if (*pos + n > text.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

bool ValidDate(int y, int m, int d) {
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 && ymd.ok();
}

}  // namespace

CivilTime ToCivil(Time t) {
  const auto day = std::chrono::floor<days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss<seconds> hms(t - day);
  CivilTime c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.hour = static_cast<int>(hms.hours().count());
  c.minute = static_cast<int>(hms.minutes().count());
  c.second = static_cast<int>(hms.seconds().count());
  c.weekday = static_cast<int>(std::chrono::weekday(day).c_encoding());
  return c;
}

Time FromCivil(const CivilTime& c) {
  // Day arithmetic through the first of the month stays well defined even if
  // a caller breaks the REQUIRES with day 31 of a short month.
  const std::chrono::sys_days first = std::chrono::year_month_day{
      std::chrono::year(c.year), std::chrono::month(static_cast<unsigned>(c.month)),
      std::chrono::day(1)};
  return Time(first + days(c.day - 1)) + std::chrono::hours(c.hour) +
         std::chrono::minutes(c.minute) + seconds(c.second);
}

std::string FormatRfc3339(Time t) {
  // Written by hand: this runs for every date on every page, and snprintf's
  // format parsing was a fifth of the cost of building an article card.
  const CivilTime c = ToCivil(t);
  if (c.year < 0 || c.year > 9999) {
    char buf[48];
    std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day,
                  c.hour, c.minute, c.second);
    return buf;
  }
  std::string out = "0000-00-00T00:00:00Z";
  auto put2 = [&out](size_t at, int v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  put2(0, c.year / 100);
  put2(2, c.year % 100);
  put2(5, c.month);
  put2(8, c.day);
  put2(11, c.hour);
  put2(14, c.minute);
  put2(17, c.second);
  return out;
}

std::string FormatRfc3339WithOffset(Time t, int offset_seconds) {
  const CivilTime c = ToCivil(t + seconds(offset_seconds));
  const char sign = offset_seconds < 0 ? '-' : '+';
  const int abs_offset = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  // RFC 3339 offsets have minute precision; sub-minute offsets (LMT) are rounded down.
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month,
                c.day, c.hour, c.minute, c.second, sign, abs_offset / 3600, (abs_offset / 60) % 60);
  return buf;
}

std::optional<Time> ParseRfc3339(std::string_view text) {
  size_t pos = 0;
  CivilTime c;
  if (!ReadDigits(text, &pos, 4, &c.year) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &c.month) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &c.day)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return std::nullopt;
  }
  ++pos;
  if (!ReadDigits(text, &pos, 2, &c.hour) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &c.minute) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &c.second)) {
    return std::nullopt;
  }
  // Fractional seconds are accepted and dropped (Time has one-second resolution).
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t digits_start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == digits_start) return std::nullopt;
  }
  if (!ValidDate(c.year, c.month, c.day) || c.hour > 23 || c.minute > 59 || c.second > 59) {
    return std::nullopt;
  }
  int offset = 0;
  if (pos == text.size()) {
    // No zone designator: taken as UTC.
  } else if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadDigits(text, &pos, 2, &oh) || !Expect(text, &pos, ':') ||
        !ReadDigits(text, &pos, 2, &om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return FromCivil(c) - seconds(offset);
}

std::string FormatRfc1123(Time t) {
  const CivilTime c = ToCivil(t);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%s, %02d %s %04d %02d:%02d:%02d GMT", kWeekdays[c.weekday],
                c.day, kMonths[c.month - 1], c.year, c.hour, c.minute, c.second);
  return buf;
}

std::optional<Time> ParseRfc1123(std::string_view text) {
  // "Sun, 29 Nov 2026 07:31:02 GMT": fixed width, so parse by position.
  if (text.size() != 29 || text.substr(3, 2) != ", " || text.substr(25) != " GMT") {
    return std::nullopt;
  }
  size_t pos = 5;
  CivilTime c;
  if (!ReadDigits(text, &pos, 2, &c.day) || !Expect(text, &pos, ' ')) return std::nullopt;
  c.month = 0;
  for (int m = 0; m < 12; ++m) {
    if (text.substr(pos, 3) == kMonths[m]) c.month = m + 1;
  }
  pos += 3;
  if (c.month == 0 || !Expect(text, &pos, ' ') || !ReadDigits(text, &pos, 4, &c.year) ||
      !Expect(text, &pos, ' ') || !ReadDigits(text, &pos, 2, &c.hour) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &c.minute) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &c.second)) {
    return std::nullopt;
  }
  if (!ValidDate(c.year, c.month, c.day) || c.hour > 23 || c.minute > 59 || c.second > 59) {
    return std::nullopt;
  }
  const Time t = FromCivil(c);
  if (text.substr(0, 3) != kWeekdays[ToCivil(t).weekday]) return std::nullopt;
  return t;
}

}  // namespace base
