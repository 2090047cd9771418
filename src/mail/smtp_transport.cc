// The only file that includes <curl/curl.h>.

#include "mail/smtp_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace mail {
namespace {

base::Status GlobalInit() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (rc != CURLE_OK) {
    return base::Status::Internal(std::string("curl_global_init: ") + curl_easy_strerror(rc));
  }
  return base::Status::Ok();
}

struct Upload {
  std::string_view data;
  size_t pos = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t nitems, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * nitems, up->data.size() - up->pos);
  std::memcpy(buffer, up->data.data() + up->pos, n);
  up->pos += n;
  return n;
}

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

base::Result<std::unique_ptr<CurlSmtpTransport>> CurlSmtpTransport::Create(SmtpOptions options) {
  const std::string_view url = options.url;
  size_t rest = 0;
  if (url.starts_with("smtp://")) {
    rest = 7;
  } else if (url.starts_with("smtps://")) {
    rest = 8;
  } else {
    return base::Status::InvalidArgument("mail url must start with smtp:// or smtps://");
  }
  const std::string_view authority = url.substr(rest);
  if (authority.empty() || authority.front() == '/' || authority.front() == ':') {
    return base::Status::InvalidArgument("mail url has no host");
  }
  if (authority.find_first_of("/?#@ ") != std::string_view::npos) {
    return base::Status::InvalidArgument(
        "mail url must be scheme://host[:port] (credentials and HELO name are options)");
  }
  if (options.timeout <= std::chrono::seconds(0)) {
    return base::Status::InvalidArgument("mail timeout must be positive");
  }
  for (char c : options.helo_domain) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return base::Status::InvalidArgument("mail helo_domain must be a host name");
  }
  BS_RETURN_IF_ERROR(GlobalInit());
  return std::unique_ptr<CurlSmtpTransport>(new CurlSmtpTransport(std::move(options)));
}

base::Status CurlSmtpTransport::Send(std::string_view from, std::string_view to,
                                     std::string_view rfc5322) {
  std::unique_ptr<CURL, EasyDeleter> h(curl_easy_init());
  if (!h) return base::Status::Internal("curl_easy_init failed");
  // libcurl takes the EHLO name from the URL's path.
  std::string url = options_.url;
  if (!options_.helo_domain.empty()) url += "/" + options_.helo_domain;
  const std::string mail_from = "<" + std::string(from) + ">";
  std::unique_ptr<curl_slist, ListDeleter> rcpt(
      curl_slist_append(nullptr, ("<" + std::string(to) + ">").c_str()));
  if (!rcpt) return base::Status::Internal("curl_slist_append failed");
  Upload upload{rfc5322, 0};
  char error[CURL_ERROR_SIZE] = {0};

  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM from a worker thread
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadChunk);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(rfc5322.size()));
  long use_ssl = CURLUSESSL_TRY;
  switch (options_.starttls) {
    case SmtpOptions::Tls::kNone: use_ssl = CURLUSESSL_NONE; break;
    case SmtpOptions::Tls::kStartTlsIfAvailable: use_ssl = CURLUSESSL_TRY; break;
    case SmtpOptions::Tls::kStartTlsRequired: use_ssl = CURLUSESSL_ALL; break;
  }
  curl_easy_setopt(c, CURLOPT_USE_SSL, use_ssl);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.username.empty() || !options_.password.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
  }

  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return base::Status::Ok();
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  std::string what = error[0] != '\0' ? error : curl_easy_strerror(rc);
  what = "smtp: " + what + " (curl " + std::to_string(static_cast<int>(rc)) + ", reply " +
         std::to_string(reply) + ")";
  // A 5xx reply to this message's envelope or data is final. Replies about
  // authentication (530 "authentication required" or "STARTTLS first", 534,
  // 535, 538) are 5xx too, but about our config: retry once it is fixed.
  const bool about_auth = rc == CURLE_LOGIN_DENIED || reply == 530 || reply == 534 ||
                          reply == 535 || reply == 538;
  if (reply >= 500 && reply < 600 && !about_auth) {
    return base::Status::InvalidArgument(what);
  }
  return base::Status::Unavailable(what);
}

}  // namespace mail
