#include "donations/stripe_event.h"

#include <gtest/gtest.h>

#include <string>

namespace donations {
namespace {

// Bodies modelled on the shapes in Stripe's API reference (trimmed: Stripe
// sends many more fields, which the parser ignores).
constexpr std::string_view kSessionCompleted = R"({
  "id": "evt_1PqSession0001",
  "object": "event",
  "api_version": "2024-06-20",
  "created": 1764412200,
  "livemode": false,
  "pending_webhooks": 1,
  "request": {"id": null, "idempotency_key": null},
  "type": "checkout.session.completed",
  "data": {
    "object": {
      "id": "cs_test_a1B2c3",
      "object": "checkout.session",
      "amount_subtotal": 2500,
      "amount_total": 2500,
      "currency": "usd",
      "customer": "cus_QabcDEF",
      "customer_details": {"email": "ana@example.org", "name": "Ana Pérez"},
      "metadata": {"donation_ref": "don_7f3a9c"},
      "mode": "payment",
      "payment_intent": "pi_3PqXyz",
      "payment_status": "paid",
      "status": "complete",
      "subscription": null,
      "success_url": "https://example.org/donate/thanks"
    }
  }
})";

constexpr std::string_view kSessionSubscription = R"({
  "id": "evt_1PqSession0002", "object": "event", "created": 1764412300, "livemode": true,
  "type": "checkout.session.completed",
  "data": {"object": {
    "id": "cs_live_monthly", "object": "checkout.session", "amount_total": 1000,
    "currency": "USD", "customer": {"id": "cus_Expanded", "object": "customer"},
    "metadata": {"donation_ref": "don_monthly1"}, "mode": "subscription",
    "payment_intent": null, "payment_status": "paid", "subscription": "sub_1PqMonthly"
  }}
})";

constexpr std::string_view kSessionExpired = R"({
  "id": "evt_1PqExpired", "object": "event", "created": 1764498600, "livemode": false,
  "type": "checkout.session.expired",
  "data": {"object": {
    "id": "cs_test_expired", "object": "checkout.session", "amount_total": 5000,
    "currency": "usd", "customer": null, "metadata": {"donation_ref": "don_expired"},
    "mode": "payment", "payment_intent": null, "payment_status": "unpaid", "status": "expired"
  }}
})";

// Invoice as sent by API versions before 2025-03: subscription on the invoice,
// the ref in subscription_details.metadata.
constexpr std::string_view kInvoicePaid = R"({
  "id": "evt_1PqInvoicePaid", "object": "event", "created": 1767090600, "livemode": false,
  "type": "invoice.paid",
  "data": {"object": {
    "id": "in_1PqCycle", "object": "invoice", "amount_due": 1000, "amount_paid": 1000,
    "amount_remaining": 0, "billing_reason": "subscription_cycle", "currency": "usd",
    "customer": "cus_QabcDEF", "metadata": {}, "payment_intent": "pi_3PqCycle",
    "status": "paid", "subscription": "sub_1PqMonthly",
    "subscription_details": {"metadata": {"donation_ref": "don_monthly1"}},
    "lines": {"object": "list", "data": [
      {"id": "il_1", "object": "line_item", "amount": 1000, "metadata": {}}
    ]}
  }}
})";

// Invoice as sent by API versions from 2025-03 ("basil"): under parent.
constexpr std::string_view kInvoicePaidBasil = R"({
  "id": "evt_1PqInvoiceBasil", "object": "event", "created": 1767090600, "livemode": false,
  "type": "invoice.paid",
  "data": {"object": {
    "id": "in_1PqBasil", "object": "invoice", "amount_due": 1000, "amount_paid": 1000,
    "billing_reason": "subscription_create", "currency": "usd", "customer": "cus_QabcDEF",
    "metadata": {},
    "parent": {"type": "subscription_details", "subscription_details": {
      "metadata": {"donation_ref": "don_basil"}, "subscription": "sub_1PqBasil"}}
  }}
})";

constexpr std::string_view kInvoiceFailed = R"({
  "id": "evt_1PqInvoiceFailed", "object": "event", "created": 1769769000, "livemode": false,
  "type": "invoice.payment_failed",
  "data": {"object": {
    "id": "in_1PqFailed", "object": "invoice", "amount_due": 1000, "amount_paid": 0,
    "attempt_count": 1, "billing_reason": "subscription_cycle", "currency": "usd",
    "customer": "cus_QabcDEF", "payment_intent": "pi_3PqFailed", "status": "open",
    "subscription": "sub_1PqMonthly",
    "lines": {"object": "list", "data": [
      {"id": "il_2", "object": "line_item", "metadata": {"donation_ref": "don_from_line"}}
    ]}
  }}
})";

constexpr std::string_view kChargeRefunded = R"({
  "id": "evt_1PqRefund", "object": "event", "created": 1764500000, "livemode": false,
  "type": "charge.refunded",
  "data": {
    "object": {
      "id": "ch_3PqXyz", "object": "charge", "amount": 2500, "amount_captured": 2500,
      "amount_refunded": 1000, "captured": true, "currency": "usd", "customer": "cus_QabcDEF",
      "invoice": "in_1PqCycle", "metadata": {"donation_ref": "don_7f3a9c"},
      "paid": true, "payment_intent": "pi_3PqXyz", "refunded": false, "status": "succeeded"
    },
    "previous_attributes": {"amount_refunded": 0}
  }
})";

constexpr std::string_view kSubscriptionDeleted = R"({
  "id": "evt_1PqSubDeleted", "object": "event", "created": 1772000000, "livemode": false,
  "type": "customer.subscription.deleted",
  "data": {"object": {
    "id": "sub_1PqMonthly", "object": "subscription", "cancel_at_period_end": false,
    "canceled_at": 1772000000, "currency": "usd", "customer": "cus_QabcDEF",
    "metadata": {"donation_ref": "don_monthly1"}, "status": "canceled",
    "items": {"object": "list", "data": []}
  }}
})";

StripeEvent Parsed(std::string_view body) {
  base::Result<StripeEvent> r = ParseStripeEvent(body);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : StripeEvent{};
}

bool Refused(std::string_view body) {
  const base::Result<StripeEvent> r = ParseStripeEvent(body);
  return !r.ok() && r.status().IsInvalidArgument();
}

// A minimal valid event whose data.object is `object`.
std::string WithObject(std::string_view object, std::string_view type = "charge.refunded") {
  return R"({"id":"evt_x","type":")" + std::string(type) +
         R"(","created":1764412200,"data":{"object":)" + std::string(object) + "}}";
}

TEST(StripeEventTest, CheckoutSessionCompleted) {
  const StripeEvent e = Parsed(kSessionCompleted);
  EXPECT_EQ(e.id, "evt_1PqSession0001");
  EXPECT_EQ(e.type, "checkout.session.completed");
  EXPECT_EQ(e.created, 1764412200);
  EXPECT_FALSE(e.livemode);
  EXPECT_EQ(e.object_type, "checkout.session");
  EXPECT_EQ(e.object_id, "cs_test_a1B2c3");
  EXPECT_EQ(e.donation_ref, "don_7f3a9c");
  EXPECT_EQ(e.mode, "payment");
  EXPECT_EQ(e.payment_status, "paid");
  EXPECT_EQ(e.subscription_id, "");
  EXPECT_EQ(e.customer_id, "cus_QabcDEF");
  EXPECT_EQ(e.payment_intent_id, "pi_3PqXyz");
  EXPECT_EQ(e.amount_minor, 2500);
  EXPECT_EQ(e.amount_refunded_minor, 0);
  EXPECT_EQ(e.currency, "usd");
}

TEST(StripeEventTest, CheckoutSessionForASubscription) {
  const StripeEvent e = Parsed(kSessionSubscription);
  EXPECT_TRUE(e.livemode);
  EXPECT_EQ(e.mode, "subscription");
  EXPECT_EQ(e.subscription_id, "sub_1PqMonthly");
  EXPECT_EQ(e.customer_id, "cus_Expanded");  // an expanded object gives its id
  EXPECT_EQ(e.payment_intent_id, "");
  EXPECT_EQ(e.amount_minor, 1000);
  EXPECT_EQ(e.currency, "usd");  // lower-cased
  EXPECT_EQ(e.donation_ref, "don_monthly1");
}

TEST(StripeEventTest, CheckoutSessionExpired) {
  const StripeEvent e = Parsed(kSessionExpired);
  EXPECT_EQ(e.type, "checkout.session.expired");
  EXPECT_EQ(e.payment_status, "unpaid");
  EXPECT_EQ(e.donation_ref, "don_expired");
  EXPECT_EQ(e.customer_id, "");
  EXPECT_EQ(e.amount_minor, 5000);
}

TEST(StripeEventTest, InvoicePaid) {
  const StripeEvent e = Parsed(kInvoicePaid);
  EXPECT_EQ(e.object_type, "invoice");
  EXPECT_EQ(e.object_id, "in_1PqCycle");
  EXPECT_EQ(e.donation_ref, "don_monthly1");  // from subscription_details
  EXPECT_EQ(e.subscription_id, "sub_1PqMonthly");
  EXPECT_EQ(e.billing_reason, "subscription_cycle");
  EXPECT_EQ(e.payment_intent_id, "pi_3PqCycle");
  EXPECT_EQ(e.amount_minor, 1000);  // amount_paid
}

TEST(StripeEventTest, InvoicePaidNewerApiShape) {
  const StripeEvent e = Parsed(kInvoicePaidBasil);
  EXPECT_EQ(e.donation_ref, "don_basil");
  EXPECT_EQ(e.subscription_id, "sub_1PqBasil");
  EXPECT_EQ(e.billing_reason, "subscription_create");
  EXPECT_EQ(e.amount_minor, 1000);
}

TEST(StripeEventTest, InvoicePaymentFailedUsesAmountDue) {
  const StripeEvent e = Parsed(kInvoiceFailed);
  EXPECT_EQ(e.type, "invoice.payment_failed");
  EXPECT_EQ(e.amount_minor, 1000);             // amount_due; amount_paid is 0
  EXPECT_EQ(e.donation_ref, "don_from_line");  // from lines.data[0].metadata
  EXPECT_EQ(e.subscription_id, "sub_1PqMonthly");
}

TEST(StripeEventTest, ChargeRefunded) {
  const StripeEvent e = Parsed(kChargeRefunded);
  EXPECT_EQ(e.object_type, "charge");
  EXPECT_EQ(e.object_id, "ch_3PqXyz");
  EXPECT_EQ(e.amount_minor, 2500);
  EXPECT_EQ(e.amount_refunded_minor, 1000);
  EXPECT_EQ(e.invoice_id, "in_1PqCycle");
  EXPECT_EQ(e.payment_intent_id, "pi_3PqXyz");
  EXPECT_EQ(e.donation_ref, "don_7f3a9c");
}

TEST(StripeEventTest, SubscriptionDeleted) {
  const StripeEvent e = Parsed(kSubscriptionDeleted);
  EXPECT_EQ(e.object_type, "subscription");
  EXPECT_EQ(e.object_id, "sub_1PqMonthly");
  EXPECT_EQ(e.subscription_id, "sub_1PqMonthly");
  EXPECT_EQ(e.customer_id, "cus_QabcDEF");
  EXPECT_EQ(e.donation_ref, "don_monthly1");
  EXPECT_EQ(e.amount_minor, 0);
}

TEST(StripeEventTest, AnyTypeParses) {
  const StripeEvent e =
      Parsed(WithObject(R"({"id":"pm_1","object":"payment_method"})", "payment_method.attached"));
  EXPECT_EQ(e.type, "payment_method.attached");
  EXPECT_EQ(e.object_type, "payment_method");
  EXPECT_EQ(e.object_id, "pm_1");
  // An empty data.object is still an event (every field stays empty).
  EXPECT_EQ(Parsed(WithObject("{}")).object_id, "");
}

TEST(StripeEventTest, NotJson) {
  for (std::string_view body : {"", "   ", "not json", "{", R"({"id":"evt_1",})", "[]", "null",
                                "42", R"("evt")", "{\"id\":\"evt\xff\"}"}) {
    EXPECT_TRUE(Refused(body)) << body;
  }
  std::string truncated(kSessionCompleted);
  truncated.resize(truncated.size() / 2);
  EXPECT_TRUE(Refused(truncated));
}

TEST(StripeEventTest, DeepNestingIsRefusedNotRecursedInto) {
  const std::string deep = WithObject(R"({"object":"charge","x":)" + std::string(100000, '[') +
                                      std::string(100000, ']') + "}");
  EXPECT_TRUE(Refused(deep));
}

TEST(StripeEventTest, MissingRequiredFields) {
  EXPECT_TRUE(Refused(R"({"type":"x","created":1,"data":{"object":{}}})"));          // id
  EXPECT_TRUE(Refused(R"({"id":"","type":"x","created":1,"data":{"object":{}}})"));  // empty id
  EXPECT_TRUE(Refused(R"({"id":"evt","created":1,"data":{"object":{}}})"));          // type
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","data":{"object":{}}})"));           // created
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","created":1})"));                    // data
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","created":1,"data":{}})"));          // object
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","created":1,"data":{"object":null}})"));
}

TEST(StripeEventTest, WrongTypes) {
  EXPECT_TRUE(Refused(R"({"id":42,"type":"x","created":1,"data":{"object":{}}})"));
  EXPECT_TRUE(Refused(R"({"id":"evt","type":["x"],"created":1,"data":{"object":{}}})"));
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","created":"1","data":{"object":{}}})"));
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","created":1.5,"data":{"object":{}}})"));
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","created":-1,"data":{"object":{}}})"));
  EXPECT_TRUE(
      Refused(R"({"id":"evt","type":"x","created":1,"livemode":"true","data":{"object":{}}})"));
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","created":1,"data":[]})"));
  EXPECT_TRUE(Refused(R"({"id":"evt","type":"x","created":1,"data":{"object":"cs_1"}})"));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"charge","id":7})")));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"charge","metadata":"don_1"})")));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"charge","metadata":{"donation_ref":12}})")));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"charge","customer":12})")));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"charge","customer":{"id":12}})")));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"invoice","lines":{"data":{}}})", "invoice.paid")));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"invoice","lines":{"data":[1]}})", "invoice.paid")));
}

TEST(StripeEventTest, AmountsMustBeExactIntegersInRange) {
  EXPECT_EQ(Parsed(WithObject(R"({"object":"charge","amount":1000000000000000})")).amount_minor,
            1000000000000000);  // 10^15 is the largest accepted
  EXPECT_EQ(Parsed(WithObject(R"({"object":"charge","amount":0})")).amount_minor, 0);
  EXPECT_EQ(Parsed(WithObject(R"({"object":"charge","amount":null})")).amount_minor, 0);
  for (std::string_view amount :
       {"25.5", "2500.0", "2.5e3", "1e3", R"("2500")", "-1", "true", "1000000000000001",
        "9223372036854775807", "18446744073709551615", "100000000000000000000", "[2500]"}) {
    EXPECT_TRUE(Refused(WithObject(R"({"object":"charge","amount":)" + std::string(amount) + "}")))
        << amount;
  }
  EXPECT_TRUE(Refused(WithObject(R"({"object":"charge","amount":1,"amount_refunded":0.5})")));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"checkout.session","amount_total":12.34})",
                                 "checkout.session.completed")));
  EXPECT_TRUE(Refused(WithObject(R"({"object":"invoice","amount_paid":-100})", "invoice.paid")));
  EXPECT_TRUE(
      Refused(WithObject(R"({"object":"invoice","amount_due":"1000"})", "invoice.payment_failed")));
}

TEST(StripeEventTest, OnlyTheRelevantAmountIsRead) {
  // A session's other amounts do not matter; an invoice.paid reads amount_paid.
  const StripeEvent e = Parsed(
      WithObject(R"({"object":"invoice","amount_paid":700,"amount_due":900})", "invoice.paid"));
  EXPECT_EQ(e.amount_minor, 700);
}

}  // namespace
}  // namespace donations
