// Takes the README's screenshot: node screenshot.mjs PORT OUT.png (a demo server must run).
import { launch } from './browser.mjs';

const [, , out = '../../docs/screenshot.png'] = process.argv;
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1200, height: 860 }, locale: 'es-MX' });
await page.goto(`http://cdmx.localhost:${process.env.GALETTE_TEST_PORT}/cookie-policy/`);
await page.screenshot({ path: out });
await browser.close();
