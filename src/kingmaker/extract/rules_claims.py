"""Rules for claims: predictions ("Unsere Vorhersagen", "dürfte", "could", "wird … werden") and
assessments of control ("de facto Kontrolle").

Inside a predictions part (from a heading such as "Unsere Vorhersagen" or "Outlook" on) every hedged or
future sentence is a prediction, and the sentences under one sub-heading form one claim. Elsewhere only
strong cues count, and a modal at the very end of a German sentence (a subordinate clause) does not.
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.candidates import Candidate
from kingmaker.extract.rulebase import COUNTERFACTUAL, View

CUE = {"de": r"\b(?:dürfte[n]?|könnte[n]?|würde[n]?|will|erwarte\w*|rechnen|voraussichtlich|wahrscheinlich|möglicherweise)\b",
       "en": r"\b(?:could|might|may|would|will|likely|expects?|expected|predict\w*|forecast\w*)\b"}
STRONG = {"de": r"\b(?:dürfte[n]?|erwarte[nt]?|rechnen wir|voraussichtlich|Prognose|Vorhersage|Einschätzung)\b",
          "en": r"\b(?:could|might|expects?|expected|likely|predict\w*|forecast\w*)\b"}
NOT_PREDICTION = {"de": r"\bwird (?:sich zeigen|deutlich|klar)\b", "en": r"\bremains to be seen\b"}
ASSESSMENT = {"de": r"\bde facto\b[^.]{0,20}\bKontrolle\b|\bfaktische[n]? Kontrolle\b",
              "en": r"\bde facto control\b|\beffectively controls?\b|\beffective control\b"}


RELATIVE_CLAUSE_DE = r",\s+(?:welche[rsmn]?|die|der|das|dem|den|deren|dessen)\s+[^,;.]*?\b(?:wird|werden|wurde|wurden|ist|sind)\s*,"
"""A relative clause closed by its own finite verb ("Die Signa Holding GmbH, welche … geführt wird, hatte …"):
its "wird" is no future of the main clause."""


PARTICIPLE_EN_DE = r"(?:übernommen|erworben|unternommen|entnommen|vernommen|(?:an|auf|ab|aus|ein|mit|vor|zu|zurück|weg|bei|nach|fest|frei)ge\w+)"
"""Past participles ending in -en that are no infinitive ("übernommen", "erworben", "abgegeben"): "X wird von Y übernommen"
is the passive of a deal announced now, no future."""


def _future_de(text: str) -> bool:
    """German future tense: "wird/werden" with an infinitive closing the sentence (a relative clause's own
    "wird" does not count; a participle is the passive: "Die X wird von der Y übernommen")."""
    text = re.sub(RELATIVE_CLAUSE_DE, ",", text)
    return (re.search(r"\b(?:wird|werden)\b", text) is not None
            and re.search(r"\b(?!ge)(?!" + PARTICIPLE_EN_DE + r"\b)\w+(?:en|ern|eln)[.!?]?$", text.rstrip(" .!?\"”")) is not None)


def is_prediction(v: View) -> bool:
    t = v.text
    if v.s.heading or re.search(NOT_PREDICTION[v.lang], t):
        return False
    if re.search(COUNTERFACTUAL[v.lang], t) and re.search(r"\b(?:gewesen|ge\w+t|ge\w+en)\b", t):
        return False
    if v.a.predicting[v.i]:
        return re.search(CUE[v.lang], t) is not None or (v.lang == "de" and _future_de(t))
    if re.search(STRONG[v.lang], t):
        return not (v.lang == "de" and re.search(r"\b(?:könnte[n]?|dürfte[n]?)[.!?]?$", t.rstrip(" .!?")))
    if v.lang == "de" and re.search(r"\b(?:könnte[n]?)\b", t):
        return not re.search(r"\bkönnte[n]?$", t.rstrip(" .!?\"”"))
    return v.lang == "de" and _future_de(t) and not re.search(r"\bwird\b[^.]*\b(?:wird)$", t.rstrip(" ."))


def _about(v: View) -> list[str]:
    out: list[str] = []
    for m in v.mentions:
        if m.actor not in out:
            out.append(m.actor)
    return out


def prediction(v: View, author: str, date: str | None) -> Iterator[Candidate]:
    if not is_prediction(v):
        return
    section = v.a.section_of[v.i]
    grouped = v.a.predicting[v.i] and v.a.section_heading.get(section, False)
    about = _about(v)
    yield v.candidate("claims", "prediction", author, about[0] if about else None, f"{v.lang}.claim.prediction", 0.7,
                      actors=about, title=v.text, date=date,
                      key=("section", section) if grouped else ("sentence", v.i))


EVALUATION = {"de": r"\b(?:abgeraten|rät|riet)\b[^.;]{0,80}?\bab\b|\babgeraten\b|\bals\s+[^.;]{1,80}?\bbewertet\b|"
                    r"\bbewertet\w*\s+[^.;]{1,40}?\bals\b",
              "en": r"\badvised\s+against\b|\brecommended\s+(?:against|that)\b|\bassessed\s+[^.;]{1,60}?\bas\b"}
"""An authority's judgement of a deal or a measure, not a decision: "Die Monopolkommission … hatte von einer
Erlaubniserteilung abgeraten", "hat die Monopolkommission … als wenig geeignet … bewertet"."""


def authority_speaking(v: View) -> str | None:
    """The authority whose words the sentence gives: one it names, else the one named where the quotation it stands in
    opens ("Andreas Mundt, Präsident des Bundeskartellamtes: „… Velmar ist marktbeherrschend.“"), else None."""
    own = next((m.actor for m in v.mentions if v.a.index.known[m.actor].authority), None)
    if own is not None:
        return own
    before = v.a.text[max(0, v.off - 1500):v.off]
    lo = before.rfind("„")
    if lo >= 0 and not re.search(r"[“”]", before[lo + 1:]):
        opened = lo
    elif before.count('"') % 2 == 1:
        opened = before.rfind('"')
    else:
        return None
    at = v.off - len(before) + opened
    intro = [m for m in v.a.mentions_before(at, 250) if v.a.index.known[m.actor].authority]
    return intro[-1].actor if intro else None


DOMINANCE = {"de": r"\b(?:ist|sind|war|waren)\b[^.;]{0,60}?\bmarktbeherrschend\b(?!e)|"
                   r"\b(?:hat|haben|hatte|hält|verfügt\w*)\b[^.;]{0,40}?\bmarktbeherrschende\w*\s+Stellung\b",
             "en": r"(?!x)x"}
"""An authority's finding that a company dominates a market, said as a statement: "Facebook ist mit seinem sozialen
Netzwerk marktbeherrschend in Deutschland" (German only)."""


FINDING = {"de": r"\bmarktbeherrschende[nr]?\s+(?:Stellung|Position)\b|"
                 r"\berhebliche[nr]?\s+(?:Behinderung|Beeinträchtigung)\s+(?:des\s+)?(?:wirksamen\s+)?Wettbewerbs\b|"
                 r"\bden\s+wirksamen\s+Wettbewerb\b[^.;]{0,200}?\berheblich\w*\s+(?:behinder|beeinträchtig)\w*|"
                 r"\b(?:kartellrechtlich|wettbewerblich|wettbewerbsrechtlich)\w*(?:\s+Sicht)?\s+(?:nicht\s+bedenklich|unbedenklich)\b|"
                 r"\bkeine\w*\s+(?:ernsthafte|wettbewerbliche|wettbewerbsrechtliche)n\s+Bedenken\b|"
                 r"\bkeinen\s+Anla(?:ss|ß)\s+zu\s+ernsthaften\s+Bedenken\b|"
                 r"[Mm]arkt\w*\s+(?:\w+\s+){0,2}?gemeinsam\s+(?:beherrsch\w*|marktbeherrschend\w*)",
           "en": r"(?!x)x"}
"""An authority's finding on the competition a deal leaves, stated or conditional, as German merger control words it:
"Das Zusammenschlussvorhaben ist aus kartellrechtlicher Sicht nicht bedenklich", "Der Zusammenschluss würde zu einer
marktbeherrschenden Position von X … führen", "hätte zu einer erheblichen Behinderung des Wettbewerbs … geführt",
"dass die Übernahme den wirksamen Wettbewerb … nicht erheblich behindern würde", "keinen Anlass zu ernsthaften Bedenken",
"dass … Krankenhäuser den Hamburger Krankenhausmarkt gemeinsam beherrschen" (a market dominated jointly; a company
"gemeinsam beherrscht" by two owners is joint control, no finding). A dominant position needs a word that says it arises,
grows, is absent or is expected (:data:`FINDING_DOMINANCE`)."""
FINDING_DOMINANCE = {"de": r"\b(?:[Bb]egründ\w*|[Vv]erstärk\w*|Entstehung|entsteh\w*|führ\w*|geführt|verbunden|erwarten|"
                           r"kein\w*|nicht)\b", "en": r"(?!x)x"}
NOT_FINDING = {"de": r"\bZusammenschlüsse\b|\b[Oo]b\b|\b[Ww]enn\b|\b[Ff]alls\b|\bsofern\b|^\W*Sollte[n]?\b|\bmöglich\w*|\bMissbrauch\w*|\bmissbräuchlich\w*|"
                     r"\bverdächtig\w*|\bAnhaltspunkt\w*",
               "en": r"(?!x)x"}
"""Not a finding on the deal at hand: a rule stated for mergers in general ("Zusammenschlüsse zu untersagen, die den
wirksamen Wettbewerb … erheblich behindern"; "Ein Zusammenschluß verstärkt eine marktbeherrschende Stellung …, wenn …"),
a question still open ("zur Frage, ob … eine marktbeherrschende Stellung entsteht"), a possibility ("der möglichen
Begründung einer marktbeherrschenden Stellung"), an abuse suspected (an allegation, :mod:`rules_regulatory`); a
condition at the sentence's start too ("Ob das Vorhaben … unbedenklich ist, …", "Sollte der Zusammenschluss zu einer
marktbeherrschenden Stellung führen, …": review rev10b)."""
OTHER_VOICE = {"de": r"\b(?:meint\w*|erklärt\w*|sagt\w*|befürcht\w*|kritisier\w*|argumentier\w*|glaub\w*|warn\w*|"
                     r"betont\w*|unterstreicht|unterstrich\w*|bekräftig\w*|äußert\w*|teilt\w*(?=[^.;]{0,60}\bmit\b)|mitgeteilt|"
                     r"zufolge|[Ll]aut|Ansicht|Auffassung|Meinung)\b|(?:^|,\s*)[Ss]o\s+(?=(?:der|die|das|ein\w*)?\s*[A-ZÄÖÜ])",
               "en": r"(?!x)x"}
"""A voice in a sentence that names no authority: the finding's words are someone else's ("Die Y GmbH meint, das
Vorhaben sei wettbewerblich unbedenklich", "Kritiker befürchten, dass der Zusammenschluss zu einer marktbeherrschenden
Stellung führen würde", "…, so die Y GmbH", "Die Y GmbH betont/unterstreicht/teilte mit, …"), not the release's
authority's (:func:`_finding_by`; review rev10b) — unless the one speaking is the authority's official, named so in the
text ("Andreas Mundt, Präsident des Bundeskartellamtes" … "Mundt erklärte, das Vorhaben sei unbedenklich"), or a person
named bare at the sentence's start with no role elsewhere ("Andreas Mundt erklärte, …": in a release, its official)."""
ROLE_BESIDE = {"de": r"\b(?:Präsident\w*|Vizepräsident\w*|Chef\w*|Sprecher\w*|Leiter\w*|Vorsitzend\w*|Direktor\w*|Kommissar\w*|"
                     r"Geschäftsführ\w*|Vorstand\w*|Aufsichtsrat\w*|Gründer\w*|Inhaber\w*|Mitarbeiter\w*|Anwalt\w*|Anwält\w*)",
               "en": r"\b(?:[Pp]resident|[Cc]hair\w*|[Cc]ommissioner|[Dd]irector|[Ss]pokes\w+|[Hh]ead|CEO|[Cc]hief|[Ff]ounder)\b"}
"""A role that ties a person to the organisation named beside it ("Andreas Mundt, Präsident des Bundeskartellamtes",
"Max Muster, Chef der Y GmbH")."""


def _role_org(v: View, person: str) -> str | None:
    """The organisation whose official ``person`` is by the text: the first sentence naming both within 120 characters
    with a role word (:data:`ROLE_BESIDE`) between or just before them; else None."""
    a = v.a
    for m in a.mentions:
        if m.actor != person:
            continue
        s = a.sentence_at(m.start)
        if s is None:
            continue
        for o in a.mentions_before(s.end, s.end - s.start):
            if o.start >= s.start and o.kind != "person" and o.actor != person and abs(o.start - m.start) <= 120:
                lo, hi = min(m.start, o.start), max(m.end, o.end)
                if re.search(ROLE_BESIDE[v.lang], a.text[max(s.start, lo - 40):hi]):
                    return o.actor
    return None


def _speaker(v: View, voice: re.Match) -> str | None:
    """The actor whose words a speech cue gives: the name right after a cue that introduces its speaker ("…, so die Y
    GmbH", "laut X", "nach Ansicht von X"), else the last name before the cue ("Die Y GmbH betont, …"), else None."""
    after = [m for m in v.mentions if m.start - v.off >= voice.end() and m.start - v.off - voice.end() <= 40]
    before = [m for m in v.mentions if m.end - v.off <= voice.start()]
    if re.match(r"(?:^|,\s*)[Ss]o\b|[Ll]aut|Ansicht|Auffassung|Meinung", voice.group(0).lstrip(", ")) and after:
        return after[0].actor
    return before[-1].actor if before else after[0].actor if after else None


def competition_finding(v: View) -> bool:
    """Whether sentence ``v`` states an authority's finding on competition (:data:`FINDING`, not :data:`NOT_FINDING`)."""
    m = re.search(FINDING[v.lang], v.text)
    if m is None or re.search(NOT_FINDING[v.lang], v.text):
        return False
    return not re.match(r"marktbeherrschend", m.group(0)) or re.search(FINDING_DOMINANCE[v.lang], v.text) is not None


def _finding_by(v: View) -> str | None:
    """The authority whose finding the sentence states: the one speaking (:func:`authority_speaking`), else the one it names or
    refers to ("die Kommission"), else the last
    authority the text named within the 5,000 characters before (a press release's or decision's own authority) unless
    the sentence gives another voice (:data:`OTHER_VOICE`)."""
    from kingmaker.extract.rules_regulatory import _authorities

    by = authority_speaking(v) or next((m.actor for m in _authorities(v)), None)
    if by is not None:
        return by
    voice = re.search(OTHER_VOICE[v.lang], v.text)
    if voice is not None:  # someone else's words, unless the one speaking is the authority's official ("Mundt erklärte, …")
        speaker = _speaker(v, voice)
        known = v.a.index.known.get(speaker) if speaker else None
        bare_name = re.fullmatch(r"\s*[A-ZÄÖÜ][\w-]+\s+[A-ZÄÖÜ][\w-]+\s*", v.text[:voice.start()]) is not None
        if (known is None or known.kind != "person") and not (speaker is None and bare_name):
            return None  # a company, "Kritiker", no one named
        org = _role_org(v, speaker) if speaker else None
        if org is not None:  # the authority's official speaks for it; another organisation's does not
            return org if v.a.index.known[org].authority else None
        named = next((m for m in v.mentions if m.actor == speaker), None)
        if named is not None and v.text[:named.start - v.off].strip():
            return None  # "Der Verbraucherschützer Max Muster betont, …": introduced as someone else
        # "Andreas Mundt erklärte, …" at a sentence's start, no role given: in a release, its official
    before = [m for m in v.a.mentions_before(v.off, 5000) if v.a.index.known[m.actor].authority]
    return before[-1].actor if before else None


def assessment(v: View, author: str, date: str | None) -> Iterator[Candidate]:
    by = authority_speaking(v) if re.search(DOMINANCE[v.lang], v.text) and not v.hedged else None
    if by is not None:
        about = [x for x in _about(v) if x != by] or [by]
        yield v.candidate("claims", "assessment", author, about[0], f"{v.lang}.claim.authority-dominance", 0.55,
                          actors=[by, *about], title=v.text, date=date, key=("sentence", v.i), attrs={"assessed_by": by})
        return
    if re.search(EVALUATION[v.lang], v.text) and any(v.a.index.known[m.actor].authority for m in v.mentions):
        by = next(m.actor for m in v.mentions if v.a.index.known[m.actor].authority)
        about = [x for x in _about(v) if x != by] or [by]
        yield v.candidate("claims", "assessment", author, about[0], f"{v.lang}.claim.authority-evaluation", 0.55,
                          actors=[by, *about], title=v.text, date=date, key=("sentence", v.i), attrs={"assessed_by": by})
        return
    if competition_finding(v) and (by := _finding_by(v)) is not None:
        about = [x for x in _about(v) if x != by] or [by]
        yield v.candidate("claims", "assessment", author, about[0], f"{v.lang}.claim.authority-finding", 0.55,
                          actors=[by, *about], title=v.text, date=date, key=("finding", by), attrs={"assessed_by": by})
        return
    if not re.search(ASSESSMENT[v.lang], v.text):
        return
    about = _about(v)
    yield v.candidate("claims", "assessment", author, about[0] if about else None, f"{v.lang}.claim.de-facto-control",
                      0.6, actors=about, title=v.text, date=date, key=("section", v.a.section_of[v.i]))
