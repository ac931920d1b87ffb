"""Ingest: sources -> Articles -> analysis -> store, in transactional batches.

Bad inputs are reported with path and reason, kept in the quarantine table, and the run goes on;
each batch of articles is written in one transaction, so a crash leaves the database as it was
before that batch.  The same article (same content hash) is stored once, with every file it came
from recorded as a source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable

from .ingest import IngestError, ReadOptions, expand_inputs, read_source
from .records import Article, Problem
from .store import SQLStore

BATCH = 50


@dataclass
class IngestReport:
    run_id: int = 0
    inputs: int = 0
    new: int = 0
    seen: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"run_id": self.run_id, "inputs": self.inputs, "articles_new": self.new, "articles_seen": self.seen,
                "events": self.events, "problems": [p.to_dict() for p in self.problems]}


def ingest(store: SQLStore, inputs: Iterable[str], analyser=None, options: ReadOptions | None = None,
           progress: Callable[[str], None] | None = None, command: str = "ingest") -> IngestReport:
    """Read, code and store every input; ``analyser`` is a ``Tieline`` (None: store without coding)."""
    inputs = list(inputs)
    paths = list(expand_inputs(inputs))
    rep = IngestReport(inputs=len(paths))
    rep.run_id = store.begin_run(command, inputs)
    pending: list[tuple[Article, list, list]] = []
    extra_sources: list[tuple[str, str | None]] = []     # (article id, path) seen again within the batch

    def flush() -> None:
        if not pending:
            return
        if analyser is not None:   # one spaCy stream for the whole batch
            for k, an in enumerate(analyser.analyse_articles([a for a, _, _ in pending])):
                pending[k] = (pending[k][0], an.events, an.mentions)
        with store.transaction():
            for art, evs, ments in pending:
                if store.save_article(art, evs, ments, rep.run_id, coded=analyser is not None):
                    rep.new += 1; rep.events += len(evs)
                else:
                    rep.seen += 1
            for aid, path in extra_sources:
                store.add_source(aid, path, rep.run_id)
        pending.clear()
        extra_sources.clear()

    for path in paths:
        if progress:
            progress(path)
        try:
            articles = read_source(path, options)
        except IngestError as e:
            p = Problem(path=path, reason=e.reason, detail=e.detail)
            rep.problems.append(p)
            store.add_problem(p, rep.run_id)
            continue
        except Exception as e:  # a reader bug must not lose the rest of the run
            p = Problem(path=path, reason="error", detail=f"{type(e).__name__}: {e}")
            rep.problems.append(p)
            store.add_problem(p, rep.run_id)
            continue
        store.clear_problem(path)
        for art in articles:
            if any(a.id == art.id for a, _, _ in pending):
                extra_sources.append((art.id, art.path))
                rep.seen += 1
                continue
            if store.has_article(art.id):
                with store.transaction():
                    store.add_source(art.id, art.path, rep.run_id)
                rep.seen += 1
                continue
            pending.append((art, [], []))
            if len(pending) >= BATCH:
                flush()
    flush()
    store.finish_run(rep.run_id, rep.inputs, rep.new, rep.seen, rep.events, len(rep.problems))
    return rep
