"""The ``lockstep`` command line: one Typer app, one module per command group.

User mistakes (bad options, bad files, impossible requests) print one line on stderr
and exit with code 2; they never show a traceback.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from functools import cache
from typing import Annotated

import typer
from typer import _click

from lockstep.cli._options import finite_floats
from lockstep.errors import LockstepError

app = typer.Typer(
    name="lockstep",
    help="An open, tested model of the Iran nuclear deal: compliance, breakout, return plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

#: Command modules (``lockstep.cli.<name>``), each with ``register(app)``; help lists
#: commands in this order. Command modules import their heavy dependencies lazily.
COMMANDS = (
    "demo",
    "status",
    "state",
    "breakout",
    "compliance",
    "plan",
    "no_return",
    "sweep",
    "agreement",
    "record",
    "enrich",
    "cascade",
    "centrifuges",
    "brief",
    "export",
    "serve",
)


def _version(value: bool) -> None:
    if value:
        from lockstep import __version__

        typer.echo(f"lockstep {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Print the version and exit.", is_eager=True, callback=_version
        ),
    ] = False,
) -> None:
    """An open, tested model of the Iran nuclear deal: compliance, breakout, return plans."""


for _name in COMMANDS:
    importlib.import_module(f"lockstep.cli.{_name}").register(app)


def _app_for(name: str | None) -> typer.Typer:
    """``app`` with only the command (or command group) ``name``, when there is one.

    Typer turns every command's signature into Click options when it builds the group,
    which is most of ``lockstep --help``'s own time; a command run by name needs only its
    own. Help, ``--version`` and unknown names get the whole app.
    """
    if name is None or name.startswith("-"):
        return app
    only = typer.Typer(
        name=app.info.name,
        help=app.info.help,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
    )
    only.registered_callback = app.registered_callback
    for info in app.registered_commands:
        named = info.name or typer.main.get_command_name(info.callback.__name__)  # type: ignore[union-attr]
        if named == name:
            only.registered_commands = [info]
            return only
    for group in app.registered_groups:
        instance = group.typer_instance
        if group.name == name or (instance is not None and instance.info.name == name):
            only.registered_groups = [group]
            return only
    return app


@cache
def command(name: str | None = None) -> _click.Command:
    """The Click command behind ``app``, with the checks shared by every option applied.

    Parameters
    ----------
    name
        The command about to run (the first argument): only it is built. None: all.
    """
    built: _click.Command = finite_floats(typer.main.get_command(_app_for(name)))
    return built


def _one_line(message: str) -> str:
    return " ".join(message.split())


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console-script entry point).

    Parameters
    ----------
    argv
        Arguments after the program name; ``None`` reads ``sys.argv``.

    Returns
    -------
    int
        0 on success, 2 for a usage or data error, 1 for an abort.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        first = args[0] if args else None
        result = command(first).main(args=args, prog_name="lockstep", standalone_mode=False)
    except typer.Exit as exc:
        code = int(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        code = 1
    except typer.TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help())
            code = 0
        else:
            where = f"{ctx.command_path}: " if ctx is not None else "lockstep: "
            typer.echo(f"error: {where}{_one_line(exc.format_message())}", err=True)
            code = 2
    except LockstepError as exc:
        typer.echo(f"error: {_one_line(str(exc))}", err=True)
        code = 2
    except BrokenPipeError:
        code = 0
    else:
        code = result if isinstance(result, int) else 0
    if argv is None:
        raise SystemExit(code)
    return code
