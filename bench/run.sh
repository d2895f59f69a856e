#!/usr/bin/env bash
# Throughput and peak-memory benchmark of mtlint's full default check set, end to end.
#
#   bench/run.sh                 build release, generate the corpus, measure, profile
#   SIZE_MB=128 bench/run.sh     a bigger corpus (MiB for fr+de+ru+en together; default 64)
#   QUICK=1 bench/run.sh         8 MiB corpus, 2 vs 32 MiB memory check, jsonl only (smoke test)
#
# Steps (figures in reports/bench.md come from this script):
#  1. `cargo build --release`.
#  2. bench/gen_corpus.py writes target/bench-corpus/ (git-ignored), deterministically: fr.txt,
#     de.txt, ru.txt, en.txt (SIZE_MB/4 each) and mixed.txt, from data/sample/*.txt (French) and
#     the MT targets of ../shared/eval/mqm/segments.tsv.gz (German, Russian, English), shuffled,
#     repeated and varied; without shared/ (fresh checkout, CI) from built-in sentences. Also
#     mem-small.txt (SMALL_MB, default 16) and mem-big.txt (BIG_MB, default 256: mem-small.txt
#     repeated) and 4 × 512 KiB prof-XX.txt files.
#  3. bench/measure.py runs `target/release/mtlint check --lang XX --format FMT FILE > /dev/null`
#     once per language file and format (jsonl, csv; FORMATS=...), then the four language files
#     in one process with each file's language detected (the SIZE_MB of mixed realistic text the
#     speed target is stated for), then mixed.txt (shuffled lines of all four, checked as one
#     language: a stress case), with one worker (--threads 1 where the binary has it), and prints
#     MiB/s, segments/s and peak RSS (GNU time's %M, else the child's rusage); then jsonl with all
#     cores; then mem-small.txt vs mem-big.txt to show that peak RSS does not grow with the input.
#     The report goes to stdout redirected to /dev/null, never `-o /dev/null` (see measure.py).
#  4. bench/profile.sh: perf (or valgrind callgrind) on the 2 MiB of prof-XX.txt, top 10
#     functions and the share of each pipeline stage (PROFILE=0 skips it).
# Output: the tables on stdout and in bench/out/ (git-ignored): results.md, results.json,
# profile-*.txt, machine.txt. In-process figures per check: `cargo bench --bench throughput`.
#
# Other knobs: REPEAT=N (runs per cell, fastest kept; default 1), FORMATS=jsonl,csv, SMALL_MB,
# BIG_MB, MEM_LANG=fr (language of the memory files). Needs bash, cargo, python3 (stdlib only).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=bench/out
mkdir -p "$OUT"
SIZE_MB=${SIZE_MB:-64}
SMALL_MB=${SMALL_MB:-16}
BIG_MB=${BIG_MB:-256}
FORMATS=${FORMATS:-jsonl,csv}
REPEAT=${REPEAT:-1}
MEM_LANG=${MEM_LANG:-fr}
if [[ ${QUICK:-0} == 1 ]]; then
    SIZE_MB=8 SMALL_MB=2 BIG_MB=32 FORMATS=jsonl
fi

{
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "nproc: $(nproc)"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "kernel: $(uname -r)"
    echo "rustc: $(rustc --version)"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/machine.txt"

echo "== build"
cargo build --release --quiet

echo "== corpus"
python3 bench/gen_corpus.py --size-mb "$SIZE_MB" --small-mb "$SMALL_MB" --big-mb "$BIG_MB" \
    --mem-lang "$MEM_LANG"

echo "== throughput and memory"
python3 bench/measure.py --formats "$FORMATS" --repeat "$REPEAT" \
    --json "$OUT/results.json" --markdown "$OUT/results.md"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"

if [[ ${PROFILE:-1} != 0 ]]; then
    echo "== profile"
    bash bench/profile.sh "$OUT"
fi
echo "== done: $OUT/results.md, $OUT/machine.txt, $OUT/profile-*.txt"
