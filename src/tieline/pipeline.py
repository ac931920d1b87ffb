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
    copies: int = 0          # near copies of stories already stored: kept, linked, not coded again
    problems: list[Problem] = field(default_factory=list)
    interrupted: bool = False

    def to_dict(self) -> dict:
        return {"run_id": self.run_id, "inputs": self.inputs, "articles_new": self.new, "articles_seen": self.seen,
                "articles_copies": self.copies, "events": self.events, "problems": [p.to_dict() for p in self.problems]}


def analyse_batch(analyser, arts: list[Article]) -> list:
    """Analyses of one batch in one spaCy stream, in order; an article that makes the analysis
    fail gets the error text instead (the others are analysed one by one)."""
    try:
        return analyser.analyse_articles(arts)
    except Exception:      # one article must not lose the batch: code them one by one
        out: list = []
        for art in arts:
            try:
                out.extend(analyser.analyse_articles([art]))
            except Exception as e:
                out.append(f"{type(e).__name__}: {e}"[:2000])
        return out


class _Workers:
    """A pool of worker processes, each with its own model and analyser, that analyses batches in
    order.  Started with "spawn" (no fork of a process holding database threads) on first use."""

    def __init__(self, analyser, n: int) -> None:
        self.spec, self.n, self.pool = analyser.worker_spec(), n, None

    def map(self, batches: list[list[Article]]) -> list[list]:
        if self.pool is None:
            import multiprocessing as mp
            self.pool = mp.get_context("spawn").Pool(self.n, initializer=_worker_init, initargs=(self.spec,))
        return self.pool.map(_worker_analyse, batches, chunksize=1)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


_WORKER_ANALYSER = None     # one analyser per worker process, built by _worker_init


def _worker_init(spec: tuple) -> None:
    global _WORKER_ANALYSER
    from .api import Tieline
    from .nlp import NLP
    kb, lexicon, settings, model = spec
    _WORKER_ANALYSER = Tieline(kb=kb, lexicon=lexicon, nlp=NLP(model), coder_settings=settings)


def _worker_analyse(arts: list[Article]) -> list:
    return analyse_batch(_WORKER_ANALYSER, arts)


def ingest(store: SQLStore, inputs: Iterable[str], analyser=None, options: ReadOptions | None = None,
           progress: Callable[[str], None] | None = None, command: str = "ingest", workers: int = 1) -> IngestReport:
    """Read, code and store every input; ``analyser`` is a ``Tieline`` (None: store without coding).

    ``workers`` > 1 codes batches in that many worker processes (each loads its own model) while
    this process reads and writes; the batches and their order are those of a serial run, so the
    stored result is the same.  Small inputs (under two batches) are coded here."""
    inputs = list(inputs)
    paths = list(expand_inputs(inputs))
    rep = IngestReport(inputs=len(paths))
    rep.run_id = store.begin_run(command, inputs)
    pending: list[tuple[Article, list, list]] = []
    extra_sources: list[tuple[str, str | None]] = []     # (article id, path) seen again within the batch
    pool = _Workers(analyser, workers) if analyser is not None and workers > 1 else None
    group = BATCH * (workers if pool else 1)

    def write(batch: list[tuple[Article, list, list]], results: list | None, extra: list) -> None:
        failed: set[str] = set()
        for k, an in enumerate(results or []):
            art = batch[k][0]
            if isinstance(an, str):
                failed.add(art.id)
                p = Problem(path=art.path or art.id, reason="coding-error", detail=an)
                rep.problems.append(p)
                store.add_problem(p, rep.run_id)
            else:
                batch[k] = (art, an.events, an.mentions)
        new = seen = events = 0
        with store.transaction():
            for art, evs, ments in batch:
                # an article the coder failed on is stored uncoded, so nothing is lost
                if store.save_article(art, evs, ments, rep.run_id, coded=analyser is not None and art.id not in failed):
                    new += 1; events += len(evs)
                else:
                    seen += 1
            for aid, path in extra:
                store.add_source(aid, path, rep.run_id)
        rep.new += new; rep.seen += seen; rep.events += events    # counted once the batch is committed

    def flush() -> None:
        if not pending:
            return
        batches = [pending[i:i + BATCH] for i in range(0, len(pending), BATCH)]
        arts = [[a for a, _, _ in b] for b in batches]
        if analyser is None:
            results: list = [None] * len(batches)
        elif pool is not None and len(batches) > 1:
            results = pool.map(arts)
        else:
            results = [analyse_batch(analyser, a) for a in arts]
        for i, (b, r) in enumerate(zip(batches, results)):
            write(list(b), r, extra_sources if i == len(batches) - 1 else [])
        pending.clear()
        extra_sources.clear()

    try:
        _read_all(paths, store, rep, options, progress, pending, extra_sources, flush, group)
    except KeyboardInterrupt:
        # the batch being written was rolled back; everything flushed before it is stored
        store.finish_run(rep.run_id, rep.inputs, rep.new, rep.seen, rep.events, len(rep.problems), status="interrupted")
        rep.interrupted = True
        raise IngestInterrupted(rep) from None
    finally:
        if pool is not None:
            pool.close()
    store.finish_run(rep.run_id, rep.inputs, rep.new, rep.seen, rep.events, len(rep.problems))
    return rep


class IngestInterrupted(Exception):
    """Ctrl-C during a run; carries the report of what was stored before it."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__("interrupted")
        self.report = report


def _read_all(paths, store, rep, options, progress, pending, extra_sources, flush, group: int = BATCH) -> None:
    from .ingest.encoding import clean_chars
    from .ingest.near_duplicates import PendingIndex, band_keys, best_copy, shingles
    pending_ids: set[str] = set()      # ids of ``pending``; emptied when flush() writes them
    pending_near = PendingIndex()      # their near-duplicate keys, likewise
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
            if art.id in pending_ids:
                extra_sources.append((art.id, art.path))
                rep.seen += 1
                continue
            if store.has_article(art.id):
                with store.transaction():
                    store.add_source(art.id, art.path, rep.run_id)
                rep.seen += 1
                continue
            sh = shingles(art.body)
            art.fingerprint = band_keys(sh)
            if art.fingerprint is not None:
                # a syndicated or lightly edited copy of a story read before: kept and linked, not coded
                original = pending_near.find(sh, art.fingerprint) or best_copy(
                    sh, ((aid, shingles(body or "")) for aid, body in store.near_candidates(art.fingerprint)))
                if original is not None:
                    with store.transaction():
                        store.save_article(art, [], [], rep.run_id, coded=False, copy_of=original)
                    rep.copies += 1
                    continue
                pending_near.add(art.id, sh, art.fingerprint)
            pending.append((art, [], []))
            pending_ids.add(art.id)
            if len(pending) >= group:
                flush()
                pending_ids.clear()
                pending_near.clear()
    flush()
