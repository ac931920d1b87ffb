"""The actor mention set (tests/actors/fixtures/mention_set.jsonl) scored with a default Tieline().

    python bench/mention_set.py

Prints one JSON line: per category and overall, mentions, found, found_pct, sector_n, sector_ok,
sector_pct (scoring as in tests/actors/test_mention_set.py, whose ``score_mentions`` it uses),
plus the number of failures and the seconds taken.
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _scorer():
    spec = importlib.util.spec_from_file_location("mention_set_scorer", ROOT / "tests" / "actors" / "test_mention_set.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def main() -> None:
    from tieline.api import Tieline

    t0 = time.perf_counter()
    sc = _scorer()
    tl = Tieline()
    records = sc.load_records()
    res = sc.score_mentions(tl, records)
    out = {
        "bench": "mention_set",
        "texts": len(records),
        "overall": res["overall"],
        "categories": res["categories"],
        "failures": len(res["failures"]),
        "seconds": round(time.perf_counter() - t0, 2),
    }
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
