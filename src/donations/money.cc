#include "donations/money.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace donations {
namespace {

constexpr std::string_view kNbsp = "\xC2\xA0";           // U+00A0 NO-BREAK SPACE
constexpr std::string_view kMinusSign = "\xE2\x88\x92";  // U+2212 MINUS SIGN

struct KnownCurrency {
  const char* code;
  int exponent;
  const char* symbol;
  const char* es_symbol;
};

// Symbols follow CLDR's English forms, with the unambiguous form in Spanish
// where "$" could be several currencies.
constexpr std::array<KnownCurrency, 8> kCurrencies = {{
    {"USD", 2, "$", "US$"},
    {"EUR", 2, "\xE2\x82\xAC", "\xE2\x82\xAC"},  // €
    {"GBP", 2, "\xC2\xA3", "\xC2\xA3"},          // £
    {"CAD", 2, "CA$", "CA$"},
    {"AUD", 2, "A$", "AU$"},
    {"MXN", 2, "MX$", "MX$"},
    {"JPY", 0, "\xC2\xA5", "JP\xC2\xA5"},        // ¥, JP¥
    {"KRW", 0, "\xE2\x82\xA9", "\xE2\x82\xA9"},  // ₩
}};

char Upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Upper(a[i]) != Upper(b[i])) return false;
  }
  return true;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strips ASCII blanks and no-break spaces from both ends.
std::string_view TrimBlanks(std::string_view s) {
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' ||
                       s.front() == '\r' || s.front() == '\f' || s.front() == '\v')) {
      s.remove_prefix(1);
    } else if (s.substr(0, kNbsp.size()) == kNbsp) {
      s.remove_prefix(kNbsp.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' ||
                       s.back() == '\r' || s.back() == '\f' || s.back() == '\v')) {
      s.remove_suffix(1);
    } else if (s.size() >= kNbsp.size() && s.substr(s.size() - kNbsp.size()) == kNbsp) {
      s.remove_suffix(kNbsp.size());
    } else {
      break;
    }
  }
  return s;
}

// Removes a leading '-' or U+2212; true if there was one.
bool StripMinus(std::string_view& s) {
  if (!s.empty() && s.front() == '-') {
    s.remove_prefix(1);
  } else if (s.substr(0, kMinusSign.size()) == kMinusSign) {
    s.remove_prefix(kMinusSign.size());
  } else {
    return false;
  }
  s = TrimBlanks(s);
  return true;
}

// Removes one currency marker from the start or, failing that, the end;
// true if it found one.
bool StripCurrencyMarker(std::string_view& s, const Currency& currency) {
  // Longest first, so "US$" is not read as "US" + "$".
  std::vector<std::string_view> markers;
  for (std::string_view m : {std::string_view(currency.es_symbol),
                             std::string_view(currency.symbol), std::string_view(currency.code)}) {
    if (!m.empty()) markers.push_back(m);
  }
  if (currency.symbol.find('$') != std::string::npos) markers.push_back("$");
  for (size_t i = 1; i < markers.size(); ++i) {
    for (size_t j = i; j > 0 && markers[j].size() > markers[j - 1].size(); --j) {
      std::swap(markers[j], markers[j - 1]);
    }
  }
  for (std::string_view m : markers) {
    if (s.size() >= m.size() && EqualsIgnoreCase(s.substr(0, m.size()), m)) {
      s = TrimBlanks(s.substr(m.size()));
      return true;
    }
  }
  for (std::string_view m : markers) {
    if (s.size() >= m.size() && EqualsIgnoreCase(s.substr(s.size() - m.size()), m)) {
      s = TrimBlanks(s.substr(0, s.size() - m.size()));
      return true;
    }
  }
  return false;
}

// True if `s` is digits grouped by ',' in threes: "1", "1,000", "12,345,678".
bool IsGroupedDigits(std::string_view s) {
  size_t start = 0;
  bool first = true;
  for (;;) {
    const size_t comma = s.find(',', start);
    const std::string_view group =
        s.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (group.empty() || group.size() > 3 || (!first && group.size() != 3)) return false;
    for (char c : group) {
      if (!IsDigit(c)) return false;
    }
    if (comma == std::string_view::npos) return true;
    first = false;
    start = comma + 1;
  }
}

AmountError Parse(std::string_view typed, const Currency& currency, int64_t* out) {
  std::string_view s = TrimBlanks(typed);
  if (s.empty()) return AmountError::kEmpty;
  bool negative = StripMinus(s);
  // One sign, before or after the marker: "-$5", "$-5" (not "--5").
  if (StripCurrencyMarker(s, currency) && !negative) negative = StripMinus(s);
  if (s.empty()) return negative ? AmountError::kNotANumber : AmountError::kEmpty;

  for (char c : s) {
    if (!IsDigit(c) && c != ',' && c != '.') return AmountError::kNotANumber;
  }
  std::string_view int_part = s;
  std::string_view frac_part;
  bool has_point = false;
  const size_t dot = s.find('.');
  if (dot != std::string_view::npos) {
    if (s.find('.', dot + 1) != std::string_view::npos) return AmountError::kNotANumber;
    int_part = s.substr(0, dot);
    frac_part = s.substr(dot + 1);
    has_point = true;
  } else {
    const size_t comma = s.find(',');
    if (comma != std::string_view::npos && s.find(',', comma + 1) == std::string_view::npos &&
        s.size() - comma - 1 >= 1 && s.size() - comma - 1 <= 2) {
      int_part = s.substr(0, comma);  // a decimal comma: "25,50"
      frac_part = s.substr(comma + 1);
      has_point = true;
    }
  }
  if (int_part.empty() && frac_part.empty()) return AmountError::kNotANumber;
  if (!int_part.empty() && int_part.find(',') != std::string_view::npos &&
      !IsGroupedDigits(int_part)) {
    return AmountError::kNotANumber;
  }
  if (frac_part.find(',') != std::string_view::npos) return AmountError::kNotANumber;
  if (has_point && int_part.empty() && frac_part.empty()) return AmountError::kNotANumber;
  if (negative) return AmountError::kNegative;
  if (currency.exponent < 0 || frac_part.size() > static_cast<size_t>(currency.exponent)) {
    return AmountError::kTooManyDecimals;
  }

  // Saturating accumulation: once above the maximum we only need to know that.
  int64_t value = 0;
  bool too_large = false;
  auto push = [&](char c) {
    if (too_large) return;
    value = value * 10 + (c - '0');
    if (value > kMaxAmountMinor) too_large = true;
  };
  for (char c : int_part) {
    if (c != ',') push(c);
  }
  for (char c : frac_part) push(c);
  for (size_t i = frac_part.size(); i < static_cast<size_t>(currency.exponent); ++i) push('0');
  if (too_large) return AmountError::kTooLarge;
  if (value == 0) return AmountError::kZero;
  *out = value;
  return AmountError::kNone;
}

// "1234567" -> "1,234,567" with `sep`.
std::string Group(uint64_t v, std::string_view sep) {
  const std::string digits = std::to_string(v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return out;
}

bool IsSpanish(std::string_view lang) {
  return lang == "es" ||
         (lang.size() > 2 && lang.substr(0, 2) == "es" && (lang[2] == '-' || lang[2] == '_'));
}

}  // namespace

base::Result<Currency> FindCurrency(std::string_view code) {
  for (const KnownCurrency& k : kCurrencies) {
    if (EqualsIgnoreCase(code, k.code)) return Currency{k.code, k.exponent, k.symbol, k.es_symbol};
  }
  return base::Status::NotFound("unknown currency '" + std::string(code.substr(0, 16)) + "'");
}

std::string_view AmountErrorMsgid(AmountError e) {
  switch (e) {
    case AmountError::kNone:
      return "";
    case AmountError::kEmpty:
      return "Please enter an amount.";
    case AmountError::kNotANumber:
      return "Please enter the amount as a number, such as 25 or 25.50.";
    case AmountError::kNegative:
      return "The amount cannot be negative.";
    case AmountError::kZero:
      return "The amount must be more than zero.";
    case AmountError::kTooManyDecimals:
      return "The amount has too many decimal places.";
    case AmountError::kTooLarge:
      return "The amount is too large.";
  }
  return "";
}

std::string_view AmountErrorName(AmountError e) {
  switch (e) {
    case AmountError::kNone:
      return "none";
    case AmountError::kEmpty:
      return "empty";
    case AmountError::kNotANumber:
      return "not_a_number";
    case AmountError::kNegative:
      return "negative";
    case AmountError::kZero:
      return "zero";
    case AmountError::kTooManyDecimals:
      return "too_many_decimals";
    case AmountError::kTooLarge:
      return "too_large";
  }
  return "unknown";
}

base::Result<int64_t> ParseAmount(std::string_view typed, const Currency& currency,
                                  AmountError* reason) {
  int64_t value = 0;
  const AmountError e = Parse(typed, currency, &value);
  if (reason != nullptr) *reason = e;
  if (e != AmountError::kNone) {
    return base::Status::InvalidArgument("amount: " + std::string(AmountErrorName(e)));
  }
  return value;
}

std::string FormatAmount(int64_t minor, const Currency& currency, std::string_view lang) {
  const bool negative = minor < 0;
  // Two's-complement negation in unsigned arithmetic: safe for INT64_MIN.
  const uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  uint64_t scale = 1;
  const int exponent =
      currency.exponent < 0 ? 0 : (currency.exponent > 18 ? 18 : currency.exponent);
  for (int i = 0; i < exponent; ++i) scale *= 10;
  const uint64_t whole = magnitude / scale;
  std::string frac = std::to_string(magnitude % scale);
  if (exponent > 0) frac.insert(0, static_cast<size_t>(exponent) - frac.size(), '0');

  std::string out;
  if (negative) out += '-';
  if (IsSpanish(lang)) {
    out += Group(whole, ".");
    if (exponent > 0) out += "," + frac;
    out += kNbsp;
    out += currency.es_symbol.empty() ? currency.code : currency.es_symbol;
  } else {
    out += currency.symbol.empty() ? currency.code + " " : currency.symbol;
    out += Group(whole, ",");
    if (exponent > 0) out += "." + frac;
  }
  return out;
}

}  // namespace donations
