#!/usr/bin/env bash
# mtlint against peer tools on the same corpus and the same task, side by side in one run.
#
#   bench/peers/run.sh                  everything: venv, corpus, detection, throughput, report
#   THROUGHPUT_MB=10 bench/peers/run.sh a smaller throughput file (default 50 MB)
#   SKIP_THROUGHPUT=1 bench/peers/run.sh detection only
#   SKIP_DETECTION=1 bench/peers/run.sh  throughput only (reuses bench/peers/out/*.pred)
#   REPEAT=5 bench/peers/run.sh         timed runs per tool, fastest kept (default 3)
#   SLOW_REPEAT=1 bench/peers/run.sh    time the langid-based peers on 1 copy of en-de only
#
# Task, for every tool: flag target segments that contain foreign script or are in the wrong
# language ("untranslated/foreign").
#  1. A virtual environment bench/peers/.venv (git-ignored) gets the peers from PyPI:
#     opusfilter, py3langid<0.4 (langid.py; OpusFilter's langid back end needs <0.4), pycld2.
#     A package that does not install is retried without extras, then skipped and noted.
#  2. bench/peers/peers.py prepare writes, once, into bench/peers/out/ (git-ignored): the target
#     segments of ../shared/eval/mqm/segments.tsv.gz for en-ru (ru), en-de (de), zh-en (en),
#     one per line (tabs/newlines inside a segment become spaces), XX.gold (1 = `untranslated` in
#     coarse_classes), and throughput.txt = the en-de targets repeated to THROUGHPUT_MB.
#  3. Detection, one 0/1 prediction per line (bench/peers/out/PAIR.TOOL.pred):
#     - mtlint: `mtlint check --lang XX --format jsonl --fail-on never FILE`; a line is flagged
#       when it has a finding of category mixed-script or language-switch, severity warning/error.
#     - OpusFilter Python API (opusfilter.filters), target side only (1-tuples):
#       CharacterScoreFilter(scripts=[Cyrillic|Latin], thresholds=[1.0]) rejects;
#       LanguageIDFilter(languages=[XX], id_method=langid|cld2) rejects (default threshold 0);
#       and their union.
#     - py3langid / pycld2: the top language is not XX (pycld2 "un"/unknown is not flagged).
#  4. Throughput: every tool on throughput.txt, one core (`taskset -c 0`; mtlint also -j 1),
#     wall seconds of the whole process (start-up and model loading included) -> MB/s, and
#     user+system CPU seconds (GNU /usr/bin/time) -> MB per CPU second.
#     REPEAT runs per tool, interleaved (tool after tool, then again), the fastest kept: the
#     machine may be shared, and the load average is recorded in the report. With SLOW_REPEAT=N
#     the langid-based peers (oflangid, langid) read only the first N copies of en-de (4.9 MB
#     each); MB/s is always computed on the bytes each tool actually read. A tool that exits
#     non-zero is reported as failed, not timed.
#  5. Tables on stdout and in reports/peers.md (machine, versions, commands, tables); the
#     discussion part of reports/peers.md is written by hand below the generated block.
# Needs: python3 (venv), ../shared, a built target/release/mtlint (built here if missing).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
P=bench/peers
OUT=$P/out
VENV=$P/.venv
MB=${THROUGHPUT_MB:-50}
MTLINT=$ROOT/target/release/mtlint
mkdir -p "$OUT"

if [[ ! -e ../shared/eval/mqm/segments.tsv.gz ]]; then
  echo "../shared/eval/mqm/segments.tsv.gz is missing: cannot run the peer benchmark." >&2
  exit 2
fi
if [[ ! -x $MTLINT ]]; then cargo build --release || exit 1; fi

TASKSET=()
command -v taskset >/dev/null && TASKSET=(taskset -c 0)

# 1. venv and peers
[[ -x $VENV/bin/python ]] || python3 -m venv "$VENV"
PY=$VENV/bin/python
: > "$OUT/install.log"
"$PY" -m pip install -q --upgrade pip >>"$OUT/install.log" 2>&1
FAILED=()
for pkg in 'py3langid<0.4' pycld2 opusfilter; do
  if ! "$PY" -m pip install -q "$pkg" 'py3langid<0.4' >>"$OUT/install.log" 2>&1; then
    if ! "$PY" -m pip install -q --no-deps "$pkg" >>"$OUT/install.log" 2>&1; then
      FAILED+=("$pkg"); echo "install failed: $pkg (see $OUT/install.log)" >&2
    fi
  fi
done
if ((${#FAILED[@]})); then printf '%s\n' "${FAILED[@]}"; fi > "$OUT/install-failed.txt"
have() { "$PY" -c "import $1" 2>/dev/null; }
TOOLS=()
have opusfilter.filters && TOOLS+=(ofchar oflangid ofcld2)
have py3langid && TOOLS+=(langid)
have pycld2 && TOOLS+=(cld2)

# 2. corpus
"$PY" $P/peers.py prepare "$OUT" "$MB" | tee "$OUT/corpus.txt"

# 3. detection
declare -A LANG=([en-ru]=ru [en-de]=de [zh-en]=en)
LPS=(en-ru en-de zh-en)
[[ ${SKIP_DETECTION:-0} == 1 ]] && LPS=()
for lp in "${LPS[@]}"; do
  l=${LANG[$lp]}
  n=$(wc -l < "$OUT/$lp.txt")
  "$MTLINT" check --lang "$l" --format jsonl --fail-on never "$OUT/$lp.txt" > "$OUT/$lp.mtlint.jsonl"
  "$PY" $P/peers.py mtlint-pred "$OUT/$lp.mtlint.jsonl" "$n" "$OUT/$lp.mtlint.pred"
  for t in "${TOOLS[@]}"; do
    "$PY" $P/peers.py predict "$t" "$l" "$OUT/$lp.txt" "$OUT/$lp.$t.pred"
  done
done

# 4. throughput
wall() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
if [[ ${SKIP_THROUGHPUT:-0} != 1 ]]; then
  mbof() { echo "$(stat -c %s "$1") / 1000000" | bc -l; }
  SLOW=$OUT/throughput.txt
  if [[ ${SLOW_REPEAT:-0} -gt 0 ]]; then
    SLOW=$OUT/throughput-slow.txt
    head -n $(( $(wc -l < "$OUT/en-de.txt") * SLOW_REPEAT )) "$OUT/throughput.txt" > "$SLOW"
  fi
  declare -A BEST=() BCPU=() FILE=()
  TIME=()  # GNU time: user+system CPU seconds, the fairer figure when the machine is shared
  [[ -x /usr/bin/time ]] && TIME=(/usr/bin/time -f '%U %S' -o "$OUT/cpu.tmp")
  uptime > "$OUT/load-before.txt"
  for ((r = 1; r <= ${REPEAT:-3}; r++)); do
    for t in mtlint "${TOOLS[@]}"; do
      if [[ $t == mtlint ]]; then
        f=$OUT/throughput.txt
        cmd=("$MTLINT" check --lang de --format jsonl --fail-on never -j 1 "$f")
      else
        f=$OUT/throughput.txt
        [[ $t == oflangid || $t == langid ]] && f=$SLOW
        cmd=("$PY" $P/peers.py predict "$t" de "$f" /dev/null)
      fi
      FILE[$t]=$f
      st=$(date +%s.%N)
      if "${TIME[@]}" "${TASKSET[@]}" "${cmd[@]}" >/dev/null 2>"$OUT/timing-$t.err"; then
        s=$(echo "$(date +%s.%N) - $st" | bc -l)
        cpu=$( ((${#TIME[@]})) && awk '{print $1 + $2}' "$OUT/cpu.tmp" || echo "")
      else
        s=failed; cpu=""
      fi
      echo "run $r $t: $s s wall, ${cpu:-?} s CPU" >&2
      if [[ $s != failed ]] && { [[ -z ${BEST[$t]:-} ]] || (( $(echo "$s < ${BEST[$t]}" | bc -l) )); }; then
        BEST[$t]=$s
      fi
      if [[ -n $cpu ]] && { [[ -z ${BCPU[$t]:-} ]] || (( $(echo "$cpu < ${BCPU[$t]}" | bc -l) )); }; then
        BCPU[$t]=$cpu
      fi
    done
  done
  uptime > "$OUT/load-after.txt"
  : > "$OUT/timing.tsv"
  for t in mtlint "${TOOLS[@]}"; do
    printf '%s\t%s\t%s\t%s\n' "$t" "${BEST[$t]:-failed}" "$(mbof "${FILE[$t]}")" "${BCPU[$t]:-}" >> "$OUT/timing.tsv"
  done
fi

# 5. report
"$PY" $P/peers.py report "$OUT" | tee "$OUT/tables.md"
{
  echo "## Machine"
  echo
  echo "- nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "- one core for timing: ${TASKSET[*]:-(taskset not available)}; fastest of ${REPEAT:-3} runs"
  [[ -e $OUT/load-before.txt ]] && echo "- load (uptime) before / after timing: $(sed 's/.*load/load/' "$OUT/load-before.txt") / $(sed 's/.*load/load/' "$OUT/load-after.txt")"
  echo
  echo "## Versions"
  echo
  echo "- $("$MTLINT" --version) (git $(git rev-parse --short HEAD)$(git diff --quiet -- src || echo ', with uncommitted src/ changes'); binary $(date -u -r "$MTLINT" '+%F %T') UTC)"
  echo "- python $("$PY" -c 'import sys;print(sys.version.split()[0])')"
  for pkg in opusfilter py3langid pycld2 regex; do
    echo "- $pkg $("$PY" -m pip show "$pkg" 2>/dev/null | sed -n 's/^Version: //p')"
  done
  [[ -s $OUT/install-failed.txt ]] && echo "- failed to install: $(tr '\n' ' ' < "$OUT/install-failed.txt")"
  echo
  echo "## Corpus"
  echo
  sed 's/^/- /' "$OUT/corpus.txt"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "bench/peers/run.sh   # THROUGHPUT_MB=$MB"
  echo "mtlint check --lang XX --format jsonl --fail-on never bench/peers/out/PAIR.txt"
  echo "${TASKSET[*]} mtlint check --lang de --format jsonl --fail-on never -j 1 bench/peers/out/throughput.txt > /dev/null"
  echo "${TASKSET[*]} bench/peers/.venv/bin/python bench/peers/peers.py predict TOOL de bench/peers/out/throughput.txt /dev/null"
  echo '```'
  echo
  cat "$OUT/tables.md"
} > "$OUT/generated.md"
echo "generated part of the report: $OUT/generated.md"
