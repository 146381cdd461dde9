"""``kingmaker ubo``, ``owners``, ``control`` and ``synth``: ownership through chains and cycles."""

from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kingmaker.cli.common import AsOfOption, DbOption, JsonOption, console, emit_json, err_console, open_store, parse_as_of
from kingmaker.cli.engine import EngineOption, MasterOption, check_engine, existing_store, spark_session, writable_dir
from kingmaker.errors import UserError


@contextmanager
def progress_bar(description: str, total: int | None = None) -> Iterator:
    """A rich progress bar on stderr (hidden when it is not a terminal); yields ``advance(n, total)``."""
    if not err_console.is_terminal:  # nothing to show: spare the import of rich.progress (~6 ms)
        yield lambda done, total=None: None
        return
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True) as prog:
        task = prog.add_task(description, total=total)

        def update(done: int, total: int | None = None) -> None:
            prog.update(task, completed=done, total=total)

        yield update


def _snapshot(db: Path | None, as_of: str | None, actor: str):
    """What a question about ``actor``'s owners needs, and nothing else
    (:meth:`kingmaker.session.Kingmaker.upstream_of`), and the subject's actor id: ``actor`` may be an id,
    an identifier (an LEI, a company number, in any case) or a name; an unknown or ambiguous one is a clear
    error with the candidates. Records merged into one actor answer as that actor."""
    km = open_store(db)
    try:
        return km.upstream_of(actor, parse_as_of(as_of))
    finally:
        km.close()


def _ties_besides_owners(db: Path | None, subject: str, day: date, kind: str) -> list[dict]:
    """What is recorded over ``subject`` on ``day`` when no owner is (economic interests, control ties): its
    own ties, read when an owners answer is empty (the upstream snapshot holds ownership kinds only)."""
    from kingmaker.analysis.structure import ties_besides_owners
    from kingmaker.report import fmt

    km = open_store(db)
    try:
        local = km.local_snapshot(subject, day)
    finally:
        km.close()
    return fmt.ties(ties_besides_owners(local, subject, kind), local.name)


def _gap(db: Path | None, subject: str, day: date, report):
    """The gap in ``subject``'s register that ``day`` falls in, if any (:meth:`kingmaker.session.Kingmaker.gap_on`)."""
    km = open_store(db)
    try:
        return km.gap_on(subject, day, report)
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


def _print_notes(notes: list[str], label: str = "note") -> None:
    for n in notes:
        style = "yellow" if n.startswith(("inconsistent", "one actor")) else "bold"
        console.print(f"[{style}]{label}:[/] {escape(n)}", highlight=False)


def _print_parents(parents) -> None:
    """A subject's accounting consolidation parents (GLEIF Level 2), or why none is reported."""
    for p in parents:
        console.print(f"  {escape(str(p))}", highlight=False)
    for n in parents.notes:
        console.print(f"[bold]note:[/] {escape(n)}", highlight=False)


def _owner_rows(table: Table, owners, with_verdict: bool = True) -> None:
    for o in owners:
        row = [o.name + ("" if o.name == o.actor else f" ({o.actor})"), str(o.ownership), str(o.votes), o.control]
        if with_verdict:
            row.append(o.verdict)
        table.add_row(*row)


def ubo_cmd(
    actor: Annotated[str, typer.Argument(help="Subject: the company whose owners to find (actor id, identifier such "
                                                "as an LEI or company number, or name).")],
    rule: Annotated[str, typer.Option("--rule", help="Rule set: eu-amlr (default), uk-psc or us-cta "
                                                     "(docs/ownership.md).")] = "eu-amlr",
    threshold: Annotated[Optional[float], typer.Option("--threshold", help="Ownership threshold in percent "
                                                                           "(default: the rule set's, 25).")] = None,
    more_than: Annotated[bool, typer.Option("--more-than", help="Test 'more than' (as UK PSC does) instead of "
                                                                "'at least'.")] = False,
    chains: Annotated[int, typer.Option("--chains", help="Chains to list per owner.")] = 5,
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """Beneficial owners under a rule set: natural persons with shares or votes at the threshold through all
    chains, control, or another basis (significant influence, trust roles, …)."""
    from kingmaker.analysis.ownership.beneficial import ubo
    from kingmaker.analysis.ownership.rules import rule_set

    rules = rule_set(rule)
    snap, subject = _snapshot(db, as_of, actor)
    with progress_bar("integrated ownership"):
        report = ubo(snap, subject, threshold, at_least=False if more_than else None, max_chains=chains, rule=rules)
    from kingmaker.analysis.structure import accounting_parents, officials_in_place
    from kingmaker.report import fmt

    officials = fmt.officials(officials_in_place(snap, report))
    parents = accounting_parents(snap, subject)
    gap = None if report.beneficial_owners else _gap(db, subject, snap.as_of, report)
    if json:
        emit_json({"as_of": snap.as_of, **report.to_dict(), "senior_managing_officials": officials,
                   "accounting_parents": parents.to_dict(), "gap": gap.to_dict() if gap else None})
        return
    test = "at least" if report.at_least else "more than"
    console.print(f"[bold]Beneficial owners of {escape(report.name)}[/] ({subject}) on {snap.as_of} under "
                  f"{rules.title} ({rules.citation}): {test} {float(report.threshold) * 100:g} % or control", highlight=False)
    if gap is not None:
        console.print(f"[yellow]gap:[/] {escape(report.name)} has {gap.describe()}: on {snap.as_of} nobody owns or "
                      "controls it according to the register", highlight=False)
    if report.beneficial_owners:
        t = Table("person", "ownership", "votes", "control", "UBO", "bases")
        for o in report.beneficial_owners:
            t.add_row(escape(o.name + ("" if o.name == o.actor else f" ({o.actor})")), str(o.ownership), str(o.votes),
                      o.control, o.verdict, ", ".join(o.bases))
        console.print(t)
        for o in report.beneficial_owners:
            for c in o.chains:
                console.print(f"  {o.name}: {fmt.chain(c, snap.name)}", highlight=False)
            for b in o.other_bases:
                over = "" if b["over"] == report.subject else f" over {snap.name(b['over'])} ({b['over']})"
                console.print(escape(f"  {o.actor}: {b['label']}{over} — {b['verdict']}"
                                     f"{' (declared by the source)' if b['declared_by_source'] else ''}"
                                     f" [{', '.join(b['relations'])}]"), highlight=False)
    for o in report.other_persons:
        console.print(f"  below the threshold: {escape(o.name)} ({o.actor}) {o.ownership}", highlight=False)
    for o in report.unspecified:
        console.print(f"  unspecified or protected party {o.actor}: {escape(o.name)}; {o.ownership} — reason: "
                      f"{o.unspecified_reason}", highlight=False)
    for o in report.top_entities:
        console.print(f"  top entity with no recorded owners: {escape(o.name)} ({o.actor}) {o.ownership}", highlight=False)
    if report.unaccounted.hi > 0:
        console.print(f"  no data (not accounted for by any recorded holder): {report.unaccounted}", highlight=False)
    for c in report.cycles:
        console.print(f"[yellow]flag:[/] {c}", highlight=False)
    _print_notes(report.notes)
    if officials:
        console.print("senior managing officials (reported in place of a beneficial owner, "
                      "Directive 2015/849 art. 3(6)(a)(ii)):", highlight=False)
        for o in officials:
            console.print(f"  {escape(o['name'])} — {escape(o['role_text']['en'])} of {escape(snap.name(o['of']))}", highlight=False)
    if parents:
        console.print("accounting consolidation (GLEIF Level 2; who consolidates the accounts, not a shareholding):",
                      highlight=False)
        _print_parents(parents)


def owners_cmd(
    actor: Annotated[Optional[str], typer.Argument(help="Subject (actor id); leave out with --out for every "
                                                          "subject in the store.")] = None,
    min_share: Annotated[float, typer.Option("--min", help="Cut-off in percent (integrated share, upper end).")] = 1,
    kind: Annotated[str, typer.Option("--kind", help="shareholding or voting_rights.")] = "shareholding",
    out: Annotated[Optional[Path], typer.Option("--out", help="Without ACTOR: the folder to write the whole "
                                                              "register's tables to (Parquet: ownership/, ubo/).")] = None,
    threshold: Annotated[float, typer.Option("--threshold", help="With --out: UBO threshold in percent.")] = 25,
    more_than: Annotated[bool, typer.Option("--more-than", help="With --out: test 'more than' instead of "
                                                                "'at least'.")] = False,
    engine: EngineOption = "local", master: MasterOption = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the text: en or de.")] = "en",
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """Every direct and indirect owner of ACTOR with its integrated share, largest first; without ACTOR,
    every subject's owners in the store (integrated shares and the UBO table) written as Parquet under
    --out, in process or on Apache Spark (--engine spark [--master URL], docs/spark.md)."""
    from kingmaker.analysis.ownership.beneficial import owners, subject_notes
    from kingmaker.analysis.ownership.graph import graph_from_snapshot
    from kingmaker.analysis.structure import accounting_parents

    from kingmaker.report import fmt, owners as words

    if kind not in ("shareholding", "voting_rights"):
        raise UserError("--kind must be shareholding or voting_rights")
    if lang not in fmt.LANGS:
        raise UserError(f"--lang {lang!r}: use en or de")
    if actor is None:
        if out is None:
            raise UserError("give ACTOR, or --out FOLDER for every subject's owners in the store")
        _register_owners(db, as_of, out, threshold, not more_than, engine, master, json)
        return
    if out is not None or engine != "local" or master is not None:
        raise UserError("--out, --engine and --master are for the whole register: leave out ACTOR")
    snap, subject = _snapshot(db, as_of, actor)
    graph = graph_from_snapshot(snap)
    with progress_bar("integrated ownership"):
        found = owners(graph, subject, min_share, kind=kind)
        notes = subject_notes(graph, subject)
    parents = accounting_parents(snap, subject)
    besides = [] if found else _ties_besides_owners(db, subject, snap.as_of, kind)
    if json:
        emit_json({"as_of": snap.as_of, "subject": subject, "kind": kind, "owners": [o.to_dict() for o in found],
                   "notes": notes, "accounting_parents": parents.to_dict(), "ties_besides_owners": besides})
        return
    w = words.words(lang)
    if found:
        t = Table(*w["columns"])
        for o in found:
            share = o.ownership if kind == "shareholding" else o.votes
            t.add_row(f"{o.name} ({o.actor})" if o.name != o.actor else o.actor, words.kind(o.kind, lang),
                      words.share(share, lang), w["closed_loop"] if o.closed_loop else "")
        console.print(t)
    else:
        console.print(escape(words.nobody(kind, snap.name(subject), subject, min_share, snap.as_of, lang)),
                      highlight=False)
        if besides:
            profits = any(t["kind"] == "economic_interest" for t in besides)
            console.print(escape(words.instead(kind, profits, lang)), highlight=False)
            for t in besides:
                console.print(f"  {escape(t['name'])} — {escape(fmt.label(t['label'], lang))} ({t['relation']})",
                              highlight=False)
        else:
            console.print(w["nothing_else"].format(id=subject), highlight=False)
    if parents:
        console.print(w["consolidation"], highlight=False)
        _print_parents(parents)
    _print_notes([fmt.note(n, lang) for n in notes], w["note"])


def register_graph(db: Path | None, as_of: str | None):
    """``(day, graph)``: the whole store's ownership and control graph on the date, with the bands' open
    ends — from the store's columns (:meth:`~kingmaker.session.Kingmaker.screening_graph`), or from a
    snapshot where the columns cannot say it exactly (indirect interests; shares that cannot all hold,
    widened and named in ``graph.inconsistent``)."""
    from kingmaker.analysis.ownership.graph import graph_from_snapshot

    existing_store(db)
    km = open_store(db)
    try:
        with progress_bar("reading the graph"):
            day = parse_as_of(as_of) or date.today()
            graph = km.screening_graph(day)
            return day, graph if graph is not None else graph_from_snapshot(km.snapshot(day))
    finally:
        km.close()


def _register_owners(db, as_of, out: Path, threshold: float, at_least: bool, engine: str, master, json: bool) -> None:
    """``owners --out``: the ``ownership`` and ``ubo`` tables of every subject, in process
    (:mod:`kingmaker.analysis.ownership.bulk`) or on Spark (:mod:`kingmaker.distributed.spark_ownership`)."""
    import pyarrow.parquet as pq

    check_engine(engine, master)
    existing_store(db)
    if not 0 <= threshold <= 100:
        raise UserError(f"--threshold {threshold:g}: give a percentage between 0 and 100")
    writable_dir(out)
    spark = spark_session(master) if engine == "spark" else None
    day, graph = register_graph(db, as_of)
    t = threshold / 100
    paths = {name: out / name for name in ("ownership", "ubo")}
    if spark is None:
        from kingmaker.analysis.ownership import bulk

        with progress_bar("integrated ownership of every subject"):
            res = bulk.compute(graph)
            tables = {"ownership": bulk.ownership_table(res), "ubo": bulk.ubo_table(res, t, at_least)}
        steps = {"values": max(v for b in res.bounds.values() for k, v in b.iterations.items() if k in ("lower", "upper")),
                 "labels": max(v for b in res.bounds.values() for k, v in b.iterations.items() if k.endswith("ends"))}
        for name, table in tables.items():
            paths[name].mkdir(exist_ok=True)
            for old in paths[name].glob("*.parquet"):
                old.unlink()
            pq.write_table(table, paths[name] / "part-0.parquet")
    else:
        from kingmaker.distributed import spark_ownership as so

        stats: dict = {}
        with progress_bar(f"integrated ownership of every subject on Spark ({master or 'local[2]'})"):
            so.graph_to_parquet(graph, out / "ties.parquet")
            so.run_parquet(spark, out / "ties.parquet", out, threshold=t, at_least=at_least, stats=stats)
        steps = {"values": stats.get("value_steps"), "labels": stats.get("label_steps")}
    rows = {name: pq.ParquetDataset(paths[name]).read(columns=[]).num_rows for name in paths}
    notes = [str(x) for found in graph.inconsistent.values() for x in found]
    if json:
        emit_json({"as_of": day, "engine": engine, "master": master if engine == "spark" else None,
                   "threshold": threshold, "at_least": at_least, "out": {k: str(v) for k, v in paths.items()},
                   "rows": rows, "steps": steps, "notes": notes})
        return
    console.print(f"wrote {rows['ownership']} integrated holdings to {escape(str(paths['ownership']))} and "
                  f"{rows['ubo']} beneficial owners ({'at least' if at_least else 'more than'} {threshold:g} % or "
                  f"control) to {escape(str(paths['ubo']))}, as of {day} ({engine})", highlight=False)
    _print_notes(notes)


def control_cmd(
    model: Annotated[str, typer.Option("--model", help="linear, threshold, relative (Vitali et al. 2011) or npi (Mizuno et al. 2020).")] = "linear",
    top: Annotated[int, typer.Option("--top", help="How many controllers to show.")] = 10,
    samples: Annotated[int, typer.Option("--samples", help="Monte Carlo orderings for npi.")] = 20000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed for npi.")] = 0,
    engine: EngineOption = "local", master: MasterOption = None,
    out: Annotated[Optional[Path], typer.Option("--out", help="With --engine spark: the folder for the ties it "
                                                              "reads (a shared one on a cluster).")] = None,
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """The top controllers of the whole network by network value (or network power index); network
    values also on Apache Spark (--engine spark [--master URL], docs/spark.md)."""
    from kingmaker.analysis import network as nw

    if model not in (*nw.MODELS, "npi"):
        raise UserError(f"unknown --model {model!r}; use linear, threshold, relative or npi")
    check_engine(engine, master)
    if engine == "spark":
        if model == "npi":
            raise UserError("--engine spark computes network values (linear, threshold, relative), not npi")
        if master is not None and not master.startswith("local") and out is None:
            raise UserError(f"--master {master}: give --out, a folder every executor can read, for the ties")
        existing_store(db)
        if out is not None:
            writable_dir(out)
        spark = spark_session(master)
        day, graph = _graph(db, as_of)
        _control_spark(spark, graph, day, model, top, out, json)
        return
    if out is not None:
        raise UserError("--out goes with --engine spark")
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
    _controllers_table(res)
    _print_notes([str(x) for found in graph.inconsistent.values() for x in found])


def _control_spark(spark, graph, day, model: str, top: int, out: Path | None, json: bool) -> None:
    """``control --engine spark``: the graph's ties as Parquet, network values on Spark, the same table."""
    import tempfile

    from kingmaker.distributed.spark_network import top_controllers_spark
    from kingmaker.distributed.spark_ownership import graph_to_parquet

    with tempfile.TemporaryDirectory(prefix="kingmaker-control-") as tmp:
        ties = (out or Path(tmp)) / "ties.parquet"
        stats: dict = {}
        with progress_bar(f"integrated control ({model} model) on Spark"):
            graph_to_parquet(graph, ties)
            res = top_controllers_spark(spark, ties, model, top, stats=stats)
    if json:
        emit_json({"as_of": day, "model": model, "engine": "spark", "steps": stats.get("value_steps"),
                   "controllers": [r.to_dict() for r in res]})
        return
    _controllers_table(res)
    _print_notes([str(x) for found in graph.inconsistent.values() for x in found])


def _controllers_table(res) -> None:
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
