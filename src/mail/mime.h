#pragma once
// Building RFC 5322 / MIME messages. Pure functions: no clock, no randomness,
// no I/O, so every byte of a message is reproducible in tests.
//
// What BuildMime writes:
//   Date, From, [Reply-To], To, Subject, Message-ID, MIME-Version, and either
//   Content-Type: multipart/alternative (text/plain then text/html, the
//   preferred last, RFC 2046 §5.1.4) or a single text/plain part.
// Header text that is not plain printable ASCII (or looks like an encoded
// word) becomes RFC 2047 encoded words ("=?UTF-8?Q?...?="), each at most 75
// characters, folded so no header line passes 78 characters. Bodies are
// UTF-8, with line breaks turned into CRLF, encoded quoted-printable (mostly
// ASCII text) or base64 (mostly non-ASCII text): both keep every line at or
// under 76 characters, well within RFC 5322's 78/998, and both make the
// boundary ("=_bs" + hex) impossible inside a body.

#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "mail/message.h"

namespace mail {

// Builds the whole message, headers and body, with CRLF line ends.
// `message_id` is the full "<left@right>" form (see MakeMessageId).
// Errors (all InvalidArgument): a to/from/reply-to address that IsValidAddress
// refuses; a name or subject with a control character (CR and LF included:
// header injection), or any field or body that is not valid UTF-8; an empty
// text part; a malformed message_id.
base::Result<std::string> BuildMime(const Message& m, const Sender& from, base::Time date,
                                    std::string_view message_id);

// "<random@domain>" with the domain part of `from_address` (after the last
// '@'), or "broadside.invalid" if it has none. `random` must be dot-atom
// text (e.g. crypto::RandomToken()).
std::string MakeMessageId(std::string_view random, std::string_view from_address);

// An address we are willing to put in a header and give to SMTP: ASCII
// "local@domain", local part a dot-atom of at most 64 characters (no quoted
// local parts), domain made of LDH labels (or a bracketed IPv4 literal), at
// most 254 characters in all. Conservative on purpose: anything else could be
// a header or SMTP command injection.
bool IsValidAddress(std::string_view address);

// "Thu, 14 Jan 2027 08:00:00 +0000" (RFC 5322 §3.3, always UTC).
std::string FormatMailDate(base::Time t);

// The pieces, exposed for tests and for other senders.

// Quoted-printable (RFC 2045 §6.7) of UTF-8 text with any line ends: hard line
// breaks become CRLF, soft breaks keep lines at most 76 characters, trailing
// blanks and a leading '.' are encoded.
std::string EncodeQuotedPrintable(std::string_view text);
// Base64 (RFC 2045 §6.8) in lines of 76 characters, CRLF-separated.
std::string EncodeBase64Lines(std::string_view bytes);
// An unstructured header's value (Subject), folded for a header whose name
// and ": " take `prefix_len` characters.
// REQUIRES: no control characters, valid UTF-8 (BuildMime checks).
std::string EncodeUnstructured(std::string_view text, size_t prefix_len);
// A mailbox "name <address>" or "<address>" alone ("address" without a name),
// with the name quoted or encoded as needed.
// REQUIRES: IsValidAddress(address); name as for EncodeUnstructured.
std::string EncodeMailbox(std::string_view name, std::string_view address, size_t prefix_len);

}  // namespace mail
