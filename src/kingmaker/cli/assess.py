"""``assess``, ``scenario run`` and ``replay``: verdicts under UK, EU and German law, what-ifs, history."""

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Optional

import typer

from kingmaker.cli.common import AsOfOption, DbOption, JsonOption, console, emit_json, open_store, parse_as_of
from kingmaker.errors import UserError

FormatOption = Annotated[str, typer.Option("--format", help="text, md, html, pdf (with --out) or json.")]
LangOption = Annotated[str, typer.Option("--lang", help="Report language: en or de.")]
ParamOption = Annotated[Optional[list[str]], typer.Option("--param", help="Override a leverage default, NAME=VALUE (repeatable).")]
TurnoutOption = Annotated[Optional[str], typer.Option(
    "--turnout", help="Share of all votes cast at the target's general meetings, percent (e.g. 60 or \"[55, 70]\"); "
                      "overrides the turnout the case records.")]
MajorityCastOption = Annotated[bool, typer.Option(
    "--majority-of-votes-cast", help="State that the holder is likely to hold a majority of the votes actually cast "
                                     "(a finding from attendance data; CMA2 ch. 4, Consolidated Jurisdictional Notice).")]

scenario_app = typer.Typer(help="What-if scenarios.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("assess")(assess)
    app.add_typer(scenario_app, name="scenario")
    scenario_app.command("run")(scenario_run)
    app.command("replay")(replay_cmd)


def _params(raw: list[str] | None):
    from kingmaker.analysis.leverage import LeverageParams

    if not raw:
        return None
    overrides = {}
    for item in raw:
        if "=" not in item:
            raise UserError(f"--param {item!r}: write NAME=VALUE, e.g. talent_importance=0.8")
        k, v = item.split("=", 1)
        try:
            overrides[k.strip()] = float(v)
        except ValueError:
            raise UserError(f"--param {item!r}: {v!r} is not a number") from None
    try:
        return LeverageParams().with_overrides(overrides)
    except KeyError as exc:
        raise UserError(str(exc.args[0])) from None


def _turnout(raw: str | None):
    if raw is None:
        return None
    from pydantic import ValidationError

    from kingmaker.model import Share

    try:
        return Share.parse(raw)
    except (ValueError, ValidationError) as exc:
        msg = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise UserError(f"--turnout {raw!r}: {msg.removeprefix('Value error, ')} (a percentage of all votes, 0–100)") from None


def _known_as_of(value: str | None):
    if value is None:
        return None
    try:
        return parse_as_of(value)
    except UserError:
        raise UserError(f"--known-as-of: {value!r} is not a date; write YYYY-MM-DD, e.g. 2023-11-20") from None


def _check(fmt: str, lang: str, out: Path | None = None) -> None:
    if fmt not in ("text", "md", "html", "pdf", "json"):
        raise UserError(f"--format {fmt!r}: use text, md, html, pdf or json")
    if fmt == "pdf" and out is None:
        raise UserError("--format pdf writes a file: add --out report.pdf")
    if lang not in ("en", "de"):
        raise UserError(f"--lang {lang!r}: use en or de")


def _write(text: str, out: Path | None, what: str) -> None:
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        console.print(f"{what} written to {out}")


def assess(
    target: Annotated[str, typer.Argument(help="The organisation to assess (actor id).")],
    holder: Annotated[Optional[list[str]], typer.Option("--holder", help="Outside actor(s) to assess; default: all with ties in.")] = None,
    as_of: AsOfOption = None,
    scenario: Annotated[Optional[Path], typer.Option("--scenario", help="Apply this scenario file first.")] = None,
    lang: LangOption = "en",
    format: FormatOption = "text",
    out: Annotated[Optional[Path], typer.Option("--out", help="Write the report here instead of stdout.")] = None,
    param: ParamOption = None,
    turnout: TurnoutOption = None,
    majority_of_votes_cast: MajorityCastOption = False,
    replay: Annotated[bool, typer.Option("--replay/--no-replay", help="Add the case's replay to html/md reports.")] = False,
    known_as_of: Annotated[Optional[str], typer.Option(
        "--known-as-of", help="Answer with only what had been published by this date (YYYY-MM-DD); "
                              "--as-of is the date the facts describe.")] = None,
    top: Annotated[int, typer.Option(
        "--top", min=0, help="Without --holder: assess the N holders with the most leverage and list the others "
                             "with their figures (0: every holder).")] = 25,
    offset: Annotated[int, typer.Option("--offset", min=0, help="With --top: start at this place in the ranking "
                                                                "(the next page).")] = 0,
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Verdicts per regime (UK, EU, DE) with reasons, evidence and flip facts, and the leverage behind them.

    Each verdict's first line says whether it is certain over every estimate, default and missing figure
    it rests on; `--known-as-of` answers as things were known on a date (docs/assessment.md)."""
    from kingmaker.report.assessment import render
    from kingmaker.assess.service import assess_snapshot, fill_since

    if json:
        format = "json"
    _check(format, lang, out)
    params = _params(param)
    turnout_share = _turnout(turnout)
    with open_store(db) as km:
        target = km.actor(target).id
        holder = [km.actor(h).id for h in holder] if holder else holder
        day = parse_as_of(as_of)
        known = _known_as_of(known_as_of)
        snap = km.snapshot(day, known)
        for note in snap.notes:
            typer.echo(f"warning: {note}", err=True)
        names = {a.id: a.name for a in snap.actors.values()}
        scenario_result = None
        if scenario is not None:
            from kingmaker.scenario.runner import read_scenario, run_scenario

            sc = read_scenario(scenario)
            if as_of is None:
                snap = km.snapshot(sc.as_of)
            sc.target = target
            if holder:
                sc.holder = holder[0]
            scenario_result = run_scenario(snap, sc)
            result = scenario_result.after
        else:
            result = assess_snapshot(snap, target, holder, params=params,
                                     majority_of_votes_cast=majority_of_votes_cast, turnout=turnout_share,
                                     top=top or None, offset=offset)
            timeline = km.store.timeline(known)
            fill_since(result, timeline.recorded, timeline.on, params, majority_of_votes_cast, turnout_share)
        steps = None
        if replay and format in ("html", "md", "text", "pdf"):
            from kingmaker.scenario.replay import replay as run_replay

            steps = run_replay(km.snapshot, km.store.events(), target, holder or None, end=snap.as_of, params=params)
        if format == "json":
            payload = result.to_dict()
            if scenario_result is not None:
                payload["scenario"] = scenario_result.to_dict()
            if out:
                import json as _json

                _write(_json.dumps(payload, ensure_ascii=False, indent=2, default=str), out, "assessment")
            else:
                emit_json(payload)
            return
        from kingmaker.report.assessment import ReportContext

        from kingmaker.analysis.structure import family
        from kingmaker.report.scenario import pivotal_lines
        from kingmaker.scenario.pivotal import pivotal_on_date

        context = ReportContext.from_snapshot(snap, km.store.fingerprint())
        board = family(snap, target)[0]
        tested = scenario_result.kingmaker if scenario_result is not None and scenario_result.kingmaker else \
            pivotal_on_date(snap, board, lang)
        context.pivotal = pivotal_lines(snap.name(board), km.recorded_vote(board, snap.as_of), tested, names, lang)
        report = render(result, names, format, lang, steps, context)
        if isinstance(report, bytes):
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(report)
            console.print(f"report written to {out}")
            return
        _write(report, out, "report")


def scenario_run(
    file: Annotated[Path, typer.Argument(help="Scenario file (docs/scenarios.md).")],
    json: JsonOption = False,
    lang: LangOption = "en",
    db: DbOption = None,
) -> None:
    """Apply a scenario's interventions and compare control, voting power, leverage and verdicts."""
    from kingmaker.scenario.runner import read_scenario, run_scenario, scenario_problem

    sc = read_scenario(file)
    with open_store(db) as km:
        try:
            sc.target = km.actor(sc.target).id
        except UserError as exc:  # named where the file says it: its line and field
            raise scenario_problem(sc, str(exc), ("scenario", "target")) from None
        snap = km.snapshot(sc.as_of)
        result = run_scenario(snap, sc)
        if json:
            emit_json(result.to_dict())
            return
        from kingmaker.report.scenario import scenario_lines

        names = {a.id: a.name for a in snap.actors.values()}
        lines = scenario_lines(result, names, lang)
        sys.stdout.write("\n".join(lines) + "\n")


def replay_cmd(
    case: Annotated[Path, typer.Argument(help="Case file to replay (loaded into the store if needed).")],
    target: Annotated[Optional[str], typer.Option("--target", help="Organisation to follow; default: the most tied-into.")] = None,
    holder: Annotated[Optional[list[str]], typer.Option("--holder")] = None,
    start: Annotated[Optional[str], typer.Option("--from", help="First date (YYYY-MM-DD).")] = None,
    end: Annotated[Optional[str], typer.Option("--to", help="Last date.")] = None,
    lang: LangOption = "en",
    json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Walk a case's events day by day and show how verdicts, leverage, the board and the CEO moved."""
    from kingmaker.scenario.replay import replay as run_replay

    with open_store(db, write=True) as km:
        report = km.load(case)
        dataset = report.results[0].dataset.id
        events = [e for e in km.store.events()
                  if e.id in {r[0] for r in km.store.con.execute(
                      "SELECT event_id FROM events WHERE dataset_id = ?", [dataset]).fetchall()}]
        if target is None:
            counts = Counter(r.subject for r in km.store.relations()
                             if km.store.actor(r.subject) and km.store.actor(r.subject).kind.value != "person")
            if not counts:
                raise UserError(f"{case}: no relations to replay")
            target = counts.most_common(1)[0][0]
        target = km.actor(target).id
        holder = [km.actor(h).id for h in holder] if holder else holder
        steps = run_replay(km.snapshot, events, target, holder or None, parse_as_of(start), parse_as_of(end))
        if json:
            emit_json({"target": target, "steps": [s.to_dict() for s in steps]})
            return
        from kingmaker.report import fmt
        from kingmaker.report.replay import change_lines

        names = {a.id: a.name for a in km.actors()}
        head = {"en": "Replay of {case} for {target}", "de": "Verlauf von {case} für {target}"}[fmt.lang_of(lang)]
        lines = [head.format(case=case, target=names.get(target, target))]
        for s in steps:
            lines.append(f"{fmt.day(s.date, lang)}  " + " | ".join(s.titles(lang)))
            lines += [f"    → {c}" for c in change_lines(s, target, names, lang)]
        sys.stdout.write("\n".join(lines) + "\n")
