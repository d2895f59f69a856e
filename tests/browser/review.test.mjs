// The HTML review page in a real browser: Debian's headless Chromium driven by playwright-core.
// Run with tests/browser/run.sh (builds mtlint, installs what is missing, runs `node --test`).
// MTLINT_BIN names the binary (default: ../../target/debug/mtlint from this folder).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BIN = path.resolve(process.env.MTLINT_BIN || path.join(HERE, '../../target/debug/mtlint'));
const OUT = path.join(ROOT, 'target', 'browser-test');
const SAMPLE = 'data/sample/000_5d35f27f8244f893.txt';
const XSS = 'tests/fixtures/html_xss.txt';
const OVERLAP_RULES = 'tests/browser/fixtures/overlap_rules.toml';
const BILINGUAL = 'tests/browser/fixtures/bilingual.tsv';
// The scale test: this many segments, two number-mismatch findings each.
const SCALE_SEGMENTS = 10_000;
const CSV_HEADER = 'file,line,column,segment,rule,category,severity,flagged,context,message,suggestion,source';
// Generous per-test limit: a hung browser fails the test instead of the CI run.
const LIMIT = { timeout: 120_000 };
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Runs mtlint from the repository root; exit 0 or 1 (findings) is fine. */
function mtlint(args) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${BIN}: ${r.error.message} (build it, or set MTLINT_BIN)`);
  assert.ok(r.status === 0 || r.status === 1, `mtlint ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return r.stdout;
}

/** RFC 4180 parser (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function countBy(rows, col) {
  const m = {};
  for (const r of rows) m[r[col]] = (m[r[col]] || 0) + 1;
  return m;
}

let context, userDataDir;
const requests = [];
const failed = [];
const problems = [];
const reports = {};

before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const write = (name, args) => {
    const file = path.join(OUT, name);
    fs.writeFileSync(file, mtlint(args));
    return file;
  };
  reports.sample = write('sample.html', ['check', '--lang', 'fr', '--format', 'html', SAMPLE]);
  reports.sampleCsv = mtlint(['check', '--lang', 'fr', '--format', 'csv', SAMPLE]);
  reports.sampleText = mtlint(['check', '--lang', 'fr', '--format', 'text', SAMPLE]);
  const xssArgs = ['check', '--lang', 'fr', '--rules', OVERLAP_RULES];
  reports.xss = write('xss.html', [...xssArgs, '--format', 'html', XSS]);
  reports.xssCsv = mtlint([...xssArgs, '--format', 'csv', XSS]);
  // A long segment: only the text around its findings is shown until expanded.
  // Numbered sentences: the same sentence said again would be a repetition finding of its own.
  let n = 0;
  const filler = (k) => Array.from({ length: k }, () => `La réunion ${++n} a porté sur la coopération régionale et les échanges culturels entre les deux pays. `).join('');
  const long = filler(8) + 'Le ministre a dit le le mot. ' + filler(12) + 'André Крутских est venu. ' + filler(8);
  fs.writeFileSync(path.join(OUT, 'long.txt'), long + '\n');
  reports.long = write('long.html', ['check', '--lang', 'fr', '--format', 'html', path.join(OUT, 'long.txt')]);
  reports.longText = long;
  // A bilingual file (TSV en→fr) with source-aware findings.
  const biArgs = ['check', '--lang', 'fr', '--source-lang', 'en'];
  reports.bi = write('bilingual-tsv.html', [...biArgs, '--format', 'html', BILINGUAL]);
  reports.biCsv = mtlint([...biArgs, '--format', 'csv', BILINGUAL]);
  // 20,000 findings: 10,000 segments, each with a number dropped and a number added.
  const rows = ['id\tsource\ttarget'];
  for (let k = 1; k <= SCALE_SEGMENTS; k++) {
    const id = `row-${String(k).padStart(5, '0')}`;
    const d = 2 + (k % 7);
    rows.push(`${id}\tOrder ${k} ships within ${d} days.\tLa commande ${k} est expédiée sous ${d + 1} jours.`);
  }
  fs.writeFileSync(path.join(OUT, 'scale.tsv'), rows.join('\n') + '\n');
  const t = Date.now();
  reports.scale = write('scale.html', [...biArgs, '--format', 'html', path.join(OUT, 'scale.tsv')]);
  reports.scaleMs = Date.now() - t;

  userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlint-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    viewport: { width: 1366, height: 800 },
    deviceScaleFactor: 1,
  });
  context.on('request', (r) => requests.push(r.url()));
  context.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  context.on('page', (p) => watch(p));
  for (const p of context.pages()) watch(p);
}, LIMIT);

function watch(page) {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
}

after(async () => {
  if (context) await context.close();
  if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
});

const opened = new Set();
async function open(file) {
  opened.add(pathToFileURL(file).href);
  const page = context.pages()[0] || (await context.newPage());
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html.js-ready');
  return page;
}

const visibleFindings = (page) => page.locator('.finding:visible');

test('summary shows the counts and the MQM-style score', LIMIT, async () => {
  const rows = parseCsv(reports.sampleCsv).slice(1);
  const page = await open(reports.sample);
  assert.equal(await page.title(), `mtlint review: ${SAMPLE}`);
  const row = page.locator('#summary tbody tr').first();
  assert.equal(await row.locator('th.file').textContent(), SAMPLE);
  assert.equal(Number(await row.locator('td.total').textContent()), rows.length);
  const bySev = countBy(rows, 6);
  for (const sev of ['error', 'warning', 'info']) {
    assert.equal(Number(await row.locator(`td[data-severity="${sev}"]`).textContent()), bySev[sev] || 0, sev);
  }
  const byCat = countBy(rows, 5);
  for (const cat of ['mixed-script', 'language-switch', 'phrasing', 'custom']) {
    assert.equal(Number(await row.locator(`td[data-category="${cat}"]`).textContent()), byCat[cat] || 0, cat);
  }
  // The same score as the text report's closing line.
  const score = reports.sampleText.match(/MQM-style penalty ([\d.]+) per 1,000 words/)[1];
  assert.equal(await row.locator('td.score').textContent(), score);
  assert.match(await page.locator('#lede').textContent(), new RegExp(`^${rows.length} findings \\(${bySev.error} errors`));
  // Every finding is listed, under its segment, with its text highlighted.
  assert.equal(await visibleFindings(page).count(), rows.length);
  assert.equal(await page.locator('#visible-count').textContent(), `Showing all ${rows.length} findings`);
  const first = page.locator('.finding').first();
  assert.equal(await first.locator('.rule').textContent(), rows[0][4]);
  assert.equal(await first.locator('.cat').textContent(), rows[0][5]);
  assert.equal(await first.locator('.badge').textContent(), rows[0][6]);
  assert.equal(await first.locator('.msg').textContent(), rows[0][9]);
  assert.equal(await first.locator('q.flagged').textContent(), rows[0][7]);
  assert.equal(await first.locator('q.suggestion').textContent(), rows[0][10]);
  const marked = await page.locator('.seg').first().locator('mark.hl').allTextContents();
  for (const r of rows.filter((r) => r[1] === rows[0][1])) assert.ok(marked.includes(r[7]), `${r[7]} highlighted`);
  // Rendering keeps the segment text whole: highlights cut it, never drop or repeat a character.
  const texts = await page.locator('.seg-text').allTextContents();
  const src = fs.readFileSync(path.join(ROOT, SAMPLE), 'utf8').split('\n');
  const lines = await page.locator('.seg .seg-loc').allTextContents();
  lines.forEach((l, k) => assert.equal(texts[k], src[Number(l.replace('line ', '')) - 1].replace(/\r$/, '')));
});

test('filters by category, severity, rule and file change the visible findings', LIMIT, async () => {
  const rows = parseCsv(reports.sampleCsv).slice(1);
  const page = await open(reports.sample);
  const byCat = countBy(rows, 5);
  await page.selectOption('#filter-category', 'phrasing');
  assert.equal(await visibleFindings(page).count(), byCat.phrasing);
  assert.equal(await page.locator('#visible-count').textContent(), `Showing ${byCat.phrasing} of ${rows.length} findings`);
  for (const c of await page.locator('.finding:visible .cat').allTextContents()) assert.equal(c, 'phrasing');
  // Segments without a visible finding are hidden; hidden findings' highlights are switched off.
  const segsWithPhrasing = new Set(rows.filter((r) => r[5] === 'phrasing').map((r) => r[3])).size;
  assert.equal(await page.locator('.seg:visible').count(), segsWithPhrasing);
  assert.equal(await page.locator('.seg:visible mark.hl.sev-error').count(), 0);

  await page.selectOption('#filter-severity', 'warning');
  const phrasingWarnings = rows.filter((r) => r[5] === 'phrasing' && r[6] === 'warning').length;
  assert.equal(await visibleFindings(page).count(), phrasingWarnings);

  await page.selectOption('#filter-category', '');
  await page.selectOption('#filter-severity', '');
  await page.selectOption('#filter-rule', 'foreign-name');
  assert.equal(await visibleFindings(page).count(), countBy(rows, 4)['foreign-name']);
  await page.selectOption('#filter-rule', '');
  await page.selectOption('#filter-file', SAMPLE);
  assert.equal(await visibleFindings(page).count(), rows.length);
  await page.selectOption('#filter-file', '');
});

test('review by click and keyboard, a note, and the reviewed CSV download', LIMIT, async (t) => {
  const rows = parseCsv(reports.sampleCsv).slice(1);
  const csvLines = reports.sampleCsv.trimEnd().split('\n');
  const page = await open(reports.sample);
  const f = (i) => page.locator('.finding').nth(i);

  // By click: finding 0 confirmed, finding 1 false positive.
  await f(0).locator('button.confirm').click();
  await f(1).locator('button.fp').click();
  assert.equal(await f(0).getAttribute('data-status'), 'confirmed');
  assert.equal(await f(1).getAttribute('data-status'), 'false-positive');
  assert.equal(await f(0).locator('button.confirm').getAttribute('aria-pressed'), 'true');

  // By keyboard: j moves on from the current finding (1) to finding 2, c confirms; ↓ then f
  // marks finding 3.
  await page.locator('#lede').click();
  await page.keyboard.press('j');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'finding-2');
  assert.match(await f(2).getAttribute('class'), /\bcurrent\b/);
  // The focus is visible: a ring around the finding, and its span boxed in the text.
  assert.notEqual(await f(2).evaluate((e) => getComputedStyle(e).boxShadow), 'none');
  assert.ok(await page.locator('mark.hl.current').count() >= 1);
  await page.keyboard.press('c');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('f');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('k');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'finding-1');
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  assert.equal(await f(2).getAttribute('data-status'), 'confirmed');
  assert.equal(await f(3).getAttribute('data-status'), 'false-positive');

  // A note: typed after n on finding 3, and filled in finding 0 (with cells a spreadsheet would
  // run, quotes and commas).
  await page.keyboard.press('n');
  await page.keyboard.type('real name, keep');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'finding-3');
  const note0 = '=HYPERLINK("x") says "yes", twice';
  await f(0).locator('input.note').fill(note0);
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'finding-0');
  assert.match(await page.locator('#progress').textContent(), /^2 confirmed · 2 false positive · \d+ unreviewed$/);

  // The status filter.
  await page.selectOption('#filter-status', 'confirmed');
  assert.equal(await visibleFindings(page).count(), 2);
  await page.selectOption('#filter-status', '');

  // A false positive's highlight is toned down.
  assert.match(await page.locator('.seg').first().locator('mark.hl').nth(1).getAttribute('class'), /\bdismissed\b/);

  // Screenshots: the top of the page, the finding in focus, the whole page.
  const shots = ['review.png', 'review-focus.png', 'review-full.png'].map((n) => path.join(OUT, n));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: shots[0] });
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await page.screenshot({ path: shots[1] });
  await page.screenshot({ path: shots[2], fullPage: true });
  for (const s of shots) t.diagnostic(`screenshot: ${s}`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'mtlint-reviewed.csv');
  const saved = path.join(OUT, 'reviewed.csv');
  await download.saveAs(saved);
  const text = fs.readFileSync(saved, 'utf8');
  const got = parseCsv(text);
  assert.equal(text.split('\n')[0], `${CSV_HEADER},status,note`);
  assert.equal(got.length - 1, rows.length);
  const status = got.slice(1).map((r) => r[12]);
  assert.deepEqual(status.slice(0, 4), ['confirmed', 'false-positive', 'confirmed', 'false-positive']);
  assert.ok(status.slice(4).every((s) => s === 'unreviewed'));
  assert.equal(got[1][13], `'${note0}`, 'the note is made spreadsheet-safe');
  assert.equal(got[4][13], 'real name, keep');
  // The normal columns are those of --format csv, byte for byte.
  got.slice(1).forEach((r, k) => assert.deepEqual(r.slice(0, 12), rows[k]));
  text.trimEnd().split('\n').slice(5).forEach((l, k) => assert.equal(l, `${csvLines[k + 5]},unreviewed,`));

  // Review marks survive a reload (kept in this browser's storage for this report).
  await page.reload();
  await page.waitForSelector('html.js-ready');
  assert.equal(await f(0).getAttribute('data-status'), 'confirmed');
  assert.equal(await f(3).locator('input.note').inputValue(), 'real name, keep');
  // u sets a finding back to unreviewed.
  await f(0).click();
  await page.keyboard.press('u');
  assert.equal(await f(0).getAttribute('data-status'), 'unreviewed');
});

test('the XSS fixture renders as text and runs no script', LIMIT, async () => {
  const page = await open(reports.xss);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.locator('script').count(), 2);
  assert.equal(await page.locator('#segments b, #segments i').count(), 0);
  const texts = await page.locator('.seg-text').allTextContents();
  const src = fs.readFileSync(path.join(ROOT, XSS), 'utf8').trimEnd().split('\n');
  assert.deepEqual(texts, src, 'every segment shown literally and whole');
  const body = await page.locator('body').innerText();
  for (const s of ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '"><img src=x onerror=window.__xss=1>', '</script><script>window.__xss=2</script>']) {
    assert.ok(body.includes(s), `${s} shown as text`);
  }
  assert.equal(await page.locator('q.suggestion', { hasText: '<i>x</i>' }).count(), 1);

  // Overlapping spans: "le le" and "le reste" share "le"; "gras</b>, dit" and "dit – il" share
  // "dit". The shared pieces are marked for both findings, with the higher severity's colour.
  // By its segment index: filtering re-renders the page, with only segments that have a visible
  // finding.
  const segIndex = await page.locator('.seg').nth(2).getAttribute('data-seg');
  const seg = page.locator(`.seg[data-seg="${segIndex}"]`);
  const shared = seg.locator('mark.hl.multi');
  assert.deepEqual(await shared.allTextContents(), ['le', 'dit']);
  assert.match(await shared.nth(1).getAttribute('class'), /\bsev-error\b/);
  await seg.locator('mark.hl.multi').first().click();
  const sel = await page.evaluate(() => document.activeElement.id);
  await seg.locator('mark.hl.multi').first().click();
  assert.notEqual(await page.evaluate(() => document.activeElement.id), sel, 'a second click selects the other finding');
  // Filtering one of them away leaves the other's highlight.
  await page.selectOption('#filter-category', 'custom');
  assert.deepEqual(await seg.locator('mark.hl:not(.off)').allTextContents(), ['le', ' reste', 'gras</b>, ', 'dit']);
  await page.selectOption('#filter-category', '');

  // The reviewed CSV of untouched findings is the CSV report plus ",unreviewed,".
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const text = fs.readFileSync(await download.path(), 'utf8');
  const expected = reports.xssCsv.trimEnd().split('\n').map((l, k) => (k === 0 ? `${l},status,note` : `${l},unreviewed,`));
  assert.deepEqual(text.trimEnd().split('\n'), expected);
  assert.equal(await page.evaluate(() => window.__xss), undefined);
});

test('a bilingual segment shows its source beside the target', LIMIT, async (t) => {
  // No bilingual reader emits sources yet: put one into the sample's data block (the data is not
  // covered by the CSP hash, only the script is).
  const page0 = fs.readFileSync(reports.sample, 'utf8');
  const source = 'Диалог Москвы и Вашингтона <b>не прерван</b>, заявил Андрей Крутских.';
  const json = JSON.stringify(source).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  const patched = page0
    .replace('"source":null,"fuzzy":false', `"source":${json},"fuzzy":true`)
    .replace(/(<meta name="mtlint-report-id" content=")[0-9a-f]+/, '$1bilingual-test');
  assert.notEqual(patched, page0);
  const file = path.join(OUT, 'bilingual.html');
  fs.writeFileSync(file, patched);
  reports.bilingual = file;
  const page = await open(file);
  const seg = page.locator('.seg').first();
  assert.equal(await seg.locator('.seg-body.bilingual').count(), 1);
  assert.equal(await seg.locator('.side.source .seg-text').textContent(), source);
  assert.equal(await seg.locator('.side.target .side-label').textContent(), 'Target (fr)');
  assert.equal(await seg.locator('.fuzzy').count(), 1);
  // Side by side: the source column is left of the target column, on the same row.
  const [s, g] = [await seg.locator('.side.source').boundingBox(), await seg.locator('.side.target').boundingBox()];
  assert.ok(s.x + s.width <= g.x && Math.abs(s.y - g.y) < 2);
  // Only the first segment has a source.
  assert.equal(await page.locator('.seg-body.bilingual').count(), 1);
  const shot = path.join(OUT, 'review-bilingual.png');
  await page.locator('.seg').first().locator('.finding').first().click();
  await seg.evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 140));
  await page.screenshot({ path: shot });
  t.diagnostic(`screenshot: ${shot}`);
});

test('a long segment shows the text around its findings until expanded', LIMIT, async () => {
  const page = await open(reports.long);
  const box = page.locator('.seg-text').first();
  const shown = await box.textContent();
  assert.ok(shown.length < reports.longText.length / 2, 'windowed');
  assert.ok(shown.includes('le le') && shown.includes('Крутских') && shown.includes('…'));
  await page.locator('button.linkish').click();
  assert.equal(await box.textContent(), reports.longText);
  assert.equal(await box.locator('mark.hl').count(), 2);
});

test('text search narrows the list over all pages, and clears with Escape', LIMIT, async () => {
  const rows = parseCsv(reports.sampleCsv).slice(1);
  const page = await open(reports.sample);
  const word = 'Крутских';
  const expected = rows.filter((r) => (r[8] + r[9] + r[7]).toLowerCase().includes(word.toLowerCase())).length;
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search');
  await page.keyboard.type(word);
  await page.keyboard.press('Enter');
  const shown = Number(await page.locator('#visible-count').getAttribute('data-visible'));
  assert.ok(shown > 0 && shown < rows.length, `search narrows: ${shown} of ${rows.length}`);
  assert.ok(shown >= expected, `at least the ${expected} findings whose text has it`);
  assert.equal(await visibleFindings(page).count(), shown);
  for (const t of await page.locator('.seg:visible .side.target .seg-text, .seg:visible .seg-text').allTextContents()) {
    assert.ok(t.includes(word), `every segment shown has ${word}`);
  }
  // Words are ANDed, case ignored; a rule id is searchable.
  await page.fill('#search', `${word.toUpperCase()} FOREIGN-NAME`);
  await page.keyboard.press('Enter');
  for (const r of await page.locator('.finding:visible .rule').allTextContents()) assert.equal(r, 'foreign-name');
  // Nothing matches: the empty note.
  await page.fill('#search', 'zzz-no-such-text');
  await page.keyboard.press('Enter');
  assert.equal(await visibleFindings(page).count(), 0);
  assert.equal(await page.locator('#empty').isVisible(), true);
  // Typing filters too (debounced), Escape clears.
  await page.fill('#search', '');
  await page.locator('#search').pressSequentially(word.slice(0, 4));
  await page.waitForFunction(() => document.getElementById('search').dataset.searched === 'Крут');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#visible-count').textContent(), `Showing all ${rows.length} findings`);
});

test('a source-aware finding highlights its span in the source', LIMIT, async () => {
  const rows = parseCsv(reports.biCsv).slice(1);
  const page = await open(reports.bi);
  const seg = (id) => page.locator('.seg', { has: page.locator('.seg-id', { hasText: `segment ${id}` }) });
  const srcMarks = (id) => seg(id).locator('.side.source mark.hl.src').allTextContents();
  // The number the target dropped, the placeholder it lost, the copied words, the whole copy,
  // the URL it changed.
  assert.deepEqual(await srcMarks('order.count'), ['12']);
  assert.deepEqual(await srcMarks('order.total'), ['3']);
  assert.deepEqual(await srcMarks('welcome'), ['{name}']);
  assert.deepEqual(await srcMarks('report.head'), ['in all regions']);
  assert.deepEqual(await srcMarks('settings.title'), ['Privacy settings']);
  assert.deepEqual(await srcMarks('support'), ['https://example.com/help']);
  // An added number has nothing in the source to show; the source text stays whole.
  assert.deepEqual(await srcMarks('report.body'), ['9']);
  const tsv = fs.readFileSync(path.join(ROOT, BILINGUAL), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const texts = await page.locator('.side.source .seg-text').allTextContents();
  const ids = await page.locator('.seg .seg-id').allTextContents();
  ids.forEach((id, k) => assert.equal(texts[k], tsv.find((r) => `segment ${r[0]}` === id)[1]));
  // Colour follows the finding's severity; a click on the source span selects the finding, and
  // the selected finding's spans are boxed on both sides.
  const mark = seg('welcome').locator('.side.source mark.hl.src');
  assert.match(await mark.getAttribute('class'), /\bsev-error\b/);
  await mark.click();
  const active = await page.evaluate(() => document.activeElement.id);
  assert.equal(await page.locator(`#${active} .rule`).textContent(), 'placeholder-mismatch');
  assert.match(await mark.getAttribute('class'), /\bcurrent\b/);
  assert.equal(await seg('welcome').locator('.side.target mark.hl.current').count(), 1);
  // Filtered away, the span is switched off.
  await page.selectOption('#filter-category', 'number');
  assert.match(await page.locator('.seg:visible .side.source mark.hl.src').first().getAttribute('class'), /sev-info/);
  await page.selectOption('#filter-category', '');
  assert.equal(rows.length, await page.locator('.finding').count());
});

test('import of a reviewed CSV restores the statuses and notes', LIMIT, async () => {
  let page = await open(reports.bi);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('html.js-ready');
  const f = (i) => page.locator('.finding').nth(i);
  await f(0).locator('button.confirm').click();
  await f(2).locator('button.fp').click();
  await f(3).locator('input.note').fill('=ok, "kept"');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const reviewed = fs.readFileSync(await download.path(), 'utf8');
  // A fresh browser: nothing reviewed.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.waitForSelector('html.js-ready');
  assert.equal(await page.locator('.finding[data-status="unreviewed"]').count(), await page.locator('.finding').count());
  await page.setInputFiles('#import', { name: 'mtlint-reviewed.csv', mimeType: 'text/csv', buffer: Buffer.from(reviewed) });
  await page.waitForSelector('#import-result:not([hidden])');
  const n = await page.locator('.finding').count();
  assert.equal(await page.locator('#import-result').textContent(), `Imported ${n} reviews from mtlint-reviewed.csv`);
  assert.equal(await f(0).getAttribute('data-status'), 'confirmed');
  assert.equal(await f(2).getAttribute('data-status'), 'false-positive');
  assert.equal(await f(3).locator('input.note').inputValue(), '=ok, "kept"', 'the spreadsheet guard is undone');
  assert.match(await page.locator('#progress').textContent(), /^1 confirmed · 1 false positive · /);

  // As a spreadsheet saves it: semicolons, a BOM, statuses as people type them, a row of another
  // report, an unknown status (reported with its line).
  const rows = parseCsv(reports.biCsv);
  const semi = (r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';');
  const lines = ['\ufeff' + semi([...rows[0], 'status', 'note'])];
  lines.push(semi([...rows[1], 'False Positive', '']));
  lines.push(semi([...rows[2], 'TP', 'real']));
  lines.push(semi([...rows[3], 'maybe', '']));
  lines.push(semi(['other.tsv', '1', '1', 'x', 'number-mismatch', 'number', 'info', '', '', '', '', '', 'fp', '']));
  await page.setInputFiles('#import', { name: 'excel.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n') + '\r\n') });
  await page.waitForFunction(() => document.getElementById('import-result').textContent.includes('excel.csv'));
  assert.equal(await page.locator('#import-result').textContent(),
    'Imported 2 reviews from excel.csv; 1 row matched no finding of this report; line 4: unknown status “maybe”');
  assert.equal(await f(0).getAttribute('data-status'), 'false-positive');
  assert.equal(await f(1).getAttribute('data-status'), 'confirmed');
  assert.equal(await f(1).locator('input.note').inputValue(), 'real');
  // Imported marks are kept like clicked ones.
  await page.reload();
  await page.waitForSelector('html.js-ready');
  assert.equal(await f(1).getAttribute('data-status'), 'confirmed');
  await page.evaluate(() => localStorage.clear());
});

test('charts: inline SVG with titles, per category, rule, file penalty and line clusters', LIMIT, async () => {
  const rows = parseCsv(reports.biCsv).slice(1);
  const page = await open(reports.bi);
  const charts = page.locator('#charts svg');
  assert.equal(await charts.count(), 4);
  for (let k = 0; k < 4; k++) {
    const svg = charts.nth(k);
    assert.equal(await svg.getAttribute('role'), 'img');
    const [t, d] = (await svg.getAttribute('aria-labelledby')).split(' ');
    assert.ok((await page.locator(`#${t}`).textContent()).length > 5, 'a title');
    assert.ok((await page.locator(`#${d}`).textContent()).length > 10, 'a description');
    assert.equal(await page.locator(`#${t}`).evaluate((e) => e.tagName), 'title');
  }
  // One bar per category, labelled with the category and its count.
  const byCat = countBy(rows, 5);
  const bars = page.locator('#chart-category g.bar');
  assert.equal(await bars.count(), Object.keys(byCat).length);
  for (let k = 0; k < await bars.count(); k++) {
    const label = await bars.nth(k).getAttribute('data-label');
    assert.equal(Number(await bars.nth(k).locator('text.bar-value').textContent()), byCat[label]);
  }
  assert.equal(await page.locator('#chart-rule g.bar').count(), Object.keys(countBy(rows, 4)).length);
  // The file's penalty as in the summary table.
  assert.equal(await page.locator('#chart-mqm text.bar-value').textContent(), await page.locator('#summary tbody td.score').textContent());
  // The strip: a bin per cluster of lines, titled with its lines and count.
  const bins = page.locator('#chart-lines rect.strip-bin');
  assert.ok(await bins.count() >= 5);
  assert.match(await bins.first().locator('title').textContent(), /^lines \d+–\d+: \d+ findings?$/);
  assert.match(await page.locator('#chart-lines desc').textContent(), /bilingual\.tsv: \d+ findings over lines 1–\d+, most around line \d+/);
  // A click on a bar filters the list.
  await page.locator('#chart-category g.bar[data-label="markup"]').click();
  assert.equal(await page.locator('#filter-category').inputValue(), 'markup');
  assert.equal(await visibleFindings(page).count(), byCat.markup);
  await page.selectOption('#filter-category', '');
});

test('the page on a bilingual file, screenshot for reports/', LIMIT, async (t) => {
  const page = await open(reports.bi);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('.seg', { has: page.locator('.seg-id', { hasText: 'segment welcome' }) }).locator('.side.source mark').click();
  await page.locator('#charts').evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 8));
  const shot = path.join(OUT, 'html-review.png');
  await page.screenshot({ path: shot });
  t.diagnostic(`screenshot: ${shot} (copy to reports/html-review.png)`);
  if (process.env.UPDATE_REPORTS) fs.copyFileSync(shot, path.join(ROOT, 'reports', 'html-review.png'));
  await page.setViewportSize({ width: 1366, height: 800 });
});

test('20,000 findings: rendered a page at a time, filtered and searched quickly', LIMIT, async (t) => {
  const N = SCALE_SEGMENTS * 2;
  const page = context.pages()[0];
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  opened.add(pathToFileURL(reports.scale).href);
  const t0 = Date.now();
  await page.goto(pathToFileURL(reports.scale).href);
  await page.waitForSelector('html.js-ready');
  const loadMs = Date.now() - t0;
  const inPage = await page.evaluate(() => ({
    ready: performance.now(),
    timings: { ...window.mtlintReview.timings },
    pages: window.mtlintReview.pages(),
    nodes: document.getElementsByTagName('*').length,
  }));
  assert.equal(await page.locator('#visible-count').textContent(), `Showing all ${N.toLocaleString('en-US').replace(/,/g, '')} findings`);
  // Only one page in the DOM.
  const rendered = await page.locator('.finding').count();
  assert.ok(rendered > 0 && rendered <= 100, `${rendered} findings in the DOM`);
  assert.ok(inPage.pages >= N / 100);

  const timed = async (action, done) => {
    const s = Date.now();
    await action();
    await page.waitForFunction(done);
    return Date.now() - s;
  };
  // Search: one segment by id (two findings), then a word in every target.
  const searchOne = await timed(async () => { await page.fill('#search', 'row-04242'); await page.press('#search', 'Enter'); },
    () => document.getElementById('visible-count').dataset.visible === '2');
  const searchOneIn = await page.evaluate(() => window.mtlintReview.timings.search);
  assert.deepEqual(await page.locator('.seg-id').allTextContents(), ['segment row-04242']);
  const searchAll = await timed(async () => { await page.fill('#search', 'jours'); await page.press('#search', 'Enter'); },
    () => document.getElementById('visible-count').dataset.visible === String(20000));
  const searchAllIn = await page.evaluate(() => window.mtlintReview.timings.search);
  await page.fill('#search', '');
  await page.press('#search', 'Enter');
  // Words of a message: the added numbers (one finding per segment) are "added or altered".
  const filter = await timed(async () => { await page.fill('#search', 'added altered'); await page.press('#search', 'Enter'); },
    () => document.getElementById('visible-count').dataset.visible === String(10000));
  const severity = await timed(() => page.selectOption('#filter-severity', 'info'),
    () => document.getElementById('visible-count').dataset.visible === String(10000));
  await page.fill('#search', '');
  await page.press('#search', 'Enter');
  await page.selectOption('#filter-severity', '');
  // Paging, and j across a page boundary.
  const next = await timed(() => page.click('#pager-top .page-next'), () => /^Page 2 of/.test(document.querySelector('#pager-top .page-label').textContent));
  await page.locator('.finding').last().click();
  await page.keyboard.press('j');
  assert.match(await page.locator('#pager-top .page-label').textContent(), /^Page 3 of/);
  const mark = await timed(() => page.keyboard.press('c'), () => document.querySelector('.finding.current')?.dataset.status === 'confirmed');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name) => metrics.find((m) => m.name === name)?.value;
  const heapMb = (metric('JSHeapUsedSize') / 1048576).toFixed(1);
  await cdp.detach();
  await page.evaluate(() => localStorage.clear());

  const sizeMb = (fs.statSync(reports.scale).size / 1048576).toFixed(1);
  const r = (x) => Math.round(x);
  const lines = [
    '# HTML review page at scale',
    '',
    'Measured by the headless-browser test (`bash tests/browser/run.sh`, test "20,000 findings"),',
    `Chromium ${context.browser()?.version() ?? '(headless)'} on this machine (2 shared cores), debug build of mtlint.`,
    `Input: a generated TSV of ${SCALE_SEGMENTS.toLocaleString('en-US')} bilingual segments, each with a number dropped and one added:`,
    `${N.toLocaleString('en-US')} number-mismatch findings. The page shows one page of segments at a time (at most 100`,
    'findings or 50 segments); filters and search run over the data arrays, not the DOM.',
    '',
    '| what | time |',
    '|---|---|',
    `| \`mtlint check --format html\` (20,000 findings) | ${reports.scaleMs} ms, page ${sizeMb} MB |`,
    `| page load to ready (navigation start → script done, in page) | ${r(inPage.ready)} ms |`,
    `| script: parse data, charts, first page (in page) | ${r(inPage.timings.firstRender)} ms (charts ${r(inPage.timings.charts)} ms) |`,
    `| load as seen by the test (goto → ready) | ${loadMs} ms |`,
    `| search one segment id (2 matches): in page / as seen by the test | ${r(searchOneIn)} ms / ${searchOne} ms |`,
    `| search a word in every target (20,000 matches): in page / test | ${r(searchAllIn)} ms / ${searchAll} ms |`,
    `| search two words of a message (10,000 matches), test | ${filter} ms |`,
    `| severity filter on top of it, test | ${severity} ms |`,
    `| next page, test | ${next} ms |`,
    `| mark a finding confirmed (c), test | ${mark} ms |`,
    '',
    `Pages: ${inPage.pages}; elements in the document after load: ${inPage.nodes}; findings in the DOM: ${rendered}.`,
    `JS heap used after the run: ${heapMb} MB (Chromium's Performance.getMetrics).`,
    '',
    'The first search also builds the lowered texts it searches (once). Times "as seen by the test"',
    'include the round trips of the browser driver. The test asserts no timing (performance is',
    'measured and reported, never asserted); it checks that every action completed.',
    '',
  ];
  fs.writeFileSync(path.join(OUT, 'html-scale.md'), lines.join('\n'));
  if (process.env.UPDATE_REPORTS) fs.copyFileSync(path.join(OUT, 'html-scale.md'), path.join(ROOT, 'reports', 'html-scale.md'));
  t.diagnostic(`report: ${path.join(OUT, 'html-scale.md')}`);
  for (const ms of [loadMs, searchOne, searchAll, filter, severity, next, mark]) assert.ok(Number.isFinite(ms), `${ms} ms`);
});

test('no network: only the report files are requested, and nothing failed', LIMIT, async () => {
  const network = requests.filter((u) => !u.startsWith('file://') && !u.startsWith('blob:'));
  assert.deepEqual(network, [], 'requests beyond the file itself');
  const files = new Set(requests.filter((u) => u.startsWith('file://')));
  assert.deepEqual([...files].sort(), [...opened].sort());
  assert.deepEqual(failed, []);
  assert.deepEqual(problems, []);
});

test('the Content-Security-Policy blocks fetches even from script', LIMIT, async () => {
  const page = await open(reports.sample);
  const seen = requests.length;
  failed.length = 0;
  const result = await page.evaluate(async () => {
    const violated = [];
    document.addEventListener('securitypolicyviolation', (e) => violated.push(e.effectiveDirective));
    let fetched = 'yes';
    try { await fetch('http://127.0.0.1:9/probe'); } catch (e) { fetched = 'blocked'; }
    const img = new Image();
    img.src = 'http://127.0.0.1:9/probe.png';
    document.body.appendChild(img);
    await new Promise((r) => setTimeout(r, 300));
    img.remove();
    return { fetched, violated: [...new Set(violated)].sort() };
  });
  assert.equal(result.fetched, 'blocked');
  assert.deepEqual(result.violated, ['connect-src', 'img-src']);
  // Chromium reports the blocked image as a request that failed with reason "csp", never sent.
  for (const u of requests.slice(seen).filter((u) => !u.startsWith('file://'))) {
    assert.ok(failed.includes(`${u} csp`), `${u} blocked by the CSP`);
  }
  // Drop the console errors the probe itself caused.
  const rest = problems.filter((p) => !/Content Security Policy/.test(p));
  problems.length = 0;
  assert.deepEqual(rest, []);
});
