"""Ingest: sources -> Articles -> analysis -> store, in transactional batches.

Bad inputs are reported with path and reason, kept in the quarantine table, and the run goes on;
each batch of articles is written in one transaction, so a crash leaves the database as it was
before that batch.  The same article (same content hash) is stored once, with every file it came
from recorded as a source.
"""

from __future__ import annotations

from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from .ingest import IngestError, ReadOptions, expand_inputs, read_source
from .records import Article, Problem
from .store import SQLStore

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

BATCH = 25  # articles coded and committed together at most ...
# ... and characters: coding time follows text length, so a batch of long stories is cut early.
# Batches of even cost keep N workers busy to the end of a run (the last batch decides when the
# run ends); a cap near 2 s of coding leaves the scheduler's few milliseconds per task negligible.
BATCH_CHARS = 60_000


def batch_full(arts: list[Article]) -> bool:
    """Whether a batch of articles is complete (BATCH articles or BATCH_CHARS characters)."""
    return len(arts) >= BATCH or sum(len(a.body or "") for a in arts) >= BATCH_CHARS


@dataclass
class IngestReport:
    run_id: int = 0
    inputs: int = 0
    new: int = 0
    seen: int = 0
    events: int = 0
    copies: int = 0  # near copies of stories already stored: kept, linked, not coded again
    problems: list[Problem] = field(default_factory=list)
    interrupted: bool = False

    def to_dict(self) -> dict:
        return {
            "run_id": self.run_id,
            "inputs": self.inputs,
            "articles_new": self.new,
            "articles_seen": self.seen,
            "articles_copies": self.copies,
            "events": self.events,
            "problems": [p.to_dict() for p in self.problems],
        }


def analyse_batch(analyser, arts: list[Article]) -> list:
    """Analyses of one batch in one spaCy stream, in order; an article that makes the analysis
    fail gets the error text instead (the others are analysed one by one)."""
    try:
        return analyser.analyse_articles(arts)
    except Exception:  # one article must not lose the batch: code them one by one
        out: list = []
        for art in arts:
            try:
                out.extend(analyser.analyse_articles([art]))
            except Exception as e:
                out.append(f"{type(e).__name__}: {e}"[:2000])
        return out


class _Workers:
    """A pool of worker processes, each with its own model and analyser, forked from a fork
    server or spawned (``_start_context``; never a fork of this process, which may hold database
    threads), on first use or by ``start`` as soon as a run is known to need them."""

    pool: Pool | None

    def __init__(self, analyser, n: int) -> None:
        self.spec, self.n, self.pool = analyser.worker_spec(), n, None
        self._spec_file: _SpecFile | None = None
        self.method = ""  # how the running workers were started ("forkserver", "spawn")
        self._making: Any = None  # the thread that waits for the fork server to make the pool
        self._made: Any = None  # what it made: the pool, or the error

    def submit(self, arts: list[Article], fn: Callable | None = None, **kwargs):
        """Code ``arts`` in a worker (``fn(analyser, arts, **kwargs)``, default ``analyse_batch``)."""
        if not self.started:
            self.start()
        return self._ready().apply_async(_worker_run, (fn or analyse_batch, arts, kwargs))

    def start(self) -> None:
        """Start the worker processes (they load their models while this process goes on)."""
        if self.started:
            return
        import multiprocessing as mp
        import threading

        self._spec_file = _SpecFile(self.spec)
        start_fork_server(self.spec[3])  # already running when ingest started it early
        ctx = _start_context(mp)
        self.method = ctx.get_start_method()
        if self.method == "forkserver":
            # making the pool waits until the server has loaded the model (a second or two):
            # this process reads and checks articles meanwhile
            self._making = threading.Thread(target=self._make, args=(ctx,), name="tieline-workers", daemon=True)
            self._making.start()
        else:
            with _worker_environment(self.spec[3]):
                self.pool = ctx.Pool(self.n, initializer=_worker_init, initargs=(self._spec_file.path,))

    def _make(self, ctx) -> None:
        assert self._spec_file is not None
        try:
            self._made = ctx.Pool(self.n, initializer=_worker_init, initargs=(self._spec_file.path,))
        except BaseException as e:  # raised where the pool is first used
            self._made = e

    def _ready(self) -> Pool:
        """The pool, once made."""
        if self._making is not None:
            self._making.join()
            self._making, made, self._made = None, self._made, None
            if isinstance(made, BaseException):
                raise made
            self.pool = made
        assert self.pool is not None
        return self.pool

    @property
    def started(self) -> bool:
        return self.pool is not None or self._making is not None

    def close(self) -> None:
        if self._making is not None:
            try:
                self._ready()
            except Exception:  # it could not be made: nothing to stop
                pass
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None
        if self.method == "forkserver":
            _stop_fork_server()
        self.method = ""
        if self._spec_file is not None:
            self._spec_file.remove()
            self._spec_file = None


@contextmanager
def _worker_environment(model: str) -> Iterator[None]:
    """The environment a spawned worker or the fork server takes at its start: one BLAS thread
    (unless this process chose a number) and the model to load; this process's own environment
    is restored afterwards."""
    import os

    from .nlp.pipeline import ONE_BLAS_THREAD, WORKER_MODEL

    name, value = ONE_BLAS_THREAD
    settings = {name: os.environ.get(name, value), WORKER_MODEL: model}
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def start_fork_server(model: str) -> bool:
    """Start the fork server of the ``--workers`` processes, if the platform has one, and return
    at once: it imports spaCy and loads ``model`` in the background (``nlp/worker_imports.py``).
    ``tieline ingest`` calls it first thing for an input that will need workers, so the model
    is loading while the store opens; a pool started later forks from the same server.  False
    where workers are spawned instead."""
    import multiprocessing as mp
    from multiprocessing import forkserver

    if _start_context(mp).get_start_method() != "forkserver":  # (which sets its preload list)
        return False
    with _worker_environment(model):
        forkserver.ensure_running()
    return True


def needs_workers(paths: list, workers: int) -> bool:
    """Whether ``ingest`` will code its inputs in worker processes from the start: more than one
    worker and more than two batches of input on disk (``paths``: the inputs as ``expand_inputs``
    gives them; what is not a file counts nothing)."""
    return workers > 1 and _input_bytes(paths) > 2 * BATCH_CHARS


def _start_context(mp):
    """How worker processes start: forked from a fork server that imported spaCy and Tieline
    once (``nlp/worker_imports.py``), where the platform has one; else spawned, each importing
    them itself.  Never forked from this process, which may hold database threads."""
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["tieline.nlp.worker_imports"])
        return ctx
    return mp.get_context("spawn")


def _stop_fork_server() -> None:
    """Stop the fork server once its workers are gone, and wait for it: the workers' CPU time and
    memory then count as this process's children (``time``, ``wait4``, the benchmarks), as they
    do for spawned workers.  The next pool starts a new one."""
    import multiprocessing.forkserver as fs

    stop = getattr(fs._forkserver, "_stop", None)  # CPython's own way (its tests use it)
    if stop is not None:
        try:
            stop()
        except OSError:  # already gone
            pass


class _SpecFile:
    """The workers' spec (knowledge base, lexicon, settings: about 2 MB pickled), written once to
    a private temporary file that each worker reads.  Handed over as a start argument instead,
    it is pickled again for every worker and written down the pipe of a process that is still
    starting: the parent waited there, one worker after another (0.4 s each, measured), before
    it could read its first article.  Kept until the pool closes: a worker that dies is replaced
    and reads it again."""

    def __init__(self, spec: tuple) -> None:
        import os
        import pickle
        import tempfile

        fd, self.path = tempfile.mkstemp(prefix="tieline-workers-", suffix=".pickle")
        with os.fdopen(fd, "wb") as out:
            pickle.dump(spec, out, protocol=pickle.HIGHEST_PROTOCOL)

    def remove(self) -> None:
        import os

        try:
            os.unlink(self.path)
        except OSError:
            pass


class WorkerStartError(RuntimeError):
    """A worker process could not build its analyser (the model or the knowledge base failed to
    load there): no batch can be coded, so the run stops with the reason."""


_WORKER_ANALYSER = None  # one analyser per worker process, built by _worker_init
_WORKER_ERROR = ""  # why it could not be built


def _worker_init(spec_path: str) -> None:
    global _WORKER_ANALYSER, _WORKER_ERROR
    import pickle
    import sys

    from .api import Tieline
    from .nlp import NLP

    try:  # a process of Tieline's own: spaCy's CLI is never run here
        with open(spec_path, "rb") as src:
            kb, lexicon, settings, model = pickle.load(src)
        server = sys.modules.get("tieline.nlp.worker_imports")  # forked from the fork server
        nlp = server.loaded_model(model) if server is not None else None
        _WORKER_ANALYSER = Tieline(kb=kb, lexicon=lexicon, nlp=nlp or NLP(model, spacy_cli=False), coder_settings=settings)
    except Exception as e:  # raised here, the pool would start a new worker for ever: report it per batch
        _WORKER_ERROR = f"{type(e).__name__}: {e}"


def _worker_run(fn: Callable, items: list, kwargs: dict):
    if _WORKER_ANALYSER is None:
        raise WorkerStartError(f"a worker process could not load the model: {_WORKER_ERROR}")
    return fn(_WORKER_ANALYSER, items, **kwargs)


def map_ordered(analyser, fn: Callable, chunks: Iterable[list], workers: int = 1, **kwargs) -> Iterator[tuple[list, Any]]:
    """(chunk, fn(analyser, chunk, **kwargs)) for each chunk, in input order; with ``workers`` > 1
    the chunks are coded in worker processes, at most workers + 1 ahead of the one being read back
    (memory stays flat however long the input).  ``fn`` must be importable (it is pickled)."""
    if workers <= 1:
        for c in chunks:
            yield c, fn(analyser, c, **kwargs)
        return
    pool = _Workers(analyser, workers)
    out: deque = deque()
    try:
        for c in chunks:
            out.append((c, pool.submit(c, fn, **kwargs)))
            while len(out) > workers + 1 or (out and out[0][1].ready()):
                head, res = out.popleft()
                yield head, res.get()
        while out:
            head, res = out.popleft()
            yield head, res.get()
    finally:
        pool.close()


@dataclass
class _Unwritten:
    """Articles read in this run and not yet committed (waiting or being coded), or committed since
    the store was last asked: the store's answers cannot include them, so exact and near duplicates
    are looked up here too.  A committed article is forgotten at ``settle``, once the store has been
    asked again (``_read_all`` asks it once per chunk of articles)."""

    ids: set[str] = field(default_factory=set)
    near: Any = None
    written: list[Article] = field(default_factory=list)

    def forget(self, arts: list[Article]) -> None:
        self.written.extend(arts)

    def settle(self) -> None:
        for a in self.written:
            self.ids.discard(a.id)
            self.near.remove(a.id)
        self.written.clear()


def ingest(
    store: SQLStore,
    inputs: Iterable[str | tuple[str, Callable[[], list[Article]]]],
    analyser=None,
    options: ReadOptions | None = None,
    progress: Callable[[str], None] | None = None,
    command: str = "ingest",
    workers: int = 1,
    link_copies: bool = True,
    scheduler: str | None = None,
    notice: Callable[[str], None] | None = None,
    run_id: int | None = None,
) -> IngestReport:
    """Read, code and store every input; ``analyser`` is a ``Tieline`` (None: store without coding).

    ``workers`` > 1 codes batches in that many worker processes (each loads its own model) while
    this process reads ahead and writes the results in order as they come; the batches and their
    order are those of a serial run, so the stored result is the same.  An input of one batch is
    coded here (starting workers would cost more than it saves).  ``link_copies`` False codes near
    copies of stories already read as articles of their own (every report counted, as GDELT does).
    ``scheduler`` ("local", "local:N", "tcp://host:port") codes the batches on a Dask cluster
    instead (``scale.py``); ``notice`` hears where its dashboard is.  ``run_id``: a run the caller
    began and will finish (``tieline watch``: one run per poll, however many batches)."""
    from .ingest.near_duplicates import PendingIndex

    inputs = list(inputs)
    # a path, folder or glob; or (name, reader) for text that came from elsewhere (a fetched page)
    paths: list = []
    for x in inputs:
        paths.extend([x] if isinstance(x, tuple) else expand_inputs([x]))
    rep = IngestReport(inputs=len(paths))
    own_run = run_id is None
    rep.run_id = run_id if run_id is not None else store.begin_run(command, [x[0] if isinstance(x, tuple) else x for x in inputs])
    pending: list[tuple[Article, list, list]] = []
    extra_sources: list[tuple[str, str | None]] = []  # (article id, path) seen again before it was written
    unwritten = _Unwritten(near=PendingIndex())
    pool: Any = None
    if analyser is not None and scheduler:
        from .scale import DaskWorkers

        pool = DaskWorkers(analyser, scheduler, on_start=notice)
    elif analyser is not None and workers > 1:
        pool = _Workers(analyser, workers)
        if needs_workers(paths, workers):
            # more than one batch: the workers will be needed, and load their models (seconds)
            # while this process reads and checks the first articles
            pool.start()
    # batches in order: (articles, extra sources, result or AsyncResult or None while held back)
    queue: deque[list] = deque()

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
            # an article the coder failed on is stored uncoded, so nothing is lost
            flags = store.save_articles(
                [(art, evs, ments, analyser is not None and art.id not in failed) for art, evs, ments in batch], rep.run_id
            )
            for (_, evs, _), is_new in zip(batch, flags):
                if is_new:
                    new += 1
                    events += len(evs)
                else:
                    seen += 1
            for aid, path in extra:
                store.add_source(aid, path, rep.run_id)
        rep.new += new
        rep.seen += seen
        rep.events += events  # counted once the batch is committed
        unwritten.forget([a for a, _, _ in batch])

    def flush(final: bool = False) -> None:
        if pending or extra_sources:  # sources of articles already written go with the next write
            queue.append([list(pending), list(extra_sources), _HELD if pending else None])
            pending.clear()
            extra_sources.clear()
        if pool is not None and (len(queue) > 1 or pool.started):
            for item in queue:  # more than one batch: the workers code them
                if item[2] is _HELD:
                    item[2] = pool.submit([a for a, _, _ in item[0]])
        # write, in order, what is done; wait while more batches are out than the workers hold
        while queue:
            head = queue[0]
            if head[2] is _HELD:
                if pool is not None and not final:
                    break  # one batch may be the whole input: wait for the next
                head[2] = analyse_batch(analyser, [a for a, _, _ in head[0]]) if analyser is not None else None
            elif hasattr(head[2], "ready") and not head[2].ready() and not final and len(queue) <= pool.n + 1:
                break
            queue.popleft()
            write(head[0], head[2].get() if hasattr(head[2], "ready") else head[2], head[1])

    try:
        sources = _sources(paths, options, pool if hasattr(pool, "read") else None)
        _read_all(sources, store, rep, progress, pending, extra_sources, flush, unwritten, link_copies)
        flush(final=True)
    except KeyboardInterrupt:
        # the batch being written was rolled back; everything flushed before it is stored
        if own_run:
            store.finish_run(rep.run_id, rep.inputs, rep.new, rep.seen, rep.events, len(rep.problems), status="interrupted")
        rep.interrupted = True
        raise IngestInterrupted(rep) from None
    finally:
        if pool is not None:
            pool.close()
    if own_run:
        store.finish_run(rep.run_id, rep.inputs, rep.new, rep.seen, rep.events, len(rep.problems))
    if rep.events:
        from .ties.indexes import sort_tie_index

        sort_tie_index(store)  # the relation queries' index, kept in key order (DuckDB)
    return rep


_HELD = object()  # a batch not yet sent to be coded


def _input_bytes(paths: list) -> int:
    """The size of the input files on disk (what is not a file counts nothing)."""
    import os

    total = 0
    for x in paths:
        if not isinstance(x, tuple):
            try:
                total += os.path.getsize(x)
            except OSError:
                pass
    return total


class IngestInterrupted(Exception):
    """Ctrl-C during a run; carries the report of what was stored before it."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__("interrupted")
        self.report = report


def _sources(paths: list, options: ReadOptions | None, pool=None) -> Iterator[tuple[str, Callable[[], list[Article]]]]:
    """(path, reader) per input, in order.  With a Dask pool (``pool.read``) the inputs are read on
    its workers, in shards (``ingest/shards.py``), a few tasks ahead of the input being stored; an
    input a worker cannot find (no shared file system) or whose task failed is read here."""
    import functools

    options = options or ReadOptions()
    if pool is None:
        for x in paths:
            yield x if isinstance(x, tuple) else (x, functools.partial(read_source, x, options))
        return
    import os

    from .ingest.shards import group, merge, plan

    shards = {i: plan(x, options) for i, x in enumerate(paths) if not isinstance(x, tuple) and os.path.isfile(x)}
    tasks = group([sh for i in sorted(shards) for sh in shards[i]], options.shard_bytes)
    if len(tasks) < 2:  # one task: not worth a cluster of its own
        yield from _sources(paths, options)
        return
    task_of = {sh: k for k, t in enumerate(tasks) for sh in t}
    if not pool.started:
        pool.start()
    sent: dict[int, Any] = {}
    ahead = 2 * pool.n + 2

    def parts(i: int) -> list:
        need = sorted({task_of[sh] for sh in shards[i]})
        for k in range(need[0], min(len(tasks), need[-1] + ahead)):
            if k not in sent:
                sent[k] = pool.read(tasks[k], options)
        got = {p.shard: p for k in need for p in sent[k].get()}
        for k in [k for k in sent if k < need[0]]:
            del sent[k]  # read and handed on
        return [got[sh] for sh in shards[i]]

    def read(i: int, path: str) -> list[Article]:
        try:
            ps = parts(i)
        except Exception:  # the task failed on the cluster, retries spent: read it here
            return read_source(path, options)
        if any(p.error is not None and p.error.reason == "not-found" for p in ps) and os.path.isfile(path):
            return read_source(path, options)  # the workers do not see this file system
        return merge(path, ps, options)

    for i, x in enumerate(paths):
        if isinstance(x, tuple):
            yield x
        elif i in shards:
            yield x, functools.partial(read, i, x)
        else:
            yield x, functools.partial(read_source, x, options)


def _read_all(
    sources: Iterable[tuple[str, Callable[[], list[Article]]]],
    store,
    rep,
    progress,
    pending,
    extra_sources,
    flush,
    unwritten: _Unwritten,
    link_copies: bool = True,
) -> None:
    from .ingest.encoding import clean_chars

    for path, reader in sources:
        shown = clean_chars(path)  # a file name that is not UTF-8 is stored with U+FFFD in it
        if progress:
            progress(shown)
        try:
            articles = reader()
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
        for p in getattr(articles, "skipped", []):  # bad records of a good file, one by one
            p = Problem(path=clean_chars(p.path), reason=p.reason, detail=clean_chars(p.detail))
            rep.problems.append(p)
            store.add_problem(p, rep.run_id)
        for i in range(0, len(articles), LOOKUP):
            _check_chunk(articles[i : i + LOOKUP], store, rep, pending, extra_sources, flush, unwritten, link_copies)


LOOKUP = 200  # articles whose duplicates are looked up in the store together


def _check_chunk(chunk, store, rep, pending, extra_sources, flush, unwritten: _Unwritten, link_copies: bool) -> None:
    """Drop exact duplicates and link near copies among a chunk of articles, in order; queue the rest.

    The store is asked once for the whole chunk (each query costs milliseconds, and this loop is
    the serial part of every run); the run's own articles -- unwritten, or written while the chunk
    is checked -- are looked up in ``unwritten``."""
    from .ingest.near_duplicates import best_copy, fingerprint, shingles

    # every id is asked about: one written since the store was last asked leaves ``unwritten``
    # at ``settle`` below, and must then be found stored
    stored = store.stored_ids([a.id for a in chunk])
    fresh = [a for a in chunk if a.id not in unwritten.ids and a.id not in stored]
    for art in fresh:
        if art.fingerprint is None:  # not made where it was read (a Dask worker)
            art.fingerprint = fingerprint(art.body)
    originals = store.near_originals([k for a in fresh for k in a.fingerprint or ()]) if link_copies else {}
    unwritten.settle()  # what was written before the questions: the store answered for it
    for art in chunk:
        if art.id in unwritten.ids:
            extra_sources.append((art.id, art.path))
            rep.seen += 1
            continue
        if art.id in stored:
            with store.transaction():
                store.add_source(art.id, art.path, rep.run_id)
            rep.seen += 1
            continue
        if art.fingerprint and link_copies:
            # a syndicated or lightly edited copy of a story read before: kept and linked, not
            # coded.  Candidates: the stored originals and those not yet written, weighed together,
            # so the answer does not depend on how far the writing has got (workers or not)
            found = {aid: body for k in art.fingerprint for aid, body in originals.get(k, ())}
            cands = unwritten.near.candidates(art.fingerprint) + [(aid, shingles(found[aid] or "")) for aid in sorted(found)]
            original = best_copy(shingles(art.body), cands) if cands else None
            if original is not None:
                with store.transaction():
                    store.save_article(art, [], [], rep.run_id, coded=False, copy_of=original)
                stored.add(art.id)  # the same article again in this chunk is a duplicate
                rep.copies += 1
                continue
            unwritten.near.add(art.id, art.fingerprint, art.body)
        pending.append((art, [], []))
        unwritten.ids.add(art.id)
        if batch_full([a for a, _, _ in pending]):
            flush()
