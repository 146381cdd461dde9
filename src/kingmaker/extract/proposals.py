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
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from kingmaker.extract.lexicon import OWNER_NOUN_DE, PERSON_ROLE_NOUN, PLACE_PREFIXES_DE, STATES_DE
from kingmaker.model.legal_forms import LEGAL_FORM_WORDS, LEGAL_SUFFIX, legal_form, legal_tail

_CAP = r"(?:[A-ZÄÖÜ]{1,4}-[A-ZÄÖÜ][a-zäöüßé]+|\d{1,3}[A-ZÄÖÜ][a-zäöüßé]{2,}|[A-ZÄÖÜ][a-zäöüßé'’]+(?:[A-Z][a-zäöüß]+)*(?:-[A-ZÄÖÜ][a-zäöüßé]+)?)"
"""A capitalised word; inner capitals are allowed ("MyVideo", "YouTube", "LinkedIn": such a word is a name), and so is a
compound after an abbreviation ("US-Konzern", "KI-Unternehmen"), and a word after a number ("50Hertz", "1Komma5": such a
word is a name)."""
PUBLIC_LAW_STATUS_DE = frozenset({"ö.K.", "K.d.ö.R.", "A.ö.R."})
"""Abbreviations of a German public-law status written after a name like a legal form ("Deutscher Sparkassen- und
Giroverband ö.K.", "der DSGV ö.K.": öffentlich-rechtliche Körperschaft): they end a name here. They are not in
``model/legal_forms.yaml``, whose forms also key the store's name index (a change there re-indexes every store)."""
_ODD_LEGAL = "|".join(re.escape(w) for w in sorted((w for w in LEGAL_FORM_WORDS | PUBLIC_LAW_STATUS_DE
                                                     if not re.fullmatch(rf"(?:{_CAP}|[A-ZÄÖÜ]{{2,4}})\.?", w)),
                                                    key=lambda w: (-len(w), w)))
"""The legal forms no capitalised word matches ("GmbH", "KGaA", "S.p.A.", "B.V.", "plc"): a name's words go on through them."""
_ELIDED = r"[A-ZÄÖÜ][a-zäöüß]+-[ \t]+(?:und|oder)[ \t]+"
"""The first part of a compound coordinated with the next word, its shared end left out ("Versorgungs- und
Verkehrsgesellschaft"): inside a name's sequence of words ("Stuttgarter Versorgungs- und Verkehrsgesellschaft mbH")."""
SEQ = re.compile(rf"(?<![\w-])(?:{_CAP}|[A-ZÄÖÜ]{{2,10}}(?=[ \t]+(?:[A-ZÄÖÜ]|(?:{_ODD_LEGAL})(?![\w-]))))(?:[ \t]+(?:Co\.(?=[ \t]+K)|"
                 rf"Cie\.(?=[ \t]+(?:{_ODD_LEGAL}|[A-ZÄÖÜ]{{2,4}}\b))|{_ODD_LEGAL}|(?:{_ELIDED})?{_CAP}|"
                 rf"[A-ZÄÖÜ]{{2,4}}\.?|&|Co\.?))*(?![\w-])")
ROLE_AFTER = re.compile(
    r"(?:[ \t]*\(\d{1,3}\))?,[ \t]+(?:(?:the|a|an|its|der|die|das|dem|den|ein|eine)[ \t]+)?(?:[\w'’-]+[ \t]+){0,3}?" + PERSON_ROLE_NOUN
    + r"|[ \t]+(?:co-?founded|founded|gründete|mitbegründete)\b"
    + r"|[ \t]+(?:ist|war)[ \t]+(?:(?:der|die|eine?|neue|neuer|neuen)[ \t]+)?" + PERSON_ROLE_NOUN + r"[ \t]+(?:von|der|des|bei)\b"
    + r"|[ \t]+als[ \t]+(?:(?:neue[rn]?|bisherige[rn]?|frühere[rn]?)[ \t]+)?" + PERSON_ROLE_NOUN + r"[ \t]+(?:von|der|des|bei)\b")
ROLE_BEFORE = re.compile(
    r"(?<![\w])(?:" + PERSON_ROLE_NOUN + r"|[\wäöüß]*(?:manager|managerin|gründer|gründerin)|named|appointed|hired|"
    r"investor,|Nachfolger|Nachfolgerin|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Herr|Frau)"
    r"(?:[ \t]+(?:des|der|of)[ \t]+(?:the[ \t]+)?(?:[\w&.-]+[ \t]+){0,3}?[\w&.-]+)?(?:,|[ \t]+(?:ist|war|wird|wurde))?[ \t]+$")
ORG_WORDS = {"Konzern", "Capital", "Ventures", "Partners", "Holding", "Holdings", "Group", "Labs", "Systems", "Robotics",
             "Technologies", "Energy", "Energie", "Bank", "Fund", "Investments", "Networks", "Software", "AI",
             "KI", "Gruppe", "Werke", "Foundry", "Cloud", "Media", "Medien", "Beteiligungen", "Semiconductor",
             "Semiconductors", "Silicon", "Research", "Securities", "Mobility", "Infrastructure", "Industries",
             "Pharma", "Logistics", "Logistik", "Robotik", "Solutions", "Electronics", "Motors", "Insurance",
             "Airlines", "Airways", "International", "Werft", "Werften"}
NATIONAL_NAMES = {"Airlines", "Airways"}
"""Organisation words that often follow a nationality in a real name ("Austrian Airlines", "British Airways")."""
ORG_HEAD = {"de": re.compile(r"[\wäöüß-]*(?:konzern|holding|investor|fonds|bank|hersteller|anbieter|zulieferer|verlag|"
                             r"vermarkter|dienst|versicherer|betreiber|händler|lieferant|bauer|portal|plattform|netzwerk|"
                             r"unternehmen|firma|riese|gigant|kette|sender|entwickler|versorger|dienstleister|reederei|"
                             r"fluggesellschaft|airline|tochter|tochtergesellschaft|start-up|startup|gruppe|genossenschaft|spezialist|"
                             r"rivale|rivalen|konkurrent|konkurrenten|wettbewerber|handelshaus|verlagshaus|bankhaus|modehaus|"
                             r"medienhaus|versandhaus|kaufhaus|warenhaus|möbelhaus|auktionshaus|dachgesellschaft|"
                             r"muttergesellschaft|holdinggesellschaft|obergesellschaft|labor|fintech)(?:s|es|en|n)?$", re.I),
            "en": re.compile(r"\b(?:chipmaker|maker|manufacturer|supplier|lender|investor|fund|operator|foundry|"
                             r"publisher|designer|carrier|insurer|rival|buyer)[ \t]+$")}
"""A noun that says an organisation's name follows ("Finanzinvestor Kaskade", "the chipmaker Arcturus")."""
LEGAL = LEGAL_FORM_WORDS | PUBLIC_LAW_STATUS_DE  # "AG", "GmbH", "Inc.", "B.V." … (model/legal_forms.yaml), "ö.K."
NATIONALITY = {"American", "British", "German", "French", "Dutch", "Hungarian", "Italian", "Spanish", "Chinese", "Japanese",
               "Korean", "South", "North", "European", "Canadian", "Swiss", "Austrian", "Danish", "Swedish", "Irish", "Indian",
               "Russian", "Polish", "Belgian", "Norwegian", "Finnish", "Taiwanese", "Israeli", "Brazilian", "Australian", "US",
               "U.S.", "UK", "EU", "Hungary", "Germany", "France", "Britain", "China", "Japan", "Denmark"}
STOP_FIRST = NATIONALITY | {"Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "The", "A", "An", "Im", "In", "Mit",
              "Für", "Auch", "Unter", "Wie", "Her", "His", "Its", "Sein", "Seine", "Ihr", "Ihre", "Zusätzlich",
              "Start-up", "Konzern", "Firma", "Investor", "Unternehmen", "Anbieter", "Hätte", "Wenn", "Als",
              "Competition", "Analysts", "Beobachter", "Gründerin", "Gründer", "Finanzchefin", "Finanzchef",
              "Herr", "Herrn", "Frau", "Vielen", "Herzlichen", "Besten", "Bereich", "Bereichs", "Geschäftsbereich"}
# (forms of address and thanks: "Frau Präsidentin, Herr Kollege", "Vielen Dank, Herr Präsident" name no person; a field of
# work: "für den Bereich Medien zuständig" names no company)


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

    if word in ORG_WORDS or word.lower() == word or (word.isupper() and len(word) <= 5):
        return False
    return any(simplemma.is_known(w, lang="de") for w in (word, re.sub(r"e?s$", "", word)) if len(w) > 2)


def _dictionary_word(word: str) -> bool:
    """Known to simplemma's German dictionary as it stands (not only through a compound's last part: "Karstadt"
    is no "…stadt")."""
    import simplemma

    return word in STOP_FIRST or any(simplemma.is_known(w, lang="de") for w in (word, re.sub(r"e?s$", "", word)) if len(w) > 2)


def german_noun(word: str) -> bool:
    """A German common noun, compounds included: known to simplemma's dictionary itself, without a case
    ending, or through its last part of five letters or more ("Ressourcenlieferant" → "Lieferant",
    "Zielgesellschaft" → "Gesellschaft"). Names such as "Gemalto" or "Thales" are none."""
    import simplemma

    if word in STOP_FIRST or any(simplemma.is_known(w, lang="de") for w in (word, re.sub(r"e?s$", "", word)) if len(w) > 2):
        return True

    core = word.split("-")[-1]
    return any(simplemma.is_known(core[k:].capitalize(), lang="de") for k in range(2, len(core) - 4))


def dictionary_compound(word: str) -> bool:
    """A German compound of two dictionary words, its last part a noun of five letters or more: "Wagniskapital"
    (Wagnis + Kapital), "Risikokapital", "Vermögensverwaltung" (with the linking -s). Such a word names a line of
    business ("die Wagniskapital-Tochter X"), not a company; a brand that simplemma knows whole ("Bosch", "Instagram")
    is none. Brands built the same way ("Volkswagen") are known actors (the gazetteer) before this is asked."""
    import simplemma

    for k in range(3, len(word) - 4):
        head, last = word[:k], word[k:]
        if not last[:1].islower():
            continue
        firsts = {head, head[:-1]} if head.endswith("s") else {head}
        lemma = simplemma.lemmatize(last.capitalize(), lang="de")
        if any(simplemma.is_known(f, lang="de") for f in firsts) and simplemma.is_known(last.capitalize(), lang="de") \
                and lemma[:1].isupper():
            return True
    return False


def _defined_name(text: str, m: re.Match, words: list[tuple[int, str]], lang: str,
                  known_starts: set[int]) -> tuple[int, int] | None:
    """The span of a name that a bracketed short form right after it defines as an organisation: the short form
    is the name's first word ("Sonic Healthcare (Sonic)") or the initials of its words ("Leonardo Rheinmetall
    Military Vehicles (LRMV)"); a description before the name is left out ("des Laborkonzerns Sonic …"). Defined
    short forms are how press releases and decisions introduce the parties."""
    d = DEFINED.match(text, m.end())
    if d is None or len(words) < 2:
        return None
    alias = d.group("alias")
    for k in range(len(words) - 1):
        rest = [w for _, w in words[k:]]
        initials = "".join(w[0] for w in rest if w[0].isupper())
        spelled = alias.isupper() and len(alias) >= 3 and (k == 0 or not words[k - 1][1][:1].isupper() or words[k - 1][1] in
                                                             STOP_FIRST or ORG_HEAD["de"].fullmatch(words[k - 1][1])) \
            and (_spells(alias, [w for w in rest if w not in LEGAL]) or _spells(alias, rest))  # not inside a longer name
        if rest[0] == alias or (alias.isupper() and len(alias) >= 2 and initials == alias) or spelled:
            if rest[0] in STOP_FIRST or (lang == "de" and german_noun(rest[0]) and rest[0] != alias and not spelled) or \
                    re.search(r"['’]s$", rest[-1]) or (rest[0] == alias and words[k][0] in known_starts):
                return None  # "Microsoft Corporation’s (Microsoft)": a known name with its own short form
            return words[k][0], m.end()
    return None


def initialled_aliases(text: str, names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(actor id, alias) for a name's first word followed by the initials of its other words, used in ``text`` without
    being defined in brackets: "CIT Rail Holdings (Europe) S.A.S. … CIT RH ist …" → "CIT RH" (:func:`_spells`; the
    bracketed part and the legal form of the name left off, at least two initials)."""
    out = []
    for aid, name in names:
        words = re.sub(r"\([^()]*\)", " ", re.sub(LEGAL_SUFFIX, "", name)).split()
        if len(words) < 3 or not re.fullmatch(r"[A-ZÄÖÜ][\wäöüß&.-]*", words[0]):
            continue
        for m in re.finditer(r"(?<![\w-])" + re.escape(words[0]) + r"[ \t]+(?P<ini>[A-ZÄÖÜ]{2,4})(?![\w-])", text):
            if _spells(m.group("ini"), words[1:]):
                out.append((aid, f"{words[0]} {m.group('ini')}"))
                break
    return out


def _spells(alias: str, words: list[str]) -> bool:
    """Whether a short form in capitals spells ``words``: each word gives its initial and, in order, may give more
    letters of its own (the parts of a compound or a hyphenated word): "Ostsee-Molkerei Wismar" (OMW), "Windkraft
    Nord" (WKN), "Stadtwerke München" (SWM); every letter of the short form is used."""
    def rest(i: int, k: int) -> bool:  # alias[i:] spelled by words[k:]
        if k == len(words):
            return i == len(alias)
        w = words[k].upper()
        if i == len(alias) or w[:1] != alias[i]:
            return False
        i, j = i + 1, 1
        while True:
            if rest(i, k + 1):
                return True
            if i == len(alias):
                return False
            j = w.find(alias[i], j) + 1  # one more letter of this word
            if j == 0:
                return False
            i += 1

    return bool(words) and rest(0, 0)


def _name_adjective(word: str) -> bool:
    """A capitalised inflected adjective, which German writes capitalised only inside a name: "Baltische" in "die
    Baltische Fähren AG", "Deutsche" in "Deutsche Bahn AG" (its lemma, "baltisch", begins the word; "Werke" → "werken"
    and "Daten" are nouns; place adjectives on -er — "Frankfurter" — are a seat more often than a name; those on -sche —
    "Hallesche Wohnungsgesellschaft mbH" — are part of it)."""
    import simplemma

    if not re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{2,}(?:e|en|es|em)", word) or word in STOP_FIRST:
        return False
    if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{2,}sche[nms]?", word):  # "Hallesche", "Hannoversche": a place's adjective in a name
        return True
    lemma = simplemma.lemmatize(word.lower(), lang="de")
    return lemma.islower() and lemma != word.lower() and word.lower().startswith(lemma)


MASCULINE_HEAD_DE = re.compile(r"(?:verband|Verband|bund|Bund|rundfunk|Rundfunk|verein|Verein|fonds|Fonds|konzern|Konzern)$")
"""The last word of a name whose head is masculine: cited without an article, its adjective ends in -er ("Rheinischer
Sparkassen- und Giroverband", "Norddeutscher Rundfunk")."""


GENITIVE_HEAD_DE = re.compile(r"(Universitätsklinikum|Klinikum|Kreiskrankenhaus)e?s")
GENITIVE_TAIL_DE = re.compile(r"(.*\s[A-ZÄÖÜ]?\w*[Kk]rankenhaus)es")
"""A public hospital's head noun in the genitive, first in its name: "des Universitätsklinikums Hamburg-Eppendorf"."""


def adjective_base(name: str) -> str:
    """A name whose first word is a declined adjective, in its nominative: "Deutschen Bahn AG" → "Deutsche Bahn AG" (the
    text names one company in every case); a masculine name without a legal form as it is cited, without an article: "der
    Rheinische Sparkassen- und Giroverband", "des Rheinischen …" → "Rheinischer Sparkassen- und Giroverband"; a hospital's
    genitive head (:data:`GENITIVE_HEAD_DE`): "Klinikums Worms" → "Klinikum Worms"."""
    first, _, rest = name.partition(" ")
    genitive = GENITIVE_HEAD_DE.fullmatch(first)
    if genitive and rest:  # "des Klinikums Worms" → "Klinikum Worms"
        return genitive.group(1) + " " + rest
    tail = GENITIVE_TAIL_DE.fullmatch(name)
    if tail:  # "des Hochstift Krankenhauses" → "Hochstift Krankenhaus"
        name = tail.group(1)
        first, _, rest = name.partition(" ")
    if not rest or not re.search(r"(?:e|en|em|er|es)$", first) or not _name_adjective(first):
        return name
    stem = first[:-1] if first.endswith("e") else first[:-2]
    return stem + ("er " if MASCULINE_HEAD_DE.search(rest) else "e ") + rest


def _words(m: re.Match) -> list[tuple[int, str]]:
    return [(m.start() + w.start(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]


RUN_ON_NOUN_DE = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:ung|ungen|heit|heiten|keit|keiten)")
"""A German abstract noun, which no name of an organisation ends with ("Vorbemerkung"; unlike "Management" or
"Gesellschaft", which do)."""
ARTICLES_DE = {"Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einer", "Eines", "Einem"}
NOT_A_NAME_DE = re.compile(r"[\wäöüß]*(?:ung|ungen|heit|heiten|keit|keiten|schaft|schaften|tion|tionen|tät|täten|ismus|nis|"
                           r"nisse|ment|mente)|Prozent|Euro|Dollar|Franken|Pfund|Mark|Mio|Mrd|Jahr|Jahre|Jahren|Monat|"
                           r"Monate|Woche|Wochen|Tag|Tage|Ende|Anfang|Mitte|Geld|Gewinn|Verlust|Umsatz|Teil|Rest|Kurs|Preis")
"""German words that are no name even right after an organisation noun ("hält der Konzern Mehrheitsbeteiligungen",
"hat das Unternehmen Geld investiert"): abstract nouns by their suffix, units, amounts and times."""


def _name_after_head(word: str) -> bool:
    """Whether a German capitalised word right after an organisation noun is a name ("das Videoportal Youtube",
    "der Verlag Axel Springer"): simplemma's dictionary knows many brand names ("Youtube", "Google", "Bosch"), so
    a dictionary entry proves nothing here; an abstract noun, a unit or an inflected plural ("Anteile" → "Anteil")
    is no name."""
    import simplemma

    if word in STOP_FIRST or NOT_A_NAME_DE.fullmatch(word) or ("-" in word and german_noun(word)):
        return False
    lemma = simplemma.lemmatize(word, lang="de")
    return lemma == word or not lemma[:1].isupper()  # "Youtube" → "youtuben": no noun's inflected form


def _described_org(text: str, words: list[tuple[int, str]], lang: str) -> list[tuple[int, str]]:
    """The name after a noun saying what the organisation is ("Paketdienst Kurierwerk", "the chipmaker
    Arcturus", "den Roboterbauer Kuka", "das Videoportal Youtube"): one to three words; in English not all of them
    common nouns, in German the first a name by :func:`_name_after_head` (the head noun is the evidence)."""
    while lang == "de" and len(words) >= 3 and (words[0][1] in ARTICLES_DE or re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+er", words[0][1])
                                               and ORG_HEAD["de"].fullmatch(words[1][1])):
        words = words[1:]  # sentence-initial "Das Netzwerk Trelkon", a seat before the noun: "Hamburger Handelshaus X"
    if lang == "de" and len(words) >= 2 and ORG_HEAD["de"].fullmatch(words[0][1]):
        rest = words[1:]
    elif lang == "en" and ORG_HEAD["en"].search(text[max(0, words[0][0] - 30):words[0][0]]):
        rest = words
    else:
        return []
    if not 1 <= len(rest) <= 3 or rest[0][1] in STOP_FIRST:
        return []
    if lang == "de" and not _name_after_head(rest[0][1]) and not (len(rest) == 1 and _deal_subject_elsewhere(text, rest[0][1])):
        return []
    if lang == "de":  # "beim Stromnetzbetreiber 50Hertz Vorbemerkung …" (a heading run on): no abstract noun in a name
        rest = rest[:next((k for k, (_, w) in enumerate(rest) if k and RUN_ON_NOUN_DE.fullmatch(w)), len(rest))]
    if lang != "de" and all(_common_noun(w, lang) for _, w in rest):
        return []
    return rest


def _deal_subject_elsewhere(text: str, word: str) -> bool:
    """Whether ``word`` also opens a sentence of ``text`` as the bare subject of a deal verb (:data:`DEAL_VERBS_DE`): "das
    Versandhaus Quelle … Quelle gehörte zur Dachgesellschaft Primondo". A dictionary noun after an organisation noun
    ("Versandhaus Quelle") is then a name: two uses a common noun would not have (it needs an article as a subject).
    Abstract nouns, units and the words :data:`STOP_FIRST` lists never are."""
    if word in STOP_FIRST or NOT_A_NAME_DE.fullmatch(word) or ORG_HEAD["de"].fullmatch(word):
        return False
    for use in re.finditer(re.escape(word) + r"[ \t]+" + DEAL_VERBS_DE, text):  # the word first: a literal, fast to scan for
        before = use.start()
        while before and text[before - 1] in " \t":
            before -= 1
        if use.start() == 0 or text[use.start() - 1] == "\n" or (before and text[before - 1] in ".!?:\n"):
            return True  # at a line's start, or after a sentence's end and blanks
    return False


_JOINERS = {"&", "Co", "Co.", "Cie", "Cie.", "und"}
_NAME_BEFORE = re.compile(r"\b(?:durch|von|vom|mit|bei|beim|für|an|zu|zur|zum|und|sowie|nach|über|gegen|wie|hat|hatte|ist|war|"
                          r"will|soll|darf|by|of|and|with|from)[ \t]+$|/[ \t]*$")


def _word_positions(text: str) -> dict[str, list[int]]:
    """Where each capitalised word stands (one pass over the text, so the lookups below stay linear)."""
    out: dict[str, list[int]] = {}
    for m in re.finditer(r"(?<![\w-])[A-ZÄÖÜ][\wäöüß]*(?![\w-])", text):
        out.setdefault(m.group(0), []).append(m.start())
    return out


def _used_as_name(text: str, word: tuple[int, str], positions: dict[str, list[int]]) -> bool:
    """Whether the text uses ``word`` elsewhere on its own right after a preposition, conjunction or verb, where
    a common noun would need an article ("durch Edeka"): then it is a name, even where simplemma's dictionary
    knows it ("Edeka", "Kirchner")."""
    at, w = word
    if w in STOP_FIRST:
        return False
    return any(p != at and _NAME_BEFORE.search(text[max(0, p - 12):p]) for p in positions.get(w, ())[:50])


_ALIAS = re.compile(r"[ \t]*\((?:[„“\"»][ \t]*)?(?P<alias>[^()„“\"”«»,;]{1,30}?)[ \t]*[“”\"«]?\)")
_LEGAL_LOWER = {re.sub(r"[^\w-]", "", w).lower() for w in LEGAL}
_MARKED = re.compile(r"(?<![\w-])(?!(?:" + legal_form() + r")(?![\w-]))"  # "GmbH" has an inner capital, but no name
                     r"(?P<name>[A-Za-z]+\d[\w]*|[a-z]+[A-Z]\w*|[A-Z]+[a-z]+[A-Z]\w*)[ \t]+(?:" + legal_form() + r")(?![\w-])")


def _norm(w: str) -> str:
    return re.sub(r"[^\w-]", "", w).lower()


LISTED_COMPANIES_DE = re.compile(r"(?<![\w-])(?:den|der|die|seinen|ihren|seiner|ihrer)[ \t]+(?:[a-zäöüß]+(?:e|en)[ \t]+)?"
                                 r"(?:Tochter|Beteiligungs|Eigen|Schwester)?(?:[Gg]esellschaften|Unternehmen|Firmen)[ \t]+"
                                 r"(?=[A-ZÄÖÜ0-9])")
"""A plural class noun that opens a list of companies, each with its short form in brackets, as official German writes
them: "die Mehrheitsanteile an den Gesellschaften Gesundheit und Tourismus für Bad Kreuznach GmbH (GuT), Gemeinnützige
Wohnungsbaugesellschaft mbH Bad Kreuznach (Gewobau) und Stadtwerke GmbH Bad Kreuznach (Stadtwerke)"."""
_LISTED_ITEM = re.compile(r"(?P<name>[A-ZÄÖÜ0-9](?:[^()\n;:,]|,(?![ \t]*[a-zäöüß])){1,100}?)[ \t]*"
                          r"\((?:[„“\"»][ \t]*)?(?P<short>[^()„“\"”«»,;\n]{1,30}?)[ \t]*[“”\"«]?\)")


def abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` can be a short form of ``name``: its letters and digits appear in ``name`` in order, the first of
    them at the start of one of ``name``'s words (Schwartz & Hearst, "A simple algorithm for identifying abbreviation
    definitions in biomedical text", PSB 2003). ``abbreviates("Gewobau", "Gemeinnützige Wohnungsbaugesellschaft mbH")``
    is true; a seat or a remark in brackets is none: ``abbreviates("Kassel", "Kestrel GmbH")`` is false."""
    chars = [c for c in short.lower() if c.isalnum()]
    low = name.lower()
    if not chars:
        return False
    for word in re.finditer(r"[\wäöüß]+", low):
        if word.group(0)[0] != chars[0]:
            continue
        pos = word.start() + 1
        for c in chars[1:]:
            pos = low.find(c, pos) + 1
            if not pos:
                break
        else:
            return True
    return False
_LIST_JOIN = re.compile(r"[ \t]*(?:,[ \t]*(?:(?:und|sowie)[ \t]+)?|[ \t]+(?:und|sowie)[ \t]+)(?=[A-ZÄÖÜ0-9])")


def listed_company_names(text: str) -> list[tuple[int, int]]:
    """Spans of the names of a list after :data:`LISTED_COMPANIES_DE`: every item up to its bracketed short form is one
    name when it holds a legal form ("… für Bad Kreuznach GmbH (GuT)", "… mbH Bad Kreuznach (Gewobau)"); the list ends at
    the first item without a short form (:func:`abbreviates`: a seat, a country or a remark in brackets is none) or a
    legal form, and at a relative clause ("Kestrel GmbH, an der … beteiligt ist (KG)"). Without the brackets the items' bounds are unknown ("an den
    Gesellschaften A und B GmbH"), so nothing is taken."""
    out = []
    for head in LISTED_COMPANIES_DE.finditer(text):
        pos = head.end()
        while (item := _LISTED_ITEM.match(text, pos)) is not None:
            name = item.group("name")
            if not any(w.strip(",") in LEGAL for w in name.split()) or re.search(r"(?:,|\bund|\bsowie)[ \t]*$", name) \
                    or not abbreviates(item.group("short"), name):
                break  # "Kestrel GmbH (Kassel)", "A GmbH und B AG (zusammen: die Parteien)": no short form of the item
            out.append(item.span("name"))
            join = _LIST_JOIN.match(text, item.end())
            if join is None:
                break
            pos = join.end()
    return out


_ACRONYM_JOINERS = {"und", "&", "für", "der", "des", "von", "and", "of", "the"}
"""Words an acronym skips: "Hamburger Hafen und Logistik AG (HHLA)"."""


def short_form_names(text: str) -> list[tuple[int, int]]:
    """Spans of names with a legal form that a bracketed short form defines, where the name's words are not
    capitalised as German nouns are: "mg technologies ag (mg)", "SAPMarkets GmbH (SAPMarkets)", an acronym that spells
    the name's words ("Hamburger Hafen und Logistik AG (HHLA)"),
    "CLT-UFA S.A. („CLT-UFA“)", "RTL-PrimusPower GmbH („PrimusPower“)", "Primus-Online Handel und Dienstleistung
    GmbH („PRIMUS-ONLINE“)"; the name starts at the word the short form repeats (whole, or a part of a hyphenated
    word), and ends in a legal form. Names marked by a digit or an inner capital ("ec4ec AG") need no short form."""
    out = []
    for m in _ALIAS.finditer(text):
        line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 120)
        words = [(line_start + w.start(), w.group(0)) for w in re.finditer(r"\S+", text[line_start:m.start()])]
        if not words or _norm(words[-1][1]) not in _LEGAL_LOWER:
            continue
        first = _norm(m.group("alias").split()[0]) if m.group("alias").split() else ""
        alias = m.group("alias").strip()
        for k in range(len(words) - 2, max(-1, len(words) - 9), -1):
            w = _norm(words[k][1])
            if first and (w == first or first in w.split("-")):
                out.append((words[k][0], words[-1][0] + len(words[-1][1])))
                break
            spelled = [x for _, x in words[k:] if x not in _ACRONYM_JOINERS]
            if re.fullmatch(r"[A-ZÄÖÜ]{3,8}", alias) and words[k][1][:1].isupper() and words[k][1] not in _ACRONYM_JOINERS \
                    and (_spells(alias, spelled) or _spells(alias, spelled[:-1])):
                out.append((words[k][0], words[-1][0] + len(words[-1][1])))  # "Hamburger Hafen und Logistik AG (HHLA)"
                break
    out += [(m.start("name"), m.end()) for m in _MARKED.finditer(text)]
    return out + listed_company_names(text)


FAMILY = {"de": re.compile(r"(?<![\w-])Familie[ \t]+(?P<name>[A-ZÄÖÜ](?:[\wäöüß'’-]+|\.(?![ \t]*[A-ZÄÖÜ]\.)))"),  # "Familie R." (anonymised)
          "en": re.compile(r"(?<![\w-])(?:the[ \t]+)(?P<name>[A-Z][\w'’-]+)[ \t]+family\b")}


FEDERAL_STATE_DE = re.compile(r"(?<![\w-])(?:(?:[Dd]er|[Dd]em|[Dd]en|Eigentümer|Eigner|Alleineigentümer)[ \t]+(?P<name>Bund)(?![\w-])"
                              r"(?![ \t]+(?:der|des|für|deutscher|Deutscher|Naturschutz|und[ \t]+(?:die[ \t]+)?Länder|"
                              r"[A-ZÄÖÜ][a-zäöüß]+er[ \t]+[A-ZÄÖÜ]))|"
                              r"(?:Einstieg|Einstiegs|Beteiligung|Beteiligungen|Anteil|Anteile|Anteils|Engagement|Engagements)"
                              r"[ \t]+des[ \t]+(?P<gen>Bundes)(?![\w-]))")
"""The German federal state as owner, as news names it: "hält der Bund noch knapp 31 Prozent", "gehört zu 15 Prozent dem
Bund", "dem Eigentümer Bund", a genitive after a stake noun: "der Einstieg des Bundes bei X" (not "der Bund der
Steuerzahler", not an association: "Der Bund Katholischer Unternehmer", not "Bund und Länder", not any genitive: "der
Fonds des Bundes" is the fund)."""


def federal_state(text: str, lang: str) -> list[Proposal]:
    """"der Bund" (the Federal Republic as a holder) as one actor of kind state."""
    if lang != "de":
        return []
    return [Proposal(*m.span(g), "Bund", "state", "actor.federal-state", 0.55)
            for m in FEDERAL_STATE_DE.finditer(text) for g in ("name", "gen") if m.group(g)][:1]


MUNICIPAL_COMPANY_HEADS_DE = ("Stadtwerke", "Verkehrsbetriebe", "Kreissparkasse", "Stadtsparkasse", "Sparkasse")
"""Heads of :data:`PUBLIC_BODY_DE` that name a municipal company, not the body itself ("die Stadtwerke Quellbach")."""
_PLACE_DE = r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*"
PUBLIC_BODY_DE = re.compile(
    r"(?<![\w-])(?P<name>(?:(?P<land>Land|Bundesland|Freistaat)|Landeshauptstadt|Hansestadt|Universitätsstadt|Kreisstadt|Stadt|"
    r"Gemeinde|Ortsgemeinde|Verbandsgemeinde|Samtgemeinde|Landkreis|Kreis|Bezirk|Stadtgemeinde|Marktgemeinde|"
    r"Landschaftsverband|Zweckverband|Regionalverband|Universität|"
    r"(?P<hospital>(?:Universitätsklinikum|Klinikum|Kreiskrankenhaus)(?:e?s)?|Universitätsmedizin)|"
    r"(?P<company>" + "|".join(MUNICIPAL_COMPANY_HEADS_DE) + r"))[ \t]+"
    r"(?P<place>(?:(?:Bad|Sankt|St\.|Neu|Groß|Klein|Alt|Hansestadt)[ \t]+)?" + _PLACE_DE
    + r"(?:[ \t]+(?:an[ \t]+der|am|im)[ \t]+" + _PLACE_DE + r")?|[A-ZÄÖÜ]\.))(?![\w-])")
"""A public body as owner, as German names it: "die Stadt Bad Kreuznach", "das Land Berlin", "der Freistaat Sachsen",
"der Landkreis Ostvorpommern", "die Landeshauptstadt Stuttgart", "Stadt Frankfurt am Main", "das Universitätsklinikum
Greifswald", "der Landschaftsverband Westfalen-Lippe", an anonymised "Stadt G." (a Land only by the name of a federal
state: :data:`kingmaker.extract.lexicon.STATES_DE`); municipal companies by the same pattern ("die Stadtwerke Quellbach",
:data:`MUNICIPAL_COMPANY_HEADS_DE`), and public hospitals, bought and sold as companies are ("das Universitätsklinikum
Heidelberg", "des Klinikums Worms" → "Klinikum Worms", "die Universitätsmedizin Mannheim")."""


PLURAL_BODIES_DE = {"Städte": "Stadt", "Hansestädte": "Hansestadt", "Gemeinden": "Gemeinde", "Landkreise": "Landkreis",
                    "Kreise": "Kreis", "Bezirke": "Bezirk", "Landschaftsverbände": "Landschaftsverband",
                    "Zweckverbände": "Zweckverband"}
"""Plural heads of :data:`PUBLIC_BODY_DE` and their singular: "die Städte A und B" names "Stadt A" and "Stadt B"."""
_LISTED_PLACE = r"(?:(?:Bad|Sankt|St\.|Neu|Groß|Klein|Alt)[ \t]+)?" + _PLACE_DE
LISTED_BODIES_DE = re.compile(r"(?<![\w-])(?P<head>" + "|".join(PLURAL_BODIES_DE) + r")[ \t]+(?P<list>" + _LISTED_PLACE
                              + r"(?:[ \t]*,[ \t]*" + _LISTED_PLACE + r")*[ \t]+(?:und|sowie)[ \t]+" + _LISTED_PLACE
                              + r")(?![\w-])")
"""Public bodies named together by a plural head and their places: "die Städte Lindenau und Bergheim", "die
Landschaftsverbände Rheinland und Westfalen-Lippe", "der Landkreise A, B sowie C" (each place one body; the Länder are
gazetteer entries by their bare names already)."""


def listed_bodies(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """Each public body of a plural list (:data:`LISTED_BODIES_DE`), named by the singular head and its place
    ("Stadt Lindenau"), its span the place (the text names it there); a plural noun is no place ("die Städte Anteile …")."""
    out = []
    for m in LISTED_BODIES_DE.finditer(text):
        head = PLURAL_BODIES_DE[m.group("head")]
        for place in re.finditer(_LISTED_PLACE, m.group("list")):
            word = place.group(0)
            if word in ("und", "sowie") or _plural_noun(word.split()[-1]):
                continue
            s, e = m.start("list") + place.start(), m.start("list") + place.end()
            if not any(a < e and s < b for a, b in taken):
                out.append(Proposal(s, e, head + " " + re.sub(r"[ \t]+", " ", word), "state", "actor.public-body-listed", 0.55))
    return out


TITLED_SURNAME = re.compile(r"(?<![\w.])(?:Prof\.[ \t]+(?:Dr\.[ \t]+)?|Dr\.[ \t]+(?=[A-ZÄÖÜ][a-zäöüß]+[ \t]*(?:[,.;]|$)))"
                            r"(?!Dr\.)(?P<name>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?)(?![\w-])(?![ \t]+[A-ZÄÖÜ][a-zäöüß])", re.M)
"""A person named by title and surname alone: "Prof. Dr. Hirsch", "Prof. Hirsch", "Dr. Hirsch." at a clause's end (not
"Dr. Oetker Nahrungsmittel"); the two-word names after a title are found as names with a role before them."""


def titled_persons(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """Surnames after an academic title (:data:`TITLED_SURNAME`), as persons, German only."""
    if lang != "de":
        return []
    out, seen = [], set()
    for m in TITLED_SURNAME.finditer(text):
        s, e = m.span("name")
        if m.group("name") in seen or m.group("name") in STOP_FIRST or any(a < e and s < b for a, b in taken):
            continue
        seen.add(m.group("name"))
        out.append(Proposal(s, e, m.group("name"), "person", "actor.person-with-title", 0.55))
    return out


def _plural_noun(word: str) -> bool:
    """A German common noun in an inflected form of six letters or more ("Anteile" → "Anteil", "Aktien", "Gelder"), or
    an abstract noun, unit or time (:data:`NOT_A_NAME_DE`); place names ("Halle", "Greifswald", "Stade") are none."""
    import simplemma

    if NOT_A_NAME_DE.fullmatch(word):
        return True
    lemma = simplemma.lemmatize(word, lang="de")
    return len(word) >= 6 and lemma != word and lemma[:1].isupper() and word.startswith(lemma[:-1])


STATE_INSTITUTION_DE = re.compile(r"(?<![\w-])(?P<name>[A-ZÄÖÜ][a-zäöüß]*(?:bank|sparkasse)[ \t]+(?P<place>[A-ZÄÖÜ][a-zäöüß]+"
                                  r"(?:-[A-ZÄÖÜ][a-zäöüß]+)*))(?![\w-])")
"""A bank named after a federal state or country, without a legal form: "die Landesbank Nordrhein-Westfalen", "die
Investitionsbank Sachsen-Anhalt" (the place must be one: :data:`kingmaker.extract.lexicon.STATES_DE`)."""


NAMED_HOSPITAL_DE = re.compile(r"(?<=[a-zäöüß,][ \t])(?P<name>(?:St\.[ \t]+)?(?P<first>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)[ \t]+"
                               r"(?:Kinder)?(?:Krankenhaus|Klinik|Hospital)(?:es|s)?)(?![\w-])")
"""A hospital named by a word before its head noun, inside a sentence: "das zur Agaplesion-Gruppe gehörende Hochstift
Krankenhaus", "dem St. Marien Krankenhaus" (not an article, pronoun or adjective first: "das Städtische Krankenhaus")."""


def named_hospitals(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """Hospitals named by :data:`NAMED_HOSPITAL_DE`, once per name, none overlapping ``taken`` (German)."""
    out, seen = [], set()
    for m in NAMED_HOSPITAL_DE.finditer(text):
        s, e = m.span("name")
        first = m.group("first")
        if first in STOP_FIRST or first in ARTICLES_DE or _name_adjective(first) or m.group("name") in seen \
                or re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+(?:er|isch\w*|ige[nmrs]?|liche[nmrs]?)", first) \
                or any(a < e and s < b for a, b in taken):
            continue
        seen.add(m.group("name"))
        out.append(Proposal(s, e, m.group("name"), "company", "actor.public-body", 0.5))
    return out


def public_bodies(text: str, lang: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """Towns, districts and federal states named with the word for what they are (:data:`PUBLIC_BODY_DE`), as actors of
    kind state, and banks named after a federal state (:data:`STATE_INSTITUTION_DE`); not inside a longer known name
    ("Stadtwerke", "Landesbank Berlin AG")."""
    if lang != "de":
        return []
    out, seen = [], set()
    for m in STATE_INSTITUTION_DE.finditer(text):  # "die Landesbank Thüringen" (a company)
        s, e = m.span("name")
        if m.group("place") in STATES_DE | PLACE_PREFIXES_DE and m.group("name") not in seen \
                and not any(a < e and s < b for a, b in taken):
            seen.add(m.group("name"))
            out.append(Proposal(s, e, m.group("name"), "company", "actor.public-body", 0.6))
    for m in PUBLIC_BODY_DE.finditer(text):
        if m.group("land") and m.group("place") not in STATES_DE:
            continue
        if not m.group("land") and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+", m.group("place")) and _plural_noun(m.group("place")):
            continue  # "dass die Stadt Anteile … hält": a noun, no place
        s, e = m.span("name")
        name = m.group("name")  # a genitive ("des Klinikums Worms") is named in the nominative by :func:`adjective_base`
        if name in seen or any(a < e and s < b for a, b in taken):
            continue
        seen.add(name)
        out.append(Proposal(s, e, name, "company" if m.group("company") or m.group("hospital") else "state",
                            "actor.public-body", 0.6))
    out += [p for p in listed_bodies(text, taken) if p.name not in seen]
    return out + named_hospitals(text, taken + [(p.start, p.end) for p in out])


def families(text: str, lang: str) -> list[Proposal]:
    """Families as holders: "vier Mitgliedern der Familie Schwarzkopf", "die Familie Porsche", "the Quandt
    family" — one actor of kind group, named "Familie X" / "X family" (even where X is also a company's name)."""
    out = []
    for m in FAMILY[lang].finditer(text):
        if m.group("name") in STOP_FIRST:
            continue
        start = m.start("name") if lang == "en" else m.start()
        out.append(Proposal(start, m.end(), text[start:m.end()], "group", "actor.family", 0.6))
    return out


def free_of(taken: list[tuple[int, int]]):
    """A test: does [a, b) overlap none of the spans ``taken`` (binary search over their sorted starts)?"""
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    longest = max((e - s for s, e in spans), default=0)

    def free(a: int, b: int) -> bool:
        k = bisect_left(starts, a - longest)
        while k < len(spans) and spans[k][0] < b:
            if spans[k][1] > a:
                return False
            k += 1
        return True
    return free


def propose(text: str, taken: list[tuple[int, int]], lang: str = "en") -> list[Proposal]:
    """Proposed new actors in ``text``; ``taken`` are spans already linked to known actors."""
    spans = sorted(taken)
    starts = [s for s, _ in spans]
    longest = max((e - s for s, e in spans), default=0)
    free = free_of(taken)  # no taken span overlaps [a, b)

    def inside(a: int, b: int) -> bool:
        """Every taken span that overlaps [a, b) lies within it (a longer name around known ones)."""
        k = bisect_left(starts, a - longest)
        while k < len(spans) and spans[k][0] < b:
            if spans[k][1] > a and (spans[k][0] < a or spans[k][1] > b):
                return False
            k += 1
        return True

    out: dict[str, Proposal] = {}
    known_starts = set(starts)
    claimed: list[tuple[int, int]] = []  # in text order, none overlapping another
    positions: dict[str, list[int]] | None = None
    for start, end in sorted(short_form_names(text)):
        name = text[start:end]  # a longer defined name around a known one is another actor ("RWE Energie AG (RWE Energie)")
        if inside(start, end) and not (claimed and claimed[-1][1] > start):
            claimed.append((start, end))
            out.setdefault(name, Proposal(start, end, name, "company", "actor.defined-short-form", 0.6))
    claimed_ends = [b for _, b in claimed]
    sequences = list(SEQ.finditer(text))[::-1]  # a stack, the next sequence on top
    while sequences:
        m = sequences.pop()
        k = bisect_right(claimed_ends, m.start())  # the first claimed span ending after the match starts
        if k < len(claimed) and claimed[k][0] < m.end():
            continue
        words = _words(m)
        for k, (_, w) in enumerate(words[:-1]):  # "… der Vardex AG. Die KfW …": a sentence ends after the legal form
            if w.endswith(".") and w not in LEGAL and w[:-1] in LEGAL | ORG_WORDS:
                rest = SEQ.match(text, words[k + 1][0])
                if rest is not None:  # the next sentence's words are a sequence of their own ("… Die Kestrel GmbH gehört …")
                    sequences.append(rest)
                words = words[:k + 1]
                break
        if words and words[-1][1].endswith(".") and words[-1][1] not in LEGAL and words[-1][1][:-1] in LEGAL | ORG_WORDS:
            words[-1] = (words[-1][0], words[-1][1][:-1])  # "… an die Nordwind AG." : the sentence's full stop
        named = _defined_name(text, m, words, lang, known_starts)
        if named is not None:  # "Sonic Healthcare (Sonic)", "Leonardo Rheinmetall Military Vehicles (LRMV)"
            start, end = named
            name = text[start:end]
            if inside(start, end) and name not in out:
                out[name] = Proposal(start, end, name, "company", "actor.defined-short-form", 0.6)
            continue
        partnership = len(words) >= 3 and words[-2][1] == "&" and words[-1][1] in ("Cie", "Cie.")  # "Metzler & Cie."
        if words and (words[-1][1] in LEGAL or words[-1][1] in ORG_WORDS or partnership):  # an organisation
            defined = DEFINED.match(text, m.end())
            lead = defined.group("alias").split()[0] if defined else None
            if lead and any(w == lead for _, w in words):  # "Air Berlin PLC & Co. Luftverkehrs KG („Air Berlin“)"
                while words[0][1] != lead:
                    words = words[1:]
            while len(words) > 2 and words[0][1] != lead and not (lang == "de" and _name_adjective(words[0][1])) and (
                    _common_noun(words[0][1], lang) or ORG_HEAD["de"].fullmatch(words[0][1])
                                                               or lang == "de" and not words[0][1].isupper()
                                                               and words[0][1] not in ORG_WORDS and german_noun(words[0][1])):
                if positions is None:
                    positions = _word_positions(text)
                rest = [w for _, w in words[1:] if w not in LEGAL | _JOINERS | ORG_WORDS]
                if all(w in ORG_WORDS | LEGAL | _JOINERS for _, w in words[1:]) or _used_as_name(text, words[0], positions) \
                        or words[1][1] == "&" or len(rest) == 1 and rest[0] in STATES_DE | PLACE_PREFIXES_DE \
                        and words[0][1] not in STOP_FIRST \
                        or lang == "de" and not ORG_HEAD["de"].fullmatch(words[0][1]) and words[0][1] not in STOP_FIRST \
                        and not _verb_or_adjective(words[0][1]) and rest and all(german_noun(w.rstrip("-")) for w in rest):  # (an article goes: "Die Energie Baden-Württemberg AG")
                    # "Seewald Technik GmbH": a compound noun that is no organisation noun, before nothing but common
                    # nouns, is the name's first word ("Technik GmbH" alone would be no name); a pronoun or adjective is none
                    # ("Diese Verwaltungs GmbH": its lemma "dieser" is no noun)
                    break  # "des Unternehmens Kirchner Holding GmbH", "der Edeka Zentral AG & Co. KG … durch Edeka", "Schmidt & Partner",
                    # "Landesbank Berlin AG" (no company is called "Berlin AG")
                words = words[1:]  # "die Laborgruppe Kestrel Diagnostik GmbH": a compound noun is no part of the name
            national = len(words) == 2 and words[0][1] in NATIONALITY and words[1][1] in NATIONAL_NAMES
            if len(words) < 2 or all(w in ORG_WORDS | LEGAL for _, w in words) or (words[0][1] in STOP_FIRST and not national):
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
        while len(words) > 2 and (_common_noun(words[0][1], lang) or len(words) > 3
                                  or re.fullmatch(PERSON_ROLE_NOUN, words[0][1])):  # "CEO Stephan Sturm"
            words = words[1:]
        if len(words) != 2 or any(w in ORG_WORDS | LEGAL | STOP_FIRST for _, w in words):
            continue
        start, end = words[0][0], words[-1][0] + len(words[-1][1])
        name = text[start:end]
        if not free(start, end) or name in out:
            continue
        if ROLE_AFTER.match(text, end) or ROLE_BEFORE.search(text[max(0, start - 80):start]):
            out[name] = Proposal(start, end, name, "person", "actor.person-with-role", 0.7)
    if lang == "de":
        for m in ABBREVIATED_COMPOUND.finditer(text):  # "Der Wirtschaftsstabilisierungsfonds (WSF)"
            start, end = m.span("name")
            if m.group("name") not in out and free(start, end):
                out[m.group("name")] = Proposal(start, end, m.group("name"), "company", "actor.defined-short-form", 0.55)
        for m in GROUP_COMPOUND.finditer(text):  # "die Schwarz-Gruppe", "der Schaeffler-Konzern"
            x, (start, end) = m.group("x"), m.span()
            if x in STOP_FIRST or ORG_HEAD["de"].fullmatch(x) or NOT_A_NAME_DE.fullmatch(x) or not free(start, end) \
                    or m.group(0) in out:
                continue
            if _noun_not_name(x):
                if positions is None:
                    positions = _word_positions(text)
                if not _used_as_name(text, (m.start(), x), positions):
                    continue  # "der Energie-Konzern": a common noun before the hyphen
            out[m.group(0)] = Proposal(start, end, m.group(0), "company", "actor.group-compound", 0.55)
        for m in HEAD_COMPOUND.finditer(text):  # "Hochtief-Vorstandschef Herbert L.", "die Postbank-Mutter Deutsche Post"
            x, (start, end) = m.group("x"), m.span("x")
            if x in STOP_FIRST | STATES_DE | PLACE_PREFIXES_DE or x in out or ORG_HEAD["de"].fullmatch(x) \
                    or NOT_A_NAME_DE.fullmatch(x) or re.fullmatch(r"[A-ZÄÖÜ]{1,3}|Ex|Vize|Co|Interims", x) or not free(start, end):
                continue
            if _noun_not_name(x) or german_noun(x):
                if positions is None:
                    positions = _word_positions(text)
                if not _used_as_name(text, (m.start(), x), positions):
                    continue  # "der Konzern-Chef", "die Bank-Tochter": a common noun before the hyphen
            out[x] = Proposal(start, end, x, "company", "actor.head-compound", 0.5)
    return sorted(out.values(), key=lambda p: p.start)


HEAD_COMPOUND = re.compile(r"(?<![\w-])(?P<x>[A-ZÄÖÜ][\w.]*?[\wäöüß])-(?:Chef|Chefin|Vorstandschef|Vorstandschefin|"
                           r"Vorstandsvorsitzende[rn]?|Finanzchef|Finanzchefin|Finanzvorstand|Aufsichtsratschef|"
                           r"Aufsichtsratschefin|Aufsichtsratsvorsitzende[rn]?|Gründer|Gründerin|Mitgründer|Mitgründerin|"
                           r"Mutter|Mutterkonzern|Muttergesellschaft)(?![\w-])(?=[ \t]+(?:[A-ZÄÖÜ]|von\b|der\b|die\b))")
"""A name before a role or parent noun, as news writes it: "Hochtief-Vorstandschef Herbert Lütkestratkötter", "Mainova-Chef
Constantin Alsheimer", "die Postbank-Mutter Deutsche Post" — the part before the hyphen is a company (not a place, an
abbreviation of one to three capitals — "US-Chef" —, "Ex-"/"Vize-", or a common noun — "Konzern-Chef")."""


ABBREVIATED_COMPOUND = re.compile(r"(?<![\w-])(?P<name>[A-ZÄÖÜ][a-zäöüß]{3,}(?:fonds|bank|stiftung|agentur|anstalt|gesellschaft|"
                                  r"konzern|holding|kasse|werke))[ \t]*\((?P<alias>[A-ZÄÖÜ]{2,6})\)")
"""One compound noun naming an organisation, defined by its abbreviation: "der Wirtschaftsstabilisierungsfonds (WSF)"."""
GROUP_COMPOUND = re.compile(r"(?<![\w-])(?P<x>[A-ZÄÖÜ][\w.]*?[\wäöüß])-(?:Gruppe|Group|Konzern|Holding|Mediengruppe|"
                            r"Verlagsgruppe|Unternehmensgruppe)(?![\w-])")
"""A group named by a hyphenated compound, as news writes it: "die Schwarz-Gruppe", "die ProSiebenSat1-Group"."""


def _noun_not_name(word: str) -> bool:
    """A German common noun by simplemma (its lemma a capitalised noun: "Energie", "Medien" → "Medium"); a capitalised
    adjective ("Schwarz" → "schwarz") or an unknown word is a name."""
    import simplemma

    lemma = simplemma.lemmatize(word, lang="de")
    return simplemma.is_known(word, lang="de") and lemma[:1].isupper()


# -- organisations named in the slots of a deal or a regulatory action -----------------------------------------
_LEGAL_TAIL = legal_tail()  # ", Inc.", " GmbH & Co. KG", " Company" … (model/legal_forms.yaml)
_NAME = {
    "en": r"(?:[A-Z][\w'’&-]*(?:\.\w+)*|[a-z]+[A-Z][\w-]*)(?:[ \t]+(?:[A-Z][\w'’&-]*(?:\.\w+)*|&))*?" + _LEGAL_TAIL,
    "de": r"(?:[A-ZÄÖÜ][\wäöüßÄÖÜ'’&-]*(?:\.\w+)*|[a-z]+[A-Z][\w-]*)(?:[ \t]+(?:(?:Dr|Prof)\.(?=[ \t]+[A-ZÄÖÜ])|"
          r"[A-ZÄÖÜ][\wäöüß'’&-]*(?:\.\w+)*|&))*?"
          + _LEGAL_TAIL,
}
_DESC = {  # what may stand between the cue and the name: "wind turbine manufacturer", "den ebenfalls deutschen Automobilzulieferer"
    "en": r"(?:(?:the|a|an|its)[ \t]+)?(?:(?:[\w()-]+[ \t]+){0,4}?(?:firm|company|maker|manufacturer|developer|start-?up|group|"
          r"provider|operator|studio|retailer|chain|business|lab|platform|supplier|designer)[ \t]+|"
          r"(?:[a-z][\w-]*[ \t]+|\([A-Za-z]+\)[ \t]+|[A-Z][\w-]*[ \t]+(?=[a-z][\w-]*[ \t]+[A-Z])){0,5}?)",
    "de": r"(?:(?:der|die|das|den|dem|des)[ \t]+)?(?:[a-zäöü][\wäöüß-]*[ \t]+){0,3}?"
          r"(?:[A-ZÄÖÜ][\wäöüß-]*(?:zulieferer|hersteller|konzern|anbieter|händler|investor|fonds|gruppe|gesellschaft|"
          r"unternehmen|versicherer|bank|entwickler|betreiber|spezialist|reederei|werft|carrier|firma)[ \t]+)?",
}
_END = {"en": r"(?=[ \t]*(?:[,.;:)(\n]|$|[ \t](?:[a-z]|of\b|by\b|and\b|from\b|in\b|for\b|to\b)))",
        "de": r"(?=[ \t]*(?:[,.;:)(‚„“\n]|$|[ \t](?:[a-zäöü]|und\b|durch\b|von\b)))"}
DEAL_SLOTS = {
    "en": [r"\b(?:acquisition|acquire[sd]?|acquiring|takeover|purchase[sd]?|buy(?:s|ing)?|bought|buyout)[ \t]+(?:of[ \t]+)?"
           r"(?:(?:joint|sole)[ \t]+control[ \t]+(?:of|over)[ \t]+)?",
           r"\b(?:acquired|bought|owned|controlled)[ \t]+by[ \t]+", r"\b(?:by|between)[ \t]+",
           r"\b(?:merger|combination)[ \t]+(?:between|of|with)[ \t]+", r"\band[ \t]+(?=[A-Z])",
           r"\b(?:subsidiary|business|unit|division|arm)[ \t]+of[ \t]+", r"\b(?:its|their)[ \t]+(?:\w+[ \t]+)?subsidiar(?:y|ies)[ \t]+"],
    "de": [r"\b(?:Übernahme|Erwerb|Kauf|Akquisition|Zusammenschluss)\w*[ \t]+(?:von|des|der)[ \t]+"
           r"(?:[\d,.]+[ \t]*(?:%|Prozent)[ \t]+der[ \t]+Anteile[ \t]+an[ \t]+|\d+[ \t]+|verschiedene[nr]?[ \t]+)?",
           r"\bdurch[ \t]+", r"\bund[ \t]+(?=[A-ZÄÖÜ])", r"\w(?:geschäft|sparte)\w*[ \t]+(?:von|des|der)[ \t]+",
           r"\b(?:übernimmt|übernahm|erwirbt|erwarb|kauft|kaufte)[ \t]+", r"\bTochter(?:gesellschaft)?[ \t]+(?:von|des|der)[ \t]+",
           r"\b(?:ihre|seine|ihrer|seiner)[ \t]+Tochter(?:gesellschaft)?[ \t]+",
           r"\d[ \t]*(?:%|Prozent)[ \t]+(?:(?:der|aller|seiner|ihrer)[ \t]+(?:Anteile|Aktien|Stimmrechte|Stimmen)[ \t]+)?"
           r"(?:an|am|bei|beim)[ \t]+(?:(?:der|dem|den)[ \t]+)?",
           r"\b(?:Anteil|Anteile|Beteiligung|Mehrheit|Aktienmehrheit|Mehrheitsbeteiligung)[ \t]+(?:an|am|bei|beim)[ \t]+"
           r"(?:(?:der|dem|den)[ \t]+)?",
           OWNER_NOUN_DE + r"[ \t]+(?:von|vom|bei|beim|der|des)[ \t]+",
           r"\b(?:kauft|kaufte|kaufen|kauften)\b[^.;]{0,60}?\bbei[ \t]+(?=[^.;]{1,40}?[ \t]aus\b)",
           r"\b(?:Aufsichtsrat|Aufsichtsratsvorsitzende[rn]?|Aufsichtsratschef(?:in)?|Vorstand|Vorstandschef(?:in)?|"
           r"Vorstandsvorsitzende[rn]?|Konzernchef(?:in)?|Chef(?:in)?|CEO|Hauptversammlung|Aktionäre|Belegschaft)[ \t]+"
           r"(?:von|vom|bei|beim)[ \t]+"],
}
"""German news adds the object of a stake ("kontrolliert 70,9 Prozent an Ceconomy", "erhöht Anteil an Penguin Random House")
and the company whose board or chief it names ("Der Aufsichtsrat von Thyssenkrupp", "Aufsichtsratschef von Villeroy & Boch")."""
DEAL_VERBS_DE = (r"(?:übernimmt|übernahm|kauft|kaufte|erwirbt|erwarb|schluckt|schluckte|hält|hielt|"
                 r"kontrolliert|kontrollierte|erhöht|erhöhte|stockt|stockte|gehört|gehörte|verkauft|verkaufte|"
                 r"steigt|stieg|beteiligt|investiert|investierte)\b")
DEAL_SUBJECT_DE = re.compile(r"(?:^|(?<=[.!?:\n])[ \t]*|(?<=\n))(?P<name>[A-ZÄÖÜ][\wäöüß&'’.-]*(?:[ \t]+[A-ZÄÖÜ][\wäöüß&'’.-]*){0,3}?)"
                             r"[ \t]+" + DEAL_VERBS_DE, re.M)
"""The subject of a deal verb at a sentence's start, as news leads write it: "Kuka gehört seit 2016 zum …",
"Bertelsmann erhöht Anteil an …"."""


COMPOUND_KIN = re.compile(r"(?<![\w-])(?:(?P<a>[A-ZÄÖÜ][\wäöüß.]*[\wäöüß])-\s+(?:und|sowie|oder)\s+)?(?P<b>[A-ZÄÖÜ][\wäöüß.]*[\wäöüß])"
                          r"-(?:Mutter|Mutterkonzern|Muttergesellschaft|Mutterunternehmen|Tochter|Tochtergesellschaft)\s+"
                          r"(?:(?:der|des|die|das)\s+)?[A-ZÄÖÜ]")
"""Companies named only as the first part of a kinship compound before a name: "die Quarn-Mutter Velmar AG", "die
Facebook- sowie Instagram-Mutter Meta" (the first part's head left off)."""


def compound_kin(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """The companies :data:`COMPOUND_KIN` names that no known actor covers and that are no word for an organisation
    ("die Konzern-Mutter X" names none). A dictionary entry is no evidence against a name here: the compound before a
    name says what it is ("die Instagram-Mutter Meta")."""
    out = []
    positions: dict[str, list[int]] | None = None
    for m in COMPOUND_KIN.finditer(text):
        for g in ("a", "b"):
            x = m.group(g)
            if x is None:
                continue
            s, e = m.start(g), m.end(g)
            if any(a < e and s < b for a, b in taken) or x in STOP_FIRST or x in ORG_WORDS or ORG_HEAD["de"].fullmatch(x) \
                    or x in PLACE_PREFIXES_DE \
                    or re.fullmatch(r"(?:Konzern|Unternehmen|Firma|Gesellschaft|Holding|Bank|Gruppe)\w*", x):
                continue
            if dictionary_compound(x):  # "die Wagniskapital-Tochter X": a line of business, unless used as a name
                positions = positions if positions is not None else _word_positions(text)
                if not _used_as_name(text, (s, x), positions):
                    continue
            out.append(Proposal(s, e, m.group(g), "company", "actor.compound-kin", 0.5))
    return out


GROUP_OWN_DE = re.compile(r"(?<![\w-])(?P<name>[A-ZÄÖÜ][\wäöüß]+(?:[ \t-][A-ZÄÖÜ][\wäöüß]+)?),[ \t]+(?:die|der|das|welche[rs]?)[ \t]+"
                          r"(?:als[ \t]+)?konzern(?:eigen|zugehörig)\w*")
"""A company a relative clause calls the group's own: "der Eurowings, die als konzerneigener Low-Cost-Carrier …"."""


def group_own_names(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """The names :data:`GROUP_OWN_DE` marks as companies, unless a known actor covers them."""
    out = []
    for m in GROUP_OWN_DE.finditer(text):
        s, e = m.start("name"), m.end("name")
        if not any(a < e and s < b for a, b in taken) and m.group("name") not in STOP_FIRST:
            out.append(Proposal(s, e, m.group("name"), "company", "actor.group-own", 0.5))
    return out


CASE_PAIR = re.compile(r"\b(?:Zusammenschlu(?:ss|ß)\w*|Fusion|Fall(?:[ \t]+Nr\.[ \t]*[\w./]+)?|Fallbericht|Vorhaben|merger|"
                       r"[Cc]ase(?:[ \t]+No\.[ \t]*[\w./]+)?)[ \t]+(?:(?:Die|Der|Das|The)[ \t]+)?(?P<a>[A-ZÄÖÜ][\w&-]+(?:[ \t]+[A-ZÄÖÜ][\w&-]+){0,2})"
                       r"[ \t]*/[ \t]*(?P<b>[A-ZÄÖÜ][\w&-]+(?:[ \t]+(?!Anmeldung\b|Fall\b)[A-ZÄÖÜ][\w&-]+){0,2})")
"""A case named by its parties, as authorities title them: "für den Zusammenschluss Miba/Zollern", "Fall Edeka/Tengelmann"."""


def case_parties(text: str, taken: list[tuple[int, int]]) -> list[Proposal]:
    """The two parties of a case title (:data:`CASE_PAIR`) not yet known."""
    out = []
    for m in CASE_PAIR.finditer(text):
        for g in ("a", "b"):
            s, e = m.start(g), m.end(g)
            if not any(a < e and s < b for a, b in taken) and e - s >= 3:
                out.append(Proposal(s, e, m.group(g), "company", "actor.case-party", 0.5))
    return out


def _legal_form_end(words: list[str], lang: str) -> int:
    """How many of ``words`` make the organisation's name: up to its first legal form when a common noun follows it
    ("Quillon AG Turbinen" → "Quillon AG": what was bought, not part of the name), else all of them; legal forms, joiners
    and names after the form stay ("X GmbH & Co. KG", "Y mbH Kassel"). ``_legal_form_end(["Quillon", "AG", "Turbinen"],
    "de") == 2``."""
    k = next((i for i, w in enumerate(words[:-1]) if w.rstrip(",") in LEGAL and i), None)
    if k is None:
        return len(words)
    tail = [w for w in words[k + 1:] if w not in LEGAL | _JOINERS | ORG_WORDS]
    noun = german_noun if lang == "de" else (lambda w: _common_noun(w, lang))
    return k + 1 if tail and any(noun(w) for w in tail) else len(words)


def deal_slot_organisations(text: str, taken: list[tuple[int, int]], lang: str,
                            org_ends: set[int] | None = None) -> list[Proposal]:
    """Organisations in the slots of a deal ("the acquisition of Ferro by Prince", "die Übernahme von MKM
    durch KME"): a capitalised name right after the cue (past a description such as "wind turbine
    manufacturer"), when no known actor stands there. Cues alone are no evidence in German, where every
    noun is capitalised, so a German slot name must not be a dictionary noun."""
    out: list[Proposal] = []
    name = re.compile(_DESC[lang] + r"(?P<name>" + _NAME[lang] + r")" + _END[lang])
    spans = sorted(taken)
    span_starts = [a for a, _ in spans]
    longest = max((b - a for a, b in spans), default=0)

    def overlaps(s: int, e: int) -> bool:
        k = bisect_left(span_starts, s - longest)
        while k < len(spans) and spans[k][0] < e:
            if spans[k][1] > s:
                return True
            k += 1
        return False

    if lang == "de":  # a deal verb's subject at the start of a sentence: a name unless it is a noun
        for m in DEAL_SUBJECT_DE.finditer(text):
            s, e = m.start("name"), m.end("name")
            nm = m.group("name").rstrip(".")
            e = s + len(nm)
            words = nm.split()
            if words[0] in STOP_FIRST or words[0] in ARTICLES_DE or overlaps(s, e) or len(nm) < 3 or \
                    all(w in LEGAL or w in _JOINERS for w in words):  # a legal form alone is no name ("GmbH hält …")
                continue
            if not all(_subject_name_word(w) for w in words if w not in LEGAL | ORG_WORDS):
                continue  # "Anteile übernimmt …", "Investoren halten …", "Heute kauft …", "Dieser verkauft …"
            out.append(Proposal(s, e, nm, "company", "actor.deal-subject", 0.5))
            if org_ends is not None:
                org_ends.add(e)
    for cue_pat in DEAL_SLOTS[lang]:
        coordination = cue_pat.startswith(r"\band") or cue_pat.startswith(r"\bund")
        strong = cue_pat.startswith(r"\b(?:Aufsichtsrat|")  # a board's or chief's company: a dictionary entry is no evidence
        for cue in re.finditer(cue_pat, text):
            if coordination and (org_ends is None or not any(cue.start() - d in org_ends for d in (1, 2))):
                continue  # "A and B": a second organisation only after a first
            m = name.match(text, cue.end())
            if m is None:
                continue
            s, e = m.start("name"), m.end("name")
            nm = text[s:e].strip().rstrip(".,")
            e = s + len(nm)
            words = nm.split()
            if not nm or words[0] in STOP_FIRST or len(words) > 8 or overlaps(s, e):
                continue
            if words[0].lower() in {"the", "a", "an", "its", "their", "this", "that", "der", "die", "das"}:
                continue
            cut = _legal_form_end(words, lang)
            if cut < len(words):  # "kauft von der Quillon AG Turbinen": the name ends at its legal form
                words = words[:cut]
                nm = " ".join(words)
                e = s + len(nm)
            trimmed = False
            counted = re.search(r"(?:\d+|verschiedene[nr]?)[ \t]+$", cue.group(0)) is not None  # "88 Karstadt-Warenhäuser"
            if lang == "de" and words[-1] not in LEGAL | ORG_WORDS and (counted or not _dictionary_word(words[0].split("-")[0])):
                # "88 Karstadt-Warenhäusern", "Karstadt Warenhäusern": the name is the part before the common noun
                if len(words) == 1 and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{2,}-[A-ZÄÖÜ]\w+", words[0]) and \
                        german_noun(words[0].split("-")[-1]):
                    nm, words, trimmed = words[0].split("-")[0], [words[0].split("-")[0]], True
                elif len(words) == 2 and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{2,}", words[0]) and german_noun(words[1]) \
                        and not words[1].isupper():
                    nm, words, trimmed = words[0], words[:1], True
                e = s + len(nm)
            marked = len(words) > 1 and any(w.isupper() or any(c.isdigit() for c in w) for w in words[1:])
            merger = coordination and re.search(r"\bZusammenschlu(?:ss|ß)\w*[ \t]+(?:von|zwischen)[ \t]+\S+[ \t]+$",
                                                text[max(0, cue.start() - 60):cue.start()]) is not None
            if lang == "de" and (_noun_not_name(words[0]) if strong else german_noun(words[0]) and not _verb_or_adjective(words[0])) \
                    and words[-1] not in LEGAL | ORG_WORDS \
                    and not marked and not trimmed \
                    and not (merger and len(words) == 1):  # "der Zusammenschluss von Praxair und Linde"
                continue
            if lang == "en" and len(words) == 1 and s > 0 and _sentence_start(text, s):
                continue
            if len(nm) < 2 or nm.isdigit():
                continue
            out.append(Proposal(s, e, nm, "company", "actor.organisation-in-deal", 0.55))
            if org_ends is not None:
                org_ends.add(e)
    return out


SENTENCE_ADVERBS_DE = {"Somit", "Damit", "Daher", "Deshalb", "Dadurch", "Demnach", "Folglich", "Zudem", "Außerdem", "Ferner",
                       "Überdies", "Nun", "Jetzt", "Heute", "Dann", "Danach", "Zuvor", "Zunächst", "Inzwischen", "Mittlerweile",
                       "Bereits", "Schon", "Künftig", "Später", "Zugleich", "Gleichzeitig", "Allerdings", "Jedoch", "Insgesamt",
                       "Ebenfalls", "Ebenso", "Auch", "Erst", "Vielmehr", "Stattdessen", "Hierdurch", "Hiermit", "Dabei"}
"""Adverbs a German sentence may open with before its verb ("Somit übernimmt Otto …"): not the verb's subject; simplemma's
dictionary lacks some ("Somit" is its own lemma there)."""


def _subject_name_word(word: str) -> bool:
    """A word of a name standing as a deal verb's subject at a sentence's start: unknown to simplemma ("Kuka"), or known
    in exactly this form as a noun ("Bertelsmann", "Siemens") but no organisation noun, abstract noun, unit, inflected
    plural ("Investoren") or word with a lower-case lemma ("Heute", "Dieser")."""
    import simplemma

    if word in STOP_FIRST or word in ARTICLES_DE or ORG_HEAD["de"].fullmatch(word) or NOT_A_NAME_DE.fullmatch(word):
        return False
    if word in SENTENCE_ADVERBS_DE:
        return False
    return not simplemma.is_known(word, lang="de") or simplemma.lemmatize(word, lang="de") == word


def _verb_or_adjective(word: str) -> bool:
    """A capitalised word whose lemma simplemma writes in lower case ("Skype" → "skypen", "Schwarz" → "schwarz"): in
    a deal's slot ("übernimmt Skype") no noun stands there but a name."""
    import simplemma

    lemma = simplemma.lemmatize(word, lang="de")
    return word[:1].isupper() and not lemma[:1].isupper()


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3):pos]
    return pos == 0 or bool(re.search(r"(?:^|[.!?\n])\s*$", before))


DEFINED = re.compile(r"(?:\.?,?[ \t]+(?:Ltd|Inc|LLC|GmbH|AG|SE|plc|Corp)\.?)?(?:,[ \t]+[A-ZÄÖÜ][a-zäöüß-]+)?[ \t]*\((?:(?:in der Folge|nachfolgend|im Folgenden)(?: auch)? (?:kurz)?:?[ \t]*)?[„“\"”']?"
                     r"(?P<alias>[A-ZÄÖÜ][\w&.\-]{1,24}(?: [A-ZÄÖÜ][\w\-]+){0,2})[“”\"']?\)")


DEFINED_BEFORE_REMARK = re.compile(r"[ \t]*\((?P<alias>[A-ZÄÖÜ]{2,8})(?:[ \t]+[-–]|,)[ \t]")
"""A short form in capitals that a remark follows inside the brackets ("(HWG - eine 100 %ige Tochter …)"): the name's
short form only where it spells the name's words (:func:`_spells`)."""


DEFINED_AFTER_REMARK = re.compile(r"[ \t]*\((?P<remark>[^()„“\"”]{1,60}?)[ \t]+[-–][ \t]+(?P<q>[„“\"])?"
                                  r"(?P<alias>[A-ZÄÖÜ][A-ZÄÖÜa-z]{1,7})[“”\"]?\)")
"""A short form after a remark and a dash inside the brackets: "die LBK Hamburg GmbH (Landesbetrieb Krankenhäuser - „LBK“)"
— quoted, or a word of the name."""


def defined_aliases(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """(actor id, alias) for names followed by a defined short form: "Inflection AI, Inc. (Inflection)",
    "Air Berlin PLC & Co. Luftverkehrs KG („Air Berlin“)", "Hyundai Heavy Industries Holdings (HHIH)"."""
    out = []
    listed = {start for start, _ in listed_company_names(text)}  # a list's brackets define each item's short form
    for start, end, actor in spans:
        m = DEFINED.match(text, end)
        if m is None:  # "Hallesche Wohnungsgesellschaft mbH (HWG - eine 100 %ige Tochter …)": initials before a remark
            loose = DEFINED_BEFORE_REMARK.match(text, end)
            name = text[start:end]
            if loose is not None and any(_spells(loose.group("alias"), n.split()) for n in (re.sub(LEGAL_SUFFIX, "", name), name)):
                out.append((actor, loose.group("alias")))
            after = DEFINED_AFTER_REMARK.match(text, end)
            if after is not None and (after.group("q") or after.group("alias") in name.split()):
                out.append((actor, after.group("alias")))
            continue
        alias = m.group("alias") if m else None
        if alias is None or alias == text[start:end]:
            continue
        quoted = re.search(r"[„“\"”']", m.group(0)) is not None
        short = re.sub(LEGAL_SUFFIX, "", alias).strip() or alias  # "(LBB AG)": the short form with its legal form
        abbreviation = sum(c.isupper() for c in short) >= 2 and " " not in short
        if quoted or abbreviation or alias.split()[0] in text[start:end].split() or start in listed:
            out.append((actor, alias))
    return out
