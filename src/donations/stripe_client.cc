// CurlStripeClient: Stripe's REST API over libcurl; responses read with
// Boost.JSON (the non-throwing overloads; anything else it throws is caught
// here and never crosses the module boundary).

#include "donations/stripe_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <mutex>
#include <optional>

namespace donations {
namespace {

constexpr size_t kMaxResponseBytes = 1 << 20;  // Stripe's objects are a few KB

base::Status GlobalInit() {
  static std::once_flag once;
  static CURLcode rc = CURLE_OK;
  std::call_once(once, [] { rc = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (rc != CURLE_OK) {
    return base::Status::Internal(std::string("curl_global_init: ") + curl_easy_strerror(rc));
  }
  return base::Status::Ok();
}

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

struct Response {
  long status = 0;
  std::string body;
  std::string request_id;  // Stripe's Request-Id header, for support tickets
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t nmemb, void* user) {
  auto* r = static_cast<Response*>(user);
  const size_t n = size * nmemb;
  if (r->body.size() + n > kMaxResponseBytes) {
    r->too_large = true;
    return 0;  // makes curl fail with CURLE_WRITE_ERROR
  }
  r->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t nmemb, void* user) {
  auto* r = static_cast<Response*>(user);
  const size_t n = size * nmemb;
  std::string_view line(data, n);
  constexpr std::string_view kName = "request-id:";
  if (line.size() > kName.size()) {
    std::string lower;
    for (char c : line.substr(0, kName.size()))
      lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (lower == kName) {
      std::string_view v = line.substr(kName.size());
      while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
      while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' '))
        v.remove_suffix(1);
      r->request_id = std::string(v.substr(0, 64));
    }
  }
  return n;
}

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void PercentEncode(std::string_view s, bool keep_brackets, std::string& out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : s) {
    if (IsUnreserved(c) || (keep_brackets && (c == '[' || c == ']'))) {
      out.push_back(c);
    } else {
      const auto b = static_cast<unsigned char>(c);
      out.push_back('%');
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 0xF]);
    }
  }
}

// Printable ASCII without spaces: what may go in a header or a URL path.
bool IsToken(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// Stripe's ids: "sub_1Nx...", "cus_..." — letters, digits and underscores.
bool IsStripeId(std::string_view s) {
  if (s.empty() || s.size() > 255) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsUnreserved(c) && c != '~'; });
}

const boost::json::object* AsObject(const boost::json::value* v) {
  return v == nullptr ? nullptr : v->if_object();
}
std::string StringField(const boost::json::object* o, std::string_view key) {
  if (o == nullptr) return "";
  const boost::json::value* v = o->if_contains(key);
  const boost::json::string* s = v == nullptr ? nullptr : v->if_string();
  return s == nullptr ? "" : std::string(s->data(), s->size());
}

// The parsed JSON object of a response body, or null (never throws).
std::optional<boost::json::object> ParseObject(const std::string& body) {
  try {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.as_object());
  } catch (const std::exception&) {  // bad_alloc
    return std::nullopt;
  }
}

// The Status for a non-2xx answer: Stripe's {"error": {type, code, message,
// param}} mapped to our codes by HTTP status and type.
base::Status StripeError(const Response& r) {
  const auto parsed = ParseObject(r.body);
  const boost::json::object* err = parsed ? AsObject(parsed->if_contains("error")) : nullptr;
  const std::string type = StringField(err, "type");
  std::string what = "stripe: HTTP " + std::to_string(r.status);
  if (!type.empty()) what += " " + type;
  if (const std::string code = StringField(err, "code"); !code.empty()) what += " code=" + code;
  if (const std::string param = StringField(err, "param"); !param.empty())
    what += " param=" + param;
  const std::string message = StringField(err, "message");
  what += ": " + (message.empty() ? std::string("(no Stripe error body)") : message);
  if (!r.request_id.empty()) what += " (request " + r.request_id + ")";

  if (type == "idempotency_error") return base::Status::Conflict(what);
  switch (r.status) {
    case 400:
    case 402:
      return base::Status::InvalidArgument(what);
    case 401:
    case 403:
      return base::Status::PermissionDenied(what);
    case 404:
      return base::Status::NotFound(what);
    case 429:
      return base::Status::RateLimited(what);
    default:
      break;
  }
  if (r.status == 409 || r.status >= 500) return base::Status::Unavailable(what);
  return base::Status::InvalidArgument(what);  // other 4xx: our request is wrong
}

}  // namespace

std::string StripeFormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [key, value] : fields) {
    if (!out.empty()) out.push_back('&');
    PercentEncode(key, /*keep_brackets=*/true, out);
    out.push_back('=');
    PercentEncode(value, /*keep_brackets=*/false, out);
  }
  return out;
}

base::Result<std::unique_ptr<CurlStripeClient>> CurlStripeClient::Create(StripeOptions options) {
  if (options.base_url.ends_with('/')) options.base_url.pop_back();
  std::string_view url = options.base_url;
  bool plain = false;
  if (url.starts_with("https://")) {
    url.remove_prefix(8);
  } else if (url.starts_with("http://")) {
    url.remove_prefix(7);
    plain = true;
  } else {
    return base::Status::InvalidArgument("stripe base_url must start with https://");
  }
  if (url.empty() || url.find_first_of("/?#@ \\") != std::string_view::npos) {
    return base::Status::InvalidArgument("stripe base_url must be scheme://host[:port]");
  }
  if (plain) {
    // The key must not cross a network in clear: plain http only to loopback.
    const std::string_view host =
        url.substr(0, url.starts_with('[') ? url.find(']') + 1 : url.find(':'));
    if (host != "127.0.0.1" && host != "localhost" && host != "[::1]") {
      return base::Status::InvalidArgument(
          "stripe base_url may use http:// only for a loopback test double");
    }
  }
  if (!IsToken(options.secret_key, 255)) {
    return base::Status::InvalidArgument("stripe secret_key is empty or not a single token");
  }
  if (!options.api_version.empty() && !IsToken(options.api_version, 64)) {
    return base::Status::InvalidArgument("stripe api_version is not a single token");
  }
  if (options.timeout <= std::chrono::milliseconds(0)) {
    return base::Status::InvalidArgument("stripe timeout must be positive");
  }
  BS_RETURN_IF_ERROR(GlobalInit());
  return std::unique_ptr<CurlStripeClient>(new CurlStripeClient(std::move(options)));
}

namespace {

// One request on the calling thread. Unavailable when no HTTP answer came.
base::Result<Response> Perform(const StripeOptions& options, const char* method,
                               const std::string& path, const std::string& form,
                               std::string_view idempotency_key) {
  std::unique_ptr<CURL, EasyDeleter> h(curl_easy_init());
  if (!h) return base::Status::Internal("curl_easy_init failed");
  std::unique_ptr<curl_slist, ListDeleter> headers;
  auto add = [&headers](const std::string& line) {
    curl_slist* head = curl_slist_append(headers.get(), line.c_str());
    if (head == nullptr) return false;  // the old list is untouched
    (void)headers.release();            // head is the same list, now longer
    headers.reset(head);
    return true;
  };
  bool ok = add("Authorization: Bearer " + options.secret_key) && add("Accept: application/json") &&
            add("Expect:");
  if (std::string_view(method) == "POST")
    ok = ok && add("Content-Type: application/x-www-form-urlencoded");
  if (!idempotency_key.empty()) ok = ok && add("Idempotency-Key: " + std::string(idempotency_key));
  if (!options.api_version.empty()) ok = ok && add("Stripe-Version: " + options.api_version);
  if (!ok) return base::Status::Internal("curl_slist_append failed");

  const std::string url = options.base_url + path;
  Response response;
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = h.get();
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // the key goes to this host only
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);        // no SIGALRM from a worker thread
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Broadside (+donations; libcurl)");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response);
  if (std::string_view(method) == "POST") {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(form.size()));
  } else {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
  }

  const CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    if (response.too_large) return base::Status::Internal("stripe: response over 1 MiB");
    // The error buffer names the host and what failed; it never holds headers.
    const std::string what = error[0] != '\0' ? error : curl_easy_strerror(rc);
    return base::Status::Unavailable(std::string("stripe: ") + method + " " + path + ": " + what +
                                     " (curl " + std::to_string(static_cast<int>(rc)) + ")");
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

// The object of a 2xx answer, or the Status for any other.
base::Result<boost::json::object> Call(const StripeOptions& options, const char* method,
                                       const std::string& path, const std::string& form,
                                       std::string_view idempotency_key) {
  BS_ASSIGN_OR_RETURN(Response r, Perform(options, method, path, form, idempotency_key));
  if (r.status < 200 || r.status >= 300) return StripeError(r);
  auto object = ParseObject(r.body);
  if (!object) {
    return base::Status::Internal("stripe: HTTP " + std::to_string(r.status) + " " + method + " " +
                                  path + ": the body is not a JSON object");
  }
  return std::move(*object);
}

}  // namespace

base::Result<CheckoutSession> CurlStripeClient::CreateCheckoutSession(
    const CheckoutRequest& req, std::string_view idempotency_key) {
  if (!IsToken(idempotency_key, 255)) {
    return base::Status::InvalidArgument("stripe: idempotency key must be 1..255 printable ASCII");
  }
  if (req.amount_minor <= 0) return base::Status::InvalidArgument("stripe: amount must be > 0");
  const bool currency_ok =
      req.currency.size() == 3 && std::all_of(req.currency.begin(), req.currency.end(),
                                              [](char c) { return c >= 'a' && c <= 'z'; });
  if (!currency_ok) return base::Status::InvalidArgument("stripe: currency must be like \"usd\"");
  if (req.product_name.empty() || req.success_url.empty() || req.donation_ref.empty()) {
    return base::Status::InvalidArgument(
        "stripe: product_name, success_url and donation_ref are required");
  }
  const bool monthly = req.mode == CheckoutRequest::Mode::kSubscription;
  std::vector<std::pair<std::string, std::string>> f = {
      {"mode", monthly ? "subscription" : "payment"},
      {"success_url", req.success_url},
      {"line_items[0][quantity]", "1"},
      {"line_items[0][price_data][currency]", req.currency},
      {"line_items[0][price_data][unit_amount]", std::to_string(req.amount_minor)},
      {"line_items[0][price_data][product_data][name]", req.product_name},
      {"metadata[donation_ref]", req.donation_ref},
      {"locale", req.locale.empty() ? "auto" : req.locale},
  };
  if (monthly) {
    f.emplace_back("line_items[0][price_data][recurring][interval]", "month");
    f.emplace_back("subscription_data[metadata][donation_ref]", req.donation_ref);
  } else {
    f.emplace_back("payment_intent_data[metadata][donation_ref]", req.donation_ref);
  }
  if (!req.cancel_url.empty()) f.emplace_back("cancel_url", req.cancel_url);
  if (!req.customer_email.empty()) f.emplace_back("customer_email", req.customer_email);
  if (!req.client_reference_id.empty())
    f.emplace_back("client_reference_id", req.client_reference_id);

  BS_ASSIGN_OR_RETURN(boost::json::object o, Call(options_, "POST", "/v1/checkout/sessions",
                                                  StripeFormEncode(f), idempotency_key));
  CheckoutSession s{StringField(&o, "id"), StringField(&o, "url")};
  if (s.id.empty() || s.url.empty()) {
    return base::Status::Internal("stripe: checkout session without id or url");
  }
  return s;
}

base::Status CurlStripeClient::CancelSubscription(std::string_view subscription_id,
                                                  std::string_view idempotency_key) {
  if (!IsStripeId(subscription_id)) {
    return base::Status::InvalidArgument("stripe: malformed subscription id");
  }
  if (!IsToken(idempotency_key, 255)) {
    return base::Status::InvalidArgument("stripe: idempotency key must be 1..255 printable ASCII");
  }
  const std::string path = "/v1/subscriptions/" + std::string(subscription_id);
  BS_ASSIGN_OR_RETURN(boost::json::object o, Call(options_, "DELETE", path, "", idempotency_key));
  if (StringField(&o, "status") != "canceled") {
    return base::Status::Internal("stripe: cancel answered a subscription that is not canceled");
  }
  return base::Status::Ok();
}

base::Result<std::string> CurlStripeClient::CreatePortalSession(std::string_view customer_id,
                                                                std::string_view return_url) {
  if (!IsStripeId(customer_id))
    return base::Status::InvalidArgument("stripe: malformed customer id");
  std::vector<std::pair<std::string, std::string>> f = {{"customer", std::string(customer_id)}};
  if (!return_url.empty()) f.emplace_back("return_url", std::string(return_url));
  BS_ASSIGN_OR_RETURN(boost::json::object o, Call(options_, "POST", "/v1/billing_portal/sessions",
                                                  StripeFormEncode(f), ""));
  std::string url = StringField(&o, "url");
  if (url.empty()) return base::Status::Internal("stripe: portal session without url");
  return url;
}

}  // namespace donations
