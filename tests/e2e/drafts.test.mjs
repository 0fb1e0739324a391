// End to end: the feedback dashboard (issue 19) in headless Chromium against a searchd over the
// repo's corpus/ (tests/e2e/run.sh starts one).  The list of drafts, a draft's table with its
// bars and the draft's own article text, a click on an article's count landing on exactly its
// suggestions, a status part of the bar on its suggestions, the export links; screenshots.
//
//   NPC_URL=http://127.0.0.1:PORT node --test drafts.test.mjs      (or tests/e2e/run.sh)
import { describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, openPage, screenshot, idleOn, stepper } from './harness.mjs';

const DRAFT = '示范市养犬管理条例（草案）';

let browser;
let page;
const pageErrors = [];
const shot = (name) => screenshot(page, name);
const idle = () => idleOn(page);

const step = stepper('drafts', () => page);

describe('feedback dashboard', { concurrency: 1 }, () => {
  before(async () => {
    assert.ok(BASE, 'set NPC_URL');
    ({ browser, page } = await openPage({ width: 1280, height: 900 }, pageErrors));
  });
  after(async () => {
    if (browser) await browser.close();
  });

  step('the home page links to the dashboard, which lists the drafts', async () => {
    await page.goto(`${BASE}/`);
    await idle();
    await page.click('#drafts-link');
    await idle();
    await page.waitForSelector('#draft-view:not([hidden]) .draft-list li');
    const api = await (await page.request.get(`${BASE}/api/drafts`)).json();
    const names = await page.locator('.draft-list li a').allTextContents();
    assert.deepEqual(names, api.drafts.map((d) => d.draft), 'every draft, most suggestions first');
    assert.ok(await page.isHidden('#home'));
  });

  step('a draft: its articles hottest first, with bars and the draft text', async () => {
    await page.click(`.draft-list a:text-is("${DRAFT}")`);
    await idle();
    await page.waitForSelector('.draft-table tbody tr');
    const api = await (await page.request.get(`${BASE}/api/drafts/${encodeURIComponent(DRAFT)}`)).json();
    assert.equal((await page.textContent('#draft-title')).trim(), DRAFT);
    const labels = await page.locator('.draft-table tbody th .draft-article').allTextContents();
    assert.deepEqual(labels, api.articles.map((a) => a.article_label || '未指明条款'));
    const counts = await page.locator('.draft-table tbody .draft-total .draft-count').allTextContents();
    assert.deepEqual(counts.map(Number), api.articles.map((a) => a.total));
    // the bars: the hottest article's is the widest
    const widths = await page.locator('.draft-table tbody .draft-total .bar').evaluateAll(
      (bars) => bars.map((b) => b.getBoundingClientRect().width));
    assert.equal(Math.max(...widths), widths[0]);
    assert.ok(widths[0] > widths[widths.length - 1]);
    // the article's text, from the draft in corpus/laws
    const row = page.locator('.draft-table tbody tr[data-article="第十二条"]');
    await row.locator('details.draft-text summary').click();
    assert.match(await row.locator('details.draft-text').textContent(), /携犬出户应当遵守下列规定/);
    assert.ok(await page.locator('.draft-groups li').count() > 0, 'the groups of near-duplicates');
    const xlsx = await page.getAttribute('.draft-downloads a:text-is("导出 Excel")', 'href');
    const res = await page.request.get(new URL(xlsx, page.url()).href);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /spreadsheetml/);
    await shot('draft-dashboard.png');
  });

  step('clicking an article\'s count shows exactly its suggestions', async () => {
    const api = await (await page.request.get(`${BASE}/api/drafts/${encodeURIComponent(DRAFT)}`)).json();
    const a12 = api.articles.find((a) => a.article === 12);
    const want = new Set(api.suggestions.filter((s) => s.articles.includes('第12条')).map((s) => s.id));
    assert.equal(want.size, a12.total);
    await page.click('.draft-table tbody tr[data-article="第十二条"] .draft-total a.draft-count');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('article') === '第十二条'
      && document.documentElement.dataset.state === 'idle');
    const sp = new URL(page.url()).searchParams;
    assert.equal(sp.get('draft'), DRAFT);
    assert.equal(sp.get('type'), 'feedback');
    const seen = new Set();
    for (;;) {
      for (const id of await page.locator('#results .hit').evaluateAll((l) => l.map((h) => h.dataset.id))) seen.add(id);
      const next = page.locator('#pager a[rel=next]');
      if (await next.count() === 0) break;
      await next.click();
      await idle();
    }
    assert.deepEqual([...seen].sort(), [...want].sort(), 'the results are the suggestions behind the count');
    await page.goto(page.url().replace(/&page=\d+/, ''));
    await idle();
    await shot('draft-article-suggestions.png');
  });

  step('a status part of an article\'s bar shows its suggestions in that state', async () => {
    await page.goBack();
    await page.goto(`${BASE}/#draft=${encodeURIComponent(DRAFT)}`);
    await idle();
    const seg = page.locator('.draft-table tbody tr[data-article="第十二条"] .stack a.seg').first();
    const n = Number(await seg.textContent());
    const status = (await seg.getAttribute('title')).split('：')[0];
    await seg.click();
    await page.waitForFunction(() => new URLSearchParams(location.search).get('status') !== null
      && document.documentElement.dataset.state === 'idle');
    assert.equal(new URL(page.url()).searchParams.get('status'), status);
    const hits = await page.locator('#results .hit').count();
    assert.equal(hits, Math.min(n, 10));
    assert.deepEqual(pageErrors, [], 'no script errors');
  });
});
