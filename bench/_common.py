"""What the benchmark scripts share: where the shared data is and how to run `tieline`."""

from __future__ import annotations

import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def data_dir(arg: str | None) -> pathlib.Path:
    """``--data`` if given, else $TIELINE_DATA, else ../shared/data beside the checkout."""
    return pathlib.Path(arg or os.environ.get("TIELINE_DATA") or (ROOT.parent / "shared" / "data"))


def tieline_cmd() -> list[str]:
    """The `tieline` console script of this interpreter's environment (or the module, as a fallback)."""
    exe = pathlib.Path(sys.executable).parent / "tieline"
    if exe.exists():
        return [str(exe)]
    return [sys.executable, "-c", "from tieline.cli import main; main()"]
