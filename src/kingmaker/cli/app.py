"""The Typer application and the entry point that turns errors into exit codes.

Each command group lives in its own module under ``kingmaker.cli`` and exposes ``register(app)``.
"""

import importlib
import sys
from typing import Annotated

import typer
from rich.markup import escape

from kingmaker.cli.common import err_console
from kingmaker.errors import KingmakerError

app = typer.Typer(
    name="kingmaker",
    help="Who really controls whom? Formal control, voting power and de facto leverage, with evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # help and usage errors as click writes them: typer's rich help (typer.rich_utils) imports rich's
    # Markdown and Traceback renderers, a third of `kingmaker --help`'s start-up (bench/bench_startup.py)
    rich_markup_mode=None,
)



def _print_version(value: bool) -> None:
    if value:
        from kingmaker import __version__

        sys.stdout.write(f"kingmaker {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                                help="Print the version and exit.")] = False) -> None:
    """Who really controls whom? Formal control, voting power and de facto leverage, with evidence."""


# Command modules, in the order their commands appear in --help.
COMMAND_MODULES = [
    "kingmaker.cli.data",         # load, actors, show, timeline, datasets
    "kingmaker.cli.interchange",  # validate, export
    "kingmaker.cli.power",        # power
    "kingmaker.cli.ownership",    # ubo, owners, control, synth
    "kingmaker.cli.identity",     # identity list / apply / undo
    "kingmaker.cli.screening",    # screen, subsidiaries, diff, audit
    "kingmaker.cli.assess",       # assess, scenario, replay
    "kingmaker.cli.extract",      # extract
    "kingmaker.cli.serve",        # serve
    "kingmaker.cli.demo",         # demo
]

for _name in COMMAND_MODULES:
    try:
        importlib.import_module(_name).register(app)
    except ModuleNotFoundError as exc:  # a command group whose module is not present yet
        if exc.name != _name:
            raise


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; user mistakes exit 2 with a message, other known failures exit 1, no traceback."""
    try:
        rc = app(args=argv, standalone_mode=False)
    except KingmakerError as exc:
        err_console.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return exc.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except SystemExit as exc:  # click raises this for usage errors in standalone mode
        return int(exc.code or 0)
    except Exception as exc:  # click's usage errors (typer vendors its own click)
        if hasattr(exc, "show") and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            return exc.exit_code
        raise
    return rc if isinstance(rc, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
