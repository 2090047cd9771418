"""Giving through the real binary (issue 6): the Donate form, the Stripe TEST
DOUBLE (tests/stripe_double/, not Stripe) as Broadside's Stripe API and as the
sender of signed webhooks, and receipts delivered to a real SMTP server on
loopback (Debian's python3-aiosmtpd). One-time: the gift is completed once
and one receipt arrives. Monthly: the first payment and one renewal make two
charges and two receipts, and the emailed cancel link ends the plan at the
double."""

import http.client
import os
import re
import shutil
import tempfile
import time
import unittest
import urllib.parse

from harness import SOURCE_DIR, Server
from smtp_sink import SmtpServer, free_port


def _load_stripe_double_harness():
    """tests/stripe_double/harness.py, under a name of its own (ours is `harness`)."""
    import importlib.util
    path = os.path.join(SOURCE_DIR, "tests", "stripe_double", "harness.py")
    spec = importlib.util.spec_from_file_location("stripe_double_harness", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


StripeDouble = _load_stripe_double_harness().StripeDouble

MAIL_WAIT_S = 30.0
SECRET_KEY = "sk_test_donate_it"
WEBHOOK_SECRET = "whsec_donate_it"


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def configure(data_dir, smtp_port, stripe_base):
    path = os.path.join(data_dir, "broadside.toml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    subs = [
        (r'(?m)^smtp_url = ""$', f'smtp_url = "smtp://127.0.0.1:{smtp_port}"'),
        (r'(?m)^starttls = "if-available"$', 'starttls = "off"'),
        (r'(?m)^from_address = ""$', 'from_address = "news@example.org"'),
        (r'(?m)^min_fill_seconds = \d+$', 'min_fill_seconds = 0'),
        (r'(?m)^enabled = false$', 'enabled = true'),
        (r'(?m)^stripe_api_base = ".*"$', f'stripe_api_base = "{stripe_base}"'),
        (r'(?m)^legal_name = ""$', 'legal_name = "Friends of the Test PAC"'),
        (r'(?m)^receipt_disclaimer = ""$',
         'receipt_disclaimer = "Contributions are not tax deductible."'),
    ]
    for pattern, repl in subs:
        text, n = re.subn(pattern, repl, text)
        assert n == 1, f"{pattern!r} matched {n} times in broadside.toml"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def request(host, port, method, path, fields=None):
    headers, body = {}, None
    if fields is not None:
        body = urllib.parse.urlencode(fields, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        data = resp.read().decode("utf-8", "replace")
        return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), data
    finally:
        conn.close()


class DonateSiteTestCase(unittest.TestCase):
    """A real server with [donations] on against the Stripe TEST DOUBLE, and a
    real SMTP server, shared by a test class. Subclasses may change the site's
    broadside.toml before it starts (configure_site)."""

    tmp_prefix = "broadside-donate-it-"

    @classmethod
    def configure_site(cls, toml_path):
        """Hook: edit the site's broadside.toml before the server starts."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix=cls.tmp_prefix)
        cls.smtp = SmtpServer(free_port(), os.path.join(cls.tmp, "mail"), wait_s=MAIL_WAIT_S)
        cls.stripe = None
        cls.server = Server(demo=False)
        try:
            cls.smtp.start()
            # The server's port is known only once it listens: the double
            # starts first and learns the webhook URL afterwards.
            cls.stripe = StripeDouble(secret_key=SECRET_KEY, webhook_secrets=[WEBHOOK_SECRET],
                                      retry_delay=0.2)
            cls.server.init()
            configure(cls.server.data_dir, cls.smtp.port, cls.stripe.base_url)
            cls.configure_site(os.path.join(cls.server.data_dir, "broadside.toml"))
            cls.server.start(env={"BROADSIDE_STRIPE_SECRET_KEY": SECRET_KEY,
                                  "BROADSIDE_STRIPE_WEBHOOK_SECRETS": WEBHOOK_SECRET})
            status, _ = cls.stripe.control("POST", "/_double/config", {
                "webhook_url": f"http://127.0.0.1:{cls.server.port}/stripe/webhook"})
            assert status == 200, status
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            if cls.stripe is not None:
                cls.stripe.stop()
            cls.smtp.stop()
            code = cls.server.stop()
            if code not in (0, None):
                raise AssertionError(f"serve exited {code}\n{cls.server.log_tail()}")
        finally:
            cls.server.cleanup()
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def run(self, result=None):
        outcome = super().run(result)
        if result is not None and (result.failures or result.errors):
            self.server.print_log("server log")
        return outcome

    # --- the donor's steps ---------------------------------------------------

    def site(self, method, path, fields=None):
        return request(self.server.host, self.server.port, method, path, fields)

    def donate(self, email_address, amount, monthly=False):
        """Fills /donate as a donor; returns the checkout URL it redirects to."""
        status, _, page = self.site("GET", "/donate")
        self.assertEqual(status, 200, page[:500])
        token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
        keys = re.findall(r'name="attest" value="([a-z0-9_]+)"', page)
        self.assertTrue(keys, "no attestation boxes")
        fields = {"form_token": token, "preset": "other", "custom_amount": amount,
                  "frequency": "monthly" if monthly else "once", "name": "Ana Ruiz",
                  "email": email_address, "address_line1": "1 Main St", "city": "Springfield",
                  "region": "IL", "postal_code": "62701", "country": "US", "attest": keys}
        status, headers, body = self.site("POST", "/donate", fields)
        self.assertEqual(status, 303, body[:2000])
        location = headers["location"]
        self.assertTrue(location.startswith(self.stripe.base_url + "/pay/cs_"), location)
        return location

    def pay(self, checkout_url):
        """Opens the double's hosted page and presses Pay; returns the session id."""
        parsed = urllib.parse.urlsplit(checkout_url)
        status, _, page = request(parsed.hostname, parsed.port, "GET", parsed.path)
        self.assertEqual(status, 200)
        self.assertIn('id="pay"', page)
        status, headers, _ = request(parsed.hostname, parsed.port, "POST", parsed.path, {})
        self.assertEqual(status, 303)
        self.assertIn("/donate/thanks?session_id=cs_", headers["location"])
        return parsed.path.rsplit("/", 1)[1]

    def events(self):
        status, events = self.stripe.control("GET", "/_double/events")
        self.assertEqual(status, 200)
        return events["data"]


class DonateTest(DonateSiteTestCase):
    # --- tests ---------------------------------------------------------------

    def test_form_and_thanks_pages(self):
        status, _, page = self.site("GET", "/donate?frequency=monthly&amount_minor=1500")
        self.assertEqual(status, 200)
        self.assertIn('value="15.00"', page)
        status, _, _ = self.site("GET", "/donate/thanks?session_id=cs_x")
        self.assertEqual(status, 200)
        # The layout's Donate button leads to the page.
        status, _, home = self.site("GET", "/")
        self.assertEqual(status, 200)
        self.assertIn('href="/donate"', home)

    def test_bad_amount_is_refused_with_text_kept(self):
        status, _, page = self.site("GET", "/donate")
        token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
        status, _, body = self.site("POST", "/donate", {
            "form_token": token, "preset": "other", "custom_amount": "1.005",
            "name": "Ana Ruiz", "email": "ana@example.org"})
        self.assertEqual(status, 422)
        self.assertIn('value="1.005"', body)
        self.assertIn('value="Ana Ruiz"', body)

    def test_unsigned_webhook_is_refused(self):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=10)
        try:
            conn.request("POST", "/stripe/webhook", body=b'{"id":"evt_x"}',
                         headers={"Content-Type": "application/json",
                                  "Stripe-Signature": "t=1,v1=00"})
            self.assertEqual(conn.getresponse().status, 400)
        finally:
            conn.close()

    def test_one_time_gift_completed_once_with_receipt(self):
        donor = "one-time@example.org"
        session = self.pay(self.donate(donor, "25"))
        mails = self.smtp.wait_for(1, to=donor)
        self.assertEqual(len(mails), 1)
        text = text_of(mails[0])
        self.assertIn("$25.00", text)
        self.assertIn("Friends of the Test PAC", text)
        self.assertIn("Contributions are not tax deductible.", text)
        self.assertNotIn("/donate/cancel", text)
        completed = [e for e in self.events() if e["type"] == "checkout.session.completed"
                     and e["object_id"] == session]
        self.assertEqual(len(completed), 1)
        self.assertEqual(completed[0]["status"], 200)
        # Stripe delivers the same event again: accepted, applied once.
        status, _ = self.stripe.control("POST", f"/_double/events/{completed[0]['id']}/resend")
        self.assertEqual(status, 200)
        status, event = self.stripe.control("GET", f"/_double/events/{completed[0]['id']}")
        self.assertEqual(event["status"], 200)
        time.sleep(1.0)  # a second receipt, if one were queued, would arrive by now
        self.assertEqual(len(self.smtp.messages(to=donor)), 1)
        # A stale signature on a resend is refused.
        status, _ = self.stripe.control(
            "POST", f"/_double/events/{completed[0]['id']}/resend?timestamp={int(time.time()) - 3600}")
        status, event = self.stripe.control("GET", f"/_double/events/{completed[0]['id']}")
        self.assertEqual(event["status"], 400)

    def test_monthly_gift_renews_and_cancels_from_the_receipt(self):
        donor = "monthly@example.org"
        session = self.pay(self.donate(donor, "10", monthly=True))
        first = self.smtp.wait_for(1, to=donor)
        self.assertIn("$10.00", text_of(first[0]))
        status, cs = self.stripe.control("GET", f"/_double/objects/{session}")
        self.assertEqual(status, 200)
        sub = cs["subscription"]
        self.assertTrue(sub and sub.startswith("sub_"), cs)

        status, _ = self.stripe.control("POST", f"/_double/subscriptions/{sub}/renew")
        self.assertEqual(status, 200)
        mails = self.smtp.wait_for(2, to=donor)
        self.assertEqual(len(mails), 2)
        # Two charges (the first month and the renewal), each accepted.
        paid = [e for e in self.events() if e["type"] == "invoice.paid"]
        self.assertGreaterEqual(len(paid), 2)
        for e in paid + [e for e in self.events() if e["object_id"] == session]:
            self.assertEqual(e["status"], 200, e)

        # The latest receipt's link cancels the plan (a button press, not the GET).
        text = text_of(mails[-1])
        link = re.search(r"(http\S+/donate/cancel\?token=\S+)", text).group(1)
        query = urllib.parse.urlsplit(link).query
        token = urllib.parse.parse_qs(query)["token"][0]
        status, _, page = self.site("GET", "/donate/cancel?" + query)
        self.assertEqual(status, 200)
        status, sub_obj = self.stripe.control("GET", f"/_double/objects/{sub}")
        self.assertNotEqual(sub_obj["status"], "canceled")
        status, _, page = self.site("POST", "/donate/cancel", {"token": token})
        self.assertEqual(status, 200, page[:1000])
        status, sub_obj = self.stripe.control("GET", f"/_double/objects/{sub}")
        self.assertEqual(sub_obj["status"], "canceled")
        # The first receipt's link was replaced by the second's.
        old = re.search(r"/donate/cancel\?token=(\S+)", text_of(mails[0]))
        if old is not None:
            old_token = urllib.parse.unquote(old.group(1))
            status, _, _ = self.site("POST", "/donate/cancel", {"token": old_token})
            self.assertEqual(status, 410)


if __name__ == "__main__":
    unittest.main()
