// End-to-end: joining, from the public form to the member's own data, in
// headless Chromium with JavaScript off (the public pages must work without
// it), with the site's mail delivered over SMTP to a real server on loopback.
//
//   0. a MailSink (tests/browser/smtp_sink.py, Debian's aiosmtpd) listens on
//      127.0.0.1 and the site's [mail] section points at it;
//   1. a visitor fills the Join form (name, email, postal code, region,
//      country, privacy consent, news by email), waits past the form's
//      minimum fill time, sends it and sees "Check your email";
//   2. the confirmation email arrives (its text and HTML parts carry the same
//      link); opening the link does not spend it, pressing the button does,
//      and shows the welcome page; pressing it again shows "This link no
//      longer works" (410), not a second welcome;
//   3. the member asks for a sign-in link at /members (which sends them to the
//      sign-in page), opens the link from the second email, presses the
//      button and lands in the portal, which shows their name and details;
//   4. the member downloads their data from the portal's link; the JSON holds
//      their name, email and consent; without a session data.json redirects;
//   5. someone joins again with the member's address: the page is the same as
//      a new joiner's (no enumeration), and the member gets "You are already
//      with us", with a working sign-in link, instead of a confirmation.
//
// Run through ctest (`ctest -L browser`, part of `make test`), or by hand
// from the repository root, after `npm ci`:
//   BROADSIDE_BIN=build/broadside node --test tests/browser/join_flow.test.mjs
// support.mjs describes the environment, the temporary site, the mail sink
// and the browser. On failure each open page is screenshotted next to (not
// into) the temporary site directory, and the failing step is named.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MailSink, Site, explainFailure, gotoOk, launchChromium, loadPlaywright, mailLink, step,
         newLoopbackContext } from './support.mjs';

const kAdminEmail = 'admin@example.org';
const kAdminPassword = 'tidal-orchard-lantern-47';    // >= 12 chars, not a common password
const kFromAddress = 'members@example.org';

// The Join form refuses a post made sooner than this after it was rendered
// (mailbag::FormTimer, 3 s by default, shared with the Ask form); a margin
// keeps a slow run honest.
const kMinFillMs = 3_500;

// Non-ASCII on purpose: the name travels through the form, the sealed
// profile, the mail headers and bodies (RFC 2047, quoted-printable or base64)
// and the JSON export.
const kFirstName = 'Zoë';
const kLastName = 'Núñez Okafor';
const kPostalCode = 'E1 6AN';
const kRegion = 'Greater London';
const kCountry = 'United Kingdom';

let site;      // the temporary site and its server
let mail;      // the SMTP server the site sends to
let browser;

before(async () => {
  const playwright = await loadPlaywright();
  site = await Site.create({ adminEmail: kAdminEmail, adminPassword: kAdminPassword,
                             demo: false });
  mail = await MailSink.start(path.join(site.workDir, 'mail'));
  await site.configure('mail', { smtp_url: mail.smtpUrl, starttls: 'off',
                                 from_address: kFromAddress });
  await site.start();
  browser = await launchChromium(playwright);
});

after(async () => {
  // Each step runs even when an earlier one failed; the first error is reported.
  const errors = [];
  for (const step of [() => browser?.close(), () => mail?.stop(), () => site?.close()]) {
    try { await step(); } catch (err) { errors.push(err); }
  }
  if (errors.length) throw errors[0];
});

// The one link to `pathname` in `message`, as its path and query (the
// link's origin is the configured base URL, not this test's server).
function linkIn(message, pathname) {
  const url = mailLink(message, pathname);
  return url.pathname + url.search;
}

// Fills and sends the Join form on `page` as our joiner with `email`;
// resolves to the response to the POST.
async function join(page, email) {
  await gotoOk(page, '/join');
  await page.getByRole('heading', { level: 1, name: 'Join us' }).waitFor();
  const shownAt = Date.now();
  await page.getByLabel('First name').fill(kFirstName);
  await page.getByLabel('Last name').fill(kLastName);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Postal code').fill(kPostalCode);
  await page.getByLabel('Region or state').fill(kRegion);
  await page.getByLabel('Country', { exact: true }).fill(kCountry);
  await page.getByLabel(/^I agree that the organization keeps my details/).check();
  await page.getByLabel(/^Send me news and calls to action by email/).check();
  // The honeypot is there, and a person leaves it empty.
  const honeypot = page.locator('form.join-form input[name="website"]');
  assert.equal(await honeypot.count(), 1, 'the Join form has no "website" honeypot field');
  assert.equal(await honeypot.inputValue(), '');

  await sleep(Math.max(0, kMinFillMs - (Date.now() - shownAt)));
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' &&
                                new URL(r.url()).pathname === '/join'),
    page.getByRole('button', { name: 'Join', exact: true }).click(),
  ]);
  await page.waitForLoadState();
  return res;
}

// Presses the single button on a page opened from an emailed link (the only
// way such a link is spent); resolves to the response to the POST.
async function press(page, buttonName, actionPath) {
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' &&
                                new URL(r.url()).pathname === actionPath),
    page.getByRole('button', { name: buttonName, exact: true }).click(),
  ]);
  await page.waitForLoadState();
  return res;
}

const to = (address) => (m) => m.rcpt_tos.map((a) => a.toLowerCase()).includes(address);

test('a visitor joins, confirms, signs in and downloads their data', { timeout: 280_000 },
     async () => {
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const email = `zoe.nunez-${unique}@example.net`;

  // One context per visit, all without JavaScript.
  const contexts = {
    joiner: await newLoopbackContext(browser, site.origin, { javaScriptEnabled: false }),
    member: await newLoopbackContext(browser, site.origin, { javaScriptEnabled: false }),
    stranger: await newLoopbackContext(browser, site.origin, { javaScriptEnabled: false }),
  };
  const pages = {};
  for (const [who, context] of Object.entries(contexts)) pages[who] = await context.newPage();
  try {
    let sentPageText;  // what "Check your email" says, to compare with a second join
    await step('1. a visitor fills the Join form', async () => {
      const page = pages.joiner;
      const res = await join(page, email);
      assert.equal(res.status(), 200, 'POST /join');
      await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
      assert.equal(await page.locator('main strong').innerText(), email,
                   'the page names the address the link went to');
      sentPageText = await page.locator('main').innerText();
    });

    let confirmPath;  // "/join/confirm?token=..."
    await step('2. the confirmation email confirms the membership, once', async () => {
      const message = await mail.next('confirming the join', to(email));
      assert.equal(message.mail_from, kFromAddress, 'envelope sender');
      assert.match(message.from, new RegExp(kFromAddress.replace('.', '\\.')));
      assert.match(message.subject, /^Confirm your membership/);
      assert.ok(message.text.includes(`Hello ${kFirstName},`),
                `the text part greets ${kFirstName}:\n${message.text}`);
      confirmPath = linkIn(message, '/join/confirm');

      // Opening the link (as a mail scanner would, twice) does not spend it.
      const page = pages.joiner;
      for (let i = 0; i < 2; ++i) {
        await gotoOk(page, confirmPath);
        await page.getByRole('heading', { level: 1, name: 'Confirm your membership' }).waitFor();
      }
      const res = await press(page, 'Confirm my membership', '/join/confirm');
      assert.equal(res.status(), 200, 'POST /join/confirm');
      await page.getByRole('heading', { level: 1, name: `Welcome, ${kFirstName}` }).waitFor();
      await page.locator('main').getByText('Your membership is confirmed.').waitFor();
      await page.getByRole('link', { name: 'See and change your details' }).waitFor();

      // A second press, from the link again, is refused.
      await gotoOk(page, confirmPath);
      const again = await press(page, 'Confirm my membership', '/join/confirm');
      assert.equal(again.status(), 410, 'a spent confirmation link');
      await page.getByRole('heading', { level: 1, name: 'This link no longer works' }).waitFor();
      assert.equal(await page.getByRole('heading', { name: /^Welcome/ }).count(), 0,
                   'a spent link shows a welcome again');
    });

    await step('3. the member signs in with an emailed link', async () => {
      const page = pages.member;
      const res = await gotoOk(page, '/members');
      assert.equal(new URL(res.url()).pathname, '/members/sign-in',
                   '/members without a session leads to the sign-in page');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('Email', { exact: true }).fill(email);
      const asked = await press(page, 'Send me a sign-in link', '/members/sign-in');
      assert.equal(asked.status(), 200, 'POST /members/sign-in');
      await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();

      const message = await mail.next('with a sign-in link', to(email));
      assert.match(message.subject, /^Your sign-in link/);
      const signInPath = linkIn(message, '/members/sign-in');
      await gotoOk(page, signInPath);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await press(page, 'Sign in to my member page', '/members/sign-in');
      await page.waitForURL((url) => url.pathname === '/members');
      await page.getByRole('heading', { level: 1, name: 'Your membership' }).waitFor();
      const details = page.locator('main dl.portal-details');
      const text = await details.innerText();
      for (const shown of [`${kFirstName} ${kLastName}`, email, kPostalCode, kRegion, kCountry]) {
        assert.ok(text.includes(shown), `the portal shows "${shown}":\n${text}`);
      }
    });

    await step('4. the member downloads their data', async () => {
      const page = pages.member;
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download everything we hold about you (JSON)' }).click(),
      ]);
      assert.equal(download.suggestedFilename(), 'my-membership-data.json');
      const data = JSON.parse(await fs.readFile(await download.path(), 'utf8'));
      assert.equal(data.profile?.first_name, kFirstName);
      assert.equal(data.profile?.last_name, kLastName);
      assert.equal(data.profile?.email, email);
      assert.equal(data.profile?.postal_code, kPostalCode);
      assert.equal(data.membership?.status, 'active');
      assert.equal(data.membership?.email_updates, true, 'the news-by-email consent is kept');
      assert.ok(Array.isArray(data.history) && data.history.length > 0, 'a history');

      // Without the member's session there is nothing to download.
      const res = await contexts.stranger.request.get('/members/data.json', { maxRedirects: 0 });
      assert.equal(res.status(), 303, 'data.json without a session');
      assert.equal(new URL(res.headers().location, site.origin).pathname, '/members/sign-in');
      assert.ok(!(await res.text()).includes(email), 'data.json without a session leaks data');
    });

    await step('5. joining again with a member\'s address reveals nothing', async () => {
      const page = pages.stranger;
      const res = await join(page, email);
      assert.equal(res.status(), 200, 'POST /join with a member\'s address');
      await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
      assert.equal(await page.locator('main').innerText(), sentPageText,
                   'the page for a member\'s address differs from a new joiner\'s');

      const message = await mail.next('saying "already with us"', to(email));
      assert.match(message.subject, /^You are already with us/,
                   'a member joining again is told so, not sent a confirmation');
      // Its link signs them in, like the one they ask for.
      const signInPath = linkIn(message, '/members/sign-in');
      await gotoOk(page, signInPath);
      await press(page, 'Sign in to my member page', '/members/sign-in');
      await page.waitForURL((url) => url.pathname === '/members');
      await page.locator('main dl.portal-details').getByText(`${kFirstName} ${kLastName}`)
          .waitFor();

      // Everything the member was sent: one confirmation, no more.
      const subjects = (await mail.messages()).filter(to(email)).map((m) => m.subject);
      assert.equal(subjects.length, 3, `three emails to the member:\n${subjects.join('\n')}`);
      assert.equal(subjects.filter((s) => s.startsWith('Confirm your membership')).length, 1,
                   'exactly one confirmation email');
    });
  } catch (err) {
    throw await explainFailure(err, site, pages);
  } finally {
    for (const context of Object.values(contexts)) await context.close();
  }
});
