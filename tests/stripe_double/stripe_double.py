#!/usr/bin/python3
"""STRIPE TEST DOUBLE — not Stripe. A local stand-in for tests only.

It speaks the small subset of Stripe's REST API that Broadside uses, keeps
everything in memory, and sends webhooks signed exactly as Stripe signs them
(`Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`). Tests start
it, point Broadside's Stripe base URL at it and drive payments through its
fake hosted checkout page or its control API. See README.md beside this file.

Never point production at it, and never give it a real key: it only accepts
the test key it was started with. It listens on loopback only and only
delivers webhooks to loopback URLs.

Usage:
  /usr/bin/python3 stripe_double.py --port 0 --secret-key sk_test_x \
      --webhook-url http://127.0.0.1:8080/stripe/webhook \
      --webhook-secret whsec_a [--webhook-secret whsec_b]
Prints `PORT=<n>` on stdout once it accepts connections; logs go to stderr.

Python 3 standard library only.
"""

import argparse
import hashlib
import hmac
import html
import json
import queue
import random
import secrets
import string
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_VERSION = "2023-10-16"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# The event types a Broadside webhook endpoint subscribes to. Others (e.g.
# charge.succeeded) are only sent with --enabled-events '*', as a Stripe
# endpoint only receives the types it was configured for.
DEFAULT_ENABLED_EVENTS = {
    "checkout.session.completed", "checkout.session.expired", "invoice.paid",
    "invoice.payment_failed", "charge.refunded", "customer.subscription.deleted",
}
LOCALES = {"auto", "en", "es", "es-419", "fr", "de", "it", "pt", "pt-BR", "nl", "ja", "zh"}
ZERO_DECIMAL = {"jpy", "krw", "vnd", "clp", "pyg", "xaf", "xof", "ugx"}
MAX_AMOUNT = 99_999_999  # Stripe's limit for an amount in minor units (8 digits)
MIN_AMOUNT = 50          # Stripe's minimum charge is about 0.50 USD; one figure here


def new_id(prefix, n=24):
    alphabet = string.ascii_letters + string.digits
    return prefix + "".join(secrets.choice(alphabet) for _ in range(n))


class StripeError(Exception):
    """An error answered in Stripe's JSON shape: {"error": {...}}."""

    def __init__(self, status, message, type_="invalid_request_error", code=None, param=None):
        super().__init__(message)
        self.status, self.message, self.type, self.code, self.param = (
            status, message, type_, code, param)

    def body(self):
        err = {"type": self.type, "message": self.message}
        if self.code:
            err["code"] = self.code
        if self.param:
            err["param"] = self.param
        return {"error": err}


def parse_bracket_form(body):
    """Stripe's form encoding: `a[b][0][c]=v` -> {"a": {"b": [{"c": "v"}]}}.

    Raises StripeError for a key that is both a value and a hash."""
    root = {}
    for key, value in urllib.parse.parse_qsl(body, keep_blank_values=True, strict_parsing=False):
        parts = []
        head, _, rest = key.partition("[")
        parts.append(head)
        while rest:
            inner, _, rest = rest.partition("]")
            parts.append(inner)
            rest = rest[1:] if rest.startswith("[") else rest
        node = root
        for p in parts[:-1]:
            child = node.setdefault(p, {})
            if not isinstance(child, dict):
                raise StripeError(400, f"Invalid hash for parameter: {key}", param=key)
            node = child
        if isinstance(node.get(parts[-1]), dict):
            raise StripeError(400, f"Invalid value for parameter: {key}", param=key)
        node[parts[-1]] = value
    return _lists(root)


def _lists(node):
    if not isinstance(node, dict):
        return node
    node = {k: _lists(v) for k, v in node.items()}
    if node and all(k.isdigit() for k in node):
        keys = sorted(int(k) for k in node)
        if keys != list(range(len(keys))):
            raise StripeError(400, "Array indices must be consecutive from 0")
        return [node[str(k)] for k in keys]
    return node


def _int(params, name, path):
    raw = params.get(name)
    if raw is None:
        raise StripeError(400, f"Missing required param: {path}.", code="parameter_missing",
                          param=path)
    if not isinstance(raw, str) or not raw.lstrip("-").isdigit():
        raise StripeError(400, f"Invalid integer: {raw}", code="parameter_invalid_integer",
                          param=path)
    return int(raw)


def _reject_unknown(params, allowed, prefix=""):
    for k in params:
        if k not in allowed:
            name = f"{prefix}[{k}]" if prefix else k
            raise StripeError(400, f"Received unknown parameter: {name}",
                              code="parameter_unknown", param=name)


def _metadata(params, name):
    md = params.get(name, {})
    if md == "":
        return {}
    if not isinstance(md, dict):
        raise StripeError(400, f"Invalid hash: {name}", param=name)
    if len(md) > 50:
        raise StripeError(400, "Metadata can have at most 50 keys.", param=name)
    for k, v in md.items():
        if len(k) > 40 or len(v) > 500:
            raise StripeError(400, f"Metadata key or value too long: {name}[{k}]",
                              param=f"{name}[{k}]")
    return dict(md)


class Double:
    """All state, under one lock. Webhooks go out from one delivery thread."""

    def __init__(self, args):
        self.lock = threading.RLock()
        self.secret_key = args.secret_key
        self.webhook_url = args.webhook_url
        self.webhook_secrets = list(args.webhook_secret or [])
        self.retries = args.webhook_retries
        self.retry_delay = args.webhook_retry_delay
        self.enabled = (None if args.enabled_events == "*"
                        else set(args.enabled_events.split(",")) if args.enabled_events
                        else set(DEFAULT_ENABLED_EVENTS))
        self.base_url = ""  # set once the port is known
        self.objects = {}   # id -> Stripe object (sessions, subs, invoices, charges, ...)
        self.idempotency = {}  # key -> (fingerprint, status, body)
        self.events = []    # every event created, in creation order, with deliveries
        self.events_by_id = {}
        self.holding = False
        self.held = []
        self.fail_next = []  # queued (status, type) answers for the next API calls
        self.outbox = queue.Queue()
        self.pending = 0
        self.idle = threading.Condition(self.lock)
        threading.Thread(target=self._deliver_loop, daemon=True).start()

    # --- events and webhook delivery -------------------------------------

    def emit(self, type_, obj):
        """Creates an event for a snapshot of `obj`; sends it unless held."""
        with self.lock:
            event = {
                "id": new_id("evt_test_"), "object": "event", "api_version": API_VERSION,
                "created": int(time.time()), "data": {"object": json.loads(json.dumps(obj))},
                "livemode": False, "pending_webhooks": 1,
                "request": {"id": None, "idempotency_key": None}, "type": type_,
            }
            record = {"event": event, "deliveries": [], "sent": False}
            self.events.append(record)
            self.events_by_id[event["id"]] = record
            if self.enabled is not None and type_ not in self.enabled:
                record["skipped"] = "not an enabled event type"
                return event
            if self.holding:
                self.held.append(record)
            else:
                self._enqueue(record)
            return event

    def _enqueue(self, record, timestamp=None):
        with self.lock:
            self.pending += 1
            self.outbox.put((record, timestamp))

    def wait_idle(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        with self.idle:
            while self.pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.idle.wait(left)
        return True

    def sign(self, body, timestamp):
        sigs = [hmac.new(s.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
                for s in self.webhook_secrets]
        return ",".join([f"t={timestamp}"] + [f"v1={s}" for s in sigs])

    def _deliver_loop(self):
        while True:
            record, timestamp = self.outbox.get()
            try:
                self._deliver(record, timestamp)
            except Exception as e:  # keep the thread alive whatever happens
                log(f"delivery crashed: {e!r}")
            with self.idle:
                self.pending -= 1
                self.idle.notify_all()

    def _deliver(self, record, timestamp):
        with self.lock:
            url, retries, delay = self.webhook_url, self.retries, self.retry_delay
        if not url:
            record["deliveries"].append({"status": None, "error": "no --webhook-url"})
            return
        body = json.dumps(record["event"], indent=2).encode()
        for attempt in range(retries + 1):
            ts = timestamp if timestamp is not None else int(time.time())
            with self.lock:
                header = self.sign(body, ts)
            req = urllib.request.Request(url, data=body, method="POST", headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks) [test double]",
                "Stripe-Signature": header,
            })
            status, error = None, None
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:
                    status = resp.status
                    resp.read()
            except urllib.error.HTTPError as e:
                status = e.code
                e.read()
            except Exception as e:  # connection refused, timeout, ...
                error = repr(e)
            with self.lock:
                record["deliveries"].append({"status": status, "error": error,
                                             "signature": header, "attempt": attempt + 1})
                record["sent"] = True
            if status is not None and 200 <= status < 300:
                return
            if attempt < retries:
                time.sleep(delay)

    # --- objects ------------------------------------------------------------

    def get(self, prefix, oid):
        obj = self.objects.get(oid)
        if obj is None or not oid.startswith(prefix):
            kind = {"cs_": "checkout.session", "sub_": "subscription", "cus_": "customer",
                    "ch_": "charge", "in_": "invoice", "pi_": "payment_intent"}.get(prefix, "object")
            raise StripeError(404, f"No such {kind}: '{oid}'", code="resource_missing", param="id")
        return obj

    def create_session(self, p):
        _reject_unknown(p, {"mode", "line_items", "success_url", "cancel_url", "customer_email",
                            "client_reference_id", "metadata", "subscription_data",
                            "payment_intent_data", "locale", "customer", "expand"})
        mode = p.get("mode")
        if mode is None:
            raise StripeError(400, "Missing required param: mode.", code="parameter_missing",
                              param="mode")
        if mode not in ("payment", "subscription", "setup"):
            raise StripeError(400, f"Invalid mode: must be one of payment, setup, or subscription",
                              code="parameter_invalid_empty" if mode == "" else None,
                              param="mode")
        if not p.get("success_url"):
            raise StripeError(400, "Missing required param: success_url.",
                              code="parameter_missing", param="success_url")
        for u in ("success_url", "cancel_url"):
            if u in p and not p[u].startswith(("http://", "https://")):
                raise StripeError(400, f"Not a valid URL", code="url_invalid", param=u)
        locale = p.get("locale", "auto")
        if locale not in LOCALES:
            raise StripeError(400, f"Invalid locale: {locale}", param="locale")
        items = p.get("line_items")
        if mode != "setup" and not items:
            raise StripeError(400, "Missing required param: line_items.",
                              code="parameter_missing", param="line_items")
        if not isinstance(items, list):
            raise StripeError(400, "Invalid array", param="line_items")
        total, currency, lines = 0, None, []
        for i, item in enumerate(items):
            path = f"line_items[{i}]"
            if not isinstance(item, dict):
                raise StripeError(400, "Invalid hash", param=path)
            _reject_unknown(item, {"price_data", "quantity"}, path)
            qty = _int(item, "quantity", f"{path}[quantity]")
            if qty < 1:
                raise StripeError(400, "Quantity must be at least 1",
                                  param=f"{path}[quantity]")
            pd = item.get("price_data")
            if not isinstance(pd, dict):
                raise StripeError(400, f"Missing required param: {path}[price_data].",
                                  code="parameter_missing", param=f"{path}[price_data]")
            pp = f"{path}[price_data]"
            _reject_unknown(pd, {"currency", "unit_amount", "product_data", "recurring"}, pp)
            amount = _int(pd, "unit_amount", f"{pp}[unit_amount]")
            if amount <= 0:
                raise StripeError(400, "This value must be greater than or equal to 1.",
                                  param=f"{pp}[unit_amount]")
            cur = pd.get("currency", "")
            if len(cur) != 3 or not cur.isalpha() or cur != cur.lower():
                raise StripeError(400, f"Invalid currency: {cur}", param=f"{pp}[currency]")
            if currency not in (None, cur):
                raise StripeError(400, "All line items must use the same currency",
                                  param=f"{pp}[currency]")
            currency = cur
            product = pd.get("product_data")
            if not isinstance(product, dict) or not product.get("name"):
                raise StripeError(400, f"Missing required param: {pp}[product_data][name].",
                                  code="parameter_missing", param=f"{pp}[product_data][name]")
            recurring = pd.get("recurring")
            if mode == "subscription":
                if not isinstance(recurring, dict) or recurring.get("interval") not in (
                        "day", "week", "month", "year"):
                    raise StripeError(400, "You must provide at least one recurring price in "
                                      "`subscription` mode when using prices.",
                                      param=f"{pp}[recurring][interval]")
            elif recurring is not None:
                raise StripeError(400, "You specified `payment` mode but passed a recurring "
                                  "price. Either switch to `subscription` mode or use only "
                                  "one-time prices.", param=f"{pp}[recurring]")
            total += amount * qty
            lines.append({"amount": amount, "quantity": qty, "name": product["name"],
                          "recurring": recurring})
        if total > MAX_AMOUNT:
            raise StripeError(400, "Amount must be no more than 999,999.99",
                              code="amount_too_large", param="line_items")
        if total < MIN_AMOUNT and currency not in ZERO_DECIMAL:
            raise StripeError(400, "The Checkout Session's total amount due must add up to at "
                              "least $0.50 usd", code="amount_too_small", param="line_items")
        metadata = _metadata(p, "metadata")
        sub_data = p.get("subscription_data", {})
        pi_data = p.get("payment_intent_data", {})
        if sub_data and mode != "subscription":
            raise StripeError(400, "You can not pass `subscription_data` in `payment` mode.",
                              param="subscription_data")
        if pi_data and mode != "payment":
            raise StripeError(400, "You can not pass `payment_intent_data` in "
                              "`subscription` mode.", param="payment_intent_data")
        sub_metadata = _metadata(sub_data, "metadata") if isinstance(sub_data, dict) else {}
        pi_metadata = _metadata(pi_data, "metadata") if isinstance(pi_data, dict) else {}
        if p.get("customer"):
            self.get("cus_", p["customer"])
        now = int(time.time())
        sid = new_id("cs_test_", 58)
        session = {
            "id": sid, "object": "checkout.session", "amount_subtotal": total,
            "amount_total": total, "cancel_url": p.get("cancel_url"),
            "client_reference_id": p.get("client_reference_id") or None, "created": now,
            "currency": currency, "customer": p.get("customer"),
            "customer_details": None, "customer_email": p.get("customer_email") or None,
            "expires_at": now + 24 * 3600, "invoice": None, "livemode": False,
            "locale": locale if locale != "auto" else None, "metadata": metadata, "mode": mode,
            "payment_intent": None, "payment_status": "unpaid", "status": "open",
            "subscription": None, "success_url": p["success_url"],
            "url": f"{self.base_url}/pay/{sid}",
        }
        self.objects[sid] = session
        # Kept beside the session, not in it (Stripe does not echo these).
        self.objects["_lines_" + sid] = lines
        self.objects["_sub_md_" + sid] = sub_metadata
        self.objects["_pi_md_" + sid] = pi_metadata
        return session

    def _charge(self, amount, currency, customer, metadata, invoice=None, email=None):
        pi_id, ch_id, now = new_id("pi_"), new_id("ch_"), int(time.time())
        charge = {
            "id": ch_id, "object": "charge", "amount": amount, "amount_captured": amount,
            "amount_refunded": 0, "billing_details": {"email": email}, "captured": True,
            "created": now, "currency": currency, "customer": customer, "invoice": invoice,
            "livemode": False, "metadata": dict(metadata), "paid": True,
            "payment_intent": pi_id, "refunded": False,
            "refunds": {"object": "list", "data": [], "has_more": False}, "status": "succeeded",
        }
        pi = {"id": pi_id, "object": "payment_intent", "amount": amount,
              "amount_received": amount, "currency": currency, "customer": customer,
              "invoice": invoice, "latest_charge": ch_id, "metadata": dict(metadata),
              "status": "succeeded", "created": now, "livemode": False}
        self.objects[ch_id], self.objects[pi_id] = charge, pi
        return pi, charge

    def _invoice(self, sub, reason, paid):
        now = int(time.time())
        amount = sub["plan_amount"]
        in_id = new_id("in_")
        invoice = {
            "id": in_id, "object": "invoice", "amount_due": amount,
            "amount_paid": amount if paid else 0, "amount_remaining": 0 if paid else amount,
            "attempt_count": 1, "attempted": True, "billing_reason": reason, "charge": None,
            "created": now, "currency": sub["currency"], "customer": sub["customer"],
            "customer_email": sub.get("_email"), "livemode": False,
            "lines": {"object": "list", "has_more": False, "data": [{
                "id": new_id("il_"), "object": "line_item", "amount": amount,
                "currency": sub["currency"], "metadata": dict(sub["metadata"]),
                "period": {"start": now, "end": now + 30 * 86400}, "quantity": 1,
                "subscription": sub["id"], "type": "subscription"}]},
            "metadata": {}, "paid": paid, "payment_intent": None,
            "period_start": now, "period_end": now, "status": "paid" if paid else "open",
            "subscription": sub["id"],
            "subscription_details": {"metadata": dict(sub["metadata"])},
        }
        if paid:
            pi, charge = self._charge(amount, sub["currency"], sub["customer"], {}, in_id,
                                      sub.get("_email"))
            invoice["charge"], invoice["payment_intent"] = charge["id"], pi["id"]
        else:
            invoice["payment_intent"] = new_id("pi_")
        self.objects[in_id] = invoice
        sub["latest_invoice"] = in_id
        return invoice

    def complete_session(self, sid, email=None):
        s = self.get("cs_", sid)
        if s["status"] != "open":
            raise StripeError(400, f"This Checkout Session is {s['status']}.",
                              code="checkout_session_not_open")
        now = int(time.time())
        email = email or s["customer_email"] or "donor@example.test"
        s.update(status="complete", payment_status="paid", url=None,
                 customer_details={"email": email, "name": None})
        if s["mode"] == "payment":
            pi, charge = self._charge(s["amount_total"], s["currency"], s["customer"],
                                      self.objects["_pi_md_" + sid], None, email)
            s["payment_intent"] = pi["id"]
            self.emit("payment_intent.succeeded", pi)
            self.emit("charge.succeeded", charge)
        else:
            cus = s["customer"] or new_id("cus_")
            if cus not in self.objects:
                self.objects[cus] = {"id": cus, "object": "customer", "email": email,
                                     "created": now, "livemode": False, "metadata": {}}
            line = self.objects["_lines_" + sid][0]
            sub = {
                "id": new_id("sub_"), "object": "subscription", "status": "active",
                "customer": cus, "currency": s["currency"],
                "metadata": dict(self.objects["_sub_md_" + sid]), "created": now,
                "current_period_start": now, "current_period_end": now + 30 * 86400,
                "cancel_at_period_end": False, "canceled_at": None, "ended_at": None,
                "latest_invoice": None, "livemode": False,
                "items": {"object": "list", "data": [{
                    "id": new_id("si_"), "object": "subscription_item",
                    "quantity": line["quantity"],
                    "price": {"id": new_id("price_"), "object": "price",
                              "currency": s["currency"], "unit_amount": line["amount"],
                              "recurring": {"interval": line["recurring"]["interval"],
                                            "interval_count": 1}}}]},
                "plan_amount": s["amount_total"], "_email": email,
            }
            self.objects[sub["id"]] = sub
            s["customer"], s["subscription"] = cus, sub["id"]
            self.emit("customer.subscription.created", public(sub))
            invoice = self._invoice(sub, "subscription_create", True)
            s["invoice"] = invoice["id"]
            self.emit("invoice.paid", invoice)
        self.emit("checkout.session.completed", s)
        return s

    def expire_session(self, sid):
        s = self.get("cs_", sid)
        if s["status"] != "open":
            raise StripeError(400, f"Only Checkout Sessions with a status in [\"open\"] can be "
                              f"expired. This Checkout Session has a status of "
                              f"\"{s['status']}\".")
        s.update(status="expired", url=None)
        self.emit("checkout.session.expired", s)
        return s

    def cancel_subscription(self, sub_id):
        sub = self.get("sub_", sub_id)
        if sub["status"] == "canceled":
            # What Stripe answers: a canceled subscription is "gone" for cancel.
            raise StripeError(404, f"No such subscription: '{sub_id}'",
                              code="resource_missing", param="id")
        now = int(time.time())
        sub.update(status="canceled", canceled_at=now, ended_at=now)
        self.emit("customer.subscription.deleted", public(sub))
        return public(sub)

    def renew(self, sub_id, paid=True):
        sub = self.get("sub_", sub_id)
        if sub["status"] == "canceled":
            raise StripeError(400, "This subscription is canceled.")
        invoice = self._invoice(sub, "subscription_cycle", paid)
        sub["status"] = "active" if paid else "past_due"
        self.emit("invoice.paid" if paid else "invoice.payment_failed", invoice)
        return invoice

    def refund(self, ch_id, amount=None):
        ch = self.get("ch_", ch_id)
        left = ch["amount"] - ch["amount_refunded"]
        amount = left if amount is None else amount
        if amount <= 0 or amount > left:
            raise StripeError(400, f"Refund amount ({amount}) is greater than unrefunded amount "
                              f"on charge ({left})", code="amount_too_large")
        ch["amount_refunded"] += amount
        ch["refunded"] = ch["amount_refunded"] == ch["amount"]
        ch["refunds"]["data"].insert(0, {"id": new_id("re_"), "object": "refund",
                                         "amount": amount, "charge": ch_id,
                                         "currency": ch["currency"], "status": "succeeded",
                                         "created": int(time.time())})
        self.emit("charge.refunded", ch)
        return ch

    def portal_session(self, p):
        _reject_unknown(p, {"customer", "return_url", "locale"})
        if not p.get("customer"):
            raise StripeError(400, "Missing required param: customer.",
                              code="parameter_missing", param="customer")
        self.get("cus_", p["customer"])
        bps = {"id": new_id("bps_"), "object": "billing_portal.session",
               "customer": p["customer"], "return_url": p.get("return_url"),
               "created": int(time.time()), "livemode": False, "locale": p.get("locale")}
        bps["url"] = f"{self.base_url}/portal/{bps['id']}"
        self.objects[bps["id"]] = bps
        return bps


def public(obj):
    """A copy without the double's private bookkeeping fields."""
    return {k: v for k, v in obj.items() if not k.startswith("_") and k != "plan_amount"}


def log(msg):
    print(f"[stripe-double] {msg}", file=sys.stderr, flush=True)


class Handler(BaseHTTPRequestHandler):
    server_version = "StripeTestDouble/1.0"
    protocol_version = "HTTP/1.1"

    @property
    def double(self):
        return self.server.double

    def log_message(self, fmt, *args):
        log(fmt % args)

    # --- plumbing ---------------------------------------------------------

    def _send(self, status, body, content_type="application/json", headers=None):
        data = body if isinstance(body, bytes) else (
            json.dumps(body, indent=2).encode() if content_type == "application/json"
            else body.encode())
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", new_id("req_", 14))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n).decode("utf-8", "replace") if n else ""

    def _auth(self):
        auth = self.headers.get("Authorization", "")
        if not auth:
            raise StripeError(401, "You did not provide an API key. You need to provide your API "
                              "key in the Authorization header, using Bearer auth (e.g. "
                              "'Authorization: Bearer YOUR_SECRET_KEY').")
        key = auth[7:] if auth.startswith("Bearer ") else ""
        if not hmac.compare_digest(key.encode(), self.double.secret_key.encode()):
            shown = key[:8] + "*" * 4 + key[-4:] if len(key) > 12 else "****"
            raise StripeError(401, f"Invalid API Key provided: {shown}", code="api_key_invalid")

    def _route(self, method):
        url = urllib.parse.urlsplit(self.path)
        parts = [p for p in url.path.split("/") if p]
        query = dict(urllib.parse.parse_qsl(url.query))
        try:
            if parts[:1] == ["_double"]:
                return self._control(method, parts[1:], query)
            if parts[:1] in (["pay"], ["portal"]):
                return self._pages(method, parts)
            if parts[:1] == ["v1"]:
                return self._api(method, parts[1:])
            raise StripeError(404, f"Unrecognized request URL ({method}: {url.path}).")
        except StripeError as e:
            self._send(e.status, e.body())
        except Exception as e:  # a bug in the double: say so loudly
            log(f"internal error: {e!r}")
            self._send(500, StripeError(500, f"test double bug: {e!r}", "api_error").body())

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_DELETE(self):
        self._route("DELETE")

    # --- Stripe's API -------------------------------------------------------

    def _api(self, method, parts):
        d = self.double
        body = self._body()
        self._auth()
        with d.lock:
            if d.fail_next:
                status, type_ = d.fail_next.pop(0)
                raise StripeError(status, "An unknown error occurred (injected by the test "
                                  "double).", type_)
        key = self.headers.get("Idempotency-Key")
        if method == "POST" and key:
            if len(key) > 255:
                raise StripeError(400, "Idempotency keys can be at most 255 characters.",
                                  param="Idempotency-Key")
            fingerprint = hashlib.sha256(f"{self.path}\n{body}".encode()).hexdigest()
            with d.lock:
                saved = d.idempotency.get(key)
                if saved is not None:
                    if saved[0] != fingerprint:
                        raise StripeError(
                            400, "Keys for idempotent requests can only be used with the same "
                            "parameters they were first used with. Try using a key other than "
                            f"'{key}' if you meant to execute a different request.",
                            "idempotency_error")
                    return self._send(saved[1], saved[2], headers={"Idempotent-Replayed": "true"})
                try:
                    status, result = 200, self._api_call(method, parts, body)
                except StripeError as e:
                    if 400 <= e.status < 500:
                        raise  # requests that fail validation are not saved, as at Stripe
                    status, result = e.status, e.body()
                d.idempotency[key] = (fingerprint, status, result)
            return self._send(status, result)
        with d.lock:
            return self._send(200, self._api_call(method, parts, body))

    def _api_call(self, method, parts, body):
        d = self.double
        params = parse_bracket_form(body) if method == "POST" else {}
        if method == "POST" and parts == ["checkout", "sessions"]:
            return d.create_session(params)
        if method == "POST" and len(parts) == 4 and parts[:2] == ["checkout", "sessions"] \
                and parts[3] == "expire":
            return d.expire_session(parts[2])
        if method == "DELETE" and len(parts) == 2 and parts[0] == "subscriptions":
            return d.cancel_subscription(parts[1])
        if method == "POST" and parts == ["billing_portal", "sessions"]:
            return d.portal_session(params)
        if method == "GET" and len(parts) == 2:
            prefix = {"checkout": None, "subscriptions": "sub_", "customers": "cus_",
                      "charges": "ch_", "invoices": "in_", "payment_intents": "pi_",
                      "events": "evt_"}.get(parts[0])
            if parts[0] == "events":
                rec = d.events_by_id.get(parts[1])
                if rec is None:
                    raise StripeError(404, f"No such event: '{parts[1]}'",
                                      code="resource_missing", param="id")
                return rec["event"]
            if prefix:
                return public(d.get(prefix, parts[1]))
        if method == "GET" and len(parts) == 3 and parts[:2] == ["checkout", "sessions"]:
            return d.get("cs_", parts[2])
        raise StripeError(404, f"Unrecognized request URL ({method}: /v1/{'/'.join(parts)}).")

    # --- the fake hosted pages ----------------------------------------------

    def _pages(self, method, parts):
        d = self.double
        if parts[0] == "pay" and len(parts) == 2:
            with d.lock:
                s = d.get("cs_", parts[1])
                if method == "GET":
                    return self._send(200, pay_page(s), "text/html; charset=utf-8")
                if method == "POST":
                    s = d.complete_session(parts[1])
                    target = s["success_url"].replace("{CHECKOUT_SESSION_ID}", s["id"])
                    return self._send(303, b"", "text/plain", {"Location": target})
        if parts[0] == "portal" and len(parts) >= 2:
            with d.lock:
                bps = d.get("bps_", parts[1])
                if method == "POST" and len(parts) == 4 and parts[2] == "cancel":
                    sub = d.get("sub_", parts[3])
                    if sub["customer"] != bps["customer"]:
                        raise StripeError(404, f"No such subscription: '{parts[3]}'")
                    d.cancel_subscription(parts[3])
                    return self._send(303, b"", "text/plain", {"Location": f"/portal/{bps['id']}"})
                if method == "GET" and len(parts) == 2:
                    subs = [o for o in d.objects.values() if isinstance(o, dict)
                            and o.get("object") == "subscription"
                            and o.get("customer") == bps["customer"]]
                    return self._send(200, portal_page(bps, subs), "text/html; charset=utf-8")
        raise StripeError(404, "Unrecognized page.")

    # --- control API for tests (not Stripe's) -----------------------------

    def _control(self, method, parts, q):
        d = self.double
        body = self._body()
        args = json.loads(body) if body.strip().startswith("{") else {}
        wait = q.get("wait", "1") != "0"

        def done(result, events_before):
            if wait:
                d.wait_idle()
            with d.lock:
                new = [summary(r) for r in d.events[events_before:] if not r.get("skipped")]
            return self._send(200, {"result": result, "events": new})

        if method == "GET" and parts == ["health"]:
            return self._send(200, {"ok": True, "test_double": True})
        if method == "GET" and parts == ["events"]:
            if wait:
                d.wait_idle()
            with d.lock:
                every = q.get("all") == "1"  # also the types not enabled (never sent)
                return self._send(200, {"data": [summary(r) for r in d.events
                                                 if every or not r.get("skipped")]})
        if method == "GET" and len(parts) == 2 and parts[0] == "events":
            with d.lock:
                rec = d.events_by_id.get(parts[1])
                if rec is None:
                    raise StripeError(404, "no such event")
                return self._send(200, {"event": rec["event"], **summary(rec)})
        if method == "GET" and len(parts) == 2 and parts[0] == "objects":
            # Any object as stored, with what Stripe keeps but does not echo
            # (a session's line items and the metadata it passes on).
            with d.lock:
                obj = d.objects.get(parts[1])
                if obj is None:
                    raise StripeError(404, "no such object")
                out = dict(public(obj))
                for extra in ("_lines_", "_sub_md_", "_pi_md_"):
                    if extra + parts[1] in d.objects:
                        out[extra.strip("_")] = d.objects[extra + parts[1]]
                return self._send(200, out)
        if method != "POST":
            raise StripeError(404, "unknown control endpoint")
        with d.lock:
            n = len(d.events)
        if parts == ["config"]:
            with d.lock:
                if "webhook_url" in args:
                    check_loopback(args["webhook_url"])
                    d.webhook_url = args["webhook_url"]
                if "webhook_secrets" in args:
                    d.webhook_secrets = list(args["webhook_secrets"])
                if "retries" in args:
                    d.retries = int(args["retries"])
                if "retry_delay" in args:
                    d.retry_delay = float(args["retry_delay"])
                if "enabled_events" in args:
                    ev = args["enabled_events"]
                    d.enabled = None if ev == "*" else set(ev)
            return self._send(200, {"ok": True})
        if parts == ["fail-next"]:
            with d.lock:
                d.fail_next.append((int(q.get("status", "500")), q.get("type", "api_error")))
            return self._send(200, {"ok": True})
        if parts == ["hold"]:
            with d.lock:
                d.holding = True
            return self._send(200, {"holding": True})
        if parts == ["release"]:
            with d.lock:
                held, d.held, d.holding = d.held, [], False
                order = q.get("order", "fifo")
                if args.get("order"):  # an explicit list of event ids
                    by_id = {r["event"]["id"]: r for r in held}
                    held = [by_id[i] for i in args["order"] if i in by_id] + [
                        r for r in held if r["event"]["id"] not in args["order"]]
                elif order == "reverse":
                    held.reverse()
                elif order == "shuffle":
                    random.Random(int(q.get("seed", "0"))).shuffle(held)
                elif order != "fifo":
                    raise StripeError(400, "order must be fifo, reverse, shuffle or a list")
                for r in held:
                    d._enqueue(r)
            if wait:
                d.wait_idle()
            with d.lock:
                return self._send(200, {"released": [summary(r) for r in held]})
        if len(parts) == 3 and parts[0] == "events" and parts[2] == "resend":
            with d.lock:
                rec = d.events_by_id.get(parts[1])
                if rec is None:
                    raise StripeError(404, "no such event")
                ts = int(q["timestamp"]) if "timestamp" in q else None
                d._enqueue(rec, ts)
            if wait:
                d.wait_idle()
            with d.lock:
                return self._send(200, summary(rec))
        with d.lock:
            if len(parts) == 3 and parts[0] == "sessions":
                sid, action = parts[1], parts[2]
                if action == "complete":
                    result = d.complete_session(sid, args.get("email"))
                elif action == "expire":
                    result = d.expire_session(sid)
                elif action == "refund":
                    s = d.get("cs_", sid)
                    if s["mode"] != "payment" or not s["payment_intent"]:
                        raise StripeError(400, "session has no one-time charge to refund")
                    ch = d.objects[s["payment_intent"]]["latest_charge"]
                    result = d.refund(ch, int(q["amount"]) if "amount" in q else None)
                else:
                    raise StripeError(404, "unknown session action")
            elif len(parts) == 3 and parts[0] == "subscriptions" and parts[2] in ("renew", "fail"):
                result = d.renew(parts[1], paid=parts[2] == "renew")
            elif len(parts) == 3 and parts[0] == "charges" and parts[2] == "refund":
                result = d.refund(parts[1], int(q["amount"]) if "amount" in q else None)
            elif len(parts) == 3 and parts[0] == "invoices" and parts[2] == "refund":
                inv = d.get("in_", parts[1])
                if not inv["charge"]:
                    raise StripeError(400, "invoice has no charge")
                result = d.refund(inv["charge"], int(q["amount"]) if "amount" in q else None)
            else:
                raise StripeError(404, "unknown control endpoint")
            result = public(result)
        return done(result, n)


def summary(rec):
    ev = rec["event"]
    deliveries = rec["deliveries"]
    return {"id": ev["id"], "type": ev["type"], "created": ev["created"],
            "object_id": ev["data"]["object"].get("id"),
            "skipped": rec.get("skipped"), "sent": rec["sent"],
            "deliveries": [{k: v for k, v in x.items() if k != "signature"} for x in deliveries],
            "status": deliveries[-1]["status"] if deliveries else None}


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{title}</title></head><body>
<p><strong>STRIPE TEST DOUBLE</strong> — not Stripe; no money moves.</p>
{content}</body></html>"""


def pay_page(s):
    e = html.escape
    if s["status"] != "open":
        content = f"<p id=\"status\">This checkout session is {e(s['status'])}.</p>"
    else:
        what = "per month" if s["mode"] == "subscription" else "once"
        content = (
            f"<h1>Pay {s['amount_total']} {e(s['currency'].upper())} (minor units) {what}</h1>"
            f"<p>Session <code>{e(s['id'])}</code></p>"
            f"<form method=\"post\" action=\"/pay/{e(s['id'])}\">"
            f"<button type=\"submit\" id=\"pay\">Pay</button></form>")
        if s.get("cancel_url"):
            content += f"<p><a id=\"cancel\" href=\"{e(s['cancel_url'])}\">Back</a></p>"
    return PAGE.format(title="Checkout (test double)", content=content)


def portal_page(bps, subs):
    e = html.escape
    rows = "".join(
        f"<li>{e(s['id'])}: <span class=\"status\">{e(s['status'])}</span>" + (
            f" <form method=\"post\" action=\"/portal/{e(bps['id'])}/cancel/{e(s['id'])}\">"
            f"<button type=\"submit\">Cancel</button></form>" if s["status"] != "canceled"
            else "") + "</li>" for s in subs)
    back = (f"<p><a id=\"return\" href=\"{e(bps['return_url'])}\">Return</a></p>"
            if bps.get("return_url") else "")
    return PAGE.format(title="Billing portal (test double)",
                       content=f"<h1>Your subscriptions</h1><ul>{rows}</ul>{back}")


def check_loopback(url):
    host = urllib.parse.urlsplit(url).hostname
    if host not in LOOPBACK_HOSTS:
        raise SystemExit(f"stripe test double: webhook URL must be on loopback, got {url!r}")


def main(argv=None):
    ap = argparse.ArgumentParser(description="Stripe TEST DOUBLE (not Stripe) for tests.")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--secret-key", default="sk_test_double")
    ap.add_argument("--webhook-url", default="")
    ap.add_argument("--webhook-secret", action="append",
                    help="sign with this secret; repeat to send several v1 signatures")
    ap.add_argument("--webhook-retries", type=int, default=3)
    ap.add_argument("--webhook-retry-delay", type=float, default=0.1, help="seconds")
    ap.add_argument("--enabled-events", default="",
                    help="comma-separated event types to send, or '*' for all")
    args = ap.parse_args(argv)
    if not args.secret_key.startswith("sk_test_"):
        raise SystemExit("stripe test double: --secret-key must be a test key (sk_test_...)")
    if args.webhook_url:
        check_loopback(args.webhook_url)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.double = Double(args)
    port = server.server_address[1]
    server.double.base_url = f"http://127.0.0.1:{port}"
    print(f"PORT={port}", flush=True)
    log(f"listening on 127.0.0.1:{port}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    main()
