"""The CLI reference (docs/cli.md), generated from the commands' own ``--help``.

``python -m lockstep.cli.reference > docs/cli.md`` regenerates it; a test fails when the
file is out of date, so no command or option goes undocumented.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

HEADER = """# CLI reference

Generated from `lockstep ... --help` by `python -m lockstep.cli.reference > docs/cli.md`;
do not edit by hand (a test checks it is current). Assays are given in percent on the
command line; every command that prints data has `--json` with documented keys (see
docs/data.md, docs/agreement.md, docs/breakout.md, docs/compliance.md, docs/roadmap.md).
User mistakes print one line on stderr and exit with code 2.
"""


def _paths() -> Iterator[tuple[str, ...]]:
    import typer.main

    from lockstep.cli.main import app

    group = typer.main.get_command(app)
    yield ()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        yield (name,)
        for sub in getattr(command, "commands", {}):
            yield (name, sub)


def _help(path: tuple[str, ...]) -> str:
    from typer.testing import CliRunner

    from lockstep.cli.main import app

    result = CliRunner().invoke(
        app, [*path, "--help"], prog_name="lockstep", env={"COLUMNS": "100"}
    )
    return result.output.rstrip()


def reference_markdown() -> str:
    """The whole reference as Markdown."""
    os.environ["COLUMNS"] = "100"
    parts = [HEADER]
    for path in _paths():
        title = " ".join(("lockstep", *path))
        parts.append(f"\n## `{title}`\n\n```text\n{_help(path)}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    print(reference_markdown(), end="")
