// End-to-end: an editor signs in to the back office in headless Chromium,
// uploads an image, writes an article with it as the feature image, publishes
// it, and finds it on the public site.
//
// Run through ctest (`ctest -L browser`, part of `make test`), which sets
//   BROADSIDE_BIN         the broadside binary under test (required)
//   BROADSIDE_SOURCE_DIR  the repository root (default: two levels up)
// or by hand from the repository root, after `npm ci`:
//   BROADSIDE_BIN=build/broadside node --test tests/browser/
//
// Drives Debian's Chromium (/usr/bin/chromium, or BROADSIDE_CHROMIUM) through
// playwright-core; it never downloads a browser. Every request stays on
// 127.0.0.1. On failure a full-page screenshot is written next to (not into)
// the temporary site directory, and its path is printed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createInterface } from 'node:readline';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const execFileAsync = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const sourceDir = process.env.BROADSIDE_SOURCE_DIR || path.resolve(here, '..', '..');
const chromiumPath = process.env.BROADSIDE_CHROMIUM || '/usr/bin/chromium';

// Generous: under ASan+UBSan `init --demo` and the first page renders are slow.
const kStartTimeoutMs = 120_000;
const kStopTimeoutMs = 15_000;
const kActionTimeoutMs = 30_000;

const kAdminEmail = 'admin@example.org';
const kAdminPassword = 'tidal-orchard-lantern-47';  // >= 12 chars, not a common password
const kByline = 'Samuel Okafor';                     // a demo byline (publishing/demo_content.cc)

// Loads playwright-core or fails with what to do about it (a failure, not a
// skip: `make test` must not pass without having driven a browser).
async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch (err) {
    throw new Error(
        `playwright-core is not installed (${err.code || err.message}): ` +
        `run \`npm ci\` in ${sourceDir} (Node.js ${process.version}; ` +
        `make test does this through scripts/install-deps.sh)`);
  }
}

// A running `broadside serve`, started and stopped by this file only.
class Server {
  constructor(bin, dataDir) {
    this.bin = bin;
    this.dataDir = dataDir;
    this.proc = null;
    this.origin = null;
    this.stderr = '';
  }

  // Starts the server on an ephemeral loopback port; resolves once it prints
  // "listening on http://HOST:PORT" on stdout.
  async start() {
    this.proc = spawn(this.bin, ['serve', '--data', this.dataDir, '--listen', '127.0.0.1:0'],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc.stderr.setEncoding('utf8');
    this.proc.stderr.on('data', (s) => { this.stderr = (this.stderr + s).slice(-20_000); });
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

  // SIGTERM to this server's PID only, then waits for it (SIGKILL as a last resort).
  async stop() {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGTERM');
    const timeout = new Promise((resolve) => setTimeout(() => resolve(null), kStopTimeoutMs));
    const result = await Promise.race([this.exited, timeout]);
    if (result === null) {
      this.proc.kill('SIGKILL');
      await this.exited;
      throw new Error(`broadside serve ignored SIGTERM for ${kStopTimeoutMs} ms`);
    }
  }
}

let playwright;
let workDir;    // the temporary site: data dir, password file, upload copy
let server;
let browser;

before(async () => {
  playwright = await loadPlaywright();
  const bin = process.env.BROADSIDE_BIN;
  assert.ok(bin, 'BROADSIDE_BIN must name the broadside binary (ctest sets it)');
  await fs.access(bin);
  await fs.access(chromiumPath).catch(() => {
    throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium package ` +
                    '(scripts/install-deps.sh does), or set BROADSIDE_CHROMIUM');
  });

  workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'broadside-e2e-'));
  const dataDir = path.join(workDir, 'site');
  const passwordFile = path.join(workDir, 'admin-password');
  await fs.writeFile(passwordFile, `${kAdminPassword}\n`, { mode: 0o600 });
  try {
    await execFileAsync(bin, ['init', '--data', dataDir, '--demo', '--admin-email', kAdminEmail,
                              '--admin-password-file', passwordFile],
                        { timeout: kStartTimeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    throw new Error(`broadside init failed: ${err.message}\nstdout:\n${err.stdout}\n` +
                    `stderr:\n${err.stderr}`);
  }
  server = new Server(bin, dataDir);
  await server.start();

  browser = await playwright.chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    chromiumSandbox: false,  // root in CI; the sandbox needs user namespaces
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  // Each step runs even when an earlier one failed; the first error is reported.
  const errors = [];
  for (const step of [() => browser?.close(), () => server?.stop(),
                      () => workDir && fs.rm(workDir, { recursive: true, force: true })]) {
    try { await step(); } catch (err) { errors.push(err); }
  }
  if (errors.length) throw errors[0];
});

// Navigates to `where` and asserts that the page answered 200.
async function gotoOk(page, where) {
  const res = await page.goto(where);
  assert.equal(res?.status(), 200, `GET ${where}`);
  return res;
}

// Chooses the uploaded image (`wanted`: media id, file name, alt text) in the
// editor's "Feature image" group: a <select> of the media library whose
// options carry the media id as value and "name — alt (W×H)" as label, or
// (should the editor change to them) radio buttons named by the image.
async function chooseFeatureImage(page, wanted) {
  const group = page.getByRole('group', { name: 'Feature image' });
  await group.waitFor();
  const select = group.getByRole('combobox');
  if (await select.count() > 0) {
    const options = await select.first().locator('option').evaluateAll(
        (opts) => opts.map((o) => ({ value: o.value, label: o.textContent.trim() })));
    const hit = options.find((o) => o.value === wanted.id) ||
                options.find((o) => o.label.includes(wanted.name));
    assert.ok(hit, `no "Feature image" option for media ${wanted.id} (${wanted.name}); ` +
                   `options: ${JSON.stringify(options)}`);
    await select.first().selectOption(hit.value);
    return;
  }
  await group.getByRole('radio', { name: wanted.name })
      .or(group.locator(`input[type=radio][value="${wanted.id}"]`)).first().check();
}

test('an editor publishes an article with an uploaded feature image', { timeout: 240_000 },
     async () => {
  const context = await browser.newContext({ baseURL: server.origin });
  context.setDefaultTimeout(kActionTimeoutMs);
  const page = await context.newPage();
  // Only our loopback origin is reachable: anything else is aborted at once
  // rather than left to time out on this machine's closed network.
  await context.route((url) => url.origin !== server.origin, (route) => route.abort());

  const stamp = `${Date.now()}`;
  const title = `Night buses return to Riverside ${stamp}`;
  const alt = `A night bus at a lit shelter, test ${stamp}`;
  try {
    // --- sign in
    await gotoOk(page, '/admin/login');
    await page.getByLabel('Email').fill(kAdminEmail);
    await page.getByLabel('Password').fill(kAdminPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/admin/login'));

    // --- upload an image (a copy of a demo image, under a name of its own)
    const demoDir = path.join(workDir, 'site', 'media', 'demo');
    const demoJpeg = (await fs.readdir(demoDir)).filter((f) => f.endsWith('.jpg')).sort()[0];
    assert.ok(demoJpeg, `init --demo wrote no JPEG under ${demoDir}`);
    const uploadName = `e2e-night-bus-${stamp}.jpg`;
    const uploadPath = path.join(workDir, uploadName);
    await fs.copyFile(path.join(demoDir, demoJpeg), uploadPath);

    await gotoOk(page, '/admin/media');
    await page.getByLabel('Image file').setInputFiles(uploadPath);
    await page.getByLabel(/alt text/i).fill(alt);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').filter({ hasText: 'uploaded' }).waitFor();
    const mediaMatch = /\/admin\/media\/(\d+)/.exec(new URL(page.url()).pathname);
    assert.ok(mediaMatch, `after the upload, expected /admin/media/ID, got ${page.url()}`);
    const media = { id: mediaMatch[1], name: uploadName, alt };

    // --- write the article, save it as a draft, publish it
    await gotoOk(page, '/admin/articles/new');
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel(/^Deck\b/).fill('Three routes, every twenty minutes, all night.');
    await page.getByLabel(/^(Body|Text)\b/).fill(
        'The **night network** is back from Monday.\n\nRoutes 3, 7 and 12 run every 20 minutes.');
    await page.getByRole('group', { name: 'Bylines' })
        .getByRole('checkbox', { name: kByline }).check();
    await chooseFeatureImage(page, media);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+/);
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    // The saved draft carries the library's description of the image.
    assert.equal(await page.getByRole('group', { name: 'Feature image' })
                     .getByLabel(/alt text/i).inputValue(), alt,
                 'the saved draft should show the image\'s alt text');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.getByRole('status').filter({ hasText: /Published/ }).waitFor();

    // --- the public site
    await gotoOk(page, '/');
    const link = page.getByRole('link', { name: title, exact: true });
    await link.first().waitFor();
    await link.first().click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();

    const img = page.locator('figure.feature img');
    await img.waitFor();
    const src = await img.getAttribute('src');
    const srcPath = new URL(src, server.origin).pathname;
    assert.match(srcPath, /^\/media\/lib\//, `feature image src ${src} is not from the library`);
    for (const attr of ['width', 'height']) {
      const v = await img.getAttribute(attr);
      assert.match(v ?? '', /^[1-9]\d*$/, `feature image ${attr}="${v}"`);
    }
    assert.equal(await img.getAttribute('alt'), alt);
    const served = await page.request.get(src);
    assert.equal(served.status(), 200, `GET ${src}`);
    assert.match(served.headers()['content-type'] ?? '', /^image\//);
  } catch (err) {
    // The site directory is removed in after(); the screenshot goes beside it.
    const shot = `${workDir}-failure.png`;
    let where;
    try {
      await page.screenshot({ path: shot, fullPage: true });
      where = `screenshot: ${shot}`;
    } catch (shotErr) {
      where = `no screenshot (${shotErr.message})`;
    }
    err.message = `${err.message}\n  at ${page.url()}\n  ${where}\n  server stderr (tail):\n` +
                  server.stderr.slice(-4000);
    throw err;
  } finally {
    await context.close();
  }
});
