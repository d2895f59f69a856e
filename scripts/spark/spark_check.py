#!/usr/bin/env python3
"""Run mtlint as a map step in a local Apache Spark and compare with a single-process run.

Contract under test: `mtlint check --input-format jsonl --format jsonl -` reads one
`{"id", "source", "target"}` record per line on stdin and writes one finding per line on stdout,
with the record id in the finding's `segment` field. Spark's `rdd.pipe` feeds every partition's
lines to its own mtlint process, so `line` in a finding is per partition; the `segment` field
maps each finding back to its global record id.

Steps:
  1. build a corpus of N shards (JSON Lines) from data/sample/ and tests/fixtures/, with variations;
  2. run Spark local[K]: textFile(shards) -> pipe(mtlint) -> collect findings;
  3. run mtlint once over the concatenation of the shards (same stdin contract);
  4. compare the multisets of (id, rule, flagged, column, segment_byte_start) and print PASS/FAIL.
"""

import argparse
import collections
import glob
import json
import os
import random
import shlex
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def variations(line, rng):
    """A few deterministic perturbations of a line, each a typical MT/typing defect or none."""
    out = [line]
    words = line.split(" ")
    if len(words) > 3:
        k = rng.randrange(1, len(words))
        out.append(" ".join(words[:k]) + "  " + " ".join(words[k:]))  # double space
    out.append(line.replace(",", " ,", 1))  # space before comma
    out.append(line.replace(" !", "!").replace(" ?", "?").replace(" :", ":"))  # French spacing lost
    out.append(line.replace("«\u00a0", "\"").replace("\u00a0»", "\"").replace("« ", "\"").replace(" »", "\""))
    out.append(line.upper() if len(line) < 200 else line[:200])
    out.append(line + " " + line[: max(1, len(line) // 3)])  # truncated duplicate tail
    return out


def build_corpus(workdir, shards, copies, seed):
    rng = random.Random(seed)
    base = []
    with open(os.path.join(ROOT, "data/sample/000_5d35f27f8244f893.txt"), encoding="utf-8") as f:
        base += [l.rstrip("\n") for l in f if l.strip()]
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/fixtures/*.txt"))):
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace").lstrip("\ufeff")
        base += [l.rstrip("\r") for l in text.split("\n") if l.strip()]
    # Bilingual pairs from the JSON Lines fixture (source + target), for the source/target checks.
    pairs = []
    with open(os.path.join(ROOT, "tests/fixtures/bilingual/mt.jsonl"), encoding="utf-8") as f:
        for l in f:
            try:
                o = json.loads(l)
            except ValueError:
                continue
            if isinstance(o, dict) and isinstance(o.get("target"), str):
                pairs.append((o.get("source") if isinstance(o.get("source"), str) else None, o["target"]))

    records = []
    for c in range(copies):
        for line in base:
            for v in variations(line, rng):
                records.append((None, v))
        for src, tgt in pairs:
            records.append((src, tgt))
            records.append((src, tgt.replace(" ", "  ", 1)))
            if src and c % 2:
                # Same source, another translation: only a file-wide pass can see this.
                records.append((src, tgt.rstrip(".") + " (bis)."))
    os.makedirs(workdir, exist_ok=True)
    for old in glob.glob(os.path.join(workdir, "shard-*.jsonl")):
        os.remove(old)
    files = [open(os.path.join(workdir, f"shard-{i:02}.jsonl"), "w", encoding="utf-8") for i in range(shards)]
    for n, (src, tgt) in enumerate(records):
        rec = {"id": f"r{n:06}", "target": tgt}
        if src is not None:
            rec["source"] = src
        # ensure_ascii=False: UTF-8 goes through the pipe as is (escaped newlines stay escaped).
        files[n % shards].write(json.dumps(rec, ensure_ascii=False) + "\n")
    for f in files:
        f.close()
    return len(records)


def key(finding):
    return (
        finding.get("segment"),
        finding.get("rule"),
        finding.get("flagged"),
        finding.get("column"),
        finding.get("segment_byte_start"),
    )


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mtlint", default=os.path.join(ROOT, "target/release/mtlint"))
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--copies", type=int, default=20, help="times the base corpus is repeated")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work"))
    args = ap.parse_args()

    cmd = [args.mtlint, "check", "--no-config", "--lang", args.lang, "--input-format", "jsonl",
           "--format", "jsonl", "--fail-on", "never", "-"]
    cmd_str = " ".join(shlex.quote(c) for c in cmd)

    t0 = time.time()
    n_records = build_corpus(args.workdir, args.shards, args.copies, args.seed)
    shard_files = sorted(glob.glob(os.path.join(args.workdir, "shard-*.jsonl")))
    t_corpus = time.time() - t0
    print(f"corpus: {n_records} records in {len(shard_files)} shards ({t_corpus:.2f} s)")

    # --- single process reference: the same records, one mtlint over stdin ---------------------
    t0 = time.time()
    data = b"".join(open(p, "rb").read() for p in shard_files)
    ref = subprocess.run(cmd, input=data, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    t_single = time.time() - t0
    if ref.returncode != 0:
        print(f"FAIL: single-process mtlint exited {ref.returncode}: {ref.stderr.decode(errors='replace')}")
        return 1
    ref_findings = [json.loads(l) for l in ref.stdout.decode("utf-8").splitlines() if l.strip()]
    print(f"single process: {len(ref_findings)} findings ({t_single:.2f} s)")

    # For information: over a named file (not stdin) mtlint also runs the file-wide consistency
    # pass (inconsistent-translation / inconsistent-source), which needs every record at once and
    # so cannot be a per-partition map step. Report how many findings that adds.
    whole = os.path.join(args.workdir, "all.jsonl")
    with open(whole, "wb") as f:
        f.write(data)
    file_cmd = cmd[:-1] + [whole]
    filerun = subprocess.run(file_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    file_findings = [json.loads(l) for l in filerun.stdout.decode("utf-8").splitlines() if l.strip()]
    extra = collections.Counter(f["rule"] for f in file_findings) - collections.Counter(f["rule"] for f in ref_findings)
    print(f"single process over a file instead of stdin: {len(file_findings)} findings "
          f"(extra, file-wide only: {dict(extra) or 'none'})")

    # --- Spark ---------------------------------------------------------------------------------
    from pyspark import SparkConf, SparkContext
    import pyspark

    t0 = time.time()
    conf = (SparkConf().setMaster(args.master).setAppName("mtlint-map-step").set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    t_start = time.time() - t0
    try:
        t0 = time.time()
        lines = sc.textFile(",".join(shard_files), minPartitions=len(shard_files))
        n_parts = lines.getNumPartitions()
        out = lines.pipe(cmd_str, checkCode=True).collect()
        t_spark = time.time() - t0
        spark_version = sc.version
    finally:
        sc.stop()
    spark_findings = [json.loads(l) for l in out if l.strip()]
    print(f"spark {spark_version} (pyspark {pyspark.__version__}) {args.master}: {n_parts} partitions, "
          f"{len(spark_findings)} findings ({t_spark:.2f} s, context start {t_start:.2f} s)")

    # Line numbers are per partition: show that they differ while ids map everything back.
    ref_lines = {(f.get("segment"), f.get("rule"), f.get("segment_byte_start")): f.get("line") for f in ref_findings}
    moved = sum(1 for f in spark_findings
                if ref_lines.get((f.get("segment"), f.get("rule"), f.get("segment_byte_start")), f.get("line")) != f.get("line"))
    no_id = sum(1 for f in spark_findings if not f.get("segment"))
    print(f"findings whose line differs from the single run (per-partition numbering): {moved}; without a segment id: {no_id}")

    a = collections.Counter(key(f) for f in spark_findings)
    b = collections.Counter(key(f) for f in ref_findings)
    rules = collections.Counter(f["rule"] for f in ref_findings)
    print("top rules:", ", ".join(f"{r}={n}" for r, n in rules.most_common(8)))
    if a == b and no_id == 0:
        print(f"PASS: {sum(a.values())} findings over {n_records} records, "
              f"{len(set(k[0] for k in a))} records with findings; spark == single process")
        return 0
    only_spark = a - b
    only_ref = b - a
    print(f"FAIL: spark {sum(a.values())} vs single {sum(b.values())}; "
          f"only in spark {sum(only_spark.values())}, only in single {sum(only_ref.values())}")
    for k in list(only_spark)[:5]:
        print("  only spark:", k)
    for k in list(only_ref)[:5]:
        print("  only single:", k)
    return 1


if __name__ == "__main__":
    sys.exit(main())
