#!/usr/bin/env python3
"""Figures of the structure rules (omission, case-mismatch, list-mismatch, question-lost; issue 14).

    cargo build --release --bin mtlint && python3 bench/structure.py [--dump FILE]

Runs the release binary (what a user gets) with the source on
- ../shared/eval/wmt22/<pair>/: the professional reference and every MT output, paired line by line
  with the source: findings per 1,000 words (whitespace-separated tokens of the targets) per rule;
- ../shared/eval/mqm/segments.tsv.gz: every MQM segment (MT output and human translations of en-de,
  en-ru, zh-en): segment-level precision and recall of `omission` against the raters'
  `Accuracy/Omission` labels (any rater), and the findings of the other rules.
Prints Markdown tables (reports/structure.md holds a copy); with --dump FILE, writes every finding
as TSV (pair, file, segment, rule, flagged text, message, source) to read by eye.
Nothing is copied into the repository. Runs from the repository root whatever the directory.
"""
import collections
import csv
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
EVAL = os.path.join(ROOT, "..", "shared", "eval")
BIN = os.path.join(ROOT, "target", "release", "mtlint")
RULES = ["omission", "case-mismatch", "list-mismatch", "question-lost"]
OMISSION = "Accuracy/Omission"


def is_omission(category):
    """The MQM omission classes: `Accuracy/Omission` (en-de, zh-en), and the Unbabel classes of
    en-ru: `Other POS omitted`, `Omitted Conjunction`, `Omitted Preposition`…"""
    return category == OMISSION or "omitted" in category.lower()


def run(paths, tgt, src):
    """The findings of RULES on JSON Lines files `paths`, as (file, segment, rule, flagged, message)."""
    cmd = [BIN, "check", "--lang", tgt, "--source-lang", src, "--fail-on", "never",
           "--format", "jsonl", "--quiet", "--select", ",".join(RULES)] + paths
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        r = json.loads(line)
        if "rule" in r:
            yield r["file"], r["segment"], r["rule"], r["flagged"], r["message"]


def write_jsonl(path, pairs):
    with open(path, "w", encoding="utf-8") as o:
        for i, (s, t) in enumerate(pairs):
            o.write(json.dumps({"id": str(i + 1), "source": s, "target": t}, ensure_ascii=False) + "\n")


def wmt22(tmp, dump):
    base = os.path.join(EVAL, "wmt22")
    print("## WMT22: findings per 1,000 words, with the source\n")
    print("| pair | file | words | " + " | ".join(RULES) + " |")
    print("|---|---|---:|" + "---:|" * len(RULES))
    for pair in sorted(os.listdir(base)):
        d = os.path.join(base, pair)
        if not os.path.isdir(d):
            continue
        sl, tl = pair.split("-")
        src = open(os.path.join(d, f"source.{sl}.txt"), encoding="utf-8").read().split("\n")
        names = ["reference"] + sorted(f.split(".")[1] for f in os.listdir(d) if f.startswith("mt."))
        files = {}
        for name in names:
            f = os.path.join(d, f"reference.{tl}.txt" if name == "reference" else f"mt.{name}.{tl}.txt")
            tgt = open(f, encoding="utf-8").read().split("\n")
            p = os.path.join(tmp, f"{pair}.{name}.jsonl")
            write_jsonl(p, list(zip(src, tgt)))
            files[p] = (name, sum(len(l.split()) for l in tgt))
        count = collections.Counter()
        for file, seg, rule, flagged, msg in run(list(files), tl, sl):
            count[file, rule] += 1
            if dump:
                dump.writerow([pair, files[file][0], seg, rule, flagged, msg, src[int(seg) - 1]])
        mt = collections.Counter()
        mt_words = 0
        for p, (name, words) in files.items():
            rates = [1000 * count[p, r] / words for r in RULES]
            if name != "reference":
                mt_words += words
                for r in RULES:
                    mt[r] += count[p, r]
            print(f"| {pair} | {name} | {words} | " + " | ".join(f"{x:.3f} ({count[p, r]})" for x, r in zip(rates, RULES)) + " |")
        print(f"| {pair} | **all MT** | {mt_words} | " + " | ".join(f"{1000 * mt[r] / mt_words:.3f} ({mt[r]})" for r in RULES) + " |")
    print()


def sentences(text, wide):
    """Rough sentence count (for the scope of the recall figure only)."""
    if wide:
        parts = re.split(r"(?<=[。！？!?])", text)
    else:
        parts = re.split(r"(?<=[.!?…])[\"»”)']*\s+(?=[A-ZА-ЯЁ\"«„“])", text)
    return sum(1 for p in parts if sum(c.isalpha() for c in p) >= 3)


def mqm(tmp, dump):
    csv.field_size_limit(1 << 30)
    path = os.path.join(EVAL, "mqm", "segments.tsv.gz")
    rows = list(csv.DictReader(gzip.open(path, "rt", encoding="utf-8"), delimiter="\t"))
    by_lp = collections.defaultdict(list)
    for r in rows:
        by_lp[r["lp"]].append(r)
    print("## MQM segments: `omission` against the omission classes (segment level, any rater)\n")
    print("Omission classes: `Accuracy/Omission` (en-de, zh-en); `Other POS omitted`, `Omitted Conjunction`, `Omitted Preposition`, `Omitted Pronoun`, `Omitted Auxiliary Verb` (en-ru).\n")
    print("Scope: segments whose source has two sentences or more (rough count), the only ones the rule can fire on.\n")
    print("| pair | segments | labelled omission | fired | true positives | precision | recall | in scope | labelled in scope | recall in scope |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    others = collections.Counter()
    for lp in sorted(by_lp):
        segs = by_lp[lp]
        sl, tl = lp.split("-")
        p = os.path.join(tmp, f"mqm.{lp}.jsonl")
        write_jsonl(p, [(r["source"], r["target"]) for r in segs])
        fired = set()
        for _, seg, rule, flagged, msg in run([p], tl, sl):
            i = int(seg) - 1
            if rule == "omission":
                fired.add(i)
            else:
                others[lp, rule] += 1
            if dump:
                r = segs[i]
                dump.writerow([f"mqm:{lp}", r["system"], f"{r['doc']}:{r['doc_seg_id']}", rule, flagged,
                               msg + f" [MQM: {r['categories']}]", r["source"]])
        pos = {i for i, r in enumerate(segs) if any(is_omission(c) for c in r["categories"].split("|"))}
        scope = {i for i, r in enumerate(segs) if sentences(r["source"], sl == "zh") >= 2}
        tp = len(fired & pos)
        prec = f"{tp / len(fired):.2f}" if fired else "–"
        rec = f"{tp / len(pos):.3f}" if pos else "–"
        ps = pos & scope
        rec_s = f"{len(fired & ps) / len(ps):.3f}" if ps else "–"
        print(f"| {lp} | {len(segs)} | {len(pos)} | {len(fired)} | {tp} | {prec} | {rec} | {len(scope)} | {len(ps)} | {rec_s} |")
    print()
    print("Other structure rules on the MQM segments (findings):\n")
    print("| pair | " + " | ".join(RULES[1:]) + " |")
    print("|---|" + "---:|" * (len(RULES) - 1))
    for lp in sorted(by_lp):
        print(f"| {lp} | " + " | ".join(str(others[lp, r]) for r in RULES[1:]) + " |")
    print()


def main():
    dump = None
    if "--dump" in sys.argv:
        f = open(sys.argv[sys.argv.index("--dump") + 1], "w", encoding="utf-8", newline="")
        dump = csv.writer(f, delimiter="\t", lineterminator="\n")
    if not os.path.exists(BIN):
        sys.exit(f"{BIN} not found: cargo build --release --bin mtlint")
    with tempfile.TemporaryDirectory() as tmp:
        wmt22(tmp, dump)
        mqm(tmp, dump)


if __name__ == "__main__":
    main()
