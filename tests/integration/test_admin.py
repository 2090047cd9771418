"""The back office through the real binary: the first admin from `init`, signing
in with cookies and CSRF tokens, staff added with `broadside user add`, and mail
(password resets) delivered to a real SMTP server on loopback (Debian's
python3-aiosmtpd) — including when that server is down at first."""

import http.client
import os
import re
import shutil
import tempfile
import time
import unittest
import urllib.parse

from harness import Server, run_cli
from smtp_sink import SmtpServer, free_port

ADMIN_EMAIL = "admin@example.org"
ADMIN_PASSWORD = "a long and private passphrase"


class Browser:
    """Just enough of a browser: a cookie jar, forms with their CSRF token."""

    def __init__(self, server):
        self.server, self.cookies = server, {}

    def request(self, method, path, fields=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=10)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read().decode("utf-8", "replace")
            for name, value in resp.getheaders():
                if name.lower() != "set-cookie":
                    continue
                cookie, _, attrs = value.partition(";")
                key, _, val = cookie.partition("=")
                if not val or "Max-Age=0" in attrs:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = val
            return resp.status, dict((k.lower(), v) for k, v in resp.getheaders()), data
        finally:
            conn.close()

    def get(self, path):
        return self.request("GET", path)

    def submit(self, form_path, action, fields):
        """GETs the page with the form, then POSTs `fields` plus its CSRF token."""
        status, _, page = self.get(form_path)
        assert status == 200, (form_path, status, page[:500])
        match = re.search(r'name="csrf" value="([^"]+)"', page)
        assert match, f"no csrf field on {form_path}"
        return self.request("POST", action, dict(fields, csrf=match.group(1)))

    def sign_in(self, email_address, password):
        return self.submit("/admin/login", "/admin/login",
                           {"email": email_address, "password": password, "next": "/admin"})


def set_mail_config(data_dir, smtp_port):
    path = os.path.join(data_dir, "broadside.toml")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r'(?m)^smtp_url = ""$', f'smtp_url = "smtp://127.0.0.1:{smtp_port}"', text)
    text = re.sub(r'(?m)^starttls = "if-available"$', 'starttls = "off"', text)
    text = re.sub(r'(?m)^from_address = ""$', 'from_address = "news@example.org"', text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class AdminTest(unittest.TestCase):
    """One server for the class; its SMTP server starts only when a test needs it,
    so the first message finds it down."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="broadside-admin-it-")
        cls.server = Server(demo=False)
        password_file = os.path.join(cls.tmp, "password")
        with open(password_file, "w") as f:
            f.write(ADMIN_PASSWORD + "\n")
        result = run_cli("init", "--data", cls.server.data_dir, "--admin-email", ADMIN_EMAIL,
                         "--admin-password-file", password_file)
        if result.returncode != 0:
            shutil.rmtree(cls.tmp, ignore_errors=True)
            cls.server.cleanup()
            raise AssertionError(result.stdout + result.stderr)
        cls.smtp = SmtpServer(free_port(), os.path.join(cls.tmp, "mail"))
        set_mail_config(cls.server.data_dir, cls.smtp.port)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        try:
            cls.smtp.stop()
            code = cls.server.stop()
            if code != 0:
                raise AssertionError(f"serve exited {code}\n{cls.server.log_tail()}")
        finally:
            cls.server.cleanup()
            shutil.rmtree(cls.tmp, ignore_errors=True)

    def ensure_smtp(self):
        if self.smtp.proc is None:
            self.smtp.start()

    def admin(self):
        b = Browser(self.server)
        status, headers, body = b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        self.assertEqual(status, 303, body[:500])
        return b

    def test_first_admin_signs_in_and_the_session_cookie_is_hardened(self):
        b = Browser(self.server)
        status, headers, _ = b.get("/admin")
        self.assertEqual(status, 303)
        self.assertTrue(headers["location"].startswith("/admin/login"))
        status, headers, body = b.sign_in(ADMIN_EMAIL, ADMIN_PASSWORD)
        self.assertEqual(status, 303, body[:300])
        self.assertIn("bs_session", b.cookies)
        status, headers, body = b.get("/admin")
        self.assertEqual(status, 200)
        self.assertIn("no-store", headers["cache-control"])
        self.assertEqual(headers["x-frame-options"], "DENY")
        self.assertIn(">Users<", body)

    def test_wrong_password_and_unknown_email_get_the_same_answer(self):
        b = Browser(self.server)
        s1, _, wrong = b.sign_in(ADMIN_EMAIL, "not the password at all")
        s2, _, unknown = b.sign_in("nobody@example.org", "not the password at all")
        self.assertEqual((s1, s2), (401, 401))
        self.assertEqual(wrong.replace(ADMIN_EMAIL, "X"), unknown.replace("nobody@example.org", "X"))

    def test_user_add_prints_a_link_that_works_once_and_roles_apply(self):
        result = run_cli("user", "add", "--data", self.server.data_dir, "--email",
                         "author@example.org", "--name", "Ana Ruiz", "--role", "author")
        self.assertEqual(result.returncode, 0, result.stderr)
        link = re.search(r"(http://\S+/admin/set-password\?token=\S+)", result.stdout).group(1)
        path = link[link.index("/admin/"):]
        b = Browser(self.server)
        status, _, _ = b.submit(path, "/admin/set-password",
                                {"token": path.split("token=")[1],
                                 "password": "ana writes every day", "confirm": "ana writes every day"})
        self.assertEqual(status, 303)
        status, _, _ = b.get(path)
        self.assertEqual(status, 410)  # used
        status, _, _ = b.sign_in("author@example.org", "ana writes every day")
        self.assertEqual(status, 303)
        self.assertEqual(b.get("/admin")[0], 200)
        self.assertEqual(b.get("/admin/users")[0], 403)
        self.assertEqual(b.get("/admin/audit")[0], 403)

    def test_user_add_refuses_bad_input_with_one_line(self):
        for args in (["--role", "overlord"], ["--role", "editor", "--email", "not-an-email"],
                     ["--role", "editor", "--chapter", "north"],
                     ["--role", "chapter-leader", "--chapter", "no-such-chapter"]):
            full = ["user", "add", "--data", self.server.data_dir]
            if "--email" not in args:
                full += ["--email", "x@example.org"]
            result = run_cli(*(full + args))
            self.assertEqual(result.returncode, 1, result.stdout)
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)
            self.assertTrue(result.stderr.startswith("broadside: "), result.stderr)

    def test_reset_mail_waits_for_the_smtp_server_then_arrives_and_the_link_works(self):
        # The SMTP server is not running yet (unless another test started it).
        smtp_was_up = self.smtp.proc is not None
        result = run_cli("user", "add", "--data", self.server.data_dir, "--email",
                         "ed@example.org", "--role", "editor")
        self.assertEqual(result.returncode, 0, result.stderr)
        link = re.search(r"(/admin/set-password\?token=\S+)", result.stdout).group(1)
        b = Browser(self.server)
        b.submit(link, "/admin/set-password", {"token": link.split("token=")[1],
                                               "password": "first passphrase here",
                                               "confirm": "first passphrase here"})
        before = len(self.smtp.messages())
        v = Browser(self.server)
        status, _, body = v.submit("/admin/forgot", "/admin/forgot", {"email": "ed@example.org"})
        self.assertEqual(status, 200)
        _, _, same = v.submit("/admin/forgot", "/admin/forgot", {"email": "ghost@example.org"})
        self.assertEqual(body, same)

        admin = self.admin()
        if not smtp_was_up:
            # Down: the message waits in the outbox with the error, nothing is lost.
            deadline = time.monotonic() + self.smtp.wait_s
            while time.monotonic() < deadline:
                _, _, outbox = admin.get("/admin/outbox?status=queued")
                if "password_reset" in outbox and re.search(r"<td>[1-9]\d*</td>", outbox):
                    break
                time.sleep(0.2)
            self.assertIn("password_reset", outbox)
            self.assertIn("ed@example.org", outbox)  # unsealed for the admin only
            self.ensure_smtp()
            msg_id = re.search(r'action="/admin/outbox/(\d+)/retry"', outbox).group(1)
            _, _, page = admin.get("/admin/outbox")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            status, _, _ = admin.request("POST", f"/admin/outbox/{msg_id}/retry", {"csrf": csrf})
            self.assertEqual(status, 303)
        else:
            self.ensure_smtp()

        msgs = self.smtp.wait_for(before + 1)
        reset = [m for m in msgs if m["To"] and "ed@example.org" in m["To"]][-1]
        self.assertIn("news@example.org", reset["From"])
        self.assertTrue(reset["Message-ID"])
        self.assertTrue(reset["Date"])
        text = reset.get_body(preferencelist=("plain",)).get_content()
        html = reset.get_body(preferencelist=("html",)).get_content()
        token_link = re.search(r"http://\S+/admin/set-password\?token=([A-Za-z0-9_-]+)", text)
        self.assertIsNotNone(token_link, text)
        self.assertIn(token_link.group(1), html)
        path = "/admin/set-password?token=" + token_link.group(1)
        status, _, _ = v.submit(path, "/admin/set-password",
                                {"token": token_link.group(1), "password": "second passphrase here",
                                 "confirm": "second passphrase here"})
        self.assertEqual(status, 303)
        self.assertEqual(Browser(self.server).sign_in("ed@example.org", "first passphrase here")[0],
                         401)
        self.assertEqual(Browser(self.server).sign_in("ed@example.org", "second passphrase here")[0],
                         303)
        # Nobody asked for the ghost address: no second message appeared for it.
        self.assertFalse(any("ghost@example.org" in (m["To"] or "") for m in self.smtp.messages()))


if __name__ == "__main__":
    unittest.main()
