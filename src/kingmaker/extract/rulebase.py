"""What every rule sees: one sentence with its actor mentions, and helpers to pick holder and subject."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Iterator

from kingmaker.extract.actors import Mention
from kingmaker.extract.candidates import Candidate, Quote
from kingmaker.extract.context import ORG, Analysis

NEGATION = {"de": r"\b(?:nicht|kein(?:e[nmrs]?)?|nie|niemals)\b", "en": r"\b(?:not|no|never|cannot|n't)\b"}
CLAUSE_BREAK = r";|,\s+(?:wohl\s+)?aber\b|,\s+but\b|,\s+sondern\b|,\s+während\b|,\s+whereas\b"
COUNTERFACTUAL = {"de": r"\b(?:hätte|hätten|wäre|wären)\b", "en": r"\bwould have\b"}


@dataclass
class View:
    """Sentence ``i`` of the analysed text, as rules see it (positions are offsets into the text)."""

    a: Analysis
    i: int

    def __post_init__(self) -> None:
        s = self.a.sentences[self.i]
        self.s, self.text, self.off, self.lang = s, s.text, s.start, self.a.lang
        self.mentions = self.a.in_sentence(self.i)

    # -- mentions -------------------------------------------------------------------------------------
    def of_kind(self, kinds: Iterable[str]) -> list[Mention]:
        kinds = set(kinds)
        return [m for m in self.mentions if m.kind in kinds]

    @property
    def orgs(self) -> list[Mention]:
        return self.of_kind(ORG)

    @property
    def persons(self) -> list[Mention]:
        return self.of_kind(["person"])

    @property
    def groups(self) -> list[Mention]:
        return self.of_kind(["group"])

    def before(self, pos: int, kinds: Iterable[str], within: int = 10_000, skip: Iterable[str] = ()) -> Mention | None:
        """The nearest mention of ``kinds`` ending at or before absolute ``pos``."""
        skip = set(skip)
        found = [m for m in self.of_kind(kinds) if m.end <= pos and pos - m.end <= within and m.actor not in skip]
        return found[-1] if found else None

    def after(self, pos: int, kinds: Iterable[str], within: int = 10_000, skip: Iterable[str] = ()) -> Mention | None:
        skip = set(skip)
        found = [m for m in self.of_kind(kinds) if m.start >= pos and m.start - pos <= within and m.actor not in skip]
        return found[0] if found else None

    def other_org(self, *not_these: str | None) -> Mention | None:
        """An organisation of the sentence other than ``not_these`` (named ones before anaphora)."""
        cands = [m for m in self.orgs if m.actor not in not_these]
        cands.sort(key=lambda m: m.how == "anaphor")
        return cands[0] if cands else None

    # -- text -----------------------------------------------------------------------------------------
    @property
    def masked(self) -> str:
        """The sentence with its actor mentions blanked out (so "Nordlicht Energie" is no energy supply)."""
        chars = list(self.text)
        for m in self.mentions:
            chars[m.start - self.off:m.end - self.off] = " " * (m.end - m.start)
        return "".join(chars)

    def find(self, pattern: str, flags: int = 0) -> Iterator[re.Match]:
        return re.finditer(pattern, self.text, flags)

    def abs(self, rel: int) -> int:
        return self.off + rel

    def clause(self, rel: int) -> tuple[int, int]:
        """The clause around sentence-relative position ``rel`` (split at ";", ", aber", ", but" …)."""
        start, end = 0, len(self.text)
        for m in re.finditer(CLAUSE_BREAK, self.text):
            if m.end() <= rel:
                start = m.end()
            elif m.start() >= rel:
                end = min(end, m.start())
        return start, end

    def negated(self, rel: int) -> bool:
        a, b = self.clause(rel)
        return re.search(NEGATION[self.lang], self.text[a:b], re.I) is not None

    @cached_property
    def hedged(self) -> bool:
        """A prediction (or inside a predictions part): relation rules leave it to the claim rules (asked by
        many rules of one sentence: worked out once)."""
        from kingmaker.extract.rules_claims import is_prediction

        return self.a.predicting[self.i] or is_prediction(self)

    # -- output ---------------------------------------------------------------------------------------
    def candidate(self, section: str, kind: str, holder: Mention | str | None, subject: Mention | str | None,
                  rule: str, confidence: float, **kw) -> Candidate:
        hid = holder.actor if isinstance(holder, Mention) else holder
        sid = subject.actor if isinstance(subject, Mention) else subject
        guesses = []
        for m in (holder, subject):
            if isinstance(m, Mention) and m.how in ("anaphor", "proposed"):
                confidence -= 0.1
            if isinstance(m, Mention) and m.how == "anaphor":
                guesses.append(f"'{m.surface}' read as {self.a.index.known[m.actor].name}, named before")
        if guesses:  # the user sees which end is a guess (the fragment's note): "Sie", "Das Unternehmen" …
            own = kw.get("attrs", {}).get("link_note")  # a rule's own note ("… read as X's employer") is kept too
            note = "guess: " + "; ".join(guesses + ([own.removeprefix("guess: ")] if own else []))
            kw["attrs"] = {**kw.get("attrs", {}), "link_note": note}
        if any(p[0] in (hid, sid) for p in self.a.proposals):
            confidence -= 0.05
        q = Quote(self.s.start, self.s.end, self.s.text)
        return Candidate(section, kind, hid, sid, [q], rule, round(max(0.05, min(confidence, 0.99)), 2), **kw)


Rule = Callable[[View], Iterable[Candidate]]
