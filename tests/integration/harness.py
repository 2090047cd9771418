"""Runs the real `broadside` binary for integration tests (standard library only).

ctest sets two environment variables:
  BROADSIDE_BIN         the binary under test
  BROADSIDE_SOURCE_DIR  the repository root
Run by hand from the repository root with, for example:
  BROADSIDE_BIN=build/broadside python3 tests/integration/test_cli.py -v
(without BROADSIDE_BIN the harness falls back to build/broadside in the repository.)

A Server owns one temporary directory holding its data dir and server.log, where
everything the server writes to stdout and stderr is kept. The log is printed when
a ServerTestCase test fails, when the server fails to start, and when it does not
exit cleanly; set BROADSIDE_KEEP_TMP=1 to keep the directory afterwards.
"""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

START_TIMEOUT_S = 20.0   # until the "listening on" line appears
STOP_TIMEOUT_S = 30.0    # from SIGTERM until exit
CLI_TIMEOUT_S = 120.0    # any one-shot command (init --demo is the slowest, under ASan)
HTTP_TIMEOUT_S = 10.0
LOG_TAIL_LINES = 200

_LISTENING = re.compile(r"listening on http://(\[[^\]]+\]|[^\s:/\]]+):(\d+)")

SOURCE_DIR = os.environ.get("BROADSIDE_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))


def broadside_bin():
    """The binary under test: $BROADSIDE_BIN, else build/broadside in the repository."""
    path = os.environ.get("BROADSIDE_BIN") or os.path.join(SOURCE_DIR, "build", "broadside")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"broadside binary not found at {path!r}; set BROADSIDE_BIN "
                           "or run the tests through ctest")
    return path


def child_env(extra=None):
    """The environment for a broadside process: ours without BROADSIDE_* variables
    (ctest's BROADSIDE_BIN must not reach the config's env overrides), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BROADSIDE_")}
    env.update(extra or {})
    return env


def run_cli(*args, env=None, timeout=CLI_TIMEOUT_S):
    """Runs `broadside ARGS...` to completion; returns subprocess.CompletedProcess
    with text stdout and stderr."""
    return subprocess.run([broadside_bin(), *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, env=child_env(env),
                          timeout=timeout, check=False)


class Server:
    """One data dir in a fresh temp dir, and at most one `broadside serve` on it.

    Usage:  with Server(demo=True) as s: status, headers, body = s.get("/")
    or call init(), start(), stop() and cleanup() yourself.
    """

    def __init__(self, demo=True):
        self.demo = demo  # what init() and `with` use by default
        self.tmp_dir = tempfile.mkdtemp(prefix="broadside-it-")
        self.data_dir = os.path.join(self.tmp_dir, "data")
        self.log_path = os.path.join(self.tmp_dir, "server.log")
        self.host = "127.0.0.1"
        self.port = None
        self.proc = None
        self.exit_code = None  # of the last server stopped
        self._reader = None

    # --- lifecycle ---------------------------------------------------------

    def init(self, demo=None):
        """Runs `broadside init --data DIR [--demo]` (demo: default self.demo);
        raises with its output on failure."""
        demo = self.demo if demo is None else demo
        args = ["init", "--data", self.data_dir] + (["--demo"] if demo else [])
        result = run_cli(*args)
        self._append_log(f"$ broadside {' '.join(args)}\n{result.stdout}{result.stderr}")
        if result.returncode != 0:
            raise AssertionError(f"broadside {' '.join(args)} exited {result.returncode}:\n"
                                 f"{result.stdout}{result.stderr}")
        return result

    def start(self, *extra_args, env=None):
        """Starts `broadside serve --data DIR --listen 127.0.0.1:0 EXTRA...` and waits
        (START_TIMEOUT_S) for its "listening on http://HOST:PORT" line on stdout."""
        assert self.proc is None, "server already started"
        args = [broadside_bin(), "serve", "--data", self.data_dir,
                "--listen", "127.0.0.1:0", *extra_args]
        self._append_log("$ broadside " + " ".join(args[1:]))
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=log, env=child_env(env))
        finally:
            log.close()  # the child holds its own descriptor
        found = threading.Event()
        self._reader = threading.Thread(target=self._pump_stdout, args=(found,), daemon=True)
        self._reader.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not found.wait(0.05):
            if not self._reader.is_alive():  # stdout closed: the server is exiting
                self.proc.wait(STOP_TIMEOUT_S)
                why = f"exited with {self.proc.returncode} before listening"
                break
            if time.monotonic() > deadline:
                self._kill()
                why = f"printed no 'listening on' line within {START_TIMEOUT_S:.0f} s"
                break
        else:
            return self
        self._close_stdout()
        raise AssertionError(f"broadside serve {why}\n{self.log_tail()}")

    def stop(self, timeout=STOP_TIMEOUT_S):
        """Sends SIGTERM to the server this object started and returns its exit code
        (negative: killed by that signal). Kills it and raises if it outlives `timeout`."""
        if self.proc is None:
            return self.exit_code  # stopped already (or never started: None)
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._kill()
                raise AssertionError(f"broadside serve did not exit within {timeout} s of "
                                     f"SIGTERM\n{self.log_tail()}")
        self._close_stdout()
        self.exit_code = self.proc.returncode
        self.proc = None  # start() may run again on the same data dir
        return self.exit_code

    def cleanup(self):
        """Kills a server still running and removes the temp dir (unless BROADSIDE_KEEP_TMP)."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self._kill()
            self._close_stdout()
        if os.environ.get("BROADSIDE_KEEP_TMP"):
            sys.stderr.write(f"[harness] kept {self.tmp_dir}\n")
        else:
            shutil.rmtree(self.tmp_dir, ignore_errors=True)

    def __enter__(self):
        try:
            self.init()
            self.start()
        except BaseException:
            self.cleanup()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            code = self.stop()
            if exc_type is None and code != 0:
                raise AssertionError(f"broadside serve exited {code} after SIGTERM\n"
                                     f"{self.log_tail()}")
            if exc_type is not None:
                self.print_log(f"server log after {exc_type.__name__}")
        finally:
            self.cleanup()
        return False

    # --- talking to it -----------------------------------------------------

    def request(self, method, path, headers=None, body=None):
        """One request on a fresh connection. Returns (status, headers, body bytes);
        header names are lower-cased and repeated headers joined with ", "."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=HTTP_TIMEOUT_S)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            data = resp.read()
            merged = {}
            for name, value in resp.getheaders():
                name = name.lower()
                merged[name] = f"{merged[name]}, {value}" if name in merged else value
            return resp.status, merged, data
        finally:
            conn.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def raw_socket(self):
        """A connected TCP socket to the server (HTTP_TIMEOUT_S timeout); caller closes it."""
        return socket.create_connection((self.host, self.port), timeout=HTTP_TIMEOUT_S)

    @property
    def base_url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def config_path(self):
        return os.path.join(self.data_dir, "broadside.toml")

    # --- the log -----------------------------------------------------------

    def log_tail(self, lines=LOG_TAIL_LINES):
        try:
            with open(self.log_path, "r", errors="replace") as f:
                text = f.read().splitlines()
        except FileNotFoundError:
            return "(no server log)"
        cut = "" if len(text) <= lines else f"... ({len(text) - lines} earlier lines cut)\n"
        return f"--- {self.log_path} ---\n{cut}" + "\n".join(text[-lines:]) + "\n--- end ---"

    def print_log(self, title):
        sys.stderr.write(f"\n[harness] {title}\n{self.log_tail()}\n")
        sys.stderr.flush()

    def _append_log(self, text):
        with open(self.log_path, "a") as f:
            f.write(text if text.endswith("\n") else text + "\n")

    def _pump_stdout(self, found):
        # Copies the server's stdout into the log for its whole life (so the pipe
        # never fills) and reports the first "listening on" line.
        with open(self.log_path, "ab") as log:
            for raw in self.proc.stdout:
                log.write(raw)
                log.flush()
                if not found.is_set():
                    m = _LISTENING.search(raw.decode("utf-8", "replace"))
                    if m:
                        self.host = m.group(1).strip("[]")
                        self.port = int(m.group(2))
                        found.set()

    def _close_stdout(self):
        # After exit the reader sees EOF; the timeout only guards against a
        # grandchild that inherited the pipe.
        self._reader.join(5)
        self.proc.stdout.close()

    def _kill(self):
        self.proc.kill()  # only the process this object started
        self.proc.wait()


class ServerTestCase(unittest.TestCase):
    """Starts one server on a fresh demo data dir for the whole class.

    Subclasses may set `demo = False` or `serve_args = ("--threads", "2")`.
    tearDownClass fails the class if the server does not exit 0 on SIGTERM (so a
    sanitizer report at shutdown is a failure). A failing test prints the server log.
    """

    demo = True
    serve_args = ()
    server = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        server = Server(demo=cls.demo)
        try:
            server.init()
            server.start(*cls.serve_args)
        except BaseException:
            server.print_log(f"{cls.__name__}: server failed to start")
            server.cleanup()
            raise
        cls.server = server

    @classmethod
    def tearDownClass(cls):
        server, cls.server = cls.server, None
        if server is not None:
            try:
                code = server.stop()
                if code != 0:
                    raise AssertionError(f"broadside serve exited {code} after SIGTERM\n"
                                         f"{server.log_tail()}")
            finally:
                server.cleanup()
        super().tearDownClass()

    def run(self, result=None):
        if result is None or self.server is None:
            return super().run(result)
        before = len(result.failures) + len(result.errors)
        outcome = super().run(result)
        if len(result.failures) + len(result.errors) > before:
            self.server.print_log(f"server log after failure of {self.id()}")
        return outcome

    def get(self, path, headers=None):
        return self.server.get(path, headers=headers)

    def request(self, method, path, headers=None, body=None):
        return self.server.request(method, path, headers=headers, body=body)

    def raw_socket(self):
        return self.server.raw_socket()
