"""Replay: walk a case's events day by day and show how every figure and verdict moved."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable, Iterable

from kingmaker.analysis.leverage import LeverageParams
from kingmaker.analysis.structure import family
from kingmaker.assess.service import assess_snapshot
from kingmaker.model import Event
from kingmaker.model.snapshot import Snapshot
from kingmaker.scenario.runner import board_power


@dataclass
class ReplayStep:
    date: date
    events: list[str]
    levels: dict[str, str]            # "uk:microsoft" -> level
    dependence: dict[str, tuple[float, float]]  # holder -> bounds
    board: list[str]
    ceo: list[str]
    board_power: dict[str, float] = field(default_factory=dict)
    changed: list[str] = field(default_factory=list)   # compact, for machines: "uk:microsoft: a → b"
    #: the same changes as data, for readers (kingmaker.report.replay puts them in words):
    #: {"what": "level"|"dependence"|"board"|"ceo", "regime", "holder", "before", "after"}
    changes: list[dict] = field(default_factory=list)
    #: the events themselves (``events`` holds their titles as written), for titles in a reader's language
    records: list[Event] = field(default_factory=list, repr=False)

    def titles(self, lang: str) -> list[str]:
        """The step's event titles for a reader of ``lang`` (:meth:`Event.title_in`)."""
        return [e.title_in(lang) for e in self.records] if self.records else list(self.events)

    def to_dict(self) -> dict:
        return {"date": self.date.isoformat(), "events": self.events, "levels": self.levels,
                "dependence": {h: {"lo": lo, "hi": hi} for h, (lo, hi) in self.dependence.items()},
                "board": self.board, "ceo": self.ceo, "board_power": self.board_power, "changed": self.changed,
                "changes": self.changes}


def replay(snapshot_at: Callable[[date], Snapshot], events: Iterable[Event], target: str,
           holders: list[str] | None = None, start: date | None = None, end: date | None = None,
           params: LeverageParams | None = None) -> list[ReplayStep]:
    """One step per event date in [start, end]; each step compares with the one before."""
    by_day: dict[date, list[Event]] = {}
    for e in sorted(events, key=lambda e: (e.date, e.id)):
        if (start is None or e.date >= start) and (end is None or e.date <= end):
            by_day.setdefault(e.date, []).append(e)
    steps: list[ReplayStep] = []
    for day, day_events in sorted(by_day.items()):
        snap = snapshot_at(day)
        if target not in snap.actors:
            continue
        result = assess_snapshot(snap, target, holders, params=params)
        levels = {f"{v.regime}:{v.holder}": v.level for v in result.verdicts}
        dependence = {h: (round(f.leverage.subject_dependence.lo, 3), round(f.leverage.subject_dependence.hi, 3))
                      for h, f in result.features.items()}
        top = family(snap, target)[0]
        board = [f"{snap.name(s.holder)} ({s.role}{'' if s.voting else ', non-voting'})" for s in snap.board(top)]
        ceo = [snap.name(o.holder) + (" (interim)" if o.interim else "") for o in snap.officers(top)
               if o.role.upper() == "CEO"]
        bp = board_power(snap, top)
        step = ReplayStep(day, [e.title for e in day_events], levels, dependence, board, ceo, bp.banzhaf if bp else {},
                          records=day_events)
        if steps:
            prev = steps[-1]
            for key, level in levels.items():
                if prev.levels.get(key) != level:
                    step.changed.append(f"{key}: {prev.levels.get(key)} → {level}")
                    regime, _, holder = key.partition(":")
                    step.changes.append({"what": "level", "regime": regime, "holder": holder,
                                         "before": prev.levels.get(key), "after": level})
            for h, bounds in dependence.items():
                if prev.dependence.get(h) != bounds:
                    step.changed.append(f"dependence on {h}: {prev.dependence.get(h)} → {bounds}")
                    step.changes.append({"what": "dependence", "holder": h, "before": prev.dependence.get(h),
                                         "after": bounds})
            if prev.board != board:
                step.changed.append("board: " + "; ".join(board))
                step.changes.append({"what": "board", "before": prev.board, "after": board})
            if prev.ceo != ceo:
                step.changed.append("CEO: " + "; ".join(ceo))
                step.changes.append({"what": "ceo", "before": prev.ceo, "after": ceo})
        steps.append(step)
    return steps
