"""Rules for officers and employees: who holds which role at which organisation.

Roles are found by pattern (:mod:`kingmaker.extract.lexicon`), so German compounds count
("Technikvorstand", "Digitalchefin"). The organisation is, in this order: named right after the role
("CEO von Microsoft", "Justiziar des Konzerns"), a possessive or compound prefix right before it
("Kestrel's chief executive", "Kestrel's co-founder and president", "Solvig-Technikvorstand"), the only
organisation of the sentence, or — for "Finanzchefin Mina Sahin" in a sentence naming none — the last
one named before. The person is an apposition on either side ("Priya Raman, chief executive of …",
"…'s chief executive, Hannah Voss", "Finanzvorständin Sabine Ott") or "X … als/as ROLE".
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.candidates import Candidate
from kingmaker.extract.context import ORG
from kingmaker.extract.lexicon import BOARD_PREFIX, DE_ROLE_COMPOUND, EN_CHIEF, normalise_role
from kingmaker.extract.rulebase import View

ROLES = [  # (pattern, normalised role or None for "normalise the word", relation kind)
    (r"CEO|chief executive(?: officer)?|Vorstandschef(?:in)?|Vorstandsvorsitzende[rn]?|Geschäftsführer(?:in)?|"
     r"Chef(?:in)?|Vorsitzende[rn]?\s+(?:des\s+Vorstand(?:e?s)|der\s+Geschäftsführung)|Sprecher(?:in)?\s+des\s+Vorstand(?:e?s)",
     "CEO", "officer"),
    (r"Mitglied\s+(?:des\s+Vorstand(?:e?s)|der\s+Geschäftsführung)|Vorstandsmitglied", "board member", "officer"),
    (r"CFO|chief financial officer|Finanzvorstand|Finanzvorständin|Finanzchef(?:in)?", "CFO", "officer"),
    (r"CTO|chief technology officer|Technikchef(?:in)?", "CTO", "officer"),
    (r"COO|chief operating officer", "COO", "officer"),
    (r"[Pp]resident|Präsident(?:in|en)?", "President", "officer"),
    (r"Rektor(?:in)?|Landr[aä]t(?:in)?|Ministerpräsident(?:in|en)?|(?:Ober)?[Bb]ürgermeister(?:in)?", None, "officer"),
    (r"head of(?:\s+[\w-]+){1,3}?(?=[,.;]|\s+(?:at|of)\b)|[A-ZÄÖÜ][\wäöüß]*?leiter(?:in)?|Justiziar(?:in)?|"
     r"general counsel", None, "employment"),
    (EN_CHIEF + "|" + DE_ROLE_COMPOUND, None, "officer"),
    (r"(?:general |managing )?partner|Partner(?:in)?", "partner", "employment"),
]
ROLE_RE = "|".join(f"(?P<r{i}>{p})" for i, (p, _, _) in enumerate(ROLES))
PREP = r"\s*(?:von|bei|of|at|for|der|des)?\s*"
FOUNDER_AND = r"(?:(?:co-?)?founder\s+and\s+|(?:Mit)?[Gg]ründer(?:in)?\s+und\s+)?"
FORMER = r"(?:former|ehemalige[rn]?|ex-|Ex-|not|nicht|kein\w*)\s*-?$"
TITLES = r"(?:(?:Frau|Herrn?|Prof\.|Dr\.(?:-Ing\.?)?|h\.\s?c\.)\s*)+"
"""Forms of address and academic titles between a role and its holder's name ("den Präsidenten des Bundesgerichtshofs
Prof. Dr. Hirsch", "die Landrätin Frau Dr. Barbara Syrbe")."""
REPRESENTED_BY_DE = (r"^[\s,–-]*(?:[^,;.]{0,60}?[–-]\s+)?[Vv]ertreten\s+durch\s+(?:den|die|das|seinen|ihren|ihre)\s+"
                     r"(?P<role>[A-ZÄÖÜ][\wäöüß]+)\s+(?:" + TITLES + ")?")
"""A party of a court case and who acts for it, as a decision's heading lists them: "Landkreis Ostvorpommern vertreten
durch die Landrätin Frau Dr. Barbara Syrbe", "X – Anstalt öffentlichen Rechts – vertreten durch den Rektor Prof. Dr. Y"."""


def _role(m: re.Match) -> tuple[str, str]:
    for i, (_, norm, kind) in enumerate(ROLES):
        if m.group(f"r{i}"):
            return norm or normalise_role(m.group(0)), kind
    raise AssertionError


def _org_before(v: View, m: re.Match):
    """"Kestrel's chief executive", "Kestrel's co-founder and president", "Solvig-Technikvorstand"."""
    for org in reversed(v.orgs):
        if org.end <= v.abs(m.start()):
            between = v.text[org.end - v.off:m.start()]
            possessive = re.search(r"['’]s$", org.surface) or between.startswith(("'s", "’s"))
            if re.fullmatch(r"(?:['’]s)?\s+" + FOUNDER_AND, between) and possessive or \
                    re.fullmatch("-" + FOUNDER_AND, between):
                return org
            return None
    return None


def _org_in_compound(v: View, m: re.Match):
    """The organisation a role compound starts with: "Porsche-Chef", "VW-Vorstandschef" (the name inside the match). A
    place is none: "Bayern-Chef X" heads a party's Land branch or a club, not the Freistaat (no state officer)."""
    hyphen = m.group(0).rfind("-")
    if hyphen <= 0:
        return None
    a, b = v.abs(m.start()), v.abs(m.start() + hyphen)
    return next((o for o in v.orgs if o.start >= a and o.end == b and o.kind != "state"), None)


def _person(v: View, m: re.Match, start: int, end: int, org):
    person = v.before(start, ["person"], within=50)
    if person is not None:
        between = re.sub(r"^\s*\(\d{1,3}\)", "", v.text[person.end - v.off:m.start()])  # "Jonas Feld (61), Vorstandschef …": the age
        apposition = between.startswith(",") and "," not in between[1:] and not re.search(r"\b(?:as|als)\b", between)
        direct = re.fullmatch(r"\s*(?:interim\s+|(?:resigned|trat|stepped down)\s+as\s+|(?:ist|war|is|was)\s+(?:(?:der|die|the|neuer|"
                              r"neue|new)\s+)?)?", between)  # "Sam Altman ist Vorstandschef von OpenAI"
        as_role = re.fullmatch(r"[^,;]{0,50}\b(?:als|as)\s+(?:interim\s+)?", between) and not \
            re.search(r"\b(?:join\w*|wechselt\w*)\b", between)
        if not (apposition or direct or as_role):
            person = None
    if person is None:
        person = v.after(end, ["person"], within=2)
    if person is None and org is not None and org.start >= end:  # "der Justiziar des Konzerns, Robert Sander"
        person = v.after(org.end, ["person"], within=12)  # "Geschäftsführer der X ist Jonas Feld"
        if person is not None and not re.fullmatch(r"\s*,\s*|\s+(?:ist|war|wird|wurde|bleibt|is|was)\s+|\s+" + TITLES,
                                                   v.text[org.end - v.off:person.start - v.off]):
            person = None
    return person


SPEAKER_COLON = r":\s*[„“\"»]"
"""Where a speaker's words open after a colon ("Andreas Mundt, Präsident des Bundeskartellamtes: „…“"): what the quote says
(a prediction, a hedge) is the speaker's, not the attribution before it."""


def officer(v: View) -> Iterator[Candidate]:
    """Officers and employees with a named role; see the module docstring for how ends are found."""
    limit = len(v.text)
    if v.hedged:  # a prediction in the words quoted after a speaker's colon leaves the speaker's own role a fact:
        said = re.search(SPEAKER_COLON, v.text)  # "Andreas Mundt, Präsident des Bundeskartellamtes: „X wird … ausbauen.“"
        if said is None:
            return
        limit = said.start()
    for m in v.find(rf"(?<!\w)(?:{ROLE_RE})(?![\w-])"):
        if m.end() > limit:
            continue
        role, kind = _role(m)
        start, end = v.abs(m.start()), v.abs(m.end())
        if re.search(FORMER, v.text[:m.start()]) or BOARD_PREFIX.match(m.group(0)):
            continue
        org = v.after(end, ORG, within=6)
        if org is not None and not re.fullmatch(PREP, v.text[m.end():org.start - v.off]):
            org = None
        org = org or _org_before(v, m) or _org_in_compound(v, m)
        person = _person(v, m, start, end, org)
        if person is None:
            continue
        confidence = 0.85
        if org is None and kind == "officer" and (re.search(r"[A-ZÄÖÜ][\w.&]*-$", v.text[:m.start()])
                                                  or re.match(r"[A-ZÄÖÜ][\w.&]*-[A-ZÄÖÜ]", m.group(0))):
            continue  # "Hochtief-Vorstandschef X": the role is at the company the compound names, not another one
        if org is None and kind == "officer":
            org = v.other_org() if len({o.actor for o in v.orgs}) == 1 else None
            if org is None and not v.orgs:  # "Sein Nachfolger wird die bisherige Finanzchefin Mina Sahin"
                org, confidence = v.a.org_before(v.off), 0.6
        if org is None:
            continue
        interim = re.search(r"(?:interim|kommissarisch\w*|vorläufig\w*)\s+$", v.text[:m.start()]) is not None
        attrs = {"role": role, **({"interim": True} if interim else {})}
        yield v.candidate("relations", kind, person, org, f"{v.lang}.{kind}.role-of", confidence, attrs=attrs,
                          key=(role,))


def joins(v: View) -> Iterator[Candidate]:
    """"X joins Corvid as chief scientist", "X will lead a new research unit at Corvid" (employment)."""
    if v.hedged:
        return
    pats = {"en": r"\b(?:joins?|joined|will join)\s+(?P<org>)|\b(?:will\s+)?leads?\s+(?:a|the)\s+(?:new\s+)?[\w ]{0,30}?"
                  r"(?:unit|team|division|lab)\s+at\s+(?P<org2>)",
            "de": r"\bwechselt\w*\s+zu\s+(?P<org>)|\bleitet\w*\s+(?:eine|die)\s+(?:neue\s+)?\w*(?:einheit|team|abteilung)\s+bei\s+(?P<org2>)"}
    for m in v.find(pats[v.lang]):
        org = v.after(v.abs(m.end()), ORG, within=1)
        person = v.before(v.abs(m.start()), ["person"], within=60)
        if org is None or person is None or "board" in v.text[m.start():m.end() + 30].lower():
            continue
        role = re.match(r"[^,.;]*?\s+(?:as|als)\s+([\w ]+?)(?:\s+(?:of|at|bei|von)\b|[,.;]|$)", v.text[org.end - v.off:])
        attrs = {"role": role.group(1)} if role else {}
        yield v.candidate("relations", "employment", person, org, f"{v.lang}.employment.joins", 0.6, attrs=attrs)



FOUNDER = {"en": r"\b(?P<co>co-?)?founders?\b(?:\s+and\s+[\w\s]{1,30}?)?\s+(?:of|at)\s+",
           "de": r"\b(?P<co>Mit)?[Gg]ründer(?:in|innen)?\b(?:\s+und\s+[\w\s]{1,30}?)?\s+(?:von|des|der|bei)\s+"}
FOUNDER_PREFIX = {"en": r"^\s+(?P<co>co-?)?founders?\s+", "de": r"^-(?P<co>Mit)?[Gg]ründer(?:in)?\s+"}
FOUNDED = {"en": r"\b(?P<co>co-?)?founded\s+", "de": r"\b(?P<co>mit)?gründete\w*\s+"}
FOUNDED_BY = {"en": r"\b(?:co-?)?founded\s+(?:in\s+\d{4}\s+)?by\s+", "de": r"\bgegründet\s+(?:\w+\s+){0,3}?von\s+"}


def founder(v: View) -> Iterator[Candidate]:
    """Founders: "Mustafa Suleyman, co-founder of Inflection AI", "Inflection co-founder Mustafa Suleyman",
    "Suleyman co-founded Inflection AI", "founded by …", "Mitgründer von …", "die OpenAI-Gründer". The model
    has no founder kind yet: a founder is proposed as ``employment`` with role "founder" or "co-founder"."""
    seen: set[tuple[str, str]] = set()

    def out(person, org, co, how):
        oid = org.actor if hasattr(org, "actor") else org
        if person is None or org is None or (person.actor, oid) in seen:
            return None
        seen.add((person.actor, oid))
        role = "co-founder" if co else "founder"
        return v.candidate("relations", "employment", person, org, f"{v.lang}.employment.{how}", 0.7,
                           attrs={"role": role}, key=(role,))

    for m in v.find(FOUNDER[v.lang]):
        org = v.after(v.abs(m.end()), ORG, within=3)
        before = v.before(v.abs(m.start()), ["person"], within=40)
        if before is not None and not re.fullmatch(r",?\s*(?:(?:a|the|ein|eine|der|die)\s+)?(?:\w+\s+)?",
                                                   v.text[before.end - v.off:m.start()]):
            before = None
        person = before or v.after(org.end, ["person"], within=3) if org is not None else before
        c = out(person, org, m.group("co"), "founder-of")
        if c:
            yield c
    for org in v.orgs:
        m = re.match(FOUNDER_PREFIX[v.lang], v.text[org.end - v.off:org.end - v.off + 20])
        if m:
            c = out(v.after(org.end + m.end(), ["person"], within=2), org, m.group("co"), "org-founder")
            if c:
                yield c
    for g in v.groups:  # "die OpenAI-Gründer Sam Altman und Greg Brockman"
        k = v.a.index.known[g.actor]
        if k.group_type != "founders" or not k.staff_of:
            continue
        person = v.after(g.end, ["person"], within=2)
        while person is not None:
            c = out(person, k.staff_of, "Mit" in g.surface or "co-" in g.surface.lower(), "founders-named")
            if c:
                yield c
            nxt = re.match(r"\s*(?:,|und|and)\s*", v.text[person.end - v.off:])
            person = v.after(person.end + nxt.end(), ["person"], within=0) if nxt else None
    for m in v.find(FOUNDED[v.lang]):
        if re.match(r"by\b|von\b|in\s+\d{4}\s+by", v.text[m.end():]):
            continue
        c = out(v.before(v.abs(m.start()), ["person"], within=30), v.after(v.abs(m.end()), ORG, within=3),
                m.group("co"), "founded")
        if c:
            yield c
    for m in v.find(FOUNDED_BY[v.lang]):
        org = v.before(v.abs(m.start()), ORG, within=60)
        c = out(v.after(v.abs(m.end()), ["person"], within=3), org, None, "founded-by")
        if c:
            yield c


UNDER_LEAD_DE = (r"^(?:[“”\")]*\s*\([^()]{0,40}\))?\s+unter\s+(?:der\s+)?(?:Leitung|Führung)\s+(?:von|des|der)\s+"
                 r"(?:(?P<role>[A-ZÄÖÜ][a-zäöüß]*(?:direktor|präsident|chef|führer|vorsitzende|leiter)\w*)\s+)?(?:" + TITLES + ")?")
"""A public body and who heads it, in one phrase: "Die Bundeswettbewerbsbehörde unter der Leitung von Theodor Thanner".
Only for state bodies: of a company, news says it of the chief executive it names elsewhere with the role ("Microsoft
unter der Leitung von Nadella"), and a second, role-less officer tie would be a duplicate."""


def represented_by(v: View) -> Iterator[Candidate]:
    """"X, vertreten durch den Rektor Prof. Dr. Y" (German legal prose): Y is the officer of X who acts for it, the role
    as written (normalised where :func:`kingmaker.extract.lexicon.normalise_role` knows it: "Geschäftsführer" → CEO);
    "X unter der Leitung von Y" for a state body X (:data:`UNDER_LEAD_DE`): Y heads X."""
    if v.lang != "de":
        return
    for org in v.orgs:
        m = re.match(REPRESENTED_BY_DE, v.text[org.end - v.off:])
        if m is None and org.kind == "state_body":
            m = re.match(UNDER_LEAD_DE, v.text[org.end - v.off:])
        if m is None:
            continue
        person = v.after(org.end + m.end(), ["person"], within=1)
        if person is None:
            continue
        role = normalise_role(m.group("role")) if m.group("role") else "head"
        yield v.candidate("relations", "officer", person, org, "de.officer.represented-by", 0.7,
                          attrs={"role": role}, key=(role,))
