#!/usr/bin/env python3
"""Convert the public CAMEO/PLOVER dictionaries (MIT / CC BY-SA, see NOTICE) into Tieline's own
event tables under src/tieline/events/data/.  A developer tool, run once when the source
dictionaries change; Tieline itself never reads ../shared at run time.

  python tools/build_event_tables.py ../shared/data/dicts

Writes:
  cameo_plover.tsv   CAMEO code -> PLOVER type, mode, context (CAMEO 02x appeals -> REQUEST)
  plover_scores.tsv  PLOVER type/mode -> -10..+10 score (the manual's "ACCUSE 3" read as -3)
  cameo_verbs.tsv    verb lemma (or phrasal verb) -> default CAMEO code, from the CAMEO verb
                     dictionary's verb blocks (patterns are not converted: Tieline's own
                     patterns.yaml handles frames)
"""

import pathlib
import re
import sys

src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/dicts")
out = pathlib.Path(__file__).resolve().parent.parent / "src/tieline/events/data"
out.mkdir(parents=True, exist_ok=True)

# 1. CAMEO -> PLOVER
rows = {}
for line in (src / "PLOVER/CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
    m = re.match(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?", line)
    if not m:
        continue
    code, typ, mode, ctx = m.group(1), m.group(2), (m.group(3) or "").strip(), (m.group(4) or "").strip()
    rows.setdefault(code, (typ, mode, ctx.replace(" ", "")))
labels = {}
for line in (src / "text_to_CAMEO/CAMEO_codefile.txt").read_text(encoding="utf-8").splitlines():
    m = re.match(r"LABEL:\s*(\d+)=\s*(.*)", line)
    if m:
        labels.setdefault(m.group(1), m.group(2).strip())
for code in labels:  # appeals are requests in PLOVER
    if code.startswith("02") and code not in rows:
        rows[code] = ("REQUEST", "", "")
with open(out / "cameo_plover.tsv", "w", encoding="utf-8") as f:
    f.write(
        "# CAMEO code -> PLOVER v2.0 type, mode, context. Converted from the PLOVER CAMEO2PLOVER table\n"
        "# (Open Event Data Alliance, CC BY-SA 4.0) and the CAMEO code list (MIT). See NOTICE.\n"
    )
    f.write("cameo\ttype\tmode\tcontext\tlabel\n")
    for code in sorted(rows):
        t, m_, c = rows[code]
        f.write(f"{code}\t{t}\t{m_}\t{c}\t{labels.get(code, '')}\n")

# 2. PLOVER scores
with open(out / "plover_scores.tsv", "w", encoding="utf-8") as f:
    f.write(
        "# PLOVER -10..+10 conflict-cooperation scores (PLOVER manual v2.0, table 2.2; CC BY-SA 4.0).\n"
        "# The manual prints ACCUSE 3; every ACCUSE mode is negative, so Tieline reads it as -3.\n"
    )
    f.write("type\tmode\tscore\n")
    for line in (src / "PLOVER/plover_scores_table2.2_v2.0.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("category"):
            continue
        t, m_, s = (line.split("\t") + ["", "", ""])[:3]
        if t == "ACCUSE" and not m_ and float(s) > 0:
            s = str(-float(s))
        f.write(f"{t}\t{m_}\t{s}\n")

# 3. verb lemmas -> CAMEO default code
verbs = {}
block = None
for line in (src / "petrarch2/CAMEO.verbpatterns.150430.txt").read_text(encoding="latin-1").splitlines():
    if line.startswith("---"):
        # a block header: "--- GRANT [060] ---"; headers such as "--- DEFEND ###" carry no code,
        # and their verbs must not inherit the previous block's code
        m = re.match(r"^---\s*(\S+)\s*\[([^\]]*)\]", line)
        block = m.group(2).split(":")[0].strip() if m else None
        continue
    if not line.strip() or line[0] in "#-&+~":
        continue
    m = re.match(r"^([A-Z][A-Z_]*)\s*(?:\{[^}]*\})?\s*(?:\[([^\]]*)\])?", line)
    if not m:
        continue
    word = m.group(1).strip("_").lower().replace("_", " ")
    code = (m.group(2) or block or "").split(":")[0].strip()
    if code in ("---", "") or not code.isdigit() or len(word) < 3:
        continue
    verbs.setdefault(word, code)
with open(out / "cameo_verbs.tsv", "w", encoding="utf-8") as f:
    f.write(
        "# Verb lemma -> default CAMEO code, from the verb blocks of the CAMEO verb dictionary\n"
        "# (PETRARCH2, Open Event Data Alliance, MIT). See NOTICE. Tieline's patterns.yaml overrides these.\n"
    )
    f.write("lemma\tcameo\n")
    for w in sorted(verbs):
        f.write(f"{w}\t{verbs[w]}\n")
print(f"cameo_plover {len(rows)}  verbs {len(verbs)}")
