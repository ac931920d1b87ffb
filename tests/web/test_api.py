"""The REST API: every route answers, bad parameters get a 4xx with a message, data stays data."""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tieline.records import PLOVER_TYPES
from tieline.web.app import STATIC, create_app

from .conftest import HOSTILE_BODY, HOSTILE_TITLE, UNKNOWN_HOSTILE


@pytest.fixture(scope="module")
def app(web_db):
    a = create_app(web_db["path"])
    yield a
    a.state.store.close()


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app, raise_server_exceptions=False)


def ok(client, url, **params):
    r = client.get(url, params=params or None)
    assert r.status_code == 200, (url, params, r.status_code, r.text[:500])
    return r.json()


# -- every route answers ------------------------------------------------------------------------
def test_openapi_and_docs(client):
    spec = ok(client, "/openapi.json")
    for route in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/ties",
        "/api/ties/period",
        "/api/network",
        "/api/stats",
    ):
        assert route in spec["paths"], route
    assert client.get("/docs").status_code == 200


def test_dashboard_page_and_assets(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert 'data-testid="actor-a"' in r.text
    for src in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert not src.startswith(("http:", "https:", "//")), f"external asset {src}"
        if src.startswith("/static/"):
            assert client.get(src).status_code == 200, src


def test_articles_list_search_and_one(client, web_db):
    d = ok(client, "/api/articles", limit=5)
    assert len(d["articles"]) == 5 and d["next_offset"] == 5
    page2 = ok(client, "/api/articles", limit=5, offset=5)["articles"]
    assert not {a["id"] for a in d["articles"]} & {a["id"] for a in page2}
    found = ok(client, "/api/articles", q="financial backing")["articles"]
    assert found and all("id" in a and "title" in a for a in found)
    a = ok(client, f"/api/articles/{found[0]['id']}")
    assert a["body"] and a["mentions"] and a["events"]
    for m in a["mentions"]:
        assert a["body"][m["start"] : m["end"]] == m["text"]
    for e in a["events"]:
        assert a["body"][e["sentence_start"] : e["sentence_start"] + len(e["sentence"])] == e["sentence"]
    assert ok(client, f"/api/articles/{found[0]['id'][:8]}")["id"] == found[0]["id"]  # id prefix


def test_events_filters(client):
    d = ok(client, "/api/events", limit=1000)
    keys = {
        "event_id",
        "article_id",
        "type",
        "cameo",
        "score",
        "source",
        "target",
        "date",
        "published",
        "modality",
        "attributed_to",
        "sentence",
        "sentence_start",
        "confidence",
    }
    assert d["events"] and keys <= set(d["events"][0])
    iran = ok(client, "/api/events", actor="Iran", limit=1000)["events"]
    assert iran and all(any(a["code"] == "IRN" for a in e["source"] + e["target"]) for e in iran)
    aid = ok(client, "/api/events", type="aid", limit=1000)["events"]
    assert aid and {e["type"] for e in aid} == {"AID"}
    alleged = ok(client, "/api/events", modality="alleged", limit=1000)["events"]
    assert alleged and all("alleged" in e["modality"] for e in alleged)
    y2012 = ok(client, "/api/events", since="2012", until="2012", limit=1000)["events"]
    assert y2012 and all(e["date"].startswith("2012") for e in y2012)
    assert any(e["date"] > "2012-01-31" for e in y2012), "until=2012 covers the whole year"
    late = ok(client, "/api/events", since="2012-06-15", until="2012-12-31", limit=1000)["events"]
    assert all("2012-06" <= e["date"][:7] <= "2012-12" for e in late)


def test_events_of_a_dyad_are_the_ones_its_tie_counts(client):
    evs = ok(client, "/api/events", dyad="Iran,Hamas", limit=1000)["events"]
    tie = ok(client, "/api/ties", a="Iran", b="Hamas")
    assert len(evs) == tie["n"] and sum(e["reports"] for e in evs) == tie["reports"]


def test_events_dyad_both_spellings(client):
    a = ok(client, "/api/events", dyad=["Iran", "Hamas"], limit=1000)
    b = ok(client, "/api/events", dyad="Iran,Hamas", limit=1000)
    assert a == b and a["events"]
    for e in a["events"]:
        actors = e["source"] + e["target"]
        assert any(x["code"] == "IRN" for x in actors) and any(x.get("actor_id") == "hamas" for x in actors)


def test_events_cursor_pagination(client):
    everything = ok(client, "/api/events", dyad="Iran,Hamas", limit=1000)
    assert everything["next_cursor"] is None
    seen, cursor = [], None
    for _ in range(200):
        params = {"dyad": "Iran,Hamas", "limit": 7}
        if cursor:
            params["cursor"] = cursor
        page = ok(client, "/api/events", **params)
        assert len(page["events"]) <= 7
        seen += [e["event_id"] for e in page["events"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [e["event_id"] for e in everything["events"]]
    assert len(seen) == len(set(seen))


def test_actors_search_and_one(client):
    hits = ok(client, "/api/actors", q="Hamas")["actors"]
    assert hits[0]["id"] == "hamas" and hits[0]["events"] > 0 and hits[0]["known"]
    unknown = ok(client, "/api/actors", q="Sabireen")["actors"]
    assert any(h["kind"] == "unknown" and not h["known"] and h["mentions"] > 0 for h in unknown)
    one = ok(client, "/api/actors/hamas")
    assert one["name"] == "Hamas" and one["code"] == "PSE" and one["events"] > 0
    assert one["key"]["actor_ids"] == ["hamas"]
    assert ok(client, "/api/actors/IRN")["kind"] == "country"
    u = ok(client, "/api/actors/the Sabireen Movement")
    assert u["known"] is False and u["mentions"] > 0


def test_ties_is_tie_report(client, app):
    from tieline.ties import tie_report

    for by in ("year", "quarter", "month", "week"):
        got = ok(client, "/api/ties", a="Iran", b="Hamas", by=by)
        with app.state.store.session() as s:
            want = json.loads(json.dumps(tie_report(s, "Iran", "Hamas", by=by), default=str))
        assert got == want, by
    rep = ok(client, "/api/ties", a="Iran", b="Hamas")
    assert rep["dyad"] == ["Iran", "Hamas"] and rep["trend"]["label"] in ("warming", "cooling", "stable")
    assert [p["period"] for p in rep["periods"]][:2] == ["2011", "2012"]
    assert rep["trend"].get("reasons")
    windowed = ok(client, "/api/ties", a="Iran", b="Hamas", since="2013", until="2014")
    assert {p["period"] for p in windowed["periods"]} <= {"2013", "2014"}


def test_tie_period_events(client):
    rep = ok(client, "/api/ties", a="Iran", b="Hamas", by="year")
    p2012 = next(p for p in rep["periods"] if p["period"] == "2012")
    d = ok(client, "/api/ties/period", a="Iran", b="Hamas", by="year", period="2012")
    assert d["start"] == "2012-01-01" and d["end"] == "2012-12-31"
    assert len(d["events"]) == p2012["events"]
    assert all(e["sentence"] and e["article_id"] and str(e["date"]).startswith("2012") for e in d["events"])
    q = ok(client, "/api/ties/period", a="Iran", b="Hamas", by="quarter", period="2017-Q2")
    assert q["period"] == "2017-Q2" and q["start"] == "2017-04-01"


def test_network(client):
    d = ok(client, "/api/network", actors="Iran,Hamas,Saudi Arabia,Israel")
    assert d["actors"] == ["Iran", "Hamas", "Saudi Arabia", "Israel"]
    assert len(d["matrix"]) == 4 and d["pairs"]
    ih = next(p for p in d["pairs"] if {p["a"], p["b"]} == {"Israel", "Hamas"})
    assert ih["score"] < 0
    assert ok(client, "/api/network", actors=["Iran", "Hamas"])["actors"] == ["Iran", "Hamas"]


def test_stats(client, web_db):
    d = ok(client, "/api/stats")
    assert d["articles"] == 161 and d["events"] > 200 and d["unknown_mentions"] > 0
    assert set(d["events_by_type"]) <= set(PLOVER_TYPES)


# -- bad parameters: 4xx with a message, never a 500 ----------------------------------------------
BAD = [
    ("/api/events?limit=abc", 422),
    ("/api/events?limit=0", 422),
    ("/api/events?limit=1001", 422),
    ("/api/events?since=yesterday", 422),
    ("/api/events?until=2017-02-30", 422),
    ("/api/events?since=2017-13", 422),
    ("/api/events?type=HUG", 422),
    ("/api/events?dyad=Iran", 422),
    ("/api/events?dyad=Iran,Hamas,Israel", 422),
    ("/api/events?modality=%27%3B--", 422),
    ("/api/events?cursor=" + "x" * 400, 422),
    ("/api/articles?limit=-1", 422),
    ("/api/articles?offset=-5", 422),
    ("/api/articles?limit=x", 422),
    ("/api/articles/does-not-exist", 404),
    ("/api/articles/%25", 404),
    ("/api/articles/ab", 404),
    ("/api/actors", 422),
    ("/api/actors?q=", 422),
    ("/api/actors?q=Hamas&limit=0", 422),
    ("/api/actors/no-such-actor-anywhere", 404),
    ("/api/ties?a=Iran", 422),
    ("/api/ties?a=Iran&b=Hamas&by=decade", 422),
    ("/api/ties?a=&b=Hamas", 422),
    ("/api/ties?a=Iran&b=Hamas&since=soon", 422),
    ("/api/ties?a=Iran&b=Hamas&directed=maybe", 422),
    ("/api/ties/period?a=Iran&b=Hamas&period=2017-Q9&by=quarter", 422),
    ("/api/ties/period?a=Iran&b=Hamas&period=2017-W60&by=week", 422),
    ("/api/ties/period?a=Iran&b=Hamas&period=notaperiod", 422),
    ("/api/ties/period?a=Iran&b=Hamas", 422),
    ("/api/network", 422),
    ("/api/network?actors=Iran", 422),
    ("/api/network?actors=Iran,iran", 422),
    ("/api/network?actors=" + ",".join(f"A{i}" for i in range(25)), 422),
    ("/api/nothing-here", 404),
]


@pytest.mark.parametrize("url,status", BAD)
def test_bad_parameters(client, url, status):
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    assert r.json().get("detail"), "a 4xx carries a message"


@pytest.mark.parametrize("value", ["'", '"', "%", "_", "\\", "<script>", "Iran' OR 1=1 --", "\u202e\u0000x", "a" * 199])
def test_odd_values_never_500(client, value):
    for url, params in [
        ("/api/events", {"actor": value}),
        ("/api/events", {"dyad": [value, "Hamas"]}),
        ("/api/events", {"cursor": value}),
        ("/api/events", {"article": value}),
        ("/api/articles", {"q": value}),
        ("/api/actors", {"q": value}),
        ("/api/ties", {"a": value, "b": "Hamas"}),
        ("/api/ties/period", {"a": value, "b": "Hamas", "period": "2017"}),
        ("/api/network", {"actors": [value, "Hamas"]}),
        (f"/api/actors/{quote(value, safe='')}", {}),
        (f"/api/articles/{quote(value, safe='')}", {}),
    ]:
        r = client.get(url, params=params)
        assert r.status_code < 500, (url, params, r.status_code, r.text[:300])


# -- read-only ----------------------------------------------------------------------------------
def test_store_is_read_only(app, client, web_db):
    ok(client, "/api/stats")
    with app.state.store.session() as s:
        with pytest.raises(Exception):  # noqa: B017 - DuckDB and psycopg raise different types
            s.execute("DELETE FROM events")
    # another process can still open the file (no write lock held by the server)
    code = (
        "import duckdb,sys; c=duckdb.connect(sys.argv[1], read_only=True);"
        "print(c.execute('select count(*) from events').fetchone()[0])"
    )
    out = subprocess.run([sys.executable, "-c", code, web_db["path"]], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and int(out.stdout) > 0, out.stderr


def test_missing_database_is_created_empty(tmp_path):
    c = TestClient(create_app(str(tmp_path / "new.duckdb")))
    assert c.get("/api/stats").json()["articles"] == 0
    assert c.get("/api/events").json() == {"events": [], "next_cursor": None, "limit": 100}
    c.app.state.store.close()


# -- untrusted text stays data --------------------------------------------------------------------
def test_hostile_article_comes_back_as_data(client, web_db):
    a = ok(client, f"/api/articles/{web_db['hostile_id']}")
    assert a["body"] == HOSTILE_BODY and a["title"] == HOSTILE_TITLE
    assert "<script>" in a["body"]
    assert a["events"][0]["attributed_to"] == "<script>window.__pwned=5</script>"
    hits = ok(client, "/api/actors", q="onerror")["actors"]
    assert any(h["name"] == UNKNOWN_HOSTILE for h in hits)
    r = client.get(f"/api/articles/{web_db['hostile_id']}")
    assert r.headers["content-type"].startswith("application/json")


def test_dashboard_never_injects_markup():
    js = "\n".join(p.read_text() for p in pathlib.Path(STATIC).glob("*.js"))
    assert js, "dashboard script present"
    for sink in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
        "setAttribute('on",
        'setAttribute("on',
    ):
        assert sink not in js, f"dashboard uses {sink}"
    html = (pathlib.Path(STATIC) / "index.html").read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script"
    assert not re.search(r"https?://", html)


def test_reopen_lets_a_writer_in_between_requests(tmp_path):
    from tieline.web.demo_data import make_db

    db = str(tmp_path / "w.duckdb")
    make_db(db, articles=5, seed=1)
    app = create_app(db, reopen=True)
    c = TestClient(app)
    before = c.get("/api/stats").json()["articles"]
    code = "import sys; from tieline.web.demo_data import make_db;print(make_db(sys.argv[1], articles=12, seed=2)['articles'])"
    out = subprocess.run([sys.executable, "-c", code, db], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert c.get("/api/stats").json()["articles"] == before + int(out.stdout)
    assert c.get("/api/events", params={"limit": 3}).status_code == 200


def test_actor_suggestions_rank_prefixes_and_data(client):
    names = [a["name"] for a in ok(client, "/api/actors", q="Ham", limit=5)["actors"]]
    assert names[0] == "Hamas"
    assert ok(client, "/api/actors", q="Saudi", limit=5)["actors"][0]["name"] == "Saudi Arabia"
    assert ok(client, "/api/actors", q="IRN", limit=5)["actors"][0]["name"] == "Iran"
    assert "Iran" in [a["name"] for a in ok(client, "/api/actors", q="Tehran")["actors"]]
    assert len([a for a in ok(client, "/api/actors", q="a", limit=7)["actors"] if a["known"]]) == 7


# -- hardening (issue 11, item 15) ------------------------------------------------------------------
def test_docs_page_works_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert "cdn." not in page.text and "/static-docs/swagger-ui-bundle.js" in page.text
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200


def test_host_header_is_checked_against_the_bound_host(web_db):
    from tieline.web import _allowed_hosts

    app = create_app(web_db["path"], allowed_hosts=_allowed_hosts("127.0.0.1", 8000))
    c = TestClient(app, base_url="http://127.0.0.1:8000")
    assert c.get("/api/stats").status_code == 200
    assert c.get("/api/stats", headers={"Host": "attacker.example"}).status_code == 400
    assert _allowed_hosts("0.0.0.0", 8000) is None
    app.state.store.close()


def test_like_wildcards_in_a_search_are_literal(client):
    every = ok(client, "/api/articles", limit=500)["articles"]
    assert every
    assert ok(client, "/api/articles", q="%")["articles"] == [] or all(
        "%" in (a.get("title") or "") for a in ok(client, "/api/articles", q="%")["articles"]
    )
    assert len(ok(client, "/api/articles", q="_")["articles"]) < len(every)


def test_reopen_answers_503_with_retry_after_while_a_writer_holds_the_file(tmp_path):
    """Issue 11, item 14: with --reopen a request meets an ingest writing: 503 + Retry-After, not 500;
    once the writer is gone the same request answers."""
    import subprocess as sp
    from tieline.store import open_store

    path = str(tmp_path / "busy.duckdb")
    open_store(path).close()
    app = create_app(path, reopen=True)
    app.state.store.busy_wait = 0.2
    c = TestClient(app, raise_server_exceptions=False)
    assert c.get("/api/stats").status_code == 200
    holder = sp.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(30)",
            path,
        ],
        stdout=sp.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        # (an answer already computed is served from the cache; one that needs the file waits)
        r = c.get("/api/events", params={"limit": 5})
        assert r.status_code == 503 and r.headers.get("retry-after") == "2"
    finally:
        holder.kill()
        holder.wait()
    assert c.get("/api/events", params={"limit": 5}).status_code == 200


def test_a_writer_waits_for_a_reader_to_let_go(tmp_path):
    """The other side: an ingest that meets a request holding the file waits its turn."""
    import subprocess as sp
    from tieline.store import open_store

    path = str(tmp_path / "turns.duckdb")
    open_store(path).close()
    holder = sp.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb,sys,time; c=duckdb.connect(sys.argv[1], read_only=True); print('ready', flush=True); time.sleep(1.0)",
            path,
        ],
        stdout=sp.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "ready"
    s = open_store(path, wait=10)  # succeeds once the reader exits
    s.close()
    holder.wait()


def test_error_bodies_match_the_published_schema(client):
    spec = ok(client, "/openapi.json")
    err = spec["components"]["schemas"]["Error"]
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for url in ("/api/events?limit=0", "/api/events?type=HUG", "/api/ties?a=Iran", "/api/articles/nothing-here"):
        r = client.get(url)
        assert r.status_code in (404, 422), url
        body = r.json()
        assert set(body) <= set(err["properties"]) and isinstance(body["detail"], str), (url, body)
        op = spec["paths"][url.split("?")[0] if "nothing" not in url else "/api/articles/{article_id}"]["get"]
        assert op["responses"][str(r.status_code)]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_overview_lists_the_most_reported_dyads_with_their_tie_counts(client):
    d = ok(client, "/api/overview", n=5)
    assert d["dyads"] and d["latest"]
    top = d["dyads"][0]
    tie = ok(client, "/api/ties", a=top["a"], b=top["b"])
    assert tie["n"] == top["events"]
    assert all(e["date"] and e["score"] is not None for e in d["latest"])


def test_dashboard_script_parses():
    import shutil
    import subprocess

    node = shutil.which("node")
    if not node:
        pytest.skip("needs node to check the script's syntax")
    from pathlib import Path

    js = Path(__file__).resolve().parents[2] / "src" / "tieline" / "web" / "static" / "app.js"
    assert subprocess.run([node, "--check", str(js)], capture_output=True).returncode == 0


def test_repeated_questions_are_answered_from_the_cache_until_the_data_changes(tmp_path):
    from tieline.store import open_store

    path = str(tmp_path / "c.duckdb")
    open_store(path).close()
    app = create_app(path, reopen=True)
    c = TestClient(app)
    first = c.get("/api/stats")
    again = c.get("/api/stats")
    assert again.headers.get("x-cache") == "hit" and again.json() == first.json()
    s = open_store(path)
    s.save_events([])
    s.execute("INSERT INTO quarantine VALUES ('x', 'malformed', 'test', 1, '2026-01-01')")
    s.close()
    fresh = c.get("/api/stats")
    assert fresh.headers.get("x-cache") != "hit"


def test_places_group_placed_events_and_follow_filters(client, web_db):
    d = ok(client, "/api/places")
    gaza = [p for p in d["places"] if p["country"] == "PSE" and p["lat"] == 31.5]
    assert gaza and gaza[0]["count"] >= 1 and gaza[0]["events"][0]["event_id"] == web_db["hostile_event"]
    assert d["events"] == sum(p["count"] for p in d["places"])
    assert ok(client, "/api/places", since="2030")["places"] == []
    assert ok(client, "/api/places", dyad="Iran,Hamas")["events"] >= 1
    by_country = ok(client, "/api/events", country="PSE")["events"]
    assert by_country and all(e["place"]["country"] == "PSE" for e in by_country)


def test_map_shapes_are_served_locally(client):
    topo = client.get("/static/world-110m.json").json()
    assert topo["type"] == "Topology" and len(topo["objects"]["countries"]["geometries"]) > 150
