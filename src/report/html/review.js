// mtlint review page. Reads the findings from #mtlint-data and builds the review list with
// textContent only (never innerHTML on data); filters, keyboard review, and the reviewed CSV,
// generated here in the browser. No network: the page's CSP forbids every fetch.
(function () {
  'use strict';

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

  var filters = { category: '', severity: '', rule: '', file: '', status: '' };
  var current = -1;
  var visibleOrder = [];

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
  function pieces(text, idx) {
    var cuts = [0, text.length];
    idx.forEach(function (i) { cuts.push(findings[i].start, findings[i].end); });
    cuts = cuts.filter(function (c, k) { return cuts.indexOf(c) === k; }).sort(function (a, b) { return a - b; });
    var out = [];
    for (var k = 0; k + 1 < cuts.length; k++) {
      var a = cuts[k], b = cuts[k + 1];
      var cover = idx.filter(function (i) { return findings[i].start <= a && findings[i].end >= b; });
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
    marks.forEach(function (m) {
      m.addEventListener('click', function (ev) {
        ev.stopPropagation();
        var vis = m.cover.filter(function (i) { return findings[i].visible; });
        if (!vis.length) return;
        var at = vis.indexOf(current);
        select(vis[(at + 1) % vis.length], true);
      });
    });
    paintMarks(seg);
  }

  function paintMarks(seg) {
    var cur = current >= 0 && findings[current].visible
      ? seg.marks.filter(function (m) { return m.cover.indexOf(current) !== -1; }) : [];
    seg.marks.forEach(function (m) {
      var vis = m.cover.filter(function (i) { return findings[i].visible; });
      var top = '';
      vis.forEach(function (i) {
        if (!top || SEV_RANK[findings[i].severity] > SEV_RANK[top]) top = findings[i].severity;
      });
      var cls = m.classList.contains('caret') ? 'hl caret' : 'hl';
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
    if (filters.status) applyFilters();
  }

  function toggle(i, status) {
    setStatus(i, findings[i].status === status ? 'unreviewed' : status);
  }

  // ---- build the page ----
  var container = document.getElementById('segments');
  var saved = loadMarks();
  findings.forEach(function (f, i) {
    var m = saved[i];
    f.status = m && STATUSES.indexOf(m[0]) !== -1 ? m[0] : 'unreviewed';
    f.note = m && typeof m[1] === 'string' ? m[1] : '';
    f.visible = true;
  });
  segments.forEach(function (s) { s.findings = []; });
  findings.forEach(function (f, i) { segments[f.seg].findings.push(i); });

  var frag = document.createDocumentFragment();
  segments.forEach(function (seg, si) {
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
    if (hasSource) {
      var src = el('div', 'side source');
      src.appendChild(el('div', 'side-label', 'Source'));
      src.appendChild(el('p', 'seg-text', seg.source));
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
    renderText(box, seg, seg.findings, false);

    var list = el('ol', 'findings');
    seg.findings.forEach(function (i) { list.appendChild(renderFinding(i)); });
    art.appendChild(list);
    seg.el = art;
    frag.appendChild(art);
  });
  container.appendChild(frag);

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

  function applyFilters() {
    visibleOrder = [];
    findings.forEach(function (f, i) {
      f.visible = matches(f);
      f.el.hidden = !f.visible;
    });
    segments.forEach(function (seg) {
      var n = 0;
      seg.findings.forEach(function (i) {
        if (findings[i].visible) { n++; visibleOrder.push(i); }
      });
      seg.el.hidden = n === 0;
      seg.countEl.textContent = n === seg.findings.length ? plural(n, 'finding')
        : n + ' of ' + plural(seg.findings.length, 'finding');
      paintMarks(seg);
    });
    var shown = visibleOrder.length;
    document.getElementById('visible-count').textContent = shown === findings.length
      ? 'Showing all ' + plural(shown, 'finding')
      : 'Showing ' + shown + ' of ' + plural(findings.length, 'finding');
    document.getElementById('visible-count').dataset.visible = String(shown);
    document.getElementById('empty').hidden = shown !== 0 || findings.length === 0;
    if (current >= 0 && !findings[current].visible) select(-1, false);
  }

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
    if (prev >= 0) {
      findings[prev].el.classList.remove('current');
      paintMarks(segments[findings[prev].seg]);
    }
    if (i < 0) return;
    var f = findings[i];
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
    var at = visibleOrder.indexOf(current);
    var next;
    if (at === -1) next = delta > 0 ? 0 : visibleOrder.length - 1;
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
      case 'n': if (current >= 0) findings[current].noteInput.focus(); break;
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

  if (!findings.length) {
    var none = el('p', 'empty', 'No findings: nothing to review.');
    container.appendChild(none);
  }
  applyFilters();
  updateProgress();
  document.documentElement.classList.add('js-ready');
})();
