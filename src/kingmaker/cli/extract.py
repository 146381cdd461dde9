"""``kingmaker extract``: propose facts from an article (German or English) as a candidate fragment."""

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from kingmaker.cli.common import JsonOption, console, emit_json, err_console
from kingmaker.errors import UserError


LONG_TEXT = 200_000
"""Texts longer than this (characters) show a progress bar on the terminal."""


def _extract_with_progress(file, lang, index, author, date, extract_file):
    """Run the extraction; a file of more than :data:`LONG_TEXT` bytes shows a progress bar on stderr."""
    try:
        size = file.stat().st_size if file.is_file() else 0
    except OSError:
        size = 0
    if size <= LONG_TEXT:
        return extract_file(file, lang, index, author, date)
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("extracting"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                  console=err_console, transient=True) as bar:
        task = bar.add_task("extract", total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return extract_file(file, lang, index, author, date, step)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)


def extract(
    file: Annotated[Path, typer.Argument(help="Article: plain text or a saved HTML page.")],
    lang: Annotated[str, typer.Option("--lang", help="auto, de or en.")] = "auto",
    against: Annotated[Optional[Path], typer.Option("--against", help="Store whose actors to link to.")] = None,
    actors: Annotated[Optional[Path], typer.Option("--actors", help="Case file whose actors to link to.")] = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the candidate fragment (YAML) here.")] = None,
    review: Annotated[bool, typer.Option("--review", help="Accept, edit or reject each candidate now.")] = False,
    author: Annotated[Optional[str], typer.Option("--author", help="Author of the article's claims.")] = None,
    date: Annotated[Optional[str], typer.Option("--date", help="Date of the article (YYYY-MM-DD).")] = None,
    json: JsonOption = False,
) -> None:
    """Propose actors, relations, events and claims stated in an article, each with its sentence."""
    from kingmaker.extract import ActorIndex, extract_file
    from kingmaker.extract.fragment import candidates_json, dump_yaml, to_fragment

    if against is not None and not against.exists():
        raise UserError(f"--against {against}: no such store")
    if against is not None:
        import kingmaker

        # read as every reading command reads ("shared"): name rows a BODS bulk load left to be made are made and
        # kept by this opening when no other process holds the store, not computed again by each run
        with kingmaker.open(against, read_only="shared", wait=5.0) as km:
            # the store's actors this text may name, looked up by name in DuckDB (not the whole store)
            ex = _extract_with_progress(file, lang, ActorIndex.for_store(km.store), author, date, extract_file)
    else:
        index = ActorIndex.from_case_file(actors) if actors is not None else ActorIndex()
        ex = _extract_with_progress(file, lang, index, author, date, extract_file)
    if not ex.candidates:
        err_console.print(f"{escape(str(file))}: no facts found ({len(ex.text):,} characters read, language {ex.lang}); "
                          "extract knows ownership, control, funding, staff, deals, regulatory actions and claims")
    if json and not review:
        emit_json(candidates_json(ex))
        return
    frag = to_fragment(ex)
    if review:
        from kingmaker.extract.review import review as run_review

        frag = run_review(frag, console)
    text = dump_yaml(frag)
    if out is None:
        console.print(text, markup=False, highlight=False, soft_wrap=True)
        return
    out.write_text(text, encoding="utf-8")
    left = sum(1 for s in ("actors", "relations", "events", "claims") for r in frag.get(s) or [] if "candidate" in r)
    err_console.print(f"wrote {escape(str(out))}: {len(ex.candidates)} facts, {len(ex.actors)} new actors"
                      + (f", {left} still candidates" if left else ", reviewed"))
