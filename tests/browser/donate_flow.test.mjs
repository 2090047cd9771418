// End-to-end: a monthly gift (issue 6), from the Donate form through the
// payment page to the emailed receipt and its cancel link, in headless
// Chromium with JavaScript off (the public pages must work without it).
// Payments go to the Stripe TEST DOUBLE (tests/stripe_double/, NOT Stripe),
// which is the site's Stripe API, shows a fake hosted checkout page and sends
// signed webhooks back to the site; mail goes over SMTP to a real server on
// loopback.
//
//   0. a MailSink and a StripeDouble listen on 127.0.0.1; the site's [mail]
//      points at the sink, [donations] is enabled against the double, whose
//      secret key and webhook secret reach the server only through its
//      environment (BROADSIDE_STRIPE_SECRET_KEY, ..._WEBHOOK_SECRETS);
//   1. a donor refuses to be careful: an amount of -5 is sent back with the
//      amount's error and everything typed kept, and nothing goes to Stripe;
//   2. the donor picks a preset amount, monthly, fills name (non-ASCII),
//      email, postal address, employer and occupation, ticks every
//      statement and is sent to the double's pay page; pressing Pay brings
//      them back to /donate/thanks, which thanks them; every webhook the
//      double sent was accepted;
//   3. one receipt arrives (sent by the outbox in the background): it names
//      the amount, the donor and the organization, and its text and HTML
//      parts carry the same "cancel my monthly donation" link;
//   4. opening the link shows the monthly amount and a Cancel button and
//      changes nothing (the double's subscription stays active); pressing it
//      shows the cancelled page and the double's subscription is cancelled;
//      the link opened again says the donation is cancelled (no button), a
//      stale form pressed again says so too (200: cancelling is idempotent),
//      and Stripe is not asked again.
//
// Run through ctest (`ctest -L browser`, part of `make test`), or by hand
// from the repository root, after `npm ci`:
//   BROADSIDE_BIN=build/broadside node --test tests/browser/donate_flow.test.mjs
// On failure each open page is screenshotted next to (not into) the
// temporary site directory, and the failing step is named.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MailSink, mailLink, step, Site, StripeDouble, explainFailure, freeLoopbackPort, gotoOk,
         launchChromium, loadPlaywright, newLoopbackContextFor } from './support.mjs';

const kAdminEmail = 'admin@example.org';
const kAdminPassword = 'tidal-orchard-lantern-47';    // >= 12 chars, not a common password
const kFromAddress = 'donations@example.org';
const kLegalName = 'Friends of the Browser Test';
const kDisclaimer = 'Contributions are not tax deductible.';
// Test-only secrets for the double (it refuses any key not "sk_test_...").
const kStripeKey = 'sk_test_browser_donate';
const kWebhookSecret = 'whsec_browser_donate';
// The Donate form shares the Ask form's minimum fill time (mailbag's
// FormTimer, 3 s by default); a margin keeps a slow run honest.
const kMinFillMs = 3_500;

// Non-ASCII on purpose: the name travels through the form, the sealed donor
// profile and the receipt's headers and bodies.
const kName = 'Zoë Núñez';
const kStreet = '12 Calle Ñandú';
const kCity = 'Springfield';
const kRegion = 'IL';
const kPostalCode = '62701';
const kCountry = 'United States';
const kEmployer = 'Café Müller Cooperative';
const kOccupation = 'Baker';
// The preset picked: not the one the form chooses by default ($25.00).
const kPresetLabel = '$50.00';

let site;      // the temporary site and its server
let mail;      // the SMTP server the site sends to
let stripe;    // the Stripe test double
let browser;

before(async () => {
  const playwright = await loadPlaywright();
  site = await Site.create({ adminEmail: kAdminEmail, adminPassword: kAdminPassword,
                             demo: false });
  mail = await MailSink.start(path.join(site.workDir, 'mail'));
  // Stripe's success URL and the receipt's links are built from base_url,
  // so the site's address is chosen before it starts.
  const port = await freeLoopbackPort();
  const origin = `http://127.0.0.1:${port}`;
  stripe = await StripeDouble.start({ secretKey: kStripeKey, webhookSecrets: [kWebhookSecret],
                                      webhookUrl: `${origin}/stripe/webhook` });
  await site.configure('site', { base_url: origin });
  await site.configure('mail', { smtp_url: mail.smtpUrl, starttls: 'off',
                                 from_address: kFromAddress });
  await site.configure('donations', { enabled: true, stripe_api_base: stripe.baseUrl,
                                      legal_name: kLegalName, receipt_disclaimer: kDisclaimer });
  await site.start({ port, env: { BROADSIDE_STRIPE_SECRET_KEY: kStripeKey,
                                  BROADSIDE_STRIPE_WEBHOOK_SECRETS: kWebhookSecret } });
  assert.equal(site.origin, origin, 'the server listens where base_url says');
  browser = await launchChromium(playwright);
});

after(async () => {
  // Each step runs even when an earlier one failed; the first error is reported.
  const errors = [];
  for (const step of [() => browser?.close(), () => mail?.stop(), () => stripe?.stop(),
                      () => site?.close()]) {
    try { await step(); } catch (err) { errors.push(err); }
  }
  if (errors.length) throw errors[0];
});

// The one link to `pathname` in `message`, absolute (base_url is this
// test's server).
function linkIn(message, pathname) {
  return mailLink(message, pathname).href;
}

// Opens /donate and fills it as our donor: monthly, `amount` (a preset's
// label, or { other: "typed" }), every text field and every statement.
// Resolves to the time the form was shown (for the minimum fill time).
async function fillDonate(page, email, amount) {
  await gotoOk(page, '/donate');
  await page.getByRole('heading', { level: 1, name: 'Donate' }).waitFor();
  const shownAt = Date.now();
  await page.getByLabel('Monthly', { exact: true }).check();
  if (typeof amount === 'string') {
    await page.getByLabel(amount, { exact: true }).check();
  } else {
    await page.getByLabel('Other amount', { exact: true }).check();
    await page.getByLabel('Other amount (USD)', { exact: true }).fill(amount.other);
  }
  await page.getByLabel('Full name', { exact: true }).fill(kName);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Street address', { exact: true }).fill(kStreet);
  await page.getByLabel('City', { exact: true }).fill(kCity);
  await page.getByLabel('State or region', { exact: true }).fill(kRegion);
  await page.getByLabel('Postal code', { exact: true }).fill(kPostalCode);
  await page.getByLabel('Country', { exact: true }).fill(kCountry);
  // Asked by law only above the itemization threshold, and always offered.
  await page.getByLabel('Employer', { exact: true }).fill(kEmployer);
  await page.getByLabel('Occupation', { exact: true }).fill(kOccupation);
  const statements = page.locator('form.donate-form input[type="checkbox"][name="attest"]');
  const count = await statements.count();
  assert.ok(count > 0, 'the Donate form asks the donor to confirm statements');
  for (let i = 0; i < count; ++i) await statements.nth(i).check();
  // The honeypot is there, and a person leaves it empty.
  const honeypot = page.locator('form.donate-form input[name="website"]');
  assert.equal(await honeypot.count(), 1, 'the Donate form has no "website" honeypot field');
  assert.equal(await honeypot.inputValue(), '');
  return shownAt;
}

// Sends the filled Donate form once the minimum fill time has passed;
// resolves to the response to the POST (the page then follows any redirect).
async function sendDonate(page, shownAt) {
  await sleep(Math.max(0, kMinFillMs - (Date.now() - shownAt)));
  const [res] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' &&
                                new URL(r.url()).pathname === '/donate'),
    page.getByRole('button', { name: 'Continue to payment', exact: true }).click(),
  ]);
  await page.waitForLoadState();
  return res;
}

// Presses the button named `buttonName` on `page`; resolves to the response
// to the POST it sends to `actionPath` (on any origin).
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

test('a donor gives monthly, gets the receipt and cancels from its link', { timeout: 280_000 },
     async () => {
  const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const email = `zoe.nunez-${unique}@example.net`;

  // JavaScript off; the donor's context may reach the site and the double's
  // hosted pages, nothing else.
  const context = await newLoopbackContextFor(browser, [site.origin, stripe.baseUrl],
                                              { javaScriptEnabled: false });
  const page = await context.newPage();
  const pages = { donor: page };
  // Every request the donor's browser made to the double.
  const toStripe = [];
  page.on('request', (r) => {
    if (new URL(r.url()).origin === stripe.baseUrl) toStripe.push(`${r.method()} ${r.url()}`);
  });
  try {
    await step('1. a negative amount is refused, with what was typed kept', async () => {
      const shownAt = await fillDonate(page, email, { other: '-5' });
      const res = await sendDonate(page, shownAt);
      assert.equal(res.status(), 422, 'POST /donate with an amount of -5');
      assert.equal(new URL(page.url()).origin, site.origin, 'the donor stays on the site');
      assert.deepEqual(toStripe, [], 'a refused form sends the donor to Stripe');
      await page.getByRole('heading', { level: 1, name: 'Donate' }).waitFor();
      assert.equal((await page.locator('#donate-amount-error').innerText()).trim(),
                   'The amount cannot be negative.');
      await page.locator('.form-errors').getByRole('link', { name: /^Amount: / }).waitFor();
      assert.equal(await page.getByLabel('Other amount (USD)', { exact: true }).inputValue(), '-5');
      assert.equal(await page.getByLabel('Full name', { exact: true }).inputValue(), kName);
      assert.equal(await page.getByLabel('Email', { exact: true }).inputValue(), email);
      assert.equal(await page.getByLabel('Employer', { exact: true }).inputValue(), kEmployer);
      assert.ok(await page.getByLabel('Monthly', { exact: true }).isChecked(),
                'the refused form forgot "Monthly"');
    });

    let sessionId;  // "cs_test_..." at the double
    await step('2. the donor gives monthly and pays on the double\'s page', async () => {
      const shownAt = await fillDonate(page, email, kPresetLabel);
      const res = await sendDonate(page, shownAt);
      assert.equal(res.status(), 303, 'POST /donate redirects to the checkout page');
      await page.waitForURL((u) => u.origin === stripe.baseUrl);
      const payUrl = new URL(page.url());
      assert.equal(payUrl.origin, stripe.baseUrl, 'the donor is on the double\'s page');
      const m = /^\/pay\/(cs_test_\w+)$/.exec(payUrl.pathname);
      assert.ok(m, `a hosted checkout page: ${payUrl.href}`);
      sessionId = m[1];
      await page.getByRole('heading', { level: 1, name: '5000 USD (minor units) per month',
                                        exact: false }).waitFor();

      // What the site asked of "Stripe": a monthly $50.00 plan for this donor.
      const session = await stripe.object(sessionId);
      assert.equal(session.mode, 'subscription');
      assert.equal(session.amount_total, 5000);
      assert.equal(session.currency, 'usd');
      assert.equal(session.customer_email, email);
      assert.equal(session.success_url,
                   `${site.origin}/donate/thanks?session_id={CHECKOUT_SESSION_ID}`);

      const paid = await press(page, 'Pay', `/pay/${sessionId}`);
      assert.equal(paid.status(), 303, 'POST /pay redirects to the success URL');
      await page.waitForURL((u) => u.pathname === '/donate/thanks');
      const thanks = new URL(page.url());
      assert.equal(thanks.origin, site.origin);
      assert.equal(thanks.pathname, '/donate/thanks');
      assert.equal(thanks.searchParams.get('session_id'), sessionId);
      await page.getByRole('heading', { level: 1, name: 'Thank you' }).waitFor();
      await page.locator('main').getByText('Thank you for your donation.').waitFor();

      // The webhooks for this payment reached the site, signed, and were accepted.
      const events = await stripe.events();
      const types = events.map((e) => e.type);
      for (const type of ['invoice.paid', 'checkout.session.completed']) {
        assert.ok(types.includes(type), `the double sent ${type}: ${types.join(', ')}`);
      }
      for (const e of events) {
        assert.equal(e.status, 200, `the site's answer to ${e.type} ${e.id}: ` +
                                    JSON.stringify(e.deliveries));
      }
    });

    let cancelLink;      // the receipt's absolute /donate/cancel?token=... link
    let subscriptionId;  // "sub_..." at the double
    await step('3. the receipt arrives with the cancel link', async () => {
      const message = await mail.next('with the receipt', to(email));
      assert.equal(message.mail_from, kFromAddress, 'envelope sender');
      assert.match(message.subject, /^Your donation receipt/);
      assert.ok(message.subject.includes(kLegalName), `the subject names ${kLegalName}`);
      for (const shown of [`Hello ${kName},`, 'Amount: $50.00', 'Monthly donation', kLegalName,
                           kDisclaimer]) {
        assert.ok(message.text.includes(shown), `the receipt says "${shown}":\n${message.text}`);
      }
      assert.ok(message.html.includes('$50.00'), 'the HTML receipt names the amount');
      assert.match(message.html, />Cancel my monthly donation<\/a>/,
                   'the HTML receipt has the "Cancel my monthly donation" link');
      cancelLink = linkIn(message, '/donate/cancel');
      assert.equal(new URL(cancelLink).origin, site.origin, 'the link is on the site');

      const session = await stripe.object(sessionId);
      subscriptionId = session.subscription;
      assert.match(subscriptionId ?? '', /^sub_/, 'the paid session has a subscription');
    });

    await step('4. the donor cancels from the link, once', async () => {
      // Opening the link (as a mail scanner would) changes nothing.
      for (let i = 0; i < 2; ++i) {
        await gotoOk(page, cancelLink);
        await page.getByRole('heading', { level: 1, name: 'Cancel your monthly donation' })
            .waitFor();
        await page.getByRole('button', { name: 'Cancel my monthly donation', exact: true })
            .waitFor();
        await page.locator('main').getByText('$50.00').waitFor();
      }
      assert.equal((await stripe.object(subscriptionId)).status, 'active',
                   'opening the cancel link cancelled the subscription');

      const res = await press(page, 'Cancel my monthly donation', '/donate/cancel');
      assert.equal(res.status(), 200, 'POST /donate/cancel');
      await page.getByRole('heading', { level: 1, name: 'Your monthly donation is cancelled' })
          .waitFor();
      await page.locator('main').getByText('No further payments will be taken.').waitFor();
      assert.equal((await stripe.object(subscriptionId)).status, 'canceled',
                   'the double\'s subscription after the press');

      // The link again: the page says it is cancelled and offers no button.
      await gotoOk(page, cancelLink);
      await page.getByRole('heading', { level: 1, name: 'Your monthly donation is cancelled' })
          .waitFor();
      assert.equal(await page.getByRole('button', { name: 'Cancel my monthly donation' }).count(),
                   0, 'a cancelled plan offers no Cancel button');
      // A form left open in another tab, sent again: cancelling is
      // idempotent, and Stripe is not asked a second time.
      const again = await page.request.post(new URL('/donate/cancel', site.origin).href, {
        form: { token: new URL(cancelLink).searchParams.get('token') },
      });
      assert.equal(again.status(), 200, 'POST /donate/cancel with a spent link');
      assert.ok((await again.text()).includes('Your monthly donation is cancelled'),
                'the page for a cancelled plan');
      const deleted = (await stripe.events()).filter(
          (e) => e.type === 'customer.subscription.deleted' && e.object_id === subscriptionId);
      assert.equal(deleted.length, 1, 'the subscription was cancelled at the double once');
      assert.equal(deleted[0].status, 200, 'the site accepted customer.subscription.deleted');
      // The double logs each request line on stderr.
      const cancels = stripe.stderr.split('\n').filter(
          (line) => line.includes(`"DELETE /v1/subscriptions/${subscriptionId} `));
      assert.equal(cancels.length, 1,
                   `the site asked the double to cancel once:\n${cancels.join('\n')}`);

      // Everything the donor was sent: one receipt for the first month (the
      // invoice and the session both describe that one payment).
      const subjects = (await mail.messages()).filter(to(email)).map((m) => m.subject);
      assert.equal(subjects.length, 1, `one email to the donor:\n${subjects.join('\n')}`);
    });
  } catch (err) {
    const explained = await explainFailure(err, site, pages);
    explained.message += `\n  stripe double stderr (tail):\n${stripe.stderr.slice(-3000)}`;
    throw explained;
  } finally {
    await context.close();
  }
});
