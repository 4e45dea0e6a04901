// Pages in a real browser: accessibility (axe-core), forms without JavaScript, cookies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launch, seriousViolations, url } from './browser.mjs';

const SITES = ['cdmx.localhost', 'civis.localhost', 'jmorel.localhost', 'maia.localhost', 'localhost'];
const PAGES = ['/', '/cookie-policy/', '/cookies/', '/login/', '/news/', '/no-such-page/'];
const EMAIL = process.env.GALETTE_TEST_EMAIL;
const PASSWORD = process.env.GALETTE_TEST_PASSWORD;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('every page of every demo site has no serious or critical axe-core violation', async () => {
  // The pages' CSP rightly refuses inline scripts; the audit alone bypasses it to inject axe.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const found = [];
  for (const host of SITES) {
    for (const path of PAGES) {
      await page.goto(url(host, path));
      for (const violation of await seriousViolations(page)) {
        found.push(`${host}${path}: ${violation}`);
      }
    }
  }
  await context.close();
  assert.deepEqual(found, []);
});

test('the news editor, its refusals and the feed have no serious or critical axe-core violation', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(url('localhost', '/login/'));
  await page.locator('#email').fill(EMAIL);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form[action="/login/"] button[type=submit]').click();
  const found = [];
  const audit = async (what) => {
    for (const violation of await seriousViolations(page)) {
      found.push(`${what}: ${violation}`);
    }
  };
  for (const path of ['/backoffice/news/', '/backoffice/news/edit', '/news/']) {
    await page.goto(url('localhost', path));
    assert.equal(new URL(page.url()).pathname, path, `signed in as the platform's administrator: ${page.url()}`);
    await audit(path);
  }
  // A title without its text: the form comes back with a sentence and the field marked.
  await page.goto(url('localhost', '/backoffice/news/edit'));
  await page.locator('#title_fr').fill('Sans texte');
  await page.locator('form.stack button[type=submit]').click();
  assert.match(await page.textContent('[role=alert]'), /Français/);
  assert.equal(await page.getAttribute('#title_fr', 'aria-invalid'), 'true');
  await audit('refused news form');
  await context.close();
  assert.deepEqual(found, []);
});

test('without JavaScript the bell counts the news and leads to them', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(url('maia.localhost', '/'));
  assert.match(await page.textContent('a.bell .visually-hidden'), /^\d+ /);
  await page.locator('a.bell').click();
  assert.equal(new URL(page.url()).pathname, '/news/');
  assert.ok((await page.locator('.news-post').count()) > 0, 'the demo news are listed');
  await context.close();
});

test('an anonymous visit stores only the csrftoken cookie', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of PAGES) {
    await page.goto(url('cdmx.localhost', path));
  }
  const cookies = await context.cookies();
  assert.deepEqual(cookies.map((c) => c.name), ['csrftoken']);
  assert.equal(cookies[0].httpOnly, false);
  assert.equal(cookies[0].sameSite, 'Lax');
  await context.close();
});

test('a visitor sees the language their browser prefers, else the site default', async () => {
  for (const [locale, expected] of [['en-US', 'en'], ['pt-BR', 'pt'], ['de-DE', 'es']]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(url('cdmx.localhost', '/'));
    assert.equal(await page.getAttribute('html', 'lang'), expected, locale);
    await context.close();
  }
});

test('without JavaScript a visitor signs in, switches language and signs out', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'es-MX' });
  const page = await context.newPage();
  await page.goto(url('cdmx.localhost', '/account/'));
  assert.equal(new URL(page.url()).pathname, '/login/');
  assert.equal(await page.getAttribute('html', 'lang'), 'es');

  await page.getByLabel('Correo electrónico').fill(EMAIL);
  await page.getByLabel('Contraseña').fill(PASSWORD);
  await page.locator('form[action="/login/"] button[type=submit]').click();
  assert.equal(new URL(page.url()).pathname, '/account/');
  assert.match(await page.textContent('main'), new RegExp(EMAIL.replace('.', '\\.')));

  const session = (await context.cookies()).find((c) => c.name === 'sessionid');
  assert.ok(session, 'signed in');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Lax');

  await page.locator('form.languages button[value="en"]').click();
  assert.equal(new URL(page.url()).pathname, '/account/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const language = (await context.cookies()).find((c) => c.name === 'django_language');
  assert.equal(language?.value, 'en');

  await page.getByRole('button', { name: 'Sign out' }).click();
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal((await context.cookies()).find((c) => c.name === 'sessionid'), undefined);
  await page.goto(url('cdmx.localhost', '/account/'));
  assert.equal(new URL(page.url()).pathname, '/login/');
  await context.close();
});

test('the keyboard reaches the skip link first and it is visible when focused', async () => {
  const page = await browser.newPage();
  await page.goto(url('civis.localhost', '/cookie-policy/'));
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    href: document.activeElement?.getAttribute('href'),
    left: document.activeElement?.getBoundingClientRect().left,
  }));
  assert.equal(focused.href, '#main');
  assert.ok(focused.left >= 0, 'the focused skip link is on screen');
  await page.close();
});

test('pages fit a phone screen without sideways scrolling', async () => {
  const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
  for (const host of ['cdmx.localhost', 'localhost']) {
    for (const path of ['/', '/cookie-policy/', '/login/']) {
      await page.goto(url(host, path));
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 360, `${host}${path} is ${width}px wide`);
    }
  }
  await page.close();
});

test('the back office pages have no serious or critical axe-core violation', async () => {
  const context = await browser.newContext({ bypassCSP: true, locale: 'es-MX' });
  const page = await context.newPage();
  await page.goto(url('cdmx.localhost', '/login/'));
  await page.locator('#email').fill(EMAIL);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form[action="/login/"] button[type=submit]').click();
  const found = [];
  for (const path of [
    '/backoffice/',
    '/backoffice/cookies/edit',
    '/backoffice/cookies/edit?name=sessionid',
    '/backoffice/integrations/edit?name=OpenStreetMap',
    '/backoffice/revisions/',
    '/backoffice/consent/',
    '/backoffice/datasets/',
    '/backoffice/stats/',
    '/backoffice/stats/?period=today',
  ]) {
    await page.goto(url('cdmx.localhost', path));
    assert.equal(new URL(page.url()).pathname, path.split('?')[0], 'signed in as an administrator');
    for (const violation of await seriousViolations(page)) {
      found.push(`${path}: ${violation}`);
    }
  }
  await context.close();
  assert.deepEqual(found, []);
});

test('an administrator scans the site from the back office without JavaScript, and the result page is accessible', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(url('cdmx.localhost', '/login/'));
  await page.locator('#email').fill(EMAIL);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form[action="/login/"] button[type=submit]').click();
  await page.goto(url('cdmx.localhost', '/backoffice/'));
  await page.getByRole('link', { name: 'Cookie scan', exact: true }).click();
  await page.getByRole('button', { name: 'Scan the site now', exact: true }).click();
  assert.match(await page.textContent('.notice[role=status]'), /The scan has started/);
  // The scan runs in the server's own headless browser; the page shows it running, then
  // its result once reloaded.
  const deadline = Date.now() + 180_000;
  let result = '';
  while (Date.now() < deadline) {
    await page.goto(url('cdmx.localhost', '/backoffice/scan/'));
    result = await page.textContent('#scan-shown + dl .scan-running, #scan-shown + dl dd[class^=scan-]');
    if (!/Running/.test(result)) break;
    await page.waitForTimeout(1000);
  }
  assert.match(result, /Clean: the site does what its policy says/);
  assert.ok(await page.getByRole('link', { name: 'Download the JSON report' }).count() === 1);
  await context.close();

  const audit = await browser.newContext({ bypassCSP: true, locale: 'es-MX' });
  const auditPage = await audit.newPage();
  await auditPage.goto(url('cdmx.localhost', '/login/'));
  await auditPage.locator('#email').fill(EMAIL);
  await auditPage.locator('#password').fill(PASSWORD);
  await auditPage.locator('form[action="/login/"] button[type=submit]').click();
  await auditPage.goto(url('cdmx.localhost', '/backoffice/scan/'));
  assert.deepEqual(await seriousViolations(auditPage), []);
  await audit.close();
});

test('the dataset explorer is accessible and works without JavaScript', async () => {
  const audit = await browser.newContext({ bypassCSP: true });
  const auditPage = await audit.newPage();
  const found = [];
  for (const path of ['/datasets/', '/datasets/flights/', '/datasets/flights/?refine=origin:JFK&sort=-dep_delay&page=2&chart=dep_delay']) {
    await auditPage.goto(url('localhost', path));
    for (const violation of await seriousViolations(auditPage)) {
      found.push(`${path}: ${violation}`);
    }
  }
  await audit.close();
  assert.deepEqual(found, []);

  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('localhost', '/datasets/flights/'));
  await page.getByRole('link', { name: 'LGA', exact: true }).click();
  assert.match(await page.textContent('[role=status]'), /of 2905/);
  await page.fill('#q', 'UA');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const status = await page.textContent('[role=status]');
  assert.match(status, /origin/, 'the refinement is kept');
  assert.doesNotMatch(status, /of 2905/, 'the search narrowed the rows');
  // The chart form keeps the filters and draws without JavaScript.
  await page.selectOption('#chart', 'dep_delay');
  await page.getByRole('button', { name: 'Draw', exact: true }).click();
  assert.match(page.url(), /refine=origin/);
  assert.ok((await page.locator('figure.chart rect').count()) > 3, 'bars are drawn');
  await context.close();
});

test('an administrator publishes a CSV with the back-office upload form, without JavaScript', async () => {
  const signIn = async (page) => {
    await page.goto(url('cdmx.localhost', '/login/'));
    await page.locator('#email').fill(EMAIL);
    await page.locator('#password').fill(PASSWORD);
    await page.locator('form[action="/login/"] button[type=submit]').click();
  };
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'en-US' });
  const page = await context.newPage();
  await signIn(page);
  await page.goto(url('cdmx.localhost', '/backoffice/datasets/'));
  await page.locator('#dataset').fill('airlines');
  await page.locator('#title').fill('Airlines');
  const csv = fileURLToPath(new URL('../data/airlines.csv', import.meta.url));
  await page.locator('#file').setInputFiles(csv);
  await page.locator('form[action="/backoffice/datasets/"] button[type=submit]').click();
  assert.equal(new URL(page.url()).search, '?imported=airlines', 'the browser sent the token first');
  assert.match(await page.textContent('.notice[role=status]'), /16 rows into airlines/);
  await context.close();

  // The page again, now with its table of datasets, through axe-core.
  const audit = await browser.newContext({ bypassCSP: true });
  const auditPage = await audit.newPage();
  await signIn(auditPage);
  await auditPage.goto(url('cdmx.localhost', '/backoffice/datasets/'));
  assert.deepEqual(await seriousViolations(auditPage), []);
  await audit.close();
});
