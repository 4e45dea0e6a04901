// Shared set-up of the browser tests: Debian's Chromium driven by playwright-core,
// against the galette server that tests/it/browser.rs started.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const port = process.env.GALETTE_TEST_PORT;
if (!port) {
  throw new Error('GALETTE_TEST_PORT is not set: run these through `cargo test` (tests/it/browser.rs)');
}

export const url = (host, path = '/') => `http://${host}:${port}${path}`;

// The flags a closed network needs: no background connections, no first-run, no sandbox as root.
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Serious and critical axe-core violations of WCAG 2.x A/AA on the current page.
export async function seriousViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
