// Each page as a person sees it, on a desktop (1280 px) and a phone (375 px): the page never
// scrolls sideways (wide tables and charts scroll inside their own regions), and a screenshot
// of each is written to GALETTE_SCREENSHOT_DIR (docs/screenshots/ keeps the current ones).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, url } from './browser.mjs';

const OUT = process.env.GALETTE_SCREENSHOT_DIR || join(tmpdir(), 'galette-screenshots');
const WIDTHS = [
  [1280, 900],
  [375, 812],
];
// name, host, path, locale, signed in. The home page is a first visit, with the consent
// banner; the others come after the visitor rejected the optional cookies.
const PAGES = [
  ['home', 'cdmx.localhost', '/', 'es-MX', false],
  ['policy', 'cdmx.localhost', '/cookie-policy/', 'es-MX', false],
  ['catalog', 'localhost', '/datasets/', 'en-US', false],
  ['explorer', 'localhost', '/datasets/flights/', 'en-US', false],
  ['chart', 'localhost', '/datasets/flights/?chart=dep_delay', 'en-US', false],
  ['backoffice-datasets', 'cdmx.localhost', '/backoffice/datasets/', 'es-MX', true],
  ['news', 'maia.localhost', '/news/', 'pt-BR', false],
];

let browser;
before(async () => {
  browser = await launch();
  mkdirSync(OUT, { recursive: true });
});
after(async () => {
  await browser?.close();
});

async function signIn(page, host) {
  await page.goto(url(host, '/login/'));
  await page.locator('#email').fill(process.env.GALETTE_TEST_EMAIL);
  await page.locator('#password').fill(process.env.GALETTE_TEST_PASSWORD);
  await page.locator('form[action="/login/"] button[type=submit]').click();
}

for (const [width, height] of WIDTHS) {
  test(`at ${width} px no page scrolls sideways, and each is photographed`, async () => {
    const overflowing = [];
    for (const [name, host, path, locale, signedIn] of PAGES) {
      const context = await browser.newContext({ viewport: { width, height }, locale });
      const page = await context.newPage();
      if (name !== 'home') {
        await page.goto(url(host, '/'));
        // The banner's script sends the choice in the background: wait for its answer.
        await Promise.all([
          page.waitForResponse((r) => new URL(r.url()).pathname === '/cookies/' && r.request().method() === 'POST'),
          page.locator('button[name=action][value=reject_all]').first().click(),
        ]);
      }
      if (signedIn) {
        await signIn(page, host);
      }
      await page.goto(url(host, path));
      assert.equal(new URL(page.url()).pathname, path.split('?')[0], `${name}: ${page.url()}`);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      if (scrollWidth > innerWidth) {
        overflowing.push(`${name}: ${scrollWidth} px wide in a ${innerWidth} px window`);
      }
      await page.screenshot({ path: join(OUT, `${name}-${width}.png`), fullPage: true });
      await context.close();
    }
    assert.deepEqual(overflowing, []);
  });
}

test('the explorer table scrolls inside a labelled, focusable region with its first column in view', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url('localhost', '/datasets/flights/'));
  const region = page.locator('.records .table-scroll');
  assert.equal(await region.getAttribute('role'), 'region');
  assert.equal(await region.getAttribute('tabindex'), '0');
  const { scrolls, stays } = await region.evaluate((el) => {
    const first = el.querySelector('tbody td');
    const before = first.getBoundingClientRect().left;
    el.scrollLeft = el.scrollWidth;
    return { scrolls: el.scrollWidth > el.clientWidth, stays: Math.abs(first.getBoundingClientRect().left - before) < 1 };
  });
  assert.ok(scrolls, 'the nineteen columns are wider than the page: the region scrolls');
  assert.ok(stays, 'the first column is sticky');
  await context.close();
});
