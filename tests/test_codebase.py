"""The codebase checks itself: ruff's pyflakes, statement and bugbear rules (pyproject.toml) pass."""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or (pathlib.Path(sys.executable).parent / "ruff")
    if not pathlib.Path(str(ruff)).exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    out = subprocess.run([str(ruff), "check", "src", "tests", "bench"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


def test_cli_reference_matches_the_code():
    """docs/cli.md is generated from the typer app (python -m tieline.clidoc > docs/cli.md)."""
    import pathlib
    from tieline import clidoc
    path = pathlib.Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    assert path.read_text(encoding="utf-8") == clidoc.reference(), \
        "docs/cli.md is out of date: python -m tieline.clidoc > docs/cli.md"
