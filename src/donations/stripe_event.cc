#include "donations/stripe_event.h"

#include <boost/json.hpp>
#include <exception>
#include <string>

namespace donations {
namespace {

namespace json = boost::json;

constexpr int64_t kMaxEventAmount = 1'000'000'000'000'000;  // 10^15

base::Status Bad(std::string_view path, std::string_view what) {
  return base::Status::InvalidArgument("stripe event: " + std::string(path) + " " +
                                       std::string(what));
}

// `parent[key]` when present and not null, else nullptr.
const json::value* Find(const json::object& parent, std::string_view key) {
  const json::value* v = parent.if_contains(key);
  return (v == nullptr || v->is_null()) ? nullptr : v;
}

// An optional nested object: *out is nullptr when absent or null.
base::Status OptObject(const json::object& parent, std::string_view key, std::string_view path,
                       const json::object** out) {
  *out = nullptr;
  const json::value* v = Find(parent, key);
  if (v == nullptr) return base::Status::Ok();
  *out = v->if_object();
  return *out ? base::Status::Ok() : Bad(path, "is not an object");
}

// An optional string; absent or null leaves *out empty.
base::Status OptString(const json::object& parent, std::string_view key, std::string_view path,
                       std::string* out) {
  const json::value* v = Find(parent, key);
  if (v == nullptr) return base::Status::Ok();
  const json::string* s = v->if_string();
  if (s == nullptr) return Bad(path, "is not a string");
  out->assign(s->data(), s->size());
  return base::Status::Ok();
}

// An expandable reference: Stripe sends an id string, or the whole object
// (with its "id") when the API call asked to expand it.
base::Status OptId(const json::object& parent, std::string_view key, std::string_view path,
                   std::string* out) {
  const json::value* v = Find(parent, key);
  if (v == nullptr) return base::Status::Ok();
  if (const json::object* o = v->if_object()) return OptString(*o, "id", path, out);
  return OptString(parent, key, path, out);
}

// An optional amount: an integer in [0, 10^15]. Floats ("25.5" or "2500.0"),
// strings and negatives are refused: money is never guessed.
base::Status OptAmount(const json::object& parent, std::string_view key, std::string_view path,
                       int64_t* out) {
  const json::value* v = Find(parent, key);
  if (v == nullptr) return base::Status::Ok();
  if (v->is_int64()) {
    const int64_t n = v->get_int64();
    if (n < 0 || n > kMaxEventAmount) return Bad(path, "is out of range");
    *out = n;
    return base::Status::Ok();
  }
  if (v->is_uint64()) return Bad(path, "is out of range");  // > INT64_MAX
  return Bad(path, "is not an integer");
}

// The first donation_ref found in metadata objects along the given paths.
base::Status FindDonationRef(const json::object& obj, std::string* out) {
  const json::object* metadata = nullptr;
  BS_RETURN_IF_ERROR(OptObject(obj, "metadata", "data.object.metadata", &metadata));
  if (metadata) {
    BS_RETURN_IF_ERROR(
        OptString(*metadata, "donation_ref", "data.object.metadata.donation_ref", out));
  }
  if (!out->empty()) return base::Status::Ok();

  // Invoices: subscription_details (API versions before 2025-03) or
  // parent.subscription_details (later), then the first line item.
  const json::object* details = nullptr;
  BS_RETURN_IF_ERROR(
      OptObject(obj, "subscription_details", "data.object.subscription_details", &details));
  const json::object* parent = nullptr;
  BS_RETURN_IF_ERROR(OptObject(obj, "parent", "data.object.parent", &parent));
  if (details == nullptr && parent != nullptr) {
    BS_RETURN_IF_ERROR(OptObject(*parent, "subscription_details",
                                 "data.object.parent.subscription_details", &details));
  }
  if (details) {
    BS_RETURN_IF_ERROR(OptObject(*details, "metadata", "subscription_details.metadata", &metadata));
    if (metadata) {
      BS_RETURN_IF_ERROR(
          OptString(*metadata, "donation_ref", "subscription_details.metadata.donation_ref", out));
    }
    if (!out->empty()) return base::Status::Ok();
  }
  const json::object* lines = nullptr;
  BS_RETURN_IF_ERROR(OptObject(obj, "lines", "data.object.lines", &lines));
  if (lines == nullptr) return base::Status::Ok();
  const json::value* data = Find(*lines, "data");
  if (data == nullptr) return base::Status::Ok();
  const json::array* items = data->if_array();
  if (items == nullptr) return Bad("data.object.lines.data", "is not an array");
  if (items->empty()) return base::Status::Ok();
  const json::object* first = (*items)[0].if_object();
  if (first == nullptr) return Bad("data.object.lines.data[0]", "is not an object");
  BS_RETURN_IF_ERROR(OptObject(*first, "metadata", "lines.data[0].metadata", &metadata));
  if (metadata) {
    BS_RETURN_IF_ERROR(
        OptString(*metadata, "donation_ref", "lines.data[0].metadata.donation_ref", out));
  }
  return base::Status::Ok();
}

base::Status ReadObject(const std::string& type, const json::object& obj, StripeEvent& e) {
  BS_RETURN_IF_ERROR(OptString(obj, "object", "data.object.object", &e.object_type));
  BS_RETURN_IF_ERROR(OptString(obj, "id", "data.object.id", &e.object_id));
  BS_RETURN_IF_ERROR(FindDonationRef(obj, &e.donation_ref));
  BS_RETURN_IF_ERROR(OptString(obj, "mode", "data.object.mode", &e.mode));
  BS_RETURN_IF_ERROR(
      OptString(obj, "payment_status", "data.object.payment_status", &e.payment_status));
  BS_RETURN_IF_ERROR(
      OptString(obj, "billing_reason", "data.object.billing_reason", &e.billing_reason));
  BS_RETURN_IF_ERROR(OptId(obj, "customer", "data.object.customer", &e.customer_id));
  BS_RETURN_IF_ERROR(
      OptId(obj, "payment_intent", "data.object.payment_intent", &e.payment_intent_id));
  BS_RETURN_IF_ERROR(OptString(obj, "currency", "data.object.currency", &e.currency));
  for (char& c : e.currency) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }

  if (e.object_type == "subscription") {
    e.subscription_id = e.object_id;
  } else {
    BS_RETURN_IF_ERROR(OptId(obj, "subscription", "data.object.subscription", &e.subscription_id));
  }
  if (e.object_type == "checkout.session") {
    BS_RETURN_IF_ERROR(OptAmount(obj, "amount_total", "data.object.amount_total", &e.amount_minor));
  } else if (e.object_type == "invoice") {
    if (e.subscription_id.empty()) {  // API versions from 2025-03 moved it under parent
      const json::object* parent = nullptr;
      const json::object* details = nullptr;
      BS_RETURN_IF_ERROR(OptObject(obj, "parent", "data.object.parent", &parent));
      if (parent) {
        BS_RETURN_IF_ERROR(OptObject(*parent, "subscription_details",
                                     "data.object.parent.subscription_details", &details));
      }
      if (details) {
        BS_RETURN_IF_ERROR(OptId(*details, "subscription",
                                 "parent.subscription_details.subscription", &e.subscription_id));
      }
    }
    if (type == "invoice.payment_failed") {
      BS_RETURN_IF_ERROR(OptAmount(obj, "amount_due", "data.object.amount_due", &e.amount_minor));
    } else {
      BS_RETURN_IF_ERROR(OptAmount(obj, "amount_paid", "data.object.amount_paid", &e.amount_minor));
    }
  } else if (e.object_type == "charge") {
    BS_RETURN_IF_ERROR(OptAmount(obj, "amount", "data.object.amount", &e.amount_minor));
    BS_RETURN_IF_ERROR(
        OptAmount(obj, "amount_refunded", "data.object.amount_refunded", &e.amount_refunded_minor));
    BS_RETURN_IF_ERROR(OptId(obj, "invoice", "data.object.invoice", &e.invoice_id));
  }
  return base::Status::Ok();
}

base::Result<StripeEvent> Parse(std::string_view body) {
  boost::system::error_code ec;
  const json::value root = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec) return base::Status::InvalidArgument("stripe event: not JSON: " + ec.message());
  const json::object* event = root.if_object();
  if (event == nullptr) return Bad("body", "is not an object");

  StripeEvent e;
  BS_RETURN_IF_ERROR(OptString(*event, "id", "id", &e.id));
  if (e.id.empty()) return Bad("id", "is missing");
  BS_RETURN_IF_ERROR(OptString(*event, "type", "type", &e.type));
  if (e.type.empty()) return Bad("type", "is missing");
  const json::value* created = Find(*event, "created");
  if (created == nullptr) return Bad("created", "is missing");
  if (!created->is_int64() || created->get_int64() < 0) {
    return Bad("created", "is not a non-negative integer");
  }
  e.created = created->get_int64();
  if (const json::value* live = Find(*event, "livemode")) {
    if (!live->is_bool()) return Bad("livemode", "is not a boolean");
    e.livemode = live->get_bool();
  }
  const json::object* data = nullptr;
  BS_RETURN_IF_ERROR(OptObject(*event, "data", "data", &data));
  if (data == nullptr) return Bad("data", "is missing");
  const json::object* object = nullptr;
  BS_RETURN_IF_ERROR(OptObject(*data, "object", "data.object", &object));
  if (object == nullptr) return Bad("data.object", "is missing");
  BS_RETURN_IF_ERROR(ReadObject(e.type, *object, e));
  return e;
}

}  // namespace

base::Result<StripeEvent> ParseStripeEvent(std::string_view body) {
  // Boost.JSON reports syntax errors through `ec`; only allocation failure
  // can throw. Nothing escapes this module.
  try {
    return Parse(body);
  } catch (const std::exception& ex) {
    return base::Status::Internal(std::string("stripe event: ") + ex.what());
  }
}

}  // namespace donations
