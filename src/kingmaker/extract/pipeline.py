"""From a document to candidate facts: analyse, run the rules, merge duplicates."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from kingmaker.extract import learned as learned_layer
from kingmaker.extract import rules_claims, rules_events, rules_regulatory, rules_relations
from kingmaker.extract.actors import ActorIndex
from kingmaker.extract.candidates import Candidate, Quote, merge
from kingmaker.extract.context import Analysis, analyse
from kingmaker.extract.intake import Document, from_text, read_document
from kingmaker.extract.language import resolve_language
from kingmaker.extract.linking import link_by_time_and_role
from kingmaker.extract.rulebase import View


@dataclass
class ProposedActor:
    """A new actor the text names but the store does not know."""

    id: str
    kind: str
    name: str
    quote: Quote
    rule: str
    confidence: float
    staff_of: str | None = None


@dataclass
class Extraction:
    document: Document
    lang: str
    author: str
    date: str | None
    candidates: list[Candidate]
    actors: list[ProposedActor] = field(default_factory=list)
    known_actors: set[str] = field(default_factory=set)
    mentions: list = field(default_factory=list)  # every actor mention (kingmaker.extract.actors.Mention)
    names: dict[str, list[str]] = field(default_factory=dict)  # actor id → its name and variants (store or text)
    analysis: Analysis | None = None  # what the rules saw (sentences, mentions, the index), for training and tests

    @property
    def text(self) -> str:
        return self.document.text


Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)`` with sentences read so far (for a progress bar on long texts)."""


STAFF_KINDS = ("officer", "employment")
"""Relations an authority or court may have as an end: who heads or works for it ("durch den Präsidenten des
Bundesgerichtshofs Prof. Dr. Hirsch", "Andreas Mundt, Präsident des Bundeskartellamtes" — the gold convention settled in
session 9, tests/data/extract/real/README.md); every other relation with an authority or court is a regulatory action,
not a tie."""


NEGATED_AT_THE_CUE = STAFF_KINDS + ("board_seat", "appointment_right", "veto_right")
"""Relations whose rules read a negation where the role, seat or right is named, not over the whole clause: a role mostly
stands in apposition, which the sentence's negation does not reach ("Satya Nadella, Chef von Microsoft, äußerte sich
nicht"), and a seat may be denied and an observer granted in one clause ("Einen Sitz … bekommt X nicht, wohl aber einen
Beobachterposten")."""


def _negated(v: View, c: Candidate) -> bool:
    """Whether relation ``c`` of sentence ``v`` is stated negated ("keine Anteile … erworben", "weder … noch", "did not
    acquire"): :meth:`View.negates` over the mentions of its holder and subject in the sentence nearest each other. A
    negated sentence states no tie; the rules' own checks missed many forms (issue 18, session 10). Kinds whose rules
    weigh the negation at their cue are left to them (:data:`NEGATED_AT_THE_CUE`)."""
    if c.kind in NEGATED_AT_THE_CUE:
        return False
    hs = [m for m in v.mentions if m.actor == c.holder]
    ss = [m for m in v.mentions if m.actor == c.subject]
    if not hs and not ss:
        return False
    if hs and ss:
        pair = min(((h, s) for h in hs for s in ss), key=lambda p: abs(p[0].start - p[1].start))
        return v.negates(list(pair))
    return v.negates([(hs or ss)[0]])


def run_rules(a: Analysis, author: str, date: str | None, progress: Progress | None = None) -> list[Candidate]:
    out: list[Candidate] = []
    views = [View(a, i) for i in range(len(a.sentences))]
    total = 2 * len(views)
    for n, v in enumerate(views):
        for rule in rules_relations.RULES:
            out.extend(c for c in rule(v) if not _negated(v, c))
        if progress is not None and n % 200 == 0:
            progress(n, total)
    employer = {c.holder: c.subject for c in out if c.kind == "officer" and c.holder and c.subject}
    removed: set[str] = set()
    for n, v in enumerate(views):
        if progress is not None and n % 200 == 0:
            progress(len(views) + n, total)
        out.extend(rules_events.person_events(v, employer, removed))
        out.extend(rules_events.board_removal(v))
        out.extend(rules_claims.prediction(v, author, date))
        out.extend(rules_claims.assessment(v, author, date))
        out.extend(rules_regulatory.regulatory_action(v))
        out.extend(rules_regulatory.decision_heading(v))
        out.extend(rules_regulatory.allegation(v, author, date))
    known = a.index.known
    out = [c for c in out if c.section != "relations"
           or not any(x in known and known[x].authority and c.kind not in STAFF_KINDS for x in (c.holder, c.subject))]
    merged = merge(out)
    for c in merged:
        if c.section == "claims" and c.actors:
            c.subject = c.actors[0]
    return merged


def _proposed(a: Analysis, known: set[str], candidates: list[Candidate]) -> list[ProposedActor]:
    used = {x for c in candidates for x in (c.holder, c.subject, *c.actors)}
    out = []
    first_quote = {}
    for m in a.mentions:
        if m.actor not in first_quote:
            s = a.sentence_at(m.start)
            if s is not None:
                first_quote[m.actor] = Quote(s.start, s.end, s.text)
    by_id = dict(a.proposals)
    for aid, k in a.index.known.items():
        if aid in known or aid not in first_quote and aid not in used:
            continue
        if k.source == "gazetteer" and aid not in used:  # named in passing: no new actor to review
            continue
        p = by_id.get(aid)
        quote = first_quote.get(aid) or next(c.quote for c in candidates if aid in (c.holder, c.subject))
        rule, conf = (p.rule, p.confidence) if p else ("actor.gazetteer", 0.85) if k.source == "gazetteer" else \
            ("actor.staff-group", 0.6)
        out.append(ProposedActor(aid, k.kind, k.name, quote, rule, conf, k.staff_of))
    return out


def extract_document(doc: Document, lang: str = "auto", index: ActorIndex | None = None,
                     author: str | None = None, date: str | None = None,
                     progress: Progress | None = None, learned: bool = False) -> Extraction:
    """Candidate facts in ``doc``; actors are matched against ``index`` (the store's actors, then the
    gazetteer). ``progress(done, total)`` is called as sentences are read. ``learned``: add the German
    pairs that the learned scorer (:mod:`kingmaker.extract.learned`) proposes and no rule did (off by default:
    measured leave-one-text-out it adds no right fact yet, see that module)."""
    index = index or ActorIndex()
    lang = resolve_language(lang, doc.text, doc.path or "the text")
    index.prepare(doc.text)  # a store index reads the actors this text may name (ActorIndex.for_store)
    known = {i for i, k in index.known.items() if k.source == "store"}
    author = author or doc.author or (f"author of “{doc.title}”" if doc.title else "unknown author")
    date = date or (doc.date[:10] if doc.date else None)
    a = analyse(doc.text, lang, index)
    cands = run_rules(a, author, date, progress)
    if learned:
        cands += learned_layer.learned_candidates(a, cands)
    link_by_time_and_role(cands, index, date)
    used = {x for c in cands for x in (c.holder, c.subject, *c.actors) if x in a.index.known}
    names = {i: [a.index.known[i].name, *a.index.known[i].variants] for i in used}
    return Extraction(doc, lang, author, date, cands, _proposed(a, known, cands), known, a.mentions, names, a)


def extract_text(text: str, **kw) -> Extraction:
    return extract_document(from_text(text), **kw)


def extract_file(path: str | Path, lang: str = "auto", index: ActorIndex | None = None,
                 author: str | None = None, date: str | None = None, progress: Progress | None = None,
                 learned: bool = False) -> Extraction:
    return extract_document(read_document(path), lang, index, author, date, progress, learned)
