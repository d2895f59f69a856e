#!/usr/bin/env bash
# Precision benchmark (issue 10): false alarms on professional translations, findings on real MT
# output, and per-rule precision from the labelled sample in reports/precision-labels.tsv.
#
#   bench/precision.sh                  build release, measure, write reports/precision.md
#   bench/precision.sh --unlabelled     print the sampled findings that have no verdict yet (TSV)
#
# Reads ../shared/eval/wmt22/ and ../shared/eval/mqm/clean_sample.tsv.gz (never copied into the
# repository); other arguments go to examples/precision.rs (--eval DIR, --out DIR, --labels FILE,
# --sample N). Runs from the repository root whatever the current directory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin mtlint --example precision
exec target/release/examples/precision "$@"
