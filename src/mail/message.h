#pragma once
// What the mail module sends: one message to one recipient, from the site.

#include <string>

namespace mail {

// The site's sending identity (config [mail]): From, and the default Reply-To.
struct Sender {
  std::string address;   // "news@example.org"; also the SMTP envelope sender
  std::string name;      // display name, any UTF-8 ("Periódico Obrero"); may be empty
  std::string reply_to;  // an address; empty = no Reply-To header
};

// One message. Header fields are plain UTF-8 text: the mail module encodes
// them (RFC 2047) and refuses line breaks or other control characters in them
// (header injection). Bodies are UTF-8 with any line endings.
struct Message {
  std::string to_address;  // one recipient, "ana@example.org" (ASCII only)
  std::string to_name;     // display name; may be empty
  std::string subject;     // one line
  std::string text;        // plain-text part; required
  std::string html;        // HTML part; empty = a text/plain-only message
  std::string reply_to;    // overrides Sender::reply_to when not empty
};

}  // namespace mail
