#include "donations/stripe_signature.h"

#include <array>
#include <optional>
#include <string>

#include "base/text.h"
#include "crypto/crypto.h"
#include "crypto/hmac.h"

namespace donations {
namespace {

using Mac = crypto::HmacSha256Mac;

Mac HmacSha256(std::string_view key, std::string_view t, std::string_view payload) {
  return crypto::HmacSha256(key, {t, ".", payload});
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<Mac> DecodeHexMac(std::string_view hex) {
  Mac mac;
  if (hex.size() != mac.size() * 2) return std::nullopt;
  for (size_t i = 0; i < mac.size(); ++i) {
    const int hi = HexValue(hex[2 * i]);
    const int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    mac[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return mac;
}

std::string EncodeHex(const Mac& mac) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(mac.size() * 2);
  for (uint8_t b : mac) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

struct ParsedHeader {
  std::string_view t_text;  // digits as sent: the HMAC covers them verbatim
  int64_t t = 0;
  std::vector<Mac> v1;
};

base::Status ParseHeader(std::string_view header, ParsedHeader* out) {
  if (base::Trim(header).empty()) {
    return base::Status::InvalidArgument("stripe signature: empty header");
  }
  bool have_t = false;
  for (std::string_view item : base::Split(header, ',')) {
    item = base::Trim(item);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return base::Status::InvalidArgument("stripe signature: item without '='");
    }
    const std::string_view key = base::Trim(item.substr(0, eq));
    const std::string_view value = base::Trim(item.substr(eq + 1));
    if (key == "t") {
      if (have_t) return base::Status::InvalidArgument("stripe signature: several t");
      if (value.empty() || value.size() > 12) {
        return base::Status::InvalidArgument("stripe signature: bad t");
      }
      int64_t t = 0;
      for (char c : value) {
        if (c < '0' || c > '9') return base::Status::InvalidArgument("stripe signature: bad t");
        t = t * 10 + (c - '0');
      }
      out->t_text = value;
      out->t = t;
      have_t = true;
    } else if (key == "v1") {
      const std::optional<Mac> mac = DecodeHexMac(value);
      if (!mac) return base::Status::InvalidArgument("stripe signature: bad v1");
      out->v1.push_back(*mac);
    }
    // v0 (a test-mode legacy scheme) and unknown keys are ignored.
  }
  if (!have_t) return base::Status::InvalidArgument("stripe signature: no t");
  if (out->v1.empty()) return base::Status::InvalidArgument("stripe signature: no v1");
  return base::Status::Ok();
}

}  // namespace

base::Status VerifyStripeSignature(std::string_view header, std::string_view payload,
                                   const std::vector<std::string>& secrets, int64_t now_unix,
                                   int64_t tolerance_s) {
  ParsedHeader parsed;
  BS_RETURN_IF_ERROR(ParseHeader(header, &parsed));
  bool any_secret = false;
  for (const std::string& s : secrets) any_secret = any_secret || !s.empty();
  if (!any_secret) return base::Status::Internal("stripe signature: no webhook secret configured");
  BS_RETURN_IF_ERROR(crypto::Init());

  // parsed.t < 10^12, so the difference only overflows for an absurd now_unix.
  int64_t skew = 0;
  if (__builtin_sub_overflow(now_unix, parsed.t, &skew) || skew > tolerance_s ||
      skew < -tolerance_s) {
    return base::Status::PermissionDenied("stripe signature: timestamp outside tolerance");
  }
  bool match = false;
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    const Mac expected = HmacSha256(secret, parsed.t_text, payload);
    for (const Mac& v1 : parsed.v1) {
      // No early exit: every candidate is compared, so timing says nothing
      // about which secret or signature matched.
      if (crypto::MacEquals(expected, v1)) match = true;
    }
  }
  if (!match) return base::Status::PermissionDenied("stripe signature: no signature matches");
  return base::Status::Ok();
}

std::string SignStripePayload(std::string_view payload, std::string_view secret, int64_t t) {
  const std::string t_text = std::to_string(t);
  return "t=" + t_text + ",v1=" + EncodeHex(HmacSha256(secret, t_text, payload));
}

}  // namespace donations
