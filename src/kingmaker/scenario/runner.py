"""Scenario files: interventions applied to a snapshot, with formal control, voting power, leverage and
verdicts recomputed and compared before and after (docs/scenarios.md).

```yaml
scenario: {id: mass-exit, title: "…", target: openai-global-llc, holder: microsoft, as_of: 2023-11-20}
interventions:
  - defect: {group: openai-staff, to: microsoft, count: 747}
  - move: {actor: sam-altman, to: microsoft, role: "CEO, Microsoft AI research team"}
kingmaker_test: {outcome: "…", subject: openai-inc, threshold: 0.5}
```
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any


from kingmaker.analysis.leverage import LeverageParams
from kingmaker.assess.service import Assessment, assess_snapshot
from kingmaker.errors import InvalidInput, Problem, UserError
from kingmaker.model.snapshot import Snapshot
from kingmaker.model.time import parse_partial_date
from kingmaker.scenario.interventions import STEP_TEXT, Applied, apply
from kingmaker.scenario.pivotal import KingmakerResult, run_kingmaker_test

HEADER_KEYS = {"id", "title", "target", "holder", "as_of", "description", "params", "regimes"}


@dataclass
class Scenario:
    id: str
    title: str
    target: str
    as_of: date
    holder: str | None = None
    interventions: list[dict] = field(default_factory=list)
    kingmaker_test: dict | None = None
    params: dict[str, float] = field(default_factory=dict)
    description: str | None = None
    source: str = "<scenario>"


def parse_scenario(doc: Any, source: str = "<scenario>") -> Scenario:
    if not isinstance(doc, dict) or not isinstance(doc.get("scenario"), dict):
        raise InvalidInput(_lined(source, [Problem(source, "a scenario file needs a 'scenario:' header with id, title, "
                                                           "target, as_of", record="scenario", field="scenario")]))
    head = doc["scenario"]
    problems = [Problem(source, f"the scenario header needs '{k}'", record="scenario", field=k)
                for k in ("id", "target", "as_of") if not head.get(k)]
    problems += [Problem(source, f"'{k}' must be an actor id, not {head[k]!r}", record="scenario", field=k)
                 for k in ("target", "holder") if head.get(k) is not None and not isinstance(head[k], (str, int))]
    problems += [Problem(source, f"unknown field {k!r} in the scenario header", record="scenario", field=str(k))
                 for k in head if k not in HEADER_KEYS]
    problems += [Problem(source, f"unknown section {k!r}", field=str(k))
                 for k in doc if k not in ("scenario", "interventions", "kingmaker_test")]
    if problems:
        raise InvalidInput(_lined(source, problems))
    try:
        day = parse_partial_date(head["as_of"])[0]
    except ValueError as exc:
        raise InvalidInput(_lined(source, [Problem(source, str(exc), record="scenario", field="as_of")])) from None
    interventions = doc.get("interventions") or []
    if not isinstance(interventions, list):
        raise InvalidInput(_lined(source, [Problem(source, "'interventions' must be a list", field="interventions")]))
    return Scenario(str(head["id"]), str(head.get("title") or head["id"]), str(head["target"]), day,
                    None if head.get("holder") is None else str(head["holder"]), list(interventions), doc.get("kingmaker_test"),
                    dict(head.get("params") or {}), head.get("description"), source)


def _lined(source: str, problems: list[Problem]) -> list[Problem]:
    """The header's problems with the line of the field each names (a file's; none for other sources)."""
    from dataclasses import replace

    from kingmaker.io.yaml_input import line_at

    def keys(p: Problem) -> tuple:
        return (("scenario",) if p.record == "scenario" and p.field != "scenario" else ()) + ((p.field,) if p.field else ())
    return [replace(p, line=line_at(source, keys(p)) or 1) if Path(source).is_file() else p for p in problems]


def read_scenario(path: str | Path) -> Scenario:
    from kingmaker.io.yaml_input import read_yaml

    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    return parse_scenario(read_yaml(path), str(path))


@dataclass
class BoardPower:
    subject: str
    members: list[str]
    banzhaf: dict[str, float]

    def to_dict(self) -> dict:
        return {"subject": self.subject, "members": self.members, "banzhaf": self.banzhaf}


def board_power(snap: Snapshot, subject: str) -> BoardPower | None:
    """Banzhaf power on the subject's board (simple majority, chair's casting vote)."""
    from kingmaker.analysis.voting import board_game

    seats = [(snap.name(s.holder), s.role, bool(s.voting)) for s in snap.board(subject)]
    voting = [s for s in seats if s[2]]
    if not voting:
        return None
    game = board_game(seats)
    values = game.banzhaf()
    return BoardPower(subject, [s[0] for s in voting], dict(zip(game.names, [round(float(v), 4) for v in values])))


@dataclass
class ScenarioResult:
    scenario: Scenario
    steps: list[Applied]
    before: Assessment
    after: Assessment
    board_before: BoardPower | None
    board_after: BoardPower | None
    kingmaker: KingmakerResult | None = None

    def changes(self) -> list[dict]:
        out = []
        for v in self.after.verdicts:
            try:
                b = self.before.verdict(v.regime, v.holder)
            except KeyError:
                b = None
            if b is None or b.level != v.level:
                out.append({"regime": v.regime, "holder": v.holder, "before": b.level if b else None, "after": v.level})
        for v in self.after.verdicts:
            for f in v.findings:
                out.append({"regime": v.regime, "holder": v.holder, "finding": f["id"], "result": f["result"]})
        return out

    def to_dict(self) -> dict:
        return {
            "scenario": {"id": self.scenario.id, "title": self.scenario.title, "target": self.scenario.target,
                         "as_of": self.scenario.as_of.isoformat(), "holder": self.scenario.holder},
            "steps": [{"description": s.description, "text": {lang: s.describe(lang) for lang in STEP_TEXT},
                       "removed": list(s.removed), "added": list(s.added)} for s in self.steps],
            "before": self.before.to_dict(), "after": self.after.to_dict(),
            "board_power": {"before": self.board_before.to_dict() if self.board_before else None,
                            "after": self.board_after.to_dict() if self.board_after else None},
            "changes": self.changes(),
            "kingmaker_test": self.kingmaker.to_dict() if self.kingmaker else None,
        }


def scenario_problem(scenario: Scenario, message: str, within: tuple, record: str = "scenario") -> InvalidInput:
    """A problem with the scenario file, found while running it, named by file, line, record and field."""
    from kingmaker.io.yaml_input import located_problem

    doc = {"scenario": {"target": scenario.target}, "interventions": scenario.interventions,
           "kingmaker_test": scenario.kingmaker_test}
    node = scenario.kingmaker_test if within == ("kingmaker_test",) else None
    parts = tuple((f"kingmaker_test.{k}:", k) for k in node) if isinstance(node, dict) else ()
    return InvalidInput([located_problem(scenario.source, doc, message, record=record, within=within, parts=parts)])


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def run_scenario(snap: Snapshot, scenario: Scenario, board_subject: str | None = None) -> ScenarioResult:
    """Apply the scenario's interventions to ``snap`` (taken on ``scenario.as_of``) and compare."""
    if scenario.target not in snap.actors:
        raise scenario_problem(scenario, f"unknown target {scenario.target!r}", ("scenario", "target"))
    params = LeverageParams().with_overrides(scenario.params) if scenario.params else None
    holders = [scenario.holder] if scenario.holder else None
    before = assess_snapshot(snap, scenario.target, holders, params=params)
    steps, current = [], snap
    for i, item in enumerate(scenario.interventions):
        try:
            step = apply(current, item, i)
        except InvalidInput:
            raise
        except UserError as exc:
            raise scenario_problem(scenario, str(exc), ("interventions", i), f"interventions[{i}]") from None
        except (TypeError, ValueError, AttributeError) as exc:  # a value of the wrong kind somewhere in it
            raise scenario_problem(scenario, f"interventions[{i}]: a value of the wrong kind ({_first_line(exc)})",
                                   ("interventions", i), f"interventions[{i}]") from None
        steps.append(step)
        current = step.snapshot
    after = assess_snapshot(current, scenario.target, holders or [v.holder for v in before.verdicts], params=params)
    after.scenario = scenario.id
    from kingmaker.analysis.structure import family

    board_of = board_subject or family(snap, scenario.target)[0]
    try:
        km = run_kingmaker_test(snap, scenario.kingmaker_test, params) if scenario.kingmaker_test else None
    except InvalidInput:
        raise
    except UserError as exc:
        raise scenario_problem(scenario, str(exc), ("kingmaker_test",), "kingmaker_test") from None
    except (TypeError, ValueError, AttributeError) as exc:  # a value of the wrong kind somewhere in it
        raise scenario_problem(scenario, f"kingmaker_test: a value of the wrong kind ({_first_line(exc)})",
                               ("kingmaker_test",), "kingmaker_test") from None
    return ScenarioResult(scenario, steps, before, after, board_power(snap, board_of), board_power(current, board_of), km)
