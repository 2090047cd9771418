#pragma once
// Money as donors type it and as pages show it. Amounts are integer minor
// units (cents; yen for JPY) in int64_t everywhere: never floating point, so
// no gift is ever off by a cent. Pure functions, no locale or global state:
// safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace donations {

// The largest amount Broadside accepts for one gift or total: 10^12 minor
// units ($10 billion). Anything above is a typo or an attack, and staying far
// below INT64_MAX keeps sums of many gifts (and x12 for monthly) overflow-free.
inline constexpr int64_t kMaxAmountMinor = 1'000'000'000'000;

struct Currency {
  std::string code;       // ISO 4217, upper case: "USD"
  int exponent = 2;       // minor units per major unit = 10^exponent
  std::string symbol;     // shown before the amount in English: "$", "CA$", "€"
  std::string es_symbol;  // shown after the amount in Spanish: "US$", "€"
};

// The currencies Broadside knows: USD EUR GBP CAD AUD MXN (exponent 2), JPY
// KRW (exponent 0). `code` is matched case-insensitively ("usd" as Stripe
// writes it works). NotFound for any other code: guessing an exponent would
// multiply or divide a gift by 100.
base::Result<Currency> FindCurrency(std::string_view code);

// Why a typed amount was refused; the page shows AmountErrorMsgid(reason).
enum class AmountError {
  kNone = 0,
  kEmpty,            // nothing typed (blanks, or only a currency symbol)
  kNotANumber,       // letters, "1e3", "0x10", "nan", "1.2.3", "1,00,0", ...
  kNegative,         // "-5", "-$5"
  kZero,             // "0", "0.00"
  kTooManyDecimals,  // more decimals than the currency has: "1.005", "1.000", JPY "5.5"
  kTooLarge,         // above kMaxAmountMinor: "100000000000000000000"
};

// The English msgid explaining `e` to a donor ("" for kNone); the page
// translates it through the catalog.
std::string_view AmountErrorMsgid(AmountError e);
// A stable lower-case name ("too_many_decimals"), for logs and status messages.
std::string_view AmountErrorName(AmountError e);

// Reads an amount a donor typed into minor units of `currency`.
// Accepted (for USD): "25", "25.5", "25.50", "1,000", "1,000.00", " 25 ",
// "$25", "25 $", "US$25", "USD 25", "25 usd", ".50", "25.", "0025".
//   * '.' is the decimal point and ',' groups thousands (groups of exactly
//     three digits after the first). One exception for Spanish-speaking
//     donors: with no '.', a single ',' followed by one or two digits is a
//     decimal comma ("25,50" is 25.50). "1,000" is always a thousand.
//   * Decimals beyond the currency's exponent are refused even when they are
//     zeros: "1.000" means a thousand to a Spanish speaker and one to an
//     English one, so it is refused rather than guessed.
//   * At most one currency marker, before or after the number: the symbol,
//     the Spanish symbol, the ISO code (any case), or a bare "$" for a dollar
//     or peso currency. Leading/trailing ASCII blanks and no-break spaces are
//     ignored.
//   * No exponents, hex, signs other than a leading '-' (refused as
//     kNegative), or spaces inside the number.
// Returns the amount (1..kMaxAmountMinor) or InvalidArgument whose message is
// "amount: <AmountErrorName>"; when `reason` is non-null it receives the
// reason (kNone on success). Digits are accumulated with saturation, so no
// input overflows.
base::Result<int64_t> ParseAmount(std::string_view typed, const Currency& currency,
                                  AmountError* reason = nullptr);

// Shows `minor` units of `currency` for a page in `lang`:
//   "es" or "es-*": "1.234,50 US$" ('.' groups, ',' decimals, a no-break
//                   space U+00A0 before es_symbol), "-1.234,50 US$" if negative;
//   anything else (English): "$1,234.50", "-$1,234.50".
// Always every decimal of the currency ("$25.00"), always grouped ("$1,000").
// Any int64_t is safe, INT64_MIN included.
std::string FormatAmount(int64_t minor, const Currency& currency, std::string_view lang);

}  // namespace donations
