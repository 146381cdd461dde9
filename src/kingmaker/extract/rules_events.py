"""Rules for events: removals (of a CEO, of a board), returns, resignations and appointments.

An event's ``holder`` is the person it happens to (or, for a whole board, who brought it about) and its
``subject`` the organisation; ``employer`` maps persons to organisations from the officer candidates,
for sentences that name only the person ("Altman wurde abrupt entlassen").
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.candidates import Candidate
from kingmaker.extract.context import ORG
from kingmaker.extract.quantities import find_date
from kingmaker.extract.rulebase import COUNTERFACTUAL, View

PATTERNS = {  # kind → {lang: regex}; "person_after" marks patterns whose person follows the cue
    "removal": {"de": r"\bEntlassung\b|\b(?:entlassen|abgesetzt|gefeuert|abberufen)\b|\bentließ\b|\bfeuerte\b|\bsetzt\w*\b[^.;]{0,40}\bab\b",
                "en": r"\b(?:fired|ousted|dismissed|sacked)\b|\b(?:ouster|firing|removal|dismissal) of\b|\bremoved\b[^.]{0,30}\bas\b"
                      r"|\bvoted to (?:remove|oust|dismiss)\b|\b(?:lost|loses|losing)\s+(?:his|her|the|their)\s+(?:\w+\s+)?(?:post|job|role|position)\b"},
    "return": {"de": r"\bWiedereinstellung\b|\bkehrt\w*\b[^.]{0,40}\bzurück\b|\bRückkehr\b|\bwieder eingestellt\b",
               "en": r"\breinstat\w+|\breturn\w*\s+(?:as|to)\b|\bcame back\b|\brehired\b"},
    "resignation": {"de": r"\bzurückgetreten\b|\btr(?:itt|at)\b[^.]{0,30}\bzurück\b|\blegt\w*\b[^.]{0,30}\bnieder\b|"
                          r"\bRücktritt(?:sgesuch)?\w*\s+(?:von|des|der)\b(?=[^.]{0,60}\b(?:angenommen|akzeptiert|eingereicht)\b)",
                    "en": r"\bresign(?:ed|s)\b|\bstep(?:ped|s) down\b"},
    "appointment": {"de": r"\bNachfolger\w*\s+wird\b|\bNeue[rn]?\s+[\wäöüß]+\s+wird\b|\bernannt\w*\b|\bberufen\b",
                    "en": r"\b(?:named|appointed)\b(?=\s+[A-Z])|\b(?:becomes|became|will become)\s+(?:the\s+)?(?:new\s+|interim\s+)?"
                          r"(?:CEO|chief|chair\w*|president)\b|\btakes? over as\b"},
}
BOARD_REMOVAL = {"de": r"\bstürz\w*\s+den\s+(?:alten\s+)?(?:Vorstand|Aufsichtsrat)\b",
                 "en": r"\b(?:ousted|replaced|toppled)\s+the\s+(?:old\s+|whole\s+)?board\b"}
EVENT_KIND = {"removal": "removal", "return": "appointment", "resignation": "resignation", "appointment": "appointment"}


def _person(v: View, m: re.Match, kind: str, removed: set[str]):
    persons = v.persons
    if not persons:
        return None
    if kind == "return":  # who returns is who was removed
        back = [p for p in persons if p.actor in removed]
        if back:
            return back[0]
    after = v.after(v.abs(m.end()), ["person"], within=40)
    before = v.before(v.abs(m.start()), ["person"], within=80)
    if kind in ("appointment",) or (kind == "removal" and m.group(0).startswith(("Entlassung", "ouster", "firing",
                                                                                "removal", "dismissal", "entließ",
                                                                                "feuerte"))):
        return after or before
    return before or after


def _org(v: View, m: re.Match, person, employer: dict[str, str]) -> tuple[str | None, str | None]:
    """The organisation: named right after the cue ("zu OpenAI", "as CEO of Quillon AI"), else the
    person's known employer, else one named in the sentence, else the last one named before. Returns its actor id and,
    when it is a guess, the note the user reads: an anaphor ("das Unternehmen"), an employer taken from an officer fact of
    another sentence, the last organisation named before."""
    known = v.a.index.known
    tail = re.match(r"[^.;]{0,30}?\b(?:zu|to|von|of|bei|at)\s+", v.text[m.end():])
    org = v.after(v.abs(m.end() + tail.end()), ORG, within=5) if tail else None
    if org is None and person.actor in employer:
        actor = employer[person.actor]
        if any(o.actor == actor for o in v.orgs):  # "Jana Keller, Geschäftsführerin der X, wurde abberufen"
            return actor, None
        return actor, f"guess: {known[actor].name if actor in known else actor} read as {known[person.actor].name}'s employer"
    if org is None:
        org = v.after(person.end, ORG, within=60) or v.other_org()
    if org is not None:
        note = f"guess: '{org.surface}' read as {known[org.actor].name}, named before" if org.how == "anaphor" else None
        return org.actor, note
    prev = v.a.org_before(v.off)
    if prev is None:
        return None, None
    return prev.actor, f"guess: the organisation is not named in this sentence; read as {known[prev.actor].name}, named before"


def person_events(v: View, employer: dict[str, str], removed: set[str]) -> Iterator[Candidate]:
    for kind, by_lang in PATTERNS.items():
        for m in v.find(by_lang[v.lang]):
            if kind != "return" and re.search(COUNTERFACTUAL[v.lang], v.text):
                continue
            person = _person(v, m, kind, removed)
            if person is None or (kind == "resignation" and v.negated(m.start())):
                continue
            org, note = _org(v, m, person, employer)
            if org is None:
                continue
            date = find_date(v.text)
            title = {"removal": "removed", "return": "returns", "resignation": "resigns",
                     "appointment": "appointed"}[kind]
            yield v.candidate("events", EVENT_KIND[kind], person, org, f"{v.lang}.event.{kind}",
                              0.7 if person.how != "anaphor" else 0.55,
                              date=date if date and len(date) == 10 else None, actors=[person.actor, org],
                              title=f"{v.a.index.known[person.actor].name} {title}", key=(kind,),
                              **({"attrs": {"link_note": note}} if note else {}))
            if kind == "removal":
                removed.add(person.actor)
            break


def board_removal(v: View) -> Iterator[Candidate]:
    m = re.search(BOARD_REMOVAL[v.lang], v.text)
    if m is None:
        return
    who = v.before(v.abs(m.start()), ORG + ("person",))
    org = v.after(v.abs(m.end()), ORG, within=12) or v.other_org(who.actor if who else None)
    if who is None or org is None:
        return
    yield v.candidate("events", "removal", who, org, f"{v.lang}.event.board-removal", 0.55,
                      actors=[who.actor, org.actor], title="the old board is removed", key=("board",),
                      attrs={"body": "board"})
