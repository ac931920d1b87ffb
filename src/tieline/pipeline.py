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
    interrupted: bool = False

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
        failed: set[str] = set()
        if analyser is not None:   # one spaCy stream for the whole batch
            try:
                analyses = analyser.analyse_articles([a for a, _, _ in pending])
            except Exception:      # one article must not lose the batch: code them one by one
                analyses = []
                for art, _, _ in pending:
                    try:
                        analyses.extend(analyser.analyse_articles([art]))
                    except Exception as e:
                        failed.add(art.id)
                        analyses.append(None)
                        p = Problem(path=art.path or art.id, reason="coding-error", detail=f"{type(e).__name__}: {e}"[:2000])
                        rep.problems.append(p)
                        store.add_problem(p, rep.run_id)
            for k, an in enumerate(analyses):
                if an is not None:
                    pending[k] = (pending[k][0], an.events, an.mentions)
        new = seen = events = 0
        with store.transaction():
            for art, evs, ments in pending:
                # an article the coder failed on is stored uncoded, so nothing is lost
                if store.save_article(art, evs, ments, rep.run_id, coded=analyser is not None and art.id not in failed):
                    new += 1; events += len(evs)
                else:
                    seen += 1
            for aid, path in extra_sources:
                store.add_source(aid, path, rep.run_id)
        rep.new += new; rep.seen += seen; rep.events += events    # counted once the batch is committed
        pending.clear()
        extra_sources.clear()

    try:
        _read_all(paths, store, rep, options, progress, pending, extra_sources, flush)
    except KeyboardInterrupt:
        # the batch being written was rolled back; everything flushed before it is stored
        store.finish_run(rep.run_id, rep.inputs, rep.new, rep.seen, rep.events, len(rep.problems), status="interrupted")
        rep.interrupted = True
        raise IngestInterrupted(rep) from None
    store.finish_run(rep.run_id, rep.inputs, rep.new, rep.seen, rep.events, len(rep.problems))
    return rep


class IngestInterrupted(Exception):
    """Ctrl-C during a run; carries the report of what was stored before it."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__("interrupted")
        self.report = report


def _read_all(paths, store, rep, options, progress, pending, extra_sources, flush) -> None:
    from .ingest.encoding import clean_chars
    for path in paths:
        shown = clean_chars(path)     # a file name that is not UTF-8 is stored with U+FFFD in it
        if progress:
            progress(shown)
        try:
            articles = read_source(path, options)
        except IngestError as e:
            p = Problem(path=shown, reason=e.reason, detail=clean_chars(e.detail))
            rep.problems.append(p)
            store.add_problem(p, rep.run_id)
            continue
        except Exception as e:  # a reader bug must not lose the rest of the run
            p = Problem(path=shown, reason="error", detail=clean_chars(f"{type(e).__name__}: {e}"))
            rep.problems.append(p)
            store.add_problem(p, rep.run_id)
            continue
        store.clear_problem(shown)
        for p in getattr(articles, "skipped", []):      # bad records of a good file, one by one
            p = Problem(path=clean_chars(p.path), reason=p.reason, detail=clean_chars(p.detail))
            rep.problems.append(p)
            store.add_problem(p, rep.run_id)
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
