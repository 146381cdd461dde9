"""German names that carry no cue the general name pass (:mod:`kingmaker.extract.proposals`) reads: the government
of a Land as parliamentary papers name it ("die Landesregierung"), and the parties of anonymised court decisions
("die E. Verwaltungs GmbH", "Frau P.R.", die "S. P."). Public bodies named by what they are and their place ("die
Stadt Bad Kreuznach", "der Landkreis Ostvorpommern", "das Universitätsklinikum Greifswald") are
:func:`kingmaker.extract.proposals.public_bodies`; the sixteen Länder and the Landesbanken are gazetteer entries
(``data/gazetteer/organisations.yaml``). Found on the session-8 German dev texts
(tests/data/extract/real/dev-s8), written for German generally; probes with invented names in
tests/extract/test_extract_german_s8_names.py.
"""
from __future__ import annotations

import re

from kingmaker.extract.proposals import Proposal, _dictionary_word, _name_adjective, free_of, german_noun
from kingmaker.model.legal_forms import legal_form, legal_tail

_INITIAL = r"[A-ZÄÖÜ]\."
GOVERNMENT_DE = re.compile(r"(?<![\w-])(?:[Dd]ie|[Dd]er)[ \t]+(?P<name>Landesregierung|Staatsregierung|Bundesregierung)(?![\w-])")
"""The government as parliamentary papers name it: "die Landesregierung", "der Bundesregierung" (after an article, so
that "Landesregierung Niedersachsen", a gazetteer alias, or "die saarländische Landesregierung" stay whole)."""

_LEGAL = legal_form()
ANONYMISED_ORG_DE = re.compile(
    r"(?<![\w.-])(?P<name>(?:" + _INITIAL + r"[ \t]?){1,3}(?:[ \t]*-[ \t]*(?:" + _INITIAL + r"[ \t]?){1,3})?"
    r"(?:[ \t]*(?P<words>[A-ZÄÖÜ][a-zäöüß]+s)){0,2}[ \t]*(?:" + _LEGAL + r"|e\.G\.)" + legal_tail() + r")(?![\w-])")
"""A company an anonymised decision names by initials and its legal form: "E. GmbH & Co. KG", "L. AG", "S. P. AG",
"D. B. - D. G. Aktiengesellschaft", "S. e.G.", maybe with the first part of a compound ("E. Verwaltungs GmbH"; a real
initial before a surname is none: "J. Funke GmbH & Co. KG"). "e.G." (a cooperative) ends such a name but is not in
model/legal_forms.yaml: the short name of "S. e.G." would be the bare initial."""
QUOTED_INITIALS_DE = re.compile(r"[\"„“](?P<name>(?:" + _INITIAL + r"[ \t]?){2,3}(?:[ \t]*-[ \t]*(?:" + _INITIAL + r"[ \t]?){1,2})?)"
                                r"[ \t]*[\"“”]")
"""A party an anonymised decision names by quoted initials: an der "A.", die "I. " (the name is the initials)."""
ANONYMISED_PERSON_DE = re.compile(r"(?<![\w.])(?:(?P<title>Frau|Herrn?)[ \t]+)?(?P<name>[A-ZÄÖÜ]\.[ \t]?[A-ZÄÖÜ]\.)(?![\w.])")
"""A person an anonymised decision names by initials: "Frau P.R.", "Herr C.S.", and the same initials without the
title ("G.R. und M.S."); abbreviations that look alike are left out (:data:`NOT_INITIALS`)."""
NOT_INITIALS = {"U.S.", "U.K.", "S.A.", "N.V.", "B.V.", "A.G.", "E.U.", "U.N.", "K.G.", "O.K.", "D.C.", "P.S.", "A.D."}

_WORD = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?"
_TITLES = r"(?:(?:Prof|Dr)\.(?:[ \t]*(?:med|rer|phil|jur|nat|pol|oec|h\.[ \t]?c)\.)*[ \t]+)"
TITLED_NAME_DE = re.compile(r"(?<![\w.])(?:(?:Frau|Herrn?)[ \t]+)?" + _TITLES + r"+(?P<name>" + _WORD + r"[ \t]+" + _WORD + r")(?![\w-])")
"""A person's first and last name after an academic title, as letterheads and the parties' list of a decision write it:
"vertreten durch den Rektor Prof. Dr. Rainer Westermann Domstraße 11", "die Landrätin Frau Dr. Barbara Syrbe" (the two
words after the titles, whatever follows on the line; a surname alone after a title is
:func:`kingmaker.extract.proposals.titled_persons`)."""
ADDRESSED_DE = re.compile(r"(?<![\w.])(?:Frau|Herrn?)[ \t]+(?P<name>" + _WORD + r")(?![\w-])(?![ \t]+[A-ZÄÖÜ])")
"""A person named by "Frau"/"Herr" and the surname, as plenary records and papers do: "dass Frau Krebs ohnehin …" (not
a form of address with a role: :data:`ADDRESS_ROLES_DE`)."""
ADDRESS_ROLES_DE = re.compile(r"(?:Vize|Ober|Landtags|Bundestags|Minister|Staats)?(?:Präsident|Minister|Kolleg|Abgeordnet|"
                              r"Vorsitzend|Staatssekretär|Senator|Bürgermeister|Landr[aä]t|Doktor|Professor|Rektor|Dekan|"
                              r"Kanzler|Richter|Anwalt|Anwältin|Rechtsanwalt|Rechtsanwältin|Vorsitz|Dr|Prof)\w*")
"""Roles German addresses a person by ("Frau Präsidentin", "Herr Kollege", "Frau Ministerin"): no surnames."""


def titled_names(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """Persons in a German text named with a title and first and last name (:data:`TITLED_NAME_DE`) or with "Frau"/"Herr"
    and the surname (:data:`ADDRESSED_DE`), once per name, none overlapping ``taken``."""
    free = free_of(taken)  # names found before stay whole: a known "Landesbank Berlin AG"
    out: dict[str, Proposal] = {}
    for m in TITLED_NAME_DE.finditer(text):
        name = re.sub(r"[ \t]+", " ", m.group("name"))
        if free(*m.span("name")):
            out.setdefault(name, Proposal(*m.span("name"), name, "person", "actor.person-with-title", 0.6))
    for m in ADDRESSED_DE.finditer(text):
        name = m.group("name")
        if ADDRESS_ROLES_DE.fullmatch(name) or not free(*m.span("name")) or any(n.split()[-1] == name for n in out) \
                or _company_of(text, name):
            continue
        out.setdefault(name, Proposal(*m.span("name"), name, "person", "actor.person-addressed", 0.55))
    return sorted(out.values(), key=lambda p: p.start)


def _company_of(text: str, surname: str) -> bool:
    """Whether ``text`` names a company after ``surname`` ("die Keller GmbH", "die Keller Logistik AG", "der
    Keller-Konzern"): "Frau Keller" alone is then no actor of her own — her name's one word is the company's, and the
    two would be taken for one actor (the person then holding the company's shares)."""
    return re.search(r"(?<![\w-])" + re.escape(surname) + r"(?:(?:[ \t]+[A-ZÄÖÜ][\w&.-]*){0,3}[ \t]+(?:" + _LEGAL + r")"
                     r"|[ \t-](?:Holding|Gruppe|Group|Konzern|Werke))(?![\w-])", text) is not None


ADJECTIVE_NAMED_DE = re.compile(
    r"(?<![\w-])(?P<name>(?P<adj>[A-ZÄÖÜ][a-zäöüß]{2,}(?:e|er|es|en))[ \t]+(?:[A-ZÄÖÜ][a-zäöüß]+-[ \t]+(?:und|oder)[ \t]+)?"
    r"[A-ZÄÖÜ][a-zäöüß]*(?:gesellschaft|verband|ministerium|sparkasse|Sparkasse|bank|Bank|kasse|werke|Werke|anstalt|stiftung|"
    r"klinikum|betriebe|agentur|genossenschaft|verein|verbund|fonds|krankenhaus(?:es)?))(?![\w-])")
"""An organisation named by a capitalised adjective and a compound saying what it is, which German capitalises only in
a name: "die Mitteldeutsche Flughafengesellschaft", "der Rheinische Sparkassen- und Giroverband", "die Berliner
Sparkasse", "den Hessischen Diakonieverein", "des Hamburgischen Versorgungsfonds", "des Altonaer Kinderkrankenhauses"
(not at a sentence's start, where any adjective is capitalised)."""


_LEGAL_AFTER = re.compile(r"[ \t]+(?:" + _LEGAL + r")(?![\w-])")


def _adjective(word: str) -> bool:
    """A declined adjective ("Mitteldeutsche", "Rheinischer": its lemma begins the word) or a place's adjective on -er
    ("Berliner")."""
    import simplemma

    if _name_adjective(word):
        return True
    if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{3,}er", word) and not word.endswith(("ischer", "scher")):
        return True  # "Berliner", "Hamburger"
    lemma = simplemma.lemmatize(word.lower(), lang="de")
    return lemma.islower() and lemma != word.lower() and word.lower().startswith(lemma[:-1])


def adjective_named(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """Organisations named by adjective and compound (:data:`ADJECTIVE_NAMED_DE`) in a German text, once per name, none
    overlapping ``taken``."""
    free = free_of(taken)
    out: dict[str, Proposal] = {}
    for m in ADJECTIVE_NAMED_DE.finditer(text):
        before = text[max(0, m.start() - 3):m.start()].rstrip(" \t")
        if not before or before[-1] in ".!?:\n\"„“–-" or not _adjective(m.group("adj")) or not free(*m.span("name")):
            continue  # a sentence's start, a heading or a quotation's start
        if _LEGAL_AFTER.match(text, m.end()):
            continue  # "Hallesche Wohnungsgesellschaft mbH": a name with its legal form, found by the general pass
        name = re.sub(r"[ \t]+", " ", m.group("name"))
        out.setdefault(name, Proposal(*m.span("name"), name, "company", "actor.adjective-named", 0.5))
    return sorted(out.values(), key=lambda p: p.start)


_NAME_WORD = r"[A-ZÄÖÜ][\wäöüß]*(?:-[A-ZÄÖÜ][\wäöüß]+)*"
LINKED_NAME_DE = re.compile(
    r"(?<![\w-])(?P<name>(?:(?P<adj>[A-ZÄÖÜ][a-zäöüß]{3,}(?:e|en|er|es))[ \t]+)?(?:(?P<compound>[A-ZÄÖÜ][a-zäöüß]*(?:gesellschaft|werke|verband|bank|kasse|anstalt|"
    r"stiftung|betriebe|agentur|institut))|(?P<bare>Gesellschaft|Werke|Verband|Bank|Kasse|Anstalt|Stiftung|Betriebe|Agentur|Institut))[ \t]+"
    r"(?P<link>der|des|für|zur|zum)[ \t]+(?:(?:" + _NAME_WORD + r"|und|der|des|für|am|an)[ \t]+){0,6}?" + _NAME_WORD +
    r"[ \t]+(?:" + _LEGAL + r"))(?![\w-])")
"""An organisation whose name joins words by "der", "für", "und" and ends in a legal form, led by a word saying what it
is: "Gesellschaft für Beteiligungen und Parken Bad Kreuznach mbH", "Technische Werke der Stadt Stuttgart GmbH",
"Regionalverbandsgesellschaft der S-Finanzgruppe mbH" (the general pass would stop at the small word and keep only
"Parken Bad Kreuznach mbH")."""


def linked_names(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """Organisations named by :data:`LINKED_NAME_DE` in a German text, once per name, none overlapping ``taken``; a
    leading capitalised word must be a declined adjective ("Technischen"), not an article or a noun."""
    free = free_of(taken)
    out: dict[str, Proposal] = {}
    for m in LINKED_NAME_DE.finditer(text):
        start = m.start("name")
        bare_genitive = (m.group("bare") or m.group("compound") and _dictionary_word(m.group("compound"))) and m.group("link") in ("der", "des")
        # "die Bank der X AG" is X's bank, "die Tochtergesellschaft der X AG" X's subsidiary (a noun the dictionary
        # knows); "Regionalverbandsgesellschaft der S-Finanzgruppe mbH" is a name
        if bare_genitive and not m.group("adj"):
            continue
        if m.group("compound") and m.group("link") not in ("der", "des") and _dictionary_word(m.group("compound")):
            served = _served_company(text, m.end("link"), m.end("name"))
            if served is not None:  # "die Hausbank für Q Energie AG": the company served, not a name with "Hausbank"
                if free(served.start, served.end):
                    out.setdefault(served.name, served)
                continue
        if m.group("adj") and (m.group("adj") in ("Diese", "Dieser", "Dieses", "Jene", "Jener", "Eine", "Einer", "Seine", "Ihre", "Deren",
                                                  "Dessen", "Keine", "Unsere") or not _adjective(m.group("adj"))):
            if bare_genitive:
                continue
            start = m.start("name") + len(m.group("adj")) + 1  # "Die Gesellschaft für …": the name starts after it
            start += len(text[start:]) - len(text[start:].lstrip(" \t"))
        name = re.sub(r"[ \t]+", " ", text[start:m.end("name")])
        if free(start, m.end("name")):
            out.setdefault(name, Proposal(start, m.end("name"), name, "company", "actor.linked-name", 0.55))
    return sorted(out.values(), key=lambda p: p.start)


def _served_company(text: str, after_link: int, end: int) -> Proposal | None:
    """The company a noun serves, named after "für" ("die Hausbank für Q Energie AG", "die Beratungsgesellschaft für
    Kestrel AG"): when the first word after the link is no German noun, a proper name begins there and the words up to
    the legal form are that company's name; a linked name says what it does right after "für" ("Betriebsgesellschaft
    für Schwimmbäder und Nebenbetriebe mbH") and gives None."""
    start = after_link + len(text[after_link:end]) - len(text[after_link:end].lstrip(" \t"))
    first = re.match(r"[A-ZÄÖÜ][\wäöüß-]*", text[start:end])
    if first is None or german_noun(first.group(0)):
        return None
    name = re.sub(r"[ \t]+", " ", text[start:end])
    return Proposal(start, end, name, "company", "actor.served-company", 0.55)


def governments(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """The government of the Land or the Federation as a German paper names it ("die Landesregierung"), once per name,
    none overlapping ``taken``."""
    free = free_of(taken)
    out: dict[str, Proposal] = {}
    for m in GOVERNMENT_DE.finditer(text):
        if free(*m.span("name")):
            out.setdefault(m.group("name"), Proposal(*m.span("name"), m.group("name"), "state_body", "actor.government", 0.55))
    return sorted(out.values(), key=lambda p: p.start)


def anonymised(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """The parties of an anonymised German decision: companies by initials and legal form or by quoted initials (two
    or more: a single letter is no name to look for), persons by two initials (with or without "Frau"/"Herr");
    none overlapping ``taken``."""
    free = free_of(taken)
    out: dict[str, Proposal] = {}
    for m in ANONYMISED_ORG_DE.finditer(text):
        if m.group("words") and not german_noun(m.group("words")[:-1]):
            continue
        name = re.sub(r"[ \t]+", " ", m.group("name")).strip()
        out.setdefault(name, Proposal(m.start("name"), m.start("name") + len(m.group("name").rstrip()), name, "company",
                                      "actor.anonymised", 0.55))
    for m in QUOTED_INITIALS_DE.finditer(text):
        name = m.group("name").strip()
        if name not in out:
            out[name] = Proposal(m.start("name"), m.start("name") + len(name), name, "company", "actor.anonymised", 0.5)
    for m in ANONYMISED_PERSON_DE.finditer(text):
        name = m.group("name").replace(" ", "")
        if name in NOT_INITIALS or name in out or any(p.start <= m.start("name") < p.end for p in out.values()):
            continue
        out[name] = Proposal(m.start("name"), m.end("name"), name, "person", "actor.anonymised", 0.55)
    return sorted((p for p in out.values() if free(p.start, p.end)), key=lambda p: p.start)


NOT_ORGANISATION_ACRONYMS = frozenset("EU EG EWG EWR USA US UK UN BGB HGB GWB ZPO AO CDU SPD FDP CSU DDR BRD NATO KI IT EUR USD "
                                      "CHF GBP AG SE KG OHG MWST PDF CEO CFO GWh MW".split())
"""All-capital words that name no organisation (laws, currencies, parties, regions, legal forms, roles)."""
_ACRONYM = r"[A-ZÄÖÜ]{2,6}\d?"


def coordinated_acronyms(text: str, orgs: list[tuple[int, int]], taken: list[tuple[int, int]]) -> list[Proposal]:
    """Companies a German text names only by an acronym that it joins to an organisation by "und"/"sowie" ("die
    Kooperation zwischen EnBW und NWS", "NWS und EnBW"): once per acronym, none overlapping ``taken``; ``orgs`` are the
    spans of the organisations already found. Laws, currencies and the like are none (:data:`NOT_ORGANISATION_ACRONYMS`)."""
    free = free_of(taken)
    names = {text[s:e] for s, e in orgs if e - s >= 2}  # each name wherever it recurs (a proposal is its first place)
    out: dict[str, Proposal] = {}
    for m in re.finditer(r"(?<![\w.-])(?P<name>" + _ACRONYM + r")(?![\w.-])", text):
        name = m.group("name")
        if name in NOT_ORGANISATION_ACRONYMS or name in out or not free(*m.span()):
            continue
        before = re.search(r"[ \t]+(?:und|sowie)[ \t]+(?:(?:der|die|den|dem)[ \t]+)?$", text[max(0, m.start() - 20):m.start()])
        after = re.match(r"[ \t]+(?:und|sowie)[ \t]+(?:(?:der|die|den|dem)[ \t]+)?", text[m.end():m.end() + 20])
        if before is not None and any(text.endswith(n, 0, m.start() - len(before.group(0))) for n in names) or \
                after is not None and any(text.startswith(n, m.end() + after.end()) for n in names):
            out[name] = Proposal(m.start(), m.end(), name, "company", "actor.coordinated-acronym", 0.5)
    return sorted(out.values(), key=lambda p: p.start)

