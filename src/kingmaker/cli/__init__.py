"""The ``kingmaker`` command line (Typer + rich). See docs/cli.md."""
from kingmaker.cli.app import app, main

__all__ = ["app", "main"]
