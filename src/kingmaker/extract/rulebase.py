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
NEGATED_FACT = {"de": re.compile(r"\b(?:nicht|kein(?:e[nmrs]?)?|nie|niemals|weder)\b", re.I),
                "en": re.compile(r"\b(?:not|no|never|cannot|neither|nor)\b|n't\b", re.I)}
"""What negates a fact's clause (:meth:`View.negates`): "keine Anteile … erworben", "weder X noch Y halten", "did not
acquire", "holds no stake"."""
NOT_NEGATING = {"de": re.compile(r"\b(?:nicht[ \t]+(?:nur|zuletzt|weniger|ganz|allzu|unerheblich\w*|unwesentlich\w*|unbedeutend\w*|"
                                 r"ausgeschlossen|(?:\w+[ \t]+)?(?:untersagt|verboten|abgelehnt|blockiert|beanstandet|gestoppt)\w*)|"
                                 r"kein(?:e[nmrs]?)?[ \t]+(?:Geringere\w*|Bedenken|Einwände|Einwand))\b", re.I),
                "en": re.compile(r"\b(?:not[ \t]+(?:only|least|less|just|(?:\w+[ \t]+)?(?:blocked|prohibited|opposed|challenged))|"
                                 r"no[ \t]+(?:less|more|fewer|later|doubt|objection\w*|concerns?))\b", re.I)}
"""Negation words that leave the fact standing: "nicht nur", "nicht weniger als 40 Prozent", "not only", "no less than", and
a negated prohibition, which clears the deal ("hat den Erwerb … nicht untersagt", "keine Bedenken", "did not block")."""
SUBORDINATE = {"de": r"(?:die|der|das|dem|den|deren|dessen|denen|welche\w*|wobei|weil|da|obwohl|obgleich|wenn|falls|nachdem|"
                     r"bevor|als|sodass|so\s+dass|während|wie|ohne|um|zumal|sofern|soweit|dass)",
               "en": r"(?:which|who|whom|whose|that|because|although|though|while|when|if|since|as|after|before|unless|whereas)"}
"""Words that open a clause of its own inside the sentence (a relative or subordinate clause): negation in it negates
that clause, not the fact ("Die K AG, die keine Dividende zahlt, hält 40 Prozent an der Q GmbH")."""
NEW_PREDICATE = {"de": r"\s*[:„“\"»«]|\s+(?:und|oder)\s+(?:ist|sind|war|waren|hat|haben|hatte|wird|werden|will|soll|kann|bleibt|gilt|"
                       r"damit|somit|dadurch|daher)\b|"
                       r"^(?:\s+[^\s,;:]+){0,4}?\s+(?!(?:nicht|kein\w*|nie|niemals)\b)[a-zäöüß]{3,}(?:t|en|n)\b(?P<after_verb>),?\s+(?:und|oder|aber|doch|jedoch|sowie)\s|"
                       r"^(?:\s+[^\s,;:]+){0,4}?(?P<before_and>),?\s+(?:und|oder|aber)\s+(?!(?:nicht|jetzt|erst|nur|selbst|zuletzt)\b)[a-zäöüß]{3,}t\b(?!\s+(?:und|oder)\b)|"
                       r"^(?:\s+[^\s,;:]+){0,4}?\s+(?:(?:ge|über|er|ver|be|ent|zer|an|auf|ab|aus|ein|zu)[a-zäöüß]{3,}(?:t|en)|[a-zäöüß]{3,}iert)(?P<after_participle>),\s",
                 "en": r"\s*[:“\"]|\s+(?:and|or)\s+(?:is|are|was|were|has|have|had|will|would|can|remains|thus|therefore|so|"
                       r"[a-z]{2,}ed|paid|took|gave|got|made|said|sold|won|kept|bought|pays|takes|gives|gets|makes|says|sells|keeps)\b"}
"""A second predicate after the fact's last end ("… hält 40 Prozent an der Q GmbH und ist damit nicht beherrschend", "Q Ltd
and paid no premium"), a German verb that closes the fact's clause before a conjunction ("hat die Q GmbH übernommen und
zahlt dafür keinen Aufpreis", "… erworben, aber keine weiteren Rechte erhalten": German puts the participle last, so a
lower-case word ending in -t/-en/-n before "und"/"aber" after the last end closes the clause), a finite verb after "und"
("übernimmt die Q GmbH und zahlt keinen Aufpreis"), a participle before a comma ("hat die Q GmbH übernommen, einen
Kaufpreis nannte sie nicht") — each of these three within four words of the last end, with no comma between (not in an
aside: "hat die Q GmbH, wie berichtet, nicht übernommen" stays negated) —, or a colon or quotation
opening after it ("X, Präsident des Y, erklärt: "… nicht bedenklich""): the fact's scope ends there. A negation before
that verb stays in scope ("hat die Q GmbH nicht übernommen und zahlt …")."""
STOP_AT = ("after_verb", "before_and", "after_participle")
"""Groups of :data:`NEW_PREDICATE` that mark where the fact's scope ends when the match begins at the last end."""
CONTRASTED = {"de": r"(?:,\s+(?:aber|jedoch|doch)|\s+(?:und|oder|sowie)(?:\s+(?:aber|jedoch|doch))?)\s+(?:nicht|kein(?:e[nmrs]?)?)\b|"
                    r",\s+nicht\s+(?:aber|jedoch|(?:die|der|das|den|dem|des|an|am|in|im|bei|von|vom|mit|für|über|zur|zum)\s)|"
                    r",\s+(?:und\s+)?nicht\s*(?:,[^,.;]{0,40},\s*)?(?:rund\s+|etwa\s+)?\d",
              "en": r"(?:,\s+(?:but|yet)|\s+(?:and|or)(?:\s+(?:but|yet))?)\s+(?:not|no)\b|,\s+not\s+(?:the|of|in|a|an)\s|"
                    r",\s+(?:and\s+)?not\s*(?:,[^,.;]{0,40},\s*)?(?:about\s+|around\s+)?\d"}
"""A negated part coordinated after the fact's last end says what is not so beside the fact, not that the fact is not
so: "hält 40 Prozent an der Q GmbH und keine weiteren Anteile", "hat die Q GmbH übernommen, nicht die L GmbH", ", jedoch
keine Stimmrechte", "holds 40 percent of Q Ltd. and no other stake", a corrected figure ("hält 40 Prozent an der Q GmbH, nicht,
wie berichtet, 60 Prozent", "holds 40% of Q Ltd, not 60% as reported"): the fact's scope ends there (review rev10b). A comma
and a bare "nicht"/"kein" still negate the fact ("hat die Q GmbH, anders als berichtet, nicht übernommen")."""
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

    def negates(self, ends: list[Mention]) -> bool:
        """Whether the fact between the mentions ``ends`` (its holder and subject in this sentence) is negated: a
        negation word (:data:`NEGATED_FACT`, not one of :data:`NOT_NEGATING`) in the clause that holds them, outside
        the comma-separated parts of it that open a clause of their own (:data:`SUBORDINATE`) and hold neither end,
        outside brackets, and before a second predicate or a contrasted part after the last end (:data:`NEW_PREDICATE`,
        :data:`CONTRASTED`). "Die K AG hat
        keine Anteile an der Q GmbH erworben", "Weder die K AG noch …", "K Inc. did not acquire Q Ltd." are negated;
        "Die K AG, die keine Dividende zahlt, hält 40 Prozent an der Q GmbH" is not."""
        if not ends:
            return False
        first, last = min(m.start for m in ends) - self.off, max(m.end for m in ends) - self.off
        a, b = self.clause(first)
        b = max(b, self.clause(last - 1)[1]) if last > first else b
        stop = re.search(NEW_PREDICATE[self.lang] + "|" + CONTRASTED[self.lang], self.text[last:b])
        if stop:  # (a verb after the last end: the scope ends right after it, a negation before it stays in)
            b = last + next((stop.end(g) for g in STOP_AT if g in stop.groupdict() and stop.group(g) is not None), stop.start())
        text = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), self.text[:b])  # brackets: asides
        pos, keep = a, []
        for part in re.split(r"(,)", text[a:b]):
            start, end = pos, pos + len(part)
            pos = end
            if part == ",":
                continue
            holds_end = any(start <= m.start - self.off < end or start < m.end - self.off <= end for m in ends)
            if not holds_end and re.match(r"\s*" + SUBORDINATE[self.lang] + r"\b", part, re.I):
                continue  # a relative or subordinate clause without either end
            keep.append(part)
        scope = NOT_NEGATING[self.lang].sub(" ", " ".join(keep))
        return NEGATED_FACT[self.lang].search(scope) is not None

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
