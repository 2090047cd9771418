// End-to-end: the Mailbag, from a visitor's question to a published,
// searchable answer, in headless Chromium.
//
//   0. the admin creates a topic and a byline for the expert (back office);
//   1. a visitor without JavaScript asks a question (pseudonym, topic, email,
//      consent) and gets the thank-you page;
//   2. the expert sets a password through the one-time link `broadside user
//      add` printed, signs in, finds the question in the queue, takes it,
//      answers it in Markdown with a link, co-signs it and publishes it;
//   3. /mailbag and /mailbag/<slug> show it, signed "BY: <expert>", and the
//      asker's email appears on no public page or feed;
//   4. /search finds it by a word only it contains, as a Q&A, also with the
//      type filter, and its link opens it;
//   5. a later visitor asking something similar is shown the answer first:
//      as they type with JavaScript, on a confirmation step without; they
//      send theirs anyway and it reaches the queue.
//
// Run through ctest (`ctest -L browser`, part of `make test`), or by hand
// from the repository root, after `npm ci`:
//   BROADSIDE_BIN=build/broadside node --test tests/browser/mailbag_flow.test.mjs
// support.mjs describes the environment, the temporary site and the browser.
// On failure each open page is screenshotted next to (not into) the
// temporary site directory, and the failing step is named.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Site, explainFailure, gotoOk, launchChromium, loadPlaywright,
         newLoopbackContext } from './support.mjs';

const kAdminEmail = 'admin@example.org';
const kAdminPassword = 'tidal-orchard-lantern-47';    // >= 12 chars, not a common password
const kExpertEmail = 'expert@example.org';
const kExpertName = 'Ana Ruiz';
const kExpertPassword = 'copper-heron-meadow-81';
const kCoSigner = 'Priya Raman';                       // a demo byline (publishing/demo_content.cc)
const kTopic = 'Housing';

// The ask form refuses a post made sooner than this after it was rendered
// (mailbag::FormTimer, 3 s by default); a margin keeps a slow run honest.
const kMinFillMs = 3_500;

let site;      // the temporary site and its server
let browser;
let expertSetPasswordPath;   // "/admin/set-password?token=..."

before(async () => {
  const playwright = await loadPlaywright();
  site = await Site.create({ adminEmail: kAdminEmail, adminPassword: kAdminPassword });
  expertSetPasswordPath = await site.addUser(
      { email: kExpertEmail, name: kExpertName, roles: ['expert'] });
  await site.start();
  browser = await launchChromium(playwright);
});

after(async () => {
  // Each step runs even when an earlier one failed; the first error is reported.
  const errors = [];
  for (const step of [() => browser?.close(), () => site?.close()]) {
    try { await step(); } catch (err) { errors.push(err); }
  }
  if (errors.length) throw errors[0];
});

// Runs one named step of the flow; a failure names the step.
async function step(name, fn) {
  try {
    return await fn();
  } catch (err) {
    err.message = `step "${name}": ${err.message}`;
    throw err;
  }
}

// Waits for the admin flash message (role=status) to contain `text`.
async function flash(page, text) {
  await page.locator('main').getByRole('status').filter({ hasText: text }).waitFor();
}

async function signIn(page, email, password) {
  await gotoOk(page, '/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/admin/login'));
}

// The asker's email must appear in no public response: checked on the raw
// body (markup, attributes, JSON-LD, feeds), not just the visible text.
async function assertNoEmail(page, where, email) {
  const res = await page.request.get(where);
  assert.equal(res.status(), 200, `GET ${where}`);
  const body = await res.text();
  assert.ok(!body.toLowerCase().includes(email.toLowerCase()),
            `the asker's email appears in ${where}`);
  const local = email.slice(0, email.indexOf('@'));
  assert.ok(!body.includes(local), `the local part of the asker's email appears in ${where}`);
}

test('a visitor asks, an expert answers and publishes, search finds it', { timeout: 280_000 },
     async () => {
  // A word no other text on the site contains, so search finds only this
  // question and the similar-questions step has nothing to show.
  const token = `zq${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const question = `How can our tenants' association get the stairwell lights in block ` +
                   `${token} fixed when the landlord ignores our letters?`;
  const pseudonym = 'Rosa from Riverside';
  const askerEmail = `asker-${token}@example.net`;
  const answerLead = 'Write to the council\'s housing office';
  const answerLinkUrl = 'https://example.org/housing/repairs-guide';
  const answer = `${answerLead} and keep a copy of every letter.\n\n` +
                 `The **repair duty** is the landlord's: see ` +
                 `[the council's repairs guide](${answerLinkUrl}).`;

  // One context per person; the visitor has JavaScript off, the reader on.
  const contexts = {
    admin: await newLoopbackContext(browser, site.origin),
    visitor: await newLoopbackContext(browser, site.origin, { javaScriptEnabled: false }),
    expert: await newLoopbackContext(browser, site.origin),
    reader: await newLoopbackContext(browser, site.origin),
  };
  const pages = {};
  for (const [who, context] of Object.entries(contexts)) pages[who] = await context.newPage();
  try {
    await step('0. the admin adds a topic and the expert\'s byline', async () => {
      const page = pages.admin;
      await signIn(page, kAdminEmail, kAdminPassword);
      await gotoOk(page, '/admin/mailbag-topics');
      const form = page.getByRole('group', { name: 'New topic' });
      await form.getByLabel('Name', { exact: true }).fill(kTopic);
      await form.getByRole('button', { name: 'Create' }).click();
      await flash(page, 'Saved');
      assert.equal(await page.locator('table').getByRole('textbox', { name: 'Name' })
                       .first().inputValue(), kTopic);

      await gotoOk(page, '/admin/bylines/new');
      await page.getByLabel('Name', { exact: true }).fill(kExpertName);
      await page.getByRole('radio', { name: 'Person' }).check();
      await page.getByLabel('Title or role').fill('Housing adviser');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.waitForURL(/\/admin\/bylines\/\d+/);
      await page.getByRole('heading', { level: 1, name: kExpertName }).waitFor();
    });

    await step('1. a visitor without JavaScript asks a question', async () => {
      const page = pages.visitor;
      await gotoOk(page, '/mailbag');
      await page.getByRole('link', { name: 'Ask a question' }).first().click();
      await page.waitForURL((url) => url.pathname === '/mailbag/ask');
      const shownAt = Date.now();
      await page.getByLabel('Your question').fill(question);
      await page.getByLabel(/^Name or pseudonym/).fill(pseudonym);
      await page.getByLabel(/^Email/).fill(askerEmail);
      await page.getByLabel('Tell me when my question is answered').check();
      await page.getByLabel('Topic').selectOption({ label: kTopic });
      await page.getByLabel(/^You may publish my question/).check();
      // The honeypot is there, and a person leaves it empty.
      const honeypot = page.locator('form.mailbag-form input[name="website"]');
      assert.equal(await honeypot.count(), 1, 'the ask form has no "website" honeypot field');
      assert.equal(await honeypot.inputValue(), '');

      await sleep(Math.max(0, kMinFillMs - (Date.now() - shownAt)));
      await page.getByRole('button', { name: 'Send my question', exact: true }).click();
      // Already answered questions that look similar are shown first, on a
      // confirmation step; this question is new, but if the step appears,
      // the visitor sends it anyway.
      const thanks = page.getByRole('heading', { level: 1, name: 'Thank you for your question' });
      const anyway = page.getByRole('button', { name: 'Send my question anyway' });
      await thanks.or(anyway).first().waitFor();
      if (await anyway.isVisible()) await anyway.click();
      await thanks.waitFor();
      await page.getByRole('status').getByRole('heading', { name: 'What happens next' }).waitFor();
      assert.ok(!(await page.content()).includes(askerEmail),
                'the thank-you page repeats the asker\'s email');
    });

    let publicPath;  // "/mailbag/<slug>"
    await step('2. the expert answers, co-signs and publishes', async () => {
      const page = pages.expert;
      await gotoOk(page, expertSetPasswordPath);
      await page.getByLabel('New password').fill(kExpertPassword);
      await page.getByLabel('The same password again').fill(kExpertPassword);
      await page.getByRole('button', { name: 'Set password' }).click();
      await page.waitForURL((url) => url.pathname === '/admin/login');
      await signIn(page, kExpertEmail, kExpertPassword);

      await gotoOk(page, '/admin/mailbag');
      const entry = page.getByRole('row').filter({ hasText: token });
      await entry.waitFor();
      assert.equal(await entry.count(), 1, 'the question is listed once in the queue');
      assert.ok((await entry.innerText()).includes(pseudonym), 'the queue shows the pseudonym');
      await entry.getByRole('link').first().click();
      await page.waitForURL(/\/admin\/mailbag\/\d+$/);
      await page.locator('blockquote.original').filter({ hasText: token }).waitFor();

      await page.getByRole('button', { name: 'Assign to me' }).click();
      await page.getByRole('region', { name: 'Assigned to' }).getByRole('listitem')
          .filter({ hasText: kExpertName }).waitFor();

      assert.equal(await page.getByLabel('Question as published').inputValue(), question,
                   'the published version starts as the question asked');
      const topic = page.getByLabel('Topic', { exact: true });
      assert.equal(await topic.locator('option:checked').innerText(), kTopic,
                   'the topic the visitor chose is kept');
      await page.getByLabel('Answer (Markdown)').fill(answer);
      const bylines = page.getByRole('group', { name: 'Bylines' });
      await bylines.getByRole('checkbox', { name: kExpertName, exact: true }).check();
      await bylines.getByRole('checkbox', { name: kCoSigner, exact: true }).check();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await flash(page, 'Saved');
      assert.equal(await page.getByLabel('Answer (Markdown)').inputValue(), answer);
      assert.ok(await bylines.getByRole('checkbox', { name: kExpertName, exact: true })
                    .isChecked(), 'the expert\'s byline is kept after saving');

      await page.getByRole('button', { name: 'Publish', exact: true }).click();
      await flash(page, 'Published');
      const view = page.getByRole('link', { name: 'View on the site' });
      publicPath = new URL(await view.getAttribute('href'), site.origin).pathname;
      assert.match(publicPath, /^\/mailbag\/[a-z0-9][a-z0-9-]*$/, 'public address');
    });

    await step('3. the public Mailbag shows the answer, not the email', async () => {
      const page = pages.visitor;
      await gotoOk(page, '/mailbag');
      const item = page.locator('.mailbag-entry').filter({ hasText: token });
      await item.waitFor();
      const meta = item.locator('.mailbag-meta');
      assert.match(await meta.innerText(), new RegExp(`^BY: .*${kExpertName}`));
      assert.ok((await meta.innerText()).includes(kCoSigner), 'the co-signer is in the byline');
      await item.getByRole('link', { name: /Read more/ }).click();
      await page.waitForURL((url) => url.pathname === publicPath);

      const qa = page.locator('article.mailbag-qa');
      await qa.locator('.mailbag-question').filter({ hasText: question }).waitFor();
      await qa.locator('.mailbag-question').filter({ hasText: pseudonym }).waitFor();
      const answered = qa.getByRole('region', { name: 'Answer' });
      const byline = answered.locator('.mailbag-meta');
      assert.match(await byline.innerText(), new RegExp(`^BY: .*${kExpertName}`));
      await byline.getByRole('link', { name: kExpertName }).waitFor();
      await answered.getByText(answerLead).waitFor();
      await answered.locator('strong').filter({ hasText: 'repair duty' }).waitFor();
      const link = answered.getByRole('link', { name: 'the council\'s repairs guide' });
      assert.equal(await link.getAttribute('href'), answerLinkUrl);

      for (const where of ['/mailbag', publicPath, '/mailbag/feed.xml', '/mailbag/atom.xml',
                           `/search?q=${token}`, `/search/suggest?q=${token}`]) {
        await assertNoEmail(page, where, askerEmail);
      }
    });

    await step('4. search finds it as a Q&A', async () => {
      const page = pages.visitor;
      await gotoOk(page, '/search');
      const form = page.locator('main').getByRole('search');
      await form.getByLabel('Search for').fill(token);
      await form.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((url) => url.pathname === '/search' &&
                                     url.searchParams.get('q') === token);
      // The count (role=status) is on every page with a query, results or not.
      const count = page.locator('main').getByRole('status');
      const hits = page.locator('.search-results > li');
      await count.waitFor();
      assert.equal(await hits.count(), 1,
                   `exactly one result for "${token}"; the page says: ${await count.innerText()}`);
      const hit = hits.first();
      assert.equal((await hit.locator('.search-type').innerText()).trim(), 'Q&A');
      const hitLink = hit.getByRole('heading').getByRole('link');
      assert.equal(new URL(await hitLink.getAttribute('href'), site.origin).pathname, publicPath);

      // The type filter: Q&A keeps it, Article drops it.
      await form.getByLabel('Type').selectOption('qa');
      await form.getByRole('button', { name: 'Search' }).click();
      await page.waitForURL((url) => url.searchParams.get('type') === 'qa');
      await count.waitFor();
      assert.equal(await hits.count(), 1, 'one Q&A result with type=qa');
      assert.equal((await hits.first().locator('.search-type').innerText()).trim(), 'Q&A');
      await gotoOk(page, `/search?q=${token}&type=article`);
      await count.waitFor();
      assert.equal(await hits.count(), 0, 'type=article leaves the Q&A out');

      await gotoOk(page, `/search?q=${token}&type=qa`);
      await hits.first().getByRole('heading').getByRole('link').click();
      await page.waitForURL((url) => url.pathname === publicPath);
      await page.locator('article.mailbag-qa').filter({ hasText: token }).waitFor();
    });

    await step('5. a later visitor is shown the answer before asking again', async () => {
      const again = `Are the stairwell lights in block ${token} part of the landlord's ` +
                    `repair duty, or is it the council's job?`;
      const suggestion = (page) => page.locator(`.mailbag-similar a[href="${publicPath}"]`);

      // With JavaScript, while typing.
      let page = pages.reader;
      await gotoOk(page, '/mailbag/ask');
      await page.getByLabel('Your question').fill(again);
      await suggestion(page).waitFor();

      // Without JavaScript, on a confirmation step before anything is stored.
      page = pages.visitor;
      await gotoOk(page, '/mailbag/ask');
      const shownAt = Date.now();
      await page.getByLabel('Your question').fill(again);
      await page.getByLabel(/^You may publish my question/).check();
      await sleep(Math.max(0, kMinFillMs - (Date.now() - shownAt)));
      await page.getByRole('button', { name: 'Send my question', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Has your question already been answered?' })
          .waitFor();
      await page.locator(`main a[href="${publicPath}"]`).waitFor();
      await page.getByRole('button', { name: 'Send my question anyway' }).click();
      await page.getByRole('heading', { level: 1, name: 'Thank you for your question' }).waitFor();

      page = pages.expert;
      await gotoOk(page, '/admin/mailbag');
      await page.getByRole('row').filter({ hasText: 'part of the landlord' }).waitFor();
    });
  } catch (err) {
    throw await explainFailure(err, site, pages);
  } finally {
    for (const context of Object.values(contexts)) await context.close();
  }
});
