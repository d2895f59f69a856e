#!/usr/bin/env python3
"""Helper for bench/peers/run.sh (see that file for the documentation).

Subcommands:
  prepare OUT MB            write OUT/{en-ru,en-de,zh-en}.{txt,gold,src} and OUT/throughput.txt
  predict TOOL LANG IN OUT  one 0/1 prediction per line of IN ("1" = untranslated/foreign)
  mtlint-pred JSONL N OUT   turn mtlint's jsonl findings into N 0/1 predictions
  report OUT                read OUT/*.pred, OUT/*.gold, OUT/timing.tsv; print markdown tables

TOOL is one of: ofchar (OpusFilter CharacterScoreFilter), oflangid / ofcld2 (OpusFilter
LanguageIDFilter with id_method langid / cld2), langid (py3langid), cld2 (pycld2).
"""
import csv
import gzip
import json
import os
import sys

PAIRS = [("en-ru", "ru"), ("en-de", "de"), ("zh-en", "en")]
SCRIPT = {"ru": "Cyrillic", "de": "Latin", "en": "Latin"}
TOOLS = ["mtlint", "ofchar", "oflangid", "ofcld2", "of-union", "langid", "cld2"]
LABEL = {
    "mtlint": "mtlint (mixed-script/language-switch, warning+)",
    "ofchar": "OpusFilter CharacterScoreFilter (threshold 1.0)",
    "oflangid": "OpusFilter LanguageIDFilter (langid)",
    "ofcld2": "OpusFilter LanguageIDFilter (cld2)",
    "of-union": "OpusFilter: CharacterScore ∨ LangID(langid) ∨ LangID(cld2)",
    "langid": "langid.py (py3langid), top language ≠ target",
    "cld2": "pycld2, top language ≠ target",
}


def clean(s):
    return s.replace("\r", " ").replace("\n", " ").replace("\t", " ").replace("\u2028", " ").replace("\u2029", " ")


def prepare(out, mb):
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "eval", "mqm", "segments.tsv.gz")
    csv.field_size_limit(1 << 30)
    rows = {lp: [] for lp, _ in PAIRS}
    with gzip.open(src, "rt", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            if r["lp"] in rows:
                gold = int("untranslated" in (r["coarse_classes"] or "").split(","))
                rows[r["lp"]].append((clean(r["source"]), clean(r["target"]), gold))
    for lp, _ in PAIRS:
        with open(f"{out}/{lp}.txt", "w", encoding="utf-8") as t, \
                open(f"{out}/{lp}.src", "w", encoding="utf-8") as s, \
                open(f"{out}/{lp}.gold", "w") as g:
            for so, ta, go in rows[lp]:
                t.write(ta + "\n")
                s.write(so + "\n")
                g.write(f"{go}\n")
        n = len(rows[lp])
        pos = sum(x[2] for x in rows[lp])
        print(f"{lp}: {n} segments, {pos} gold untranslated")
    block = open(f"{out}/en-de.txt", "rb").read()
    target = int(mb * 1e6)
    with open(f"{out}/throughput.txt", "wb") as f:
        written = 0
        while written < target:
            f.write(block)
            written += len(block)
    print(f"throughput.txt: {written / 1e6:.1f} MB (en-de targets × {written // len(block)})")


def make_predictor(tool, lang):
    if tool == "ofchar":
        from opusfilter.filters import CharacterScoreFilter
        flt = CharacterScoreFilter(scripts=[SCRIPT[lang]], thresholds=[1.0])
    elif tool in ("oflangid", "ofcld2"):
        import logging
        logging.disable(logging.WARNING)  # the deprecation warning, and pycld2 per-line warnings
        from opusfilter.filters import LanguageIDFilter
        flt = LanguageIDFilter(languages=[lang], id_method="langid" if tool == "oflangid" else "cld2")
    elif tool == "langid":
        import py3langid as langid

        def pred(lines):
            for s in lines:
                yield int(bool(s.strip()) and langid.classify(s)[0] != lang)
        return pred
    elif tool == "cld2":
        import pycld2

        def pred(lines):
            for s in lines:
                if not s.strip():
                    yield 0
                    continue
                try:
                    code = pycld2.detect(s)[2][0][1]
                except pycld2.error:
                    code = "un"
                # "un" (unknown, e.g. too short) is not counted as a wrong language
                yield int(code not in (lang, "un"))
        return pred
    else:
        raise SystemExit(f"unknown tool {tool}")

    # OpusFilter filters take an iterable of "pairs"; we pass 1-tuples (target side only) so
    # that no source-side decision leaks in. decisions() is FilterABC's score()+accept().
    def pred(lines):
        for ok in flt.decisions([s] for s in lines):
            yield int(not ok)
    return pred


def predict(tool, lang, path, out):
    pred = make_predictor(tool, lang)
    with open(path, encoding="utf-8") as f, open(out, "w") as o:
        lines = (line.rstrip("\n") for line in f)
        n = 0
        for p in pred(lines):
            o.write("1\n" if p else "0\n")
            n += 1
    print(f"{tool} {lang} {path}: {n} lines", file=sys.stderr)


def mtlint_pred(jsonl, n, out):
    flagged = set()
    with open(jsonl, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            if d.get("category") in ("mixed-script", "language-switch") and \
                    d.get("severity") in ("warning", "error"):
                flagged.add(int(d["line"]))
    with open(out, "w") as o:
        for i in range(1, n + 1):
            o.write("1\n" if i in flagged else "0\n")


def read01(p):
    with open(p) as f:
        return [int(x) for x in f.read().split()]


def prf(pred, gold):
    tp = sum(1 for p, g in zip(pred, gold) if p and g)
    fp = sum(1 for p, g in zip(pred, gold) if p and not g)
    fn = sum(1 for p, g in zip(pred, gold) if not p and g)
    P = tp / (tp + fp) if tp + fp else 0.0
    R = tp / (tp + fn) if tp + fn else 0.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return tp, fp, fn, P, R, F


def report(out):
    lines = []
    lines.append("### Detection (segment level; gold = `untranslated` in coarse_classes)\n")
    lines.append("| pair | tool | flagged | TP | FP | FN | P | R | F1 |")
    lines.append("|---|---|--:|--:|--:|--:|--:|--:|--:|")
    for lp, lang in PAIRS:
        gold = read01(f"{out}/{lp}.gold")
        preds = {}
        for t in TOOLS:
            if t == "of-union":
                parts = [f"{out}/{lp}.{x}.pred" for x in ("ofchar", "oflangid", "ofcld2")]
                if not all(os.path.exists(p) for p in parts):
                    continue
                cols = [read01(p) for p in parts]
                preds[t] = [int(any(c)) for c in zip(*cols)]
            else:
                p = f"{out}/{lp}.{t}.pred"
                if os.path.exists(p):
                    preds[t] = read01(p)
        for t, pr in preds.items():
            if len(pr) != len(gold):
                lines.append(f"| {lp} | {LABEL[t]} | length mismatch {len(pr)} vs {len(gold)} | | | | | | |")
                continue
            tp, fp, fn, P, R, F = prf(pr, gold)
            lines.append(f"| {lp} ({sum(gold)}/{len(gold)}) | {LABEL[t]} | {sum(pr)} | {tp} | {fp} | {fn} "
                         f"| {P:.3f} | {R:.3f} | {F:.3f} |")
    lines.append("")
    tim = f"{out}/timing.tsv"
    if os.path.exists(tim):
        rows = [l.rstrip("\n").split("\t") for l in open(tim) if l.strip()]
        rows = [r for r in rows if r[1] != "failed"] + [r for r in rows if r[1] == "failed"]
        mb = {r[0]: float(r[2]) / float(r[1]) for r in rows if r[1] != "failed"}  # tool -> MB/s
        base = mb.get("mtlint")
        cpu = {r[0]: float(r[2]) / float(r[3]) for r in rows
               if r[1] != "failed" and len(r) > 3 and r[3]}  # tool -> MB per CPU s
        cbase = cpu.get("mtlint")
        lines.append("### Throughput (throughput.txt, one core: `taskset -c 0`, whole process incl. "
                     "start-up, fastest of the runs)\n")
        lines.append("| tool | MB | wall s | MB/s (wall) | mtlint ÷ tool (wall) | CPU s | MB/CPU s | mtlint ÷ tool (CPU) |")
        lines.append("|---|--:|--:|--:|--:|--:|--:|--:|")
        for r in rows:
            t = r[0]
            if r[1] == "failed":
                lines.append(f"| {LABEL.get(t, t)} | {float(r[2]):.1f} | failed | | | | | |")
                continue
            ratio = f"{base / mb[t]:.2f}×" if base and t != "mtlint" else "—"
            c = cpu.get(t)
            cs = f"{float(r[3]):.1f} | {c:.2f}" if c else " | "
            cr = f"{cbase / c:.2f}×" if cbase and c and t != "mtlint" else "—"
            lines.append(f"| {LABEL.get(t, t)} | {float(r[2]):.1f} | {float(r[1]):.1f} | {mb[t]:.2f} | {ratio} | {cs} | {cr} |")
        lines.append("")
    print("\n".join(lines))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "prepare":
        prepare(sys.argv[2], float(sys.argv[3]))
    elif cmd == "predict":
        predict(*sys.argv[2:6])
    elif cmd == "mtlint-pred":
        mtlint_pred(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    elif cmd == "report":
        report(sys.argv[2])
    else:
        raise SystemExit(__doc__)
