/*
 * npcsearch search page: vanilla JS (ES2020), no build step, no external resources.
 *
 * The state lives in the URL: ?q=…&type=…&category=…&region=…&year_from=…&year_to=…&sort=date&page=N
 * (and the feedback and citation filters draft, article, contact_point, status, cites; a filter
 * may stand without q) for a result list, plus #doc=<encodeURIComponent(id)> for the document
 * view. Navigation uses
 * history.pushState and popstate, so every view is linkable and Back works.
 *
 * Safety: everything that comes from the server is inserted with textContent, except the hit
 * snippet, which is HTML escaped by the server with matches in <mark>. Even that is parsed in an
 * inert <template> and rebuilt keeping only text and <mark> elements.
 */
'use strict';

(() => {
  const TYPE_LABELS = {
    law: '法律法规全文',
    article: '条文',
    report: '报告',
    feedback: '意见建议',
  };
  const FACETS = [
    { key: 'type', title: '类型' },
    { key: 'category', title: '类别' },
    { key: 'year', title: '年份' },
    { key: 'region', title: '地区' },
    { key: 'draft', title: '草案' },
    { key: 'article', title: '涉及条款' },
    { key: 'contact_point', title: '联系点' },
    { key: 'status', title: '时效性 / 办理情况' },
  ];
  const FACET_SHOWN = 8; // values shown before “更多”
  const PER_PAGE = 10;
  const MAX_PAGE = 1000; // the API refuses page > 1000
  const FILTER_KEYS = ['type', 'category', 'region', 'year_from', 'year_to',
    'draft', 'article', 'contact_point', 'status', 'cites'];
  const FILTER_LABELS = {
    draft: '草案', article: '条款', contact_point: '联系点', status: '时效性 / 办理情况', cites: '引用',
  };
  const FEEDBACK_FIELDS = [
    ['draft', '草案'],
    ['article', '涉及条款'],
    ['contact_point', '联系点'],
    ['submitter', '提出方'],
    ['status', '办理情况'],
  ];
  const LAW_FIELDS = [
    ['status', '时效性'],
    ['adopted', '通过日期'],
    ['in_force', '施行日期'],
    ['in_force_until', '失效日期'],
  ];

  const $ = (id) => document.getElementById(id);
  const ui = {};

  /* ---------- small helpers ---------- */

  /** Creates an element; text goes in with textContent, never as HTML. */
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === 'text') e.textContent = String(v);
        else if (k === 'className') e.className = v;
        else if (k === 'dataset') Object.assign(e.dataset, v);
        else e.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const c of children) {
      if (c !== null && c !== undefined && c !== false) e.append(c);
    }
    return e;
  }

  const str = (v) => (v === null || v === undefined ? '' : String(v));
  const fmtInt = (n) => (Number.isFinite(Number(n)) ? Number(n).toLocaleString('zh-CN') : str(n));
  function fmtMs(ms) {
    const n = Number(ms);
    if (!Number.isFinite(n)) return '—';
    if (n < 10) return n.toFixed(1);
    return String(Math.round(n));
  }
  const typeLabel = (t) => TYPE_LABELS[t] || str(t) || '文档';

  function facetLabel(key, value) {
    if (key === 'type') return typeLabel(value);
    if (key === 'year') return `${value}年`;
    return str(value);
  }

  function intParam(v, lo, hi) {
    if (v === null || !/^\d{1,4}$/.test(v)) return '';
    const n = Number(v);
    return n >= lo && n <= hi ? String(n) : '';
  }

  /** Keeps only text and <mark> from the server's snippet HTML. */
  function appendSnippet(target, html) {
    if (!html) return;
    const tpl = document.createElement('template');
    tpl.innerHTML = String(html); // inert: nothing loads or runs inside a template
    const copy = (src, dst) => {
      for (const n of src.childNodes) {
        if (n.nodeType === Node.TEXT_NODE) {
          dst.append(n.data);
        } else if (n.nodeType === Node.ELEMENT_NODE) {
          if (n.localName === 'mark') {
            const m = document.createElement('mark');
            copy(n, m);
            dst.append(m);
          } else {
            copy(n, dst);
          }
        }
      }
    };
    copy(tpl.content, target);
  }

  /** Paragraphs of a stored text: blank lines and single newlines both separate. */
  function paragraphs(text) {
    return str(text)
      .split(/\r?\n/)
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  /** The matched words of the result page (from the snippets' <mark>s), for the document view. */
  let pageTerms = [];

  function stateTerms() {
    const t = history.state && Array.isArray(history.state.terms) ? history.state.terms : [];
    return t.filter((x) => typeof x === 'string' && x.trim() !== '').slice(0, 40);
  }

  function termsRegex(terms) {
    if (!terms.length) return null;
    const alts = [...new Set(terms)]
      .sort((a, b) => b.length - a.length)
      .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    return new RegExp(alts.join('|'), 'g');
  }

  /** Appends text to node, with the words of re in <mark class="term"> (built as nodes, not HTML). */
  function appendMarked(node, text, re) {
    if (!re) {
      node.append(text);
      return;
    }
    let last = 0;
    re.lastIndex = 0;
    let m;
    while ((m = re.exec(text)) !== null) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      if (m.index > last) node.append(text.slice(last, m.index));
      node.append(el('mark', { className: 'term', text: m[0] }));
      last = m.index + m[0].length;
    }
    if (last < text.length) node.append(text.slice(last));
  }

  /** The anchor id of an article: art-33, art-51-1 (from the id's #fragment or its numbers). */
  function articleAnchor(a, i) {
    const id = str(a.id);
    const hash = id.lastIndexOf('#');
    let frag = hash >= 0 ? id.slice(hash + 1) : '';
    if (!frag && Number(a.article) > 0) {
      frag = Number(a.article_sub) > 0 ? `${a.article}-${a.article_sub}` : String(a.article);
    }
    frag = frag.replace(/[^A-Za-z0-9_-]/g, '_');
    return frag ? `art-${frag}` : `art-i${i}`;
  }

  function setBusy(busy) {
    document.documentElement.dataset.state = busy ? 'loading' : 'idle';
  }

  let loadingTimer = 0;
  function showLoading(node, on) {
    clearTimeout(loadingTimer);
    if (on) {
      loadingTimer = setTimeout(() => {
        node.hidden = false;
      }, 150);
    } else {
      ui.loading.hidden = true;
      ui.docLoading.hidden = true;
    }
  }

  /* ---------- errors ---------- */

  class ApiError extends Error {
    constructor(status, code, message, reason = '') {
      super(message);
      this.status = status;
      this.code = code;
      this.reason = reason; /* the API's reason (docs/api.md), '' when there is none */
    }
  }

  async function getJSON(url, signal) {
    let res;
    try {
      res = await fetch(url, { signal, headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network', '无法连接检索服务，请检查网络连接后重试。');
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      body = null;
    }
    if (!res.ok) {
      const err = (body && body.error) || {};
      throw new ApiError(res.status, str(err.code) || `http_${res.status}`,
        str(err.message) || `服务器返回错误（HTTP ${res.status}）。`, str(err.reason));
    }
    if (!body || typeof body !== 'object') {
      throw new ApiError(res.status, 'bad_response', '服务器返回的数据无法解析。');
    }
    return body;
  }

  /** What to do about an error, in Chinese, by the API's reason (docs/api.md): the requests a
   *  reader can fix by rewording the query. */
  const HINTS = {
    blank_query: '请输入检索词。',
    nothing_to_search: '检索式中没有可检索的字词或数字（只有标点或运算符），请输入检索词。',
    only_exclusions: '检索式不能只有排除词（-词），请加上要检索的词。',
    query_too_long: '检索式过长，请精简。',
    parameter_too_long: '检索式过长，请精简。',
    too_many_terms: '引号短语和排除词（-词）合计不能超过 32 个，请精简。',
  };

  function hintFor(e) {
    return Object.prototype.hasOwnProperty.call(HINTS, e.reason) ? HINTS[e.reason] : '';
  }

  function showError(title, message, hint) {
    ui.error.replaceChildren(
      el('p', { className: 'alert-title', text: title }),
      hint ? el('p', { className: 'alert-hint', text: hint }) : null,
      message ? el('p', { className: 'alert-message', text: message }) : null,
    );
    ui.error.hidden = false;
  }

  function clearError() {
    ui.error.hidden = true;
    ui.error.replaceChildren();
  }

  function errorTitle(e, kind) {
    if (e.status === 400) return kind === 'search' ? '检索式有误，请修改后重试：' : '请求有误：';
    if (e.status === 404) return '未找到该文档：';
    if (e.status === 503) return '检索服务暂不可用，请稍后重试：';
    if (e.status === 0) return '网络错误：';
    return kind === 'search' ? '检索失败：' : '打开文档失败：';
  }

  /* ---------- the URL state ---------- */

  let current = readLocation();

  function readLocation() {
    const sp = new URLSearchParams(location.search);
    const s = {
      q: str(sp.get('q')).trim(),
      type: Object.prototype.hasOwnProperty.call(TYPE_LABELS, sp.get('type')) ? sp.get('type') : '',
      category: str(sp.get('category')),
      region: str(sp.get('region')),
      year_from: intParam(sp.get('year_from'), 1900, 2100),
      year_to: intParam(sp.get('year_to'), 1900, 2100),
      draft: str(sp.get('draft')),
      article: str(sp.get('article')),
      contact_point: str(sp.get('contact_point')),
      status: str(sp.get('status')),
      cites: str(sp.get('cites')),
      sort: sp.get('sort') === 'date' ? 'date' : 'relevance',
      page: Number(intParam(sp.get('page'), 1, MAX_PAGE) || 1),
      doc: '',
      diff: null,
    };
    const h = location.hash;
    if (h.startsWith('#diff=')) {
      const [from, to] = h.slice(6).split('|').map((x) => {
        try {
          return decodeURIComponent(x);
        } catch (e) {
          return x;
        }
      });
      if (from && to) s.diff = { from, to };
    }
    if (h.startsWith('#doc=')) {
      try {
        s.doc = decodeURIComponent(h.slice(5));
      } catch (e) {
        s.doc = h.slice(5);
      }
    }
    return s;
  }

  function queryString(s, forApi) {
    const p = new URLSearchParams();
    p.set('q', s.q);
    for (const k of FILTER_KEYS) if (s[k]) p.set(k, s[k]);
    if (s.sort === 'date') p.set('sort', 'date');
    if (s.page > 1) p.set('page', String(s.page));
    if (forApi) p.set('per_page', String(PER_PAGE));
    return p.toString();
  }

  function urlFor(s) {
    let u = location.pathname;
    if (s.q || hasFilters(s)) u += `?${queryString(s, false)}`;
    if (s.diff) u += `#diff=${encodeURIComponent(s.diff.from)}|${encodeURIComponent(s.diff.to)}`;
    else if (s.doc) u += `#doc=${encodeURIComponent(s.doc)}`;
    return u;
  }

  const withState = (changes) => ({ ...current, ...changes });

  function saveScroll() {
    const st = { ...(history.state || {}), scrollY: window.scrollY };
    try {
      history.replaceState(st, '', location.href);
    } catch (e) {
      /* ignore */
    }
  }

  /** Goes to url: pushes a history entry (or replaces) and renders. */
  function go(url, { replace = false, extra = {}, scroll } = {}) {
    saveScroll();
    const target = new URL(url, location.href);
    const same = target.href === location.href;
    if (replace || same) history.replaceState({ ...extra }, '', target.href);
    else history.pushState({ ...extra }, '', target.href);
    route({ scroll });
  }

  function goState(s, opts) {
    go(urlFor(s), opts);
  }

  /* ---------- routing ---------- */

  function showView(view) {
    ui.home.hidden = view !== 'home';
    ui.searchView.hidden = view !== 'search';
    ui.docView.hidden = view !== 'doc';
    ui.draftView.hidden = view !== 'draft';
  }

  function route(opts = {}) {
    current = readLocation();
    ui.q.value = current.q;
    clearError();
    const dash = draftHash();
    if (dash !== null) {
      abortDoc();
      abortSearch();
      showView('draft');
      return showDrafts(dash);
    }
    if (current.diff) {
      showView('doc');
      return showDiff(current);
    }
    if (current.doc) {
      showView('doc');
      return showDoc(current, opts);
    }
    abortDoc();
    if (!current.q && !hasFilters(current)) {
      abortSearch();
      showView('home');
      document.title = '法规检索 · npcsearch';
      showLoading(null, false);
      setBusy(false);
      if (opts.scroll === 'restore') restoreScroll();
      return Promise.resolve();
    }
    showView('search');
    return runSearch(current, opts);
  }

  function restoreScroll() {
    const y = history.state && typeof history.state.scrollY === 'number' ? history.state.scrollY : null;
    if (y !== null) window.scrollTo(0, y);
  }

  /* ---------- search ---------- */

  const cache = new Map(); // api query string → response (a few recent ones, for Back)
  let searchSeq = 0;
  let searchCtl = null;

  function abortSearch() {
    searchSeq++;
    if (searchCtl) searchCtl.abort();
    searchCtl = null;
  }

  async function runSearch(s, opts) {
    abortSearch();
    const seq = searchSeq;
    const key = queryString(s, true);
    document.title = `${s.q || '筛选'} - 法规检索`;
    ui.resultsHeading.replaceChildren(
      el('span', { className: 'visually-hidden', text: '检索结果：' }),
      el('span', { className: 'query-text', text: s.q ? `“${s.q}”` : '筛选结果' }),
    );
    renderSort(s);
    if (!ui.facets.firstChild) {
      // nothing to filter yet: no empty side column while the first answer loads
      ui.sidebar.hidden = true;
      ui.searchView.classList.add('no-sidebar');
    }
    let data = cache.get(key);
    if (!data) {
      setBusy(true);
      ui.resultsSection.setAttribute('aria-busy', 'true');
      ui.resultsSection.classList.add('is-loading');
      showLoading(ui.loading, true);
      const ctl = new AbortController();
      searchCtl = ctl;
      try {
        data = await getJSON(`api/search?${key}`, ctl.signal);
      } catch (e) {
        if (seq !== searchSeq || (e && e.name === 'AbortError')) return;
        finishLoading();
        renderSearchError(s, e);
        setBusy(false);
        return;
      }
      if (seq !== searchSeq) return;
      cache.set(key, data);
      if (cache.size > 30) cache.delete(cache.keys().next().value);
    }
    finishLoading();
    renderResults(s, data);
    if (opts.scroll === 'restore') restoreScroll();
    else if (opts.scroll === 'top') window.scrollTo(0, 0);
    else if (opts.scroll === 'results') {
      const top = ui.resultsSection.getBoundingClientRect().top;
      if (top < 0) ui.resultsSection.scrollIntoView({ block: 'start' });
    }
    setBusy(false);
  }

  function finishLoading() {
    showLoading(null, false);
    ui.resultsSection.removeAttribute('aria-busy');
    ui.resultsSection.classList.remove('is-loading');
  }

  function renderSearchError(s, e) {
    ui.results.replaceChildren();
    ui.noResults.hidden = true;
    ui.pager.hidden = true;
    ui.total.textContent = '';
    ui.facets.replaceChildren();
    ui.facetsSummary.textContent = '';
    ui.activeFilters.hidden = true;
    ui.sidebar.hidden = true;
    ui.searchView.classList.add('no-sidebar');
    showError(`无法检索“${s.q}”。${errorTitle(e, 'search')}`, e.message, hintFor(e));
  }

  function renderResults(s, data) {
    const hits = Array.isArray(data.hits) ? data.hits : [];
    const total = Number(data.total) || 0;
    /* over a large match set the total is Xapian's estimate and the facets a scaled sample */
    const approx = data.facets_exact === false ? '约 ' : '';
    const about = data.total_exact === false ? '约 ' : '';
    ui.total.textContent = `共 ${about}${fmtInt(total)} 条结果（用时 ${fmtMs(data.took_ms)} 毫秒）`;
    ui.results.replaceChildren(...hits.map((h) => renderHit(s, h)));
    const terms = new Set();
    for (const m of ui.results.querySelectorAll('.snippet mark')) {
      const t = m.textContent.trim();
      if (t) terms.add(t);
    }
    pageTerms = [...terms].slice(0, 40);
    ui.results.hidden = hits.length === 0;
    ui.sidebar.hidden = false;
    ui.searchView.classList.remove('no-sidebar');
    renderNoResults(s, hits, total);
    renderDidYouMean(s, data);
    renderFacets(s, data.facets || {}, approx);
    renderActiveFilters(s);
    renderPager(s, total);
  }

  function renderHit(s, h) {
    const type = str(h.type);
    const li = el('li', { className: 'hit', dataset: { type, id: str(h.id) } });

    const top = el('div', { className: 'hit-top' },
      el('span', { className: `hit-type badge badge-${/^[a-z]+$/.test(type) ? type : 'other'}`, text: typeLabel(type) }));
    if (h.chapter) top.append(el('span', { className: 'hit-chapter', text: str(h.chapter) }));

    const link = el('a', {
      className: 'hit-title',
      href: urlFor(withState({ doc: str(h.id) })),
      dataset: { nav: 'doc' },
    }, el('span', { className: 'hit-title-text', text: str(h.title) || str(h.path) || str(h.id) }));
    if (h.article_label) link.append(' ', el('span', { className: 'hit-label', text: str(h.article_label) }));

    const snippet = el('p', { className: 'snippet' });
    appendSnippet(snippet, h.snippet);

    const meta = el('p', { className: 'hit-meta' });
    const addMeta = (label, value, cls) => {
      if (!value) return;
      meta.append(el('span', { className: `meta-item ${cls}` },
        el('span', { className: 'visually-hidden', text: `${label}：` }), str(value)));
    };
    addMeta('日期', h.date, 'hit-date');
    addMeta('类别', h.category, 'hit-category');
    addMeta('地区', h.region, 'hit-region');
    if ((type === 'law' || type === 'article') && h.status) addMeta('时效性', h.status, `hit-status status-${statusClass(h.status)}`);
    const later = h.later && typeof h.later === 'object' ? h.later : null;
    if (type === 'article' && later) {
      const what = { changed: '有修改', moved: `改为${str(later.label)}`, removed: '被删除' }[str(later.mark)] || '有变化';
      const note = el('a', {
        className: 'meta-item hit-later',
        href: later.article ? urlFor(withState({ doc: str(later.article) })) : urlFor(withState({ doc: str(later.version) })),
        dataset: { nav: 'doc' },
        text: `${str(later.date).slice(0, 4)}年版本中${what}`,
      });
      meta.append(note);
    }
    if (typeof h.article === 'string' && h.article && !h.article_label) addMeta('涉及条款', `涉及${h.article}`, 'hit-clause');

    li.append(top, el('h2', { className: 'hit-heading' }, link), snippet, meta);
    return li;
  }

  function hasFilters(s) {
    return FILTER_KEYS.some((k) => s[k]);
  }

  function clearedFilters() {
    return {
      type: '', category: '', region: '', year_from: '', year_to: '',
      draft: '', article: '', contact_point: '', status: '', cites: '', page: 1, doc: '',
    };
  }

  function renderNoResults(s, hits, total) {
    ui.noResults.replaceChildren();
    if (hits.length > 0) {
      ui.noResults.hidden = true;
      return;
    }
    ui.noResults.hidden = false;
    if (total > 0) {
      ui.noResults.append(
        el('p', { className: 'no-results-title', text: `第 ${s.page} 页没有结果。` }),
        el('p', {}, el('a', { href: urlFor(withState({ page: 1, doc: '' })), dataset: { nav: 'results' }, text: '回到第 1 页' })),
      );
      return;
    }
    ui.noResults.append(el('p', { className: 'no-results-title', text: `未找到与“${s.q}”相关的结果。` }));
    const tips = el('ul', { className: 'tips' });
    if (hasFilters(s)) {
      tips.append(el('li', {},
        '当前有筛选条件，',
        el('a', { href: urlFor(withState(clearedFilters())), dataset: { nav: 'results' }, text: '清除全部筛选' }),
        '后重试。'));
    }
    tips.append(
      el('li', { text: '检查检索词是否有错别字，或换用同义词、简称。' }),
      el('li', { text: '减少检索词，或去掉引号改为按词语检索。' }),
      el('li', { text: '引用条文时写明法规名称，如“残疾人保障法第三十三条”。' }),
    );
    ui.noResults.append(tips);
  }

  /* ---------- facets, sort, filters, pager ---------- */

  function activeValue(s, key) {
    if (key === 'year') return s.year_from && s.year_from === s.year_to ? s.year_from : '';
    return s[key] || '';
  }

  function facetIsSet(s, key) {
    if (key === 'year') return Boolean(s.year_from || s.year_to);
    return Boolean(s[key]);
  }

  function setFilter(key, value) {
    const changes = { page: 1, doc: '' };
    if (key === 'year') {
      changes.year_from = value;
      changes.year_to = value;
    } else {
      changes[key] = value;
    }
    goState(withState(changes));
  }

  function renderFacets(s, facets, approx) {
    const focused = document.activeElement;
    const refocus = focused && ui.facets.contains(focused)
      ? { facet: focused.dataset.facet, value: focused.dataset.value, clear: focused.dataset.clear }
      : null;
    const keepOpen = new Set(
      [...ui.facets.querySelectorAll('.facet-group.show-all')].map((g) => g.dataset.facet),
    );

    ui.facets.replaceChildren();
    let active = 0;
    for (const f of FACETS) {
      let values = (Array.isArray(facets[f.key]) ? facets[f.key] : [])
        .filter((v) => v && v.value !== undefined && v.value !== null && str(v.value) !== '');
      const act = activeValue(s, f.key);
      const isSet = facetIsSet(s, f.key);
      if (isSet) active++;
      if (act && !values.some((v) => str(v.value) === act)) values = [{ value: act, count: null }, ...values];
      if (f.key === 'year') values = [...values].sort((a, b) => str(b.value).localeCompare(str(a.value)));
      if (values.length === 0 && !isSet) continue;

      const group = el('section', { className: 'facet-group', dataset: { facet: f.key } });
      const headId = `facet-h-${f.key}`;
      const head = el('div', { className: 'facet-head' }, el('h2', { id: headId, text: f.title }));
      if (isSet) {
        const clear = el('button', {
          type: 'button',
          className: 'facet-clear',
          text: '清除',
          'aria-label': `清除“${f.title}”筛选`,
          dataset: { clear: f.key },
        });
        clear.addEventListener('click', () => setFilter(f.key, ''));
        head.append(clear);
      }
      group.append(head);

      const list = el('ul', { className: 'facet-list', 'aria-labelledby': headId });
      values.forEach((v, i) => {
        const value = str(v.value);
        const on = value === act;
        const btn = el('button', {
          type: 'button',
          className: on ? 'facet is-active' : 'facet',
          'aria-pressed': on ? 'true' : 'false',
          dataset: { facet: f.key, value },
          title: on ? '再次点击取消此筛选' : undefined,
        },
        el('span', { className: 'facet-value', text: facetLabel(f.key, value) }),
        el('span', { className: 'facet-count', text: v.count === null ? '' : approx + fmtInt(v.count) }));
        btn.addEventListener('click', () => setFilter(f.key, on ? '' : value));
        const item = el('li', { className: i >= FACET_SHOWN && !on ? 'facet-extra' : undefined }, btn);
        list.append(item);
      });
      group.append(list);
      if (values.length > FACET_SHOWN) {
        const more = el('button', {
          type: 'button',
          className: 'facet-more',
          'aria-expanded': 'false',
          text: `更多（${values.length - FACET_SHOWN}）`,
        });
        const toggle = (open) => {
          group.classList.toggle('show-all', open);
          more.setAttribute('aria-expanded', open ? 'true' : 'false');
          more.textContent = open ? '收起' : `更多（${values.length - FACET_SHOWN}）`;
        };
        more.addEventListener('click', () => toggle(!group.classList.contains('show-all')));
        if (keepOpen.has(f.key)) toggle(true);
        group.append(more);
      }
      ui.facets.append(group);
    }
    if (!ui.facets.firstChild) ui.facets.append(el('p', { className: 'muted', text: '无可用筛选项' }));
    ui.facetsSummary.textContent = active ? `（已选 ${active} 项）` : '';

    if (refocus) {
      let target = null;
      if (refocus.facet) {
        target = [...ui.facets.querySelectorAll('button.facet')]
          .find((b) => b.dataset.facet === refocus.facet && b.dataset.value === refocus.value);
      }
      if (!target) target = ui.facets.querySelector('button');
      if (target) target.focus({ preventScroll: true });
    }
  }

  function renderActiveFilters(s) {
    const chips = [];
    const chip = (label, changes) => {
      const b = el('button', { type: 'button', className: 'chip', 'aria-label': `取消筛选：${label}` },
        el('span', { text: label }), el('span', { className: 'chip-x', 'aria-hidden': 'true', text: '×' }));
      b.addEventListener('click', () => goState(withState({ ...changes, page: 1, doc: '' })));
      chips.push(b);
    };
    if (s.type) chip(`类型：${typeLabel(s.type)}`, { type: '' });
    if (s.category) chip(`类别：${s.category}`, { category: '' });
    if (s.year_from || s.year_to) {
      const y = s.year_from === s.year_to ? `${s.year_from}年`
        : `${s.year_from || '…'}—${s.year_to || '…'}年`;
      chip(`年份：${y}`, { year_from: '', year_to: '' });
    }
    if (s.region) chip(`地区：${s.region}`, { region: '' });
    for (const k of Object.keys(FILTER_LABELS)) {
      if (s[k]) chip(`${FILTER_LABELS[k]}：${s[k]}`, { [k]: '' });
    }
    if (chips.length > 1) {
      const all = el('button', { type: 'button', className: 'chip chip-clear-all', text: '清除全部' });
      all.addEventListener('click', () => goState(withState(clearedFilters())));
      chips.push(all);
    }
    ui.activeFilters.replaceChildren(...(chips.length ? [el('span', { className: 'muted', text: '已筛选：' }), ...chips] : []));
    ui.activeFilters.hidden = chips.length === 0;
  }

  function renderSort(s) {
    for (const b of ui.sort.querySelectorAll('button[data-sort]')) {
      const on = b.dataset.sort === s.sort;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.classList.toggle('is-active', on);
    }
  }

  function renderPager(s, total) {
    const pages = Math.min(Math.ceil(total / PER_PAGE), MAX_PAGE);
    ui.pager.replaceChildren();
    if (pages <= 1 && s.page <= 1) {
      ui.pager.hidden = true;
      return;
    }
    ui.pager.hidden = false;
    const page = s.page;
    const link = (n, text, cls, rel, label) => el('a', {
      href: urlFor(withState({ page: n, doc: '' })),
      className: cls,
      rel,
      'aria-label': label,
      dataset: { nav: 'page' },
      text,
    });
    const list = el('ul', { className: 'pager-list' });
    const add = (node) => list.append(el('li', {}, node));

    if (page > 1) add(link(page - 1, '上一页', 'pager-prev', 'prev'));
    else add(el('span', { className: 'pager-prev is-disabled', 'aria-disabled': 'true', text: '上一页' }));

    const nums = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2]);
    let last = 0;
    for (const n of [...nums].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b)) {
      if (n - last > 1) add(el('span', { className: 'pager-gap', 'aria-hidden': 'true', text: '…' }));
      if (n === page) add(el('span', { className: 'pager-num is-current', 'aria-current': 'page', text: String(n) }));
      else add(link(n, String(n), 'pager-num', undefined, `第 ${n} 页`));
      last = n;
    }
    if (page < pages) add(link(page + 1, '下一页', 'pager-next', 'next'));
    else add(el('span', { className: 'pager-next is-disabled', 'aria-disabled': 'true', text: '下一页' }));
    ui.pager.append(list, el('p', { className: 'pager-info', text: `第 ${page} / ${Math.max(pages, 1)} 页` }));
  }

  /* ---------- document view ---------- */

  let docSeq = 0;
  let docCtl = null;
  let shown = null; // {id, elements: Map(article id → element), data}

  function abortDoc() {
    docSeq++;
    if (docCtl) docCtl.abort();
    docCtl = null;
  }

  function updateBackLink(s) {
    const back = withState({ doc: '' });
    const listed = s.q || hasFilters(s);
    ui.docBack.href = listed ? urlFor(back) : './';
    ui.docBack.textContent = listed ? '← 返回结果' : '← 返回首页';
  }

  async function showDoc(s, opts) {
    abortSearch();
    finishLoading();
    updateBackLink(s);
    const id = s.doc;
    const terms = stateTerms();
    if (shown && (shown.id === id || shown.elements.has(id))) {
      if (shown.terms.join('\u0001') !== terms.join('\u0001')) renderDoc(shown.id, shown.data, terms);
      document.title = `${shown.title} - 法规检索`;
      highlight(id, opts);
      setBusy(false);
      return;
    }
    abortDoc();
    const seq = docSeq;
    const ctl = new AbortController();
    docCtl = ctl;
    clearDocView('');
    let data;
    try {
      data = await getJSON(`api/doc/${encodeURIComponent(id)}`, ctl.signal);
    } catch (e) {
      if (seq !== docSeq || (e && e.name === 'AbortError')) return;
      showLoading(null, false);
      ui.docView.classList.remove('is-loading');
      ui.docTitle.textContent = '无法打开文档';
      document.title = '无法打开文档 - 法规检索';
      showError(`${errorTitle(e, 'doc')}${id}`, e.message);
      setBusy(false);
      return;
    }
    if (seq !== docSeq) return;
    showLoading(null, false);
    ui.docView.classList.remove('is-loading');
    renderDoc(id, data, terms);
    highlight(id, opts);
    setBusy(false);
    renderVersions(data);
  }

  /** Empties the document view for what loads next (a document, a diff), shown as loading. */
  function clearDocView(kind) {
    setBusy(true);
    shown = null;
    ui.docView.classList.add('is-loading');
    ui.docKind.textContent = kind;
    ui.docTitle.textContent = '';
    ui.docToolbarTitle.textContent = '';
    ui.docMeta.replaceChildren();
    ui.docFields.hidden = true;
    ui.docVersions.hidden = true;
    ui.docToc.hidden = true;
    ui.docBody.replaceChildren();
    showLoading(ui.docLoading, true);
  }

  function renderDoc(id, data, terms) {
    const doc = data.doc || {};
    const law = data.law && typeof data.law === 'object' ? data.law : null;
    const articles = Array.isArray(data.articles) ? data.articles : null;
    const head = law || doc;
    const title = str(head.title) || str(doc.title) || id;
    shown = { id, title, elements: new Map(), data, terms };
    const re = termsRegex(terms);
    document.title = `${title} - 法规检索`;

    ui.docKind.textContent = law || articles ? TYPE_LABELS.law.replace('全文', '') : typeLabel(doc.type);
    ui.docTitle.textContent = title;
    ui.docToolbarTitle.textContent = title;

    ui.docMeta.replaceChildren();
    const meta = (label, value) => {
      if (value) ui.docMeta.append(el('span', { className: 'meta-item' }, el('span', { className: 'meta-label', text: `${label}：` }), str(value)));
    };
    meta(law || articles ? '版本日期' : '日期', head.date || doc.date);
    meta('类别', head.category || doc.category);
    meta('地区', head.region || doc.region);
    if (articles) meta('条文数', fmtInt(articles.length));

    ui.docFields.replaceChildren();
    for (const [k, label] of law || articles ? LAW_FIELDS : FEEDBACK_FIELDS) {
      const v = k === 'article' && doc.type === 'feedback' ? doc.article_label : doc[k];
      if (typeof v === 'string' && v && !(k === 'article' && doc.type !== 'feedback')) {
        ui.docFields.append(el('div', {}, el('dt', { text: label }), el('dd', { text: v })));
      }
    }
    ui.docFields.hidden = !ui.docFields.firstChild;

    const sections = Array.isArray(data.sections) ? data.sections : null;
    if (articles && articles.length) renderArticles(articles, re);
    else if (sections && sections.length) renderArticles(sections.map(sectionAsArticle), re);
    else renderText(doc, title, re);
    renderLinks(doc, data);
  }

  /** A report section shown like an article: its heading path as chapters, its text without
   * the heading line that repeats it. */
  function sectionAsArticle(sec) {
    const parts = str(sec.chapter).split('›').map((p) => p.trim()).filter(Boolean);
    const heading = parts.length ? parts[parts.length - 1] : '';
    const paras = paragraphs(sec.text);
    if (heading && paras.length && paras[0].trim() === heading) paras.shift();
    return { id: sec.id, chapter: sec.chapter, article_label: '', text: paras.join('\n') };
  }

  /** Backlinks (the documents citing this law or article) and the articles this one cites. */
  function renderLinks(doc, data) {
    const cb = data.cited_by && typeof data.cited_by === 'object' ? data.cited_by : null;
    const cites = Array.isArray(data.citations) ? data.citations : [];
    if (!cb && cites.length === 0) return;
    const box = el('section', { className: 'doc-links', 'aria-label': '引用关系' });
    if (cb) {
      const docs = Array.isArray(cb.docs) ? cb.docs : [];
      const what = doc.type === 'article' && doc.article_label ? `本条（${str(doc.article_label)}）` : '本法';
      const total = Number(cb.total) || 0;
      box.append(el('h2', { className: 'links-heading', text: `引用${what}的文件（${fmtInt(total)}）` }));
      if (docs.length === 0) box.append(el('p', { className: 'muted', text: '暂无文件引用。' }));
      // by genre: reports, feedback, then laws and their articles; newest first within each
      const order = ['report', 'feedback', 'law', 'article'];
      const rank = (t) => (order.indexOf(t) < 0 ? order.length : order.indexOf(t));
      const groups = new Map();
      for (const d of [...docs].sort((x, y) => rank(str(x.type)) - rank(str(y.type)))) {
        const t = str(d.type);
        if (!groups.has(t)) groups.set(t, []);
        groups.get(t).push(d);
      }
      for (const [t, group] of groups) {
        box.append(el('h3', { className: 'links-genre', text: `${typeLabel(t)}（${fmtInt(group.length)}）` }));
        const list = el('ul', { className: 'cited-by', dataset: { type: t } });
        for (const d of group) {
          const label = [str(d.title) || str(d.path) || str(d.id), str(d.article_label), str(d.chapter)]
            .filter(Boolean).join(' ');
          const a = el('a', { href: urlFor(withState({ doc: str(d.id) })), dataset: { nav: 'article' }, text: label });
          list.append(el('li', {}, el('span', { className: 'badge', text: typeLabel(t) }), ' ', a,
            d.date ? el('span', { className: 'muted', text: ` ${str(d.date)}` }) : ''));
        }
        box.append(list);
      }
      if (total > docs.length && doc.law_key) {
        const cite = doc.type === 'article' && doc.article
          ? `${str(doc.law_key)}第${doc.article}条${doc.article_sub ? `之${doc.article_sub}` : ''}`
          : str(doc.law_key);
        box.append(el('p', {}, el('a', {
          href: urlFor({ ...clearedFilters(), q: '', sort: 'date', cites: cite }),
          text: `查看全部 ${fmtInt(total)} 个引用文件`,
        })));
      }
    }
    if (cites.length) {
      box.append(el('h2', { className: 'links-heading', text: '本文引用的条文' }));
      const list = el('ul', { className: 'citations' });
      for (const c of cites) {
        const label = str(c.cite).includes('#')
          ? str(c.cite).replace(/#(\d+)-(\d+)$/, '第$1条之$2').replace(/#(\d+)$/, '第$1条')
          : `《${str(c.cite)}》`; // a law as a whole: its version in force at this document's date
        list.append(el('li', {}, c.id
          ? el('a', { href: urlFor(withState({ doc: str(c.id) })), dataset: { nav: 'article' }, text: label })
          : el('span', { text: label, title: '索引中没有这部法律' })));
      }
      box.append(list);
    }
    ui.docBody.append(box);
  }

  function renderArticles(articles, re) {
    const frag = document.createDocumentFragment();
    const toc = [];
    let prev = [];
    articles.forEach((a, i) => {
      const parts = str(a.chapter).split('›').map((p) => p.trim()).filter(Boolean);
      let k = 0;
      while (k < parts.length && k < prev.length && parts[k] === prev[k]) k++;
      for (; k < parts.length; k++) {
        const hid = `ch-${i}-${k}`;
        frag.append(el(`h${Math.min(2 + k, 6)}`, { className: `chapter-heading level-${k}`, id: hid, text: parts[k] }));
        if (k <= 1) toc.push({ id: hid, level: k, text: parts[k] });
      }
      prev = parts;

      const aid = str(a.id);
      const box = el('div', { className: 'article', id: articleAnchor(a, i), dataset: { id: aid }, tabindex: '-1' });
      const label = str(a.article_label);
      const paras = paragraphs(a.text);
      if (paras.length === 0) paras.push('');
      paras.forEach((p, j) => {
        const para = el('p', { className: /^[（(][一二三四五六七八九十百]+[）)]/.test(p) ? 'item' : undefined });
        if (j === 0 && label) {
          const link = el('a', {
            className: 'article-label',
            href: urlFor(withState({ doc: aid })),
            title: '本条链接',
            dataset: { nav: 'article' },
            text: label,
          });
          para.append(link);
          appendMarked(para, p.startsWith(label) ? p.slice(label.length) : ` ${p}`, re);
        } else {
          appendMarked(para, p, re);
        }
        box.append(para);
      });
      frag.append(box);
      shown.elements.set(aid, box);
    });
    ui.docBody.replaceChildren(frag);

    ui.docTocList.replaceChildren(...toc.map((t) => {
      const a = el('a', { href: `#${t.id}`, className: `toc-level-${t.level}`, text: t.text });
      a.addEventListener('click', (e) => {
        e.preventDefault();
        const target = document.getElementById(t.id);
        if (target) target.scrollIntoView({ block: 'start' });
        ui.docToc.open = false;
      });
      return el('li', {}, a);
    }));
    ui.docToc.hidden = toc.length < 2;
    ui.docToc.open = false;
  }

  function renderText(doc, title, re) {
    let paras = paragraphs(doc.text);
    // the first line of a report, or a Markdown "# title" line, repeats the title
    const bare = (p) => p.replace(/^#+\s*/, '').trim();
    if (paras.length && bare(paras[0]) === title) paras = paras.slice(1);
    const frag = document.createDocumentFragment();
    for (const p of paras) {
      const m = /^(#{1,6})\s+(.*)$/.exec(p);
      if (m) frag.append(el(`h${Math.min(m[1].length + 1, 6)}`, { className: 'text-heading', text: m[2] }));
      else {
        const para = el('p');
        appendMarked(para, p, re);
        frag.append(para);
      }
    }
    if (!paras.length) frag.append(el('p', { className: 'muted', text: '（无正文）' }));
    ui.docBody.replaceChildren(frag);
    ui.docToc.hidden = true;
  }

  function highlight(id, opts = {}) {
    for (const c of ui.docBody.querySelectorAll('.article.current')) {
      c.classList.remove('current');
      c.removeAttribute('aria-current');
    }
    const target = shown && shown.elements.get(id);
    if (target) {
      target.classList.add('current');
      target.setAttribute('aria-current', 'true');
    }
    // without an article to show, the first matched word (a report, a whole law)
    const spot = target || ui.docBody.querySelector('mark.term');
    if (opts.scroll === 'restore' && history.state && typeof history.state.scrollY === 'number') {
      restoreScroll();
    } else if (spot) {
      // in the upper third, with some of what comes before it for context
      const r = spot.getBoundingClientRect();
      const bar = ui.docView.querySelector('.doc-toolbar').getBoundingClientRect().height || 48;
      const gap = Math.max(bar + 12, Math.min(window.innerHeight * 0.25, window.innerHeight - r.height - 16));
      window.scrollTo(0, Math.max(0, window.scrollY + r.top - gap));
    } else {
      window.scrollTo(0, 0);
    }
    if (target) target.focus({ preventScroll: true });
    else ui.docTitle.focus({ preventScroll: true });
  }

  /** A law version's status as a class name. */
  function statusClass(st) {
    return { 有效: 'in-force', 已修改: 'superseded', 尚未生效: 'not-yet', 已废止: 'repealed' }[st] || 'other';
  }

  /** The law's versions (from /api/doc) as a timeline: each linked, with its status, and a
   * link to the diff with the version before it. */
  function renderVersions(data) {
    const versions = Array.isArray(data.versions) ? data.versions : [];
    const lawId = data.law && data.law.id ? str(data.law.id) : str((data.doc || {}).path);
    if (versions.length < 2) return;
    const list = el('ol', { className: 'timeline', 'aria-label': '版本时间线' });
    versions.forEach((v, i) => {
      const id = str(v.id);
      const date = str(v.in_force) || str(v.date) || '日期不详';
      const label = `${date} 起施行`;
      const item = el('li', { className: `timeline-item status-${statusClass(str(v.status))}`, dataset: { id } });
      item.append(id === lawId
        ? el('span', { className: 'version is-current', 'aria-current': 'true', text: label })
        : el('a', { className: 'version', href: urlFor(withState({ doc: id })), dataset: { nav: 'article' }, text: label }));
      if (v.status) item.append(' ', el('span', { className: `badge status status-${statusClass(str(v.status))}`, text: str(v.status) }));
      if (i > 0) {
        item.append(' ', el('a', {
          className: 'diff-link',
          href: urlFor({ ...current, doc: '', diff: { from: str(versions[i - 1].id), to: id } }),
          text: '与上一版本对比',
        }));
      }
      list.append(item);
    });
    ui.docVersions.replaceChildren(el('span', { className: 'meta-label', text: '版本：' }), list);
    ui.docVersions.hidden = false;
  }

  const DIFF_MARKS = { unchanged: '未变', moved: '条号变动', changed: '修改', added: '新增', removed: '删除' };

  /** One side of a changed pair: the kept text with the deleted (old) or inserted (new) runs. */
  function diffSide(spans, keep) {
    const p = el('p', { className: 'diff-text' });
    for (const sp of spans) {
      const op = str(sp.op);
      if (op === '=') p.append(str(sp.text));
      else if (op === keep) p.append(el(op === '-' ? 'del' : 'ins', { text: str(sp.text) }));
    }
    return p;
  }

  /** Two versions side by side, article by article (/api/diff). */
  async function showDiff(s) {
    abortSearch();
    finishLoading();
    updateBackLink(s);
    abortDoc();
    const seq = docSeq;
    const ctl = new AbortController();
    docCtl = ctl;
    clearDocView('版本对比');
    let data;
    try {
      const p = new URLSearchParams({ from: s.diff.from, to: s.diff.to });
      data = await getJSON(`api/diff?${p}`, ctl.signal);
    } catch (e) {
      if (seq !== docSeq || (e && e.name === 'AbortError')) return;
      showLoading(null, false);
      ui.docView.classList.remove('is-loading');
      ui.docTitle.textContent = '无法对比';
      showError(errorTitle(e, 'doc'), e.message);
      setBusy(false);
      return;
    }
    if (seq !== docSeq) return;
    showLoading(null, false);
    ui.docView.classList.remove('is-loading');
    const from = data.from || {};
    const to = data.to || {};
    const title = str(to.title) || str(data.law);
    ui.docTitle.textContent = title;
    ui.docToolbarTitle.textContent = title;
    document.title = `${title} 版本对比 - 法规检索`;
    const c = data.counts || {};
    ui.docMeta.replaceChildren(el('span', { className: 'meta-item' }, `${str(from.in_force) || str(from.date)} → ${str(to.in_force) || str(to.date)}`));
    for (const k of ['changed', 'moved', 'added', 'removed', 'unchanged']) {
      ui.docMeta.append(el('span', { className: `meta-item diff-count mark-${k}` }, `${DIFF_MARKS[k]} ${fmtInt(Number(c[k]) || 0)}`));
    }
    const head = el('div', { className: 'diff-pair diff-head' },
      el('div', { className: 'diff-side' }, el('a', { href: urlFor({ ...current, diff: null, doc: str(from.id) }), dataset: { nav: 'article' }, text: `旧版（${str(from.in_force) || str(from.date)}）` })),
      el('div', { className: 'diff-side' }, el('a', { href: urlFor({ ...current, diff: null, doc: str(to.id) }), dataset: { nav: 'article' }, text: `新版（${str(to.in_force) || str(to.date)}）` })));
    const frag = el('div', { className: 'diff', role: 'list' }, head);
    for (const pr of Array.isArray(data.pairs) ? data.pairs : []) {
      const mark = str(pr.mark);
      const f = pr.from && typeof pr.from === 'object' ? pr.from : null;
      const t = pr.to && typeof pr.to === 'object' ? pr.to : null;
      const row = el('div', { className: `diff-pair mark-${mark}`, role: 'listitem', dataset: { mark } });
      const sideOf = (a, keep) => {
        const box = el('div', { className: 'diff-side' });
        if (!a) return box;
        box.append(el('span', { className: 'article-label', text: str(a.label) }), ' ',
          el('span', { className: 'badge diff-mark', text: DIFF_MARKS[mark] || mark }));
        box.append(mark === 'changed' && Array.isArray(pr.spans)
          ? diffSide(pr.spans, keep)
          : el('p', { className: 'diff-text', text: str(a.text) }));
        return box;
      };
      row.append(sideOf(f, '-'), sideOf(t, '+'));
      frag.append(row);
    }
    ui.docBody.replaceChildren(frag);
    window.scrollTo(0, 0);
    setBusy(false);
  }

  /* ---------- suggestions as one types (an ARIA combobox) and "did you mean" ---------- */

  const SUGGEST_LIMIT = 8;
  const SUGGEST_DELAY_MS = 80; // a pause in typing before asking
  const SUGGEST_KINDS = { title: '法律法规', short: '简称', abbrev: '简称', term: '词语' };
  const suggest = { items: [], active: -1, seq: 0, ctl: null, timer: 0 };

  function suggestOpen() {
    return !ui.suggestList.hidden;
  }

  function closeSuggest() {
    clearTimeout(suggest.timer);
    suggest.seq++;
    if (suggest.ctl) suggest.ctl.abort();
    suggest.ctl = null;
    suggest.items = [];
    suggest.active = -1;
    ui.suggestList.hidden = true;
    ui.suggestList.replaceChildren();
    ui.q.setAttribute('aria-expanded', 'false');
    ui.q.removeAttribute('aria-activedescendant');
  }

  function setActive(i) {
    suggest.active = i;
    ui.suggestList.querySelectorAll('[role="option"]').forEach((o, k) => {
      o.setAttribute('aria-selected', k === i ? 'true' : 'false');
      if (k === i) o.scrollIntoView({ block: 'nearest' });
    });
    if (i >= 0) ui.q.setAttribute('aria-activedescendant', `suggest-opt-${i}`);
    else ui.q.removeAttribute('aria-activedescendant');
  }

  function renderSuggestions(items) {
    suggest.items = items;
    suggest.active = -1;
    ui.suggestList.replaceChildren(...items.map((it, i) => {
      const li = el('li', {
        id: `suggest-opt-${i}`,
        className: 'suggest-option',
        role: 'option',
        'aria-selected': 'false',
      }, el('span', { className: 'suggest-text', text: str(it.text) }),
      el('span', { className: 'suggest-kind', text: SUGGEST_KINDS[it.kind] || '' }));
      if (it.id) { // a law: its newest version's title (when it differs) and date
        const t = it.title && it.title !== it.text ? `${str(it.title)} · ` : '';
        li.append(el('span', { className: 'suggest-title', text: `${t}${str(it.date)}` }));
      }
      li.addEventListener('mousedown', (e) => e.preventDefault()); // the box keeps the focus
      li.addEventListener('click', () => pickSuggestion(i));
      return li;
    }));
    const open = items.length > 0;
    ui.suggestList.hidden = !open;
    ui.q.setAttribute('aria-expanded', open ? 'true' : 'false');
    ui.q.removeAttribute('aria-activedescendant');
  }

  async function fetchSuggestions() {
    const q = ui.q.value.trim();
    if (!q) {
      closeSuggest();
      return;
    }
    const seq = ++suggest.seq;
    if (suggest.ctl) suggest.ctl.abort();
    const ctl = new AbortController();
    suggest.ctl = ctl;
    try {
      const p = new URLSearchParams({ q, limit: String(SUGGEST_LIMIT) });
      const data = await getJSON(`api/suggest?${p}`, ctl.signal);
      if (seq !== suggest.seq || document.activeElement !== ui.q) return;
      renderSuggestions(Array.isArray(data.suggestions) ? data.suggestions : []);
    } catch (e) {
      if (seq === suggest.seq) closeSuggest(); // suggestions are a help: no error shown
    }
  }

  /** A law opens its newest version (the search for its title behind it); a word is searched. */
  function pickSuggestion(i) {
    const it = suggest.items[i];
    closeSuggest();
    if (!it) return;
    const q = str(it.title) || str(it.text);
    ui.q.value = q;
    // 返回结果 then leads to the search for the title
    goState({ ...clearedFilters(), q, sort: current.sort, doc: str(it.id) }, { scroll: 'top' });
  }

  function onSuggestKey(e) {
    if (e.isComposing || e.keyCode === 229) return; // the input method's own Enter and arrows
    const n = suggest.items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!suggestOpen()) {
        if (e.key === 'ArrowDown') fetchSuggestions();
        return;
      }
      e.preventDefault();
      let i = suggest.active + (e.key === 'ArrowDown' ? 1 : -1);
      if (i >= n) i = -1; // past the last: back to what was typed
      if (i < -1) i = n - 1;
      setActive(i);
    } else if (e.key === 'Enter' && suggestOpen() && suggest.active >= 0) {
      e.preventDefault();
      pickSuggestion(suggest.active);
    } else if (e.key === 'Escape' && suggestOpen()) {
      e.preventDefault();
      closeSuggest();
    }
  }

  function setupSuggest() {
    ui.suggestList = $('suggest-list');
    ui.didYouMean = $('did-you-mean');
    ui.q.addEventListener('input', () => {
      clearTimeout(suggest.timer);
      suggest.timer = setTimeout(fetchSuggestions, SUGGEST_DELAY_MS);
    });
    ui.q.addEventListener('keydown', onSuggestKey);
    ui.q.addEventListener('blur', () => closeSuggest());
    ui.form.addEventListener('submit', () => closeSuggest());
  }

  /** “您是不是要找：…” above the results, and that the correction was searched when it was. */
  function renderDidYouMean(s, data) {
    const d = data.did_you_mean;
    if (!d || !d.query) {
      ui.didYouMean.hidden = true;
      ui.didYouMean.replaceChildren();
      return;
    }
    const link = el('a', {
      href: urlFor({ ...withState(clearedFilters()), q: str(d.query), sort: s.sort }),
      dataset: { nav: 'search' },
      text: str(d.query),
    });
    ui.didYouMean.replaceChildren('您是不是要找：', link);
    if (d.searched) {
      // searched instead: the query found nothing, or the correction names a law it did not
      ui.didYouMean.append(el('span', { className: 'did-you-mean-note', text: `（以下是“${str(d.query)}”的结果）` }));
    }
    ui.didYouMean.hidden = false;
  }

  /* ---------- wiring ---------- */

  function onLinkClick(e) {
    const a = e.target.closest && e.target.closest('a[data-nav]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    const kind = a.dataset.nav;
    if (kind === 'doc') {
      // from the result list: Back (or 返回结果) returns to it
      go(a.href, { extra: { docDepth: 1, terms: pageTerms } });
    } else if (kind === 'article') {
      const d = history.state && history.state.docDepth ? history.state.docDepth + 1 : 0;
      go(a.href, { extra: { docDepth: d, terms: stateTerms() } });
    } else if (kind === 'page') {
      go(a.href, { scroll: 'results' });
    } else {
      go(a.href, { scroll: 'top' });
    }
  }

  /* ---------- feedback dashboard: #drafts, #draft=<name> (GET api/drafts…) ---------- */

  const STATUS_CLASS = {
    已采纳: 'st-adopted', 部分采纳: 'st-partly', 未采纳: 'st-rejected', 待研究: 'st-pending',
  };
  let draftSeq = 0;

  /** The dashboard the hash names: '' for the list of drafts, a draft's name, or null. */
  function draftHash() {
    const h = location.hash;
    if (h === '#drafts') return '';
    if (!h.startsWith('#draft=')) return null;
    try {
      return decodeURIComponent(h.slice(7));
    } catch (e) {
      return h.slice(7);
    }
  }

  const draftHref = (name) => `./#draft=${encodeURIComponent(name)}`;

  /** The search behind a count: the draft's suggestions on one article, maybe one point or status. */
  function suggestionsHref(draft, article, extra) {
    const p = new URLSearchParams({ type: 'feedback', draft });
    if (article) p.set('article', article);
    for (const [k, v] of Object.entries(extra || {})) p.set(k, v);
    return `./?${p.toString()}`;
  }

  function countLink(href, n, label) {
    return el('a', { href, 'data-nav': 'draft-count', className: 'draft-count', title: label, text: fmtInt(n) });
  }

  async function showDrafts(name) {
    const seq = ++draftSeq;
    setBusy(true);
    showLoading(ui.draftLoading, true);
    ui.draftBody.replaceChildren();
    ui.draftTitle.textContent = name || '意见建议看板';
    document.title = `${name || '意见建议看板'} - 法规检索`;
    const url = name ? `api/drafts/${encodeURIComponent(name)}` : 'api/drafts';
    let data;
    try {
      data = await getJSON(url);
    } catch (e) {
      if (seq !== draftSeq) return;
      ui.draftLoading.hidden = true;
      showError(e.status === 404 ? '没有该草案的意见建议：' : errorTitle(e, 'draft'), e.message);
      setBusy(false);
      return;
    }
    if (seq !== draftSeq) return;
    clearTimeout(loadingTimer);
    ui.draftLoading.hidden = true;
    if (name) renderDraft(data);
    else renderDraftList(data);
    window.scrollTo(0, 0);
    setBusy(false);
  }

  function renderDraftList(data) {
    const drafts = data.drafts || [];
    if (!drafts.length) {
      ui.draftBody.replaceChildren(el('p', { text: '索引中还没有意见建议。' }));
      return;
    }
    const most = Math.max(...drafts.map((d) => d.total), 1);
    ui.draftBody.replaceChildren(el('ul', { className: 'draft-list' }, ...drafts.map((d) => el('li', null,
      el('a', { href: draftHref(d.draft), 'data-nav': 'draft', text: d.draft }),
      bar(d.total, most),
      el('span', { className: 'draft-n', text: `${fmtInt(d.total)} 条` })))));
  }

  /** A horizontal bar of n out of most (CSS width). */
  function bar(n, most, cls) {
    const b = el('span', { className: `bar ${cls || ''}`, 'aria-hidden': 'true' });
    b.style.width = `${Math.max(2, Math.round((100 * n) / most))}%`;
    return el('span', { className: 'bar-track' }, b);
  }

  function renderDraft(d) {
    const enc = encodeURIComponent(d.draft);
    const summary = el('p', { className: 'draft-summary' },
      `共 ${fmtInt(d.total)} 条意见建议，来自 ${fmtInt(d.contact_points.length)} 个联系点；`,
      `${fmtInt(d.groups.length)} 组相似意见（相似度 ≥ ${d.threshold}）。`,
      d.law ? el('a', { href: `./#doc=${encodeURIComponent(d.law.id)}`, 'data-nav': 'doc', text: '草案全文' }) : null);
    const downloads = el('p', { className: 'draft-downloads' },
      el('a', { href: `api/drafts/${enc}.xlsx`, download: `${d.draft}.xlsx`, className: 'button', text: '导出 Excel' }),
      el('a', { href: `api/drafts/${enc}.csv`, download: `${d.draft}.csv`, className: 'button', text: '导出 CSV' }));
    ui.draftBody.replaceChildren(summary, statusLegend(d), downloads,
      el('h2', { text: '热点条款' }), articleTable(d),
      el('h2', { text: '相似意见' }), groupList(d));
  }

  function statusLegend(d) {
    return el('p', { className: 'draft-statuses' }, ...d.statuses.map((s) => el('span',
      { className: `chip ${STATUS_CLASS[s.value] || 'st-other'}` },
      `${s.value || '未填写'} `,
      s.value ? countLink(suggestionsHref(d.draft, '', { status: s.value }), s.count, `办理情况：${s.value}`)
        : fmtInt(s.count))));
  }

  /** The statuses of one article as one stacked bar, each part linking to its suggestions. */
  function statusBar(d, a) {
    const parts = a.statuses.map((s) => {
      const seg = el(s.value ? 'a' : 'span', {
        className: `seg ${STATUS_CLASS[s.value] || 'st-other'}`,
        href: s.value && a.article ? suggestionsHref(d.draft, a.article_label, { status: s.value }) : null,
        'data-nav': s.value && a.article ? 'draft-count' : null,
        title: `${s.value || '未填写'}：${s.count} 条`,
        text: fmtInt(s.count),
      });
      seg.style.flexGrow = String(s.count);
      return seg;
    });
    return el('div', { className: 'stack' }, ...parts);
  }

  function articleTable(d) {
    const most = Math.max(...d.articles.map((a) => a.total), 1);
    const head = el('tr', null, ...['条款', '意见数', '办理情况', '联系点', '相似意见']
      .map((t) => el('th', { scope: 'col', text: t })));
    const rows = d.articles.map((a) => {
      const label = a.article_label || '未指明条款';
      const total = a.article ? countLink(suggestionsHref(d.draft, a.article_label), a.total, `${label}的全部意见`)
        : el('span', { className: 'draft-count', text: fmtInt(a.total) });
      const points = el('ul', { className: 'draft-points' }, ...a.contact_points.map((p) => el('li', null,
        `${p.value} `, a.article
          ? countLink(suggestionsHref(d.draft, a.article_label, { contact_point: p.value }), p.count, `${label}：${p.value}`)
          : fmtInt(p.count))));
      const groups = a.groups.length ? el('a', { href: `#group-${a.groups[0].group}`, text: `${a.groups.length} 组` }) : '—';
      const th = el('th', { scope: 'row' }, el('span', { className: 'draft-article', text: label }));
      if (a.text) th.append(el('details', { className: 'draft-text' }, el('summary', { text: '条文' }), ...paragraphs(a.text).map((t) => el('p', { text: t }))));
      return el('tr', { dataset: { article: a.article_label } }, th,
        el('td', { className: 'draft-total' }, bar(a.total, most), total),
        el('td', null, statusBar(d, a)), el('td', null, points), el('td', null, groups));
    });
    return el('div', { className: 'table-wrap' },
      el('table', { className: 'draft-table' }, el('thead', null, head), el('tbody', null, ...rows)));
  }

  function groupList(d) {
    if (!d.groups.length) return el('p', { text: '没有相似意见。' });
    const byId = new Map(d.suggestions.map((s) => [s.id, s]));
    return el('ol', { className: 'draft-groups' }, ...d.groups.map((g) => el('li', { id: `group-${g.group}` },
      el('p', null, el('strong', { text: `${g.count} 条相似` }), ` · ${g.articles.join('、') || '未指明条款'}`),
      el('p', { className: 'group-text', text: g.text }),
      el('details', null, el('summary', { text: '逐条查看' }), el('ul', null, ...g.ids.map((id) => {
        const s = byId.get(id) || {};
        return el('li', null, el('a', { href: `./#doc=${encodeURIComponent(id)}`, 'data-nav': 'doc', text: s.text || id }),
          el('span', { className: 'group-meta', text: ` — ${s.contact_point || ''}，${s.status || '未填写'}` }));
      }))))));
  }

  function init() {
    Object.assign(ui, {
      form: $('search-form'),
      q: $('q'),
      error: $('error'),
      home: $('home'),
      searchView: $('search-view'),
      sidebar: $('sidebar'),
      facetsPanel: $('facets-panel'),
      facetsSummary: $('facets-summary'),
      facets: $('facets'),
      resultsSection: $('results-section'),
      resultsHeading: $('results-heading'),
      total: $('total'),
      sort: $('sort'),
      activeFilters: $('active-filters'),
      loading: $('loading'),
      results: $('results'),
      noResults: $('no-results'),
      pager: $('pager'),
      docView: $('doc-view'),
      docBack: $('doc-back'),
      docToc: $('doc-toc'),
      docTocList: $('doc-toc-list'),
      docLoading: $('doc-loading'),
      docKind: $('doc-kind'),
      docTitle: $('doc-title'),
      docToolbarTitle: $('doc-toolbar-title'),
      docMeta: $('doc-meta'),
      docFields: $('doc-fields'),
      docVersions: $('doc-versions'),
      docBody: $('doc-body'),
      draftView: $('draft-view'),
      draftLoading: $('draft-loading'),
      draftTitle: $('draft-title'),
      draftBody: $('draft-body'),
    });
    if ('scrollRestoration' in history) history.scrollRestoration = 'manual';
    setupSuggest();

    ui.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const q = ui.q.value.trim();
      if (!q) {
        ui.q.focus();
        return;
      }
      // a new query starts without filters, on page 1; the sort order is kept
      goState({ ...clearedFilters(), q, sort: current.sort }, { scroll: 'top' });
      if (window.matchMedia('(pointer: coarse)').matches) ui.q.blur();
    });

    for (const b of ui.sort.querySelectorAll('button[data-sort]')) {
      b.addEventListener('click', () => {
        if (current.sort !== b.dataset.sort) goState(withState({ sort: b.dataset.sort, page: 1, doc: '' }));
      });
    }

    ui.docBack.addEventListener('click', (e) => {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      const d = history.state && history.state.docDepth;
      if (d > 0) history.go(-d);
      else go(ui.docBack.href, { scroll: 'top' });
    });

    document.addEventListener('click', onLinkClick);

    document.addEventListener('keydown', (e) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      e.preventDefault();
      ui.q.focus();
      ui.q.select();
    });

    // facets: a side column on wide screens (always open), a collapsed panel on narrow ones
    const wide = window.matchMedia('(min-width: 860px)');
    const syncPanel = () => {
      if (wide.matches) ui.facetsPanel.open = true;
    };
    if (wide.addEventListener) wide.addEventListener('change', syncPanel);
    syncPanel();

    window.addEventListener('popstate', () => route({ scroll: 'restore' }));
    route({ scroll: 'restore' });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
