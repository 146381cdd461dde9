"""``kingmaker extract``: propose facts from an article (German or English) as a candidate fragment."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from kingmaker.cli.common import JsonOption, console, emit_json, err_console
from kingmaker.errors import UserError


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
    index = ActorIndex()
    if against is not None:
        import kingmaker

        with kingmaker.open(against, read_only=True) as km:
            index = ActorIndex(km.actors())
    elif actors is not None:
        index = ActorIndex.from_case_file(actors)
    ex = extract_file(file, lang, index, author, date)
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
