"""The CLI reference (docs/cli.md), generated from the typer app so that it cannot drift:

python -m tieline.clidoc > docs/cli.md      # regenerate
python -m tieline.clidoc --check docs/cli.md   # exit 1 when the file differs (run by the tests)
"""

from __future__ import annotations

import sys

HEAD = """# Command-line reference

Generated from the code by `python -m tieline.clidoc > docs/cli.md` (a test fails when this file
and the code disagree). `tieline COMMAND -h` prints the same in the terminal.

Exit codes: 0 all went well; 1 an unexpected error; 2 a usage error (bad option, missing
database); 3 finished, but some inputs or records were quarantined (each reported); 130 stopped by
Ctrl-C (what was stored is kept; run the same command again to finish).
"""


def _is_group(cmd) -> bool:
    return hasattr(cmd, "commands")  # typer vendors click: duck typing, not isinstance


def _is_argument(p) -> bool:
    return getattr(p, "param_type_name", "") == "argument"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _commands(group, prefix: str = "tieline"):
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if getattr(cmd, "hidden", False):
            continue
        yield f"{prefix} {name}", cmd
        if _is_group(cmd):
            yield from _commands(cmd, f"{prefix} {name}")


def _default(p) -> str:
    d = p.default
    if d is None or d is False or d == () or d == []:
        return ""
    if callable(d):
        return ""
    return f" (default: `{d}`)"


def reference() -> str:
    """Markdown for every command: usage line, help text, arguments and options."""
    import typer

    from .cli import app

    root = typer.main.get_command(app)
    out = [HEAD]
    for path, cmd in _commands(root):
        if _is_group(cmd):
            out.append(
                f"## `{path}`\n\n{(cmd.help or '').strip()}\n\nSubcommands: "
                + ", ".join(f"`{n}`" for n in sorted(cmd.commands))
                + ".\n"
            )
            continue
        args = " ".join(p.name.upper() + ("..." if p.nargs == -1 else "") for p in cmd.params if _is_argument(p))
        out.append(f"## `{path}`\n\n    {path} [OPTIONS]{' ' + args if args else ''}\n\n{(cmd.help or '').strip()}\n")
        rows = []
        for p in cmd.params:
            if _is_argument(p):
                rows.append(f"| `{p.name.upper()}` | {_cell(getattr(p, 'help', None) or '')} |")
            elif "--help" not in p.opts:
                opts = ", ".join(f"`{o}`" for o in p.opts + p.secondary_opts)
                rows.append(f"| {opts} | {_cell(p.help or '')}{_default(p)} |")
        if rows:
            out.append("| argument or option | what it does |\n|---|---|\n" + "\n".join(rows) + "\n")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    text = reference()
    if argv[:1] == ["--check"]:
        path = argv[1] if len(argv) > 1 else "docs/cli.md"
        with open(path, encoding="utf-8") as f:
            if f.read() != text:
                print(f"{path} is out of date: python -m tieline.clidoc > {path}", file=sys.stderr)
                return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
