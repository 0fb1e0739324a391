// End-to-end test of a law's versions on the search page (issue 18), in headless Chromium
// (Debian's): a law of corpus/ with two versions (示范市电动自行车停放充电管理规定 2021 and
// 2025) opened, the other version reached from the timeline, the diff of the two opened from
// it and looked at on a desktop and on a phone's width.  Screenshots go to NPC_ARTIFACTS.
//
//   NPC_URL=http://127.0.0.1:PORT node --test versions.test.mjs      (or tests/e2e/run.sh)
import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openPage, screenshot, idleOn, stepper } from './harness.mjs';

const LAW = 'laws/地方性法规/示范市电动自行车停放充电管理规定';
const V2021 = `${LAW}(2021-01-01).md`;
const V2025 = `${LAW}(2025-06-01).md`;

let browser;
let page;
const pageErrors = [];
const shot = (name) => screenshot(page, name);
const idle = () => idleOn(page);

const step = stepper('versions', () => page);

describe('law versions on the page', { concurrency: 1 }, () => {
  before(async () => {
    assert.ok(BASE, 'set NPC_URL to the base URL of a running searchd');
    ({ browser, page } = await openPage({ width: 1280, height: 860 }, pageErrors));
  });

  after(async () => {
    if (browser) await browser.close();
  });

  step('1. a law shows its versions as a timeline, with their statuses', async () => {
    await page.goto(`${BASE}/#doc=${encodeURIComponent(V2025)}`);
    await idle();
    await page.waitForSelector('.timeline-item');
    const items = page.locator('.timeline-item');
    assert.equal(await items.count(), 2, 'two versions');
    assert.equal(await items.nth(0).getAttribute('data-id'), V2021, 'the older first');
    assert.match(await items.nth(0).textContent(), /2021-01-01 起施行.*已修改/);
    assert.match(await items.nth(1).textContent(), /2025-06-01 起施行/);
    assert.equal(await page.locator('.timeline .is-current').count(), 1);
    assert.match(await page.locator('.timeline .is-current').textContent(), /2025/);
    assert.match(await page.textContent('#doc-fields'), /施行日期/);
  });

  step('2. the other version opens from the timeline', async () => {
    await page.click('.timeline-item:first-child a.version');
    await page.waitForFunction((id) => decodeURIComponent(location.hash) === `#doc=${id}`, V2021);
    await idle();
    await page.waitForSelector('.timeline .is-current');
    assert.match(await page.locator('.timeline .is-current').textContent(), /2021/);
    assert.match(await page.textContent('#doc-body'), /本规定自2021年1月1日起施行/);
    await shot('versions-timeline.png');
  });

  step('3. the diff opens from the timeline: changed articles marked side by side', async () => {
    await page.click('.timeline-item:nth-child(2) a.diff-link');
    await page.waitForFunction(() => location.hash.startsWith('#diff='));
    await idle();
    await page.waitForSelector('.diff-pair.mark-changed');
    assert.ok(await page.locator('.diff-pair.mark-changed').count() >= 1, 'changed articles');
    assert.ok(await page.locator('.diff-pair.mark-added').count() >= 1, 'added articles');
    assert.ok(await page.locator('.diff del').count() >= 1 && await page.locator('.diff ins').count() >= 1,
      'deleted and inserted characters marked');
    const first = page.locator('.diff-pair.mark-changed').first();
    assert.equal(await first.locator('.diff-side').count(), 2, 'two sides');
    const [a, b] = await first.locator('.diff-side').evaluateAll((l) => l.map((e) => e.getBoundingClientRect().left));
    assert.ok(b > a + 100, 'side by side on a desktop');
    assert.match(await page.textContent('#doc-meta'), /修改 \d+/);
    await shot('versions-diff.png');
  });

  step('4. the diff on a phone: one column, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(200);
    const first = page.locator('.diff-pair.mark-changed').first();
    const [a, b] = await first.locator('.diff-side').evaluateAll((l) => l.map((e) => e.getBoundingClientRect().top));
    assert.ok(b > a, 'the new text under the old one');
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wide <= 1, `no horizontal scrolling (${wide}px too wide)`);
    await shot('versions-diff-phone.png');
    assert.deepEqual(pageErrors, [], 'no script errors');
  });
});
