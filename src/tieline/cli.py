"""The `tieline` command: a thin layer that parses arguments, calls the package API and prints.

Heavy modules (spaCy, trafilatura) are imported inside the commands that need them, so that
`tieline --help` and `tieline extract` start fast.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from typing import TYPE_CHECKING, Callable, Iterator, List, Optional

import typer

from .records import MODALITIES, PLOVER_TYPES  # one definition, shared with the API and the web

if TYPE_CHECKING:
    from .records import Article

app = typer.Typer(
    help="Tieline: who did what to whom, when, according to whom, and how ties move.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # help texts name config tables and extras in brackets: "[scale]", "tieline[dask]"
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"tieline {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Tieline: who did what to whom, when, according to whom, and how ties move."""


def _fmt(default: str, *choices: str):
    """A --format option that accepts only ``choices`` (clear message, never a traceback)."""

    def check(value: str) -> str:
        if value.lower() not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
        return value.lower()

    return typer.Option(default, "--format", help="|".join(choices), callback=check)


def _day(value: Optional[str]) -> Optional[str]:
    """--since/--until: YYYY, YYYY-MM or YYYY-MM-DD, checked up front."""
    import datetime as _dt

    if value is None:
        return value
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value.strip())
    try:
        if not m:
            raise ValueError
        _dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value.strip()


SinceOpt = typer.Option(None, "--since", callback=_day, help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
UntilOpt = typer.Option(None, "--until", callback=_day, help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD).")

DbOpt = typer.Option(None, "--db", help="Database path or postgresql:// URL (default: $TIELINE_DB or ./tieline.duckdb).")


# Exit codes, the same for every command (docs/cli.md): 0 all went well; 1 an unexpected error
# (a bug: the traceback says where); 2 a usage error (bad option, missing database); 3 the run
# finished but some inputs or records were quarantined or skipped (each reported on stderr);
# 130 interrupted by Ctrl-C (what was stored before is kept and reported).
EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _print_jsonl(rows) -> None:
    for r in rows:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")


@app.command()
def extract(paths: List[str] = typer.Argument(..., help="Files (text dumps, HTML, .gz, feeds, WARC, JSONL/CSV).")):
    """Print one JSON object per input: the clean article and its metadata."""
    from .ingest import IngestError, read_source

    failed = 0
    for p in paths:
        try:
            arts = read_source(p)
        except IngestError as e:
            failed += 1
            typer.echo(f"tieline extract: {p}: {e}", err=True)
            _print_jsonl([{"path": p, "error": e.reason, "detail": e.detail, "body": ""}])
            continue
        if not arts:
            _print_jsonl([{"path": p, "body": ""}])
        for a in arts:
            d = a.to_dict()
            d["path"] = p if len(arts) == 1 else a.path
            _print_jsonl([d])
    raise typer.Exit(EXIT_PARTIAL if failed else EXIT_OK)


KbOpt = typer.Option(None, "--kb", help="Your own knowledge-base YAML, merged over the built-in one (also $TIELINE_KB).")


def _store(db: Optional[str], read_only: bool = False):
    from .store import StoreError, open_store, redact

    try:
        # a server with --reopen holds the file for a few ms per request: wait for a turn
        return open_store(db, read_only=read_only, wait=10.0)
    except StoreError as e:
        typer.echo(f"tieline: {e}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    except Exception as e:
        typer.echo(f"tieline: cannot open database {redact(db or '')}: {redact(str(e))}", err=True)
        raise typer.Exit(EXIT_USAGE) from None


def _tieline(kb: Optional[str] = None):
    """The analyser of the commands that code text; where it loads the model, spaCy's own CLI
    (a third of spaCy's import time) is left unimported."""
    from .api import Tieline

    return Tieline(kb_files=[kb] if kb else None, spacy_cli=False)


def _chunks(items, n: int):
    """Groups of ``n``: one spaCy stream per group, answers still in input order."""
    buf = []
    for x in items:
        buf.append(x)
        if len(buf) >= n:
            yield buf
            buf = []
    if buf:
        yield buf


_SURROGATE_OR_NUL = re.compile("[\ud800-\udfff\x00]")


def _read_jsonl_stdin():
    """Lines of {"id", "text", "date"?}; a bad line is reported and answered with no events."""
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        rec = None
        try:
            rec = json.loads(line)
            if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                raise ValueError("needs a JSON object with a 'text' string")
            # a lone surrogate or a NUL byte cannot be stored or parsed: one character each, so
            # offsets into the text stay those of the input
            rec["text"] = _SURROGATE_OR_NUL.sub(lambda m: "\ufffd" if m.group(0) != "\x00" else " ", rec["text"])
        except ValueError as e:
            typer.echo(f"tieline: stdin line {n}: {e}", err=True)
            # the answer keeps the record's id when it has one, so the caller knows which failed
            yield {"id": rec.get("id") if isinstance(rec, dict) else None, "text": "", "_error": str(e)}
            continue
        yield rec


WorkersOpt = typer.Option(
    1,
    "--workers",
    min=1,
    help="Processes that code in parallel (each loads the model; worth it for thousands of lines). Same output, same order.",
)


@app.command()
def code(
    kb: Optional[str] = KbOpt,
    explain: bool = typer.Option(
        False,
        "--explain",
        help="Add to each event why it exists: trigger, "
        "lexicon entry, how each actor was found, modality cues, confidence factors; "
        "and list the candidates not emitted, with the reason ('rejected').",
    ),
    workers: int = WorkersOpt,
):
    """Code events: JSONL {"id","text","date"?} on stdin -> {"id","events":[...]} per line."""
    from .pipeline import map_ordered

    tl = _tieline(kb)
    bad = 0
    with _worker_failures("code"):
        for _, (chunk, analyses) in map_ordered(
            tl, _analyse_records, _chunks(_read_jsonl_stdin(), 32), workers, parse_all=False, code=True, explain=explain
        ):
            for r, an in zip(chunk, analyses):
                if an is None:
                    bad += 1
                    _print_jsonl([{"id": r.get("id"), "events": [], "error": r.get("_error")}])
                    continue
                _print_jsonl(
                    [
                        {
                            "id": r.get("id"),
                            "events": [e.explained() if explain else e.to_dict() for e in an.events],
                            **({"rejected": an.rejected} if explain else {}),
                        }
                    ]
                )
            sys.stdout.flush()
    raise typer.Exit(EXIT_PARTIAL if bad else EXIT_OK)


def _analyse_records(tl, chunk: list[dict], **kwargs) -> tuple[list[dict], list]:
    """The chunk as annotated (``_error``, dates dropped) and its analyses: run in a worker process,
    the annotations must travel back with the answers."""
    return chunk, _analyse_chunk(tl, chunk, **kwargs)


def _analyse_chunk(tl, chunk: list[dict], parse_all: bool, code: bool, explain: bool = False) -> list:
    """Analyses of a chunk of stdin records, in order; a record that is bad or makes the analysis
    fail gets None (and ``_error``), and the others are still answered."""
    from .events.dates import parse_published

    good = []
    for r in chunk:
        if "_error" in r:
            continue
        d = r.get("date")
        if d is not None and (not isinstance(d, str) or parse_published(d) is None):
            typer.echo(f"tieline: record {r.get('id')!r}: date {d!r} is not a valid YYYY-MM-DD date; coded without it", err=True)
            r["date"] = None
        good.append(r)

    def items(rs):
        return [(r["text"], r.get("date"), None if not code else str(r.get("id"))) for r in rs]

    try:
        done = dict(zip(map(id, good), tl.analyse_many(items(good), parse_all=parse_all, code=code, explain=explain)))
    except Exception:
        done = {}
        for r in good:
            try:
                done[id(r)] = tl.analyse_many(items([r]), parse_all=parse_all, code=code, explain=explain)[0]
            except Exception as e:
                r["_error"] = f"{type(e).__name__}: {e}"
                typer.echo(f"tieline: record {r.get('id')!r}: {r['_error']}", err=True)
    return [done.get(id(r)) for r in chunk]


@app.command()
def tag(kb: Optional[str] = KbOpt, workers: int = WorkersOpt):
    """Tag actors: JSONL {"id","text","date"?} on stdin -> {"id","actors":[...]} per line."""
    from .pipeline import map_ordered

    tl = _tieline(kb)
    bad = 0
    with _worker_failures("tag"):
        for _, (chunk, analyses) in map_ordered(
            tl, _analyse_records, _chunks(_read_jsonl_stdin(), 32), workers, parse_all=True, code=False
        ):
            for r, an in zip(chunk, analyses):
                bad += an is None
                _print_jsonl(
                    [
                        {
                            "id": r.get("id"),
                            "actors": [a.to_dict() for a in an.mentions] if an else [],
                            **({"error": r.get("_error")} if an is None else {}),
                        }
                    ]
                )
            sys.stdout.flush()
    raise typer.Exit(EXIT_PARTIAL if bad else EXIT_OK)


@contextlib.contextmanager
def _worker_failures(command: str, close: Callable[[], None] | None = None) -> Iterator[None]:
    """A worker process that cannot load the model stops the command with the reason, not with a
    traceback; what was written before it stands (``close``: the store it was written to)."""
    from .pipeline import WorkerStartError

    try:
        yield
    except WorkerStartError as e:
        sys.stdout.flush()
        typer.echo(f"tieline {command}: {e} (what was written before it is kept)", err=True)
        if close is not None:
            close()
        raise typer.Exit(EXIT_ERROR) from None


def _bytes_option(flag: str, what: str, default: str, key: str):
    """A ReadOptions size in bytes, also set under [ingest] in tieline.toml."""
    return typer.Option(None, flag, min=1, help=f"{what} (default {default}; also [ingest] {key} in tieline.toml).")


@app.command()
def ingest(
    inputs: List[str] = typer.Argument(
        ..., help="Files, folders (recursive), globs, or http(s) URLs of pages and feeds (fetched politely; robots.txt obeyed)."
    ),
    db: Optional[str] = DbOpt,
    kb: Optional[str] = KbOpt,
    no_code: bool = typer.Option(False, "--no-code", help="Store articles without coding events."),
    max_bytes: Optional[int] = _bytes_option(
        "--max-bytes", "Largest input file (and uncompressed size) read, in bytes", "50,000,000", "max_bytes"
    ),
    shard_bytes: Optional[int] = _bytes_option(
        "--shard-bytes",
        "With --dask: bytes of a large JSON-lines, WARC or CSV file one worker task reads",
        "4,000,000",
        "shard_bytes",
    ),
    text_field: Optional[List[str]] = typer.Option(
        None, "--text-field", help="JSONL/CSV field holding the text (repeatable; tried first)."
    ),
    date_field: Optional[List[str]] = typer.Option(None, "--date-field", help="JSONL/CSV field holding the date."),
    title_field: Optional[List[str]] = typer.Option(None, "--title-field", help="JSONL/CSV field holding the title."),
    url_field: Optional[List[str]] = typer.Option(None, "--url-field", help="JSONL/CSV field holding the URL."),
    workers: Optional[int] = typer.Option(
        None,
        "--workers",
        min=1,
        help="Processes that code in parallel (default: the machine's cores; "
        "an input of one batch, up to 25 articles, is coded in one). Same result as 1.",
    ),
    allow_private: bool = typer.Option(False, "--allow-private", help="Also fetch URLs on loopback and private addresses."),
    dask: Optional[str] = typer.Option(
        None,
        "--dask",
        envvar="TIELINE_SCHEDULER",
        help="Code on a Dask cluster: local, local:N (a cluster of N "
        "processes here) or a scheduler address tcp://HOST:PORT "
        "(also $TIELINE_SCHEDULER, [scale] scheduler in tieline.toml). "
        'Needs pip install "tieline[dask]".',
    ),
    keep_copies: bool = typer.Option(
        False,
        "--keep-copies",
        help="Code near copies of stories already stored (syndicated, lightly "
        "edited) as articles of their own instead of linking them.",
    ),
    parquet: Optional[str] = typer.Option(
        None,
        "--parquet",
        help="Also write this run's rows as Parquet parts under this folder "
        "(one sub-folder per table), for `tieline load` into another store.",
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
):
    """Store articles and their events; running it twice on the same input changes nothing."""
    from rich.console import Console
    from rich.progress import Progress
    from .pipeline import ingest as run_ingest
    from .ingest import ReadOptions, expand_inputs
    from .config import load_config

    try:
        options = ReadOptions.from_config(
            load_config().get("ingest"),
            max_bytes=max_bytes,
            shard_bytes=shard_bytes,
            text_fields=text_field,
            date_fields=date_field,
            title_fields=title_field,
            url_fields=url_field,
        )
    except (ValueError, TypeError) as e:
        typer.echo(f"tieline ingest: {e}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    urls = [x for x in inputs if x.startswith(("http://", "https://"))]
    # the inputs, a fetched URL as (url, reader of the fetched answer)
    to_read: list[str | tuple[str, Callable[[], list[Article]]]] = list(inputs)
    if urls:
        from .live.fetch import FetchSettings
        from .live.watch import fetch_inputs

        try:
            fetch = FetchSettings.from_config(load_config().get("live"), allow_private=allow_private or None)
        except (ValueError, TypeError) as e:
            typer.echo(f"tieline ingest: {e}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        fetched = dict(fetch_inputs(urls, fetch, options))
        to_read = [(x, fetched[x]) if x in fetched else x for x in inputs]
    scheduler = dask or (load_config().get("scale") or {}).get("scheduler")
    if scheduler and not no_code:
        from .scale import parse_scheduler

        try:
            parse_scheduler(scheduler)
            import distributed  # noqa: F401
        except ValueError as e:
            typer.echo(f"tieline ingest: {e}", err=True)
            raise typer.Exit(EXIT_USAGE) from None
        except ImportError:
            typer.echo('tieline ingest: --dask needs Dask: pip install "tieline[dask]"', err=True)
            raise typer.Exit(EXIT_USAGE) from None
    import os

    from .pipeline import IngestInterrupted, needs_workers, start_fork_server

    local = list(expand_inputs([x for x in to_read if not isinstance(x, tuple)]))
    if not no_code and not scheduler and needs_workers(local, workers or os.cpu_count() or 1):
        from .nlp.pipeline import MODEL

        start_fork_server(MODEL)  # the workers' model loads while the store opens
    store = _store(db)
    tl = None if no_code else _tieline(kb)
    err = Console(stderr=True)
    total = len(urls) + len(local)

    try:
        with _worker_failures("ingest", store.close), Progress(console=err, disable=quiet or total < 2, transient=True) as prog:
            task = prog.add_task("ingest", total=total)
            rep = run_ingest(
                store,
                to_read,
                tl,
                options=options,
                workers=workers or os.cpu_count() or 1,
                link_copies=not keep_copies,
                scheduler=scheduler if not no_code else None,
                notice=lambda m: err.print(m) if not quiet else None,
                progress=lambda p: prog.update(task, advance=1, description=p[-40:]),
            )
    except (OSError, TimeoutError) as e:
        if not scheduler:
            raise
        typer.echo(f"tieline ingest: cannot use the Dask scheduler {scheduler}: {e}", err=True)
        store.close()
        raise typer.Exit(EXIT_USAGE) from None
    except IngestInterrupted as stop:
        r = stop.report
        err.print(
            f"[red]interrupted[/]: run {r.run_id} stored {r.new} new articles and {r.events} events before "
            f"Ctrl-C (the batch in progress was rolled back); run the same command again to finish"
        )
        store.close()
        raise typer.Exit(EXIT_INTERRUPTED) from None
    for p in rep.problems:
        err.print(f"[yellow]quarantined[/] {p.path}: {p.reason} {p.detail[:200]}")
    if not quiet:
        err.print(
            f"run {rep.run_id}: {rep.inputs} inputs, {rep.new} new articles, {rep.seen} already stored, "
            f"{rep.copies} near copies linked, {rep.events} events, {len(rep.problems)} problems"
        )
    if parquet:
        from .store.parquet import dump

        n = dump(store, parquet, run_id=rep.run_id)
        if not quiet:
            err.print(f"run {rep.run_id} written to {parquet}: {n['articles']} articles, {n['events']} events")
    store.close()
    raise typer.Exit(EXIT_PARTIAL if rep.problems else EXIT_OK)


@app.command()
def load(
    folder: str = typer.Argument(
        ..., help="A folder of Parquet parts (written by `tieline ingest --parquet` or `tieline dump`)."
    ),
    db: Optional[str] = DbOpt,
    quiet: bool = typer.Option(False, "--quiet", "-q"),
):
    """Bring Parquet parts into a store: what it has already (same article or event) is skipped."""
    import os

    from .store.parquet import load as load_parts

    if not os.path.isdir(folder):
        typer.echo(f"tieline load: {folder} is not a folder", err=True)
        raise typer.Exit(EXIT_USAGE)
    store = _store(db)
    run = store.begin_run("load", [folder])
    n = load_parts(store, folder)
    store.finish_run(run, 1, n["articles"], 0, n["events"], 0)
    if not quiet:
        typer.echo(
            f"run {run}: loaded {n['articles']} new articles, {n['events']} events, {n['mentions']} mentions from {folder}"
        )
    store.close()


@app.command()
def dump(
    folder: str = typer.Argument(..., help="Folder to write the Parquet parts to (one sub-folder per table)."),
    db: Optional[str] = DbOpt,
    run: Optional[int] = typer.Option(None, "--run", help="Only the rows of this ingest run (default: the whole store)."),
):
    """Write a store's articles, events, actors and mentions as Parquet parts for `tieline load`."""
    from .store.parquet import dump as dump_parts

    store = _store(db, read_only=True)
    n = dump_parts(store, folder, run_id=run)
    typer.echo(f"wrote {n['articles']} articles, {n['events']} events, {n['mentions']} mentions to {folder}")
    store.close()


@app.command()
def articles(
    search: Optional[str] = typer.Argument(None, help="Words in title or body."),
    show: Optional[str] = typer.Option(None, "--show", help="Show one article (id or id prefix)."),
    limit: int = typer.Option(20, "--limit", min=1),
    fmt: str = _fmt("table", "table", "json", "jsonl", "csv"),
    db: Optional[str] = DbOpt,
):
    """List, search or show stored articles."""
    store = _store(db, read_only=True)
    if show:
        a = store.article(show)
        if not a:
            typer.echo(f"no article {show}", err=True)
            raise typer.Exit(1)
        if fmt == "json":
            typer.echo(json.dumps(a, ensure_ascii=False, indent=1, default=str))
            return
        from .views import print_article

        print_article(a)
        return
    rows = store.articles(search, limit=limit)
    from .views import print_rows

    print_rows(rows, fmt, title="articles")


@app.command()
def stats(db: Optional[str] = DbOpt, fmt: str = _fmt("table", "table", "json")):
    """Counts: articles, sources, events by type, mentions, quarantine, runs."""
    store = _store(db, read_only=True)
    st = store.stats()
    if fmt == "json":
        typer.echo(json.dumps(st, default=str, indent=1))
        return
    from .views import print_stats

    print_stats(st, store.runs(5))


@app.command()
def watch(
    sources: List[str] = typer.Argument(
        ..., help="Feed or sitemap URLs (Google News sitemaps too), article URLs, or files listing one URL per line."
    ),
    db: Optional[str] = DbOpt,
    kb: Optional[str] = KbOpt,
    every: str = typer.Option("15m", "--every", help="How often each source is polled (90s, 15m, 1h)."),
    once: bool = typer.Option(False, "--once", help="Poll every source once, fetch what is new, and stop."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Also fetch URLs on loopback and private addresses."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes that code in parallel."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
):
    """Follow sources: poll them, fetch the articles they list that are new, code and store them.
    Ctrl-C stops after the batch being stored; run it again to go on where it stopped."""
    import signal
    import time as _time
    from rich.console import Console
    from .config import load_config
    from .live import FetchSettings, parse_every, poll, read_source_options

    err = Console(stderr=True)
    try:
        period = parse_every(every)
        opts = read_source_options(sources)
        urls = list(opts)
        periods = {u: o.get("every", period) for u, o in opts.items()}
        settings = FetchSettings.from_config(load_config().get("live"), allow_private=allow_private or None)
    except (ValueError, TypeError, OSError) as e:
        typer.echo(f"tieline watch: {e}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    store = _store(db)
    tl = _tieline(kb)
    stopping = {"flag": False}

    def on_sigint(signum, frame):
        if stopping["flag"]:
            raise KeyboardInterrupt  # a second Ctrl-C: stop now (the batch is rolled back)
        stopping["flag"] = True
        err.print("[yellow]stopping after the batch being stored (Ctrl-C again to stop now)[/]")

    old = signal.signal(signal.SIGINT, on_sigint)
    total = 0
    try:
        while True:
            rep = poll(store, tl, urls, settings, every=periods, stop=lambda: stopping["flag"], workers=workers, force=once)
            total += rep.articles
            for p in rep.problems:
                err.print(f"[yellow]problem[/] {p.path}: {p.reason} {p.detail[:200]}")
            if not quiet:
                err.print(
                    f"poll: {rep.sources} sources ({rep.not_modified} unchanged), {rep.discovered} new URLs, "
                    f"{rep.fetched} pages fetched, {rep.articles} new articles, {rep.events} events, "
                    f"{rep.blocked} blocked by robots.txt, {rep.failed} failed"
                )
            if once or stopping["flag"]:
                break
            nxt = [
                r["next_poll"]
                for r in store.query_dicts("SELECT source, next_poll FROM sources")
                if r["next_poll"] and r["source"] in periods
            ]
            wait = period
            if nxt:
                import datetime as _dt

                wait = max(1.0, (_dt.datetime.fromisoformat(min(nxt)) - _dt.datetime.now(_dt.timezone.utc)).total_seconds())
            end = _time.monotonic() + wait
            while _time.monotonic() < end and not stopping["flag"]:
                _time.sleep(min(1.0, end - _time.monotonic()))
            if stopping["flag"]:
                break
    except KeyboardInterrupt:
        stopping["flag"] = True
    finally:
        signal.signal(signal.SIGINT, old)
        store.close()
    if stopping["flag"]:
        err.print(f"stopped: {total} new articles stored; the frontier keeps the rest for the next run")
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_OK)


@app.command("sources")
def sources_cmd(db: Optional[str] = DbOpt, fmt: str = _fmt("table", "table", "json", "jsonl", "csv")):
    """The sources `tieline watch` follows: last success and error, articles found, next poll."""
    store = _store(db, read_only=True)
    from .live import list_sources
    from .views import print_rows
    from .store.schema import MIGRATIONS

    if store.schema_version() < 5 <= max(v for v, _, _ in MIGRATIONS):
        rows: list = []  # a database from before `tieline watch` (it adds the tables)
    else:
        rows = list_sources(store)
    print_rows(rows, fmt, title="sources")


@app.command()
def quarantine(
    db: Optional[str] = DbOpt,
    fmt: str = _fmt("table", "table", "json", "jsonl", "csv"),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Show at most N (default: all)."),
):
    """Inputs that could not be read, with the reason."""
    store = _store(db, read_only=True)
    from .views import print_rows

    rows = store.problems(limit=limit)
    total = store.stats().get("quarantined", len(rows)) if limit else len(rows)
    print_rows(rows, fmt, title=f"quarantine ({len(rows)} of {total})" if limit and total > len(rows) else "quarantine")


def _plover_types(values):
    if not values:
        return values
    bad = [v for v in values if v.upper() not in PLOVER_TYPES]
    if bad:
        raise typer.BadParameter(f"{', '.join(bad)}: not a PLOVER type ({', '.join(PLOVER_TYPES)})")
    return [v.upper() for v in values]


def _modality(value):
    if value is not None and value.lower() not in MODALITIES:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(MODALITIES)}")
    return value.lower() if value else value


def _unknown_actor_hint(kb, name: str) -> None:
    """An actor name the knowledge base does not know: say so, with the nearest names, since the
    query can then only match mentions spelled exactly so."""
    from rapidfuzz import fuzz, process, utils

    names = {n: e for e in kb.entries.values() for n in [e.name] + list(e.names)[:5]}
    near = process.extract(name, list(names), scorer=fuzz.WRatio, processor=utils.default_process, limit=3, score_cutoff=70)
    hint = "; did you mean " + ", ".join(f"{n!r}" for n, _, _ in near) + "?" if near else ""
    typer.echo(
        f"tieline: {name!r} is not in the knowledge base: only events whose actor is spelled exactly so are shown{hint}", err=True
    )


def _country_code(kb, name: str) -> str:
    """An ISO alpha-3 code from a code or a country name the knowledge base knows."""
    if len(name) == 3 and name.isalpha():
        return name.upper()
    codes = [c for c in kb.resolve_key(name)["codes"] if len(c) == 3]
    if not codes:
        typer.echo(f"--country: no country called {name!r} (give a name or an ISO alpha-3 code)", err=True)
        raise typer.Exit(2)
    return codes[0]


def _near(value: str) -> tuple[float, float, float]:
    try:
        lat, lon, km = (float(x) for x in value.split(","))
    except ValueError:
        typer.echo(f"--near: expected LAT,LON,KM, got {value!r}", err=True)
        raise typer.Exit(2) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and km > 0):
        typer.echo(f"--near: {value!r} is not a point on Earth and a positive distance", err=True)
        raise typer.Exit(2)
    return lat, lon, km


@app.command()
def events(
    actor: Optional[List[str]] = typer.Option(None, "--actor", help="Actor name, alias or code (repeatable)."),
    dyad: Optional[List[str]] = typer.Option(None, "--dyad", help="Two actors: --dyad Iran --dyad Hamas"),
    type_: Optional[List[str]] = typer.Option(
        None, "--type", callback=lambda v: _plover_types(v), help="PLOVER event type (repeatable): AGREE, ACCUSE, ASSAULT ..."
    ),
    modality: Optional[str] = typer.Option(
        None, "--modality", callback=lambda v: _modality(v), help="asserted|reported|alleged|intended|hypothetical|negated"
    ),
    since: Optional[str] = SinceOpt,
    until: Optional[str] = UntilOpt,
    limit: Optional[int] = typer.Option(None, "--limit", min=1),
    country: Optional[str] = typer.Option(
        None, "--country", help="Only events that happened in this country (name or ISO alpha-3)."
    ),
    near: Optional[str] = typer.Option(
        None, "--near", help="Only events placed within KM of a point: LAT,LON,KM (e.g. --near 50.45,30.52,100)."
    ),
    every_report: bool = typer.Option(
        False, "--every-report", help="With --dyad: also the reports merged into each counted event."
    ),
    min_confidence: float = typer.Option(
        0.4, "--min-confidence", help="With --dyad: count only events whose confidence reaches this."
    ),
    fmt: str = _fmt("table", "table", "json", "jsonl", "csv"),
    db: Optional[str] = DbOpt,
):
    """Stored events, filtered.  With --dyad: the events `tieline ties` counts for the pair."""
    from .store import EventFilter
    from .actors.kb import load_kb

    if dyad and len(dyad) != 2:
        typer.echo("--dyad needs exactly two actors: --dyad A --dyad B", err=True)
        raise typer.Exit(2)
    store = _store(db, read_only=True)
    kb = load_kb()

    def keys(name):
        k = kb.resolve_key(name)
        if not (k["codes"] or k["actor_ids"]):
            _unknown_actor_hint(kb, name)
        return k["codes"] + k["actor_ids"] + k["entities"]

    reports: dict[str, int] | None = None
    if dyad:
        from .ties import Weights, dyad_events

        for name in dyad:
            keys(name)  # the hint for a name the base does not know
        reports = dyad_events(
            store,
            dyad[0],
            dyad[1],
            since=since,
            until=until,
            every_report=every_report,
            weights=Weights(count_threshold=min_confidence),
        )
    f = EventFilter(
        actor=[x for a in actor for x in keys(a)] if actor else None,
        event_ids=list(reports) if reports is not None else None,
        types=type_ or None,
        modality=modality,
        since=since,
        until=until,
        limit=limit,
        place_country=_country_code(kb, country) if country else None,
        near=_near(near) if near else None,
    )
    evs = [e.to_dict() for e in store.events(f)]
    if reports is not None:
        for e in evs:
            e["reports"] = reports.get(e["event_id"], 1)
        if not fmt.startswith("json") and fmt != "csv":
            assert dyad is not None  # reports are counted only with --dyad
            typer.echo(
                f"{len(evs)} events between {dyad[0]} and {dyad[1]} as `tieline ties` counts them "
                f"(confidence >= {min_confidence:g}, one per type and date)",
                err=True,
            )
    from .views import print_events

    print_events(evs, fmt)


@app.command()
def ties(
    a: str = typer.Argument(..., help='Actor name, alias or code ("Iran", "IRN", "Hamas").'),
    b: Optional[str] = typer.Argument(None, help="The other actor; leave out with --top."),
    by: str = typer.Option("year", "--by", help="week|month|quarter|year"),
    directed: bool = typer.Option(False, "--directed", help="Only events from A to B."),
    by_published: bool = typer.Option(False, "--by-published", help="Date events by publication, not occurrence."),
    period: Optional[str] = typer.Option(None, "--period", help="Label this period instead of the latest."),
    top: Optional[int] = typer.Option(None, "--top", help="A's N warmest and coldest partners."),
    since: Optional[str] = SinceOpt,
    until: Optional[str] = UntilOpt,
    plot: Optional[str] = typer.Option(None, "--plot", help="Write a chart: FILE.png, .svg or .html (offline)."),
    min_confidence: float = typer.Option(
        0.4, "--min-confidence", help="Count only events whose coder confidence reaches this (0 counts all)."
    ),
    fmt: str = _fmt("table", "table", "json"),
    db: Optional[str] = DbOpt,
):
    """Relation score of a dyad per period, its trend and the events that moved it."""
    from .ties import tie_report, top_partners
    from .ties.weights import Weights

    weights = Weights(count_threshold=min_confidence)
    if by not in ("week", "month", "quarter", "year"):
        typer.echo("--by must be week, month, quarter or year", err=True)
        raise typer.Exit(2)
    if plot and not plot.lower().endswith((".png", ".svg", ".html")):
        typer.echo("--plot needs a file name ending in .png, .svg or .html", err=True)
        raise typer.Exit(2)
    store = _store(db, read_only=True)
    from .actors.kb import load_kb

    kb = load_kb()
    for name in [x for x in (a, b) if x]:
        k = kb.resolve_key(name)
        if not (k["codes"] or k["actor_ids"]):
            _unknown_actor_hint(kb, name)
    if top or b is None:
        rep = top_partners(store, a, n=top or 5, since=since, until=until, weights=weights)
        if fmt == "json":
            typer.echo(json.dumps(rep, default=str, indent=1))
            return
        from .views import print_rows

        cols = ("name", "code", "score", "events", "first", "last")
        print_rows([{k: p.get(k) for k in cols} for p in rep["warmest"]], "table", f"{a}: warmest partners")
        print_rows([{k: p.get(k) for k in cols} for p in rep["coldest"]], "table", f"{a}: coldest partners")
        return
    rep = tie_report(
        store, a, b, by=by, directed=directed, by_published=by_published, period=period, since=since, until=until, weights=weights
    )
    if plot:
        from .ties import plot_ties

        try:
            plot_ties(rep, plot)
        except ValueError as e:  # Altair or vl-convert not installed (the charts extra)
            typer.echo(f"no chart: {e}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"chart written to {plot}", err=True)
    if fmt == "json":
        typer.echo(json.dumps(rep, default=str, ensure_ascii=False))
        return
    from rich.console import Console
    from .ties import render_tie_table

    Console().print(render_tie_table(rep))


@app.command()
def network(
    actors: List[str] = typer.Argument(..., help="Two or more actors."),
    since: Optional[str] = SinceOpt,
    until: Optional[str] = UntilOpt,
    min_confidence: float = typer.Option(
        0.4, "--min-confidence", help="Count only events whose coder confidence reaches this (0 counts all)."
    ),
    fmt: str = _fmt("table", "table", "json"),
    db: Optional[str] = DbOpt,
):
    """The matrix of current relations among actors."""
    from .ties import network as net
    from .ties.weights import Weights

    store = _store(db, read_only=True)
    rep = net(store, actors, since=since, until=until, weights=Weights(count_threshold=min_confidence))
    if fmt == "json":
        typer.echo(json.dumps(rep, default=str, indent=1))
        return
    from rich.console import Console
    from .ties import render_network_table

    Console().print(render_network_table(rep))


@app.command()
def export(
    out: Optional[str] = typer.Argument(None, help="Output file (stdout for text formats when left out)."),
    fmt: Optional[str] = typer.Option(
        None, "--format", help="parquet|csv|jsonl|polecat|gdelt (default: from the file's suffix, else jsonl)"
    ),
    db: Optional[str] = DbOpt,
):
    """Export events: parquet, csv, jsonl, polecat (PLOVER JSON) or gdelt (GDELT 2.0 columns)."""
    from .export import export as do_export

    if fmt is None:
        suffix = (out or "").lower().rsplit(".", 1)[-1] if out and "." in out else ""
        fmt = {"parquet": "parquet", "csv": "csv", "jsonl": "jsonl", "json": "polecat", "tsv": "gdelt"}.get(suffix, "jsonl")
    if fmt not in ("parquet", "csv", "jsonl", "polecat", "gdelt"):
        typer.echo("--format must be parquet, csv, jsonl, polecat or gdelt", err=True)
        raise typer.Exit(2)
    if fmt == "parquet" and not out:
        typer.echo("parquet needs an output file", err=True)
        raise typer.Exit(2)
    store = _store(db, read_only=True)
    res = do_export(store, fmt, out)
    typer.echo(f"{res['events']} events exported" + (f" to {out}" if out else ""), err=True)


actors_app = typer.Typer(help="The actor knowledge base: search, show, add, import, unknown actors.", no_args_is_help=True)
app.add_typer(actors_app, name="actors")


@actors_app.command("search")
def actors_search(query: str, kb: Optional[str] = KbOpt, fmt: str = _fmt("table", "table", "json", "jsonl", "csv")):
    """Find actors by name, alias or code."""
    from .actors.kb import load_kb

    k = load_kb([kb] if kb else None)
    rows = [
        {"id": e.id, "kind": e.kind, "name": e.name, "code": e.code, "sector": e.sector, "aliases": ", ".join(e.names[1:6])}
        for e in k.search(query)
    ]
    from .views import print_rows

    print_rows(rows, fmt, "actors")


@actors_app.command("show")
def actors_show(actor_id: str, kb: Optional[str] = KbOpt):
    """Everything the base knows about one actor (roles with dates for people)."""
    import dataclasses
    from .actors.kb import load_kb

    k = load_kb([kb] if kb else None)
    e = k.entries.get(actor_id) or next(iter(k.search(actor_id)), None)
    if not e:
        typer.echo(f"no actor {actor_id}", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(dataclasses.asdict(e), indent=1, ensure_ascii=False))


@actors_app.command("unknown")
def actors_unknown(
    limit: int = typer.Option(30, "--limit", min=1),
    fmt: str = _fmt("table", "table", "json", "jsonl", "csv"),
    nearest: int = typer.Option(2, "--nearest", help="How many close base names to show (0: none)."),
    db: Optional[str] = DbOpt,
    kb: Optional[str] = KbOpt,
):
    """Proper names absent from the base, merged across case and spelling, by frequency, with the
    codes and titles the text gave them and the nearest base names: candidates for `actors add`."""
    from .actors.kb import load_kb
    from .actors.unknown import candidates
    from .views import print_rows

    store = _store(db, read_only=True)
    rows = candidates(store.unknown_mention_rows(), load_kb([kb] if kb else None), limit=limit, nearest=nearest)
    cols = ("name", "mentions", "articles", "code", "sector", "evidence", "nearest") if fmt == "table" else None
    print_rows([{k: r[k] for k in cols} for r in rows] if cols else rows, fmt, "unknown actors")


@actors_app.command("add")
def actors_add(
    name: str,
    code: str = typer.Option(..., "--code"),
    sector: Optional[str] = typer.Option(None, "--sector"),
    kind: str = typer.Option("org", "--kind", help="org|person"),
    alias: Optional[List[str]] = typer.Option(None, "--alias"),
    file: str = typer.Option("tieline-actors.yaml", "--file", help="Your base file (set TIELINE_KB to it)."),
):
    """Add an actor to your own base file, merged over the built-in one."""
    from .actors.userkb import add_actor

    path = add_actor(file, name=name, code=code, sector=sector, kind=kind, aliases=alias or [])
    typer.echo(f"added {name} to {path}; use it with --kb {path} or TIELINE_KB={path}")


@actors_app.command("import")
def actors_import(
    files: List[str] = typer.Argument(..., help="Actor and agent dictionaries (discard lists are reported)."),
    fmt: str = typer.Option("petrarch", "--format", help="petrarch (PETRARCH/TABARI dictionaries)"),
    out: str = typer.Option(..., "--out", help="The knowledge-base YAML to write."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List everything not expressed, not 10 a reason."),
):
    """Convert PETRARCH/TABARI dictionaries into your own knowledge-base file; lists what it could not express."""
    import pathlib
    from .actors.kb import KBError, parse_file
    from .actors.petrarch import convert

    if fmt != "petrarch":
        typer.echo("--format must be petrarch", err=True)
        raise typer.Exit(2)
    missing = [f for f in files if not pathlib.Path(f).is_file()]
    if missing:
        typer.echo(f"tieline actors import: no such file: {', '.join(missing)}", err=True)
        raise typer.Exit(2)
    res = convert(files)
    path = pathlib.Path(out).expanduser()
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(res.to_yaml(), encoding="utf-8")
    try:
        parse_file(tmp)  # never write a file the loader would refuse
    except KBError as e:
        tmp.unlink()
        typer.echo(f"tieline actors import: {e}", err=True)
        raise typer.Exit(1) from None
    tmp.replace(path)
    c = res.counts
    typer.echo(
        f"wrote {path}: {c['organizations']} organisations, {c['people']} people, {c['agent_words']} agent "
        f"words; {c['not_expressed']} things not expressed. Use it with --kb {path} or TIELINE_KB={path}",
        err=True,
    )
    by_kind: dict[str, list] = {}
    for i in res.issues:
        by_kind.setdefault(i.kind, []).append(i)
    shown = 0
    for kind, items in by_kind.items():
        typer.echo(f"{kind}: {len(items)}", err=True)
        for issue in items if verbose else items[:10]:
            typer.echo(f"  {issue}", err=True)
            shown += 1
    if shown < len(res.issues):
        typer.echo(f"... {len(res.issues) - shown} more not shown (--verbose lists them all)", err=True)


@app.command()
def demo(db: Optional[str] = DbOpt, fmt: str = _fmt("text", "text", "json")):
    """Ingest the bundled demo corpus and show the first things worth seeing."""
    from rich.console import Console
    from .demo import run_demo

    store = _store(db)
    err = Console(stderr=True)
    with err.status("reading and coding the demo corpus..."):
        res = run_demo(store, _tieline())
    if fmt == "json":
        typer.echo(json.dumps(res, default=str))
        return
    from .views import print_demo

    print_demo(res)


@app.command()
def serve(
    db: Optional[str] = DbOpt,
    host: str = typer.Option(
        "127.0.0.1", "--host", help="Bind address; loopback by default, anything else is your explicit choice."
    ),
    port: int = typer.Option(8000, "--port"),
    reopen: bool = typer.Option(False, "--reopen", help="Open the DuckDB file per request so that ingest can write meanwhile."),
):
    """The read-only REST API and dashboard on http://127.0.0.1:8000/."""
    from .web import serve as run
    from .store import resolve_db

    url = resolve_db(db)
    if "://" not in url and url != ":memory:":
        import os

        if not os.path.exists(os.path.expanduser(url)):
            typer.echo(
                f"tieline serve: no database at {url}: check the path (--db, $TIELINE_DB), or create it with "
                f"`tieline ingest FILES --db {url}` or `tieline demo --db {url}`",
                err=True,
            )
            raise typer.Exit(EXIT_USAGE)
    if host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"tieline serve: exposing the API on {host} (read-only)", err=True)
    run(db, host=host, port=port, reopen=reopen)


@app.command()
def version():
    """Print Tieline's version."""
    from . import __version__

    typer.echo(__version__)


# Commands that read stdin, write stdout and hold no store or worker pool once they return: the
# process may end without the interpreter's teardown, which frees the model's and the knowledge
# base's millions of objects one by one (about 0.35 s, a sixth of `tieline code` on one sentence)
FAST_EXIT_COMMANDS = ("code", "tag")


def main() -> None:  # console entry point
    """Run the CLI; the stdin filters (:data:`FAST_EXIT_COMMANDS`) end without teardown once their
    output is flushed."""
    import os

    from .nlp.pipeline import ONE_BLAS_THREAD

    os.environ.setdefault(*ONE_BLAS_THREAD)  # numpy is not imported yet; a value the user set wins
    try:
        app()
    except SystemExit as e:
        if sys.argv[1:2] and sys.argv[1] in FAST_EXIT_COMMANDS:
            _exit_now(e.code)
        raise


def _exit_now(code: object) -> None:
    """End the process with ``code`` (as ``sys.exit`` reads it) after flushing stdout and stderr,
    skipping the interpreter's teardown."""
    import os

    if isinstance(code, str):
        print(code, file=sys.stderr)
    status = code if isinstance(code, int) else (0 if code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`tieline code | head`): nothing more to say
            status = status or 1
    os._exit(status)


if __name__ == "__main__":
    main()
