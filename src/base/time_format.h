#pragma once
// Conversions between base::Time and the text forms we store and publish.

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace base {

// "2026-11-29T07:31:02Z" — the storage and JSON-LD/Atom form (always UTC).
std::string FormatRfc3339(Time t);
// "2026-11-29T08:31:02+01:00" — RFC 3339 with an explicit offset in seconds east of UTC.
std::string FormatRfc3339WithOffset(Time t, int offset_seconds);
// Parses "YYYY-MM-DDTHH:MM:SSZ", "YYYY-MM-DD HH:MM:SS" (taken as UTC) and "…±HH:MM".
// The separator may be 'T', 't' or ' '; a zone designator ('Z', "±HH:MM") is
// optional (none means UTC); fractional seconds are accepted and dropped.
// Returns nullopt for anything malformed or out of range (2026-02-30, 24:00:00,
// leap second 60).
std::optional<Time> ParseRfc3339(std::string_view text);
// "Sun, 29 Nov 2026 07:31:02 GMT" — RSS pubDate and HTTP dates (English names, as the RFCs require).
std::string FormatRfc1123(Time t);
// Parses exactly the form FormatRfc1123 writes (the HTTP IMF-fixdate, e.g. for
// If-Modified-Since); the weekday must match the date. nullopt otherwise.
std::optional<Time> ParseRfc1123(std::string_view text);

struct CivilTime {
  int year = 1970, month = 1, day = 1;  // month 1..12
  int hour = 0, minute = 0, second = 0;
  int weekday = 4;  // 0 = Sunday
};
// Splits a time (already shifted into local time by the caller if needed) into fields.
CivilTime ToCivil(Time t);
// REQUIRES: fields in range. Inverse of ToCivil (ignores weekday).
Time FromCivil(const CivilTime& c);

}  // namespace base
