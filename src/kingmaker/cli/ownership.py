"""``kingmaker ubo``, ``owners``, ``control`` and ``synth``: ownership through chains and cycles."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Iterator

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from kingmaker.cli.common import AsOfOption, DbOption, JsonOption, console, emit_json, err_console, open_store, parse_as_of
from kingmaker.errors import UserError


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator:
    """A rich progress bar on stderr (hidden when it is not a terminal); yields ``advance(n, total)``."""
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=not err_console.is_terminal) as prog:
        task = prog.add_task(description, total=total)

        def update(done: int, total: int | None = None) -> None:
            prog.update(task, completed=done, total=total)

        yield update


def _snapshot(db: Path | None, as_of: str | None, actor: str):
    """What a question about ``actor``'s owners needs, and nothing else
    (:meth:`kingmaker.session.Kingmaker.upstream_snapshot`; an unknown actor is an error with suggestions)."""
    km = open_store(db)
    try:
        return km.upstream_snapshot(actor, parse_as_of(as_of))
    finally:
        km.close()


def _graph(db: Path | None, as_of: str | None):
    """The whole store's ownership graph on the date, from its columns (:meth:`~kingmaker.session.Kingmaker.ownership_graph`)."""
    km = open_store(db)
    try:
        with progress_bar("reading the graph"):
            day = parse_as_of(as_of) or date.today()
            return day, km.ownership_graph(day)
    finally:
        km.close()


def _owner_rows(table: Table, owners, with_verdict: bool = True) -> None:
    for o in owners:
        row = [o.name + ("" if o.name == o.actor else f" ({o.actor})"), str(o.ownership), str(o.votes), o.control]
        if with_verdict:
            row.append(o.verdict)
        table.add_row(*row)


def ubo_cmd(
    actor: Annotated[str, typer.Argument(help="Subject: the company (actor id) whose owners to find.")],
    threshold: Annotated[float, typer.Option("--threshold", help="Ownership threshold in percent.")] = 25,
    more_than: Annotated[bool, typer.Option("--more-than", help="Test 'more than' (UK PSC) instead of 'at least' (EU AMLR).")] = False,
    chains: Annotated[int, typer.Option("--chains", help="Chains to list per owner.")] = 5,
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """Beneficial owners: natural persons with ≥ threshold of shares or votes through all chains, or control."""
    from kingmaker.analysis.ownership.beneficial import ubo

    snap = _snapshot(db, as_of, actor)
    with progress_bar("integrated ownership"):
        report = ubo(snap, actor, threshold, at_least=not more_than, max_chains=chains)
    from kingmaker.analysis.structure import senior_managing_officials
    from kingmaker.report import fmt

    officials = senior_managing_officials(snap, actor) if report.no_natural_person else []
    if json:
        emit_json({"as_of": snap.as_of, **report.to_dict(),
                   "senior_managing_officials": [{"person": p, "role": r, "of": e} for p, r, e in officials]})
        return
    test = "more than" if more_than else "at least"
    console.print(f"[bold]Beneficial owners of {report.name}[/] ({actor}) on {snap.as_of}, {test} {threshold:g} %")
    if report.beneficial_owners:
        t = Table("person", "ownership", "votes", "control", "UBO")
        _owner_rows(t, report.beneficial_owners)
        console.print(t)
        for o in report.beneficial_owners:
            for c in o.chains:
                console.print(f"  {o.name}: {fmt.chain(c, snap.name)}", highlight=False)
    for o in report.other_persons:
        console.print(f"  below the threshold: {o.name} ({o.actor}) {o.ownership}", highlight=False)
    for o in report.unspecified:
        console.print(f"  unspecified party {o.actor}: {o.ownership} — reason: {o.unspecified_reason}", highlight=False)
    for o in report.top_entities:
        console.print(f"  top entity with no recorded owners: {o.name} ({o.actor}) {o.ownership}", highlight=False)
    if report.unaccounted.hi > 0:
        console.print(f"  no data (not accounted for by any recorded holder): {report.unaccounted}", highlight=False)
    for c in report.cycles:
        console.print(f"[yellow]flag:[/] {c}", highlight=False)
    for n in report.notes:
        console.print(f"[bold]{n}[/]", highlight=False)
    if officials:
        console.print("senior managing officials (reported in place of a beneficial owner, "
                      "Directive 2015/849 art. 3(6)(a)(ii)):", highlight=False)
        for person, role, entity in officials:
            console.print(f"  {snap.name(person)} — {role} of {snap.name(entity)}", highlight=False)


def owners_cmd(
    actor: Annotated[str, typer.Argument(help="Subject (actor id).")],
    min_share: Annotated[float, typer.Option("--min", help="Cut-off in percent (integrated share, upper end).")] = 1,
    kind: Annotated[str, typer.Option("--kind", help="shareholding or voting_rights.")] = "shareholding",
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """Every direct and indirect owner of ACTOR with its integrated share, largest first."""
    from kingmaker.analysis.ownership.beneficial import owners

    if kind not in ("shareholding", "voting_rights"):
        raise UserError("--kind must be shareholding or voting_rights")
    snap = _snapshot(db, as_of, actor)
    with progress_bar("integrated ownership"):
        found = owners(snap, actor, min_share, kind=kind)
    if json:
        emit_json({"as_of": snap.as_of, "subject": actor, "kind": kind, "owners": [o.to_dict() for o in found]})
        return
    t = Table("owner", "kind", "integrated share", "note")
    for o in found:
        share = o.ownership if kind == "shareholding" else o.votes
        t.add_row(f"{o.name} ({o.actor})" if o.name != o.actor else o.actor, o.kind, str(share),
                  "closed loop" if o.closed_loop else "")
    console.print(t)


def control_cmd(
    model: Annotated[str, typer.Option("--model", help="linear, threshold, relative (Vitali et al. 2011) or npi (Mizuno et al. 2020).")] = "linear",
    top: Annotated[int, typer.Option("--top", help="How many controllers to show.")] = 10,
    samples: Annotated[int, typer.Option("--samples", help="Monte Carlo orderings for npi.")] = 20000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed for npi.")] = 0,
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """The top controllers of the whole network by network value (or network power index)."""
    from kingmaker.analysis import network as nw

    if model not in (*nw.MODELS, "npi"):
        raise UserError(f"unknown --model {model!r}; use linear, threshold, relative or npi")
    day, graph = _graph(db, as_of)
    w, ids = nw.ownership_matrix(graph)
    values = nw.firm_values(graph)
    if model == "npi":
        with progress_bar("network power index", samples) as update:
            res = nw.network_power_index(w, ids, [int(v) for v in values], samples=samples, seed=seed, progress=update)
        res = sorted((r for r in res if r.index > 0), key=lambda r: (-float(r.index), r.actor))[:top]
        if json:
            emit_json({"as_of": day, "model": model, "samples": samples, "seed": seed,
                       "controllers": [r.to_dict() for r in res]})
            return
        t = Table("actor", "network power index", "std. error")
        for r in res:
            t.add_row(r.actor, f"{float(r.index):.4g}", f"{r.stderr:.2g}")
        console.print(t)
        return
    with progress_bar(f"integrated control ({model} model)"):
        res = nw.top_controllers(w, ids, model, top, values)
    if json:
        emit_json({"as_of": day, "model": model, "controllers": [r.to_dict() for r in res]})
        return
    t = Table("actor", "network value", "uncorrected", "direct holdings")
    for r in res:
        t.add_row(r.actor, f"{r.value:.4g}", f"{r.raw_value:.4g}", str(r.direct))
    console.print(t)


def synth_cmd(
    entities: Annotated[int, typer.Option("--entities", help="Number of actors (about 10 % natural persons).")],
    out: Annotated[Path, typer.Option("--out", help="Output edges-csv file.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
) -> None:
    """Generate a registry-like ownership graph as an edges-csv file (docs/edges-csv.md)."""
    from kingmaker.synth import write_synth

    if entities < 2:
        raise UserError("--entities must be at least 2")
    with progress_bar(f"generating {entities} entities"):
        n = write_synth(out, entities, seed)
    err_console.print(f"wrote {n} edges to {out}")


def register(app: typer.Typer) -> None:
    app.command("ubo")(ubo_cmd)
    app.command("owners")(owners_cmd)
    app.command("control")(control_cmd)
    app.command("synth")(synth_cmd)


__all__ = ["register"]
