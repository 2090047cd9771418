"""A real SMTP server for the integration tests: Debian's aiosmtpd
(tests/support/smtp_server.py) on 127.0.0.1, each message kept as a file,
read back with Python's email parser."""

import email
import email.policy
import glob
import os
import signal
import socket
import subprocess
import time

from harness import SOURCE_DIR

SMTP_SERVER = os.path.join(SOURCE_DIR, "tests", "support", "smtp_server.py")
DEBIAN_PYTHON = "/usr/bin/python3"  # has python3-aiosmtpd; a pyenv python may not


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """aiosmtpd on 127.0.0.1:port writing each message to dir/NNNN.eml."""

    def __init__(self, port, directory, wait_s=20.0):
        self.port, self.dir, self.proc, self.wait_s = port, directory, None, wait_s

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        self.proc = subprocess.Popen([DEBIAN_PYTHON, SMTP_SERVER, "--port", str(self.port),
                                      "--dir", self.dir], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("READY"):
            self.stop()
            raise AssertionError(f"smtp_server.py did not start: {line}")

    def stop(self):
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdout.close()
            self.proc = None

    def messages(self, to=None):
        """Every message received so far, oldest first; only those to `to` if given."""
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "*.eml"))):
            with open(path, "rb") as f:
                m = email.message_from_bytes(f.read(), policy=email.policy.default)
            if to is None or to in str(m["To"]):
                out.append(m)
        return out

    def wait_for(self, count, to=None):
        deadline = time.monotonic() + self.wait_s
        while time.monotonic() < deadline:
            msgs = self.messages(to)
            if len(msgs) >= count:
                return msgs
            time.sleep(0.1)
        raise AssertionError(f"expected {count} message(s){' to ' + to if to else ''} within "
                             f"{self.wait_s:.0f} s, got {len(self.messages(to))}")
