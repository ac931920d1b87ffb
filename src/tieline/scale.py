"""Coding on a Dask cluster: the same ingest, its batches analysed on Dask workers.

    tieline ingest news/ --dask local:2              # a LocalCluster of 2 worker processes here
    tieline ingest news/ --dask tcp://10.0.0.5:8786  # a running scheduler (`dask scheduler`)

The workers read the inputs (large JSON-lines and WARC files in byte ranges, CSV tables in chunks
of rows, small files several to a task: ``ingest/shards.py``) a few tasks ahead; the client (the
`tieline ingest` process) removes duplicates in input order, sends batches of articles to the
workers and writes what comes back, batch by batch and in input order, to the store it was given:
so any store works (DuckDB on the client's disk, or PostgreSQL), the result is the one of a serial
run, and a batch whose worker dies is computed again by another worker (Dask reschedules it) and
still written once.  Each worker loads the model and the knowledge base once, in a worker plugin,
and codes one batch at a time.  Needs ``pip install "tieline[dask]"``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, cast

if TYPE_CHECKING:
    from distributed import Client, LocalCluster

    from .api import Tieline

PLUGIN = "tieline"
# Dask settings for the workers of a cluster Tieline starts (docs/scale.md gives them for others):
# the statistical profiler samples every worker thread's stack each 10 ms, and the nanny's
# MALLOC_TRIM_THRESHOLD_ makes glibc hand memory back at every free -- spaCy allocates and frees
# all the time, so together they cost a coding worker a tenth or more of its time
WORKER_CONFIG: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}

try:  # the plugin's base, when Dask is installed (the [dask] extra)
    from distributed.diagnostics.plugin import WorkerPlugin as _PluginBase
except ImportError:  # pragma: no cover - without Dask --dask says what to install
    _PluginBase = object  # type: ignore[misc, assignment]  # the fallback base class when Dask is absent


class TielinePlugin(_PluginBase):
    """Builds one analyser per worker process (the model loads once, not per task)."""

    name = PLUGIN
    lock: threading.Lock
    analyser: Tieline | None

    def __init__(self, spec: tuple, spacy_cli: bool = True) -> None:
        """``spacy_cli`` False on the workers of a cluster Tieline starts (``--dask local``): its
        own processes, where spaCy loads without its command line (``NLP(spacy_cli=False)``);
        a cluster of one's own keeps spaCy's import as it is."""
        self.spec = spec
        self.spacy_cli = spacy_cli

    def setup(self, worker) -> None:
        from .api import Tieline
        from .nlp import NLP

        kb, lexicon, settings, model = self.spec
        self.lock = threading.Lock()
        self.analyser = Tieline(kb=kb, lexicon=lexicon, nlp=NLP(model, spacy_cli=self.spacy_cli), coder_settings=settings)

    def teardown(self, worker) -> None:
        self.analyser = None


def _on_worker(fn: Callable, items: list, kwargs: dict):
    from distributed import get_worker

    # distributed types its plugins as WorkerPlugin; the one registered under PLUGIN is ours
    plugin = cast(TielinePlugin, get_worker().plugins[PLUGIN])
    with plugin.lock:  # one batch at a time per worker, whatever its threads
        return fn(plugin.analyser, items, **kwargs)


class _Handle:
    """A Dask future with the interface of multiprocessing's AsyncResult (ready, get)."""

    def __init__(self, future) -> None:
        self.future = future

    def ready(self) -> bool:
        return self.future.done()

    def get(self):
        return self.future.result()


def parse_scheduler(spec: str) -> tuple[str, Any]:
    """ "local" / "local:N" -> ("local", N or None); "tcp://host:port" -> ("address", spec)."""
    s = spec.strip()
    if s == "local" or s.startswith("local:"):
        n = s.partition(":")[2]
        if n and (not n.isdigit() or int(n) < 1):
            raise ValueError(f"--dask {spec!r}: local:N needs a number of workers, e.g. local:2")
        return "local", int(n) if n else None
    if "://" in s or ":" in s:
        return "address", s if "://" in s else f"tcp://{s}"
    raise ValueError(f"--dask {spec!r}: give local, local:N or a scheduler address such as tcp://10.0.0.5:8786")


class DaskWorkers:
    """The pool ``pipeline.ingest`` codes on, backed by a Dask cluster."""

    client: Client | None
    cluster: LocalCluster | None

    def __init__(self, analyser, scheduler: str, on_start: Callable[[str], None] | None = None) -> None:
        try:
            from distributed import Client, LocalCluster  # noqa: F401
        except ImportError as e:
            raise RuntimeError('--dask needs Dask: pip install "tieline[dask]"') from e
        self.spec = analyser.worker_spec()
        self.scheduler = scheduler
        self.on_start = on_start
        self.client = self.cluster = None
        self.n = 1

    @property
    def started(self) -> bool:
        return self.client is not None

    def start(self) -> None:
        from distributed import Client, LocalCluster

        kind, arg = parse_scheduler(self.scheduler)
        if kind == "local":
            import os

            import dask

            with dask.config.set(WORKER_CONFIG):
                self.cluster = LocalCluster(
                    n_workers=arg or os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address="127.0.0.1:0",
                    silence_logs=50,
                )
            self.client = Client(self.cluster)
        else:
            self.client = Client(arg, timeout="30s")
        self.client.register_plugin(TielinePlugin(self.spec, spacy_cli=kind != "local"), name=PLUGIN)
        self.n = max(1, len(self.client.scheduler_info().get("workers", {})))
        if self.on_start:
            self.on_start(f"Dask: {self.n} workers, dashboard {self.client.dashboard_link}")

    def submit(self, arts: list, fn: Callable | None = None, **kwargs) -> _Handle:
        from .pipeline import analyse_batch

        # pure=False: the same batch sent twice is two tasks; retries: a task that raised on a
        # worker lost mid-way is tried again (a killed worker's tasks are rescheduled anyway)
        return _Handle(self._connected().submit(_on_worker, fn or analyse_batch, arts, kwargs, pure=False, retries=2))

    def read(self, shards: list, options) -> _Handle:
        """Read a task's shards on a worker (``ingest/shards.py``): a list of Parts."""
        from .ingest.shards import read_shards

        return _Handle(self._connected().submit(read_shards, shards, options, pure=False, retries=2))

    def _connected(self) -> Client:
        """The client, the cluster started on first use."""
        if self.client is None:
            self.start()
        assert self.client is not None  # start() connects the client
        return self.client

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None
