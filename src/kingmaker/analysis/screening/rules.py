"""Screening rules, read from ``rules.yaml`` beside this module (declared as data, like the legal tests of
:mod:`kingmaker.assess`); the lists they read are declared in :mod:`kingmaker.model.designation`.

A :class:`Rule` has dated :class:`Period` s, half-open ``[start, end)`` like every validity in Kingmaker:
:meth:`Rule.period_on` gives the wording in force on a date (the EU's "more than 50 %" before the Council's
Best Practices of 3 July 2024 and "50 % or more" from that day; the BIS Affiliates rule's suspension from
10 November 2025). Example::

    >>> from datetime import date
    >>> rule("eu-owned-or-controlled").period_on(date(2024, 7, 2)).describe()
    'more than 50 % of shareholding, holdings of designated parties added, control ties count'
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML

from kingmaker.errors import KingmakerError, UserError
from kingmaker.model.designation import known_lists

DECLARATION = Path(__file__).with_name("rules.yaml")
INTERESTS = ("shareholding", "voting_rights")
AGGREGATES = ("all", "per_party")
TESTS = ("at_least", "more_than")


@dataclass(frozen=True)
class Period:
    """The wording of a rule over ``[start, end)`` (``None``: open)."""

    start: date | None
    end: date | None
    in_force: bool
    wording: str
    interests: tuple[str, ...] = ("shareholding",)
    threshold: Fraction = Fraction(50)  # percent
    at_least: bool = True
    aggregate: str = "all"
    control: bool = False
    wording_text: dict[str, str] | None = field(default=None, hash=False, compare=False)  # the wording per language ({"en": …, "de": …})

    def covers(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def describe(self) -> str:
        if not self.in_force:
            return "not in force (suspended)"
        test = "at least" if self.at_least else "more than"
        agg = ("holdings of designated parties added" if self.aggregate == "all"
               else "one designated party's own holdings (not added across parties)")
        return (f"{test} {_pct(self.threshold)} of {' or '.join(self.interests)}, {agg}"
                + (", control ties count" if self.control else ", control alone does not count"))

    def to_dict(self) -> dict:
        return {"from": self.start, "to": self.end, "in_force": self.in_force, "wording": self.wording,
                "interests": list(self.interests), "threshold": _pct_value(self.threshold),
                "test": "at_least" if self.at_least else "more_than", "aggregate": self.aggregate,
                "control": self.control, "summary": self.describe(),
                "wording_text": self.wording_text or {"en": self.wording}}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    lists: tuple[str, ...]
    citation: tuple[str, ...]
    periods: tuple[Period, ...]
    caution: str | None = None
    note: str | None = None
    #: the reader's texts per language: {"title": {"en": …, "de": …}, "caution": …, "note": …}
    texts: dict[str, dict[str, str]] | None = field(default=None, hash=False, compare=False)

    def period_on(self, day: date) -> Period | None:
        """The period in force on ``day``; ``None`` when the rule did not exist yet."""
        return next((p for p in self.periods if p.covers(day)), None)

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "lists": list(self.lists), "citation": list(self.citation),
                "caution": self.caution, "note": self.note, "texts": self.texts or {}, "periods": [p.to_dict() for p in self.periods]}


def _pct_value(p: Fraction) -> int | float:
    return int(p) if p.denominator == 1 else float(p)


def _pct(p: Fraction) -> str:
    return f"{_pct_value(p)} %"


@cache
def _load() -> dict[str, Rule]:
    try:
        doc = YAML(typ="safe").load(DECLARATION.read_text(encoding="utf-8"))
        lists = known_lists()
        return {k: _rule(k, v, lists) for k, v in doc["rules"].items()}
    except (OSError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KingmakerError(f"{DECLARATION}: malformed screening rules ({exc!r})") from None


def _texts(value) -> dict[str, str] | None:
    """A reader's text as declared: one English string, or ``{en: …, de: …}`` (English required)."""
    if value is None:
        return None
    out = {"en": value} if isinstance(value, str) else {str(k): str(v) for k, v in value.items()}
    if not out.get("en"):
        raise ValueError(f"text without English: {value!r}")
    return out


def _rule(rule_id: str, raw: dict, lists: dict) -> Rule:
    unknown = [name for name in raw["lists"] if name not in lists]
    if unknown:
        raise ValueError(f"rule {rule_id}: unknown list(s) {unknown}")
    periods = []
    for p in raw["periods"]:
        kw = {}
        if p.get("in_force", True):
            kw = dict(interests=tuple(p["interests"]), threshold=Fraction(str(p["threshold"])),
                      at_least=p["test"] == "at_least", aggregate=p["aggregate"], control=bool(p["control"]))
            if p["test"] not in TESTS or p["aggregate"] not in AGGREGATES or not set(kw["interests"]) <= set(INTERESTS):
                raise ValueError(f"rule {rule_id}: bad test, aggregate or interests in {p}")
        wording = _texts(p["wording"])
        periods.append(Period(p.get("from"), p.get("to"), bool(p.get("in_force", True)), wording["en"],
                              wording_text=wording, **kw))
    ordered = sorted(periods, key=lambda q: (q.start is not None, q.start or date.min))
    for a, b in zip(ordered, ordered[1:]):
        if a.end is None or b.start is None or a.end > b.start:
            raise ValueError(f"rule {rule_id}: periods overlap ({a.start}–{a.end} and {b.start}–{b.end})")
    texts = {k: t for k in ("title", "caution", "note") if (t := _texts(raw.get(k))) is not None}
    return Rule(rule_id, texts["title"]["en"], tuple(raw["lists"]), tuple(raw["citation"]), tuple(ordered),
                texts.get("caution", {}).get("en"), texts.get("note", {}).get("en"), texts)


def rules() -> dict[str, Rule]:
    """Every screening rule, by id."""
    return dict(_load())


def rule(rule_id: str) -> Rule:
    """The rule ``rule_id``; a :class:`~kingmaker.errors.UserError` naming the known ones otherwise."""
    known = _load()
    if rule_id not in known:
        close = difflib.get_close_matches(rule_id, list(known), n=1)
        raise UserError(f"unknown screening rule {rule_id!r}; known: {', '.join(sorted(known))}"
                        + (f" (did you mean {close[0]!r}?)" if close else ""))
    return known[rule_id]
