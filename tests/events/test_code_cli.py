"""`tieline code` and `tieline tag`: the JSONL contracts (one line out per line in, same order, ids kept)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from tieline import cli

LINES = [
    {"id": "a1", "text": "Iran resumed aid to Hamas.", "date": "2017-05-30"},
    {"id": 7, "text": "Hamas criticized Egypt on Tuesday. Israel launched an attack on Hamas.", "date": "2017-05-31"},
    {"id": "a3", "text": "The weather in Cairo was warm."},
    {"id": "a4", "text": "The US president met the Iranian foreign minister.", "date": "2018-06-01"},
]


@pytest.fixture
def runner(tl, monkeypatch):
    """The CLI with the session's Tieline (no second spaCy load)."""
    from tieline.api import Tieline

    monkeypatch.setattr(cli, "_tieline", lambda kb=None: tl if kb is None else Tieline(kb_files=[kb], nlp=tl.nlp))
    return CliRunner()


def run(runner, cmd, lines):
    stdin = "".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines)
    res = runner.invoke(cli.app, [cmd], input=stdin)
    out = [json.loads(x) for x in res.stdout.splitlines() if x.strip()]
    return res, out


def test_code_one_line_per_input_same_order(runner):
    res, out = run(runner, "code", LINES)
    assert res.exit_code == 0, res.output
    assert [o["id"] for o in out] == ["a1", 7, "a3", "a4"]
    assert [e["type"] for e in out[0]["events"]] == ["AID"]
    assert [e["type"] for e in out[1]["events"]] == ["ACCUSE", "ASSAULT"]
    assert out[1]["events"][0]["date"] == "2017-05-30"
    assert out[2]["events"] == []
    ev = out[0]["events"][0]
    assert ev["source"][0]["code"] == "IRN" and ev["target"][0]["entity"] == "Hamas"
    assert ev["published"] == "2017-05-30"
    assert ev["sentence"] == "Iran resumed aid to Hamas." and ev["sentence_start"] == 0


def test_tag_one_line_per_input_same_order(runner):
    res, out = run(runner, "tag", LINES)
    assert res.exit_code == 0, res.output
    assert [o["id"] for o in out] == ["a1", 7, "a3", "a4"]
    a1 = out[0]["actors"]
    assert [(a["text"], a["code"]) for a in a1] == [("Iran", "IRN"), ("Hamas", "PSE")]
    text = LINES[0]["text"]
    assert all(text[a["start"] : a["end"]] == a["text"] for a in a1)
    a4 = {a["text"]: a for a in out[3]["actors"]}
    assert a4["US president"]["entity"] == "Donald Trump"


@pytest.mark.parametrize("cmd, key", [("code", "events"), ("tag", "actors")])
def test_malformed_line_is_reported_not_fatal(runner, cmd, key):
    lines = [LINES[0], "{not json", json.dumps({"id": "x", "text": 42}), json.dumps(["a list"]), LINES[3]]
    res, out = run(runner, cmd, lines)
    assert res.exit_code == 3  # finished, some records skipped (docs/cli.md: exit codes)
    assert len(out) == 5
    assert out[0]["id"] == "a1" and out[0][key]
    assert all(o[key] == [] and o["error"] for o in out[1:4])
    assert out[2]["id"] == "x"  # a record with an id but no text is answered under its id
    assert out[4]["id"] == "a4" and out[4][key]
    assert "line 2" in res.stderr and "line 3" in res.stderr and "line 4" in res.stderr


def test_tag_with_user_kb(runner, tmp_path):
    kb = tmp_path / "mine.yaml"
    kb.write_text("organizations:\n  - {id: tulkarm-battalion, name: Tulkarm Battalion, code: PSE, sector: REB}\n")
    stdin = json.dumps({"id": 1, "text": "The Tulkarm Battalion attacked an Israeli checkpoint."}) + "\n"
    res = runner.invoke(cli.app, ["tag", "--kb", str(kb)], input=stdin)
    acts = json.loads(res.stdout)["actors"]
    assert any(a["entity"] == "Tulkarm Battalion" and a["code"] == "PSE" for a in acts), acts


def test_blank_lines_are_skipped(runner):
    stdin = json.dumps(LINES[0]) + "\n\n" + json.dumps(LINES[2]) + "\n"
    res = runner.invoke(cli.app, ["code"], input=stdin)
    assert [json.loads(x)["id"] for x in res.stdout.splitlines()] == ["a1", "a3"]


def test_code_subprocess_end_to_end():
    """The installed command, as other tools call it."""
    stdin = "\n".join(json.dumps(l) for l in LINES[:2]) + "\n"
    env = dict(os.environ, TIELINE_KB="")
    p = subprocess.run(
        [sys.executable, "-m", "tieline.cli", "code"], input=stdin, capture_output=True, text=True, timeout=120, env=env
    )
    assert p.returncode == 0, p.stderr[-2000:]
    out = [json.loads(x) for x in p.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a1", 7]
    assert out[0]["events"][0]["type"] == "AID"


@pytest.mark.parametrize("cmd", ["code", "tag"])
def test_code_and_tag_end_without_teardown_and_lose_no_output(cmd):
    """The stdin filters end the process without the interpreter's teardown (cli.main): every
    line is still written (the buffer is flushed first) and the exit status is kept."""
    lines = [json.dumps({"id": i, "text": "The weather in Cairo was warm."}) for i in range(300)] + ["{not json"]
    env = dict(os.environ, TIELINE_KB="")
    p = subprocess.run(
        [sys.executable, "-m", "tieline.cli", cmd],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert p.returncode == 3, p.stderr[-2000:]  # finished, one record skipped
    out = [json.loads(x) for x in p.stdout.splitlines()]
    assert [o["id"] for o in out] == list(range(300)) + [None]
    assert "line 301" in p.stderr


def test_code_with_workers_gives_the_same_lines(runner, monkeypatch):
    """Issue 12: `tieline code --workers 2` codes chunks in worker processes; same lines, same order,
    and a bad record still answered with its error."""
    chunks = cli._chunks
    monkeypatch.setattr(cli, "_chunks", lambda items, n: chunks(items, 2))  # several chunks
    lines = LINES + ["{not json", {"id": "a6", "text": "Turkey condemned the attack on its embassy."}]
    res1, one = run(runner, "code", lines)
    stdin = "".join((l if isinstance(l, str) else json.dumps(l)) + "\n" for l in lines)
    res2 = runner.invoke(cli.app, ["code", "--workers", "2"], input=stdin)
    two = [json.loads(x) for x in res2.stdout.splitlines() if x.strip()]
    assert res1.exit_code == res2.exit_code
    assert one == two and len(two) == len(lines)
    assert two[4].get("error")
