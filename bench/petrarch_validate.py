"""PETRARCH's validation suite through Tieline: import its dictionaries, tag its sentences, and
count the actor codes the suite expects that the tagger finds.

    python bench/petrarch_validate.py [--data DIR] [--misses] [--keep KB.yaml]

1. ``tieline actors import --format petrarch`` on ``PETR.Validate.actors.txt`` and
   ``PETR.Validate.agents.txt`` (``petrarch-unittests/`` under ``$TIELINE_DATA``, default
   ``../shared/data``) writes a knowledge-base file to a temporary folder.
2. ``TIELINE_KB=<that file> tieline tag`` reads every ``<Sentence>`` of
   ``PETR.UnitTest.records.xml`` as one JSONL line ``{"id", "text", "date"}`` (the record's date).
3. Each expected event's source and target code is compared by its first three letters with the
   first three letters of the codes of the actors tagged in that sentence.

Codes that name no actor are left out of the figure and counted apart: PETRARCH's null actor
(``---``, ``---GOV``: "a senior official" of nobody in particular), its discard code ``###`` and
quoted new-actor text (``"THE MINISTRY OF MAGIC"``).  The figure is given per expected code
(each source and target slot) and per distinct (sentence, code).  Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[1]
DICTS = ("PETR.Validate.actors.txt", "PETR.Validate.agents.txt")
RECORDS = "PETR.UnitTest.records.xml"
_CODE = re.compile(r"[A-Z0-9]{3}")


from _common import data_dir, tieline_cmd  # noqa: E402  (bench/ is the script's folder)


def read_records(path: pathlib.Path) -> list[dict]:
    """Every <Sentence>: id (made unique: the suite repeats a few), ISO date, text, expected codes."""
    out = []
    for n, s in enumerate(ET.parse(path).getroot().iter("Sentence")):
        d = s.get("date") or ""
        date = f"{d[:4]}-{d[4:6]}-{d[6:8]}" if re.fullmatch(r"\d{8}", d) else None
        text = " ".join((s.findtext("Text") or "").split())
        codes = [ev.get(k) for ev in s.findall("EventCoding") for k in ("sourcecode", "targetcode") if ev.get(k)]
        out.append({"id": f"{n}:{s.get('id')}", "date": date, "text": text, "codes": codes, "category": s.get("category")})
    return out


def score(records: list[dict], tagged: dict[str, list[dict]]) -> dict:
    slots = found = 0
    pairs = pairs_found = 0
    apart: Counter = Counter()
    misses = []
    for r in records:
        have = {(a.get("code") or "")[:3] for a in tagged.get(r["id"], [])} - {""}
        want_set = set()
        for c in r["codes"]:
            head = c[:3]
            if not _CODE.fullmatch(head) or not re.search(r"[A-Z]", head):
                apart[head if head in ("---", "###") else "quoted text"] += 1
                continue
            slots += 1
            found += head in have
            want_set.add(head)
        pairs += len(want_set)
        pairs_found += len(want_set & have)
        for head in sorted(want_set - have):
            misses.append({"id": r["id"], "date": r["date"], "want": head, "have": sorted(have), "text": r["text"]})
    return {
        "expected_codes": slots,
        "found": found,
        "share": round(found / slots, 4) if slots else None,
        "distinct_expected": pairs,
        "distinct_found": pairs_found,
        "distinct_share": round(pairs_found / pairs, 4) if pairs else None,
        "left_out": dict(apart),
        "misses": misses,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", help="shared data folder (default $TIELINE_DATA or ../shared/data)")
    ap.add_argument("--misses", action="store_true", help="list every expected code not found")
    ap.add_argument("--keep", help="also copy the imported knowledge base here")
    args = ap.parse_args(argv)
    suite = data_dir(args.data) / "petrarch-unittests"
    if not all((suite / f).exists() for f in DICTS + (RECORDS,)):
        print(f"skipped: {suite} does not hold {', '.join(DICTS + (RECORDS,))}")
        print(json.dumps({"bench": "petrarch_validate", "skipped": True}))
        return 0
    records = read_records(suite / RECORDS)
    with tempfile.TemporaryDirectory() as tmp:
        kb = pathlib.Path(tmp) / "petr-validate.yaml"
        imp = subprocess.run(
            tieline_cmd() + ["actors", "import", "--format", "petrarch", *[str(suite / f) for f in DICTS], "--out", str(kb)],
            capture_output=True,
            text=True,
        )
        if imp.returncode != 0:
            print(imp.stderr, file=sys.stderr)
            return imp.returncode
        not_expressed = imp.stderr.strip().splitlines()
        if args.keep:
            shutil.copy(kb, args.keep)
        stdin = "".join(json.dumps({"id": r["id"], "text": r["text"], "date": r["date"]}) + "\n" for r in records)
        env = dict(os.environ, TIELINE_KB=str(kb))
        tag = subprocess.run(tieline_cmd() + ["tag"], input=stdin, capture_output=True, text=True, env=env)
        if tag.returncode != 0:
            print(tag.stderr, file=sys.stderr)
            return tag.returncode
    tagged = {}
    for line in tag.stdout.splitlines():
        row = json.loads(line)
        tagged[row["id"]] = row["actors"]
    res = score(records, tagged)
    print(
        f"PETRARCH validation suite: {len(records)} sentences; dictionaries imported "
        f"({not_expressed[0] if not_expressed else ''})"
    )
    print(
        f"  expected source/target codes (first three letters): {res['expected_codes']}; "
        f"found {res['found']} = {res['share']:.1%}"
    )
    print(f"  distinct per sentence: {res['distinct_expected']}; found {res['distinct_found']} = {res['distinct_share']:.1%}")
    print(f"  left out (no actor code): {res['left_out']}")
    for m in res["misses"] if args.misses else res["misses"][:15]:
        print(f"  miss {m['want']} in {m['id']} ({m['date']}): have {m['have']}: {m['text'][:110]}")
    if not args.misses and len(res["misses"]) > 15:
        print(f"  ... {len(res['misses']) - 15} more (--misses)")
    summary = {k: v for k, v in res.items() if k != "misses"}
    summary["misses"] = len(res["misses"])
    print(json.dumps({"bench": "petrarch_validate", **summary}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
