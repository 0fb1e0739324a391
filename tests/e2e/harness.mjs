// What the page tests of drafts.test.mjs and versions.test.mjs share: the address of the
// searchd under test (NPC_URL), the screenshots' folder (NPC_ARTIFACTS), Debian's Chromium
// (CHROMIUM) launched headless, and a test step that screenshots the page when it fails.
import { test } from 'node:test';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BASE = (process.env.NPC_URL || '').replace(/\/+$/, '');
export const ARTIFACTS = path.resolve(process.env.NPC_ARTIFACTS || path.join(here, 'artifacts'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// A headless browser and a page of the given viewport (zh-CN); the page's uncaught errors are
// pushed onto errors.  The caller closes the browser.
export async function openPage(viewport, errors) {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
    timeout: 60_000,
  });
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => errors.push(String(e)));
  return { browser, page };
}

// A full-page screenshot of page into ARTIFACTS/name.
export const screenshot = (page, name) =>
  page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });

// Waits until the page says it has nothing pending (data-state="idle").
export const idleOn = (page) =>
  page.waitForFunction(() => document.documentElement.dataset.state === 'idle');

// A test(name, fn) that, when fn fails, screenshots getPage() as failed-PREFIX-NAME.png.
export function stepper(prefix, getPage) {
  return (name, fn) =>
    test(name, { timeout: 60_000 }, async () => {
      try {
        await fn();
      } catch (e) {
        const file = `failed-${prefix}-${name.replace(/[^\w-]+/g, '_').slice(0, 40)}.png`;
        await screenshot(getPage(), file).catch(() => {});
        throw e;
      }
    });
}
