"""Epithets that name an organisation without its name: "the iPhone maker", "der Konzern aus Redmond"
(gazetteer epithets: exactly one organisation), "der US-Softwareriese", "das französische Start-up", "the
online retailer" (a head noun saying what the organisation is, and maybe where it is from: the nearest
organisation named before that fits), and "the OpenAI rival" / "der OpenAI-Konkurrent" (the nearest
organisation named before *other than* OpenAI, never OpenAI itself).

What an organisation is and where it is from comes from the gazetteer (``types``, ``country``); an
organisation the gazetteer does not describe fits a typed epithet only when no described one does.

>>> from kingmaker.extract import extract_text
>>> ex = extract_text("Amazon hat vier Mrd. Dollar in Anthropic investiert. Der Online-Händler stellt auch Rechenleistung.", lang="de")
>>> [(m.surface, m.actor) for m in ex.mentions if m.how == "epithet"]
[('Der Online-Händler', 'amazon')]
"""
from __future__ import annotations

import re
from functools import lru_cache

from kingmaker.extract.actors import Mention
from kingmaker.extract.lexicon import TYPE_HEADS
from kingmaker.model.legal_forms import LEGAL_SUFFIX

COUNTRY_WORDS = {
    "de": {"US": "US", "amerikanisch": "US", "französisch": "FR", "deutsch": "DE", "britisch": "GB", "chinesisch": "CN",
           "kanadisch": "CA", "japanisch": "JP", "koreanisch": "KR", "südkoreanisch": "KR", "taiwanisch": "TW"},
    "en": {"US": "US", "U.S.": "US", "American": "US", "French": "FR", "German": "DE", "British": "GB", "UK": "GB",
           "Chinese": "CN", "Canadian": "CA", "Japanese": "JP", "Korean": "KR", "South Korean": "KR", "Taiwanese": "TW"},
}
RIVAL = {"de": r"(?:-|\s+)(?:Konkurrent\w*|Rivale\w*|Wettbewerber\w*|Herausforderer\w*)\b",
         "en": r"(?:-|\s+)(?:rival|competitor|challenger)s?\b"}
DET = {"de": r"\b(?:[Dd](?:er|ie|as|en|em|es)|[Ee]in(?:e[mnrs]?)?)\s+", "en": r"\b(?:[Tt]he|[Aa]n?|[Ii]ts)\s+"}


def _head_pattern(lang: str) -> re.Pattern:
    heads = sorted(TYPE_HEADS[lang], key=len, reverse=True)
    countries = sorted(COUNTRY_WORDS[lang], key=len, reverse=True)
    country = "|".join(re.escape(c) for c in countries)
    adj = rf"(?:(?P<country>{country})(?:e[nmrs]?|-|\s+)|[a-zäöüß-]+(?:e[nmrs]?)?\s+)?"
    head = "|".join(re.escape(h) for h in heads)
    return re.compile(DET[lang] + adj + rf"(?:(?P<country2>{country})-)?(?P<head>{head})(?:s|en|n|es)?(?![\w-])")


@lru_cache(maxsize=2)
def _typed(lang: str) -> re.Pattern:
    return _head_pattern(lang)


@lru_cache(maxsize=1)
def _gazetteer_epithets() -> dict[str, list[tuple[str, str]]]:
    from kingmaker.extract.gazetteer import organisations

    out: dict[str, list[tuple[str, str]]] = {"de": [], "en": []}
    for o in organisations():
        for lang, phrases in o.epithets.items():
            out.setdefault(lang, []).extend((p, o.id) for p in phrases)
    return out


@lru_cache(maxsize=1)
def _seats() -> dict[str, dict[str, str]]:
    """City → organisation, from gazetteer epithets that name a seat ("der Konzern aus Redmond" → Redmond: microsoft;
    "the Redmond company"): a city that only one organisation's epithets name."""
    from kingmaker.extract.gazetteer import organisations

    found: dict[str, dict[str, set[str]]] = {"de": {}, "en": {}}
    for o in organisations():
        for lang, phrases in o.epithets.items():
            for p in phrases:
                m = re.search(r"\baus\s+([A-ZÄÖÜ][\wäöüß-]+)$" if lang == "de" else r"\b(?:in|from)\s+([A-Z][\w-]+)$", p)
                if m:
                    found.setdefault(lang, {}).setdefault(m.group(1), set()).add(o.id)
    return {lang: {city: next(iter(ids)) for city, ids in cities.items() if len(ids) == 1} for lang, cities in found.items()}


SEAT_EPITHET = {"de": re.compile(r"\b[Dd](?:er|ie|as|en|em|es)\s+(?:[a-zäöü][\wäöüß-]*\s+)?(?:[A-ZÄÖÜ][\wäöüß-]*?(?:konzern|firma|unternehmen|riesen?|hersteller|gruppe|"
                                 r"giganten?)|Konzern|Firma|Unternehmen|Riesen?|Hersteller|Gruppe|Giganten?)s?\s+aus\s+"
                                 r"(?P<city>[A-ZÄÖÜ][\wäöüß-]+)"),
                "en": re.compile(r"\b[Tt]he\s+(?:[a-z][\w-]*\s+)?(?:company|firm|group|giant|maker)\s+(?:from|in)\s+(?P<city>[A-Z][\w-]+)")}
"""A description by the seat: "die Firma aus Redmond", "der Softwareriese aus Walldorf" → the organisation the
gazetteer places there (:func:`_seats`)."""


ROLE_NOUN_DE = (r"Antragsgegnerin|Antragstellerin|Erwerberin|Veräußerin|Anmelderin|Beschwerdeführerin|Betroffene|"
                r"Zielgesellschaft|Zielunternehmen")
ROLE_BINDINGS_DE = [
    re.compile(r"\b(?P<role>Zielgesellschaft|Zielunternehmen|Erwerberin|Veräußerin|Anmelderin)\s+(?=[A-ZÄÖÜ])"),  # "der Zielgesellschaft X"
    re.compile(r"\b(?P<role>" + ROLE_NOUN_DE + r")\s+(?:ist|war)\s+(?:(?:die|der|das)\s+)?(?=[A-ZÄÖÜ])"),  # "Erwerberin ist die X"
    re.compile(r"\bgegen\s+(?:die|den|das)\s+(?=[A-ZÄÖÜ][^.;]{0,300}?\b(?P<role>Antragsgegnerin)\b)"),  # "gegen die X …, weil die Antragsgegnerin"
]
"""Where a decision ties a procedural role to a named party: right before the name, "ist" before the name, or (for the
respondent) the party an application is "gegen" in the sentence that first says "Antragsgegnerin"."""


def role_mentions(a) -> list[Mention]:
    """"die Antragsgegnerin", "der Zielgesellschaft" … → the party the text tied that role to (:data:`ROLE_BINDINGS_DE`),
    from there on (German only)."""
    if a.lang != "de":
        return []
    text, known = a.text, a.index.known
    bound: dict[str, tuple[int, str]] = {}  # role → (where bound, actor)
    for pat in ROLE_BINDINGS_DE:
        for m in pat.finditer(text):
            role = m.group("role")
            party = next((x for x in a.mentions if x.start >= m.end() and x.start - m.end() <= 2
                          and x.kind not in ("person", "group", "state", "state_body")), None)
            if party is not None and (role not in bound or bound[role][0] > m.start()):
                bound[role] = (m.start(), party.actor)
    out: list[Mention] = []
    if not bound:
        return out
    pat = re.compile(r"\b(?:[Dd](?:ie|er|en|em|es))\s+(?P<role>" + "|".join(map(re.escape, bound)) + r")(?:nen|n)?\b(?!\s+[A-ZÄÖÜ])")
    for m in pat.finditer(text):
        at, actor = bound[m.group("role")]
        if m.start() > at and not a.covered(m.start()):
            out.append(Mention(m.start(), m.end(), actor, m.group(0), known[actor].kind, "anaphor"))
    return out


def epithet_mentions(a) -> list[Mention]:
    """Mentions for epithets and rivals in the analysed text ``a`` (see the module docstring)."""
    text, lang, known = a.text, a.lang, a.index.known
    out: list[Mention] = []
    fixed = [(p, i) for p, i in _gazetteer_epithets().get(lang, []) if i in known]
    if fixed:
        by_phrase = {p.lower(): i for p, i in fixed}
        pat = re.compile("|".join(re.escape(p) for p, _ in sorted(fixed, key=lambda x: -len(x[0]))), re.I)
        for m in pat.finditer(text):
            aid = by_phrase.get(m.group(0).lower())
            if aid is not None and not a.covered(m.start()) and not a.named_at(m.end()):  # "Der Chipkonzern ASML": apposition
                out.append(Mention(m.start(), m.end(), aid, m.group(0), known[aid].kind, "epithet"))
    seats = _seats().get(lang, {})
    for m in SEAT_EPITHET[lang].finditer(text):
        aid = seats.get(m.group("city"))
        if aid is not None and aid in known and not a.covered(m.start()) and not any(x.start <= m.start() < x.end for x in out):
            out.append(Mention(m.start(), m.end(), aid, m.group(0), known[aid].kind, "epithet"))
    for m in _typed(lang).finditer(text):
        if a.covered(m.start()) or a.named_at(m.end()) or any(x.start <= m.start() < x.end for x in out):
            continue
        want = TYPE_HEADS[lang][m.group("head")]
        cw = m.group("country") or m.group("country2")
        country = COUNTRY_WORDS[lang].get(cw.rstrip("-")) if cw else None
        ref = _nearest_fitting(a, m.start(), want, country)
        if ref is not None:
            out.append(Mention(m.start(), m.end(), ref.actor, m.group(0), ref.kind, "epithet"))
    for org in a.mentions:
        if org.how not in ("name", "alias", "identifier") or org.kind in ("person", "group"):
            continue
        r = re.match(RIVAL[lang], text[org.end:org.end + 25])
        if r is None:
            continue
        det = re.search(DET[lang] + r"$", text[max(0, org.start - 8):org.start])
        start = org.start - (len(det.group(0)) if det else 0)
        here = a.sentence_at(start)  # the rival is rarely the subject of its own sentence: look before it first
        ref = (_nearest_fitting(a, here.start, None, None, skip=org.actor) if here is not None else None) or \
            _nearest_fitting(a, start, None, None, skip=org.actor)
        if ref is not None:
            out.append(Mention(start, org.end + r.end(), ref.actor, text[start:org.end + r.end()], ref.kind, "epithet"))
    return out


def _nearest_fitting(a, pos: int, want: str | None, country: str | None, skip: str | None = None):
    """The organisation named last before ``pos`` that fits the type and country (described ones first)."""
    fallback = None
    for m in reversed(a.mentions_before(pos, 1500)):
        k = a.index.known[m.actor]
        if m.kind in ("person", "group") or m.actor == skip or m.how == "anaphor":
            continue
        if want == "regulator" or k.authority:
            if want == "regulator" and k.authority:
                return m
            continue
        if k.types:
            if (want is None or want in k.types) and (country is None or k.country == country):
                return m
        elif fallback is None and want in (None, "startup", "ai", "technology") and country is None:
            fallback = m
    return fallback


PRONOUN_DE = re.compile(r"^(?P<p>Sie|Diese)\s+(?P<verb>[a-zäöüß]+)\b|^(?:[\wäöüß.,-]+\s+){1,4}?(?P<verb2>[a-zäöüß]+)\s+(?P<p2>sie)\b")
"""A German "sie" that is the subject of its sentence's main clause: first word ("Sie hält 40 Prozent …") or right
after the finite verb in second position ("Zudem übernahm sie …", "Im Jahr 2021 erwarb sie …")."""
SUBJECT_FIRST_DE = r"(?:[Dd](?:er|ie|as)|[Ee]ine?[mnrs]?|[Dd]iese[mnrs]?|[Jj]ene[mnrs]?)\s+[A-ZÄÖÜ]"
"""A noun phrase in first position ("Die Ferrum AG übernahm sie", "Der Konzern kaufte sie"): the subject, so a "sie"
after the verb is the object."""
FEMININE_HEAD_DE = re.compile(r"(?:gesellschaft|holding|gruppe|bank|stiftung|kommission|behörde|agentur|anstalt|"
                              r"genossenschaft|versicherung)$", re.I)
"""Heads that make an organisation's name feminine in German (a name with a legal form is feminine too: "die Quillon
GmbH", "die Apple Inc."): what "sie" can point back to."""


def _feminine(a, m: Mention) -> bool:
    """Whether German refers to the organisation of mention ``m`` as "sie": a legal form or a feminine head in its name,
    or the article "die" right before it ("die Quarnwerk")."""
    names = [m.surface, a.index.known[m.actor].name]
    if any(re.search(LEGAL_SUFFIX, n) or FEMININE_HEAD_DE.search(n.rstrip("s")) for n in names):
        return True
    return re.search(r"\b[Dd]ie\s+$", a.text[max(0, m.start - 5):m.start]) is not None


def pronoun_mentions(a) -> list[Mention]:
    """German "sie" as the subject of a sentence → the organisation the sentence before is about ("Diese": the last one
    it names), in the same
    paragraph (never across a paragraph break or a heading), when that organisation is its subject; the name must
    take "sie" (:func:`_feminine`), the verb must be singular ("Sie halten" is plural or the polite "you"), and a person
    as the sentence before's subject takes the pronoun instead. A guess: the mention is an ``anaphor`` (lower
    confidence, and a note on every fact it yields: :meth:`kingmaker.extract.rulebase.View.candidate`).

    >>> from kingmaker.extract import extract_text
    >>> ex = extract_text("Die Quarnwerk AG ist ein Energieversorger. Sie hält 40 Prozent an der Kestrel GmbH.", lang="de")
    >>> [(m.surface, m.actor) for m in ex.mentions if m.how == "anaphor"]
    [('Sie', 'quarnwerk')]
    """
    if a.lang != "de":
        return []
    from kingmaker.extract.context import ORG, _subject_like

    out: list[Mention] = []
    for i in range(1, len(a.sentences)):
        s, prev = a.sentences[i], a.sentences[i - 1]
        m = PRONOUN_DE.match(s.text)
        if m is None or prev.paragraph != s.paragraph or prev.heading or s.heading:
            continue
        verb = m.group("verb") or m.group("verb2")
        if verb.endswith("en") or verb in ("sind", "seien"):  # plural, or the polite "Sie"
            continue
        if m.group("verb2") and (re.match(SUBJECT_FIRST_DE, s.text)
                                 or any(x.start < s.start + m.start("verb2") for x in a.in_sentence(i))):
            continue  # "Die Ferrum AG übernahm sie": a subject stands first, "sie" after the verb is its object
        named = [x for x in a.in_sentence(i - 1) if x.how not in ("anaphor", "staff")]
        if m.group("p") == "Diese":  # a demonstrative: the last one named ("… an der X beteiligt. Diese ist …")
            ref = named[-1] if named else None
        else:
            subjects = [x for x in named if _subject_like(a.text, x, prev, prev.end)]
            ref = subjects[0] if subjects else None  # only the subject: "Jana Keller leitet die X. Sie …" is she
        if ref is None or ref.kind not in ORG or not _feminine(a, ref):
            continue
        start = s.start + m.start("p" if m.group("p") else "p2")
        end = start + len(m.group("p") or m.group("p2"))
        if not a.covered(start):
            out.append(Mention(start, end, ref.actor, a.text[start:end], ref.kind, "anaphor"))
    return out
