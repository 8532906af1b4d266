"""The ``lockstep`` command line: one Typer app, one module per command group.

User mistakes (bad options, bad files, impossible requests) print one line on stderr
and exit with code 2; they never show a traceback.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import typer

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

for _name in COMMANDS:
    importlib.import_module(f"lockstep.cli.{_name}").register(app)


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
        result = app(args=args, prog_name="lockstep", standalone_mode=False)
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
