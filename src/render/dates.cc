// Dates in words. Word order differs between languages ("29 November 2026",
// "29 de noviembre de 2026"), so the pattern itself is a msgid with named
// placeholders that translators may reorder; printf-style positional msgids
// ("%1$s %2$d") are avoided because msgfmt cannot check them against {name}s
// and a wrong one would be undefined behaviour instead of a visible typo.

#include <array>
#include <string>
#include <string_view>

#include "render/catalog.h"

namespace render {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::string MonthName(const Catalog& catalog, std::string_view lang, int month) {
  if (month < 1 || month > 12) return std::to_string(month);
  return std::string(catalog.Get(lang, kMonths[month - 1]));
}

// Replaces each "{name}" in `pattern` with its value; unknown placeholders
// are kept verbatim so a translator's typo shows up on the page.
std::string Substitute(std::string_view pattern, std::string_view day, std::string_view month,
                       std::string_view year) {
  std::string out;
  out.reserve(pattern.size() + month.size() + 8);
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern[i] == '{') {
      const size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        const std::string_view* value = name == "day"     ? &day
                                        : name == "month" ? &month
                                        : name == "year"  ? &year
                                                          : nullptr;
        if (value != nullptr) {
          out.append(*value);
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(pattern[i++]);
  }
  return out;
}

}  // namespace

std::string FormatLongDate(const Catalog& catalog, std::string_view lang, int year, int month,
                           int day) {
  return Substitute(catalog.Get(lang, "{day} {month} {year}"), std::to_string(day),
                    MonthName(catalog, lang, month), std::to_string(year));
}

std::string FormatMonthYear(const Catalog& catalog, std::string_view lang, int year, int month) {
  return Substitute(catalog.Get(lang, "{month} {year}"), "", MonthName(catalog, lang, month),
                    std::to_string(year));
}

}  // namespace render
