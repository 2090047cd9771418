"""Starts and drives the Stripe TEST DOUBLE (stripe_double.py) from Python tests.

    from harness import StripeDouble      # sys.path += tests/stripe_double
    with StripeDouble(webhook_url=..., webhook_secrets=["whsec_a"]) as stripe:
        stripe.base_url      # give this to Broadside as the Stripe API base URL
        stripe.control("POST", "/_double/sessions/cs_test_.../complete")

Only the PID it started is ever signalled.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "stripe_double.py")


class StripeDouble:
    def __init__(self, secret_key="sk_test_double", webhook_url="", webhook_secrets=(),
                 retries=None, retry_delay=None, enabled_events=None, python="/usr/bin/python3"):
        self.secret_key = secret_key
        args = [python if os.path.exists(python) else sys.executable, SCRIPT, "--port", "0",
                "--secret-key", secret_key]
        if webhook_url:
            args += ["--webhook-url", webhook_url]
        for s in webhook_secrets:
            args += ["--webhook-secret", s]
        if retries is not None:
            args += ["--webhook-retries", str(retries)]
        if retry_delay is not None:
            args += ["--webhook-retry-delay", str(retry_delay)]
        if enabled_events is not None:
            args += ["--enabled-events", enabled_events]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("PORT="):
            self.stop()
            raise RuntimeError(f"stripe test double did not start: {line!r}")
        self.port = int(line[5:])
        self.base_url = f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()

    def request(self, method, path, form=None, headers=None, key=None):
        """(status, json) for a Stripe API call with Bearer auth."""
        data = None
        h = {"Authorization": f"Bearer {key or self.secret_key}"}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
        h.update(headers or {})
        return self._open(urllib.request.Request(self.base_url + path, data=data,
                                                 method=method, headers=h))

    def control(self, method, path, body=None):
        """(status, json) for a /_double/ control call."""
        data = json.dumps(body).encode() if body is not None else (b"" if method == "POST"
                                                                    else None)
        return self._open(urllib.request.Request(
            self.base_url + path, data=data, method=method,
            headers={"Content-Type": "application/json"}))

    @staticmethod
    def _open(req):
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"null")

