#!/usr/bin/env bash
# Runs every fuzz target for a bounded time with seed corpora from tests/fixtures/ and data/sample/.
# Usage: fuzz/run.sh [target...]        (default: all targets)
#   FUZZ_SECONDS=60   seconds per target
#   FUZZ_JOBS=1       parallel libFuzzer jobs per target (-fork=N when > 1)
#   FUZZ_MAX_LEN=16384
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz needs nightly features (-Z flags,
# sanitizers); on a stable toolchain RUSTC_BOOTSTRAP=1 enables them, which this script sets
# unless the active toolchain is already nightly.
# Crashes are copied to fuzz/regressions/<target>/ and the script exits 1 at the end.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

secs="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
max_len="${FUZZ_MAX_LEN:-16384}"
all=(check_text read_plain read_xliff read_tmx read_po read_tsv read_jsonl read_srt read_vtt read_markdown read_html)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")

if ! rustc --version | grep -q nightly; then
    export RUSTC_BOOTSTRAP=1
fi

# Seed corpus per target: the fixtures of its format plus the plain-text samples.
seed() {
    local t="$1" dir="$here/corpus/$1"
    mkdir -p "$dir"
    local files=()
    case "$t" in
        check_text|read_plain) files=("$root"/tests/fixtures/*.txt "$root"/data/sample/*) ;;
        read_xliff) files=("$root"/tests/fixtures/bilingual/*.xlf "$root"/tests/fixtures/bilingual/*.sdlxliff "$root"/tests/fixtures/bilingual/malformed/*.xlf) ;;
        read_tmx) files=("$root"/tests/fixtures/bilingual/*.tmx "$root"/tests/fixtures/bilingual/malformed/*.tmx) ;;
        read_po) files=("$root"/tests/fixtures/bilingual/*.po "$root"/tests/fixtures/bilingual/malformed/*.po) ;;
        read_tsv) files=("$root"/tests/fixtures/bilingual/*.tsv "$root"/tests/fixtures/bilingual/*.csv "$root"/tests/fixtures/bilingual/malformed/*.tsv) ;;
        read_jsonl) files=("$root"/tests/fixtures/bilingual/*.jsonl "$root"/tests/fixtures/bilingual/malformed/*.jsonl) ;;
        read_srt) files=("$root"/tests/fixtures/subtitles/*.srt) ;;
        read_vtt) files=("$root"/tests/fixtures/subtitles/*.vtt) ;;
        read_markdown) files=("$root"/tests/fixtures/docs/*.md "$root"/README.md) ;;
        read_html) files=("$root"/tests/fixtures/docs/*.html "$root"/reports/sample.html) ;;
    esac
    for f in "${files[@]}"; do
        [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
    done
    # Known regressions are seeds too.
    if [ -d "$here/regressions/$t" ]; then
        cp "$here/regressions/$t"/* "$dir/" 2>/dev/null || true
    fi
}

status=0
summary=()
for t in "${targets[@]}"; do
    seed "$t"
    mkdir -p "$here/artifacts/$t" "$here/logs"
    log="$here/logs/$t.log"
    echo "== $t: ${secs}s" >&2
    extra=()
    [ "$jobs" -gt 1 ] && extra=(-fork="$jobs" -ignore_crashes=0)
    cargo fuzz run -a "$t" "$here/corpus/$t" -- \
        -max_total_time="$secs" -max_len="$max_len" -timeout=20 -rss_limit_mb=4096 \
        -print_final_stats=1 "${extra[@]}" >"$log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    crashes=$(ls "$here/artifacts/$t" 2>/dev/null | grep -E '^(crash|timeout|oom|leak)-' || true)
    if [ $rc -ne 0 ] || [ -n "$crashes" ]; then
        status=1
        mkdir -p "$here/regressions/$t"
        for c in $crashes; do cp "$here/artifacts/$t/$c" "$here/regressions/$t/"; done
        summary+=("$t: FAILED (rc=$rc) execs=${execs:-?} exec/s=${speed:-?} $cov; inputs: ${crashes:-none}; log: $log")
    else
        summary+=("$t: ok execs=${execs:-?} exec/s=${speed:-?} $cov")
    fi
done
printf '%s\n' "${summary[@]}"
exit $status
