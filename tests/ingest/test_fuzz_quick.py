"""A quick run of bench/fuzz_ingest.py (issue 11): generated good and hostile inputs in one
ingest; nothing hangs or crashes, every bad input is quarantined, every good record stored."""

import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.skipif(sys.platform != "linux", reason="FIFOs, /dev/zero and byte file names")
def test_fuzz_ingest_quick(tmp_path):
    res = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "fuzz_ingest.py"),
            "--n",
            "80",
            "--no-code",
            "--timeout",
            "300",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "FAIL" not in res.stdout
