"""`tieline demo`: ingest the bundled demo corpus and show what a new user should see first."""

from __future__ import annotations

import pathlib
from typing import Any

CORPUS = pathlib.Path(__file__).parent / "corpus"
DYADS = [("Iran", "Hamas"), ("Iran", "Saudi Arabia"), ("Israel", "Hamas"), ("United States", "Iran"), ("Turkey", "Israel")]


def corpus_inputs() -> list[str]:
    return [str(CORPUS / d) for d in ("text", "html", "feeds", "dumps") if (CORPUS / d).exists()]


def run_demo(store, analyser, progress=None) -> dict[str, Any]:
    """Ingest the corpus (idempotent) and return counts, dyad series and the strongest partners."""
    from ..pipeline import ingest
    from ..ties import tie_report, top_partners, ensure_indexes

    rep = ingest(store, corpus_inputs(), analyser, progress=progress, command="demo")
    ensure_indexes(store)
    dyads = {f"{a}-{b}": tie_report(store, a, b, by="year") for a, b in DYADS}
    partners = {a: top_partners(store, a, n=3) for a in ("Iran", "Israel")}
    return {"ingest": rep.to_dict(), "stats": store.stats(), "dyads": dyads, "partners": partners}
