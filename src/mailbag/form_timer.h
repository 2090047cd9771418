#pragma once
// The Ask form's minimum fill time, without server state: the page embeds a
// token holding the moment the form was shown, sealed (encrypted and
// authenticated) so a bot can neither read nor forge it. A submission that
// comes back faster than a person types is refused. The web layer decides
// what to do with the answer (and also checks the honeypot and per-IP rate).

#include <chrono>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "crypto/sealed.h"

namespace mailbag {

class FormTimer {
 public:
  // `key` (a key for this purpose only, not the email sealing key) and
  // `clock` must outlive this object.
  FormTimer(const crypto::FieldKey& key, const base::Clock& clock,
            std::chrono::seconds min_fill = std::chrono::seconds(3),
            std::chrono::seconds max_age = std::chrono::hours(12))
      : key_(key), clock_(clock), min_fill_(min_fill), max_age_(max_age) {}

  // A token for a form shown now (URL-safe text, ~70 characters).
  base::Result<std::string> Issue() const;

  // OK when the token is genuine and between min_fill and max_age old.
  // RateLimited when it came back too fast; InvalidArgument when it is
  // malformed, forged, from the future or older than max_age (the page
  // re-issues a token and asks the visitor to send again, text kept).
  base::Status Check(std::string_view token) const;

 private:
  const crypto::FieldKey& key_;
  const base::Clock& clock_;
  std::chrono::seconds min_fill_;
  std::chrono::seconds max_age_;
};

}  // namespace mailbag
