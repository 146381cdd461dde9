"""Sentence splitting with character offsets, aware of German and English abbreviations.

Rules: a line break that ends a paragraph or a heading always ends a sentence; inside a paragraph a
``.``, ``!`` or ``?`` ends one when followed by space and an upper-case letter, digit or quote, unless
the word before is a known abbreviation, a single initial, or an ordinal date ("4. März"). A single line break inside
a sentence, as court texts and wrapped files have them, is read as a space (:func:`continues`): "Geschäftsführer der\nX
GmbH ist Y" is one sentence; a blank line, a list item and a line after closing punctuation still start a new one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kingmaker.model.legal_forms import legal_form

ABBREVIATIONS = {
    "de": {"z. b", "z.b", "u. a", "u.a", "d. h", "d.h", "bzw", "ca", "dr", "nr", "mio", "mrd", "bzw", "vgl",
           "etc", "inkl", "evtl", "ggf", "usw", "sog", "s. o", "o. ä", "u. ä", "prof", "st", "str", "abs", "jh",
           "mill", "tsd", "dt", "engl", "zit", "hrsg", "jan", "feb", "okt", "nov", "dez", "gem", "art", "buchst",
           "ziff", "rn", "az", "lit", "aufl", "cie"},
    "en": {"mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "corp", "co", "jr", "sr", "st", "vs", "etc", "e.g",
           "i.e", "u.s", "u.k", "no", "approx", "est", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
           "sep", "sept", "oct", "nov", "dec", "gov", "gen", "rep", "sen", "cie"},
}
_MONTHS_DE = r"(Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)"
_END = re.compile(r"[.!?]+[\"”“»«')\]]*(?=\s+[\"„“«»(]?[A-ZÄÖÜ0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    heading: bool = False  # a line of its own without closing punctuation (a title or sub-heading)


_LOOK_BACK = 80  # characters before a dot that decide whether it ends an abbreviation (longer than any of them)


def _abbreviation_before(para: str, dot: int, lang: str) -> bool:
    # Only the words just before the dot matter; searching the whole paragraph up to it made splitting a
    # one-paragraph text quadratic (a 114 kB paragraph: 15 s, most of it here).
    before = para[max(0, dot - _LOOK_BACK):dot]
    m = re.search(r"[\w.]+$", before)
    if not m:
        return False
    word = m.group(0).lower().rstrip(".")
    if len(word) == 1 and word.isalpha():
        return True  # an initial ("J. Smith") or a part of "z. B."
    pair = re.search(r"\b\w\. \w$", before)  # "z. B", "u. a"
    known = ABBREVIATIONS.get(lang, set()) | ABBREVIATIONS["en"]
    if word in known or (pair and pair.group(0).lower() in known):
        return True
    if lang == "de" and re.fullmatch(r"\d{1,2}", word) and re.match(r"\.\s+" + _MONTHS_DE, para[dot:]):
        return True
    return False


_GO_ON_WORDS = ("der die das des dem den ein eine einer eines einem einen und oder sowie bzw von vom an am in im mit für "
                "zu zur zum bei beim über auf aus nach durch gegen ohne um unter vor zwischen als wie dass ist sind war "
                "waren hat haben hatte wird wurde werden sich nicht auch sein seine ihre ihrer deren dessen "
                "the a an of and or to in on at by for with from as that is are was were has have had which who its").split()
_LIST_ITEM = re.compile(r"[ \t]*(?:[-–—•*·▪►]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[IVX]{1,5}[.)]|§|Rn\.)[ \t]")
_LEGAL_START = re.compile(r"[ \t]*(?:" + legal_form() + r"|&[ \t]+Co\.)(?![\w-])")


def continues(line: str, following: str) -> bool:
    """Whether the single line break between ``line`` and ``following`` falls inside a sentence (read as a space):
    ``line`` ends without closing punctuation, ``following`` is no list item, and the sentence plainly goes on — the next
    line starts in lower case or with a legal form ("Quarnwerk\nGmbH"), or the line ends with a comma, a hyphen or a
    word no sentence or heading ends with ("der", "und", "of"). A title without punctuation over a text stays apart."""
    end, nxt = line.rstrip(), following.lstrip(" \t\f")  # (a page break at a line's start: pdftotext's "\f")
    if not end or not nxt or end[-1] in ".!?:;" or re.search(r"[.!?:;][\"”“»«')\]]+$", end) or _LIST_ITEM.match(following):
        return False
    last = re.search(r"[\w-]+$", end)
    return (nxt[0].islower() or _LEGAL_START.match(nxt) is not None or end[-1] in ",-–"
            or (last is not None and last.group(0) in _GO_ON_WORDS))


def unwrap_lines(text: str) -> str:
    """``text`` with each single line break that falls inside a sentence (:func:`continues`) made a space: same length,
    same offsets, so positions in it are positions in ``text``.

    >>> unwrap_lines("Geschäftsführer der\\nQuarnwerk GmbH ist Jonas Feld.\\nBeschluss\\nDie Kestrel AG …")
    'Geschäftsführer der Quarnwerk GmbH ist Jonas Feld.\\nBeschluss\\nDie Kestrel AG …'
    """
    if "\n" not in text:
        return text
    chars = None
    prev = None
    for m in re.finditer(r"[^\n]+", text):
        if not m.group(0).strip():
            prev = None
            continue
        if prev is not None and m.start() - prev.end() == 1 and continues(prev.group(0), m.group(0)):
            chars = chars if chars is not None else list(text)
            chars[prev.end()] = " "
            for i in range(m.start(), m.start() + len(m.group(0)) - len(m.group(0).lstrip("\f"))):
                chars[i] = " "  # a page break inside the sentence: no form feed in its quote (review rev10b)
        prev = m
    return text if chars is None else "".join(chars)


def abbreviation_before(text: str, dot: int, lang: str) -> bool:
    """Whether the dot at ``text[dot]`` closes an abbreviation, an initial or an ordinal date ("2 Mrd. Euro", "z. B.",
    "4. März"), not a sentence: ``abbreviation_before("für 2 Mrd. Euro", 8, "de") is True``."""
    return _abbreviation_before(text, dot, lang)


_MONTHS_EN = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE = (r"(?:\d{1,2}\.[ \t]?\d{1,2}\.[ \t]?\d{2,4}|\d{1,2}\.?[ \t]+(?:" + _MONTHS_DE[1:-1] + "|" + _MONTHS_EN[3:-1] +
         r")[ \t]+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}-[IVX]{1,4}-\d{4}|\d{4}-\d{2}-\d{2}|" + _MONTHS_EN + r"[ \t]+\d{1,2},[ \t]+\d{4})")
_NEXT = r"(?=[\"„“»«]?[A-ZÄÖÜ0-9])"  # what follows a header: a sentence's (or the next header's) first word
HEADER = re.compile(
    r"(?:"
    # a dateline: "Bonn, 12.03.2019:", "Cuxhaven (Deutschland), 19.06.2015 –", "(09.09.14) -", "WASHINGTON, March 3, 2020 —"
    r"(?:[A-ZÄÖÜ][\wäöüß./-]+(?:[ \t]+[A-ZÄÖÜ][\wäöüß./-]+){0,2}(?:[ \t]+\([^()\n]{1,30}\))?,[ \t]+(?:den[ \t]+)?)?"
    r"\(?" + _DATE + r"\)?[ \t]*(?:[:–—-][ \t]+|[ \t]" + _NEXT + r")|"
    # a release's or report's own date line: "Pressemitteilung vom 12. März 2019", "Fallbericht vom 2. Mai 2019"
    r"(?:Presse(?:mitteilung|erklärung|information)|Fallbericht|Press[ \t]+release)(?:[ \t]+Nr\.[ \t]*[\w/-]+)?[ \t]+"
    r"(?:vom|of|on)[ \t]+" + _DATE + r"[ \t]*[:–—-]?[ \t]+" + _NEXT + r"|"
    # a case number: "B6-22/16", "Aktenzeichen: B4-77/18", "B 3 – 1002/06 Vormals B10-64/06", "KVR 12/99"
    r"(?:Aktenzeichen:[ \t]*)?(?:B[ \t]?\d{1,2}[ \t]?[-–][ \t]?\d{1,5}/\d{2}|K[A-Z]{1,3}[ \t]\d{1,4}/\d{2})"
    r"(?:[ \t]+[Vv]ormals[ \t]+\S+)?(?:[ \t]+(?:Beschluss|BESCHLUSS|Urteil|URTEIL|Entscheidung|Verfügung))?[ \t]+" + _NEXT + r"|"
    # a run of three or more words in capitals: "KOMMISSION DER EUROPÄISCHEN GEMEINSCHAFTEN", "VERSION FÜR DIE VERÖFFENTLICHUNG"
    r"(?=[^\n]{20})(?:[A-ZÄÖÜ0-9§(][A-ZÄÖÜß0-9.,()/§&–-]*[ \t]+){3,}(?=[A-ZÄÖÜ][a-zäöüß])|"
    # a decision's heading word before its opening words: "Beschluss In dem Verwaltungsverfahren", "Urteil Tenor"
    r"(?:Beschluss|BESCHLUSS|Urteil|URTEIL|Entscheidung|ENTSCHEIDUNG|Verfügung|Tenor|Gründe)[ \t]+"
    r"(?=In[ \t]+(?:dem|der|Sachen)\b|Tenor\b|Gründe\b|Im[ \t]+Namen\b)"
    r")")
"""Header pieces a line may run into its first sentence with (issue 18, session 11): a dateline, a release's date line, a
case number, a run of words in capitals, a decision's heading word. :func:`split_sentences` cuts each one at a
paragraph's start into a heading of its own, so the first sentence's facts are found and quoted without it."""


def header_end(para: str) -> int:
    """Where the header pieces at the start of ``para`` end (0: none): ``header_end("Bonn, 12.03.2019: Die X AG …") == 18``.
    A piece must leave text after it; at most six pieces are cut."""
    pos = 0
    for _ in range(6):
        m = HEADER.match(para, pos)
        if m is None or m.end() == pos or m.end() >= len(para.rstrip()):
            break
        pos = m.end()
    return pos


def split_sentences(text: str, lang: str = "en") -> list[Sentence]:
    """Sentences of ``text`` with ``unwrap_lines(text)[s.start:s.end] == s.text`` (surrounding spaces trimmed; a line
    break inside a sentence is a space there, :func:`unwrap_lines`)."""
    out: list[Sentence] = []
    text = unwrap_lines(text)
    for p_index, m in enumerate(re.finditer(r"[^\n]+", text)):
        para, base = m.group(0), m.start()
        if not para.strip():
            continue
        head = header_end(para)
        cuts, pos = [], head
        heads = []
        while head:  # each header piece is a heading of its own
            start = 0 if not heads else heads[-1][1]
            m = HEADER.match(para, start)
            heads.append((start, m.end()))
            if m.end() >= head:
                break
        for e in _END.finditer(para, head):
            if e.group(0).startswith(".") and _abbreviation_before(para, e.start(), lang):
                continue
            cuts.append((pos, e.end()))
            pos = e.end()
        cuts.append((pos, len(para)))
        last_char = para.rstrip()[-1:]
        is_heading = last_char not in ".!?\"”“»:;)" and len(para.split()) <= 16
        for a, b in heads:
            body = para[a:b].strip()
            if body:
                start = base + a + len(para[a:b]) - len(para[a:b].lstrip())
                out.append(Sentence(start, start + len(body), body, p_index, True))
        for a, b in cuts:
            chunk = para[a:b]
            lead = len(chunk) - len(chunk.lstrip())
            body = chunk.strip()
            if body:
                start = base + a + lead
                out.append(Sentence(start, start + len(body), body, p_index, is_heading and len(cuts) == 1))
    return out
