"""Word lists shared by proposals, mentions and rules: role nouns (German compounds included),
organisation head nouns for definite descriptions ("the bank", "der Investor"), the nouns that say what an
organisation is (:data:`TYPE_HEADS`, read by :mod:`kingmaker.extract.coreference`), and number words. This module
imports no other part of ``kingmaker.extract``: every module may read it.

Role nouns are matched as patterns, not as a closed list, so that German compounds work:
"Technikvorstand", "Digitalchefin", "Finanzvorständin", "Vertriebsleiter" are role nouns because of
their head (-vorstand, -chef, -leiter, -direktor …); the prefix says which role ("Finanz-" → CFO).
"""
from __future__ import annotations

import re

# -- roles ---------------------------------------------------------------------------------------------
_DE_HEAD = r"(?:vorstand|vorständin|vorstandes|chef|chefin|leiter|leiterin|direktor|direktorin|führer|führerin)"
DE_ROLE_COMPOUND = rf"(?:[A-ZÄÖÜ][\wäöüß]*?{_DE_HEAD}|(?:[A-ZÄÖÜ][\wäöüß]*?-?)?(?:Vorstand|Vorständin|Chef|Chefin|Leiter|Leiterin)(?![a-zäöüß]))"
"""A German role noun by its head: "Technikvorstand", "Digitalchefin", "Geschäftsführerin", "Vorstandschef"."""
EN_CHIEF = r"chief(?:\s+[a-z-]+){1,2}?\s+officer|chief executive|head of(?:\s+[\w-]+){1,3}?(?=[,.;]|\s+(?:at|of)\b)"
BOARD_PREFIX = re.compile(r"^(?:Aufsichtsrat|Beirat|Verwaltungsrat|Betriebsrat)", re.I)
"""Compounds that name a board office ("Aufsichtsratschef"), not an officer of the company."""

PREFIX_ROLE = [  # (prefix of a German compound / English words, normalised role)
    (r"Finanz|financial|finance", "CFO"), (r"Techni|Technolog|technology|technical", "CTO"),
    (r"Digital|digital", "CDO"), (r"Betriebs|operating|operations", "COO"), (r"Personal|people", "CHRO"),
    (r"Investment|investment", "CIO"), (r"Geschäftsführ|Vorstandsvorsitz|Vorstandschef|Konzernchef|Firmenchef|"
                                         r"Unternehmenschef|executive", "CEO"),
]


def normalise_role(word: str) -> str:
    """"Technikvorstand" → CTO, "chief investment officer" → CIO, "Vertriebsleiter" → itself."""
    for pat, role in PREFIX_ROLE:
        if re.match(pat, word) or re.search(rf"\b(?:{pat})", word):
            return role
    if re.fullmatch(r"(?:Vorstand|Vorständin|Chef|Chefin)", word):
        return "CEO" if word.startswith("Chef") else "board member"
    return word


# -- owners and backers -------------------------------------------------------------------------------------
OWNER_NOUNS_DE = ("Aktionär", "Anteilseigner", "Gesellschafter", "Eigentümer", "Eigner", "Komplementär", "Kommanditist",
                  "Gewährträger")
"""German nouns for who owns a company: a stake's holder named by what it is ("Gesellschafterin der X", "größter
Aktionär", "die Porsche-Aktionäre", "von dem bisherigen Eigentümer"; a limited partnership's partners: "Komplementärin
der X", "Kommanditist"; a public bank's guarantor-owner: "Gewährträger der Landesbank", annotated as a stake in the
real gold, tests/data/extract/real/README.md)."""
OWNER_PREFIXES_DE = ("Groß", "Mehrheits", "Haupt", "Minderheits", "Einzel", "Mit")
"""What the first part of an owner compound says about the stake: "Großaktionär", "Mehrheitseigner", "Mitgesellschafter"."""
BACKER_NOUNS_DE = ("Investor", "Geldgeber", "Kapitalgeber")
"""German nouns for who puts money into a company (financing, not necessarily a stake)."""


def _either_case(word: str) -> str:
    """``"Aktionär"`` → ``"[Aa]ktionär"``: a compound's second part is written in lower case ("Großaktionär")."""
    return f"[{word[0]}{word[0].lower()}]{re.escape(word[1:])}"


OWNER_NOUN_DE = (rf"(?:{'|'.join(_either_case(p) for p in OWNER_PREFIXES_DE)})?"
                 rf"(?:{'|'.join(_either_case(n) for n in OWNER_NOUNS_DE)})(?:in|innen|s|e|en|n)?")
"""Any inflected form of an owner noun, with or without its first part: "Aktionärin", "Großaktionärs", "Anteilseignern",
"Mitgesellschafter", "Eigentümer"."""
BACKER_NOUN_DE = rf"(?:{'|'.join(_either_case(n) for n in BACKER_NOUNS_DE)})(?:en|n)?"
"""Any inflected form of a backer noun: "Investoren", "Geldgebern"."""

PERSON_ROLE_NOUN = (
    r"(?:CEO|CFO|CTO|COO|chief|president|chair\w*|partner|(?:co-)?founder|director|head|analyst|official|"
    r"manager|executive|Gründer\w*|Mitgründer\w*|Partner\w*|(?:[A-ZÄÖÜ][\wäöüß-]*?)?(?:Präsident|präsident|Minister|minister)\w*|Vorsitzende\w*|Analyst\w*|"
    r"Justiziar\w*|Sprecher\w*|Manager\w*|[A-ZÄÖÜ][\wäöüß]*vorsitzende[rn]?|Mitglied|Aufsichtsratsmitglied\w*|"
    r"\w*" + OWNER_NOUN_DE + r"|" +
    DE_ROLE_COMPOUND + r")")
"""A noun that, next to a two-word capitalised span, marks the span as a person ("X, Finanzvorstand der …")."""

# -- organisations named by what they are ------------------------------------------------------------------
ORG_HEADS = {
    "de": {"Unternehmen": None, "Firma": None, "Konzern": None, "Start-up": None, "Gruppe": None, "Verlag": None,
           "Hersteller": None, "Anbieter": None, "Plattform": None, "Zulieferer": None, "Käufer": None,
           "Käuferin": None, "KI-Forschungslabor": None, "Bank": "bank", "Investor": "investor",
           "Finanzinvestor": "investor", "Fonds": "investor", "Staatsfonds": "investor", "Holding": None,
           "Gesellschaft": "company"},
    "en": {"company": None, "start-up": None, "startup": None, "firm": None, "group": None, "lab": None,
           "maker": None, "manufacturer": None, "supplier": None, "platform": None, "publisher": None,
           "operator": None, "bank": "bank", "lender": "bank", "investor": "investor", "fund": "investor"},
}
"""Head nouns of definite descriptions that point back to an organisation; the value restricts which
(``bank``: one with "Bank" in its name; ``investor``: a fund, or a name with Capital/Ventures/Partners/Fund; ``company``:
no state or state body, in its own sentence or the one before: "der Gesellschaft")."""
_DE_CASES = {"Unternehmen": "s?", "Konzern": "s?", "Start-up": "s?", "Verlag": "(?:e?s)?", "Hersteller": "s?",
             "Anbieter": "s?", "Zulieferer": "s?", "Investor": "s?", "Finanzinvestor": "s?", "Staatsfonds": "",
             "Fonds": "", "KI-Forschungslabor": "s?", "Käufer": "s?", "Holding": "", "Bank": "", "Firma": "",
             "Gruppe": "", "Plattform": "", "Käuferin": "", "Gesellschaft": ""}

TYPE_HEADS = {
    "de": {"Softwareriese": "software", "Software-Riese": "software", "Softwarekonzern": "software",
           "Softwarehersteller": "software", "Softwareanbieter": "software", "Chipkonzern": "chips",
           "Chiphersteller": "chips", "Chipriese": "chips", "Chipdesigner": "chips", "Halbleiterkonzern": "chips",
           "Online-Händler": "retailer", "Onlinehändler": "retailer", "Online-Riese": "retailer", "Versandhändler": "retailer",
           "Einzelhändler": "retailer", "Internetkonzern": "technology", "Internetriese": "technology",
           "Internet-Riese": "technology", "Tech-Konzern": "technology", "Techkonzern": "technology",
           "Technologiekonzern": "technology", "Technologieriese": "technology", "Tech-Riese": "technology",
           "Tech-Gigant": "technology", "KI-Start-up": "ai", "KI-Startup": "ai", "KI-Firma": "ai", "KI-Unternehmen": "ai",
           "KI-Entwickler": "ai", "KI-Labor": "ai", "KI-Spezialist": "ai", "Start-up": "startup", "Startup": "startup",
           "Suchmaschinenkonzern": "search", "Suchmaschinenbetreiber": "search", "Cloud-Anbieter": "cloud",
           "Cloudanbieter": "cloud", "Autobauer": "car maker", "Autokonzern": "car maker", "Autohersteller": "car maker",
           "Chemiekonzern": "chemicals", "Versicherer": "insurer", "Versicherungskonzern": "insurer",
           "Pharmakonzern": "pharma", "Finanzinvestor": "investor", "Wagniskapitalgeber": "investor",
           "Wettbewerbsbehörde": "regulator", "Kartellbehörde": "regulator", "Wettbewerbshüter": "regulator",
           "Fluggesellschaft": "airline", "Airline": "airline"},
    "en": {"software giant": "software", "software maker": "software", "software company": "software",
           "software group": "software", "chipmaker": "chips", "chip maker": "chips", "chip giant": "chips",
           "chip designer": "chips", "semiconductor company": "chips", "online retailer": "retailer",
           "e-commerce giant": "retailer", "retail giant": "retailer", "retailer": "retailer", "tech giant": "technology",
           "technology giant": "technology", "tech company": "technology", "technology group": "technology",
           "AI startup": "ai", "AI start-up": "ai", "AI company": "ai", "AI firm": "ai", "AI lab": "ai",
           "AI developer": "ai", "start-up": "startup", "startup": "startup", "search giant": "search",
           "cloud provider": "cloud", "cloud giant": "cloud", "carmaker": "car maker", "automaker": "car maker",
           "insurer": "insurer", "drugmaker": "pharma", "airline": "airline", "carrier": "airline"},
}
"""Head nouns that say what an organisation is (its line of business): typed epithets (:mod:`kingmaker.extract.coreference`:
"der US-Softwareriese", "the online retailer") point to the nearest organisation of that type; definite descriptions
(:func:`description_pattern`) leave them to the typed epithets."""

PLACE_PREFIXES_DE = frozenset(
    "Deutschland Österreich Schweiz Europa Frankreich Italien Spanien Portugal Polen Tschechien Ungarn Niederlande Belgien "
    "Luxemburg Dänemark Schweden Norwegen Finnland Irland Griechenland Türkei Russland Großbritannien England China Japan "
    "Korea Indien Brasilien Kanada Mexiko Australien Amerika Nordamerika Südamerika Lateinamerika Asien Afrika Nahost "
    "Osteuropa Westeuropa Skandinavien Benelux Übersee Auslands Inlands".split())
"""Countries and regions that stand before "-Tochter", "-Ableger", "-Geschäft" for where a part of a company works ("ihre
Deutschland-Tochter X", "die Europa-Tochter"): no company of that name."""

STATES_DE = frozenset(
    "Baden-Württemberg Bayern Berlin Brandenburg Bremen Hamburg Hessen Mecklenburg-Vorpommern Niedersachsen "
    "Nordrhein-Westfalen Rheinland-Pfalz Saarland Sachsen Sachsen-Anhalt Schleswig-Holstein Thüringen "
    "Burgenland Kärnten Niederösterreich Oberösterreich Salzburg Steiermark Tirol Vorarlberg Wien".split())
"""The German and Austrian federal states (Länder): what "das Land X", "der Freistaat X" can name ("Land Rover" is none)."""

COMPOUND_HEADS_DE = ("Konzern", "Unternehmen", "Firma", "Verlag", "Hersteller", "Zulieferer", "Bauer", "Betreiber")
"""The last part of a German compound that describes an organisation ("der Elektrokonzern", "des Lufthansa-Konzerns",
"den Roboterbauer"): capitalised after a hyphen, in lower case joined."""


def description_pattern(lang: str) -> str:
    """A regex for "das Unternehmen", "der Firma", "des Investors", "the bank", "the fund's"; group
    ``head`` is the noun."""
    if lang == "de":
        heads = "|".join(re.escape(h) + _DE_CASES[h] for h in sorted(ORG_HEADS["de"], key=len, reverse=True))
        typed = "|".join(re.escape(h) for h in sorted(TYPE_HEADS["de"], key=len, reverse=True))
        last = "|".join(COMPOUND_HEADS_DE)
        compound = (rf"(?!(?:{typed})(?:s|en|n|es)?(?![\w-]))[A-ZÄÖÜ][\wäöüß]*?(?:-(?:{last})|(?:{last.lower()}))"
                    r"(?:s|es|en|n)?")
        return (rf"\b(?:[Dd](?:as|er|ie|es|em|en)|[Dd]ies(?:e[mnrs]?)?|[Ee]in(?:es|em|er)?)\s+(?:(?:damalige|bisherige|neue|frühere)[nrs]?\s+)?"
                rf"(?P<head>{heads}|{compound})(?![\w-])")
    heads = "|".join(sorted(ORG_HEADS["en"], key=len, reverse=True))
    return rf"\b[Tt]he\s+(?P<head>{heads})(?![\w-])"


def head_constraint(lang: str, head: str) -> str | None:
    """Which organisations a description's head noun may point to (see :data:`ORG_HEADS`)."""
    for h, kind in ORG_HEADS[lang].items():
        if head.lower().startswith(h.lower()):
            return kind
    return None


# -- numbers --------------------------------------------------------------------------------------------
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update({w: i for i, w in enumerate(
    "null ein zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split())})
NUMBER_WORDS.update({"eine": 1, "einen": 1, "einem": 1, "einer": 1, "eines": 1})
NUMBER = r"(?:\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"


def number(word: str) -> int | None:
    """``"7"`` or ``"seven"``/``"sieben"`` → 7."""
    w = word.lower()
    return int(w) if w.isdigit() else NUMBER_WORDS.get(w)
