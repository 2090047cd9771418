#pragma once
// How a built message leaves the building. The outbox talks only to this
// interface, so tests record messages instead of sending them.

#include <string_view>

#include "base/status.h"

namespace mail {

class Transport {
 public:
  virtual ~Transport() = default;

  // Delivers one RFC 5322 message (CRLF line ends) to one recipient, with
  // `from` as the envelope sender (both bare addresses, no angle brackets).
  // Errors: InvalidArgument when the server refused this message for good
  // (an SMTP 5xx reply: unknown mailbox, message too big, ...), so retrying
  // cannot help; Unavailable for everything worth retrying later (server
  // down, timeout, 4xx reply, TLS or login failure: fix the config and the
  // queued messages go out).
  // Thread-safety: implementations say.
  virtual base::Status Send(std::string_view from, std::string_view to,
                            std::string_view rfc5322) = 0;
};

}  // namespace mail
