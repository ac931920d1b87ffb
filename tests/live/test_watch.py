"""Issue 15: following feeds and sitemaps politely, nothing read twice, surviving the real world.
Every test talks to a server on 127.0.0.1 started here (tests/live/conftest.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tieline.live import FetchError, FetchSettings, list_sources, parse_every, poll, read_source_options, read_sources
from tieline.live.fetch import check_address
from tieline.live.urls import canonical, discover

from newsite import html, page, rss, sitemap, xml


def fast(**kw) -> FetchSettings:
    """Loopback allowed, short waits: the politeness rules still apply, scaled down."""
    base = dict(allow_private=True, min_interval=0.05, backoff=0.2, timeout=2.0, concurrency=4)
    base.update(kw)
    return FetchSettings(**base)


def news_site(make_site, n: int = 4):
    site = make_site()
    paths = [f"/news/story-{i}.html" for i in range(n)]
    for i, p in enumerate(paths):
        site.routes[p] = html(page(i))
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n")
    # the feed lists the first three, the sitemap the last two, one of them again with a tracking tag
    site.routes["/feed.xml"] = xml(rss(site.base, paths[:3]), ETag='"feed-v1"')
    site.routes["/sitemap.xml"] = xml(
        sitemap(site.base, [paths[min(2, n - 1)] + "?utm_source=rss"] + paths[3:], news=True),
        **{"Last-Modified": "Mon, 04 Mar 2024 10:00:00 GMT"},
    )
    return site, paths


def test_watch_once_reads_every_article_once_and_a_second_poll_fetches_nothing(make_site, store, tl):
    site, paths = news_site(make_site)
    sources = [site.base + "/feed.xml", site.base + "/sitemap.xml"]
    rep = poll(store, tl, sources, fast())
    assert (rep.discovered, rep.fetched, rep.articles) == (4, 4, 4)
    assert rep.events > 0
    assert all(len(site.hits(p)) == 1 for p in paths)
    assert store.query("SELECT COUNT(*) FROM articles")[0][0] == 4
    assert {r[0] for r in store.query("SELECT status FROM frontier")} == {"done"}
    n = len(site.log)
    rep2 = poll(store, tl, sources, fast())
    assert (rep2.not_modified, rep2.discovered, rep2.fetched, rep2.articles) == (2, 0, 0, 0)
    second = site.log[n:]
    assert sorted(r[1] for r in second) == ["/feed.xml", "/robots.txt", "/sitemap.xml"]
    feed_req = [r for r in second if r[1] == "/feed.xml"][0]
    assert feed_req[2]["if-none-match"] == '"feed-v1"'
    assert [r for r in second if r[1] == "/sitemap.xml"][0][2]["if-modified-since"] == "Mon, 04 Mar 2024 10:00:00 GMT"
    rows = {r["source"]: r for r in list_sources(store)}
    assert rows[sources[0]]["kind"] == "feed" and rows[sources[0]]["found"] == 3
    assert rows[sources[1]]["kind"] == "sitemap" and rows[sources[1]]["found"] == 1 and rows[sources[1]]["last_success"]


def test_robots_disallow_and_crawl_delay_are_obeyed(make_site, store, tl):
    site, paths = news_site(make_site, 3)
    site.routes["/robots.txt"] = (200, {}, b"User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n")
    site.routes["/private/memo.html"] = html(page(5))
    site.routes["/feed.xml"] = xml(rss(site.base, paths + ["/private/memo.html"]))
    rep = poll(store, tl, [site.base + "/feed.xml"], fast())
    assert rep.blocked == 1 and rep.articles == 3
    assert not site.hits("/private/memo.html")
    times = sorted(t for t, p, _ in site.log)
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.95  # one host: Crawl-delay between requests
    assert site.max_inflight == 1


def test_429_retry_after_is_waited_out(make_site, store, tl):
    site, paths = news_site(make_site, 2)
    calls = {"n": 0}

    def busy(handler):
        calls["n"] += 1
        if calls["n"] == 1:
            return 429, {"Retry-After": "1"}, b"slow down"
        return html(page(1))

    site.routes[paths[1]] = busy
    site.routes["/feed.xml"] = xml(rss(site.base, paths))
    rep = poll(store, tl, [site.base + "/feed.xml"], fast())
    assert rep.articles == 2
    t = [r[0] for r in site.hits(paths[1])]
    assert len(t) == 2 and t[1] - t[0] >= 0.95
    others = sorted(r[0] for r in site.log if r[0] > t[0] and r[1] != paths[1])
    assert all(x - t[0] >= 0.95 for x in others)  # the whole host waited, not only that URL


def test_one_request_at_a_time_per_host_across_hosts_in_parallel(make_site, store, tl):
    a, pa = news_site(make_site, 3)
    b = make_site()
    for i, p in enumerate(pa):
        b.routes[p] = html(page(i + 3))
    b.routes["/feed.xml"] = xml(rss(b.base, pa))
    rep = poll(store, tl, [a.base + "/feed.xml", b.base + "/feed.xml"], fast(min_interval=0.3))
    assert rep.articles == 6
    for site in (a, b):
        assert site.max_inflight == 1
        times = sorted(t for t, _, _ in site.log)
        assert min(y - x for x, y in zip(times, times[1:])) >= 0.25


def test_broken_sources_are_reported_and_retried_later(make_site, store, tl):
    site, paths = news_site(make_site, 2)

    def slow(handler):
        time.sleep(1.5)
        return xml(rss(site.base, paths))

    site.routes["/slow.xml"] = slow
    site.routes["/garbage.xml"] = (200, {"Content-Type": "application/xml"}, b"\x00\x01 not a feed <<<")
    site.routes["/loop"] = (302, {"Location": "/loop2"}, b"")
    site.routes["/loop2"] = (302, {"Location": "/loop"}, b"")
    site.routes["/gone.xml"] = (500, {}, b"oops")
    sources = [site.base + s for s in ("/feed.xml", "/slow.xml", "/loop", "/gone.xml", "/garbage.xml")]
    rep = poll(store, tl, sources, fast(timeout=0.5), every=60)
    assert rep.articles == 2  # the good source still read
    rows = {r["source"]: r for r in list_sources(store)}
    assert "timeout" in rows[site.base + "/slow.xml"]["last_error"]
    assert "redirect-loop" in rows[site.base + "/loop"]["last_error"]
    assert "500" in rows[site.base + "/gone.xml"]["last_error"]
    assert "not a feed" in rows[site.base + "/garbage.xml"]["last_error"]
    for s in sources[1:]:
        assert rows[s]["failures"] == 1 and rows[s]["next_poll"] > rows[s]["last_poll"]
    assert rows[sources[0]]["last_error"] is None


def test_failing_pages_back_off_and_are_given_up(make_site, store, tl):
    site, paths = news_site(make_site, 2)
    site.routes[paths[1]] = (503, {}, b"down")
    settings = fast(backoff=0.0, max_attempts=2)
    poll(store, tl, [site.base + "/feed.xml"], settings)
    row = store.query("SELECT status, attempts FROM frontier WHERE url = ?", (canonical(site.base + paths[1]),))[0]
    assert row == ("retry", 1)
    poll(store, tl, [site.base + "/feed.xml"], settings)
    row = store.query("SELECT status, attempts FROM frontier WHERE url = ?", (canonical(site.base + paths[1]),))[0]
    assert row == ("failed", 2)


def test_private_addresses_are_refused_unless_allowed():
    with pytest.raises(FetchError) as e:
        check_address("http://127.0.0.1:8080/feed", allow_private=False)
    assert e.value.reason == "private-address"
    with pytest.raises(FetchError):
        check_address("http://10.1.2.3/", allow_private=False)
    check_address("http://127.0.0.1:8080/feed", allow_private=True)
    with pytest.raises(FetchError):
        check_address("file:///etc/passwd", allow_private=True)


def test_canonical_urls_and_discovery():
    assert canonical("HTTPS://News.Example.org:443/a/b?utm_source=x&id=7&fbclid=q#top") == "https://news.example.org/a/b?id=7"
    assert canonical("http://example.org") == "http://example.org/"
    kind, items = discover(sitemap("http://x.org", ["/a", "/b"], news=True), "http://x.org/news.xml")
    assert kind == "sitemap" and items == [("http://x.org/a", "2024-03-04"), ("http://x.org/b", "2024-03-04")]
    kind, items = discover(rss("http://x.org", ["/c"]), "http://x.org/feed")
    assert kind == "feed" and items[0][0] == "http://x.org/c"
    index = (
        b"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        b"<sitemap><loc>http://x.org/s1.xml</loc></sitemap></sitemapindex>"
    )
    assert discover(index, "http://x.org/") == ("sitemapindex", [("http://x.org/s1.xml", None)])
    assert parse_every("15m") == 900 and parse_every("1h30m") == 5400
    with pytest.raises(ValueError):
        parse_every("soon")


def test_a_sitemap_index_is_followed(make_site, store, tl):
    site, paths = news_site(make_site, 3)
    site.routes["/s1.xml"] = xml(sitemap(site.base, paths[:2]))
    site.routes["/s2.xml"] = xml(sitemap(site.base, paths[2:]))
    site.routes["/index.xml"] = xml(
        (
            f"<?xml version='1.0'?><sitemapindex xmlns='http://www.sitemaps.org/schemas/"
            f"sitemap/0.9'><sitemap><loc>{site.base}/s1.xml</loc></sitemap><sitemap><loc>"
            f"{site.base}/s2.xml</loc></sitemap></sitemapindex>"
        ).encode()
    )
    rep = poll(store, tl, [site.base + "/index.xml"], fast())
    assert rep.articles == 3
    assert {r["source"]: r["found"] for r in list_sources(store)} == {site.base + "/index.xml": 3}


def test_sources_file(tmp_path):
    f = tmp_path / "sources.txt"
    f.write_text("# wires\nhttps://a.example/feed.xml\n\nhttps://b.example/sitemap.xml every=1h  # news sitemap\n")
    assert read_sources([str(f), "https://a.example/feed.xml"]) == ["https://a.example/feed.xml", "https://b.example/sitemap.xml"]
    assert read_source_options([str(f)]) == {"https://a.example/feed.xml": {}, "https://b.example/sitemap.xml": {"every": 3600}}
    with pytest.raises(ValueError):
        read_sources(["nowhere.txt"])
    f.write_text("https://a.example/feed.xml often=yes\n")
    with pytest.raises(ValueError, match="unknown option"):
        read_sources([str(f)])


def test_each_source_keeps_its_own_interval(make_site, store, tl):
    site, _ = news_site(make_site, 4)
    feed, smap = site.base + "/feed.xml", site.base + "/sitemap.xml"
    poll(store, tl, [feed, smap], fast(), every={feed: 60, smap: 3600})
    rows = {r["source"]: r for r in list_sources(store)}
    import datetime as dt

    gap = {
        s: (dt.datetime.fromisoformat(r["next_poll"]) - dt.datetime.fromisoformat(r["last_poll"])).total_seconds()
        for s, r in rows.items()
    }
    assert gap == {feed: 60, smap: 3600}
    n = len(site.log)
    rep = poll(store, tl, [feed, smap], fast(), every={feed: 60, smap: 3600}, force=False)
    assert rep.not_modified == 0 and len(site.log) == n  # neither is due yet: nothing asked


def _cli(*args, **kw):
    env = dict(os.environ, TIELINE_CACHE_DIR=os.environ.get("TIELINE_CACHE_DIR", ""))
    env.pop("TIELINE_CACHE_DIR") if not env["TIELINE_CACHE_DIR"] else None
    return subprocess.Popen(
        [sys.executable, "-m", "tieline.cli", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw
    )


def test_ingest_fetches_a_url(make_site, tmp_path):
    site, paths = news_site(make_site, 1)
    db = str(tmp_path / "u.duckdb")
    p = _cli("ingest", site.base + paths[0], "--db", db, "--allow-private", "--quiet")
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    p = _cli("ingest", site.base + "/news/missing.html", "--db", db, "--allow-private", "--quiet")
    p.communicate(timeout=120)
    assert p.returncode == 3  # quarantined: HTTP 404
    p = _cli("ingest", site.base + "/sitemap.xml", "--db", str(tmp_path / "s.duckdb"), "--allow-private")
    _, err = p.communicate(timeout=120)
    assert p.returncode == 3 and "tieline watch" in err  # a sitemap: says what to run
    p = _cli("ingest", site.base + paths[0], "--db", str(tmp_path / "v.duckdb"), "--quiet")
    p.communicate(timeout=120)
    assert p.returncode == 3  # loopback refused without --allow-private
    import duckdb

    con = duckdb.connect(db, read_only=True)
    assert con.execute("SELECT url FROM articles").fetchall() == [(site.base + paths[0],)]
    assert con.execute("SELECT reason FROM quarantine").fetchall() == [("http-404",)]
    con.close()


def test_killed_watch_resumes_without_loss_or_duplicates(make_site, tmp_path):
    """SIGKILL while the pages are being fetched; the next run finishes the job: every article
    stored once, the frontier all done."""
    site, paths = news_site(make_site, 6)

    def slow_page(i):
        def h(handler):
            time.sleep(0.4)
            return html(page(i))

        return h

    for i, p in enumerate(paths):
        site.routes[p] = slow_page(i)
    site.routes["/feed.xml"] = xml(rss(site.base, paths))
    site.routes["/sitemap.xml"] = xml(sitemap(site.base, []))
    db = str(tmp_path / "k.duckdb")
    proc = _cli("watch", site.base + "/feed.xml", "--db", db, "--once", "--allow-private", "--quiet")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len([r for r in site.log if r[1].startswith("/news/")]) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    proc = _cli("watch", site.base + "/feed.xml", "--db", db, "--once", "--allow-private", "--quiet")
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err
    import duckdb

    con = duckdb.connect(db, read_only=True)
    urls = [r[0] for r in con.execute("SELECT url FROM articles").fetchall()]
    assert sorted(urls) == sorted(site.base + p for p in paths)
    assert con.execute("SELECT DISTINCT status FROM frontier").fetchall() == [("done",)]
    con.close()


def test_ctrl_c_stops_after_the_batch_and_says_so(make_site, tmp_path):
    site, _ = news_site(make_site, 1)
    paths = [f"/wire/{i}.html" for i in range(30)]

    def slow_page(i):
        def h(handler):
            time.sleep(0.15)
            return html(page(i).replace(b"</article>", f"<p>Wire item {i} of the day.</p></article>".encode()))

        return h

    for i, p in enumerate(paths):
        site.routes[p] = slow_page(i)
    site.routes["/feed.xml"] = xml(rss(site.base, paths))
    db = str(tmp_path / "c.duckdb")
    proc = _cli("watch", site.base + "/feed.xml", "--db", db, "--once", "--allow-private")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len([r for r in site.log if r[1].startswith("/wire/")]) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "stopping after the batch" in err and "stopped:" in err
    import duckdb

    con = duckdb.connect(db, read_only=True)
    stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    fetched = len([r for r in site.log if r[1].startswith("/wire/")])
    pending = con.execute("SELECT COUNT(*) FROM frontier WHERE status = 'new'").fetchone()[0]
    con.close()
    assert 5 <= stored == fetched < 30 and pending == 30 - stored  # what was fetched is stored; the rest waits


def test_docs_list_every_live_setting():
    """docs/live.md's [live] example names every FetchSettings field but allow_private (an option)."""
    import pathlib
    import re

    doc = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "live.md").read_text(encoding="utf-8")
    block = doc.split("```toml\n[live]", 1)[1].split("```", 1)[0]
    keys = set(re.findall(r"^(\w+)\s*=", block, re.M))
    assert keys == set(FetchSettings.__dataclass_fields__) - {"allow_private"}
    FetchSettings.from_config({k: getattr(FetchSettings(), k) for k in keys})


def test_one_run_per_poll(make_site, store, tl, monkeypatch):
    import tieline.live.watch as w

    monkeypatch.setattr(w, "PAGE_BATCH", 2)  # three batches in one poll
    site, _ = news_site(make_site, 5)
    site.routes["/feed.xml"] = xml(rss(site.base, [f"/news/story-{i}.html" for i in range(5)]))
    rep = poll(store, tl, [site.base + "/feed.xml"], fast())
    runs = store.runs()
    assert len(runs) == 1 and runs[0]["command"] == "watch" and runs[0]["status"] == "finished"
    assert runs[0]["n_new"] == rep.articles == 5 and runs[0]["n_events"] == rep.events


def test_sources_on_a_database_from_before_watch(tmp_path):
    """`tieline sources` reads a database made before migration 5 without changing it."""
    import duckdb
    from typer.testing import CliRunner

    from tieline import cli
    from tieline.store.schema import MIGRATIONS

    path = str(tmp_path / "old.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied VARCHAR)")
    for version, name, statements in MIGRATIONS[:4]:
        for sql in statements:
            con.execute(sql)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", (version, name, "then"))
    con.close()
    res = CliRunner().invoke(cli.app, ["sources", "--db", path, "--format", "json"])
    assert res.exit_code == 0 and res.stdout.strip() == "[]", res.output
