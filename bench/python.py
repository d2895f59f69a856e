#!/usr/bin/env python3
"""Segments/s through ``Checker.check_batch`` vs the CLI on the same corpus, and OpusFilter's own
CharacterScoreFilter and LanguageIDFilter in the same process when OpusFilter is installed.

Corpus: ../shared/eval/wmt22/de-fr, every MT system's output with its German source (one
``{id, source, target}`` JSON Lines record per segment), checked as French with source German.

Usage (from the repository root, with the package installed): python bench/python.py
  [--mtlint target/release/mtlint] [--repeat 3] [--threads N]
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def best(fn, repeat):
    times = []
    out = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "eval", "wmt22", "de-fr"))
    ap.add_argument("--mtlint", default=os.path.join(ROOT, "target", "release", "mtlint"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None, help="worker threads of both (default: CPUs)")
    args = ap.parse_args()

    import mtlint

    with open(os.path.join(args.corpus, "source.de.txt"), encoding="utf-8") as f:
        sources = f.read().split("\n")[:-1]
    targets, srcs = [], []
    for path in sorted(glob.glob(os.path.join(args.corpus, "mt.*.fr.txt"))):
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")[:-1]
        assert len(lines) == len(sources), path
        targets += lines
        srcs += sources
    n = len(targets)
    words = sum(len(t.split()) for t in targets)
    print(f"corpus: {n} segments, {words} target words (de-fr, {len(targets) // len(sources)} systems)")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "corpus.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for i, (s, t) in enumerate(zip(srcs, targets)):
                f.write(json.dumps({"id": str(i), "source": s, "target": t}, ensure_ascii=False) + "\n")
        cmd = [args.mtlint, "check", "--no-config", "--lang", "fr", "--source-lang", "de",
               "--input-format", "jsonl", "--format", "jsonl", "--fail-on", "never", "--quiet", "-"]
        if args.threads:
            cmd[2:2] = ["-j", str(args.threads)]
        data = open(path, "rb").read()
        t_cli, out = best(lambda: subprocess.run(cmd, input=data, capture_output=True, check=True), args.repeat)
        n_cli = len(out.stdout.splitlines())

    checker = mtlint.Checker(lang="fr", source_lang="de", threads=args.threads)
    t_batch, found = best(lambda: checker.check_batch(targets, srcs), args.repeat)
    n_batch = sum(map(len, found))
    one = mtlint.Checker(lang="fr", source_lang="de", threads=1)
    t_one, _ = best(lambda: one.check_batch(targets, srcs), args.repeat)

    rows = [
        ("mtlint CLI (stdin JSON Lines → JSON Lines, process start included)", t_cli, n_cli),
        ("mtlint check_batch (in process, Finding objects built)", t_batch, n_batch),
        ("mtlint check_batch, threads=1", t_one, n_batch),
    ]
    try:
        import logging

        logging.disable(logging.WARNING)
        from opusfilter.filters import CharacterScoreFilter, LanguageIDFilter

        pairs = list(zip(srcs, targets))
        csf = CharacterScoreFilter(scripts=["Latin", "Latin"], thresholds=[1.0, 1.0])
        t, _ = best(lambda: list(csf.score(pairs)), args.repeat)
        rows.append(("OpusFilter CharacterScoreFilter (in process)", t, None))
        try:
            lid = LanguageIDFilter(languages=["de", "fr"], id_method="langid")
            t, _ = best(lambda: list(lid.score(pairs)), 1)
            rows.append(("OpusFilter LanguageIDFilter, langid (in process, 1 run)", t, None))
        except Exception as e:  # noqa: BLE001 - an optional back end
            print(f"LanguageIDFilter: not run ({type(e).__name__}: {e})")
    except ImportError:
        print("OpusFilter not installed: its filters are not timed")

    print(f"\n{'':70} {'s':>7} {'segments/s':>11} {'findings':>9}")
    for name, t, k in rows:
        print(f"{name:70} {t:7.2f} {n / t:11.0f} {'' if k is None else k:>9}")
    print(f"\nCPUs: {os.cpu_count()}, Python {sys.version.split()[0]}, mtlint {mtlint.__version__}, best of {args.repeat}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
