"""``kingmaker screen``, ``subsidiaries``, ``diff`` and ``audit``: sanctions and export-control screening
over the ownership graph, corporate families, what changed between dates, register-wide checks."""

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from kingmaker.cli.common import AsOfOption, DbOption, JsonOption, console, emit_json, open_store, parse_as_of
from kingmaker.cli.engine import EngineOption, MasterOption, check_engine, existing_store, spark_session
from kingmaker.cli.ownership import progress_bar
from kingmaker.errors import UserError

RuleOption = Annotated[str, typer.Option("--rule", help="ofac-50, eu-owned-or-controlled, uk-owned-or-controlled "
                                                       "or bis-affiliates-50 (declared in kingmaker/analysis/screening/rules.yaml).")]
ListOption = Annotated[Optional[list[str]], typer.Option("--list", help="Screen against this list instead of the "
                                                                        "rule's own (repeatable), e.g. own:watchlist.")]


def _snapshot(db: Path | None, day, actor: str | None = None):
    """The snapshot on ``day`` and the id of the actor meant by ``actor`` (an id, identifier or name)."""
    km = open_store(db)
    try:
        actor_id = km.actor(actor).id if actor is not None else None
        with progress_bar("reading the graph"):
            return km.snapshot(day), actor_id
    finally:
        km.close()


def _screening_input(db: Path | None, day, actor: str | None):
    """What to screen and against which designations: one entity's upstream snapshot (its status depends on
    its owners alone), or the whole store's graph read from columns — falling back to the snapshot where the
    columns cannot say it exactly (indirect interests; shares that cannot all hold, reported where they are)."""
    from datetime import date as _date

    km = open_store(db)
    try:
        day = day or _date.today()
        with progress_bar("reading the graph"):
            designations = km.store.designations(as_of=day)
            if actor is not None:  # an id, identifier or name, resolved once to the actor the graph knows
                snap, subject = km.upstream_of(actor, day)
                return snap, designations, day, subject
            graph = km.screening_graph(day)
            return (graph if graph is not None else km.snapshot(day)), designations, day, None
    finally:
        km.close()


def _share(r, lang: str = "en") -> str:
    from kingmaker.report import fmt

    iv = next(iter(r.designated_share.values()), None)
    return fmt.share(iv, lang) if iv is not None else ""


def screen_cmd(
    actor: Annotated[Optional[str], typer.Argument(help="One entity to explain (why / why not); default: the whole store.")] = None,
    rule: RuleOption = "ofac-50",
    lists: ListOption = None,
    engine: EngineOption = "local", master: MasterOption = None,
    chains: Annotated[int, typer.Option("--chains", help="Chains shown per entity.")] = 3,
    lang: Annotated[str, typer.Option("--lang", help="Language of the texts: en or de.")] = "en",
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """Entities caught by a sanctions or export-control ownership rule: certainly, possibly, with the chains."""
    from kingmaker.analysis.screening import check_list, rule as get_rule, screen

    from kingmaker.report import fmt, screening as words

    get_rule(rule)
    for name in lists or ():
        check_list(name)
    if lang not in ("en", "de"):
        raise UserError(f"--lang {lang!r}: use en or de")
    check_engine(engine, master)
    if engine == "spark":
        existing_store(db)
    spark = spark_session(master) if engine == "spark" else None
    source, designations, day, actor = _screening_input(db, parse_as_of(as_of), actor)
    with progress_bar(f"screening ({rule})"):
        if engine == "spark":
            from kingmaker.distributed.spark_screening import screen_spark

            report = screen_spark(source, rule, designations=designations, as_of=day, lists=lists, max_chains=chains,
                                  subjects=[actor] if actor else None, include_not=bool(actor), spark=spark)
        else:
            report = screen(source, designations, rule, as_of=day, lists=lists, max_chains=chains,
                            subjects=[actor] if actor else None, include_not=bool(actor))
    if json:
        emit_json(words.report_dict(report))
        return
    counts = report.counts()
    p, w = report.period, words.T[lang]
    title = words.text((report.rule.texts or {}).get("title"), lang, report.rule.title)
    console.print(f"[bold]{escape(title)}[/] ({report.rule.id}) {'am' if lang == 'de' else 'on'} "
                  f"{fmt.day(report.as_of, lang)}, {'Listen' if lang == 'de' else 'lists'} {', '.join(report.lists)}",
                  highlight=False)
    console.print(f"  {w['in_force']}: {escape(words.wording(p, lang)) if p else w['not_yet']}", highlight=False)
    if actor:
        _explain_one(report, actor, lang)
    else:
        t = Table(*w["columns"])
        for r in report.results:
            t.add_row(escape(f"{r.name} ({r.actor})" if r.name != r.actor else r.actor), w[r.status],
                      words.basis(r.basis, lang), _share(r, lang),
                      escape(words.chain(r.chains[0], lang) if r.chains
                             else ", ".join(sorted({d["list"] for d in r.designations}))))
        console.print(t)
        console.print(w["counts"].format(**counts), highlight=False)
        for c in report.cautions[:10]:
            console.print(f"  {escape(words.caution(c, lang))}", highlight=False)
    for n in words.notes(report, lang):
        console.print(f"[yellow]{w['l_note']}:[/] {escape(n)}", highlight=False)


def _explain_one(report, actor: str, lang: str = "en") -> None:
    from kingmaker.report import fmt, screening as words

    r = next(x for x in report.results if x.actor == actor)
    w = words.T[lang]
    console.print(f"[bold]{escape(r.name)}[/] ({r.actor}): [bold]{w[r.status]}[/] {w['caught']} — "
                  f"{escape(words.reason(r, report.period, lang))}", highlight=False)
    for d in r.designations:
        console.print(f"  {w['l_listed']}: {d['list']}" + (f", {w['l_program']} {d['program']}" if d.get("program") else "")
                      + (f", {w['l_from']} {fmt.day(d['listed_from'], lang)}" if d.get("listed_from") else ""),
                      highlight=False)
    for h in r.holdings:
        console.print(f"  {w['l_counted']}: {escape(words.holding(h, lang))}", highlight=False)
    for c in r.chains:
        console.print(f"  {w['l_chain']}: {escape(words.chain(c, lang))}", highlight=False)
    for s in r.settle:
        fact, now = words.settle(s, r.actor, lang)
        console.print(f"  {w['l_settle']}: {escape(fact)} ({w['l_now']} {escape(now)})", highlight=False)


def subsidiaries_cmd(
    actor: Annotated[str, typer.Argument(help="The holder whose corporate family to list.")],
    min_share: Annotated[float, typer.Option("--min-share", help="Also list entities with at least this integrated share (percent).")] = 1,
    more_than: Annotated[bool, typer.Option("--more-than", help="Family membership at more than 50 % instead of 50 % or more.")] = False,
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """The corporate family downstream of ACTOR: what it owns or controls, with integrated shares."""
    from fractions import Fraction

    from kingmaker.analysis.screening import subsidiaries

    if not 0 <= min_share <= 100:
        raise UserError("--min-share must be a percentage between 0 and 100")
    snap, actor = _snapshot(db, parse_as_of(as_of), actor)
    with progress_bar("corporate family"):
        fam = subsidiaries(snap, actor, min_share=Fraction(str(min_share)) / 100, at_least=not more_than)
    if json:
        emit_json({"as_of": snap.as_of, **fam.to_dict()})
        return
    console.print(f"[bold]Corporate family of {fam.name}[/] ({actor}) on {snap.as_of}: members own or are "
                  f"controlled {'at 50 % or more' if not more_than else 'above 50 %'} through the family", highlight=False)
    t = Table("entity", "member", "integrated shares", "integrated votes", "control")
    for m in fam.members:
        t.add_row(f"{m.name} ({m.actor})" if m.name != m.actor else m.actor, m.member,
                  str(m.shares["shareholding"]), str(m.shares["voting_rights"]), m.control)
    console.print(t)


def diff_cmd(
    actor: Annotated[Optional[str], typer.Argument(help="Only what touches this actor.")] = None,
    start: Annotated[str, typer.Option("--from", help="First date (YYYY-MM-DD).")] = ...,
    end: Annotated[str, typer.Option("--to", help="Second date (YYYY-MM-DD).")] = ...,
    rule: Annotated[Optional[list[str]], typer.Option("--rule", help="Screening rules to compare (default: all).")] = None,
    json: JsonOption = False, db: DbOption = None,
) -> None:
    """What changed between two dates: ties, beneficial owners, designations, screening results."""
    from kingmaker.analysis.screening import diff, rule as get_rule

    for r in rule or ():
        get_rule(r)
    d1, d2 = parse_as_of(start), parse_as_of(end)
    km = open_store(db)
    try:
        if actor is not None:
            actor = km.actor(actor).id
        with progress_bar("reading both dates"):
            s1, s2 = km.snapshot(d1), km.snapshot(d2)
    finally:
        km.close()
    with progress_bar("comparing"):
        rep = diff(s1, s2, actor, rules=rule)
    if json:
        emit_json(rep.to_dict())
        return
    console.print(f"[bold]Changes from {d1} to {d2}[/]" + (f" touching {actor}" if actor else ""), highlight=False)
    for label, items in (("tie gained", rep.ties_gained), ("tie lost", rep.ties_lost)):
        for t in items:
            console.print(f"  {label}: {t['holder']} —{t['share'] or t['kind']}→ {t['subject']} ({t['relation']})",
                          highlight=False)
    for u in rep.ubos:
        console.print(f"  beneficial owner of {u['subject']}: {u['person']} {u['from']} → {u['to']}", highlight=False)
    for label, items in (("designation added", rep.designations_added), ("designation ended", rep.designations_ended)):
        for d in items:
            console.print(f"  {label}: {d['actor']} on {d['list']}", highlight=False)
    for w in rep.wording:
        console.print(f"  rule wording of {w['rule']} changed: {(w['from'] or {}).get('summary')} → "
                      f"{(w['to'] or {}).get('summary')}", highlight=False)
    for s in rep.screening:
        console.print(f"  {s['rule']}: {s['actor']} {s['from']} → {s['to']}", highlight=False)
    if not any((rep.ties_gained, rep.ties_lost, rep.ubos, rep.designations_added, rep.designations_ended,
                rep.screening, rep.wording)):
        console.print("  no changes")
    for n in rep.notes:
        console.print(f"[yellow]note:[/] {escape(n)}", highlight=False)


def audit_cmd(
    top: Annotated[int, typer.Option("--top", help="Longest chains listed.")] = 10,
    as_of: AsOfOption = None, json: JsonOption = False, db: DbOption = None,
) -> None:
    """Register-wide checks: ownership cycles, entities with no natural-person owner, longest chains,
    subjects whose shares add up to more than 100 %."""
    from kingmaker.analysis.screening import audit

    snap, _ = _snapshot(db, parse_as_of(as_of))
    with progress_bar("auditing"):
        rep = audit(snap, top=top)
    if json:
        emit_json(rep.to_dict())
        return
    c = rep.counts
    console.print(f"[bold]Register audit on {rep.as_of}[/]: {c['actors']} actors, {c['ownership_edges']} ownership ties",
                  highlight=False)
    console.print(f"  inconsistent subjects (shares above 100 %): {c['inconsistent_subjects']}", highlight=False)
    for b in rep.inconsistent[:top]:
        console.print(f"    {b['subject']}: {b['kind']} add up to {b['total_lower']:g} % ({', '.join(b['relations'][:5])})",
                      highlight=False)
    console.print(f"  ownership cycles: {c['cycles']} ({c['closed_loops']} closed loops)", highlight=False)
    for cyc in rep.cycles[:top]:
        console.print(f"    {'closed loop' if cyc.closed else 'cycle'}: {' ↔ '.join(cyc.members[:8])}"
                      + (" …" if len(cyc.members) > 8 else ""), highlight=False)
    console.print(f"  entities with no natural-person owner: {c['no_natural_person_owner']}", highlight=False)
    for d in rep.no_person_owner[:top]:
        console.print(f"    {d['actor']}: {d['why']}", highlight=False)
    console.print(f"  longest chains: {c['longest_chain_hops']} hops", highlight=False)
    for ch in rep.longest_chains[:top]:
        console.print(f"    {ch['hops']} hops: {' → '.join(ch['chain'])}", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("screen")(screen_cmd)
    app.command("subsidiaries")(subsidiaries_cmd)
    app.command("diff")(diff_cmd)
    app.command("audit")(audit_cmd)


__all__ = ["register"]
