// mtlint review page. Reads the findings from #mtlint-data and builds the review list with
// textContent only (never innerHTML on data); filters and text search over the data arrays, one
// page of segments in the DOM at a time (so 20,000 findings stay responsive), keyboard review,
// charts as inline SVG, the reviewed CSV generated here in the browser and its import. No
// network: the page's CSP forbids every fetch.
(function () {
  'use strict';

  var t0 = window.performance ? performance.now() : Date.now();
  var data = JSON.parse(document.getElementById('mtlint-data').textContent);
  var findings = data.findings;
  var segments = data.segments;
  var SEVERITIES = ['error', 'warning', 'info'];
  var SEV_RANK = { error: 3, warning: 2, info: 1 };
  var STATUSES = ['unreviewed', 'confirmed', 'false-positive'];
  var STATUS_LABEL = { unreviewed: 'Unreviewed', confirmed: 'Confirmed', 'false-positive': 'False positive' };
  var CSV_HEADER = ['file', 'line', 'column', 'segment', 'rule', 'category', 'severity',
    'flagged', 'context', 'message', 'suggestion', 'source', 'status', 'note'];
  // Segments longer than this (UTF-16 units) show only the text around their findings.
  var LONG_SEGMENT = 1200;
  var WINDOW = 220;

  // A page holds whole segments: up to PAGE_FINDINGS visible findings or PAGE_SEGMENTS segments.
  var PAGE_FINDINGS = 100;
  var PAGE_SEGMENTS = 50;
  var SVG_NS = 'http://www.w3.org/2000/svg';

  var filters = { category: '', severity: '', rule: '', file: '', status: '' };
  var query = [];
  var current = -1;
  var visibleOrder = [];
  // Pages of segment indexes; the page shown; each segment's page (-1: nothing visible); where
  // each page starts in visibleOrder; the segments in the DOM.
  var pages = [];
  var page = 0;
  var segPage = [];
  var pageStart = [];
  var rendered = [];
  // Timings in ms, for the browser test and the curious (window.mtlintReview.timings).
  var timings = {};
  function now() { return window.performance ? performance.now() : Date.now(); }

  // ---- persistence of review marks (this browser only) ----
  var idMeta = document.querySelector('meta[name="mtlint-report-id"]');
  var storeKey = 'mtlint-review:' + (idMeta ? idMeta.getAttribute('content') : '');
  function loadMarks() {
    try {
      var raw = window.localStorage.getItem(storeKey);
      return raw ? JSON.parse(raw) : {};
    } catch (e) {
      return {};
    }
  }
  function saveMarks() {
    var marks = {};
    findings.forEach(function (f, i) {
      if (f.status !== 'unreviewed' || f.note) marks[i] = [f.status, f.note];
    });
    try {
      window.localStorage.setItem(storeKey, JSON.stringify(marks));
    } catch (e) { /* storage unavailable: marks live as long as the page */ }
  }

  // ---- small DOM helpers ----
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  // ---- highlighting: split the text at every span boundary ----
  // Each piece knows which findings cover it, so overlapping spans render as nested tints.
  function tgtSpan(i) { return [findings[i].start, findings[i].end]; }
  function srcSpan(i) { return findings[i].src; }
  function pieces(text, idx, span) {
    span = span || tgtSpan;
    var cuts = [0, text.length];
    idx.forEach(function (i) { cuts.push(span(i)[0], span(i)[1]); });
    cuts = cuts.filter(function (c, k) { return cuts.indexOf(c) === k; }).sort(function (a, b) { return a - b; });
    var out = [];
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      var cover = idx.filter(function (i) { return span(i)[0] <= a && span(i)[1] >= b; });
      out.push({ start: a, end: b, cover: cover });
    }
    return out;
  }

  // Ranges of a long segment worth showing: a window around each finding, merged.
  function windows(text, idx) {
    var rs = idx.map(function (i) {
      return [Math.max(0, findings[i].start - WINDOW), Math.min(text.length, findings[i].end + WINDOW)];
    }).sort(function (x, y) { return x[0] - y[0]; });
    var merged = [];
    rs.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1] + 40) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged.map(function (r) {
      var s = r[0], e = r[1];
      // Cut at a space near the edge, never inside a surrogate pair.
      if (s > 0) {
        var sp = text.indexOf(' ', s);
        if (sp !== -1 && sp < s + 30) s = sp + 1;
        if (/[\uDC00-\uDFFF]/.test(text.charAt(s))) s++;
      }
      if (e < text.length) {
        var ep = text.lastIndexOf(' ', e);
        if (ep > e - 30 && ep > s) e = ep;
        if (/[\uDC00-\uDFFF]/.test(text.charAt(e))) e++;
      }
      return [s, e];
    });
  }

  function renderText(box, seg, idx, full) {
    box.textContent = '';
    var text = seg.target;
    var ranges = (full || text.length <= LONG_SEGMENT) ? [[0, text.length]] : windows(text, idx);
    var marks = [];
    var ps = pieces(text, idx);
    if (ranges[0][0] > 0) box.appendChild(el('span', 'gap', '… '));
    // Zero-width findings (an insertion point) get a caret.
    function carets(pos) {
      idx.forEach(function (i) {
        var f = findings[i];
        if (f.start !== pos || f.end !== pos) return;
        var c = el('mark', 'hl caret');
        c.setAttribute('aria-label', 'insertion point');
        c.cover = [i];
        c.dataset.cover = String(i);
        marks.push(c);
        box.appendChild(c);
      });
    }
    ranges.forEach(function (r, ri) {
      if (ri > 0) box.appendChild(el('span', 'gap', ' … '));
      ps.forEach(function (p) {
        var a = Math.max(p.start, r[0]), b = Math.min(p.end, r[1]);
        if (a >= b) return;
        if (a === p.start) carets(a);
        var t = text.slice(a, b);
        if (!p.cover.length) {
          box.appendChild(document.createTextNode(t));
          return;
        }
        var m = el('mark', 'hl', t);
        m.dataset.cover = p.cover.join(' ');
        m.cover = p.cover;
        marks.push(m);
        box.appendChild(m);
      });
      if (r[1] === text.length) carets(text.length);
    });
    if (ranges[ranges.length - 1][1] < text.length) box.appendChild(el('span', 'gap', ' …'));
    seg.marks = marks;
    marks.forEach(clickable);
    paintMarks(seg);
  }

  function clickable(m) {
    m.addEventListener('click', function (ev) {
      ev.stopPropagation();
      var vis = m.cover.filter(function (i) { return findings[i].visible; });
      if (!vis.length) return;
      var at = vis.indexOf(current);
      select(vis[(at + 1) % vis.length], true);
    });
  }

  // The source with the span each source-aware finding matches (its `src`, computed by mtlint:
  // the copied words, the missing number or placeholder) marked like the target's spans.
  function renderSource(box, seg, idx) {
    box.textContent = '';
    var text = seg.source;
    var withSrc = idx.filter(function (i) { return findings[i].src; });
    var marks = [];
    pieces(text, withSrc, srcSpan).forEach(function (p) {
      var t = text.slice(p.start, p.end);
      if (!p.cover.length) {
        box.appendChild(document.createTextNode(t));
        return;
      }
      var m = el('mark', 'hl src', t);
      m.dataset.cover = p.cover.join(' ');
      m.cover = p.cover;
      marks.push(m);
      box.appendChild(m);
    });
    seg.srcMarks = marks;
    marks.forEach(clickable);
  }

  function paintMarks(seg) {
    if (!seg.marks) return;
    paintSide(seg, seg.marks);
    if (seg.srcMarks) paintSide(seg, seg.srcMarks);
  }

  function paintSide(seg, marksOf) {
    var cur = current >= 0 && findings[current].visible
      ? marksOf.filter(function (m) { return m.cover.indexOf(current) !== -1; }) : [];
    marksOf.forEach(function (m) {
      var vis = m.cover.filter(function (i) { return findings[i].visible; });
      var top = '';
      vis.forEach(function (i) {
        if (!top || SEV_RANK[findings[i].severity] > SEV_RANK[top]) top = findings[i].severity;
      });
      var cls = m.classList.contains('caret') ? 'hl caret' : m.classList.contains('src') ? 'hl src' : 'hl';
      if (!vis.length) cls += ' off';
      else cls += ' sev-' + top + (vis.length > 1 ? ' multi' : '');
      if (vis.length && vis.every(function (i) { return findings[i].status === 'false-positive'; })) cls += ' dismissed';
      // The selected finding's span is boxed as one, across the pieces it is cut into.
      if (cur.indexOf(m) !== -1) {
        cls += ' current';
        if (m === cur[0]) cls += ' cur-start';
        if (m === cur[cur.length - 1]) cls += ' cur-end';
      }
      m.className = cls;
      m.title = vis.map(function (i) { return findings[i].severity + ' [' + findings[i].rule + '] ' + findings[i].message; }).join('\n');
    });
  }

  // ---- one finding ----
  function renderFinding(i) {
    var f = findings[i];
    var li = el('li', 'finding sev-' + f.severity);
    li.tabIndex = -1;
    li.dataset.index = String(i);
    li.id = 'finding-' + i;

    var head = el('div', 'f-head');
    head.appendChild(el('span', 'badge sev-' + f.severity, f.severity));
    head.appendChild(el('code', 'rule', f.rule));
    head.appendChild(el('span', 'cat', f.category));
    head.appendChild(el('span', 'loc', 'line ' + f.line + ', column ' + f.column));
    var status = el('span', 'status-tag');
    head.appendChild(status);
    li.appendChild(head);

    li.appendChild(el('p', 'msg', f.message));

    var fix = el('p', 'fix');
    fix.appendChild(el('span', 'fix-label', 'Flagged'));
    fix.appendChild(el('q', 'flagged', f.flagged));
    if (f.suggestion !== null && f.suggestion !== undefined) {
      fix.appendChild(el('span', 'arrow', '→'));
      fix.appendChild(el('span', 'fix-label', 'Suggestion'));
      fix.appendChild(el('q', 'suggestion', f.suggestion));
    }
    fix.appendChild(el('span', 'mqm', 'MQM: ' + f.mqm));
    li.appendChild(fix);

    var actions = el('div', 'f-actions');
    var bc = el('button', 'mark confirm', '✓ Confirmed');
    bc.type = 'button';
    bc.title = 'Mark as confirmed (c)';
    var bf = el('button', 'mark fp', '✗ False positive');
    bf.type = 'button';
    bf.title = 'Mark as false positive (f)';
    var note = el('input', 'note');
    note.type = 'text';
    note.placeholder = 'Note (optional)';
    note.setAttribute('aria-label', 'Note for finding ' + (i + 1));
    note.value = f.note;
    actions.appendChild(bc);
    actions.appendChild(bf);
    actions.appendChild(note);
    li.appendChild(actions);

    bc.addEventListener('click', function (ev) { ev.stopPropagation(); select(i, false, true); toggle(i, 'confirmed'); });
    bf.addEventListener('click', function (ev) { ev.stopPropagation(); select(i, false, true); toggle(i, 'false-positive'); });
    note.addEventListener('focus', function () { select(i, false, true); });
    note.addEventListener('input', function () { f.note = note.value; saveMarks(); updateProgress(); });
    note.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === 'Escape') {
        ev.preventDefault();
        li.focus({ preventScroll: true });
      }
    });
    li.addEventListener('click', function () { select(i, false); });

    f.el = li;
    f.buttons = { confirmed: bc, 'false-positive': bf };
    f.statusTag = status;
    f.noteInput = note;
    paintStatus(i);
    return li;
  }

  function paintStatus(i) {
    var f = findings[i];
    if (!f.el) return;
    f.el.classList.remove('st-unreviewed', 'st-confirmed', 'st-false-positive');
    f.el.classList.add('st-' + f.status);
    f.el.dataset.status = f.status;
    f.buttons.confirmed.setAttribute('aria-pressed', String(f.status === 'confirmed'));
    f.buttons['false-positive'].setAttribute('aria-pressed', String(f.status === 'false-positive'));
    f.statusTag.textContent = f.status === 'unreviewed' ? '' : STATUS_LABEL[f.status];
  }

  function setStatus(i, status) {
    findings[i].status = status;
    paintStatus(i);
    paintMarks(segments[findings[i].seg]);
    saveMarks();
    updateProgress();
    if (filters.status) applyFilters(true);
  }

  function toggle(i, status) {
    setStatus(i, findings[i].status === status ? 'unreviewed' : status);
  }

  // ---- build the page ----
  // One segment's card: source beside target, its findings (those filtered away hidden).
  function buildSegment(si) {
    var seg = segments[si];
    var art = el('article', 'seg');
    art.dataset.seg = String(si);
    var head = el('header', 'seg-head');
    head.appendChild(el('span', 'seg-file', seg.file === '-' ? 'standard input' : seg.file));
    head.appendChild(el('span', 'seg-loc', 'line ' + seg.line));
    if (seg.id !== String(seg.line)) head.appendChild(el('span', 'seg-id', 'segment ' + seg.id));
    if (seg.fuzzy) head.appendChild(el('span', 'fuzzy', 'fuzzy: marked for review in the file'));
    seg.countEl = el('span', 'seg-count');
    head.appendChild(seg.countEl);
    art.appendChild(head);

    // Source beside target when the input is bilingual; target alone otherwise.
    var hasSource = seg.source !== null && seg.source !== undefined;
    var body = el('div', 'seg-body' + (hasSource ? ' bilingual' : ''));
    seg.srcMarks = null;
    if (hasSource) {
      var src = el('div', 'side source');
      src.appendChild(el('div', 'side-label', 'Source'));
      var sbox = el('p', 'seg-text');
      src.appendChild(sbox);
      renderSource(sbox, seg, seg.findings);
      body.appendChild(src);
    }
    var tgt = el('div', 'side target');
    if (hasSource) tgt.appendChild(el('div', 'side-label', 'Target (' + seg.lang + ')'));
    var box = el('p', 'seg-text');
    box.lang = seg.lang;
    tgt.appendChild(box);
    if (seg.target.length > LONG_SEGMENT) {
      var more = el('button', 'linkish', 'Show the whole segment (' + seg.target.length + ' characters)');
      more.type = 'button';
      var full = false;
      more.addEventListener('click', function () {
        full = !full;
        renderText(box, seg, seg.findings, full);
        more.textContent = full ? 'Show only the text around the findings' : 'Show the whole segment (' + seg.target.length + ' characters)';
      });
      tgt.appendChild(more);
    }
    body.appendChild(tgt);
    art.appendChild(body);

    var list = el('ol', 'findings');
    var n = 0;
    seg.findings.forEach(function (i) {
      var li = renderFinding(i);
      li.hidden = !findings[i].visible;
      if (findings[i].visible) n++;
      list.appendChild(li);
    });
    art.appendChild(list);
    seg.countEl.textContent = n === seg.findings.length ? plural(n, 'finding')
      : n + ' of ' + plural(seg.findings.length, 'finding');
    seg.el = art;
    renderText(box, seg, seg.findings, false);
    return art;
  }

  // Puts the segments of the page shown into the DOM, and only those.
  function renderPage() {
    rendered.forEach(function (si) {
      var seg = segments[si];
      seg.findings.forEach(function (i) { findings[i].el = null; });
      seg.el = null;
      seg.marks = null;
      seg.srcMarks = null;
    });
    container.textContent = '';
    var frag = document.createDocumentFragment();
    rendered = (pages[page] || []).slice();
    rendered.forEach(function (si) { frag.appendChild(buildSegment(si)); });
    container.appendChild(frag);
    if (current >= 0 && findings[current].el) {
      findings[current].el.classList.add('current');
      paintMarks(segments[findings[current].seg]);
    }
    paintPagers();
  }

  function paintPagers() {
    ['pager-top', 'pager-bottom'].forEach(function (id) {
      var nav = document.getElementById(id);
      nav.textContent = '';
      nav.hidden = pages.length < 2;
      if (pages.length < 2) return;
      var prev = el('button', 'page-prev', '‹ Previous');
      prev.type = 'button';
      prev.disabled = page === 0;
      prev.addEventListener('click', function () { goPage(page - 1, id === 'pager-bottom'); });
      var next = el('button', 'page-next', 'Next ›');
      next.type = 'button';
      next.disabled = page >= pages.length - 1;
      next.addEventListener('click', function () { goPage(page + 1, id === 'pager-bottom'); });
      var first = pageStart[page] + 1;
      var last = page + 1 < pages.length ? pageStart[page + 1] : visibleOrder.length;
      var label = el('span', 'page-label', 'Page ' + (page + 1) + ' of ' + pages.length +
        ' (findings ' + first + '–' + last + ')');
      nav.appendChild(prev);
      nav.appendChild(label);
      nav.appendChild(next);
    });
  }

  function goPage(p, scroll) {
    if (p < 0 || p >= pages.length || p === page) return;
    page = p;
    renderPage();
    if (scroll) document.getElementById('review').scrollIntoView();
  }

  var container = document.getElementById('segments');
  var saved = loadMarks();
  findings.forEach(function (f, i) {
    var m = saved[i];
    f.status = m && STATUSES.indexOf(m[0]) !== -1 ? m[0] : 'unreviewed';
    f.note = m && typeof m[1] === 'string' ? m[1] : '';
    f.visible = true;
    f.el = null;
  });
  segments.forEach(function (s) { s.findings = []; });
  findings.forEach(function (f, i) { segments[f.seg].findings.push(i); });

  // ---- filters ----
  function countBy(key) {
    var m = {};
    findings.forEach(function (f) { m[f[key]] = (m[f[key]] || 0) + 1; });
    return m;
  }
  function fillSelect(id, values, counts, label) {
    var sel = document.getElementById(id);
    values.forEach(function (v) {
      var o = el('option', null, (label ? label(v) : v) + (counts ? ' (' + (counts[v] || 0) + ')' : ''));
      o.value = v;
      sel.appendChild(o);
    });
    sel.addEventListener('change', function () {
      filters[sel.dataset.key] = sel.value;
      applyFilters();
    });
  }
  var byCat = countBy('category'), bySev = countBy('severity'), byRule = countBy('rule'), byFile = countBy('file');
  fillSelect('filter-category', Object.keys(byCat).sort(), byCat);
  fillSelect('filter-severity', SEVERITIES.filter(function (s) { return bySev[s]; }), bySev);
  fillSelect('filter-rule', Object.keys(byRule).sort(), byRule);
  fillSelect('filter-file', data.files.map(function (f) { return f.path; }), byFile,
    function (p) { return p === '-' ? 'standard input' : p; });
  fillSelect('filter-status', STATUSES, null, function (s) { return STATUS_LABEL[s]; });

  function matches(f) {
    return (!filters.category || f.category === filters.category) &&
      (!filters.severity || f.severity === filters.severity) &&
      (!filters.rule || f.rule === filters.rule) &&
      (!filters.file || f.file === filters.file) &&
      (!filters.status || f.status === filters.status);
  }

  // ---- text search: every word of the query, ignoring case, somewhere in the finding (rule,
  // category, message, flagged text, suggestion, note, file) or in its segment (target, source,
  // id). Over the data arrays, the lowered texts built once, on the first search.
  function lower(x) { return x === null || x === undefined ? '' : String(x).toLowerCase(); }
  function findingText(f) {
    if (f.hay === undefined) {
      f.hay = [f.rule, f.category, f.severity, f.message, f.flagged, lower(f.suggestion), f.file, f.mqm]
        .join('\n').toLowerCase();
    }
    return f.hay;
  }
  function segmentText(seg) {
    if (seg.hay === undefined) seg.hay = [seg.target, lower(seg.source), seg.id].join('\n').toLowerCase();
    return seg.hay;
  }
  function searchHit(f, segHits) {
    if (!query.length) return true;
    var fh = findingText(f), note = f.note ? f.note.toLowerCase() : '';
    for (var k = 0; k < query.length; k++) {
      if (segHits[k]) continue;
      if (fh.indexOf(query[k]) === -1 && note.indexOf(query[k]) === -1) return false;
    }
    return true;
  }

  // Recomputes which findings are visible and the pages, over the data; then renders the page
  // shown (the first one unless `keepPage`).
  function applyFilters(keepPage) {
    var start = now();
    visibleOrder = [];
    var visibleSegs = [];
    var counts = [];
    segments.forEach(function (seg, si) {
      var segHits = null;
      var n = 0;
      seg.findings.forEach(function (i) {
        var f = findings[i];
        f.visible = matches(f);
        if (f.visible && query.length) {
          if (!segHits) {
            var sh = segmentText(seg);
            segHits = query.map(function (q) { return sh.indexOf(q) !== -1; });
          }
          f.visible = searchHit(f, segHits);
        }
        if (f.visible) { n++; visibleOrder.push(i); }
      });
      segPage[si] = -1;
      if (n) { visibleSegs.push(si); counts.push(n); }
    });
    pages = [];
    pageStart = [];
    var cur = [], inPage = 0, offset = 0;
    visibleSegs.forEach(function (si, k) {
      if (cur.length && (inPage + counts[k] > PAGE_FINDINGS || cur.length >= PAGE_SEGMENTS)) {
        pages.push(cur);
        cur = [];
        inPage = 0;
      }
      if (!cur.length) pageStart.push(offset);
      cur.push(si);
      segPage[si] = pages.length;
      inPage += counts[k];
      offset += counts[k];
    });
    if (cur.length) pages.push(cur);
    page = keepPage ? Math.max(0, Math.min(page, pages.length - 1)) : 0;
    var shown = visibleOrder.length;
    var vc = document.getElementById('visible-count');
    vc.textContent = shown === findings.length
      ? 'Showing all ' + plural(shown, 'finding')
      : 'Showing ' + shown + ' of ' + plural(findings.length, 'finding');
    vc.dataset.visible = String(shown);
    document.getElementById('empty').hidden = shown !== 0 || findings.length === 0;
    if (current >= 0 && !findings[current].visible) select(-1, false);
    timings.filter = now() - start;
    renderPage();
    timings.filterAndRender = now() - start;
  }

  var searchBox = document.getElementById('search');
  var searchTimer = null;
  function runSearch() {
    clearTimeout(searchTimer);
    searchTimer = null;
    var q = searchBox.value.toLowerCase().split(/\s+/).filter(function (w) { return w; });
    if (q.join(' ') === query.join(' ')) return;
    query = q;
    var start = now();
    applyFilters(false);
    timings.search = now() - start;
    searchBox.dataset.searched = searchBox.value;
  }
  searchBox.addEventListener('input', function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, findings.length > 5000 ? 200 : 60);
  });
  searchBox.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { ev.preventDefault(); runSearch(); }
    if (ev.key === 'Escape') {
      ev.preventDefault();
      searchBox.value = '';
      runSearch();
      searchBox.blur();
    }
  });

  function updateProgress() {
    var n = { unreviewed: 0, confirmed: 0, 'false-positive': 0 };
    findings.forEach(function (f) { n[f.status]++; });
    var p = document.getElementById('progress');
    p.textContent = '';
    p.appendChild(el('span', 'p-confirmed', n.confirmed + ' confirmed'));
    p.appendChild(document.createTextNode(' · '));
    p.appendChild(el('span', 'p-fp', n['false-positive'] + ' false positive'));
    p.appendChild(document.createTextNode(' · '));
    p.appendChild(el('span', 'p-unreviewed', n.unreviewed + ' unreviewed'));
  }

  // ---- selection and keyboard ----
  function select(i, scroll, keepFocus) {
    var prev = current;
    current = i;
    if (prev >= 0 && findings[prev].el) {
      findings[prev].el.classList.remove('current');
      paintMarks(segments[findings[prev].seg]);
    }
    if (i < 0) return;
    var f = findings[i];
    // A finding on another page: show that page.
    if (!f.el && segPage[f.seg] >= 0) {
      page = segPage[f.seg];
      renderPage();
    }
    if (!f.el) return;
    f.el.classList.add('current');
    paintMarks(segments[f.seg]);
    if (!keepFocus) f.el.focus({ preventScroll: true });
    if (scroll) reveal(f);
  }

  // Scrolls as little as possible so the finding is in view below the sticky toolbar, with the
  // text of its segment too when both fit.
  function reveal(f) {
    var top = document.getElementById('toolbar').getBoundingClientRect().height + 8;
    var bottom = window.innerHeight - 8;
    var fr = f.el.getBoundingClientRect();
    var sr = segments[f.seg].el.getBoundingClientRect();
    var want = fr.bottom - sr.top <= bottom - top ? { top: sr.top, bottom: fr.bottom } : { top: fr.top, bottom: fr.bottom };
    if (want.top < top) window.scrollBy(0, want.top - top);
    else if (want.bottom > bottom) window.scrollBy(0, Math.min(want.bottom - bottom, want.top - top));
  }

  function move(delta) {
    if (!visibleOrder.length) return;
    // From the current finding if it is on the page shown; else from the page's first or last.
    var at = current >= 0 && findings[current].el ? visibleOrder.indexOf(current) : -1;
    var next;
    if (at === -1) {
      var first = pageStart[page] || 0;
      var last = (page + 1 < pages.length ? pageStart[page + 1] : visibleOrder.length) - 1;
      next = delta > 0 ? first : last;
    }
    else next = Math.min(visibleOrder.length - 1, Math.max(0, at + delta));
    select(visibleOrder[next], true);
  }

  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    var tag = t && t.tagName;
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || (t && t.isContentEditable)) return;
    switch (ev.key) {
      case 'j': case 'ArrowDown': move(1); break;
      case 'k': case 'ArrowUp': move(-1); break;
      case 'c': if (current >= 0) toggle(current, 'confirmed'); break;
      case 'f': if (current >= 0) toggle(current, 'false-positive'); break;
      case 'u': if (current >= 0) setStatus(current, 'unreviewed'); break;
      case 'n': if (current >= 0 && findings[current].el) findings[current].noteInput.focus(); break;
      case '/': searchBox.focus(); searchBox.select(); break;
      default: return;
    }
    ev.preventDefault();
  });

  // ---- the reviewed CSV ----
  // Same columns and cell rules as `--format csv` (OWASP: a cell starting with = + - @ tab or
  // CR gets a leading '; a lone "-" is kept; a cell starting with ' before such a cell gets one
  // more, so the guard can be undone), plus status and note.
  function needsGuard(cell) {
    var c = cell.charAt(0);
    if (c === '=' || c === '+' || c === '-' || c === '@' || c === '\t' || c === '\r') {
      return cell !== '-';
    }
    return c === "'" && needsGuard(cell.slice(1));
  }
  function spreadsheetSafe(cell) {
    return needsGuard(cell) ? "'" + cell : cell;
  }
  function csvField(cell) {
    var s = spreadsheetSafe(String(cell));
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  // The source as --format csv writes it: cut after data.source_chars characters (code
  // points), with "…".
  function recordSource(source) {
    if (source === null) return '';
    var chars = Array.from(source);
    var keep = data.source_chars;
    return chars.length > keep ? chars.slice(0, keep).join('') + '\u2026' : source;
  }
  function reviewedCsv() {
    var rows = [CSV_HEADER.map(csvField).join(',')];
    findings.forEach(function (f) {
      rows.push([f.file, f.line, f.column, f.segment, f.rule, f.category, f.severity, f.flagged,
        f.context, f.message, f.suggestion === null ? '' : f.suggestion,
        recordSource(segments[f.seg].source), f.status, f.note]
        .map(csvField).join(','));
    });
    return rows.join('\n') + '\n';
  }
  document.getElementById('download').addEventListener('click', function () {
    var blob = new Blob([reviewedCsv()], { type: 'text/csv;charset=utf-8' });
    var url = URL.createObjectURL(blob);
    var a = el('a');
    a.href = url;
    a.download = 'mtlint-reviewed.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  });

  // ---- import of a reviewed CSV ----
  // The file downloaded above, or the same after a spreadsheet: comma, semicolon or tab
  // separated, with a header naming at least file, line, column, rule and status (note
  // optional). Each row gives its status (spelled as `--from-review` accepts it) and note to the
  // finding of the same file, line, column and rule (and flagged text, when two share those).
  function parseDelimited(text) {
    if (text.charCodeAt(0) === 0xFEFF) text = text.slice(1);
    var firstLine = text.slice(0, (text.indexOf('\n') + 1 || text.length + 1) - 1);
    var quoted = false, n = { ',': 0, ';': 0, '\t': 0 };
    for (var k = 0; k < firstLine.length; k++) {
      var ch = firstLine.charAt(k);
      if (ch === '"') quoted = !quoted;
      else if (!quoted && n[ch] !== undefined) n[ch]++;
    }
    var sep = n[';'] > n[','] && n[';'] >= n['\t'] ? ';' : n['\t'] > n[','] ? '\t' : ',';
    var rows = [], row = [], cell = '', line = 1, rowLine = 1;
    quoted = false;
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c === '\n') line++;
      if (quoted) {
        if (c === '"' && text.charAt(i + 1) === '"') { cell += '"'; i++; }
        else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === sep) { row.push(cell); cell = ''; }
      else if (c === '\n') { row.push(cell); row.line = rowLine; rows.push(row); row = []; cell = ''; rowLine = line; }
      else if (c !== '\r') cell += c;
    }
    if (cell !== '' || row.length) { row.push(cell); row.line = rowLine; rows.push(row); }
    return rows;
  }
  // Undoes the spreadsheet guard of csvField.
  function unguard(cell) {
    return cell.charAt(0) === "'" && needsGuard(cell.slice(1)) ? cell.slice(1) : cell;
  }
  // The status as people type it (the spellings of `mtlint check --from-review`).
  function parseStatus(s) {
    var key = s.trim().replace(/[ \-_.]/g, '').toLowerCase();
    if (['', 'unreviewed', 'todo', 'pending', 'open', 'new', '?'].indexOf(key) !== -1) return 'unreviewed';
    if (['confirmed', 'confirm', 'truepositive', 'tp', 'error', 'real', 'valid', 'fixed', 'accepted'].indexOf(key) !== -1) return 'confirmed';
    if (['falsepositive', 'fp', 'falsealarm', 'false', 'notanerror', 'noerror', 'notanissue', 'wrong',
      'invalid', 'ignore', 'ignored', 'wontfix'].indexOf(key) !== -1) return 'false-positive';
    return null;
  }
  function importReview(text, name) {
    var rows = parseDelimited(text);
    var out = { matched: 0, unmatched: 0, problems: [] };
    if (!rows.length) { out.problems.push('the file is empty'); return out; }
    var header = rows[0].map(function (h) { return h.trim().toLowerCase(); });
    var col = {};
    ['file', 'line', 'column', 'rule', 'flagged', 'status', 'note'].forEach(function (k) { col[k] = header.indexOf(k); });
    var missing = ['file', 'line', 'column', 'rule', 'status'].filter(function (k) { return col[k] === -1; });
    if (missing.length) {
      out.problems.push('no ' + missing.join(', ') + ' column in the header');
      return out;
    }
    var index = {};
    var key = function (file, line, column, rule) { return [file, line, column, rule].join('\u0001'); };
    findings.forEach(function (f, i) {
      var k = key(f.file, f.line, f.column, f.rule);
      (index[k] = index[k] || []).push(i);
    });
    var taken = {};
    var cell = function (r, k) { return col[k] === -1 || r[col[k]] === undefined ? '' : unguard(r[col[k]]); };
    rows.slice(1).forEach(function (r) {
      if (r.length === 1 && r[0] === '') return;
      var raw = cell(r, 'status');
      var status = parseStatus(raw);
      if (status === null) {
        out.problems.push('line ' + r.line + ': unknown status “' + raw + '”');
        return;
      }
      var cands = (index[key(cell(r, 'file'), cell(r, 'line').trim(), cell(r, 'column').trim(), cell(r, 'rule').trim())] || [])
        .filter(function (i) { return !taken[i]; });
      if (cands.length > 1 && col.flagged !== -1) {
        var same = cands.filter(function (i) { return findings[i].flagged === cell(r, 'flagged'); });
        if (same.length) cands = same;
      }
      if (!cands.length) { out.unmatched++; return; }
      var i = cands[0];
      taken[i] = true;
      findings[i].status = status;
      if (col.note !== -1) findings[i].note = cell(r, 'note');
      out.matched++;
    });
    saveMarks();
    updateProgress();
    applyFilters(true);
    var msg = 'Imported ' + plural(out.matched, 'review') + ' from ' + name;
    if (out.unmatched) msg += '; ' + plural(out.unmatched, 'row') + ' matched no finding of this report';
    if (out.problems.length) msg += '; ' + out.problems.slice(0, 3).join('; ') + (out.problems.length > 3 ? ' …' : '');
    var res = document.getElementById('import-result');
    res.textContent = msg;
    res.hidden = false;
    return out;
  }
  var importInput = document.getElementById('import');
  importInput.addEventListener('change', function () {
    var file = importInput.files && importInput.files[0];
    if (!file) return;
    var reader = new FileReader();
    reader.onload = function () {
      importReview(String(reader.result), file.name);
      importInput.value = '';
    };
    reader.readAsText(file);
  });

  // ---- charts: inline SVG, every label a text node, a title and a description each ----
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function shorten(label, max, keepEnd) {
    if (label.length <= max) return label;
    return keepEnd ? '…' + label.slice(label.length - max + 1) : label.slice(0, max - 1) + '…';
  }
  function figure(id, title, desc, width, height) {
    var fig = el('figure', 'chart');
    fig.id = id;
    var root = svg('svg', {
      viewBox: '0 0 ' + width + ' ' + height, width: width, height: height,
      role: 'img', 'aria-labelledby': id + '-title ' + id + '-desc', 'class': 'chart-svg'
    });
    root.appendChild(svg('title', { id: id + '-title' }, title));
    root.appendChild(svg('desc', { id: id + '-desc' }, desc));
    fig.appendChild(el('figcaption', null, title));
    fig.appendChild(root);
    return { fig: fig, root: root };
  }
  var CHART_W = 540, LABEL_W = 190, ROW_H = 22;
  // Horizontal bars, one per item: {label, value, shown, title, onClick}.
  function barChart(id, title, items, unit, keepEnd) {
    var h = items.length * ROW_H + 8;
    var max = items.reduce(function (m, it) { return Math.max(m, it.value); }, 0) || 1;
    var desc = items.map(function (it) { return it.label + ': ' + (it.shown || it.value); }).join('; ');
    var c = figure(id, title, unit + '. ' + desc + '.', CHART_W, h);
    items.forEach(function (it, k) {
      var y = 4 + k * ROW_H;
      var g = svg('g', { 'class': 'bar' + (it.onClick ? ' clickable' : ''), 'data-label': it.label });
      g.appendChild(svg('title', null, it.label + ': ' + (it.shown || it.value)));
      g.appendChild(svg('text', { x: LABEL_W - 8, y: y + 15, 'text-anchor': 'end', 'class': 'bar-label' }, shorten(it.label, 27, keepEnd)));
      var w = Math.max(1, (CHART_W - LABEL_W - 70) * it.value / max);
      g.appendChild(svg('rect', { x: LABEL_W, y: y + 3, width: w.toFixed(1), height: ROW_H - 6, rx: 2, 'class': 'bar-rect' + (it.cls ? ' ' + it.cls : '') }));
      g.appendChild(svg('text', { x: LABEL_W + w + 6, y: y + 15, 'class': 'bar-value' }, it.shown || it.value));
      if (it.onClick) g.addEventListener('click', it.onClick);
      c.root.appendChild(g);
    });
    return c.fig;
  }
  function filterBy(key, value) {
    return function () {
      var sel = document.getElementById('filter-' + key);
      sel.value = value;
      filters[key] = value;
      applyFilters();
      document.getElementById('review').scrollIntoView();
    };
  }
  // Where in each file the findings are: the file's lines (up to its last finding) cut into
  // bins, a bar per bin as high as its findings.
  function clusterChart(id, files) {
    var BINS = 60, STRIP_H = 26, LABEL_H = 16, rowH = STRIP_H + LABEL_H + 10;
    var h = files.length * rowH + 6;
    var descs = [];
    var c = figure(id, 'Where the findings are in each file', '', CHART_W, h);
    files.forEach(function (file, k) {
      var lines = findings.filter(function (f) { return f.file === file; }).map(function (f) { return f.line; });
      var maxLine = Math.max.apply(null, lines.concat([1]));
      var bins = [];
      for (var b = 0; b < BINS; b++) bins.push(0);
      lines.forEach(function (l) { bins[Math.min(BINS - 1, Math.floor((l - 1) * BINS / maxLine))]++; });
      var top = Math.max.apply(null, bins) || 1;
      var y0 = 4 + k * rowH;
      var g = svg('g', { 'class': 'strip', 'data-file': file });
      var name = file === '-' ? 'standard input' : file;
      g.appendChild(svg('text', { x: 0, y: y0 + 12, 'class': 'bar-label strip-label' }, shorten(name, 60, true) + ' · lines 1–' + maxLine));
      var W = CHART_W - 2, bw = W / BINS, base = y0 + LABEL_H + STRIP_H;
      g.appendChild(svg('rect', { x: 0, y: y0 + LABEL_H, width: W, height: STRIP_H, 'class': 'strip-bg' }));
      var busiest = 0;
      bins.forEach(function (n, b) {
        if (!n) return;
        if (n > bins[busiest]) busiest = b;
        var bh = Math.max(2, STRIP_H * n / top);
        var from = Math.floor(b * maxLine / BINS) + 1, to = Math.max(from, Math.floor((b + 1) * maxLine / BINS));
        var r = svg('rect', { x: (b * bw).toFixed(1), y: (base - bh).toFixed(1), width: Math.max(1, bw - 1).toFixed(1), height: bh.toFixed(1), 'class': 'strip-bin' });
        r.appendChild(svg('title', null, 'lines ' + from + '–' + to + ': ' + plural(n, 'finding')));
        g.appendChild(r);
      });
      var bf = Math.floor(busiest * maxLine / BINS) + 1;
      descs.push(name + ': ' + plural(lines.length, 'finding') + ' over lines 1–' + maxLine + ', most around line ' + bf);
      c.root.appendChild(g);
    });
    c.root.querySelector('desc').textContent = 'Findings by line, each file cut into ' + BINS + ' parts up to its last finding. ' + descs.join('; ') + '.';
    return c.fig;
  }
  function buildCharts() {
    if (!findings.length) return;
    var start = now();
    var grid = document.getElementById('chart-grid');
    var cats = Object.keys(byCat).sort(function (a, b) { return byCat[b] - byCat[a] || (a < b ? -1 : 1); });
    grid.appendChild(barChart('chart-category', 'Findings per category', cats.map(function (c) {
      return { label: c, value: byCat[c], onClick: filterBy('category', c) };
    }), 'Number of findings per category'));
    var TOP = 12;
    var rules = Object.keys(byRule).sort(function (a, b) { return byRule[b] - byRule[a] || (a < b ? -1 : 1); });
    var items = rules.slice(0, TOP).map(function (r) {
      return { label: r, value: byRule[r], onClick: filterBy('rule', r) };
    });
    if (rules.length > TOP) {
      var rest = rules.slice(TOP).reduce(function (s, r) { return s + byRule[r]; }, 0);
      items.push({ label: (rules.length - TOP) + ' other rules', value: rest, cls: 'other' });
    }
    grid.appendChild(barChart('chart-rule', rules.length > TOP ? 'Findings per rule (top ' + TOP + ')' : 'Findings per rule', items, 'Number of findings per rule'));
    var files = data.files.slice().sort(function (a, b) { return b.score - a.score || (a.path < b.path ? -1 : 1); });
    grid.appendChild(barChart('chart-mqm', files.length > TOP ? 'MQM-style penalty per file (top ' + TOP + ')' : 'MQM-style penalty per file',
      files.slice(0, TOP).map(function (f) {
        return { label: f.path === '-' ? 'standard input' : f.path, value: f.score, shown: f.score.toFixed(2), onClick: filterBy('file', f.path) };
      }), 'MQM-style penalty per 1,000 words, lower is better', true));
    var withFindings = data.files.filter(function (f) { return byFile[f.path]; })
      .sort(function (a, b) { return byFile[b.path] - byFile[a.path] || (a.path < b.path ? -1 : 1); })
      .slice(0, 8).map(function (f) { return f.path; });
    grid.appendChild(clusterChart('chart-lines', withFindings));
    document.getElementById('charts').hidden = false;
    timings.charts = now() - start;
  }

  buildCharts();
  applyFilters();
  updateProgress();
  if (!findings.length) {
    var none = el('p', 'empty', 'No findings: nothing to review.');
    container.appendChild(none);
  }
  timings.firstRender = now() - t0;
  window.mtlintReview = { timings: timings, pages: function () { return pages.length; }, importReview: importReview };
  document.documentElement.classList.add('js-ready');
})();
