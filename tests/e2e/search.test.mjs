// End-to-end test of the npcsearch search page in headless Chromium (Debian's, never a
// downloaded one), against a running searchd whose index was built from the repo's corpus/.
//
//   NPC_URL=http://127.0.0.1:PORT node --test search.test.mjs      (or tests/e2e/run.sh)
//
// NPC_URL        base URL of searchd (required)
// NPC_ARTIFACTS  where screenshots go (default tests/e2e/artifacts)
// CHROMIUM       the browser binary (default /usr/bin/chromium)
// (Playwright gives the browser a fresh temporary profile of its own on every launch.)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const BASE = (process.env.NPC_URL || '').replace(/\/+$/, '');
const ARTIFACTS = path.resolve(process.env.NPC_ARTIFACTS || path.join(here, 'artifacts'));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// queries that exist in corpus/ (fictional 示范市 documents)
const Q_WORDS = '基层立法联系点';
const Q_CITE = '示范市基层立法联系点工作条例第十二条之一';
const LAW_TITLE = '示范市基层立法联系点工作条例';
const XSS = ['<img src=x onerror=window.__xss=1>', '"><script>window.__xss=1</script>'];

const STEP_TIMEOUT = 60_000;

let browser;
let context;
let page;
const pageErrors = [];

const enc = encodeURIComponent;
const shot = (p, name, opts = {}) => p.screenshot({ path: path.join(ARTIFACTS, name), ...opts });

/** Waits until the page shows the answer for the URL it is on (data-state set by app.js). */
async function settled(p, check = () => true) {
  await p.waitForFunction(() => document.documentElement.dataset.state === 'idle');
  await p.waitForFunction(check);
}

/** Types q into #q and submits the form; waits for the answer to q. */
async function search(p, q, { click = false } = {}) {
  await p.fill('#q', q);
  if (click) await p.click('#search-form button[type=submit]');
  else await p.press('#q', 'Enter');
  await p.waitForFunction(
    (want) => new URLSearchParams(location.search).get('q') === want
      && document.documentElement.dataset.state === 'idle',
    q,
  );
}

const urlParams = (p) => new URL(p.url()).searchParams;

/** A test that leaves a screenshot of the page behind when it fails. */
function step(name, fn) {
  test(name, { timeout: STEP_TIMEOUT }, async (t) => {
    try {
      await fn(t);
    } catch (e) {
      const file = `failed-${name.replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 60)}.png`;
      if (page) await shot(page, file).catch(() => {});
      throw e;
    }
  });
}

describe('npcsearch search page', { concurrency: 1 }, () => {
  before(async () => {
    assert.ok(BASE, 'set NPC_URL to the base URL of a running searchd, e.g. http://127.0.0.1:8080');
    await fs.mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
      timeout: 60_000,
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (e) => pageErrors.push(String(e && e.stack ? e.stack : e)));
  });

  after(async () => {
    if (browser) await browser.close();
  });

  step('0. the page shell: title, autofocus, OpenSearch', async () => {
    const res = await page.goto(`${BASE}/`);
    assert.equal(res.status(), 200);
    await settled(page);
    assert.match(await page.title(), /法规检索/);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    assert.ok(await page.isVisible('#home'), 'the empty state shows');
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'q',
      '#q has the focus');
    assert.equal(await page.getAttribute('#q', 'name'), 'q');
    assert.equal(await page.getAttribute('#q', 'type'), 'search');
    assert.ok(await page.$('label[for=q]'), '#q has a label');
    const link = await page.$('link[rel=search][type="application/opensearchdescription+xml"]');
    assert.ok(link, 'an OpenSearch link');
    assert.equal(await link.getAttribute('href'), '/opensearch.xml');
    const osd = await page.request.get(`${BASE}/opensearch.xml`);
    assert.equal(osd.status(), 200);
    const xml = await osd.text();
    assert.match(xml, /<ShortName>npcsearch<\/ShortName>/);
    assert.match(xml, /<InputEncoding>UTF-8<\/InputEncoding>/);
    assert.match(xml, /template="\/\?q=\{searchTerms\}"/);
  });

  step('1. a word search shows hits, the total and highlighted snippets', async () => {
    await search(page, Q_WORDS, { click: true });
    const hits = page.locator('#results .hit');
    assert.ok(await hits.count() >= 3, `at least 3 hits, got ${await hits.count()}`);
    const total = (await page.textContent('#total')).trim();
    const m = /共\s*(?:约\s*)?([\d,]+)\s*条结果/.exec(total);
    assert.ok(m, `#total shows a count: "${total}"`);
    assert.ok(Number(m[1].replace(/,/g, '')) >= await hits.count());
    assert.match(total, /用时\s*[\d.]+\s*毫秒/);
    const marks = await page.locator('#results .snippet mark').allTextContents();
    assert.ok(marks.some((t) => t.trim() && Q_WORDS.includes(t.trim())),
      `a <mark> holds part of the query: ${JSON.stringify(marks.slice(0, 5))}`);
    const first = hits.first();
    assert.ok((await first.locator('.hit-title').textContent()).trim(), 'hits have titles');
    assert.match(await first.locator('.hit-title').getAttribute('href'), /#doc=/);
    assert.ok(await first.locator('.hit-type').isVisible(), 'hits show their type');
  });

  step('1b. paging: 下一页 goes to page 2', async (t) => {
    const total = Number((/共\s*(?:约\s*)?([\d,]+)/.exec(await page.textContent('#total')) || [])[1]?.replace(/,/g, ''));
    if (!(total > 10)) {
      t.skip(`only ${total} results`);
      return;
    }
    const firstIds = await page.locator('#results .hit').evaluateAll((l) => l.map((e) => e.dataset.id));
    await page.click('#pager a.pager-next');
    await settled(page, () => new URLSearchParams(location.search).get('page') === '2');
    assert.equal((await page.textContent('#pager [aria-current=page]')).trim(), '2');
    const ids = await page.locator('#results .hit').evaluateAll((l) => l.map((e) => e.dataset.id));
    assert.ok(ids.length > 0, 'page 2 has hits');
    assert.ok(ids.every((id) => !firstIds.includes(id)), 'page 2 shows other hits than page 1');
    await page.click('#pager a.pager-prev');
    await settled(page, () => !new URLSearchParams(location.search).has('page'));
  });

  step('2. the type facet filters to articles (and clicking again clears it)', async () => {
    // a fresh load of a result URL: results are linkable
    await page.goto(`${BASE}/?q=${enc(Q_WORDS)}`);
    await settled(page, () => document.querySelectorAll('#results .hit').length > 0);
    const facet = page.locator('#facets button.facet[data-facet="type"][data-value="article"]');
    assert.ok(await facet.isVisible(), 'a 条文 facet button');
    // (约: over corpus/ with its feedback sample the match set is counted from a sample)
    assert.match(await facet.textContent(), /条文\s*(约\s*)?\d+/);
    await facet.click();
    await settled(page, () => new URLSearchParams(location.search).get('type') === 'article');
    assert.equal(urlParams(page).get('type'), 'article');
    const labels = await page.locator('#results .hit .hit-type').allTextContents();
    assert.ok(labels.length > 0, 'hits remain');
    assert.equal((await page.locator('#results .hit').count()), labels.length, 'every hit shows its type');
    assert.ok(labels.every((l) => l.trim() === '条文'), `all hits are 条文: ${JSON.stringify(labels)}`);
    const active = page.locator('#facets button.facet[data-facet="type"][data-value="article"]');
    assert.equal(await active.getAttribute('aria-pressed'), 'true', 'the active filter is marked');
    assert.match(await active.getAttribute('class'), /\bis-active\b/);
    await shot(page, 'results.png', { fullPage: true });

    await active.click();
    await settled(page, () => !new URLSearchParams(location.search).has('type'));
    assert.equal(await page.getAttribute('#facets button.facet[data-facet="type"][data-value="article"]', 'aria-pressed'), 'false');
  });

  step('2b. the sort switch orders by date, newest first', async () => {
    await page.click('#sort button[data-sort="date"]');
    await settled(page, () => new URLSearchParams(location.search).get('sort') === 'date');
    assert.equal(await page.getAttribute('#sort button[data-sort="date"]', 'aria-pressed'), 'true');
    const dates = await page.locator('#results .hit .hit-date').evaluateAll((l) => l.map((e) => e.lastChild.textContent));
    assert.ok(dates.length > 1);
    const sorted = [...dates].sort().reverse();
    assert.deepEqual(dates, sorted, 'dates are newest first');
    await page.click('#sort button[data-sort="relevance"]');
    await settled(page, () => !new URLSearchParams(location.search).has('sort'));
  });

  step('3. a citation opens the document view at that article', async () => {
    await page.goto(`${BASE}/`);
    await settled(page);
    await search(page, Q_CITE);
    const first = page.locator('#results .hit').first();
    assert.match(await first.locator('.hit-label').textContent(), /第十二条之一/, 'the cited article comes first');
    await first.locator('.hit-title').click();
    await settled(page, () => location.hash.startsWith('#doc=') && !!document.querySelector('#doc-view .article.current'));
    assert.ok(await page.isVisible('#doc-view'), '#doc-view is visible');
    assert.ok(!(await page.isVisible('#results')), 'the result list is hidden');
    assert.equal((await page.textContent('#doc-title')).trim(), LAW_TITLE);
    const n = await page.locator('#doc-view .article').count();
    assert.ok(n >= 5, `the law's articles are listed (${n})`);
    assert.ok(await page.locator('#doc-view .chapter-heading').count() >= 2, 'chapter headings');
    const current = page.locator('#doc-view .article.current');
    assert.equal(await current.count(), 1, 'one highlighted article');
    const text = (await current.innerText()).trim();
    assert.ok(text.startsWith('第十二条之一'), `the highlighted article is 第十二条之一: "${text.slice(0, 20)}"`);
    assert.match(await current.getAttribute('id'), /^art-[\w-]+$/, 'articles have anchor ids');
    const label = current.locator('a.article-label');
    assert.equal((await label.textContent()).trim(), '第十二条之一');
    assert.ok(await label.getAttribute('href'), 'the label links to its article');
    const inView = await current.evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;
    });
    assert.ok(inView, 'the highlighted article is scrolled into view');
    await shot(page, 'document.png');

    // an article's label moves the highlight there; Back returns to the cited one
    const next = page.locator('#doc-view .article.current + .article a.article-label, #doc-view .article.current ~ .article a.article-label').first();
    const nextLabel = (await next.textContent()).trim();
    await next.click();
    await settled(page, () => !document.querySelector('.article.current a.article-label')?.textContent.startsWith('第十二条之一'));
    assert.ok((await page.locator('#doc-view .article.current').innerText()).trim().startsWith(nextLabel));
    await page.goBack();
    await settled(page, () => document.querySelector('.article.current a.article-label')?.textContent === '第十二条之一');
  });

  step('4. Back returns to the results', async () => {
    await page.goBack();
    await settled(page, () => location.hash === '' && document.querySelectorAll('#results .hit').length > 0);
    assert.ok(!(await page.isVisible('#doc-view')), 'the document view is closed');
    assert.ok(await page.locator('#results .hit').first().isVisible(), 'the hits are back');
    assert.equal(urlParams(page).get('q'), Q_CITE);
    assert.equal(await page.inputValue('#q'), Q_CITE);
    assert.match(await page.locator('#results .hit .hit-label').first().textContent(), /第十二条之一/);
  });

  step('4b. an article lists the documents citing it; a citation leads back to it', async () => {
    const art = 'laws/地方性法规/示范市电动自行车停放充电管理规定(2025-06-01).md#5';
    await page.goto(`${BASE}/#doc=${enc(art)}`);
    await settled(page, () => !!document.querySelector('#doc-view .doc-links'));
    const links = page.locator('#doc-view .doc-links');
    assert.match(await links.locator('.links-heading').first().textContent(), /引用本条（第五条）的文件（1）/);
    const citing = links.locator('ul.cited-by a');
    assert.equal(await citing.count(), 1, 'one citing document');
    assert.match(await citing.textContent(), /示范市物业管理条例/);
    await citing.click();
    await settled(page, () => decodeURIComponent(location.hash).includes('物业管理条例草案')
      && !!document.querySelector('#doc-view ul.citations a'));
    assert.match(await page.textContent('#doc-title'), /示范市物业管理条例（草案）》第二十条的意见/);
    assert.match(await page.textContent('#doc-fields'), /示范市东城社区基层立法联系点/, 'the feedback fields');
    // it cites the draft's own 第二十条 too (the draft is in corpus/laws): two citations
    assert.equal(await page.locator('#doc-view ul.citations a').count(), 2);
    const cite = page.locator('#doc-view ul.citations a', { hasText: '示范市电动自行车停放充电管理规定' });
    assert.equal((await cite.textContent()).trim(), '示范市电动自行车停放充电管理规定第5条');
    await cite.click();
    await settled(page, () => document.querySelector('#doc-view .article.current a.article-label')?.textContent === '第五条');
    await shot(page, 'cited-by.png');
  });

  step('4c. a listing by filters alone: the feedback on a draft, with its facets', async () => {
    await page.goto(`${BASE}/?type=feedback&draft=${enc('示范市养犬管理条例（草案）')}`);
    await settled(page, () => document.querySelectorAll('#results .hit').length > 0);
    // how many suggestions there are, from the dashboard's exact count (a page holds 10)
    const board = await (await page.request.get(`${BASE}/api/drafts/${enc('示范市养犬管理条例（草案）')}`)).json();
    const n12 = board.articles.find((a) => a.article === 12).total;
    assert.equal(await page.locator('#results .hit').count(), Math.min(10, board.total), 'a page of the draft\'s submissions');
    assert.ok(await page.locator('.facet-group[data-facet="article"]').isVisible(), 'the article facet');
    await page.locator('.facet-group[data-facet="article"] button.facet[data-value="第12条"]').click();
    await page.waitForFunction((n) => new URLSearchParams(location.search).get('article') === '第12条'
      && document.documentElement.dataset.state === 'idle'
      && document.querySelectorAll('#results .hit').length === Math.min(10, n), n12);
    assert.match(await page.textContent('#active-filters'), /草案：示范市养犬管理条例（草案）/);
  });

  step('5. queries and ids are shown as text, never run as HTML', async () => {
    for (const q of XSS) {
      await search(page, q);
      await page.waitForTimeout(300); // let a broken <img> fire its onerror if one got in
      assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined', `no script ran for ${q}`);
      assert.equal(await page.locator('img[src="x"]').count(), 0, 'no injected <img>');
      assert.equal(await page.evaluate(() => [...document.scripts].filter((s) => s.text.includes('__xss')).length), 0);
      const body = await page.evaluate(() => document.body.innerText);
      assert.ok(body.includes(q), `the query appears literally in the page: ${q}`);
    }
    // an id in #doc= goes into the page as text too
    await page.goto(`${BASE}/#doc=${enc(XSS[0])}`);
    await settled(page);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined');
    assert.ok(await page.isVisible('[role=alert]'), 'a missing document is reported');
    assert.ok((await page.textContent('[role=alert]')).includes(XSS[0]));
  });

  step('5b. markup inside documents (titles, snippets, the document view) is shown as text', async () => {
    // fixtures/reports/2025-鹈鹕湾观测报告.txt: <img onerror>, <script>, <svg onload> in title and text
    const noScript = async (where) => {
      await page.waitForTimeout(300);
      assert.equal(await page.evaluate(() => typeof window.__xss), 'undefined', `no script ran (${where})`);
      assert.equal(await page.locator('img[src="x"], #results svg, #doc-view svg').count(), 0, `no injected element (${where})`);
      assert.equal(await page.evaluate(() => [...document.scripts].filter((s) => s.text.includes('__xss')).length), 0);
    };
    await page.goto(`${BASE}/?q=${enc('鹈鹕湾')}`);
    await settled(page, () => document.querySelectorAll('#results .hit').length > 0);
    await noScript('results');
    const hit = page.locator('#results .hit').first();
    assert.ok((await hit.innerText()).includes('<img src=x onerror=window.__xss=1>鹈鹕湾观测报告'), 'the title is shown literally');
    assert.ok(await hit.locator('mark').count() > 0, 'the snippet keeps its highlight marks');
    assert.ok((await hit.innerText()).includes('<script>'), 'the snippet shows the markup as text');
    await shot(page, '5b-hostile-document.png');
    await page.goto(`${BASE}/#doc=${enc('reports/2025-鹈鹕湾观测报告.txt')}`);
    await settled(page, () => document.querySelector('#doc-view') && !document.querySelector('#doc-view').hidden);
    await noScript('document view');
    const view = await page.locator('#doc-view').innerText();
    assert.ok(view.includes('<svg onload=window.__xss=1>'), 'the text is shown literally');
    assert.ok(view.includes('&lt;b&gt;'), 'entities in the text are not decoded');
  });

  step('6. a malformed query shows the server\'s message and the hint for its reason', async () => {
    const api = await page.request.get(`${BASE}/api/search?q=${enc('"')}`);
    assert.equal(api.status(), 400);
    const { error } = await api.json();
    assert.ok(error && error.message, 'the API explains the error');
    assert.equal(error.reason, 'nothing_to_search', 'a lone quote is punctuation: nothing to search');
    await page.goto(`${BASE}/`);
    await settled(page);
    await search(page, '"');
    const alert = page.locator('[role=alert]:visible');
    assert.equal(await alert.count(), 1, 'one visible alert');
    assert.ok((await alert.textContent()).includes(error.message),
      `the alert shows "${error.message}": "${await alert.textContent()}"`);
    const hint = '检索式中没有可检索的字词或数字（只有标点或运算符），请输入检索词。';
    assert.equal(await alert.locator('.alert-hint').textContent(), hint,
      'the alert gives the Chinese hint for nothing_to_search');
    // the hint follows the reason, not the English message
    await search(page, '-就业');
    assert.equal(await page.locator('[role=alert]:visible .alert-hint').textContent(),
      '检索式不能只有排除词（-词），请加上要检索的词。', 'the hint for only_exclusions');
    assert.equal(await page.locator('#results .hit').count(), 0, 'no stale hits');
    // and the page still works afterwards
    await search(page, Q_WORDS);
    assert.ok(await page.locator('#results .hit').count() > 0);
    assert.equal(await page.locator('[role=alert]:visible').count(), 0, 'the alert is gone');
  });

  step('7. a phone: nothing overflows at 375 px', async () => {
    const phone = await browser.newContext({
      viewport: { width: 375, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
    });
    try {
      const p = await phone.newPage();
      p.setDefaultTimeout(15_000);
      p.on('pageerror', (e) => pageErrors.push(String(e)));
      await p.goto(`${BASE}/`);
      await settled(p);
      assert.ok(await p.evaluate(() => document.documentElement.scrollWidth) <= 375, 'the home page fits');
      await search(p, Q_WORDS);
      assert.ok(await p.locator('#results .hit').count() >= 3);
      const width = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 375, `results fit in 375 px (scrollWidth ${width})`);
      await shot(p, 'phone.png');
      await p.locator('#results .hit-title').first().click();
      await settled(p, () => !!document.querySelector('#doc-view .article.current'));
      const docWidth = await p.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(docWidth <= 375, `the document view fits in 375 px (scrollWidth ${docWidth})`);
      await shot(p, 'phone-document.png');
    } finally {
      await phone.close();
    }
  });

  step('7b. suggestions: type three characters, pick the law with the keyboard, land on it', async () => {
    const LAW = '示范市电动自行车停放充电管理规定';
    await page.goto(`${BASE}/`);
    await settled(page);
    const box = page.locator('#q');
    assert.equal(await box.getAttribute('role'), 'combobox');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    await box.click();
    await box.pressSequentially('电动自', { delay: 30 });
    const list = page.locator('#suggest-list');
    await list.locator('[role="option"]').first().waitFor();
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    assert.equal(await box.getAttribute('aria-controls'), 'suggest-list');
    assert.equal(await list.getAttribute('role'), 'listbox');
    const texts = await list.locator('[role="option"] .suggest-text').allTextContents();
    const at = texts.indexOf(LAW);
    assert.ok(at >= 0, `the law is suggested: ${texts.join(' | ')}`);
    await shot(page, 'suggest.png');
    for (let k = 0; k <= at; k++) await page.keyboard.press('ArrowDown');
    const active = await box.getAttribute('aria-activedescendant');
    assert.equal(active, `suggest-opt-${at}`, 'the option under the arrow is the active descendant');
    assert.equal(await page.getAttribute(`#${active}`, 'aria-selected'), 'true');
    await page.keyboard.press('Enter');
    await settled(page, () => location.hash.startsWith('#doc=') && !document.querySelector('#doc-view').hidden);
    assert.equal((await page.textContent('#doc-title')).trim(), LAW, 'the law opens');
    assert.match(decodeURIComponent(await page.evaluate(() => location.hash)), /2025-06-01/,
      'at its newest version');
    assert.ok(await page.locator('#doc-view .article').count() >= 3, 'its articles are shown');
    assert.ok(await list.isHidden(), 'the list is closed');
    await shot(page, 'suggest-law.png');

    // Esc closes the list and leaves what was typed
    await page.goto(`${BASE}/`);
    await settled(page);
    await box.click();
    await box.pressSequentially('sfs', { delay: 30 }); // initials: 示范市…
    await list.locator('[role="option"]').first().waitFor();
    await page.keyboard.press('Escape');
    assert.ok(await list.isHidden(), 'Esc closes the list');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.equal(await box.inputValue(), 'sfs', 'Esc keeps what was typed');
  });

  step('7c. did you mean: a homophone typo is offered its correction, and searched', async () => {
    await page.goto(`${BASE}/`);
    await settled(page);
    await search(page, '示范市电动自行车停放冲电管理规定');
    const line = page.locator('#did-you-mean');
    assert.ok(await line.isVisible(), 'the did-you-mean line is shown');
    assert.match(await line.textContent(), /您是不是要找：示范市电动自行车停放充电管理规定/);
    assert.match(await page.locator('#results .hit .hit-title-text').first().textContent(), /示范市电动自行车停放充电管理规定/);
    await shot(page, 'did-you-mean.png');
    await search(page, Q_WORDS);
    assert.ok(await line.isHidden(), 'no line for a correct query');
  });

  step('8. no uncaught errors in the page', async () => {
    assert.deepEqual(pageErrors, []);
  });
});
