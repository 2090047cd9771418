"""Transport protections on the real server: size limits, timeouts, smuggling,
garbage, shutdown. Each class configures its own limits in broadside.toml."""

import re
import socket
import threading
import time
import unittest

from harness import Server, ServerTestCase


def read_response(sock, limit=1 << 20):
    """Reads until the peer closes or a full response (by Content-Length) arrives.
    Returns (status or None, raw bytes, closed_by_peer)."""
    data = b""
    closed = False
    while len(data) < limit:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            closed = True
            break
        if not chunk:
            closed = True
            break
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            m = re.search(rb"(?i)content-length:\s*(\d+)", head)
            if m and len(body) >= int(m.group(1)):
                break
    m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
    return (int(m.group(1)) if m else None), data, closed


def wait_closed(sock, timeout):
    """True if the peer closes the connection within `timeout` seconds."""
    sock.settimeout(timeout)
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                return True
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


class LimitsTest(ServerTestCase):
    demo = False

    @classmethod
    def setUpClass(cls):
        # Short timeouts so the test is quick; limits at their documented defaults.
        server = Server(demo=False)
        server.init()
        with open(server.config_path) as f:
            text = f.read()
        text = re.sub(r"(?m)^#?\s*header_timeout_seconds\s*=.*$", "header_timeout_seconds = 2", text)
        text = re.sub(r"(?m)^#?\s*idle_timeout_seconds\s*=.*$", "idle_timeout_seconds = 2", text)
        text = re.sub(r"(?m)^#?\s*body_timeout_seconds\s*=.*$", "body_timeout_seconds = 3", text)
        text = re.sub(r"(?m)^#?\s*max_connections\s*=.*$", "max_connections = 50", text)
        with open(server.config_path, "w") as f:
            f.write(text)
        try:
            server.start()
        except BaseException:
            server.cleanup()
            raise
        cls.server = server

    def send(self, raw, timeout=5):
        s = self.raw_socket()
        s.settimeout(timeout)
        try:
            s.sendall(raw)
            status, data, closed = read_response(s)
            # The server may drain a little before closing: wait for the close itself.
            return status, data, closed or wait_closed(s, 5)
        finally:
            s.close()

    def test_long_request_line_is_414(self):
        status, _, _ = self.send(b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        self.assertEqual(status, 414)

    def test_big_headers_are_431(self):
        headers = b"".join(b"X-Fill-%d: %s\r\n" % (i, b"v" * 1000) for i in range(20))
        status, _, _ = self.send(b"GET / HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n")
        self.assertEqual(status, 431)

    def test_big_body_is_413_before_it_is_sent(self):
        s = self.raw_socket()
        try:
            s.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded"
                      b"\r\nContent-Length: 5000000\r\n\r\n")
            status, _, _ = read_response(s)  # no body sent at all
            self.assertEqual(status, 413)
        finally:
            s.close()

    def test_garbage_is_400_and_closed(self):
        status, _, closed = self.send(b"\x16\x03\x01\x02\x00garbage\r\n\r\n" * 3)
        self.assertEqual(status, 400)
        self.assertTrue(closed)

    def test_smuggling_is_refused(self):
        for raw in (
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\nabcde",
        ):
            status, _, closed = self.send(raw)
            self.assertEqual(status, 400, raw)
            self.assertTrue(closed, raw)

    def test_slowloris_is_cut_off(self):
        s = self.raw_socket()
        try:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            start = time.monotonic()
            # Keep trickling header bytes: the header deadline is total, not per byte.
            closed = False
            for i in range(40):
                try:
                    s.sendall(b"X-Slow-%d: y\r\n" % i)
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
                    break
                if wait_closed(s, 0.25):
                    closed = True
                    break
            self.assertTrue(closed, "a trickling client must be disconnected")
            self.assertLess(time.monotonic() - start, 8)
        finally:
            s.close()
        self.assertEqual(self.get("/healthz")[0], 200)

    def test_idle_keepalive_is_closed(self):
        s = self.raw_socket()
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            status, _, _ = read_response(s)
            self.assertEqual(status, 200)
            self.assertTrue(wait_closed(s, 6), "idle keep-alive connection closed after timeout")
        finally:
            s.close()

    def test_keepalive_serves_several_requests(self):
        s = self.raw_socket()
        try:
            for _ in range(3):
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                status, _, closed = read_response(s)
                self.assertEqual(status, 200)
                self.assertFalse(closed)
        finally:
            s.close()

    def test_many_connections_do_not_crash(self):
        socks = []
        try:
            for _ in range(80):  # more than max_connections = 50
                try:
                    socks.append(self.raw_socket())
                except OSError:
                    break
            time.sleep(0.3)
        finally:
            for s in socks:
                s.close()
        time.sleep(0.3)
        self.assertEqual(self.get("/healthz")[0], 200)


class ShutdownTest(unittest.TestCase):

    def test_sigterm_exits_zero_while_clients_are_connected(self):
        server = Server(demo=False)
        try:
            server.init()
            server.start()
            idle = server.raw_socket()
            idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertEqual(read_response(idle)[0], 200)
            half = server.raw_socket()
            half.sendall(b"GET / HTTP/1.1\r\n")  # never finishes its header
            start = time.monotonic()
            code = server.stop()
            self.assertEqual(code, 0)
            self.assertLess(time.monotonic() - start, 15)
            idle.close()
            half.close()
        finally:
            server.cleanup()

    def test_requests_in_flight_complete(self):
        server = Server(demo=True)
        try:
            server.init()
            server.start()
            results = []

            def fetch():
                try:
                    results.append(server.get("/")[0])
                except OSError as e:
                    results.append(repr(e))

            threads = [threading.Thread(target=fetch) for _ in range(8)]
            for t in threads:
                t.start()
            time.sleep(0.01)
            code = server.stop()
            for t in threads:
                t.join(10)
            self.assertEqual(code, 0)
            # Every request either completed (200) or was refused before it was accepted.
            for r in results:
                self.assertTrue(r == 200 or "Connection" in str(r), r)
        finally:
            server.cleanup()


if __name__ == "__main__":
    unittest.main()
