#!/usr/bin/env bash
# Start-up cost of mtlint: one-line inputs checked N times, median wall time and peak RSS.
#
#   bench/startup.sh            build release, then N=30 runs per case
#   N=100 bench/startup.sh      more runs
#   BIN=path bench/startup.sh   measure another binary (no build)
#
# Cases: `mtlint check --lang fr|de|ru` on a one-line file, and a bilingual TSV (source TAB
# target, English → French, with the header line) of one segment. Each run is timed on its own (wall clock around the
# process, peak RSS from GNU time's %M when /usr/bin/time exists, else from the child's rusage);
# the median of the N runs is printed, with the minimum beside it (the machine may be shared).
# Needs bash, python3 (stdlib only).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-30}
if [[ -z ${BIN:-} ]]; then
    cargo build --release --quiet --bin mtlint
    BIN=target/release/mtlint
fi
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
printf 'Le chat est sur la table, et il dort depuis ce matin.\n' >"$DIR/fr.txt"
printf 'Die Katze liegt auf dem Tisch und schläft seit heute Morgen.\n' >"$DIR/de.txt"
printf 'Кошка лежит на столе и спит с самого утра.\n' >"$DIR/ru.txt"
printf 'source\ttarget\nThe cat is on the table and has been asleep since this morning.\tLe chat est sur la table et il dort depuis ce matin.\n' >"$DIR/en-fr.tsv"

echo "binary: $BIN ($(stat -c %s "$BIN") bytes), $N runs per case, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$BIN" "$N" "$DIR" <<'PY'
import os, shutil, statistics, subprocess, sys, time
bin_, n, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
gnu_time = shutil.which("time") if os.path.exists("/usr/bin/time") else None
cases = [
    ("fr, one line", ["check", "--lang", "fr", f"{d}/fr.txt"]),
    ("de, one line", ["check", "--lang", "de", f"{d}/de.txt"]),
    ("ru, one line", ["check", "--lang", "ru", f"{d}/ru.txt"]),
    ("en→fr TSV, one line", ["check", "--lang", "fr", "--source-lang", "en", f"{d}/en-fr.tsv"]),
]
print(f"| case | median wall ms | min wall ms | median peak RSS MB |")
print(f"|---|---|---|---|")
for name, args in cases:
    walls, rss = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        if gnu_time:
            p = subprocess.run(["/usr/bin/time", "-f", "%M", bin_, *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if p.returncode not in (0, 1):
                sys.exit(f"{name}: exit status {p.returncode}: {p.stderr}")
            walls.append((time.perf_counter() - t0) * 1000)
            rss.append(int(p.stderr.strip().splitlines()[-1]) / 1024)
        else:
            p = subprocess.Popen([bin_, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, ru = os.wait4(p.pid, 0)
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                sys.exit(f"{name}: exit status {status}")
            walls.append((time.perf_counter() - t0) * 1000)
            rss.append(ru.ru_maxrss / 1024)
    print(f"| {name} | {statistics.median(walls):.1f} | {min(walls):.1f} | {statistics.median(rss):.1f} |")
PY
