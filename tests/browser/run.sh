#!/usr/bin/env bash
# The headless-browser test of the HTML review report: builds mtlint, installs Chromium and
# playwright-core when missing (tests/browser/setup.sh), then runs `node --test tests/browser/`.
# Works on a fresh Debian machine as root. The screenshot lands in target/browser-test/review.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --locked
if [ ! -d tests/browser/node_modules/playwright-core ] || [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null; then
    tests/browser/setup.sh
fi
export MTLINT_BIN="${MTLINT_BIN:-$PWD/target/debug/mtlint}"
node --test tests/browser/
