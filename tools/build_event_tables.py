#!/usr/bin/env python3
"""Convert the public CAMEO/PLOVER dictionaries (MIT / CC BY-SA, see NOTICE) into Tieline's own
event tables under src/tieline/events/data/.  A developer tool, run once when the source
dictionaries change; Tieline itself never reads ../shared at run time.

  python tools/build_event_tables.py ../shared/data/dicts

Writes:
  cameo_plover.tsv   CAMEO code -> PLOVER type, mode, context (CAMEO 02x appeals -> REQUEST)
  plover_scores.tsv  PLOVER type/mode -> -10..+10 score (the manual's "ACCUSE 3" read as -3)
  cameo_verbs.tsv    verb lemma (or phrasal verb) -> default CAMEO code, from the CAMEO verb
                     dictionary's verb blocks
  cameo_frames.tsv   verb lemma + object noun -> CAMEO code, from the dictionary's simplest
                     verb+object patterns ("- * HEADQUARTERS [0874]" under ABANDON: "abandon
                     headquarters"); patterns with source/target slots, prepositions or words
                     before the verb are left out.  The coder uses them only for verbs that
                     patterns.yaml does not curate (docs/coder.md)
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
# 4. verb + object noun -> CAMEO code, from the simplest patterns
lines = (src / "petrarch2/CAMEO.verbpatterns.150430.txt").read_text(encoding="latin-1").splitlines()
synsets: dict[str, list[str]] = {}
current = None
for line in lines:
    if line.startswith("&"):
        current = line.split()[0]
        synsets[current] = []
    elif line.startswith("+") and current:
        synsets[current].append(line[1:].split()[0])
    elif not line.strip() or line.startswith("---"):
        current = None
PREPS = {"IN", "ON", "WITH", "TO", "AGAINST", "FOR", "FROM", "AT", "INTO", "OVER", "OF", "BY", "ABOUT", "TOWARD", "AS"}
frames: dict[tuple[str, str], str] = {}
for line in lines:
    if not line.startswith("- "):
        continue
    body, _, comment = line[2:].partition("#")
    cm = re.search(r"\[([0-9]{2,4})(?::[0-9]*)?\]", body)
    if not cm or cm.group(1).startswith("01"):
        continue  # no code ([---]: no event) or a statement, which PLOVER does not code
    toks = body[: cm.start()].split()
    if not toks or toks[0] != "*":
        continue  # words before the verb: a context the coder does not read this way
    words = []
    for t in toks[1:]:
        if t in ("+", "$", "%", "^") or t in PREPS or not re.match(r"^&?[A-Z][A-Z_-]*$", t):
            break
        words.append(t)
    if not words or len(words) > 3 or len(words) != len(toks) - 1:
        continue  # only "* [modifier] NOUN" with nothing after it
    heads = synsets.get(words[-1], [words[-1]]) if words[-1].startswith("&") else [words[-1]]
    named = [w.split("<")[0].strip().lower() for w in comment.split(",") if w.strip()[:1].isalpha()]
    # the verb the pattern was written for, as its comment names it ("# ABANDON <ab 10 Nov 2005>");
    # a block's other verbs often take the object in another sense ("declare a state" is no demand)
    for verb in [v for v in named if v.replace(" ", "").isalpha()]:
        for h in heads:
            obj = h.strip("_").lower().replace("_", " ").split()[-1]
            frames.setdefault((verb, obj), cm.group(1))
with open(out / "cameo_frames.tsv", "w", encoding="utf-8") as f:
    f.write(
        "# Verb lemma + object noun -> CAMEO code, from the verb+object patterns of the CAMEO verb dictionary\n"
        "# (PETRARCH2, Open Event Data Alliance, MIT). See NOTICE. Used for verbs patterns.yaml does not curate.\n"
    )
    f.write("lemma\tobject\tcameo\n")
    for (v, o), c in sorted(frames.items()):
        f.write(f"{v}\t{o}\t{c}\n")
print(f"cameo_plover {len(rows)}  verbs {len(verbs)}  frames {len(frames)}")
