"""Interchange commands: ``validate`` (check a file without loading it) and ``export``."""

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from kingmaker.cli.common import DbOption, JsonOption, console, emit_json, err_console, open_store, parse_as_of
from kingmaker.errors import InvalidInput, UserError


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("export")(export)


def validate(
    file: Annotated[Path, typer.Argument(help="Data file to check (BODS, FtM, GLEIF, PSC, case file, edges CSV).")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="Input format; default: detect.")] = None,
    json: JsonOption = False,
    db: Annotated[Optional[Path], typer.Option("--db", help="Also check against this store, as `load` into it "
                                               "would: its actors are known ids, an actor it holds as another "
                                               "kind or an id another dataset uses is refused, and a merge the "
                                               "file states with one of them is checked (a person with a company "
                                               "is refused). Without it the file is checked alone.")] = None,
) -> None:
    """Read and check a file as `load` would, without writing anything; exit 2 if it has errors."""
    from kingmaker.io.bods.reader import sql_lane_wanted
    from kingmaker.io.registry import format_for

    if not file.exists():
        raise UserError(f"{file}: no such file")
    fmt = format_for(file, format)
    try:
        if fmt.name == "bods" and sql_lane_wanted(file):
            counts, warnings = _check_by_loading(file, fmt.name, db)
        else:
            # as a one-file load: a reader that resolves its own file's records needs no first pass over it
            # (an edge list with kind columns was parsed twice: declared_actors, then read)
            declared = set() if fmt.resolves_own_records else fmt.declared_actors(file)
            result = fmt.read(file, declared | _stored_ids(db))
            warnings = result.warnings + _share_warnings(result)
            case = result.case
            _check_rules_against_store(case, db)
            _check_clashes_with_store(file, case, result.dataset, db)
            counts = {"actors": len(case.actors), "relations": len(case.relations), "evidence": len(case.evidence),
                      "sources": len(case.sources)}
        errors = []
    except InvalidInput as exc:
        errors = [p for p in exc.problems if p.severity == "error"]
        warnings = [p for p in exc.problems if p.severity != "error"]
        counts = {}
    if json:
        emit_json({"file": str(file), "format": fmt.name, "ok": not errors, "counts": counts,
                   "errors": [p.__dict__ for p in errors], "warnings": [p.__dict__ for p in warnings]})
        if errors:
            raise UserError(f"{file}: {len(errors)} error(s); see the JSON above")
        return
    for p in warnings:
        err_console.print(f"[yellow]warning:[/] {escape(str(p))}")
    what = ", ".join(f"{v} {k}" for k, v in counts.items())
    if errors:
        raise InvalidInput(errors)  # printed by the entry point, exit code 2
    console.print(f"[green]valid[/] {fmt.name}: {escape(str(file))}" + (f" ({what})" if what else "")
                  + f"; {len(warnings)} warning(s)")


def _stored_ids(db: Path | None) -> set[str]:
    """The actor ids of the store ``validate --db`` checks against (opened read-only); none without it."""
    if db is None:
        return set()
    with open_store(db) as km:
        return km.store.actor_ids()


def _check_rules_against_store(case, db: Path | None) -> None:
    """The check the store makes as it keeps a file's merges and splits
    (:meth:`kingmaker.store.store.Store.write_cases`), against the file's actors and the store's."""
    from kingmaker.model.identity import rule_problems

    if not case.identity or db is None:
        return
    named = {x for r in case.identity for x in (r.first, r.second)}
    with open_store(db) as km:
        actors = {a.id: a for a in km.store.actors_by_id(named)}
    problems = rule_problems(case.identity, {**actors, **{a.id: a for a in case.actors}})
    if problems:
        raise InvalidInput(problems)


def _check_clashes_with_store(file: Path, case, dataset, db: Path | None) -> None:
    """The checks a load makes against the store's rows as it writes the file (an id another dataset uses, an
    actor stored as another kind: :meth:`kingmaker.store.store.Store.check_clashes`), as one error naming the
    file — ``validate --db`` accepted what ``load`` then refused."""
    from kingmaker.errors import Problem
    from kingmaker.io.streaming import recall_kind_defaults

    if db is None:
        return
    with open_store(db) as km:
        try:
            km.store.check_clashes(case, dataset.id, recall_kind_defaults(km.store))
        except InvalidInput:
            raise
        except UserError as exc:
            raise InvalidInput([Problem(str(file), str(exc))]) from None


def _share_warnings(result) -> list:
    """The warnings ``load`` gives for certain shares adding up to over 100 % in one subject, for this file
    alone: its ownership relations written to a throwaway in-memory store and checked by the same query."""
    from kingmaker.io.streaming import share_warnings
    from kingmaker.model import Case
    from kingmaker.model.kinds import OWNERSHIP_KINDS
    from kingmaker.store import Store

    owning = [r for r in result.case.relations if r.share is not None and r.kind.value in OWNERSHIP_KINDS]
    if len(owning) < 2:
        return []
    scratch = Store(":memory:")
    try:
        scratch.write_cases([(Case(result.case.info, relations=owning), result.dataset)])
        return share_warnings(scratch, [result.dataset])
    except Exception:  # noqa: BLE001 - a check that cannot run gives no warning, not a failure
        return []
    finally:
        scratch.close()


def _check_by_loading(file: Path, fmt_name: str, db: Path | None = None) -> tuple[dict, list]:
    """Check a large file by loading it into a throwaway store in a temporary directory: the same readers
    and messages as ``load`` (for BODS, the DuckDB lane), with bounded memory, where reading it whole
    into models would hold the file's every record. ``db``: the store ``--db`` names — its actors are known
    ids, and what the scratch load wrote is checked against its rows as a smaller file's models are
    (:func:`_check_clashes_with_store`: an actor it holds as another kind, an id another dataset uses)."""
    import tempfile

    from kingmaker.io.streaming import load_streamed
    from kingmaker.store import Store

    with tempfile.TemporaryDirectory(prefix="kingmaker-validate-") as tmp:
        store = Store(Path(tmp) / "scratch.duckdb")
        try:
            report = load_streamed(store, [file], fmt_name, known_actors=_stored_ids(db))
            if db is not None:
                _check_clashes_with_store(file, _written(store), report.results[0].dataset, db)
        finally:
            store.close()
    counts = report.results[0].counts
    return {k: counts.get(k, 0) for k in ("actors", "relations", "evidence", "sources")}, report.warnings


def _written(store) -> object:
    """What the store's clash check (:meth:`~kingmaker.store.store.Store.check_clashes`) reads of a file — its ids
    and its actors' kinds — from the rows a load into ``store`` (a scratch store holding that file alone) wrote."""
    from types import SimpleNamespace

    from kingmaker.model import ActorKind

    def ids(table: str, key: str) -> list:
        return [SimpleNamespace(id=i) for (i,) in store.con.execute(f"SELECT {key} FROM {table}").fetchall()]

    return SimpleNamespace(
        actors=[SimpleNamespace(id=i, kind=ActorKind(k)) for i, k in
                store.con.execute("SELECT actor_id, kind FROM actors").fetchall()],
        relations=ids("relations", "relation_id"), events=ids("events", "event_id"),
        evidence=ids("evidence", "evidence_id"), sources=ids("sources", "source_id"), claims=ids("claims", "claim_id"),
        designations=ids("designations", "designation_id"))


def export(
    out: Annotated[Path, typer.Argument(help="Output file.")],
    format: Annotated[str, typer.Option("--format", "-f", help="bods, ftm, gexf, graphml, csv, case (a YAML case file that loads back) "
                                                                 "or parquet (the ownership and control ties on "
                                                                 "--as-of, for --engine spark; docs/spark.md).")] = "bods",
    actor: Annotated[Optional[str], typer.Option("--actor", help="Only this actor's neighbourhood.")] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="Hops around --actor (0: its whole component).")] = 1,
    as_of: Annotated[Optional[str], typer.Option("--as-of", help="Only relations valid on this date "
                                                 "(YYYY-MM-DD); default: all, whatever their dates.")] = None,
    db: DbOption = None,
    json: JsonOption = False,
) -> None:
    """Export the store, or one actor's neighbourhood, to BODS 0.4, FtM, GEXF, GraphML, CSV or a YAML case file."""
    from kingmaker.io.export import FORMATS, export as run_export

    if format.lower() == "parquet":
        _export_parquet(out, actor, as_of, db, json)
        return
    if format.lower() not in FORMATS:
        raise typer.BadParameter(f"{format!r}; choose one of {', '.join(FORMATS)}, parquet", param_hint="--format")
    day = parse_as_of(as_of)
    with open_store(db) as km:
        actor = km.actor(actor).id if actor is not None else None  # an id, identifier or name, as everywhere
        summary = run_export(km.store, format.lower(), out, actor=actor, as_of=day, depth=depth)
    if json:
        emit_json(summary)
        return
    left = summary.get("left_out") or {}
    console.print(f"wrote {escape(str(out))} ({summary['format']}): {summary['actors']} actors, "
                  f"{summary['relations']} relations")
    for kind, n in left.items():
        err_console.print(f"[yellow]note:[/] {n} {escape(kind)} relation(s) have no {summary['format']} "
                          "equivalent and were left out")


def _export_parquet(out: Path, actor: str | None, as_of: str | None, db: Path | None, json: bool) -> None:
    """``export --format parquet``: the whole store's ownership and control ties on ``--as-of`` (default
    today) as the Spark engine's Parquet edge table (:func:`kingmaker.distributed.spark_ownership.graph_to_parquet`)."""
    from kingmaker.cli.engine import writable_dir
    from kingmaker.cli.ownership import register_graph
    from kingmaker.distributed.spark_ownership import graph_to_parquet

    if actor is not None:
        raise UserError("--format parquet writes the whole register's ties; leave out --actor")
    if out.suffix.lower() != ".parquet":
        raise UserError(f"{out}: a Parquet file name ends in .parquet")
    writable_dir(out.parent)
    if out.is_dir():
        raise UserError(f"{out}: is a folder; name a file")
    day, graph = register_graph(db, as_of)
    rows = graph_to_parquet(graph, out)
    notes = [str(x) for found in graph.inconsistent.values() for x in found]
    if json:
        emit_json({"format": "parquet", "as_of": day, "out": str(out), "ties": rows, "notes": notes})
        return
    console.print(f"wrote {escape(str(out))} (parquet): {rows} ownership and control ties as of {day}", highlight=False)
    for n in notes:
        err_console.print(f"[yellow]note:[/] {escape(n)}", highlight=False)
