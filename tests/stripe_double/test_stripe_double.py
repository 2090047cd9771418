"""Self-test of the Stripe TEST DOUBLE: the API subset, idempotency, and the
webhooks it sends (signatures checked by an HMAC computed here, independently
of the double's code; retries; held and reordered delivery).

Run: /usr/bin/python3 -m unittest -v test_stripe_double   (in this directory)
"""

import hashlib
import hmac
import json
import threading
import unittest
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from harness import StripeDouble

KEY = "sk_test_selftest"


class Receiver:
    """A webhook endpoint on loopback that records what arrives and answers
    with the statuses queued in `answers` (then 200)."""

    def __init__(self):
        self.received = []  # (headers dict, raw body bytes)
        self.answers = []
        self.lock = threading.Lock()
        outer = self

        class H(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with outer.lock:
                    outer.received.append((dict(self.headers), body))
                    status = outer.answers.pop(0) if outer.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/stripe/webhook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def events(self):
        with self.lock:
            return [json.loads(b) for _, b in self.received]


def verify(header, body, secret):
    """Stripe's scheme, written from its documentation: any v1 entry equal to
    HMAC-SHA256(secret, "<t>." + body) in hex."""
    items = [kv.split("=", 1) for kv in header.split(",")]
    t = [v for k, v in items if k == "t"]
    if len(t) != 1:
        return False
    expected = hmac.new(secret.encode(), t[0].encode() + b"." + body, hashlib.sha256).hexdigest()
    return any(k == "v1" and hmac.compare_digest(v, expected) for k, v in items)


def one_time_form(amount="2500", ref="don_1"):
    return {
        "mode": "payment", "success_url": "http://127.0.0.1:1/thanks?s={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://127.0.0.1:1/donate",
        "line_items[0][quantity]": "1", "line_items[0][price_data][currency]": "usd",
        "line_items[0][price_data][unit_amount]": amount,
        "line_items[0][price_data][product_data][name]": "Donation",
        "metadata[donation_ref]": ref, "payment_intent_data[metadata][donation_ref]": ref,
    }


def monthly_form(ref="don_m"):
    f = one_time_form("1000", ref)
    del f["payment_intent_data[metadata][donation_ref]"]
    f.update({"mode": "subscription", "line_items[0][price_data][recurring][interval]": "month",
              "subscription_data[metadata][donation_ref]": ref})
    return f


class DoubleTest(unittest.TestCase):
    def setUp(self):
        self.rx = Receiver()
        self.stripe = StripeDouble(secret_key=KEY, webhook_url=self.rx.url,
                                   webhook_secrets=["whsec_old", "whsec_new"], retries=3,
                                   retry_delay=0.01)

    def tearDown(self):
        self.stripe.stop()
        self.rx.close()

    def create(self, form, key=None):
        status, body = self.stripe.request(
            "POST", "/v1/checkout/sessions", form, {"Idempotency-Key": key} if key else None)
        self.assertEqual(status, 200, body)
        return body

    def test_requires_the_bearer_key(self):
        status, body = self.stripe.request("POST", "/v1/checkout/sessions", one_time_form(),
                                           key="sk_test_wrong")
        self.assertEqual(status, 401)
        self.assertEqual(body["error"]["type"], "invalid_request_error")
        req = urllib.request.Request(self.stripe.base_url + "/v1/checkout/sessions", data=b"",
                                     method="POST")
        status, body = self.stripe._open(req)
        self.assertEqual(status, 401)

    def test_validation_errors_have_stripes_shape(self):
        for amount in ("0", "-5", "12.5", "abc", "100000000000000000000"):
            status, body = self.stripe.request("POST", "/v1/checkout/sessions",
                                               one_time_form(amount))
            self.assertEqual(status, 400, amount)
            self.assertEqual(body["error"]["type"], "invalid_request_error")
            self.assertTrue(body["error"]["param"].startswith("line_items"), body)
        form = one_time_form()
        del form["success_url"]
        status, body = self.stripe.request("POST", "/v1/checkout/sessions", form)
        self.assertEqual((status, body["error"]["param"]), (400, "success_url"))
        form = one_time_form()
        form["line_items[0][price_data][recurring][interval]"] = "month"  # payment + recurring
        self.assertEqual(self.stripe.request("POST", "/v1/checkout/sessions", form)[0], 400)
        form = one_time_form()
        form["mystery"] = "1"
        status, body = self.stripe.request("POST", "/v1/checkout/sessions", form)
        self.assertEqual((status, body["error"]["code"]), (400, "parameter_unknown"))

    def test_idempotency_key_replays_and_rejects_other_parameters(self):
        a = self.create(one_time_form(), key="don_1:checkout")
        b = self.create(one_time_form(), key="don_1:checkout")
        self.assertEqual(a["id"], b["id"])
        status, body = self.stripe.request("POST", "/v1/checkout/sessions", one_time_form("3000"),
                                           {"Idempotency-Key": "don_1:checkout"})
        self.assertEqual((status, body["error"]["type"]), (400, "idempotency_error"))
        c = self.create(one_time_form(), key="don_2:checkout")
        self.assertNotEqual(a["id"], c["id"])

    def test_paying_sends_signed_events_carrying_the_donation_ref(self):
        s = self.create(one_time_form(ref="don_42"))
        self.assertTrue(s["id"].startswith("cs_test_"))
        self.assertEqual(s["url"], f"{self.stripe.base_url}/pay/{s['id']}")
        page = urllib.request.urlopen(s["url"]).read().decode()
        self.assertIn("TEST DOUBLE", page)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *a):
                return None
        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(urllib.request.Request(s["url"], data=b"", method="POST"))
            self.fail("expected a 303")
        except urllib.error.HTTPError as e:
            self.assertEqual(e.code, 303)
            self.assertEqual(e.headers["Location"], f"http://127.0.0.1:1/thanks?s={s['id']}")
        self.stripe.control("GET", "/_double/events")  # waits until delivered
        self.assertEqual([e["type"] for e in self.rx.events()], ["checkout.session.completed"])
        for headers, body in self.rx.received:
            sig = headers["Stripe-Signature"]
            self.assertTrue(verify(sig, body, "whsec_old"))
            self.assertTrue(verify(sig, body, "whsec_new"))
            self.assertFalse(verify(sig, body, "whsec_other"))
            self.assertFalse(verify(sig, body + b" ", "whsec_new"))
        ev = self.rx.events()[0]
        obj = ev["data"]["object"]
        self.assertEqual((obj["metadata"]["donation_ref"], obj["payment_status"], obj["mode"]),
                         ("don_42", "paid", "payment"))
        self.assertEqual(obj["amount_total"], 2500)
        self.assertTrue(ev["id"].startswith("evt_"))

        # A partial then a full refund: amount_refunded is cumulative.
        _, r1 = self.stripe.control("POST", f"/_double/sessions/{s['id']}/refund?amount=1000")
        _, r2 = self.stripe.control("POST", f"/_double/sessions/{s['id']}/refund")
        charges = [e["data"]["object"] for e in self.rx.events() if e["type"] == "charge.refunded"]
        self.assertEqual([c["amount_refunded"] for c in charges], [1000, 2500])
        self.assertEqual(charges[0]["payment_intent"], obj["payment_intent"])
        self.assertEqual(charges[0]["metadata"]["donation_ref"], "don_42")
        status, _ = self.stripe.control("POST", f"/_double/sessions/{s['id']}/refund?amount=1")
        self.assertEqual(status, 400)

    def test_monthly_gift_lifecycle(self):
        s = self.create(monthly_form("don_m"))
        _, done = self.stripe.control("POST", f"/_double/sessions/{s['id']}/complete")
        sub_id = done["result"]["subscription"]
        self.assertTrue(sub_id.startswith("sub_"))
        self.assertTrue(done["result"]["customer"].startswith("cus_"))
        self.stripe.control("POST", f"/_double/subscriptions/{sub_id}/renew")
        self.stripe.control("POST", f"/_double/subscriptions/{sub_id}/fail")
        status, sub = self.stripe.request("DELETE", f"/v1/subscriptions/{sub_id}")
        self.assertEqual((status, sub["status"]), (200, "canceled"))
        status, _ = self.stripe.request("DELETE", f"/v1/subscriptions/{sub_id}")
        self.assertEqual(status, 404)  # as Stripe: a canceled subscription cannot be canceled
        self.stripe.control("GET", "/_double/events")
        evs = self.rx.events()
        self.assertEqual([e["type"] for e in evs],
                         ["invoice.paid", "checkout.session.completed", "invoice.paid",
                          "invoice.payment_failed", "customer.subscription.deleted"])
        self.assertEqual([e["data"]["object"].get("billing_reason") for e in evs[:4]],
                         ["subscription_create", None, "subscription_cycle",
                          "subscription_cycle"])
        for e in (evs[0], evs[2], evs[3]):
            self.assertEqual(e["data"]["object"]["subscription_details"]["metadata"]
                             ["donation_ref"], "don_m")
        self.assertEqual(evs[4]["data"]["object"]["metadata"]["donation_ref"], "don_m")
        status, portal = self.stripe.request(
            "POST", "/v1/billing_portal/sessions",
            {"customer": done["result"]["customer"], "return_url": "http://127.0.0.1:1/"})
        self.assertEqual(status, 200)
        self.assertIn("/portal/", portal["url"])
        status, _ = self.stripe.request("POST", "/v1/billing_portal/sessions",
                                        {"customer": "cus_nobody"})
        self.assertEqual(status, 404)

    def test_retries_until_the_endpoint_accepts(self):
        self.rx.answers = [500, 400]
        s = self.create(one_time_form())
        _, out = self.stripe.control("POST", f"/_double/sessions/{s['id']}/complete")
        ev = out["events"][0]
        self.assertEqual([d["status"] for d in ev["deliveries"]], [500, 400, 200])
        self.assertEqual(len({json.loads(b)["id"] for _, b in self.rx.received}), 1)

    def test_gives_up_after_the_configured_retries(self):
        self.rx.answers = [503] * 10
        s = self.create(one_time_form())
        _, out = self.stripe.control("POST", f"/_double/sessions/{s['id']}/expire")
        ev = out["events"][0]
        self.assertEqual(ev["type"], "checkout.session.expired")
        self.assertEqual(len(ev["deliveries"]), 4)  # 1 + 3 retries
        self.assertEqual(ev["status"], 503)

    def test_hold_then_release_in_reverse_and_resend_same_id(self):
        s = self.create(one_time_form())
        self.stripe.control("POST", "/_double/hold")
        self.stripe.control("POST", f"/_double/sessions/{s['id']}/complete")
        self.stripe.control("POST", f"/_double/sessions/{s['id']}/refund")
        self.stripe.control("GET", "/_double/events")
        self.assertEqual(self.rx.received, [])  # held
        _, rel = self.stripe.control("POST", "/_double/release?order=reverse")
        self.assertEqual([e["type"] for e in rel["released"]],
                         ["charge.refunded", "checkout.session.completed"])
        self.assertEqual([e["type"] for e in self.rx.events()],
                         ["charge.refunded", "checkout.session.completed"])
        first = self.rx.events()[0]
        self.stripe.control("POST", f"/_double/events/{first['id']}/resend")
        again = self.rx.events()[-1]
        self.assertEqual(again, first)
        stale = 1_000_000_000
        self.stripe.control("POST", f"/_double/events/{first['id']}/resend?timestamp={stale}")
        self.assertTrue(self.rx.received[-1][0]["Stripe-Signature"].startswith(f"t={stale},"))

    def test_secret_rotation_via_config(self):
        self.stripe.control("POST", "/_double/config", {"webhook_secrets": ["whsec_only"]})
        s = self.create(one_time_form())
        self.stripe.control("POST", f"/_double/sessions/{s['id']}/expire")
        headers, body = self.rx.received[-1]
        self.assertTrue(verify(headers["Stripe-Signature"], body, "whsec_only"))
        self.assertFalse(verify(headers["Stripe-Signature"], body, "whsec_old"))


if __name__ == "__main__":
    unittest.main()
