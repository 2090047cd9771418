#!/usr/bin/python3
"""A real SMTP server on loopback for the mail tests (aiosmtpd, Debian's
python3-aiosmtpd; run it with /usr/bin/python3).

Every accepted message is written to DIR as NNNN.eml (the DATA bytes exactly
as received) next to NNNN.env ("from\\nrcpt\\n..."), each renamed into place
only when complete. Prints "READY <port>" once listening; stops cleanly on
SIGTERM or SIGINT.

  smtp_server.py --port P --dir DIR [--auth USER:PASS] [--reject ADDR]...
                 [--tls-selfsigned CERTDIR]

--auth           offer AUTH (PLAIN, LOGIN) without TLS and accept only these
                 credentials (then AUTH is required before MAIL).
--reject         answer RCPT TO:<ADDR> with 550 (a permanent rejection).
--tls-selfsigned make a self-signed certificate for 127.0.0.1 with the openssl
                 CLI into CERTDIR/cert.pem (+ key.pem), offer STARTTLS with it,
                 and refuse MAIL until STARTTLS was done.
"""

import argparse
import os
import signal
import ssl
import subprocess
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class SaveHandler:
    def __init__(self, outdir, reject):
        self.outdir = outdir
        self.reject = set(reject)
        self.count = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        base = os.path.join(self.outdir, "%04d" % n)
        with open(base + ".env.tmp", "w") as f:
            f.write(envelope.mail_from + "\n")
            for rcpt in envelope.rcpt_tos:
                f.write(rcpt + "\n")
        os.rename(base + ".env.tmp", base + ".env")
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 Message accepted for delivery"


def make_authenticator(user, password):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False)
    return authenticator


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--auth", default="")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--tls-selfsigned", default="")
    args = parser.parse_args()

    kwargs = {}
    if args.auth:
        user, _, password = args.auth.partition(":")
        kwargs.update(authenticator=make_authenticator(user, password),
                      auth_required=True, auth_require_tls=False)
    if args.tls_selfsigned:
        cert = os.path.join(args.tls_selfsigned, "cert.pem")
        key = os.path.join(args.tls_selfsigned, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        kwargs.update(tls_context=context, require_starttls=True)

    controller = Controller(SaveHandler(args.dir, args.reject), hostname="127.0.0.1",
                            port=args.port, **kwargs)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    controller.start()
    print("READY %d" % args.port, flush=True)
    while not stop.wait(0.5):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
