"""Every doc example that is a command is run by a test.

The examples are collected from the fenced ```bash/```sh blocks of README.md and docs/*.md (not
docs/cli.md, which is generated): every command that calls `tieline` (a line, a line of a
`;`-joined list, a `\\`-continued line, `echo ... | tieline ...`, `$ tieline ...`, `VAR=x tieline
...`).  A new example is picked up without editing this file; one that cannot be mapped to a way
of running it here fails with a message that says what to add.

Each example runs as written, through bash and the real `tieline` of this virtualenv, in its own
sandbox folder, offline (nothing outside 127.0.0.1), after the explicit rewrites of SUBSTITUTIONS;
it gets the files it names from INPUTS, a copy of a small database when SUBCOMMANDS says it reads
one, and is skipped (with the reason) only when NEEDS says an optional dependency is missing.
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import io
import json
import os
import pathlib
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from http.server import ThreadingHTTPServer

import pytest

REPO = pathlib.Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "ingest"
GENERATED = {"docs/cli.md"}  # written by tieline.clidoc from the code: its usage lines are not examples
SHELL_LANGS = {"bash", "sh", "shell", "console"}


# -- collecting the examples -------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Example:
    doc: str  # "README.md", "docs/live.md"
    line: int  # where the command starts
    text: str  # the command as written: prompt and comment dropped, continuation lines joined
    part: int = 0  # its place among the commands of a `;`-joined line (0: the only one)

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}" + (f"#{self.part}" if self.part else "")


def _scan(line: str) -> list[str]:
    """Split a shell line on `;` and `&&` outside quotes and drop a trailing `# comment`."""
    parts, cur, quote, i = [], [], None, 0
    while i < len(line):
        c = line[i]
        if quote:
            cur.append(c)
            if c == "\\" and quote == '"' and i + 1 < len(line):
                cur.append(line[i + 1])
                i += 1
            elif c == quote:
                quote = None
        elif c == "\\" and i + 1 < len(line):
            cur += [c, line[i + 1]]
            i += 1
        elif c in "'\"":
            quote = c
            cur.append(c)
        elif c == "#" and (not cur or cur[-1].isspace()):
            break
        elif c == ";" or line.startswith("&&", i):
            parts.append("".join(cur))
            cur = []
            i += 1 if c == ";" else 2
            continue
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def _pipeline(command: str) -> list[list[str]]:
    """The words of each command of a pipeline (`a | b`), leading `VAR=value` assignments dropped."""
    out = []
    for segment in re.split(r"(?<!\|)\|(?!\|)", command):  # quotes in these examples never hold a `|`
        try:
            words = shlex.split(segment)
        except ValueError:  # an unclosed quote: collected all the same, and bash says what is wrong
            words = segment.split()
        while words and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", words[0]):
            words.pop(0)
        out.append(words)
    return out


def tieline_words(command: str) -> list[str] | None:
    """The arguments after `tieline` when this command runs it, else None."""
    for words in _pipeline(command):
        if words and pathlib.PurePath(words[0]).name == "tieline":
            return words[1:]
    return None


def collect(repo: pathlib.Path = REPO) -> list[Example]:
    docs = [repo / "README.md", *sorted((repo / "docs").glob("*.md"))]
    found = []
    for path in docs:
        rel = path.relative_to(repo).as_posix()
        if rel in GENERATED or not path.exists():
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        block: list[tuple[int, str]] | None = None
        lang = ""
        for no, raw in enumerate(lines, 1):
            fence = re.match(r"\s*(```|~~~)\s*([\w+-]*)", raw)
            if fence and block is None:
                block, lang = [], fence.group(2).lower()
            elif fence:
                if lang in SHELL_LANGS:
                    found += _commands(rel, block)
                block = None
            elif block is not None:
                block.append((no, raw))
    return found


def _commands(doc: str, block: list[tuple[int, str]]) -> list[Example]:
    prompted = any(raw.lstrip().startswith("$ ") for _, raw in block)  # a console session: only `$ ` lines are input
    out, pending, start = [], "", 0
    for no, raw in block:
        text = raw.strip()
        if not pending:
            if prompted and not text.startswith("$ "):
                continue
            text, start = text.removeprefix("$ "), no
        if text.endswith("\\"):
            pending += text[:-1].rstrip() + " "
            continue
        text, pending = pending + text, ""
        commands = [c for c in _scan(text) if tieline_words(c) is not None]
        many = len(_scan(text)) > 1
        out += [Example(doc, start, c, i if many else 0) for i, c in enumerate(commands, 1)]
    return out


EXAMPLES = collect()


# -- how each example is made runnable here ------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Sub:
    pattern: str  # a regular expression on the command as documented
    stand_in: str  # what it becomes here; {site}, {port} and {pg} are filled in at run time
    why: str


# documented pattern -> local stand-in.  Nothing else in a command is changed.
SUBSTITUTIONS = [
    Sub(
        r"https?://example\.org",
        "{site}",
        "example.org: the same paths on a local HTTP server (tests/live/newsite.py); the sandbox's "
        "tieline.toml allows loopback fetches (allow_private) and shortens the per-host delay",
    ),
    Sub(r"tcp://10\.0\.0\.5:8786", "local:1", "a remote Dask scheduler: a local cluster of one process"),
    Sub(r"postgresql://\S+", "{pg}", "a PostgreSQL server: the scratch database in $TIELINE_TEST_PG"),
    Sub(r"(?<!\S)/data/news\b/?", "news/", "a shared folder of the cluster: the prepared news/ folder"),
    Sub(r"--every (\S+)(?!.*--once)", r"--every \1 --once", "follow sources forever: one poll, then stop (--once)"),
    Sub(
        r"(\btieline serve\b.*)$",
        r"\1 --port {port}",
        "port 8000: a free loopback port (last, so it wins), run in the background",
    ),
    Sub(r"(?<![\w/.-])(?:\./)?\.venv/bin/tieline\b", "tieline", "the virtualenv's tieline is on PATH here"),
]


def _importable(*modules: str) -> Callable[[], str | None]:
    def check() -> str | None:
        missing = [m for m in modules if importlib.util.find_spec(m) is None]
        return f"needs {', '.join(missing)}" if missing else None

    return check


def _postgres() -> str | None:
    if not os.environ.get("TIELINE_TEST_PG"):
        return "needs TIELINE_TEST_PG=postgresql://... (a scratch database)"
    return _importable("psycopg")()


# documented pattern -> what it needs: the example is skipped, with the reason, when that is missing
NEEDS = [
    (r"--dask|TIELINE_SCHEDULER=", _importable("distributed"), 'pip install "tieline[dask]"'),
    (r"--plot", _importable("vl_convert", "altair"), 'pip install "tieline[charts]"'),
    (r"postgresql://", _postgres, 'pip install "tieline[postgres]" and a server'),
]

SANDBOX_CONFIG = """\
[live]
allow_private = true    # the stand-in for example.org is on 127.0.0.1
min_interval = 0.05     # one local server: no second-long wait between two requests
timeout = 10.0
"""


# -- the inputs the examples name: texts written for this test, or the project's own fixtures ----------------
def _page(title: str, date: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html lang='en'><head><title>{title}</title><meta property='article:published_time' content='{date}'>"
        f"</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


# news/: what the database of the read commands is made of; dated, so that `tieline ties` has years
NEWS = {
    "iran-hamas-2012.html": _page(
        "Iran cuts off aid to Hamas",
        "2012-03-01T09:00:00Z",
        "Iran cut off its aid to Hamas on Thursday, officials in Tehran said. Israel welcomed the decision.",
    ),
    "aleppo-2016.html": _page(
        "Syrian forces shell rebel districts of Aleppo",
        "2016-09-27T08:00:00Z",
        "Syrian government forces shelled rebel districts in Aleppo on Tuesday, killing four civilians, a monitoring "
        "group said. Turkey condemned the shelling of Aleppo.",
    ),
    "iran-hamas-2017.html": _page(
        "Iran and Hamas hold talks",
        "2017-08-07T09:00:00Z",
        "Iran and Hamas held talks in Tehran on Monday. Iran praised Hamas for its resistance. Saudi Arabia criticized "
        "Iran over the meeting.",
    ),
    "gaza-aid-2020.html": _page(
        "Iran sends aid to Hamas as Saudi Arabia meets Israel",
        "2020-11-23T10:00:00Z",
        "Iran sent humanitarian aid to Hamas in Gaza on Sunday. Saudi Arabia and Israel held secret talks in Riyadh on "
        "Monday. Iran condemned Saudi Arabia over the talks.",
    ),
}

# feed.rss: a feed whose items carry their full text (title, date, text)
FEED_ITEMS = [
    (
        "Egypt and Jordan sign a water accord",
        "Tue, 02 Mar 2021 09:00:00 GMT",
        "Egypt and Jordan signed a water accord in Amman on Tuesday. The two governments will meet again in Cairo next year.",
    ),
    (
        "Kenya protests to Uganda",
        "Wed, 03 Mar 2021 09:00:00 GMT",
        "Kenya protested to Uganda on Wednesday over the arrest of Kenyan fishermen on Lake Victoria. "
        "Nairobi summoned the Ugandan envoy.",
    ),
]

# crawl.warc.gz: two archived pages (URL, title, text, date)
WARC_PAGES = [
    (
        "https://news.example/brazil",
        "Brazil and Argentina hold trade talks",
        "Brazil and Argentina held trade talks in Brasilia on Monday and agreed to cut tariffs on cars.",
        "2022-04-04T10:00:00Z",
    ),
    (
        "https://news.example/india",
        "India accuses Pakistan over border firing",
        "India accused Pakistan on Friday of violating the ceasefire along the border in Kashmir.",
        "2022-04-08T10:00:00Z",
    ),
]

# dump.jsonl: records (id, text, date)
DUMP = [
    (
        "d1",
        "Egypt hosted talks between Israel and Hamas in Cairo on Wednesday. Qatar praised Egypt for the effort.",
        "2021-05-19",
    ),
    ("d2", "France sent military advisers to Mali on Friday. Mali thanked France for the help.", "2021-06-04"),
]


def _news(dest: pathlib.Path, **_) -> None:
    dest.mkdir()
    for name, html in NEWS.items():
        (dest / name).write_text(html, encoding="utf-8")


def _feed(dest: pathlib.Path, **_) -> None:
    items = "".join(
        f"<item><title>{t}</title><link>https://wire.example/{i}</link><pubDate>{d}</pubDate>"
        f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>"
        for i, (t, d, text) in enumerate(FEED_ITEMS)
    )
    dest.write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0' xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        f"<channel><title>Test wire</title><link>https://wire.example/</link>{items}</channel></rss>",
        encoding="utf-8",
    )


def _warc(dest: pathlib.Path, **_) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, title, text, date in WARC_PAGES:
        head = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        payload = io.BytesIO(_page(title, date, text).encode())
        writer.write_record(writer.create_warc_record(url, "response", payload=payload, http_headers=head))
    dest.write_bytes(buf.getvalue())


def _dump(dest: pathlib.Path, args: dict, **_) -> None:
    """The text is under the field the command names with --text-field (`story`, say), else `text`."""
    field = (args.get("text_field") or ["text"])[0]
    dest.write_text("".join(json.dumps({"id": i, field: t, "date": d}) + "\n" for i, t, d in DUMP), encoding="utf-8")


def _url_list(*paths: str, every: str = "") -> Callable[..., None]:
    def make(dest: pathlib.Path, site, **_) -> None:
        dest.write_text("# written by tests/test_doc_examples.py\n" + "".join(f"{site.base}{p}{every}\n" for p in paths))

    return make


# name in a doc example -> how it is made in the sandbox
def _parts(dest: pathlib.Path, **_) -> None:
    """parts/: a shard's store written as Parquet parts (one story with its events)."""
    from synthetic import HAMAS, IRAN, ev
    from tieline.records import Article
    from tieline.store import open_store
    from tieline.store.parquet import dump

    store = open_store(str(dest.parent / "shard-made-for-parts.duckdb"))
    run = store.begin_run("ingest", ["shard"])
    art = Article(body="Iran sent aid to Hamas on Monday.", title="Aid", published="2021-03-01", id="shard-1")
    with store.transaction():
        store.save_articles([(art, [ev("AID", 7, "2021-03-01", [IRAN], [HAMAS], article="shard-1")], [], True)], run)
    dump(store, dest)
    store.close()


INPUTS: dict[str, Callable[..., None]] = {
    "parts": _parts,
    "page.txt": lambda dest, **_: shutil.copyfile(FIXTURES / "page-wire-style.txt", dest),
    "story.html.gz": lambda dest, **_: dest.write_bytes(gzip.compress((FIXTURES / "article-harbor-ledger.html").read_bytes())),
    "news": _news,
    "feed.rss": _feed,
    "crawl.warc.gz": _warc,
    "dump.jsonl": _dump,
    "sitemap.txt": _url_list("/news/story-5.html", "/2024/03/04/story.html"),  # a plain-text sitemap: one URL a line
    "sources.txt": _url_list("/rss.xml", "/news-sitemap.xml", every="   every=5m"),
}


# -- the local stand-in for example.org ------------------------------------------------------------------------
def _newsite():
    """tests/live/newsite.py (the live tests' news site), loaded by path: tests/live is not a package."""
    if "newsite" not in sys.modules:
        spec = importlib.util.spec_from_file_location("newsite", REPO / "tests" / "live" / "newsite.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules["newsite"] = module
        spec.loader.exec_module(module)
    return sys.modules["newsite"]


@pytest.fixture(scope="module")
def site():
    ns = _newsite()
    s = ns.Site()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), ns._handler(s))
    srv.daemon_threads = True
    s.base = f"http://127.0.0.1:{srv.server_address[1]}"
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    s.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    s.routes["/2024/03/04/story.html"] = ns.html(ns.page(0))
    for i in range(1, 6):
        s.routes[f"/news/story-{i}.html"] = ns.html(ns.page(i))
    s.routes["/rss.xml"] = ns.xml(ns.rss(s.base, ["/news/story-1.html", "/news/story-2.html"]))
    s.routes["/news-sitemap.xml"] = ns.xml(ns.sitemap(s.base, ["/news/story-3.html", "/news/story-4.html"], news=True))
    yield s
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def events_db(tmp_path_factory, tl, site):
    """The database of the read commands: news/ ingested, and the site's feed and sitemap followed once
    (so that `tieline sources` has sources).  Built in-process with the session's loaded Tieline."""
    from tieline.live import FetchSettings, poll
    from tieline.pipeline import ingest
    from tieline.store import open_store

    folder = tmp_path_factory.mktemp("docdb")
    _news(folder / "news")
    path = folder / "tieline.duckdb"
    store = open_store(str(path))
    try:
        assert ingest(store, [str(folder / "news")], tl).new == len(NEWS)
        settings = FetchSettings(allow_private=True, min_interval=0.05, timeout=10.0)
        assert poll(store, tl, [site.base + "/rss.xml", site.base + "/news-sitemap.xml"], settings).articles == 4
    finally:
        store.close()
    return path


# -- what each subcommand needs and how its result is checked ---------------------------------------------------
@dataclasses.dataclass
class Run:
    example: Example
    command: str  # what ran
    args: dict  # its parameters, as the CLI parses them
    cwd: pathlib.Path
    site: object
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""
    http: dict = dataclasses.field(default_factory=dict)  # serve: path -> body
    log_start: int = 0  # the site's requests before the command ran
    uses_site: bool = False  # the command, or a file it reads, names the local site

    def out(self) -> str:
        return self.stdout + self.stderr


def _jsonl(run: Run) -> list[dict]:
    return [json.loads(x) for x in run.stdout.splitlines() if x.strip()]


def _db_articles(run: Run) -> int:
    db = run.args.get("db") or "tieline.duckdb"
    if "://" in db:
        return -1  # PostgreSQL: the command's own summary is checked instead
    import duckdb

    con = duckdb.connect(str(run.cwd / db), read_only=True)
    try:
        return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    finally:
        con.close()


def check_extract(run: Run) -> None:
    objs = _jsonl(run)
    assert [o["path"] for o in objs] == list(run.args["paths"])
    assert all(o["body"].strip() for o in objs), objs


def check_stored(run: Run) -> None:
    """Articles were stored; a command that names the site (a URL, or a list of URLs) fetched from it."""
    n = _db_articles(run)
    summary = re.search(r"[1-9]\d* (new articles|already stored)", run.stderr)  # PostgreSQL: it may hold them already
    assert n > 0 or (n < 0 and summary), "nothing stored\n" + run.out()[-2000:]
    if run.uses_site:
        assert any(path != "/robots.txt" for _, path, _ in run.site.log[run.log_start :]), "the local site was not asked"


def check_events(run: Run) -> None:
    """At least one event: the test database has what the example looks for (else add a text to NEWS)."""
    fmt = run.args.get("fmt") or run.args.get("format") or "table"
    if fmt == "table":
        m = re.search(r"(\d+) events? stored", run.out())
        assert m and int(m.group(1)) > 0, "no event: add a text to NEWS for this example\n" + run.out()
    else:
        assert len(run.stdout.strip().splitlines()) > (fmt == "csv") and run.stdout.strip() not in ("[]", ""), run.stdout


def check_nonempty(run: Run) -> None:
    assert run.stdout.strip(), run.stderr


def check_ties(run: Run) -> None:
    check_nonempty(run)
    if run.args.get("plot"):
        out = run.cwd / run.args["plot"]
        assert out.is_file() and out.stat().st_size > 1000, f"no chart at {out}"


def check_export(run: Run) -> None:
    if not run.args.get("out"):
        return check_nonempty(run)  # a text format on stdout
    out = run.cwd / run.args["out"]
    assert out.is_file() and out.stat().st_size > 0, f"nothing written to {out}"
    if out.suffix == ".parquet":
        import duckdb

        con = duckdb.connect()
        try:
            assert con.execute("SELECT COUNT(*) FROM read_parquet(?)", [str(out)]).fetchone()[0] > 0
        finally:
            con.close()


def check_sources(run: Run) -> None:
    assert "no sources" not in run.stdout and ("feed" in run.stdout or "sitemap" in run.stdout), run.stdout


def check_code(run: Run) -> None:
    lines = _jsonl(run)
    assert lines and all("events" in x and not x.get("error") for x in lines), run.stdout
    assert any(x["events"] for x in lines), "no event coded"
    if run.args.get("explain"):
        assert all("explain" in e for x in lines for e in x["events"])


def check_tag(run: Run) -> None:
    lines = _jsonl(run)
    assert lines and all(x.get("actors") for x in lines), run.stdout


def check_actor_search(run: Run) -> None:
    assert run.args["query"].lower() in run.stdout.lower(), run.stdout


def check_actor_added(run: Run) -> None:
    f = run.cwd / run.args["file"]
    assert f.is_file() and run.args["name"] in f.read_text(encoding="utf-8")


def check_serve(run: Run) -> None:
    assert "<html" in run.http["/"].lower()
    assert json.loads(run.http["/api/stats"])["articles"] > 0
    assert isinstance(json.loads(run.http["/api/events?limit=3"]), (list, dict))


def check_ok(run: Run) -> None:
    pass


def check_loaded(run: Run) -> None:
    m = re.search(r"loaded (\d+) new articles", run.stdout)
    assert m and int(m.group(1)) > 0, run.out()


def check_dumped(run: Run) -> None:
    folder = run.cwd / run.args["folder"]
    assert list((folder / "events").glob("*.parquet")), f"no event parts in {folder}"


@dataclasses.dataclass(frozen=True)
class Kind:
    db: bool  # reads the database: gets a copy of events_db as ./tieline.duckdb
    check: Callable[[Run], None]
    inputs: str = ""  # the parameter holding the files/URLs to prepare (from INPUTS)


SUBCOMMANDS = {
    "extract": Kind(False, check_extract, inputs="paths"),
    "ingest": Kind(False, check_stored, inputs="inputs"),
    "watch": Kind(False, check_stored, inputs="sources"),
    "code": Kind(False, check_code),
    "tag": Kind(False, check_tag),
    "sources": Kind(True, check_sources),
    "events": Kind(True, check_events),
    "ties": Kind(True, check_ties),
    "network": Kind(True, check_nonempty),
    "export": Kind(True, check_export),
    "serve": Kind(True, check_serve),
    "articles": Kind(True, check_nonempty),
    "stats": Kind(True, check_nonempty),
    "quarantine": Kind(True, check_ok),
    "load": Kind(False, check_loaded, inputs="folder"),
    "dump": Kind(True, check_dumped),
    "actors search": Kind(False, check_actor_search),
    "actors show": Kind(False, check_nonempty),
    "actors unknown": Kind(True, check_ok),
    "actors add": Kind(False, check_actor_added),
    "version": Kind(False, check_nonempty),
}


class Unmappable(Exception):
    pass


def _parse(words: list[str]) -> tuple[str, dict]:
    """The subcommand (`actors add`) and its parameters, parsed by the CLI's own definitions."""
    import typer

    from tieline import cli

    cmd, name, rest = typer.main.get_command(cli.app), [], list(words)
    while hasattr(cmd, "commands") and rest and not rest[0].startswith("-"):
        if rest[0] not in cmd.commands:
            raise Unmappable(f"`tieline {' '.join(name + rest[:1])}`: no such command")
        name.append(rest[0])
        cmd = cmd.commands[rest.pop(0)]
    ctx = cmd.make_context(" ".join(name) or "tieline", rest, resilient_parsing=True)
    return " ".join(name), dict(ctx.params)


def substitute(command: str, values: dict[str, str]) -> tuple[str, list[str]]:
    """The command with SUBSTITUTIONS applied, and the reasons of those that applied."""
    why = []
    for sub in SUBSTITUTIONS:
        stand_in = sub.stand_in
        for k, v in values.items():
            stand_in = stand_in.replace("{" + k + "}", v)
        command, n = re.subn(sub.pattern, stand_in, command)  # the filled-in values hold no backslash
        if n:
            why.append(sub.why)
    return command, why


@dataclasses.dataclass(frozen=True)
class Plan:
    command: str  # what runs here
    name: str  # the subcommand: "ingest", "actors add"
    args: dict  # its parameters, parsed by the CLI's own definitions
    kind: Kind
    why: list[str]  # the SUBSTITUTIONS that applied


def plan(example: Example, values: dict[str, str]) -> Plan:
    """How the example runs here, or Unmappable saying what to add to this file."""
    command, why = substitute(example.text, values)
    words = tieline_words(command)
    assert words is not None
    if not words:
        raise Unmappable("`tieline` alone: give it a subcommand")
    name, args = _parse(words)
    kind = SUBCOMMANDS.get(name)
    if kind is None:
        raise Unmappable(f"`tieline {name}` has no entry in SUBCOMMANDS (what it needs, how its result is checked)")
    for url in re.findall(r"[a-z][a-z0-9+.-]*://[^\s'\"]+", command):
        if not url.startswith((values["site"], values.get("pg") or "\0")):
            raise Unmappable(f"{url}: not reachable offline; add a stand-in to SUBSTITUTIONS")
    if kind.inputs:
        for item in _items(args.get(kind.inputs)):
            if "://" not in item and item.rstrip("/") not in INPUTS:
                raise Unmappable(f"input {item!r}: add how to make it to INPUTS")
    return Plan(command, name, args, kind, why)


def _items(value) -> list[str]:
    """A command's input parameter as a list (`ingest` takes many, `load` one folder)."""
    return [value] if isinstance(value, str) else list(value or [])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(sandbox: pathlib.Path) -> dict[str, str]:
    from tieline.cache import cache_dir

    env = {k: v for k, v in os.environ.items() if not k.startswith("TIELINE_")}
    if os.environ.get("TIELINE_TEST_PG"):
        env["TIELINE_TEST_PG"] = os.environ["TIELINE_TEST_PG"]
    bindir = pathlib.Path(sys.executable).parent
    if not (bindir / "tieline").exists():  # not a virtualenv with the console script: the same CLI by module
        bindir = sandbox.parent / "bin"
        bindir.mkdir(exist_ok=True)
        shim = bindir / "tieline"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tieline.cli "$@"\n')
        shim.chmod(0o755)
    env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
    env["TIELINE_CONFIG"] = str(sandbox / "tieline.toml")  # the sandbox's, not ~/.config/tieline
    env["TIELINE_CACHE_DIR"] = str(cache_dir())  # the compiled knowledge base: loads in hundredths
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "160"
    return env


def _serve(command: str, cwd: pathlib.Path, env: dict, port: int, run: Run) -> None:
    proc = subprocess.Popen(
        ["bash", "-c", "exec " + command],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as r:
                    run.http["/"] = r.read().decode()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
        for path in ("/api/stats", "/api/events?limit=3"):
            if run.http:
                with urllib.request.urlopen(base + path, timeout=10) as r:
                    run.http[path] = r.read().decode()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        run.stdout, run.stderr = out, err
        run.returncode = 0 if run.http else (proc.returncode or 1)


# -- the tests --------------------------------------------------------------------------------------------------
def test_the_examples_are_collected():
    """The collector finds the README's list of commands (guards against it silently finding nothing)."""
    ids = [e.id for e in EXAMPLES]
    assert len(EXAMPLES) >= 20 and len(set(ids)) == len(ids)
    assert any(e.doc == "README.md" and e.text.startswith("tieline extract") for e in EXAMPLES)
    assert not any(e.doc in GENERATED for e in EXAMPLES)
    assert _scan("tieline a 'x; y' # note; not a command; tieline b") == ["tieline a 'x; y'"]
    assert _scan('echo "a # b" | tieline code; tieline stats') == ['echo "a # b" | tieline code', "tieline stats"]
    assert tieline_words("TIELINE_SCHEDULER=local:1 tieline ingest news/") == ["ingest", "news/"]
    assert tieline_words("pip install 'tieline[dask]'") is None


def test_a_new_example_is_picked_up(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "README.md").write_text("```console\n$ tieline stats  # counts\narticles 3\n```\n")
    (tmp_path / "docs" / "x.md").write_text(
        "```python\ntieline = 1\n```\n\n```sh\nmake demo\ntieline ties Iran \\\n  --by year; tieline stats\n```\n"
    )
    (tmp_path / "docs" / "cli.md").write_text("```bash\ntieline events\n```\n")
    assert [(e.id, e.text) for e in collect(tmp_path)] == [
        ("README.md:2", "tieline stats"),
        ("docs/x.md:7#1", "tieline ties Iran --by year"),
        ("docs/x.md:7#2", "tieline stats"),
    ]


@pytest.mark.parametrize(
    "text, words",
    [
        ("tieline ingest https://news.example.com/a.html", "not reachable offline"),
        ("tieline ingest mystery.csv", "add how to make it to INPUTS"),
        ("tieline demo", "no entry in SUBCOMMANDS"),
        ("tieline frobnicate", "no such command"),
    ],
)
def test_an_example_that_cannot_be_run_here_fails_with_what_to_add(text, words):
    with pytest.raises(Unmappable, match=words):
        plan(Example("README.md", 1, text), {"site": "http://127.0.0.1:9", "port": "9", "pg": "postgresql://pg"})


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_doc_example(example: Example, tmp_path, site, request):
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    port = _free_port()
    pg = os.environ.get("TIELINE_TEST_PG") or "postgresql://unset-TIELINE_TEST_PG"  # skipped below when unset
    values = {"site": site.base, "port": str(port), "pg": pg}
    try:
        pl = plan(example, values)
    except Unmappable as e:
        pytest.fail(f"{example.id}: `{example.text}` cannot be run by this test: {e}", pytrace=False)
    for pattern, missing, how in NEEDS:
        if re.search(pattern, example.text) and (reason := missing()):
            pytest.skip(f"{example.id}: {reason} ({how})")

    (sandbox / "tieline.toml").write_text(SANDBOX_CONFIG)
    uses_site = site.base in pl.command
    for item in _items(pl.args.get(pl.kind.inputs)) if pl.kind.inputs else []:
        if "://" not in item:
            dest = sandbox / item.rstrip("/")
            INPUTS[item.rstrip("/")](dest, site=site, args=pl.args)
            uses_site |= dest.is_file() and site.base.encode() in dest.read_bytes()  # a list of the site's URLs
    if pl.kind.db and "://" not in (db := pl.args.get("db") or "tieline.duckdb"):  # where the command looks for it
        (sandbox / db).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(request.getfixturevalue("events_db"), sandbox / db)

    run = Run(example, pl.command, pl.args, sandbox, site, log_start=len(site.log), uses_site=uses_site)
    env = _env(sandbox)
    if pl.name == "serve":
        _serve(pl.command, sandbox, env, port, run)
    else:
        p = subprocess.run(
            ["bash", "-o", "pipefail", "-c", pl.command], cwd=sandbox, env=env, capture_output=True, text=True, timeout=300
        )
        run.returncode, run.stdout, run.stderr = p.returncode, p.stdout, p.stderr
    changed = "".join(f"\n  ({w})" for w in pl.why)
    assert run.returncode == 0, f"{example.id}: `{pl.command}`{changed}\nexited {run.returncode}\n{run.out()[-3000:]}"
    pl.kind.check(run)
