"""The codebase checks itself: ruff's lint rules (pyproject.toml) pass and its formatter has nothing to change."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHECKED = ("src", "tests", "bench", "tools")


def test_ruff_finds_nothing():
    ruff = shutil.which("ruff") or (pathlib.Path(sys.executable).parent / "ruff")
    if not pathlib.Path(str(ruff)).exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    out = subprocess.run([str(ruff), "check", *CHECKED], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


def test_ruff_format_has_nothing_to_change():
    ruff = shutil.which("ruff") or (pathlib.Path(sys.executable).parent / "ruff")
    if not pathlib.Path(str(ruff)).exists():
        pytest.skip("ruff is not installed (pip install -e '.[test]')")
    out = subprocess.run([str(ruff), "format", "--check", *CHECKED], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:]


def test_cli_reference_matches_the_code():
    """docs/cli.md is generated from the typer app (python -m tieline.clidoc > docs/cli.md)."""
    import pathlib
    from tieline import clidoc

    path = pathlib.Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    assert path.read_text(encoding="utf-8") == clidoc.reference(), (
        "docs/cli.md is out of date: python -m tieline.clidoc > docs/cli.md"
    )


def test_public_api_has_docstrings():
    """help(tieline.api.Tieline), the records and the store interface say what and why."""
    import inspect
    import tieline.api
    import tieline.records
    import tieline.store.base

    missing = []
    for mod in (tieline.api, tieline.records, tieline.store.base):
        for name, cls in inspect.getmembers(mod, inspect.isclass):
            if cls.__module__ != mod.__name__:
                continue
            if not cls.__doc__:
                missing.append(name)
            missing += [
                f"{name}.{m}"
                for m, f in inspect.getmembers(cls, inspect.isfunction)
                if not m.startswith("_") and f.__qualname__.split(".")[0] == name and not f.__doc__
            ]
    assert not missing, missing


def test_every_data_file_of_the_package_goes_into_the_wheel():
    """The package-data patterns of pyproject.toml cover every file under src/tieline that is not
    Python (the knowledge base's world/ folder was once left out of the wheel)."""
    import glob
    import os
    import tomllib

    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    root = ROOT / "src" / "tieline"
    covered = set()
    for pat in cfg["tool"]["setuptools"]["package-data"]["tieline"]:
        covered |= {pathlib.Path(p) for p in glob.glob(str(root / pat), recursive=True) if os.path.isfile(p)}
    missing = [
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts and p not in covered
    ]
    assert not missing, missing
