"""The command line: `broadside --version`, `init --data DIR [--demo]`,
`serve --data DIR [--listen HOST:PORT] [--threads N]`, run as a real process."""

import os
import re
import shutil
import tempfile
import unittest

from harness import Server, run_cli

SERVE_EXIT_TIMEOUT_S = 30.0  # a serve that must refuse to start may not hang


def set_server_key(toml_text, key, value_literal):
    """Returns `toml_text` with `key = value_literal` in its [server] table: replaces
    the key's line there (commented out or not), else adds it under the header,
    else appends the table."""
    lines = toml_text.splitlines()
    header = next((i for i, l in enumerate(lines) if l.strip() == "[server]"), None)
    if header is None:
        return toml_text.rstrip("\n") + f"\n\n[server]\n{key} = {value_literal}\n"
    end = next((i for i in range(header + 1, len(lines))
                if lines[i].lstrip().startswith("[")), len(lines))
    pattern = re.compile(rf"^\s*#?\s*{re.escape(key)}\s*=")
    for i in range(header + 1, end):
        if pattern.match(lines[i]):
            lines[i] = f"{key} = {value_literal}"
            break
    else:
        lines.insert(header + 1, f"{key} = {value_literal}")
    return "\n".join(lines) + "\n"


def nonempty_lines(text):
    return [l for l in text.splitlines() if l.strip()]


class CliTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="broadside-cli-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.data = os.path.join(self.tmp, "data")

    def init(self, *extra):
        result = run_cli("init", "--data", self.data, *extra)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def serve_expecting_failure(self, *extra):
        result = run_cli("serve", "--data", self.data, *extra, timeout=SERVE_EXIT_TIMEOUT_S)
        self.assertNotEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    # --- informational flags ----------------------------------------------

    def test_version_prints_a_version_and_exits_zero(self):
        result = run_cli("--version")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertRegex(result.stdout, r"\d+\.\d+\.\d+")

    def test_help_exits_zero_for_top_level_and_subcommands(self):
        for args in (["--help"], ["init", "--help"], ["serve", "--help"]):
            with self.subTest(args=args):
                result = run_cli(*args)
                self.assertEqual(result.returncode, 0, result.stderr)
                self.assertTrue(result.stdout.strip(), "help printed nothing")
        self.assertIn("--listen", run_cli("serve", "--help").stdout)
        self.assertIn("--demo", run_cli("init", "--help").stdout)

    def test_unknown_option_exits_nonzero_with_one_line(self):
        for args in (["--no-such-option"], ["serve", "--data", self.data, "--no-such-option"]):
            with self.subTest(args=args):
                result = run_cli(*args)
                self.assertNotEqual(result.returncode, 0)
                self.assertEqual(len(nonempty_lines(result.stderr)), 1, result.stderr)
                self.assertIn("--no-such-option", result.stderr)

    # --- init -------------------------------------------------------------

    def test_init_writes_config(self):
        self.init()
        config = os.path.join(self.data, "broadside.toml")
        self.assertTrue(os.path.isfile(config))
        with open(config) as f:
            self.assertIn("[server]", f.read())

    def test_init_refuses_existing_data_dir_and_leaves_config_alone(self):
        self.init()
        config = os.path.join(self.data, "broadside.toml")
        with open(config, "a") as f:
            f.write("# edited by the operator\n")
        with open(config, "rb") as f:
            before = f.read()
        for extra in ([], ["--demo"]):
            with self.subTest(extra=extra):
                result = run_cli("init", "--data", self.data, *extra)
                self.assertNotEqual(result.returncode, 0, result.stdout + result.stderr)
                with open(config, "rb") as f:
                    self.assertEqual(f.read(), before)

    # --- serve refusing to start ------------------------------------------

    def edit_config(self, edit):
        config = os.path.join(self.data, "broadside.toml")
        with open(config) as f:
            text = f.read()
        with open(config, "w") as f:
            f.write(edit(text))

    def test_bad_config_value_names_file_and_key(self):
        self.init()
        self.edit_config(lambda t: set_server_key(t, "listen", '"nope"'))
        result = self.serve_expecting_failure()
        lines = [l for l in (result.stdout + result.stderr).splitlines()
                 if "broadside.toml" in l and "listen" in l]
        self.assertTrue(lines, f"no line names broadside.toml and listen:\n{result.stderr}")

    def test_unknown_config_key_is_an_error(self):
        self.init()
        self.edit_config(lambda t: set_server_key(t, "lisen_typo", '"127.0.0.1:0"'))
        result = self.serve_expecting_failure()
        self.assertIn("lisen_typo", result.stdout + result.stderr)

    def test_unknown_join_question_stops_the_server_naming_it(self):
        self.init()
        self.edit_config(lambda t: t.replace("optional_questions = []",
                                              'optional_questions = ["union", "salary"]'))
        result = self.serve_expecting_failure()
        self.assertIn("members.optional_questions", result.stderr)
        self.assertIn("salary", result.stderr)

    def test_serve_without_config_fails(self):
        os.mkdir(self.data)
        self.serve_expecting_failure("--listen", "127.0.0.1:0")

    def test_bad_listen_flag_fails(self):
        self.init()
        self.serve_expecting_failure("--listen", "nope")


class ServeLifecycleTest(unittest.TestCase):

    def test_demo_site_serves_home_and_sigterm_exits_zero(self):
        server = Server()
        self.addCleanup(server.cleanup)
        server.init(demo=True)
        server.start("--threads", "2")
        try:
            status, headers, body = server.get("/")
            self.assertEqual(status, 200, body[:500])
            self.assertIn("text/html", headers.get("content-type", ""))
            self.assertTrue(body)
        except BaseException:
            server.print_log("server log after failure")
            raise
        self.assertEqual(server.stop(), 0, server.log_tail())

    def test_sigterm_with_open_idle_connection_exits_zero(self):
        # An idle keep-alive client must not hold shutdown hostage.
        with Server() as server:
            sock = server.raw_socket()
            self.addCleanup(sock.close)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            head = b""
            while len(head) < 12:
                chunk = sock.recv(12 - len(head))
                if not chunk:
                    break
                head += chunk
            self.assertTrue(head.startswith(b"HTTP/1.1 200"), head)
            self.assertEqual(server.stop(), 0, server.log_tail())


if __name__ == "__main__":
    unittest.main()


class KeysRotateTest(unittest.TestCase):
    """`broadside keys rotate`: a new field key while a server keeps serving."""

    def test_rotation_beside_a_running_server(self):
        server = Server()
        self.addCleanup(server.cleanup)
        server.init(demo=True)
        keys = os.path.join(server.data_dir, "keys")
        before = set(os.listdir(keys))
        self.assertIn("field.key", before)
        self.assertIn("index.key", before)
        with open(os.path.join(keys, "field.key"), "rb") as f:
            old_key = f.read()
        server.start("--threads", "2")
        try:
            # Waits for the running server to switch keys, then re-seals.
            result = run_cli("keys", "rotate", "--data", server.data_dir, timeout=60)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertIn("done: everything is sealed with key", result.stdout)
            status, _, body = server.get("/")
            self.assertEqual(status, 200, body[:300])
            status, _, body = server.get("/mailbag")
            self.assertEqual(status, 200, body[:300])
        except BaseException:
            server.print_log("server log after failure")
            raise
        self.assertEqual(server.stop(), 0, server.log_tail())

        after = set(os.listdir(keys))
        retired = [n for n in after if n.startswith("field.old-") and n.endswith(".key")]
        self.assertEqual(len(retired), 1, after)
        self.assertNotIn("field.next", after)
        retired_path = os.path.join(keys, retired[0])
        self.assertEqual(os.stat(retired_path).st_mode & 0o777, 0o600)
        with open(retired_path, "rb") as f:
            self.assertEqual(f.read(), old_key)  # the old key, kept for old backups
        with open(os.path.join(keys, "field.key"), "rb") as f:
            self.assertNotEqual(f.read(), old_key)
        # A second rotation (no server: no need to wait) keeps both older keys.
        result = run_cli("keys", "rotate", "--data", server.data_dir, "--no-wait")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(
            len([n for n in os.listdir(keys) if n.startswith("field.old-")]), 2)
        server.start()
        status, _, _ = server.get("/")
        self.assertEqual(status, 200)
        self.assertEqual(server.stop(), 0, server.log_tail())

    def test_refuses_a_key_from_the_environment_and_a_missing_data_dir(self):
        server = Server()
        self.addCleanup(server.cleanup)
        server.init(demo=False)
        result = run_cli("keys", "rotate", "--data", server.data_dir, "--no-wait",
                         env={"BROADSIDE_FIELD_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="})
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("BROADSIDE_FIELD_KEY", result.stderr)
        result = run_cli("keys", "rotate", "--data", os.path.join(server.tmp_dir, "nope"))
        self.assertEqual(result.returncode, 1)
        self.assertTrue(result.stderr.startswith("broadside: "), result.stderr)
        result = run_cli("keys")
        self.assertEqual(result.returncode, 2, result.stderr)
