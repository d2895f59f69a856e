#!/usr/bin/env bash
# Profile the release build with line tables (`--profile profiling`, built here) on ~2 MiB of the benchmark corpus (prof-fr/de/ru/en.txt, 512 KiB each,
# one process, language detected per file) and print the 10 hottest functions.
#
#   bench/profile.sh [OUT_DIR]     (default OUT_DIR: bench/out; run bench/gen_corpus.py first)
#
# Uses `perf record` (software event cpu-clock, so it also works in VMs without hardware counters)
# when perf can sample, else `valgrind --tool=callgrind`. Writes OUT_DIR/profile-self.txt (self
# time per function), OUT_DIR/profile-children.txt (time including callees) and, with perf,
# OUT_DIR/profile-summary.txt (bench/fold_perf.py: the hottest functions with their mtlint
# callers, and the share of each pipeline stage).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-bench/out}
mkdir -p "$OUT"
cargo build --profile profiling --bin mtlint --quiet
BIN=target/profiling/mtlint
CORPUS=target/bench-corpus
FILES=("$CORPUS"/prof-fr.txt "$CORPUS"/prof-de.txt "$CORPUS"/prof-ru.txt "$CORPUS"/prof-en.txt)
for f in "${FILES[@]}"; do
    [[ -f $f ]] || { echo "profile: $f missing; run python3 bench/gen_corpus.py" >&2; exit 2; }
done
ARGS=(check --format jsonl)
# One worker thread where the binary has the option: a single-core profile.
if "$BIN" check --help 2>/dev/null | grep -q -- '--threads'; then ARGS+=(--threads 1); fi
CMD=("$BIN" "${ARGS[@]}" "${FILES[@]}")
echo "profile: ${CMD[*]} > /dev/null"

filter() { grep -v '^#' | grep -v '^[[:space:]]*$'; }
set +o pipefail # `head` closes the pipes of the report commands early

if command -v perf >/dev/null && perf record -e cpu-clock -o "$OUT/perf-probe.data" -q -- true >/dev/null 2>&1; then
    rm -f "$OUT"/perf-probe.data* "$OUT"/perf.data* "$OUT"/profile-*.txt
    DATA="$OUT/perf.data"
    # DWARF call graphs: the release profile has line tables but no frame pointers.
    perf record -e cpu-clock -F 2999 --call-graph dwarf,16384 -o "$DATA" -q -- "${CMD[@]}" >/dev/null \
        || [[ $? == 1 ]]
    perf report -i "$DATA" --stdio --no-children --sort symbol -g none 2>/dev/null | filter \
        | cut -c1-160 >"$OUT/profile-self.txt"
    perf report -i "$DATA" --stdio --children --sort symbol -g none 2>/dev/null | filter \
        | grep -E 'mtlint::|regex|whatlang|hashbrown' | grep -v '(inlined)' | cut -c1-160 \
        | head -40 >"$OUT/profile-children.txt"
    # Hot functions with their mtlint callers, and time per pipeline stage.
    perf script -i "$DATA" -F ip,sym 2>/dev/null | python3 bench/fold_perf.py --top 10 \
        >"$OUT/profile-summary.txt"
    echo "profile: perf record -e cpu-clock, DWARF call graphs"
    echo
    cat "$OUT/profile-summary.txt"
    exit 0
elif command -v valgrind >/dev/null; then
    rm -f "$OUT"/perf-probe.data* "$OUT"/profile-*.txt
    DATA="$OUT/callgrind.out"
    valgrind --tool=callgrind --callgrind-out-file="$DATA" "${CMD[@]}" >/dev/null 2>"$OUT/callgrind.log" \
        || [[ $? == 1 ]]
    callgrind_annotate "$DATA" 2>/dev/null | head -60 >"$OUT/profile-self.txt"
    callgrind_annotate --inclusive=yes "$DATA" 2>/dev/null | grep -E 'mtlint::|regex|whatlang' \
        | head -40 >"$OUT/profile-children.txt"
    echo "profile: valgrind callgrind (instruction counts)"
else
    echo "profile: neither perf nor valgrind is available" >&2
    exit 0
fi
echo
echo "Top 10 functions by self time:"
head -10 "$OUT/profile-self.txt"
echo
echo "mtlint functions by total time (with callees):"
head -25 "$OUT/profile-children.txt"
