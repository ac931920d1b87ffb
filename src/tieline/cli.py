"""The `tieline` command: a thin layer that parses arguments, calls the package API and prints.

Heavy modules (spaCy, trafilatura) are imported inside the commands that need them, so that
`tieline --help` and `tieline extract` start fast.
"""
from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

app = typer.Typer(help="Tieline: who did what to whom, when, according to whom, and how ties move.",
                  no_args_is_help=True, add_completion=False)

DbOpt = typer.Option(None, "--db", help="Database path or postgresql:// URL (default: $TIELINE_DB or ./tieline.duckdb).")


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
    raise typer.Exit(1 if failed else 0)


@app.command()
def version():
    """Print Tieline's version."""
    from . import __version__
    typer.echo(__version__)


def main() -> None:  # console entry point
    app()


if __name__ == "__main__":
    main()
