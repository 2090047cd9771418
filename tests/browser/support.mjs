// Shared machinery for the browser tests (tests/browser/*.test.mjs): a
// temporary site made by the real `broadside` binary, its server on an
// ephemeral loopback port, Debian's Chromium through playwright-core, and a
// failure report with screenshots. Not a test file itself (node --test runs
// only *.test.mjs here).
//
// Environment (ctest sets the first two):
//   BROADSIDE_BIN         the broadside binary under test (required)
//   BROADSIDE_SOURCE_DIR  the repository root (default: two levels up)
//   BROADSIDE_CHROMIUM    the browser (default: /usr/bin/chromium)
//   BROADSIDE_PYTHON      a Python with aiosmtpd, for MailSink and StripeDouble
//                         (default: /usr/bin/python3)
//
// Every request a page makes stays on the site's 127.0.0.1 origin (and, for
// the Donate flow, the StripeDouble's); anything else is aborted at once (see
// newLoopbackContext). Mail goes to a MailSink on 127.0.0.1, never out;
// payments go to the StripeDouble (tests/stripe_double/, NOT Stripe).

import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const execFileAsync = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const sourceDir = process.env.BROADSIDE_SOURCE_DIR || path.resolve(here, '..', '..');
const chromiumPath = process.env.BROADSIDE_CHROMIUM || '/usr/bin/chromium';
// Debian's Python, which has python3-aiosmtpd (not a pyenv or venv one).
const kPython = process.env.BROADSIDE_PYTHON || '/usr/bin/python3';

// Generous: under ASan+UBSan `init --demo` and the first page renders are slow.
const kStartTimeoutMs = 120_000;
const kStopTimeoutMs = 15_000;
const kActionTimeoutMs = 30_000;
// The outbox sends in the background, retrying after a failure.
const kMailTimeoutMs = 60_000;

// The first line of an AddressSanitizer, LeakSanitizer or UBSan report.
const kSanitizerReport = /ERROR: (Address|Leak)Sanitizer|runtime error: /;

// Loads playwright-core or fails with what to do about it (a failure, not a
// skip: `make test` must not pass without having driven a browser).
export async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (err) {
    throw new Error(
        `playwright-core is not installed (${err.code || err.message}): ` +
        `run \`npm ci\` in ${sourceDir} (Node.js ${process.version}; ` +
        `make test does this through scripts/install-deps.sh)`);
  }
}

// The binary under test; throws when BROADSIDE_BIN is unset or missing.
async function broadsideBin() {
  const bin = process.env.BROADSIDE_BIN;
  assert.ok(bin, 'BROADSIDE_BIN must name the broadside binary (ctest sets it)');
  await fs.access(bin);
  return bin;
}

// Runs `broadside ARGS...` to completion; resolves to its stdout. Throws with
// both output streams when it fails.
async function runBroadside(bin, args) {
  try {
    const { stdout } = await execFileAsync(bin, args, { timeout: kStartTimeoutMs });
    return stdout;
  } catch (err) {
    throw new Error(`broadside ${args[0]} ${args[1] ?? ''} failed: ${err.message}\n` +
                    `stdout:\n${err.stdout}\nstderr:\n${err.stderr}`);
  }
}

// A running `broadside serve`, started and stopped by this process only.
class Server {
  constructor(bin, dataDir, listen, env) {
    this.bin = bin;
    this.dataDir = dataDir;
    this.listen = listen;  // "127.0.0.1:PORT" (0: any free port)
    this.env = env;        // added to this process's environment for the server
    this.proc = null;
    this.origin = null;
    this.stderr = '';
    this.sanitizerReport = null;  // the first ASan/UBSan report on stderr, if any
  }

  // Starts the server on its loopback address; resolves to its origin once it
  // prints "listening on http://HOST:PORT" on stdout.
  async start() {
    this.proc = spawn(this.bin, ['serve', '--data', this.dataDir, '--listen', this.listen],
                      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...this.env } });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (s) => {
      this.stderr = (this.stderr + s).slice(-20_000);
      // The new text and a little before it, in case a report's first line
      // was split between two reads.
      const recent = this.stderr.slice(-(s.length + 64));
      if (!this.sanitizerReport && kSanitizerReport.test(recent)) {
        this.sanitizerReport = recent.slice(0, 4000);
      }
    });
    this.exited = new Promise((resolve) => this.proc.once('exit', (code, signal) => resolve({ code, signal })));
    const lines = createInterface({ input: this.proc.stdout });
    this.origin = await new Promise((resolve, reject) => {
      const timer = setTimeout(
          () => reject(new Error(`broadside serve printed no "listening on" line within ` +
                                 `${kStartTimeoutMs} ms; stderr:\n${this.stderr}`)),
          kStartTimeoutMs);
      lines.on('line', (line) => {
        const m = /listening on (http:\/\/\S+:\d+)/.exec(line);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      this.proc.once('error', (err) => { clearTimeout(timer); reject(err); });
      this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`broadside serve exited early (code ${code}, signal ${signal}); ` +
                         `stderr:\n${this.stderr}`));
      });
    });
    return this.origin;
  }

  // SIGTERM to this server's PID only, then waits for it (SIGKILL as a last
  // resort). Throws when it did not stop cleanly (exit status 0) or when a
  // sanitizer reported anything on stderr, even if every page looked right.
  async stop() {
    if (!this.proc) return;
    let result = null;
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      this.proc.kill('SIGTERM');
      const timeout = new Promise((resolve) => setTimeout(() => resolve(null), kStopTimeoutMs));
      result = await Promise.race([this.exited, timeout]);
      if (result === null) {
        this.proc.kill('SIGKILL');
        await this.exited;
        throw new Error(`broadside serve ignored SIGTERM for ${kStopTimeoutMs} ms`);
      }
    } else {
      result = await this.exited;
    }
    if (this.sanitizerReport) {
      throw new Error(`broadside serve: sanitizer report on stderr:\n${this.sanitizerReport}`);
    }
    if (result.code !== 0) {
      throw new Error(`broadside serve did not stop cleanly (code ${result.code}, ` +
                      `signal ${result.signal}); stderr (tail):\n${this.stderr.slice(-4000)}`);
    }
  }
}

// A temporary site: `broadside init` on a fresh directory, staff users added
// through the CLI, then `broadside serve`. One per test file.
export class Site {
  // Use Site.create().
  constructor(bin, workDir) {
    this.bin = bin;
    this.workDir = workDir;                       // removed by close()
    this.dataDir = path.join(workDir, 'site');
    this.server = null;
  }

  // Initializes a site whose first admin is `adminEmail` with `adminPassword`
  // (>= 12 characters, not a common password); `demo` adds the demo content
  // (bylines, sections, articles, images). The server is not started yet, so
  // users can be added first.
  static async create({ adminEmail, adminPassword, demo = true }) {
    const bin = await broadsideBin();
    const site = new Site(bin, await fs.mkdtemp(path.join(os.tmpdir(), 'broadside-e2e-')));
    const passwordFile = path.join(site.workDir, 'admin-password');
    await fs.writeFile(passwordFile, `${adminPassword}\n`, { mode: 0o600 });
    await runBroadside(bin, ['init', '--data', site.dataDir, ...(demo ? ['--demo'] : []),
                             '--admin-email', adminEmail, '--admin-password-file', passwordFile]);
    return site;
  }

  // Adds a staff user with `broadside user add` and resolves to the path and
  // query of the one-time set-password link it prints (the printed origin is
  // the configured base URL, not this test's server).
  async addUser({ email, name, roles }) {
    const args = ['user', 'add', '--data', this.dataDir, '--email', email, '--name', name];
    for (const role of roles) args.push('--role', role);
    const stdout = await runBroadside(this.bin, args);
    const m = /https?:\/\/\S*(\/admin\/set-password\?token=\S+)/.exec(stdout);
    assert.ok(m, `broadside user add printed no set-password link:\n${stdout}`);
    return m[1];
  }

  // Sets `values` ({ key: string | number | boolean }) in the [section] table
  // of the site's broadside.toml, replacing a key's line where the table has
  // one and adding it at the table's end otherwise. Call before start(): the
  // server reads its configuration once.
  async configure(section, values) {
    assert.equal(this.server, null, 'configure() must come before start()');
    const file = path.join(this.dataDir, 'broadside.toml');
    const lines = (await fs.readFile(file, 'utf8')).split('\n');
    const start = lines.findIndex((line) => line.trim() === `[${section}]`);
    assert.ok(start >= 0, `broadside.toml has no [${section}] table`);
    let end = lines.findIndex((line, i) => i > start && /^\s*\[/.test(line));
    if (end < 0) end = lines.length;
    const pending = new Map(Object.entries(values));
    for (let i = start + 1; i < end; ++i) {
      const m = /^\s*([A-Za-z0-9_-]+)\s*=/.exec(lines[i]);
      if (m && pending.has(m[1])) {
        lines[i] = `${m[1]} = ${tomlValue(pending.get(m[1]))}`;
        pending.delete(m[1]);
      }
    }
    let at = end;
    while (at > start + 1 && lines[at - 1].trim() === '') --at;
    lines.splice(at, 0, ...[...pending].map(([key, value]) => `${key} = ${tomlValue(value)}`));
    await fs.writeFile(file, lines.join('\n'));
  }

  // Starts the server; resolves to its origin ("http://127.0.0.1:PORT"). By
  // default on an ephemeral port; `port` (e.g. from freeLoopbackPort(), when
  // [site] base_url must name the origin before the server starts) fixes it.
  // `env` ({ NAME: value }) is added to the server's environment: secrets
  // such as BROADSIDE_STRIPE_SECRET_KEY are read only from there.
  async start({ port = 0, env = {} } = {}) {
    this.server = new Server(this.bin, this.dataDir, `127.0.0.1:${port}`, env);
    return this.server.start();
  }

  get origin() { return this.server?.origin; }
  get serverStderr() { return this.server?.stderr ?? ''; }

  // Stops the server and removes the site directory; the first error wins.
  async close() {
    const errors = [];
    for (const step of [() => this.server?.stop(),
                        () => fs.rm(this.workDir, { recursive: true, force: true })]) {
      try { await step(); } catch (err) { errors.push(err); }
    }
    if (errors.length) throw errors[0];
  }
}

// A TOML literal for a string, number or boolean. JSON's string escapes are
// a subset of TOML's basic-string escapes.
function tomlValue(value) {
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'boolean': return String(value);
    case 'number':
      assert.ok(Number.isFinite(value), `not a TOML number: ${value}`);
      return String(value);
    default:
      throw new Error(`configure(): no TOML form for a ${typeof value}`);
  }
}

// A real SMTP server on loopback that keeps what the site sends: smtp_sink.py
// (Debian's python3-aiosmtpd) writes each message, decoded by Python's email
// package, as a JSON file in `dir` (see that script for the fields). Started
// and stopped by this process only, by PID.
export class MailSink {
  // Use MailSink.start().
  constructor(dir) {
    this.dir = dir;
    this.proc = null;
    this.port = null;
    this.stderr = '';
    this.taken = new Set();  // files already returned by next()
  }

  // Starts the sink on an ephemeral 127.0.0.1 port; resolves once it accepts
  // connections. Configure the site with smtpUrl before starting its server.
  static async start(dir) {
    const sink = new MailSink(dir);
    await fs.mkdir(dir, { recursive: true });
    sink.proc = spawn(kPython, [path.join(here, 'smtp_sink.py'), dir],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
    sink.proc.stderr.setEncoding('utf8');
    sink.proc.stderr.on('data', (s) => { sink.stderr = (sink.stderr + s).slice(-20_000); });
    sink.exited = new Promise((resolve) => sink.proc.once('exit', (code, signal) => resolve({ code, signal })));
    const lines = createInterface({ input: sink.proc.stdout });
    sink.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(
          () => reject(new Error(`smtp_sink.py printed no "listening on" line within ` +
                                 `${kStartTimeoutMs} ms; stderr:\n${sink.stderr}`)),
          kStartTimeoutMs);
      lines.on('line', (line) => {
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(line);
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      sink.proc.once('error', (err) => { clearTimeout(timer); reject(err); });
      sink.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`smtp_sink.py exited early (code ${code}, signal ${signal}); ` +
                         `is python3-aiosmtpd installed? stderr:\n${sink.stderr}`));
      });
    });
    return sink;
  }

  // For [mail] smtp_url (plain SMTP: set starttls = "off").
  get smtpUrl() { return `smtp://127.0.0.1:${this.port}`; }

  // Every message received so far, oldest first, each with its `file` name.
  async messages() {
    const names = (await fs.readdir(this.dir)).filter((n) => n.endsWith('.json')).sort();
    const out = [];
    for (const name of names) {
      out.push({ file: name, ...JSON.parse(await fs.readFile(path.join(this.dir, name), 'utf8')) });
    }
    return out;
  }

  // Waits for the oldest message not yet returned by next() for which
  // `match(message)` holds, and resolves to it; the site's outbox delivers in
  // the background, so this polls. `what` names it in the timeout error.
  async next(what, match, timeoutMs = kMailTimeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const all = await this.messages();
      const found = all.find((m) => !this.taken.has(m.file) && match(m));
      if (found) {
        this.taken.add(found.file);
        return found;
      }
      if (Date.now() > deadline) {
        const seen = all.map((m) => `${m.file} to ${m.rcpt_tos.join(',')}: ${m.subject}`);
        throw new Error(`no email ${what} within ${timeoutMs} ms; received:\n  ` +
                        (seen.join('\n  ') || '(nothing)') +
                        (this.stderr ? `\nsmtp_sink.py stderr:\n${this.stderr}` : ''));
      }
      await sleep(100);
    }
  }

  // SIGTERM to the sink's PID only, then waits for it; throws when it did not
  // stop cleanly or refused a message it could not parse.
  async stop() {
    if (!this.proc) return;
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(() => resolve(null), kStopTimeoutMs));
    const result = await Promise.race([this.exited, timeout]);
    if (result === null) {
      this.proc.kill('SIGKILL');
      await this.exited;
      throw new Error(`smtp_sink.py ignored SIGTERM for ${kStopTimeoutMs} ms`);
    }
    if (result.code !== 0) {
      throw new Error(`smtp_sink.py did not stop cleanly (code ${result.code}, signal ` +
                      `${result.signal}); stderr:\n${this.stderr}`);
    }
    if (this.stderr.includes('refused a message')) {
      throw new Error(`smtp_sink.py could not parse a message the site sent:\n${this.stderr}`);
    }
  }
}

// A free TCP port on 127.0.0.1, for a server whose address must be known
// before it starts (the site's [site] base_url, which Stripe's success URL
// and emailed links are built from). The port is released before it is
// returned, so another process could take it first: rare enough on
// loopback, and the server then fails to start rather than misbehaving.
export async function freeLoopbackPort() {
  const probe = net.createServer();
  await new Promise((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// The Stripe TEST DOUBLE (tests/stripe_double/stripe_double.py, NOT Stripe:
// see the README.md beside it) on an ephemeral 127.0.0.1 port. It is the
// site's Stripe API (give `baseUrl` to [donations] stripe_api_base), serves
// the fake hosted checkout page (/pay/<session>, a plain-form Pay button) and
// sends webhooks signed with `webhookSecrets`; its control API (/_double/...)
// shows and steers what "Stripe" holds. Started and stopped by this process
// only, by PID.
export class StripeDouble {
  // Use StripeDouble.start().
  constructor(secretKey) {
    this.secretKey = secretKey;
    this.proc = null;
    this.port = null;
    this.stderr = '';
    this.bugReport = null;  // the double's first "internal error" log line, if any
  }

  // Starts the double; resolves once it accepts connections. `webhookUrl`
  // may be left empty and set later with configure({ webhook_url }) when the
  // site's port is not known yet. `secretKey` must be "sk_test_...".
  static async start({ secretKey = 'sk_test_browser', webhookUrl = '', webhookSecrets = [],
                       webhookRetries = 3, webhookRetryDelay = 0.2 } = {}) {
    const double = new StripeDouble(secretKey);
    const args = [path.join(sourceDir, 'tests', 'stripe_double', 'stripe_double.py'),
                  '--port', '0', '--secret-key', secretKey,
                  '--webhook-retries', String(webhookRetries),
                  '--webhook-retry-delay', String(webhookRetryDelay)];
    if (webhookUrl) args.push('--webhook-url', webhookUrl);
    for (const secret of webhookSecrets) args.push('--webhook-secret', secret);
    double.proc = spawn(kPython, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    double.proc.stderr.setEncoding('utf8');
    double.proc.stderr.on('data', (s) => {
      double.stderr = (double.stderr + s).slice(-20_000);
      const bug = /\[stripe-double\] (internal error|delivery crashed): .*/.exec(s);
      if (bug && !double.bugReport) double.bugReport = bug[0];
    });
    double.exited = new Promise(
        (resolve) => double.proc.once('exit', (code, signal) => resolve({ code, signal })));
    const lines = createInterface({ input: double.proc.stdout });
    double.port = await new Promise((resolve, reject) => {
      const timer = setTimeout(
          () => reject(new Error(`stripe_double.py printed no PORT= line within ` +
                                 `${kStartTimeoutMs} ms; stderr:\n${double.stderr}`)),
          kStartTimeoutMs);
      lines.on('line', (line) => {
        const m = /^PORT=(\d+)$/.exec(line.trim());
        if (m) { clearTimeout(timer); resolve(Number(m[1])); }
      });
      double.proc.once('error', (err) => { clearTimeout(timer); reject(err); });
      double.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`stripe_double.py exited early (code ${code}, signal ${signal}); ` +
                         `stderr:\n${double.stderr}`));
      });
    });
    return double;
  }

  // "http://127.0.0.1:PORT": Stripe's API base for the site, and the origin
  // of its hosted pages (a browser context must be allowed to reach it).
  get baseUrl() { return `http://127.0.0.1:${this.port}`; }

  // Calls the double's control API (the double's own, not Stripe's) with an
  // optional JSON `body`; resolves to { status, body } (body parsed as JSON).
  // POSTs answer after the webhooks they caused were delivered.
  async request(method, pathAndQuery, body) {
    const res = await fetch(this.baseUrl + pathAndQuery, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(kActionTimeoutMs + 30_000),  // event waits take up to 30 s
    });
    const text = await res.text();
    let parsed = null;
    try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
    return { status: res.status, body: parsed };
  }

  // As request(), but resolves to the body and throws unless the status is 2xx.
  async control(method, pathAndQuery, body) {
    const res = await this.request(method, pathAndQuery, body);
    if (res.status < 200 || res.status > 299) {
      throw new Error(`stripe double ${method} ${pathAndQuery}: HTTP ${res.status}: ` +
                      JSON.stringify(res.body));
    }
    return res.body;
  }

  // Any object as the double holds it (a session also shows its lines and
  // the metadata Stripe keeps but does not echo), by id: "cs_...", "sub_"...
  async object(id) {
    return this.control('GET', `/_double/objects/${encodeURIComponent(id)}`);
  }

  // Every webhook event sent so far, oldest first, once their deliveries are
  // done: [{ id, type, object_id, deliveries, status }], status being the
  // site's last HTTP answer.
  async events() {
    return (await this.control('GET', '/_double/events')).data;
  }

  // Changes the double's settings: { webhook_url, webhook_secrets, retries,
  // retry_delay, enabled_events }.
  async configure(values) {
    await this.control('POST', '/_double/config', values);
  }

  // SIGTERM to the double's PID only, then waits for it; throws when it did
  // not stop cleanly or logged a bug of its own ("internal error").
  async stop() {
    if (!this.proc) return;
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(() => resolve(null), kStopTimeoutMs));
    const result = await Promise.race([this.exited, timeout]);
    if (result === null) {
      this.proc.kill('SIGKILL');
      await this.exited;
      throw new Error(`stripe_double.py ignored SIGTERM for ${kStopTimeoutMs} ms`);
    }
    if (this.bugReport) {
      throw new Error(`the Stripe test double reported a bug of its own: ${this.bugReport}\n` +
                      `stderr (tail):\n${this.stderr.slice(-4000)}`);
    }
    if (result.code !== 0) {
      throw new Error(`stripe_double.py did not stop cleanly (code ${result.code}, signal ` +
                      `${result.signal}); stderr (tail):\n${this.stderr.slice(-4000)}`);
    }
  }
}

// Debian's Chromium, headless, through playwright-core (never a downloaded browser).
export async function launchChromium(playwright) {
  await fs.access(chromiumPath).catch(() => {
    throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium package ` +
                    '(scripts/install-deps.sh does), or set BROADSIDE_CHROMIUM');
  });
  return playwright.chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    chromiumSandbox: false,  // root in CI; the sandbox needs user namespaces
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A browser context whose relative URLs resolve against `origin` and in
// which only `origin` is reachable: anything else is aborted at once rather
// than left to time out on a closed network. `options` go to newContext
// (e.g. { javaScriptEnabled: false }). The caller closes it.
export async function newLoopbackContext(browser, origin, options = {}) {
  return newLoopbackContextFor(browser, [origin], options);
}

// As newLoopbackContext, with several reachable origins (e.g. the site's and
// the StripeDouble's hosted pages); relative URLs resolve against the first.
export async function newLoopbackContextFor(browser, origins, options = {}) {
  assert.ok(origins.length > 0, 'newLoopbackContextFor needs at least one origin');
  const allowed = new Set(origins.map((o) => new URL(o).origin));
  const context = await browser.newContext({ baseURL: origins[0], ...options });
  context.setDefaultTimeout(kActionTimeoutMs);
  await context.route((url) => !allowed.has(url.origin), (route) => route.abort());
  return context;
}

// Navigates to `where` and asserts that the page answered 200.
export async function gotoOk(page, where) {
  const res = await page.goto(where);
  assert.equal(res?.status(), 200, `GET ${where}`);
  return res;
}

// Adds to `err` where each of `pages` ({ name: page }) was, a full-page
// screenshot of each (written beside, not into, the site directory, which
// close() removes) and the tail of the server's stderr; returns `err`.
export async function explainFailure(err, site, pages) {
  let where = '';
  for (const [name, page] of Object.entries(pages)) {
    if (!page || page.isClosed()) continue;
    const shot = `${site.workDir}-failure-${name}.png`;
    let shotNote;
    try {
      await page.screenshot({ path: shot, fullPage: true });
      shotNote = `screenshot: ${shot}`;
    } catch (shotErr) {
      shotNote = `no screenshot (${shotErr.message})`;
    }
    where += `\n  ${name} at ${page.url()}; ${shotNote}`;
  }
  err.message = `${err.message}${where}\n  server stderr (tail):\n` +
                site.serverStderr.slice(-4000);
  return err;
}

// Runs one named step of a flow; a failure names the step.
export async function step(name, fn) {
  try {
    return await fn();
  } catch (err) {
    err.message = `step "${name}": ${err.message}`;
    throw err;
  }
}

// Decodes the character references mustache's HTML escaping produces.
export function decodeEntities(s) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'' };
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16)
                                                    : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

// The one link to `pathname` in a delivered `message` (MailSink): found in
// the decoded text part and, as an href, in the HTML part, which must agree,
// and carrying a token. Returns it as a URL.
export function mailLink(message, pathname) {
  const inText = [...message.text.matchAll(/https?:\/\/[^\s<>"]+/g)]
      .map((m) => new URL(m[0])).filter((u) => u.pathname === pathname);
  assert.equal(inText.length, 1,
               `one ${pathname} link in the text part of "${message.subject}":\n${message.text}`);
  const inHtml = [...message.html.matchAll(/href="([^"]*)"/g)]
      .map((m) => new URL(decodeEntities(m[1]))).filter((u) => u.pathname === pathname);
  assert.ok(inHtml.length >= 1, `a ${pathname} link in the HTML part of "${message.subject}"`);
  for (const u of inHtml) assert.equal(u.href, inText[0].href, 'the HTML and text links differ');
  const token = inText[0].searchParams.get('token');
  assert.ok(token && token.length >= 20, `the ${pathname} link carries a token`);
  return inText[0];
}
