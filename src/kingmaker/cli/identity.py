"""``kingmaker identity``: one actor per identifier — the merges in effect, and merges or splits stated by hand.

Records that share an identifier are one actor in every answer (:mod:`kingmaker.model.identity`). A user
can join two records that share none, or keep apart two that do, in a small CSV file::

    # action,first,second,note
    merge,bods:acme-a,gb-psc:0123:x,same company: the annual report names both
    split,bods:jo-1,bods:jo-2,two people of the same name

A case file can state the same in its ``identity`` section (docs/case-format.md); those rules belong to
its dataset. ``kingmaker identity apply FILE`` checks every line against the store (unknown ids, a person merged with a
company, a line naming one actor twice are refused with ``file:line``, and then nothing changes) and
keeps the rules; ``kingmaker identity undo FIRST SECOND`` takes a rule back; ``kingmaker identity list``
shows the merges in effect on a date, the warnings and the rules.
"""

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from kingmaker.cli.common import AsOfOption, DbOption, JsonOption, console, emit_json, err_console, open_store, parse_as_of
from kingmaker.errors import InvalidInput, Problem, UserError

identity_app = typer.Typer(help="One actor per identifier: merges in effect; merges and splits stated by hand.",
                           no_args_is_help=True)


def read_rules(path: Path) -> tuple[list, list[Problem]]:
    """The rules in a merge file, and the problems of its lines (shape only; ids are checked against a store)."""
    from kingmaker.model.identity import IdentityRule

    if not path.exists():
        raise UserError(f"{path}: no such file")
    rules, problems = [], []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        raise InvalidInput([Problem(str(path), f"not a readable text file: {exc}")]) from None
    import csv

    for line_no, row in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in row]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if len(cells) < 3 or cells[0].lower() not in ("merge", "split") or not cells[1] or not cells[2]:
            problems.append(Problem(str(path), "a line is: merge|split,FIRST-ID,SECOND-ID[,note]", line_no,
                                    hint="e.g. merge,bods:acme-a,gb-coh:01234567,same company"))
            continue
        rules.append(IdentityRule(cells[0].lower(), cells[1], cells[2], f"{path.name}:{line_no}",
                                  ",".join(cells[3:]) or None))
    return rules, problems


@identity_app.command("apply")
def apply_cmd(file: Annotated[Path, typer.Argument(help="CSV lines: merge|split,FIRST-ID,SECOND-ID[,note].")],
              db: DbOption = None) -> None:
    """Keep the merges and splits of FILE (all of them, or — if any line is wrong — none)."""
    from kingmaker.model.identity import check_rules

    rules, problems = read_rules(file)
    with open_store(db, write=True) as km:
        actors = {a.id: a for a in km.store.actors()}
        for r in rules:
            for message in check_rules([r], actors):
                problems.append(Problem(str(file), message.split(": ", 1)[1], int(r.origin.rsplit(":", 1)[1]),
                                        field=r.action))
        if problems:
            raise InvalidInput(sorted(problems, key=lambda p: p.line or 0))
        kept = km.store.identity_rules()
        new = [r for r in rules if (r.action, r.first, r.second) not in {(k.action, k.first, k.second) for k in kept}]
        km.store.set_identity_rules(kept + new)
        console.print(f"kept {len(new)} rule(s) from {escape(str(file))}; {len(kept) + len(new)} in the store")


@identity_app.command("undo")
def undo_cmd(first: Annotated[str, typer.Argument(help="One actor id of the rule.")],
             second: Annotated[str, typer.Argument(help="The other actor id.")], db: DbOption = None) -> None:
    """Take back the merge or split stated by hand between FIRST and SECOND."""
    with open_store(db, write=True, create=False) as km:
        kept = km.store.identity_rules()
        left = [r for r in kept if {r.first, r.second} != {first, second}]
        if len(left) == len(kept):
            raise UserError(f"no merge or split between {first!r} and {second!r}; see `kingmaker identity list`")
        km.store.set_identity_rules(left)
        console.print(f"took back {len(kept) - len(left)} rule(s) between {escape(first)} and {escape(second)}")


@identity_app.command("list")
def list_cmd(as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None) -> None:
    """The actors merged from several records on a date, the warnings, and the rules stated by hand."""
    with open_store(db) as km:
        snap = km.snapshot(parse_as_of(as_of))
        rules = km.store.identity_rules()
    res = snap.identity
    merges = res.merges if res else []
    warnings = res.warnings if res else []
    if json:
        emit_json({"as_of": snap.as_of, "merges": [{"actor": m.canonical, "members": list(m.members),
                                                    "reasons": list(m.reasons), "conflicts": list(m.conflicts)}
                                                   for m in merges],
                   "warnings": warnings, "rules": [r.__dict__ for r in rules]})
        return
    for m in merges:
        console.print(escape(str(m)), highlight=False)
    for w in warnings:
        err_console.print(f"[yellow]warning:[/] {escape(w)}", highlight=False)
    for r in rules:
        console.print(escape(f"rule ({r.origin}): {r.action} {r.first} {r.second}" + (f" — {r.note}" if r.note else "")),
                      highlight=False)
    if not (merges or warnings or rules):
        console.print("no actor is merged from several records")


def register(app: typer.Typer) -> None:
    app.add_typer(identity_app, name="identity")


__all__ = ["register"]
