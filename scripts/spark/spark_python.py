#!/usr/bin/env python3
"""mtlint inside PySpark (the Python package, ``mapInPandas``) against the CLI, on the corpus of
spark_check.py: the same findings as one CLI run over the same records, and records/s of both
Spark paths (``rdd.pipe`` to the binary, ``mapInPandas`` with the package) on the same shards.

Usage: python spark_python.py --mtlint target/release/mtlint [--copies 20] [--master local[2]]
Needs pyspark and the mtlint package installed in this Python (python/ci.sh, or pip install .).
"""

import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spark_check import ROOT, build_corpus  # noqa: E402


def key(segment, rule, flagged, byte_start):
    return (segment, rule, flagged, byte_start)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mtlint", default=os.path.join(ROOT, "target/release/mtlint"))
    ap.add_argument("--lang", default="fr")
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "work-python"))
    ap.add_argument("--repeat", type=int, default=2, help="timed runs of each Spark path (fastest kept)")
    args = ap.parse_args(argv)

    import mtlint
    from mtlint.spark import findings
    from pyspark.sql import SparkSession

    n = build_corpus(args.workdir, args.shards, args.copies, args.seed)
    shards = sorted(glob.glob(os.path.join(args.workdir, "shard-*.jsonl")))
    print(f"corpus: {n} records in {len(shards)} shards")
    cmd = [args.mtlint, "check", "--no-config", "--lang", args.lang, "--input-format", "jsonl",
           "--format", "jsonl", "--fail-on", "never", "--quiet", "-"]

    # Reference: one CLI process over all records.
    t0 = time.time()
    data = b"".join(open(p, "rb").read() for p in shards)
    ref = subprocess.run(cmd, input=data, capture_output=True, check=True)
    t_cli = time.time() - t0
    ref_findings = [json.loads(l) for l in ref.stdout.decode().splitlines() if l.strip()]
    ref_keys = collections.Counter(
        key(f["segment"], f["rule"], f["flagged"], f["segment_byte_start"]) for f in ref_findings
    )
    print(f"CLI, one process: {len(ref_findings)} findings ({t_cli:.2f} s, {n / t_cli:.0f} records/s)")

    # The package in this process, for scale (check_batch over all records).
    recs = [json.loads(l) for p in shards for l in open(p, encoding="utf-8")]
    checker = mtlint.Checker(lang=args.lang)
    t0 = time.time()
    batch = checker.check_batch([r["target"] for r in recs], [r.get("source") for r in recs])
    t_batch = time.time() - t0
    print(f"check_batch, in process: {sum(map(len, batch))} findings ({t_batch:.2f} s, {n / t_batch:.0f} records/s)")

    # The executors' Python is this one (where mtlint is installed); Spark stays on loopback.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    t0 = time.time()
    spark = (SparkSession.builder.master(args.master).appName("mtlint-python")
             .config("spark.ui.enabled", "false")
             # One partition per shard, as textFile gives the pipe path.
             .config("spark.sql.files.openCostInBytes", str(1 << 30))
             .getOrCreate())
    sc = spark.sparkContext
    sc.setLogLevel("ERROR")
    t_start = time.time() - t0
    print(f"spark {spark.version} {args.master}: context {t_start:.2f} s")

    def run_pipe():
        return sc.textFile(",".join(shards), minPartitions=args.shards).pipe(" ".join(cmd), checkCode=True).collect()

    def run_python():
        df = spark.read.schema("id string, source string, target string").json(shards)
        return findings(df, lang=args.lang, document=True).collect()

    def run_python_alone():
        df = spark.read.schema("id string, source string, target string").json(shards)
        return findings(df, lang=args.lang).collect()

    results = {}
    jobs = (("rdd.pipe (CLI)", run_pipe), ("mapInPandas (package)", run_python),
            ("mapInPandas (package, document=False)", run_python_alone))
    for name, job in jobs:
        best = None
        for _ in range(max(1, args.repeat)):
            t0 = time.time()
            out = job()
            dt = time.time() - t0
            best = dt if best is None else min(best, dt)
        results[name] = (out, best)
        print(f"{name}: {len(out)} findings, best of {args.repeat}: {best:.2f} s, {n / best:.0f} records/s")

    pipe_keys = collections.Counter(
        key(f["segment"], f["rule"], f["flagged"], f["segment_byte_start"])
        for f in map(json.loads, results["rdd.pipe (CLI)"][0])
    )
    py_keys = collections.Counter(
        key(r["id"], r["rule"], r["flagged"], r["byte_start"]) for r in results["mapInPandas (package)"][0]
    )
    spark.stop()
    alone = len(results["mapInPandas (package, document=False)"][0])
    print(f"document=False: {alone} findings (records checked alone; a quotation is not paired across records)")
    ok = py_keys == ref_keys and pipe_keys == ref_keys
    if not ok:
        print("only in the CLI:", list((ref_keys - py_keys).items())[:10])
        print("only in mapInPandas:", list((py_keys - ref_keys).items())[:10])
    print(("PASS" if ok else "FAIL") + f": mapInPandas {sum(py_keys.values())} findings, CLI {sum(ref_keys.values())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
