"""Rules for control rights: appointment rights ("may appoint one of Kestrel's seven directors", "das Recht,
den Finanzchef von X zu benennen") and vetoes ("a veto over any sale", "Zustimmungsvorbehalt", a
golden share). The holder is named before the cue (or right after it: "Zustimmungsvorbehalt des
Investors"); the subject after it, else the other organisation of the sentence, else the last one named.
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.actors import Mention
from kingmaker.extract.candidates import Candidate
from kingmaker.extract.context import ORG
from kingmaker.extract.lexicon import NUMBER, number
from kingmaker.extract.rulebase import View

HOLDERS = ORG + ("person", "group")
APPOINT = {
    "en": r"\b(?:rights?\s+to\s+(?:appoint|nominate|name)|(?:may|can|will|is entitled to|are entitled to)\s+"
          r"(?:appoint|nominate|name)|nomination rights?)\b",
    "de": r"\bRecht\w*\b[^.;]{0,80}?\bzu\s+(?:benennen|entsenden|bestimmen|ernennen|nominieren|besetzen)\b|"
          r"\b(?:darf|dürfen|kann|können)\b[^.;]{0,60}?\b(?:benennen|entsenden|ernennen|nominieren)\b|"
          r"\b(?:darf|dürfen|kann|können)\b[^.;]{0,60}?\b(?:Mitglied|Aufsichtsr|Vorstand|Geschäftsführ|Beir|Verwaltungsr)\w*"
          r"[^.;]{0,60}?\b(?:bestimmen|bestellen|wählen|besetzen)\b|"
          r"\b(?:Entsendungs|Benennungs|Vorschlags)recht\w*",
}
SEATS = (rf"(?P<n>{NUMBER})\s+(?:of|der|von)\s+(?:the\s+|its\s+|den\s+)?(?:\S+['’]s\s+)?(?P<of>{NUMBER})\s+"
         r"(?:[\w-]+\s+)?(?:directors|seats|board|members|Aufsichtsr\w*|Sitze\w*|Mandate\w*|Mitglieder\w*|Beirät\w*)")
VETO = {
    "en": r"\bveto(?:es|ed)?\b|\bgolden share\b|\bconsent rights?\b|\bblocking (?:minority|stake)\b|\bcan block\b",
    "de": r"\bVeto\w*|\bZustimmungsvorbehalt\w*|\bgoldene[n]? Aktie\b|\bSperrminorität\b|\bzustimmungspflichtig\w*|"
          r"\bmit\s+Zustimmung\s+(?:des|der|von)\b|"
          r"\b(?:bedarf|bedürfen|bedurfte|bedurften)\s+(?:stets\s+|immer\s+)?der\s+(?:vorherigen\s+)?Zustimmung(?=\s+(?:des|der|von)\s)",
}
MATTERS = [  # (pattern, VETO_MATTERS name)
    (r"budget|Budget|Haushalt", "budget"), (r"business plan|Geschäftsplan|Businessplan", "business_plan"),
    (r"investment|Investition|capital expenditure|neue[rn]? Werk|new plant", "major_investments"),
    (r"management|CEO|Vorstand|Geschäftsführ", "senior_management"), (r"articles|Satzung", "articles"),
    (r"dissolution|liquidation|Auflösung|Liquidation", "dissolution"),
]


def _ends(v: View, m: re.Match, within_after: int):
    """Holder before the cue (or right after it: "des Investors"), subject after it or elsewhere."""
    tail = v.text[m.end():]
    holder = None
    if re.match(r"\s+(?:zugunsten\s+|in\s+favou?r\s+of\s+)?(?:des|der|von|of)\s+", tail):  # "Zustimmungsvorbehalt zugunsten der X"
        holder = v.after(v.abs(m.end()), HOLDERS, within=25)
    holder = holder or v.before(v.abs(m.start()), HOLDERS)
    skip = [holder.actor] if holder else []
    subject = v.after(v.abs(m.start()), ORG, within=len(m.group(0)) + within_after, skip=skip)
    if subject is None:
        subject = v.other_org(*skip) or v.a.org_before(v.off)
    return holder, subject


def _cues(v: View, pattern: str, within_after: int) -> Iterator[tuple[re.Match, Mention, Mention]]:
    """Cues of an unhedged sentence that are not negated, with a holder and a different subject."""
    if v.hedged:
        return
    for m in v.find(pattern):
        if v.negated(m.start()):
            continue
        holder, subject = _ends(v, m, within_after)
        if holder is None or subject is None or holder.actor == subject.actor:
            continue
        yield m, holder, subject


def appointment_right(v: View) -> Iterator[Candidate]:
    """Rights to appoint directors or officers; "two of nine directors" gives seats and board size."""
    for m, holder, subject in _cues(v, APPOINT[v.lang], 60):
        attrs: dict = {}
        seats = re.search(SEATS, v.text[m.start():], re.I)
        if seats and number(seats.group("n")) is not None:
            attrs = {"seats": number(seats.group("n")), "of_seats": number(seats.group("of"))}
        obj = re.match(r"[^.;]{0,80}", v.text[m.end():]).group(0).strip(" ,")
        attrs["description"] = (m.group(0) + " " + obj).strip() if v.lang == "en" else m.group(0)
        yield v.candidate("relations", "appointment_right", holder, subject, f"{v.lang}.appointment_right.right-to",
                          0.7, attrs=attrs)
        return


def veto_right(v: View) -> Iterator[Candidate]:
    """Vetoes, consent rights and golden shares; a negated clause ("cannot block the budget") yields none."""
    for m, holder, subject in _cues(v, VETO[v.lang], 50):
        a, b = v.clause(m.start())
        matters = [name for pat, name in MATTERS if re.search(pat, v.text[a:b])] or ["other"]
        yield v.candidate("relations", "veto_right", holder, subject, f"{v.lang}.veto_right.veto", 0.7,
                          attrs={"matters": matters})
        return
