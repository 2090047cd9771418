#include "base/time_zone.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "base/time_format.h"

namespace base {

// A POSIX TZ string as found in the TZif footer (RFC 8536 section 3.3), e.g.
// "CET-1CEST,M3.5.0,M10.5.0/3" or "<-03>3". Offsets here are seconds east of
// UTC (the POSIX string itself counts west, hence the sign flip when parsing).
struct TimeZone::Rule {
  struct Date {
    enum Kind { kJulian1, kJulian0, kMonthWeekDay } kind = kMonthWeekDay;
    int day = 0;              // Jn: 1..365, n: 0..365, M: weekday 0..6
    int month = 0, week = 0;  // M only: 1..12, 1..5 (5 = last)
    int64_t time = 2 * 3600;  // local seconds after midnight, may be negative or > 24h
  };
  int std_offset = 0;
  bool has_dst = false;
  int dst_offset = 0;
  Date start, end;  // DST begins at `start` (standard local time), ends at `end` (DST local time)

  int OffsetAt(int64_t t) const;
};

namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr size_t kMaxTzifBytes = 1 << 20;

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool Has(size_t n) const { return data_.size() - pos_ >= n; }
  bool Skip(size_t n) {
    if (!Has(n)) return false;
    pos_ += n;
    return true;
  }
  int64_t Be(size_t n) {  // REQUIRES: Has(n), n is 4 or 8; returns the signed value
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<unsigned char>(data_[pos_ + i]);
    pos_ += n;
    if (n == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }
  unsigned char Byte() { return static_cast<unsigned char>(data_[pos_++]); }
  std::string_view Rest() const { return data_.substr(pos_); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct Header {
  char version = 0;
  int64_t isutcnt = 0, isstdcnt = 0, leapcnt = 0, timecnt = 0, typecnt = 0, charcnt = 0;
};

bool ReadHeader(Reader* r, Header* h) {
  if (!r->Has(44) || r->Rest().substr(0, 4) != "TZif") return false;
  r->Skip(4);
  h->version = static_cast<char>(r->Byte());
  r->Skip(15);
  h->isutcnt = r->Be(4);
  h->isstdcnt = r->Be(4);
  h->leapcnt = r->Be(4);
  h->timecnt = r->Be(4);
  h->typecnt = r->Be(4);
  h->charcnt = r->Be(4);
  return h->isutcnt >= 0 && h->isstdcnt >= 0 && h->leapcnt >= 0 && h->timecnt >= 0 &&
         h->typecnt > 0 && h->typecnt <= 256 && h->charcnt >= 0 &&
         (h->isutcnt == 0 || h->isutcnt == h->typecnt) &&
         (h->isstdcnt == 0 || h->isstdcnt == h->typecnt);
}

size_t DataBlockSize(const Header& h, size_t time_size) {
  return h.timecnt * time_size + h.timecnt + h.typecnt * 6 + h.charcnt +
         h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt;
}

// ---- POSIX TZ string parsing -------------------------------------------------

class TzParser {
 public:
  explicit TzParser(std::string_view s) : s_(s) {}
  bool AtEnd() const { return pos_ == s_.size(); }
  bool Accept(char c) {
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool PeekDigitOrSign() const {
    return pos_ < s_.size() &&
           (s_[pos_] == '+' || s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9'));
  }

  // std/dst designation: 3+ letters, or <...> with letters, digits, '+', '-'.
  bool Name() {
    if (Accept('<')) {
      const size_t close = s_.find('>', pos_);
      if (close == std::string_view::npos || close - pos_ < 3) return false;
      pos_ = close + 1;
      return true;
    }
    const size_t start = pos_;
    while (pos_ < s_.size() &&
           ((s_[pos_] >= 'A' && s_[pos_] <= 'Z') || (s_[pos_] >= 'a' && s_[pos_] <= 'z'))) {
      ++pos_;
    }
    return pos_ - start >= 3;
  }

  bool Number(int max, int* out) {
    const size_t start = pos_;
    int v = 0;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9' && pos_ - start < 3) {
      v = v * 10 + (s_[pos_] - '0');
      ++pos_;
    }
    if (pos_ == start || v > max) return false;
    *out = v;
    return true;
  }

  // [+-]hh[:mm[:ss]] in seconds, hours up to `max_hours`.
  bool ReadTime(int max_hours, int64_t* out) {
    int sign = 1;
    if (Accept('-')) {
      sign = -1;
    } else {
      Accept('+');
    }
    int h = 0, m = 0, sec = 0;
    if (!Number(max_hours, &h)) return false;
    if (Accept(':')) {
      if (!Number(59, &m)) return false;
      if (Accept(':') && !Number(59, &sec)) return false;
    }
    *out = sign * (int64_t{h} * 3600 + m * 60 + sec);
    return true;
  }

  bool Date(TimeZone::Rule::Date* d) {
    using Date = TimeZone::Rule::Date;
    if (Accept('M')) {
      d->kind = Date::kMonthWeekDay;
      if (!Number(12, &d->month) || d->month < 1 || !Accept('.') || !Number(5, &d->week) ||
          d->week < 1 || !Accept('.') || !Number(6, &d->day)) {
        return false;
      }
    } else if (Accept('J')) {
      d->kind = Date::kJulian1;
      if (!Number(365, &d->day) || d->day < 1) return false;
    } else {
      d->kind = Date::kJulian0;
      if (!Number(365, &d->day)) return false;
    }
    if (Accept('/')) return ReadTime(167, &d->time);  // RFC 8536 extension: -167..167 hours
    return true;
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

std::optional<TimeZone::Rule> ParsePosixTz(std::string_view text) {
  TzParser p(text);
  TimeZone::Rule rule;
  int64_t off = 0;
  if (!p.Name() || !p.ReadTime(24, &off)) return std::nullopt;
  rule.std_offset = static_cast<int>(-off);
  if (p.AtEnd()) return rule;
  if (!p.Name()) return std::nullopt;
  rule.has_dst = true;
  rule.dst_offset = rule.std_offset + 3600;
  if (p.PeekDigitOrSign()) {
    if (!p.ReadTime(24, &off)) return std::nullopt;
    rule.dst_offset = static_cast<int>(-off);
  }
  // POSIX leaves the default rule implementation-defined; TZif footers always
  // carry one, so a missing rule is treated as corrupt.
  if (!p.Accept(',') || !p.Date(&rule.start) || !p.Accept(',') || !p.Date(&rule.end) ||
      !p.AtEnd()) {
    return std::nullopt;
  }
  return rule;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Local midnight of the day `d` designates in `year`, as seconds since the
// epoch of the wall clock (add the offset to get UTC).
int64_t LocalDayStart(const TimeZone::Rule::Date& d, int year) {
  using Date = TimeZone::Rule::Date;
  const Time jan1 = FromCivil(CivilTime{year, 1, 1, 0, 0, 0, 0});
  const int64_t jan1_s = jan1.time_since_epoch().count();
  switch (d.kind) {
    case Date::kJulian1: {
      int yday = d.day - 1;  // Feb 29 is never counted
      if (IsLeap(year) && d.day >= 60) ++yday;
      return jan1_s + yday * kSecondsPerDay;
    }
    case Date::kJulian0:
      return jan1_s + int64_t{d.day} * kSecondsPerDay;
    case Date::kMonthWeekDay: {
      const Time first = FromCivil(CivilTime{year, d.month, 1, 0, 0, 0, 0});
      const int first_wday = ToCivil(first).weekday;
      int mday = 1 + (d.day - first_wday + 7) % 7 + 7 * (d.week - 1);
      static constexpr int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      const int month_len = kDaysIn[d.month - 1] + (d.month == 2 && IsLeap(year) ? 1 : 0);
      while (mday > month_len) mday -= 7;
      return first.time_since_epoch().count() + int64_t{mday - 1} * kSecondsPerDay;
    }
  }
  return jan1_s;
}

}  // namespace

int TimeZone::Rule::OffsetAt(int64_t t) const {
  if (!has_dst) return std_offset;
  const int year = ToCivil(Time(std::chrono::seconds(t + std_offset))).year;
  const int64_t start_utc = LocalDayStart(start, year) + start.time - std_offset;
  const int64_t end_utc = LocalDayStart(end, year) + end.time - dst_offset;
  const bool in_dst = start_utc < end_utc ? (t >= start_utc && t < end_utc)    // northern
                                          : !(t >= end_utc && t < start_utc);  // southern
  return in_dst ? dst_offset : std_offset;
}

TimeZone TimeZone::Utc() {
  TimeZone tz;
  tz.name_ = "UTC";
  return tz;
}

Result<TimeZone> TimeZone::Load(std::string_view name, std::string_view zoneinfo_dir) {
  if (name == "UTC") return Utc();
  const std::string quoted = "time zone '" + std::string(name) + "'";
  if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos ||
      name.find('\0') != std::string_view::npos || name.find('\\') != std::string_view::npos) {
    return Status::InvalidArgument(quoted + ": not a zone name");
  }
  const std::string path = std::string(zoneinfo_dir) + "/" + std::string(name);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return Status::NotFound(quoted + ": unknown zone (no " + path + ")");
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxTzifBytes) {
    return Status::InvalidArgument(quoted + ": " + path + " is too large for a TZif file");
  }
  std::string data;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    data.resize(static_cast<size_t>(st.st_size));
    const size_t n = std::fread(data.data(), 1, data.size(), f);
    std::fclose(f);
    data.resize(n);
  } else {
    return Status::NotFound(quoted + ": cannot open " + path);
  }
  const Status corrupt =
      Status::InvalidArgument(quoted + ": " + path + " is not a valid TZif file");

  Reader r(data);
  Header h;
  if (!ReadHeader(&r, &h)) return corrupt;
  size_t time_size = 4;
  if (h.version >= '2') {
    // Skip the 32-bit block; the 64-bit one after the second header is complete.
    if (!r.Skip(DataBlockSize(h, 4)) || !ReadHeader(&r, &h)) return corrupt;
    time_size = 8;
  } else if (h.version != '\0') {
    return corrupt;
  }
  if (!r.Has(DataBlockSize(h, time_size))) return corrupt;

  TimeZone tz;
  tz.name_ = std::string(name);
  tz.transitions_.reserve(h.timecnt);
  for (int64_t i = 0; i < h.timecnt; ++i) {
    tz.transitions_.push_back(r.Be(time_size));
    if (i > 0 && tz.transitions_[i] <= tz.transitions_[i - 1]) return corrupt;
  }
  std::vector<unsigned char> type_index(h.timecnt);
  for (auto& idx : type_index) {
    idx = r.Byte();
    if (idx >= h.typecnt) return corrupt;
  }
  std::vector<int> type_offset(h.typecnt);
  for (auto& off : type_offset) {
    off = static_cast<int>(r.Be(4));
    r.Skip(2);  // isdst, desigidx: not needed
    if (off <= -25 * 3600 || off >= 26 * 3600) return corrupt;
  }
  r.Skip(h.charcnt + h.leapcnt * (time_size + 4) + h.isstdcnt + h.isutcnt);
  tz.offsets_after_.reserve(h.timecnt);
  for (unsigned char idx : type_index) tz.offsets_after_.push_back(type_offset[idx]);
  tz.initial_offset_ = type_offset[0];

  if (time_size == 8) {
    // Footer: "\n<POSIX TZ string>\n"; an empty string means no rule.
    const std::string_view rest = r.Rest();
    if (rest.size() < 2 || rest.front() != '\n') return corrupt;
    const size_t nl = rest.find('\n', 1);
    if (nl == std::string_view::npos) return corrupt;
    const std::string_view footer = rest.substr(1, nl - 1);
    if (!footer.empty()) {
      std::optional<Rule> rule = ParsePosixTz(footer);
      if (!rule) return corrupt;
      tz.rule_ = std::make_shared<const Rule>(*rule);
    }
  }
  return tz;
}

int TimeZone::OffsetAt(Time t) const {
  const int64_t s = t.time_since_epoch().count();
  if (transitions_.empty()) return rule_ ? rule_->OffsetAt(s) : initial_offset_;
  if (s < transitions_.front()) return initial_offset_;
  if (s >= transitions_.back() && rule_) return rule_->OffsetAt(s);
  const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), s);
  return offsets_after_[static_cast<size_t>(it - transitions_.begin()) - 1];
}

CivilTime TimeZone::ToLocal(Time t) const { return ToCivil(t + std::chrono::seconds(OffsetAt(t))); }

Time TimeZone::FromLocal(const CivilTime& local) const {
  const Time wall = FromCivil(local);  // the wall-clock fields read as if they were UTC
  // Offsets in force a day either side; zones never change twice within two days.
  const int before = OffsetAt(wall - std::chrono::hours(36));
  const int after = OffsetAt(wall + std::chrono::hours(36));
  std::optional<Time> best;
  for (int off : {before, after}) {
    const Time t = wall - std::chrono::seconds(off);
    if (OffsetAt(t) == off && (!best || t < *best)) best = t;
  }
  if (best) return *best;
  // In a gap (clocks jumped forward): read the time with the offset before the jump.
  return wall - std::chrono::seconds(before);
}

}  // namespace base
