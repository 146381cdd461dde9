"""New actors from proper-noun spans that the store does not know.

German capitalises every noun, so capitalisation alone proves nothing: a span is proposed only with a
cue — a role next to a person's name ("Jana Keller, Geschäftsführerin", "Kestrel's chief executive,
Hannah Voss", "Solvig-Technikvorstand Jonas Feld", "Jonas Berg, a former ministry official"; role
nouns from :mod:`kingmaker.extract.lexicon`, German compounds included), a legal form or an
organisation word after a name ("Redwood Capital", "Nordlicht Energie GmbH", "Orion Foundry"), or a
noun saying what kind of organisation follows ("Finanzinvestor X", "the chipmaker X").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kingmaker.extract.lexicon import PERSON_ROLE_NOUN

_CAP = r"[A-ZÄÖÜ][a-zäöüßé'’]+(?:-[A-ZÄÖÜ][a-zäöüßé]+)?"
SEQ = re.compile(rf"(?<![\w-]){_CAP}(?:[ \t]+(?:{_CAP}|[A-Z]{{2,4}}\.?|&))*(?![\w-])")
ROLE_AFTER = re.compile(
    r",[ \t]+(?:(?:the|a|an|its|der|die|das|dem|den|ein|eine)[ \t]+)?(?:[\w'’-]+[ \t]+){0,3}?" + PERSON_ROLE_NOUN)
ROLE_BEFORE = re.compile(
    r"(?<![\w])(?:" + PERSON_ROLE_NOUN + r"|[\wäöüß]*(?:manager|managerin|gründer|gründerin)|named|appointed|hired|"
    r"investor,|Nachfolger|Nachfolgerin|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Herr|Frau)"
    r"(?:[ \t]+(?:des|der|of)[ \t]+(?:the[ \t]+)?[\w-]+)?,?[ \t]+$")
ORG_WORDS = {"Capital", "Ventures", "Partners", "Holding", "Holdings", "Group", "Labs", "Systems", "Robotics",
             "Technologies", "Energy", "Energie", "Bank", "Fund", "Investments", "Networks", "Software", "AI",
             "KI", "Gruppe", "Werke", "Foundry", "Cloud", "Media", "Medien", "Beteiligungen", "Semiconductor",
             "Semiconductors", "Silicon", "Research", "Securities", "Mobility", "Infrastructure", "Industries",
             "Pharma", "Logistics", "Logistik", "Robotik", "Solutions", "Electronics", "Motors", "Insurance"}
ORG_HEAD = {"de": re.compile(r"[\wäöüß-]*(?:konzern|holding|investor|fonds|bank|hersteller|anbieter|zulieferer|verlag|"
                             r"vermarkter|dienst|versicherer|betreiber|händler|lieferant)$", re.I),
            "en": re.compile(r"\b(?:chipmaker|maker|manufacturer|supplier|lender|investor|fund|operator|foundry|"
                             r"publisher|designer|carrier|insurer|rival|buyer)[ \t]+$")}
"""A noun that says an organisation's name follows ("Finanzinvestor Kaskade", "the chipmaker Arcturus")."""
LEGAL = {"AG", "SE", "GmbH", "KG", "KGaA", "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "LLC", "plc", "PBC"}
STOP_FIRST = {"Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "The", "A", "An", "Im", "In", "Mit",
              "Für", "Auch", "Unter", "Wie", "Her", "His", "Its", "Sein", "Seine", "Ihr", "Ihre", "Zusätzlich",
              "Start-up", "Konzern", "Firma", "Investor", "Unternehmen", "Anbieter", "Hätte", "Wenn", "Als",
              "Competition", "Analysts", "Beobachter", "Gründerin", "Gründer", "Finanzchefin", "Finanzchef"}


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    name: str
    kind: str  # person or company
    rule: str
    confidence: float


def _common_noun(word: str, lang: str) -> bool:
    if word in STOP_FIRST or (lang == "de" and "-" in word):
        return True
    if lang != "de":
        return False
    import simplemma

    return simplemma.is_known(word, lang="de") and word not in ORG_WORDS and word.lower() != word


def _words(m: re.Match) -> list[tuple[int, str]]:
    return [(m.start() + w.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]


def _described_org(text: str, words: list[tuple[int, str]], lang: str) -> list[tuple[int, str]]:
    """The name after a noun saying what the organisation is ("Paketdienst Kurierwerk", "the chipmaker
    Arcturus"): one to three words, not all of them common nouns."""
    if lang == "de" and len(words) >= 2 and ORG_HEAD["de"].fullmatch(words[0][1]):
        rest = words[1:]
    elif lang == "en" and ORG_HEAD["en"].search(text[max(0, words[0][0] - 30):words[0][0]]):
        rest = words
    else:
        return []
    if not 1 <= len(rest) <= 3 or all(_common_noun(w, lang) for _, w in rest) or rest[0][1] in STOP_FIRST:
        return []
    return rest


def propose(text: str, taken: list[tuple[int, int]], lang: str = "en") -> list[Proposal]:
    """Proposed new actors in ``text``; ``taken`` are spans already linked to known actors."""
    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    out: dict[str, Proposal] = {}
    for m in SEQ.finditer(text):
        words = _words(m)
        if words and (words[-1][1] in LEGAL or words[-1][1] in ORG_WORDS):  # an organisation
            while len(words) > 2 and (_common_noun(words[0][1], lang) or ORG_HEAD["de"].fullmatch(words[0][1])):
                words = words[1:]
            if len(words) < 2 or all(w in ORG_WORDS | LEGAL for _, w in words) or words[0][1] in STOP_FIRST:
                continue
            start, end = words[0][0], words[-1][0] + len(words[-1][1])
            name = text[start:end]
            if free(start, end) and name not in out:
                out[name] = Proposal(start, end, name, "company", "actor.organisation-name", 0.6)
            continue
        described = _described_org(text, words, lang)
        if described:
            start, end = described[0][0], described[-1][0] + len(described[-1][1])
            name = text[start:end]
            if free(start, end) and name not in out:
                out[name] = Proposal(start, end, name, "company", "actor.organisation-described", 0.55)
            continue
        while len(words) > 2 and (_common_noun(words[0][1], lang) or len(words) > 3):
            words = words[1:]
        if len(words) != 2 or any(w in ORG_WORDS | LEGAL | STOP_FIRST for _, w in words):
            continue
        start, end = words[0][0], words[-1][0] + len(words[-1][1])
        name = text[start:end]
        if not free(start, end) or name in out:
            continue
        if ROLE_AFTER.match(text, end) or ROLE_BEFORE.search(text[max(0, start - 40):start]):
            out[name] = Proposal(start, end, name, "person", "actor.person-with-role", 0.7)
    return sorted(out.values(), key=lambda p: p.start)
