// The consent banner and preference centre in a real browser, with JavaScript on and off.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, url } from './browser.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const banner = '[data-consent-banner]';
const choiceOf = async (context) =>
  (await context.cookies()).find((c) => c.name === 'cookies_preferences')?.value;

test('nothing optional is stored before consent, even when a page tries', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const host of ['cdmx.localhost', 'localhost']) {
    await page.goto(url(host, '/'));
    await page.goto(url(host, '/test/set-cookies?set=tracker,_BEAMER_USER_ID,_ga'));
  }
  const names = [...new Set((await context.cookies()).map((c) => c.name))].sort();
  assert.deepEqual(names, ['csrftoken']);
  await context.close();
});

test('without JavaScript, rejecting all from the banner stores a refusal and the banner goes', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('civis.localhost', '/cookie-policy/'));
  assert.equal(await page.locator(banner).count(), 1);
  await page.locator(`${banner} button[value="reject_all"]`).click();
  assert.equal(new URL(page.url()).pathname, '/cookie-policy/');
  assert.match(await choiceOf(context), /^v1\.1\.none\./);
  assert.equal(await page.locator(banner).count(), 0);
  await context.close();
});

test('with JavaScript, accepting all hides the banner in place and the map appears', async () => {
  const context = await browser.newContext({ locale: 'es-MX' });
  const page = await context.newPage();
  await page.goto(url('cdmx.localhost', '/'));
  assert.equal(await page.locator('iframe').count(), 0, 'no third party before consent');
  await page.locator(`${banner} button[value="accept_all"]`).click();
  await page.waitForSelector('iframe', { state: 'attached' });
  assert.equal(await page.locator(banner).count(), 0);
  assert.match(await choiceOf(context), /^v1\.1\.functionality-statistics-marketing\./);
  assert.match(await page.getAttribute('iframe', 'src'), /^https:\/\/www\.openstreetmap\.org\//);
  await context.close();
});

test('with JavaScript, rejecting all hides the banner without reloading', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url('maia.localhost', '/'));
  await page.evaluate(() => {
    window.notReloaded = true;
  });
  await page.locator(`${banner} button[value="reject_all"]`).click();
  await page.waitForSelector(banner, { state: 'detached' });
  assert.equal(await page.evaluate(() => window.notReloaded), true);
  assert.match(await choiceOf(context), /^v1\.1\.none\./);
  await context.close();
});

test('customising in the centre grants exactly the ticked category, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('localhost', '/cookies/'));
  for (const code of ['functionality', 'statistics', 'marketing']) {
    assert.equal(await page.isChecked(`#cat-${code}`), false, `${code} is not pre-ticked`);
  }
  assert.equal(await page.isChecked('#cat-necessary'), true);
  assert.equal(await page.isDisabled('#cat-necessary'), true);
  await page.check('#cat-statistics');
  await page.locator('button[value="save"]').click();
  assert.match(await choiceOf(context), /^v1\.1\.statistics\./);
  assert.equal(await page.isChecked('#cat-statistics'), true, 'the centre shows the saved choice');
  assert.equal(await page.locator(banner).count(), 0);
  await context.close();
});

test('reject and accept look the same and the keyboard reaches both', async () => {
  const page = await browser.newPage();
  await page.goto(url('jmorel.localhost', '/'));
  const style = (value) =>
    page.$eval(`${banner} button[value="${value}"]`, (el) => {
      const s = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return [s.backgroundColor, s.color, s.fontSize, s.fontWeight, s.borderStyle, Math.round(box.height)];
    });
  assert.deepEqual(await style('reject_all'), await style('accept_all'));
  const reached = [];
  for (let i = 0; i < 12; i += 1) {
    await page.keyboard.press('Tab');
    reached.push(await page.evaluate(() => document.activeElement?.value || document.activeElement?.getAttribute('href')));
  }
  assert.ok(reached.includes('reject_all') && reached.includes('accept_all'), reached.join(' '));
  await page.close();
});
