#!/usr/bin/env python3
"""Summarise `perf script -F ip,sym` output (call-graph samples) for mtlint.

Prints (1) the hottest functions by self time, each with the mtlint functions that call it, and
(2) the time per pipeline stage: each sample goes to the innermost stage frame of its stack
(`text::protected_spans`, a check's `check`, `RegexRule::apply`, lexicon loading, reporting…).

Usage: perf script -i perf.data -F ip,sym | python3 bench/fold_perf.py [--top 10]
"""

import argparse
import collections
import re
import signal
import sys

# Innermost match wins; order here is only for the display of ties.
STAGES = [
    (r"mtlint::text::protected_spans", "ctx: text::protected_spans"),
    (r"mtlint::text::words", "ctx: text::words"),
    (r"mtlint::text::sentences", "text::sentences"),
    (r"<mtlint::checks::(\w+)::\w+ as mtlint::checks::Check>::check", r"check: \1"),
    (r"mtlint::rules_file::RegexRule::apply", "pack rules: RegexRule::apply"),
    (r"mtlint::lang::Lexicon::parse|mtlint::lang::lexicon\b", "start-up: lexicons"),
    (r"mtlint::lang::build_languages|mtlint::lang::languages", "start-up: language packs"),
    (r"mtlint::checks::rule_docs", "start-up: rule docs"),
    (r"mtlint::detect_language|whatlang::detect", "language detection"),
    (r"mtlint::report::|serde_json::|csv::", "report writing"),
    (r"mtlint::input::", "input: reading lines"),
    (r"mtlint::Engine::check_\w+", "engine: check_segment (own)"),
    (r"mtlint::check_segments", "check_segments (own)"),
]
STAGE_RES = [(re.compile(p), name) for p, name in STAGES]
FRAME = re.compile(r"^\s*[0-9a-f]+\s+(.*?)(\s+\(inlined\))?$")


def samples(lines):
    cur = []
    for line in lines:
        if not line.strip():
            if cur:
                yield cur
            cur = []
            continue
        m = FRAME.match(line)
        if m:
            cur.append((m.group(1), bool(m.group(2))))
    if cur:
        yield cur


def stage_of(stack):
    for frame, _ in stack:  # innermost first
        for rx, name in STAGE_RES:
            m = rx.search(frame)
            if m:
                return m.expand(name)
    return "other (runtime, kernel, loader)"


def leaf_of(stack):
    """The innermost real (not inlined) function, as `perf report` names it."""
    for k, (frame, inlined) in enumerate(stack):
        if not inlined:
            return k, frame
    return 0, stack[0][0]


MTLINT_FN = re.compile(r"mtlint::(?:\w+::)*\w+")


def owner_of(stack, start):
    """The innermost mtlint function above the leaf (generic wrappers reduced to the path)."""
    for frame, _ in stack[start + 1 :]:
        m = re.match(r"<(mtlint::[\w:]+) as mtlint::checks::Check>::check", frame)
        if m:
            return m.group(1) + "::check"
        # Generic frames name types too (`all<(&mtlint::lang::Language, …), …::same_script_sentence::{closure_env#0}>`):
        # keep the last path that ends in a function (lower-case) name.
        funcs = [p for p in MTLINT_FN.findall(frame) if p.rsplit("::", 1)[-1][:1].islower()]
        if funcs:
            return funcs[-1]
    return "-"


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=10)
    args = ap.parse_args()
    total = 0
    leaf = collections.Counter()
    owners = collections.defaultdict(collections.Counter)
    stages = collections.Counter()
    for stack in samples(sys.stdin):
        total += 1
        k, sym = leaf_of(stack)
        leaf[sym] += 1
        owners[sym][owner_of(stack, k)] += 1
        stages[stage_of(stack)] += 1
    if not total:
        sys.exit("fold_perf: no samples")
    print(f"{total} samples\n")
    print(f"Top {args.top} functions by self time (with the mtlint functions that call them):")
    for i, (sym, n) in enumerate(leaf.most_common(args.top), 1):
        short = sym if len(sym) <= 90 else sym[:87] + "..."
        print(f"{i:>3}. {100 * n / total:5.1f}%  {short}")
        for o, k in owners[sym].most_common(3):
            print(f"              {100 * k / total:5.1f}%  from {o[:100]}")
    print("\nTime per stage (innermost stage frame of each sample):")
    for name, n in stages.most_common():
        print(f"  {100 * n / total:5.1f}%  {name}")


if __name__ == "__main__":
    main()
