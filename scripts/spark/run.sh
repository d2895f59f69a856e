#!/usr/bin/env bash
# Runs mtlint as a map step in a local Apache Spark and checks the findings against a
# single-process run. Usage: scripts/spark/run.sh [spark_check.py options]
#   e.g. scripts/spark/run.sh --shards 8 --copies 20 --master 'local[2]'
# Needs: python3 (3.9+), Java 17 (JAVA_HOME or java on PATH), cargo (to build mtlint).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="$here/.venv"

if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import pyspark' 2>/dev/null; then
    "$venv/bin/pip" install --quiet "pyspark${PYSPARK_VERSION:+==$PYSPARK_VERSION}"
fi

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    (cd "$root" && cargo build --release --quiet --bin mtlint)
fi

export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export PYSPARK_PYTHON="$venv/bin/python"
export PYSPARK_DRIVER_PYTHON="$venv/bin/python"
if [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
fi
exec "$venv/bin/python" "$here/spark_check.py" --mtlint "$root/target/release/mtlint" "$@"
