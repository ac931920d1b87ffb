"""The compiled-data cache: each source compiled once, compiled again when it changes, and a cache
that cannot be written or read only means compiling again."""

from __future__ import annotations

import pickle

from tieline.cache import content_key, load_or_build


def test_compiled_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("TIELINE_CACHE_DIR", str(tmp_path))
    src = tmp_path / "data.txt"
    src.write_text("one")
    calls = []

    def build():
        calls.append(1)
        return {"text": src.read_text()}

    assert load_or_build("thing", content_key("thing", src), build, dict) == {"text": "one"}
    assert load_or_build("thing", content_key("thing", src), build, dict) == {"text": "one"}
    assert len(calls) == 1
    src.write_text("two")  # an edited source is a new key
    assert load_or_build("thing", content_key("thing", src), build, dict) == {"text": "two"}
    assert len(calls) == 2


def test_unreadable_or_unwritable_cache_compiles_again(tmp_path, monkeypatch):
    monkeypatch.setenv("TIELINE_CACHE_DIR", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")  # nothing can be written under it
    assert load_or_build("thing", "k", lambda: [1], list) == [1]
    monkeypatch.setenv("TIELINE_CACHE_DIR", str(tmp_path))
    (tmp_path / "thing-k.pickle").write_bytes(b"garbage")
    assert load_or_build("thing", "k", lambda: [2], list) == [2]
    (tmp_path / "thing-j.pickle").write_bytes(pickle.dumps("a string, not a list"))
    assert load_or_build("thing", "j", lambda: [3], list) == [3]


def test_cached_gazetteer_answers_as_the_built_one(tmp_path, monkeypatch):
    """The gazetteer is kept as rows and row numbers: read back (and passed on to a worker) it
    answers every lookup as the one just built."""
    from tieline.geo.gazetteer import build

    built = build({"Boni Forest": "KEN"}, {"Nairobi": "KEN"})
    loaded = pickle.loads(pickle.dumps(built))
    passed_on = pickle.loads(pickle.dumps(loaded))
    for name in ("Paris", "Georgia", "Kiev", "Springfield", "Boni Forest", "Nowhere-at-all"):
        assert loaded.resolve(name) == built.resolve(name) == passed_on.resolve(name)
        assert loaded.resolve(name, "USA", {"USA": 3}) == built.resolve(name, "USA", {"USA": 3})
    assert loaded.country("FRA") == built.country("FRA")
