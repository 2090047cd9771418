// End-to-end: an editor signs in to the back office in headless Chromium,
// uploads an image, writes an article with it as the feature image, publishes
// it, and finds it on the public site.
//
// Run through ctest (`ctest -L browser`, part of `make test`), or by hand
// from the repository root, after `npm ci`:
//   BROADSIDE_BIN=build/broadside node --test tests/browser/admin_publish.test.mjs
// support.mjs describes the environment, the temporary site and the browser.
// On failure a full-page screenshot is written next to (not into) the
// temporary site directory, and its path is printed.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Site, explainFailure, gotoOk, launchChromium, loadPlaywright,
         newLoopbackContext } from './support.mjs';

const kAdminEmail = 'admin@example.org';
const kAdminPassword = 'tidal-orchard-lantern-47';  // >= 12 chars, not a common password
const kByline = 'Samuel Okafor';                     // a demo byline (publishing/demo_content.cc)

let site;      // the temporary site and its server
let browser;

before(async () => {
  const playwright = await loadPlaywright();
  site = await Site.create({ adminEmail: kAdminEmail, adminPassword: kAdminPassword });
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
  const context = await newLoopbackContext(browser, site.origin);
  const page = await context.newPage();

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
    const demoDir = path.join(site.dataDir, 'media', 'demo');
    const demoJpeg = (await fs.readdir(demoDir)).filter((f) => f.endsWith('.jpg')).sort()[0];
    assert.ok(demoJpeg, `init --demo wrote no JPEG under ${demoDir}`);
    const uploadName = `e2e-night-bus-${stamp}.jpg`;
    const uploadPath = path.join(site.workDir, uploadName);
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
    const srcPath = new URL(src, site.origin).pathname;
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
    throw await explainFailure(err, site, { editor: page });
  } finally {
    await context.close();
  }
});
