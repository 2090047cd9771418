#pragma once
// A named IANA time zone read from the system's zoneinfo (TZif files), so pages
// show times in the site's zone. libstdc++ 12 has no std::chrono::tzdb, hence this.
// Immutable after Load: safe to share between threads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "base/time_format.h"

namespace base {

class TimeZone {
 public:
  // "UTC" always works (even without tzdata). Other names are read from
  // `zoneinfo_dir`/NAME (TZif v1/v2/v3, including the POSIX TZ footer rule for
  // times after the last transition). Returns NotFound for an unknown zone and
  // InvalidArgument for a name with "..", a leading '/', or a corrupt file.
  static Result<TimeZone> Load(std::string_view name,
                               std::string_view zoneinfo_dir = "/usr/share/zoneinfo");
  static TimeZone Utc();

  const std::string& name() const { return name_; }
  // Seconds east of UTC in force at instant `t`.
  int OffsetAt(Time t) const;
  // The local wall-clock fields at instant `t`.
  CivilTime ToLocal(Time t) const;
  // The instant at which the wall clock shows `local` (weekday ignored), e.g.
  // for a "publish at" time typed in the site's zone. A time that occurs twice
  // (clocks set back) gives the earlier instant; a time skipped by a jump
  // forward is read with the offset in force before the jump (02:30 on a
  // spring-forward night becomes 03:30 local).
  Time FromLocal(const CivilTime& local) const;

 // The parsed POSIX TZ footer; defined in time_zone.cc (public only so the
  // parser there can name it).
  struct Rule;

 private:
  std::string name_;
  std::vector<int64_t> transitions_;      // UTC seconds, ascending
  std::vector<int> offsets_after_;        // offset in force from transitions_[i]
  int initial_offset_ = 0;
  std::shared_ptr<const Rule> rule_;      // may be null
};

}  // namespace base
