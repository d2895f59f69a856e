#!/usr/bin/env bash
# Installs the Python package with `pip install .` (one release build of the extension) in a fresh venv
# with the test dependencies from PyPI, and runs the Python tests.
# Usage: python/ci.sh            (from anywhere; creates python/.venv)
# Env: PYTHON (default python3, ≥ 3.9), CARGO_TARGET_DIR (default: the repository's target/,
# so that the build shares its folder with the root crate's), MTLINT_PY_EXTRAS="spark hf opusfilter"
# to install and run the optional integrations' tests too (they are skipped when missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="$here/.venv"
py="${PYTHON:-python3}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
export PIP_DISABLE_PIP_VERSION_CHECK=1

t0=$(date +%s)
rm -rf "$venv"
"$py" -m venv "$venv"
"$venv/bin/pip" install --quiet maturin pytest pandas pyarrow
# The optional integrations: a package that does not install is noted and its tests skip.
for extra in ${MTLINT_PY_EXTRAS:-}; do
    case "$extra" in
        spark) pkg=pyspark ;;
        hf) pkg=datasets ;;
        opusfilter) pkg=opusfilter ;;
        *) echo "python/ci.sh: unknown extra $extra" >&2; exit 2 ;;
    esac
    "$venv/bin/pip" install --quiet "$pkg" || echo "python/ci.sh: $pkg did not install; its tests are skipped" >&2
done
t1=$(date +%s)

# python/Cargo.lock must follow the root crate's dependencies: fail here when it has drifted.
cargo fetch --locked --quiet --manifest-path "$here/Cargo.toml"
# Exactly what the README tells a user: `pip install .` from the repository root (the root
# pyproject.toml points maturin at python/Cargo.toml).
"$venv/bin/pip" install --quiet "$root"
t2=$(date +%s)

# The tests compare with the CLI: the newest build in target/ (cargo test builds one).
cd "$root"
"$venv/bin/python" -m pytest -q python/tests
t3=$(date +%s)
echo "python/ci.sh: venv and PyPI packages $((t1 - t0)) s, wheel $((t2 - t1)) s, pytest $((t3 - t2)) s"
