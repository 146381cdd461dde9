"""The analysed document: sentences, actor mentions, sections and whether a passage predicts.

Built once per text and handed to every rule (:mod:`kingmaker.extract.rules`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kingmaker.extract.actors import ActorIndex, Mention, new_actor_id
from kingmaker.extract.lexicon import description_pattern, head_constraint
from kingmaker.extract.proposals import Proposal, propose
from kingmaker.extract.sentences import Sentence, split_sentences

PREDICTION_HEADING = re.compile(
    r"\b(Vorhersagen?|Prognosen?|Ausblick|Unsere Einschätzung|Predictions?|Outlook|Forecasts?|What comes next)\b", re.I)
ORG = ("company", "nonprofit", "partnership", "fund", "state", "state_body")


@dataclass
class Analysis:
    text: str
    lang: str
    index: ActorIndex
    sentences: list[Sentence]
    mentions: list[Mention]
    proposals: list[tuple[str, Proposal]] = field(default_factory=list)  # (new actor id, proposal)
    section_of: list[int] = field(default_factory=list)  # per sentence: index of its section
    predicting: list[bool] = field(default_factory=list)  # per sentence: inside a predictions part
    section_heading: dict[int, bool] = field(default_factory=dict)  # section → begins with a heading

    def in_sentence(self, i: int) -> list[Mention]:
        s = self.sentences[i]
        return [m for m in self.mentions if s.start <= m.start and m.end <= s.end]

    def sentence_at(self, pos: int) -> Sentence | None:
        return next((s for s in self.sentences if s.start <= pos < s.end), None)

    def org_before(self, pos: int, window: int = 600, constraint: str | None = None) -> Mention | None:
        """The organisation a definite description at ``pos`` ("das Unternehmen", "the bank") refers to:
        the last one named before it that fits ``constraint`` (see :meth:`fits`), passing over the
        subject of its own sentence wherever it is named (a clause's subject is rarely what its own
        description points back to: "Zugleich stellt Solvig der Firma einen Kredit bereit")."""
        here = self.sentence_at(pos)
        own = {m.actor for m in self.mentions if here is not None and here.start <= m.start < pos
               and m.kind in ORG and _subject_like(self.text, m, here, pos)}
        best = None
        for m in self.mentions:
            if not (m.end <= pos and pos - m.end <= window and m.kind in ORG and m.how != "anaphor"):
                continue
            if m.actor in own or not self.fits(m.actor, constraint):
                continue
            best = m
        return best

    def fits(self, actor: str, constraint: str | None) -> bool:
        """``bank``: "Bank" in a name; ``investor``: a fund or a name with Capital/Ventures/Partners/Fund."""
        k = self.index.known[actor]
        names = " ".join(k.variants + [k.name])
        if constraint == "bank":
            return re.search(r"\bBank\b|\bbank\b", names) is not None
        if constraint == "investor":
            return k.kind == "fund" or re.search(r"Capital|Ventures|Partners|Fund|Fonds|Invest", names) is not None
        return True


def analyse(text: str, lang: str, index: ActorIndex) -> Analysis:
    sentences = split_sentences(text, lang)
    first = index.find(text, lang)
    new: list[tuple[str, Proposal]] = []
    for p in propose(text, [(m.start, m.end) for m in first], lang):
        aid = new_actor_id(p.name, index.known)
        parts = p.name.split()
        variants = [p.name] + ([parts[-1]] if p.kind == "person" else [])
        index.add(aid, p.kind, p.name, variants, proposed=True)
        new.append((aid, p))
    a = Analysis(text, lang, index, sentences, index.find(text, lang), new)
    anaphora = []
    for m in re.finditer(description_pattern(lang), text):
        constraint = head_constraint(lang, m.group("head"))
        ref = a.org_before(m.start(), constraint=constraint)
        if ref is None and constraint == "investor":
            ref = a.org_before(m.start())
        if ref is not None and not any(x.start <= m.start() < x.end for x in a.mentions):
            anaphora.append(Mention(m.start(), m.end(), ref.actor, m.group(0), ref.kind, "anaphor"))
    a.mentions = index.find(text, lang, anaphora)
    _sections(a)
    return a


def _sections(a: Analysis) -> None:
    section, predicting = 0, False
    for i, s in enumerate(a.sentences):
        if s.heading and i:
            section += 1
        if i == 0 or s.heading:
            a.section_heading[section] = s.heading
        if PREDICTION_HEADING.search(s.text) and (s.heading or s.text.split(":")[0] != s.text):
            predicting = True
            if not s.heading:
                section += 1
                a.section_heading[section] = False
        a.section_of.append(section)
        a.predicting.append(predicting)


_FINITE = (r"(?:hat|hätte|hatte|haben|ist|war|wäre|wird|würde|übt|bot|bietet|will|kann|könnte|has|had|is|was|"
           r"will|would|could|can|offered|holds|owns)")


def _subject_like(text: str, m: Mention, s: Sentence, pos: int) -> bool:
    """Sentence-initial, right after or before a finite verb, or right before the description at ``pos``
    (two noun phrases in a row are two arguments); a possessive ("Quillon's") is no subject."""
    before = text[s.start:m.start]
    after = text[m.end:m.end + 20]
    if re.search(r"['’]s$", m.surface):
        return False
    return (not before.strip() or re.search(_FINITE + r"\s+$", before) is not None
            or re.match(r",?\s+" + _FINITE + r"\b", after) is not None or not text[m.end:pos].strip())
