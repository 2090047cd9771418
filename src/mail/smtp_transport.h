#pragma once
// Transport over SMTP with libcurl.

#include <chrono>
#include <memory>
#include <string>

#include "base/status.h"
#include "mail/transport.h"

namespace mail {

// Config [mail]: where and how to hand messages to a mail server.
struct SmtpOptions {
  // "smtp://127.0.0.1:2525" or "smtps://mail.example.org:465" (implicit TLS).
  // Empty = mail disabled: the composition root starts no sender and
  // messages stay queued. No path: the HELO name goes in helo_domain.
  std::string url;
  // Both empty = no AUTH. With credentials, use kStartTlsRequired or smtps://
  // unless the server is on loopback: kStartTlsIfAvailable sends them in
  // clear to a server that does not offer STARTTLS.
  std::string username, password;
  enum class Tls { kNone, kStartTlsIfAvailable, kStartTlsRequired };
  Tls starttls = Tls::kStartTlsIfAvailable;  // ignored for smtps://
  // PEM file of CA certificates to trust instead of the system's (a private
  // mail server, tests). Certificates and host names are always verified.
  std::string ca_file;
  // Bounds connecting, and separately the whole conversation for one message.
  std::chrono::seconds timeout{30};
  // The name sent in EHLO; empty = libcurl's default (the local host name).
  std::string helo_domain;
};

// Each Send opens one connection (libcurl easy handle), sends one message and
// closes it. Thread-safe: Sends share nothing.
//
// libcurl's process-wide initialization (curl_global_init, not thread-safe
// itself) runs exactly once, under std::call_once, the first time Create is
// called; it is never undone (curl_global_cleanup at exit would race other
// threads still sending, and the process is ending anyway).
class CurlSmtpTransport final : public Transport {
 public:
  // InvalidArgument for a URL that is not smtp:// or smtps:// with a host, or
  // that has a path, or for a non-positive timeout; Internal if libcurl cannot
  // initialize.
  static base::Result<std::unique_ptr<CurlSmtpTransport>> Create(SmtpOptions options);

  // See Transport::Send. Error messages carry curl's description and the
  // server's last SMTP reply code, never the password.
  base::Status Send(std::string_view from, std::string_view to,
                    std::string_view rfc5322) override;

 private:
  explicit CurlSmtpTransport(SmtpOptions options) : options_(std::move(options)) {}
  SmtpOptions options_;
};

}  // namespace mail
