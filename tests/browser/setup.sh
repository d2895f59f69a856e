#!/usr/bin/env bash
# Installs what the headless-browser test of the HTML report needs, on a fresh Debian machine as
# root: Debian's Chromium (plus fonts for Latin and Cyrillic text) and playwright-core from npm,
# pinned by package-lock.json into tests/browser/node_modules. playwright-core never downloads a
# browser of its own; the test drives /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")"

apt_updated=
apt_install() {
    if [ -z "$apt_updated" ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -q
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

if [ ! -x /usr/bin/chromium ]; then
    apt_install chromium fonts-dejavu-core fonts-liberation
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
fi

# playwright-core has no install script that fetches anything; keep it that way regardless.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
npm ci --include=dev --no-audit --no-fund --loglevel=error
echo "browser test dependencies ready: $(/usr/bin/chromium --version 2>/dev/null || echo chromium?), node $(node --version)"
