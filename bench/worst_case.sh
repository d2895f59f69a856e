#!/usr/bin/env bash
# Peak memory of each input reader on the input built to hit its worst case (issue 16):
# one huge segment (a target of SEG_MB MB on one line, with its source in the bilingual
# formats), many attributes on one element, deep nesting, `/dev/zero`. No timing is asserted:
# the wall time is printed so that a quadratic step shows (double SEG_MB: a linear run takes
# about twice as long).
#
#   bench/worst_case.sh              SEG_MB=2 (about 2 min on one core)
#   SEG_MB=18 bench/worst_case.sh    the sizes of issue 16 (about 15 min)
#   BIN=path/to/mtlint bench/worst_case.sh   another build (default: cargo build --release)
#
# Prints a Markdown table: reader, input size, target size, peak RSS, and (peak RSS − the
# RSS of a run on a tiny file) / target size, the memory the segment costs per byte of it.
# The text is finding-dense on purpose (a Cyrillic name, a word in capitals and a number in
# every sentence): findings are part of what a segment costs. Inputs go to
# target/worst-case/ (git-ignored). Needs bash, python3, GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
SEG_MB=${SEG_MB:-2}
DIR=target/worst-case
mkdir -p "$DIR"
if [[ -z ${BIN:-} ]]; then
    cargo build --release --quiet --bin mtlint
    BIN=target/release/mtlint
fi

python3 - "$DIR" "$SEG_MB" <<'EOF'
import json, sys
d, mb = sys.argv[1], float(sys.argv[2])
src_s = "The president of Russia spoke to André Krutskikh last night in Geneva about 3 new projects. "
tgt_s = "Le président de RUSSIE a parlé à André Крутских hier soir à Genève de 3 nouveaux projets. "
n = int(mb * 1e6) // len(tgt_s.encode())
src, tgt = src_s * n, tgt_s * n
def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;")
open(f"{d}/tiny.csv", "w").write("source,target\nHello,Bonjour\n")
open(f"{d}/plain.txt", "w").write(tgt + "\n")
open(f"{d}/one.csv", "w").write('source,target\n"%s","%s"\n' % (src, tgt))
open(f"{d}/one.tsv", "w").write("source\ttarget\n%s\t%s\n" % (src, tgt))
open(f"{d}/one.jsonl", "w").write(json.dumps({"source": src, "target": tgt}, ensure_ascii=False) + "\n")
open(f"{d}/one.po", "w").write('msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "%s"\nmsgstr "%s"\n' % (src, tgt))
open(f"{d}/one.xlf", "w").write(
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
    'target-language="fr" datatype="plaintext" original="a"><body><trans-unit id="1"><source>%s'
    '</source><target>%s</target></trans-unit></body></file></xliff>\n' % (esc(src), esc(tgt)))
open(f"{d}/one.tmx", "w").write(
    '<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" '
    'creationtool="x" creationtoolversion="1" o-tmf="x"/><body><tu><tuv xml:lang="en"><seg>%s</seg>'
    '</tuv><tuv xml:lang="fr"><seg>%s</seg></tuv></tu></body></tmx>\n' % (esc(src), esc(tgt)))
attrs = " ".join(f'a{i}="{i}"' for i in range(200_000))
open(f"{d}/attrs.xlf", "w").write(
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
    'target-language="fr" datatype="plaintext" original="a" %s><body/></file></xliff>\n' % attrs)
open(f"{d}/deep.xlf", "w").write("<g>" * 100_000 + "\n")
EOF

base=0
row() { # name file args...
    local name=$1 file=$2
    shift 2
    local t0 t1 rss code
    t0=$(date +%s.%N)
    code=0
    /usr/bin/time -f %M -o "$DIR/time.out" "$BIN" check --no-config -j 1 --fail-on never \
        --format jsonl "$@" "$file" >/dev/null 2>"$DIR/stderr.out" || code=$?
    t1=$(date +%s.%N)
    rss=$(tail -1 "$DIR/time.out")
    if [[ $name == tiny ]]; then base=$rss; return; fi
    local size one=0
    size=$(stat -c %s "$file" 2>/dev/null || echo 0)
    case $file in *one.* | *plain.txt) one=1 ;; esac
    python3 -c "
rss, base, seg = $rss / 1024, $base / 1024, $SEG_MB * 1e6 / 2**20
size = $size / 2**20
per = f'{(rss - base) / seg:.1f}×' if $one else '—'
print(f'| $name | {size:.1f} | {rss:.0f} | {per} | {$t1 - $t0:.1f} | $code |')"
}

echo "SEG_MB=$SEG_MB (target of one segment, MB); $("$BIN" --version 2>/dev/null || echo mtlint)"
echo
echo "| reader (worst case) | input MiB | peak RSS MiB | (peak − base) / target | wall s | exit |"
echo "|---|---:|---:|---:|---:|---:|"
row tiny "$DIR/tiny.csv" --lang fr --source-lang en
row "plain (one line)" "$DIR/plain.txt" --lang fr
row "one CSV segment with source" "$DIR/one.csv" --lang fr --source-lang en
row "one TSV segment with source" "$DIR/one.tsv" --lang fr --source-lang en
row "one JSON Lines segment with source" "$DIR/one.jsonl" --lang fr --source-lang en
row "one PO entry" "$DIR/one.po" --lang fr --source-lang en
row "one XLIFF unit" "$DIR/one.xlf"
row "one TMX unit" "$DIR/one.tmx" --lang fr
row "200,000 attributes (XLIFF)" "$DIR/attrs.xlf"
row "100,000 nested elements" "$DIR/deep.xlf"
# /dev/zero under a 1 GB address-space limit: stopped at the first NUL byte.
for f in plain jsonl po xliff tmx tsv csv; do
    (ulimit -v 1000000 && row "/dev/zero as $f (1 GB limit)" /dev/zero --lang fr --input-format "$f")
done
echo
echo "base (a run on a two-word file): $((base / 1024)) MiB"
