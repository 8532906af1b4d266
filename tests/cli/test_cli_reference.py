"""docs/cli.md is generated from the commands' --help and must be current."""

from __future__ import annotations

from pathlib import Path

from lockstep.cli.reference import reference_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def test_cli_reference_is_current() -> None:
    expected = reference_markdown()
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/cli.md is out of date: run `python -m lockstep.cli.reference > docs/cli.md`"
    )


def test_every_command_has_a_section() -> None:
    import typer.main

    from lockstep.cli.main import app

    text = DOC.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        assert f"## `lockstep {name}`" in text
    assert {"plan", "no-return", "serve", "brief", "export"} <= set(group.commands)  # type: ignore[attr-defined]
