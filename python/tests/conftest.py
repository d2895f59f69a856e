import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _cli():
    env = os.environ.get("MTLINT_BIN")
    if env:
        return env
    # The newer of the repository's builds (a stale one would differ in its texts).
    built = [p for p in (ROOT / "target" / b / "mtlint" for b in ("release", "debug")) if p.exists()]
    if built:
        return str(max(built, key=lambda p: p.stat().st_mtime))
    return shutil.which("mtlint")


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture(scope="session")
def cli_path():
    exe = _cli()
    if exe is None:
        pytest.skip("no mtlint binary (build it with cargo build, or set MTLINT_BIN)")
    return exe


@pytest.fixture(scope="session")
def cli():
    """Runs the mtlint binary (MTLINT_BIN, else the repository's target/, else PATH)."""
    exe = _cli()
    if exe is None:
        pytest.skip("no mtlint binary (build it with cargo build, or set MTLINT_BIN)")

    def run(*args, input=None):
        return subprocess.run(
            [exe, *args], input=input, capture_output=True, text=True, cwd=ROOT
        )

    return run
