"""Data commands: ``load``, ``datasets``, ``actors``, ``show``, ``timeline``."""

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kingmaker.cli.common import (
    AsOfOption, DbOption, JsonOption, console, emit_json, err_console, open_store, parse_as_of,
)
from kingmaker.errors import InvalidInput


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("datasets")(datasets)
    app.command("actors")(actors)
    app.command("show")(show)
    app.command("timeline")(timeline)


def load(
    files: Annotated[list[Path], typer.Argument(help="Case files or data files to load.")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="Input format; default: detect.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Load files into the store: all of them, or — if any has an error — none."""
    with open_store(db, write=True) as km:
        try:
            report = km.load(*files, format=format)
        except InvalidInput as exc:
            if json:
                emit_json({"ok": False, "errors": [p.__dict__ for p in exc.problems if p.severity == "error"]})
            raise
        if json:
            emit_json({
                "ok": True,
                "datasets": [{"id": r.dataset.id, "file": r.dataset.file, "status": r.status, "counts": r.counts,
                              "reader": report.readers.get(r.dataset.id)} for r in report.results],
                "warnings": [w.__dict__ for w in report.warnings],
            })
            return
        for r in report.results:
            counts = ", ".join(f"{v} {k}" for k, v in r.counts.items() if v)
            console.print(f"[green]{r.status}[/] {escape(r.dataset.id)} from {escape(r.dataset.file)} ({counts})")
            reader = report.readers.get(r.dataset.id)
            if reader and r.status != "unchanged":
                console.print(f"  read {'in DuckDB (the bulk lane)' if reader == 'sql' else escape(reader)}")
        for w in report.warnings:
            err_console.print(f"[yellow]warning:[/] {escape(str(w))}")
        console.print(f"store: {km.path}")


def datasets(
    remove: Annotated[Optional[list[str]], typer.Option(
        "--remove", metavar="DATASET",
        help="Remove this dataset (an id as listed, e.g. edges-csv:register) and its facts, in one transaction; "
             "actors another dataset still names stay. Repeat for several.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List the datasets in the store with their provenance, or remove some (``--remove``).

    Removing a dataset takes back what its file stated — actors only it vouches for, its relations, events,
    evidence, identifiers — as if it had never been loaded; an actor another dataset names stays, with that
    dataset's record. All the ids are checked before anything is removed, and all are removed in one
    transaction, so a bad id loses nothing."""
    if remove:
        _remove_datasets(remove, db, json)
        return
    with open_store(db) as km:
        rows = km.store.datasets()
        if json:
            emit_json([{"id": d.id, "title": d.title, "format": d.format, "file": d.file, "sha256": d.sha256,
                        "loaded_at": d.loaded_at.isoformat() if d.loaded_at else None, "counts": d.counts}
                       for d in rows])
            return
        table = Table("dataset", "format", "file", "loaded", "contents")
        for d in rows:
            table.add_row(escape(d.id), d.format, escape(d.file), str(d.loaded_at)[:19],
                          ", ".join(f"{v} {k}" for k, v in (d.counts or {}).items() if v))
        console.print(table)


def _remove_datasets(ids: list[str], db: Path | None, json: bool) -> None:
    from kingmaker.errors import UserError

    with open_store(db, write=True, create=False) as km:
        known = {d.id for d in km.store.datasets()}
        unknown = [i for i in dict.fromkeys(ids) if i not in known]
        if unknown:
            listed = ", ".join(sorted(known)[:10]) + (" …" if len(known) > 10 else "")
            raise UserError(f"--remove: no dataset {', '.join(map(repr, unknown))} in {km.path}; "
                            + (f"its datasets: {listed}" if known else "it holds no datasets"))
        removed = km.store.remove_datasets(list(dict.fromkeys(ids)))
        if json:
            emit_json({"ok": True, "removed": removed})
            return
        for dataset_id in removed:
            console.print(f"[green]removed[/] {escape(dataset_id)}")
        console.print(f"store: {km.path}")


def actors(
    kind: Annotated[Optional[str], typer.Option("--kind", help="Only actors of this kind (person, company, …).")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """List actors."""
    from kingmaker.model import ActorKind
    from kingmaker.serialize import actor_to_dict

    if kind is not None and kind not in ActorKind.__members__:
        from kingmaker.errors import UserError

        raise UserError(f"--kind {kind!r}: use one of {', '.join(ActorKind.__members__)}")
    with open_store(db) as km:
        found = km.actors(kind)
        if json:
            emit_json([actor_to_dict(a) for a in found])
            return
        if not found:
            from kingmaker.session import EMPTY_HINT

            empty = km.store.counts().get("actors", 0) == 0
            err_console.print(f"no actors{f' of kind {kind}' if kind else ''} in {km.path}"
                              + (EMPTY_HINT if empty else ""), highlight=False, soft_wrap=True)
            return
        table = Table("id", "kind", "name", "jurisdiction")
        for a in found:
            table.add_row(escape(a.id), a.kind.value, escape(a.name), escape(a.jurisdiction or ""))
        console.print(table)


def show(
    actor: Annotated[str, typer.Argument(help="Actor id (see `kingmaker actors`).")],
    as_of: AsOfOption = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Show an actor's ties in and out on a date, with their evidence."""
    from kingmaker.report.account import describe_relation
    from kingmaker.serialize import ties_payload

    day = parse_as_of(as_of)
    with open_store(db) as km:
        a = km.actor(actor)
        snap = km.local_snapshot(a, day)
        names = {x.id: x.name for x in snap.actors.values()}
        ties_out, ties_in = snap.ties_out(a.id), snap.ties_in(a.id)
        if json:
            prov = km.store.relation_provenance(r.id for r in ties_out + ties_in)
            emit_json(ties_payload(snap, a.id, prov))
            return
        evidence = list(snap.evidence.values())
        sources = snap.sources
        console.print(f"[bold]{escape(a.name)}[/] ({a.kind.value}, id {escape(a.id)}) as of {snap.as_of}")
        for title, rels in (("ties in (held over this actor)", ties_in), ("ties out (held by this actor)", ties_out)):
            table = Table(title=title, title_justify="left")
            for col in ("relation", "tie", "valid", "evidence"):
                table.add_column(col, overflow="fold")  # ids are wrapped, never cut with "…"
            for r in rels:
                valid = f"{r.valid_from or '…'} → {r.valid_to or '…'}"
                table.add_row(escape(r.id), escape(describe_relation(r, names)), valid, escape(", ".join(r.evidence)))
            console.print(table if rels else f"{title}: none")
        for d in km.store.designations(as_of=snap.as_of, actor=a.id):  # sanctions and export-control listings
            console.print(f"[bold red]listed[/] on {escape(d.list)}" + (f", program {escape(d.program)}" if d.program else "")
                          + (f", since {d.listed_from}" if d.listed_from else "") + " — `kingmaker screen` tells what it catches",
                          highlight=False)
        if evidence:
            console.print("[bold]evidence[/]")
            for e in evidence:
                src = sources.get(e.source)
                text = f"“{e.quote}”" if e.quote else (e.reference or "")
                where = f"{src.title} ({src.publisher}, {src.date})" if src else e.source
                console.print(f"  {escape(e.id)} [{e.reliability.value}] {escape(text)} — {escape(where)}")


def timeline(
    actor: Annotated[str, typer.Argument(help="Actor id.")],
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Everything dated that involves an actor: events and ties starting or ending."""
    with open_store(db) as km:
        entries = km.timeline(actor)
        if json:
            emit_json([{"date": t.date.isoformat(), "what": t.what, "text": t.text,
                        "event": t.event.id if t.event else None,
                        "relation": t.relation.id if t.relation else None} for t in entries])
            return
        table = Table("date", "what", "")
        for t in entries:
            table.add_row(t.date.isoformat(), t.what, escape(t.text))
        console.print(table)
