"""Candidate facts: what a rule proposes, with its quote, offsets, confidence and rule id."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Quote:
    """A sentence of the extracted text: ``text[start:end] == quote``."""

    start: int
    end: int
    text: str


@dataclass
class Candidate:
    """One proposed fact. ``section`` is the case-file section it goes to: relations, events, claims.

    For relations ``holder``/``subject`` are the tie's ends; for events ``holder`` is the actor the
    event happens to (the person removed, appointed, returning) or its instigator, ``subject`` the
    organisation; for claims ``holder`` is the author and ``subject`` the first actor it is about.
    """

    section: str
    kind: str
    holder: str | None
    subject: str | None
    quotes: list[Quote]
    rule: str
    confidence: float
    attrs: dict = field(default_factory=dict)
    date: str | None = None
    actors: list[str] = field(default_factory=list)  # events: actors; claims: about
    title: str | None = None  # events: title; claims: text
    key: tuple = ()  # extra merge discriminator (e.g. interest type, claim section)
    rules: list[str] = field(default_factory=list)

    @property
    def fact_kind(self) -> str:
        """``officer``, ``event:removal``, ``claim:prediction`` — the evaluation's kinds."""
        return self.kind if self.section == "relations" else f"{self.section[:-1]}:{self.kind}"

    @property
    def quote(self) -> Quote:
        return self.quotes[0]

    def merge_key(self) -> tuple:
        if self.section == "claims":  # one claim per passage, whatever its sentences are about
            return (self.section, self.kind, self.holder, self.key)
        return (self.section, self.kind, self.holder, self.subject, self.key)

    def absorb(self, other: "Candidate") -> None:
        """Merge a duplicate: more quotes (put in text order by :func:`merge`), the higher confidence, attributes kept."""
        spans = self.__dict__.setdefault("_spans", {(q.start, q.end) for q in self.quotes})
        for q in other.quotes:
            if (q.start, q.end) not in spans:
                spans.add((q.start, q.end))
                self.quotes.append(q)
        self.confidence = max(self.confidence, other.confidence)
        for k, v in other.attrs.items():
            self.attrs.setdefault(k, v)
        self.date = self.date or other.date
        self.actors += [a for a in other.actors if a not in self.actors]
        for r in [other.rule] + other.rules:
            if r != self.rule and r not in self.rules:
                self.rules.append(r)


def merge(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per fact: duplicates (same kind, ends and discriminator) become extra quotes."""
    out: dict[tuple, Candidate] = {}
    for c in cands:
        k = c.merge_key()
        if k in out:
            out[k].absorb(c)
        else:
            out[k] = c
    for c in out.values():
        c.quotes.sort(key=lambda q: q.start)  # in text order (once, not at every duplicate)
        c.__dict__.pop("_spans", None)
    return sorted(out.values(), key=lambda c: (c.quotes[0].start, c.section, c.kind))
