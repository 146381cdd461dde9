"""Amounts, percentages, counts and dates as written in German and English prose."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_SCALE = {"tausend": 3, "tsd": 3, "thousand": 3, "k": 3, "millionen": 6, "million": 6, "mio": 6, "mill": 6, "mn": 6,
          "m": 6, "milliarden": 9, "milliarde": 9, "mrd": 9, "billion": 9, "bn": 9, "b": 9, "billionen": 12,
          "trillion": 12}
_CURRENCY = {"€": "EUR", "euro": "EUR", "eur": "EUR", "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD",
             "dollars": "USD", "us-dollar": "USD", "£": "GBP", "pfund": "GBP", "pounds": "GBP", "gbp": "GBP",
             "chf": "CHF", "franken": "CHF", "a$": "AUD", "c$": "CAD", "¥": "JPY", "yen": "JPY"}
_NUMBER_WORDS = {"ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "one": 1, "a": 1, "an": 1, "zwei": 2, "two": 2,
                 "drei": 3, "three": 3, "vier": 4, "four": 4, "fünf": 5, "five": 5, "sechs": 6, "six": 6, "sieben": 7,
                 "seven": 7, "acht": 8, "eight": 8, "neun": 9, "nine": 9, "zehn": 10, "ten": 10, "elf": 11, "eleven": 11,
                 "zwölf": 12, "twelve": 12, "zwanzig": 20, "twenty": 20, "dreißig": 30, "thirty": 30, "fünfzig": 50,
                 "fifty": 50, "hundert": 100, "hundred": 100, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
                 "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19, "vierzig": 40, "sechzig": 60,
                 "siebzig": 70, "achtzig": 80, "neunzig": 90, "fifteen": 15, "forty": 40, "sixty": 60, "seventy": 70,
                 "eighty": 80, "ninety": 90}
_WORD = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUM = r"\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?"
_SCALE_RE = (r"(?:Tausend|Tsd\.?|thousand|Millionen|million|Mio\.?|Mill\.?|mn|Milliarden?|Mrd\.?|billion|Billionen?|bn|"
             r"trillion|[mkb])(?![\w-])\.?")
_CUR_WORD = r"(?:US-Dollar|Dollars?|Euro|EUR|USD|Pfund|pounds|GBP|CHF|Franken|yen)"
MONEY = re.compile(
    rf"(?P<pre>US\$|A\$|C\$|[€$£¥])\s?(?P<n1>{_NUM})(?:-(?=[A-Za-z])|\s*)(?P<s1>{_SCALE_RE})?"
    rf"|(?<![\w-])(?P<n2>{_NUM}|(?:{_WORD})(?=(?:-|\s+){_SCALE_RE}))(?:-(?=[A-Za-z])|\s*)(?P<s2>{_SCALE_RE})?\s*(?P<post>{_CUR_WORD}\b|€|\$)", re.I)
PERCENT = re.compile(rf"(?P<n>{_NUM})\s*(?:%|Prozent\b|-?prozentig\w*|per ?cent\b|percent\b)", re.I)
"""A percentage in figures: "24,9 Prozent", "18%", and as an adjective: "eine 40-prozentige Beteiligung"."""
PERCENT_WORD = re.compile(r"(?<![\w-])(?P<w>(?:" + "|".join(w for w in sorted(_NUMBER_WORDS, key=len, reverse=True)
                                                           if w not in ("a", "an", "einen", "einem", "einer", "eine"))
                          + r"))(?:\s+(?:Prozent\b|per ?cent\b|percent\b)|-?prozentig\w*)", re.I)
"""A percentage in words: "sieben Prozent Anteile an Stada", "ten percent", "eines zwanzigprozentigen Anteils"."""
FRACTIONS = {"en": [(r"\b(?:one\s+)?half\s+of\b|\b50-50\b", 50), (r"\b(?:a|one)\s+third\s+of\b", 33.3),
                    (r"\btwo\s+thirds\s+of\b", 66.7), (r"\b(?:a|one)\s+quarter\s+of\b", 25),
                    (r"\bthree\s+quarters\s+of\b", 75)],
             "de": [(r"\b(?:die|der)\s+Hälfte\b|\bhälftig\w*", 50), (r"\bein(?:em|es)?\s+Drittel\b", 33.3),
                    (r"\bzwei\s+Drittel\b", 66.7), (r"\bein(?:em|es)?\s+Viertel\b", 25), (r"\bdrei\s+Viertel\b", 75)]}
"""Shares written as fractions ("die Hälfte der Anteile", "a third of the shares") → percent."""
VALUE_CUE = (r"(?:worth|valued\s+at|value\s+of|valuation\s+of|valuing\s+\w+\s+at|im\s+Wert\s+von|bewertet\s+(?:mit|zu)|"
             r"Bewertung\s+von|Marktwert\s+von|Wert\s+von|bewerte\w*\s+(?:[^.;\d]{1,60}?\s+)?auf)\s+(?:about|around|some|rund|etwa|ca\.|knapp|mehr\s+als|more\s+than)?\s*$")
MONTHS = {m: i + 1 for i, m in enumerate(
    ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
     "dezember"])}
MONTHS.update({m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"])})
MONTHS["jänner"] = 1
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERNS = [
    re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})\.\s*(?P<mon>{_MONTH_RE})\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<mon>{_MONTH_RE})\s+(?P<d>\d{{1,2}}),\s*(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_RE})\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)\b"),
    re.compile(rf"\b(?P<mon>{_MONTH_RE})\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?:seit|since|im Jahr|in)\s+(?P<y>(?:19|20)\d\d)\b", re.I),
]


def to_number(raw: str, lang: str) -> Decimal:
    """``"24,9"`` (de) → 24.9, ``"1,500"`` (en) → 1500, ``"1.500"`` (de) → 1500."""
    s = raw.strip()
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", s) and not (lang == "de" and "," in s and "." not in s
                                                          and len(s.split(",")[-1]) != 3):
        return Decimal(re.sub(r"[.,]", "", s))
    return Decimal(s.replace(",", ".")) if lang == "de" else Decimal(s.replace(",", ""))


@dataclass(frozen=True)
class Money:
    """An amount as written: ``role`` is ``"value"`` for what a stake or company is worth ("a stake worth
    $2 billion", "bewertet mit 80 Mrd."), which is no money invested, else ``"amount"``."""

    amount: Decimal
    currency: str
    start: int
    end: int
    role: str = "amount"


def _number(raw: str, lang: str) -> Decimal:
    w = raw.lower()
    return Decimal(_NUMBER_WORDS[w]) if w in _NUMBER_WORDS else to_number(raw, lang)


def find_money(text: str, lang: str) -> list[Money]:
    """Amounts with their currency and scale: "$500-million", "US$2-billion", "rund zehn Mrd. Dollar",
    "15 Mill. Euro", "einer Milliarde US-Dollar". A conversion in brackets right after an amount
    ("$13bn (€12bn)") is not a second amount; a German "Billion" (capital B) is 10^12.

    >>> [(int(m.amount), m.currency) for m in find_money("zahlte US$2-billion (rund 1,8 Mrd. Euro)", "de")]
    [(2000000000, 'USD')]
    """
    out: list[Money] = []
    for m in MONEY.finditer(text):
        num = m.group("n1") or m.group("n2")
        scale_word = (m.group("s1") or m.group("s2") or "").lower().rstrip(".")
        cur = (m.group("pre") or m.group("post") or "").lower()
        word = num.lower() in _NUMBER_WORDS
        if not m.group("pre") and not scale_word and cur in ("$", "€"):
            continue
        if word and not scale_word:  # "one dollar", "a euro": no amount worth a fact
            continue
        if word and num.lower() in ("a", "an") and not scale_word:
            continue
        exp = _SCALE.get(scale_word, 0)
        if lang == "de" and (m.group("s1") or m.group("s2") or "").startswith("Billion"):
            exp = 12  # a German "Billion" (capital B) is 10^12; "US$2-billion" in a German text stays English
        value = _number(num, lang) * (Decimal(10) ** exp)
        if out and re.fullmatch(r"\s*\(\s*(?:about|around|approx\.?|rund|etwa|ca\.|umgerechnet|~)?\s*",
                                text[out[-1].end:m.start()]):
            continue  # a conversion of the amount before
        role = "value" if re.search(VALUE_CUE, text[max(0, m.start() - 90):m.start()], re.I) else "amount"
        out.append(Money(value.normalize(), _CURRENCY.get(cur, "USD"), m.start(), m.end(), role))
    return out


def find_percent(text: str, lang: str) -> list[tuple[Decimal, int, int]]:
    """Percentages ("24,9 Prozent", "18%") and fractions ("die Hälfte der Anteile" → 50)."""
    found = [(to_number(m.group("n"), lang), m.start(), m.end()) for m in PERCENT.finditer(text)]
    found += [(Decimal(_NUMBER_WORDS[m.group("w").lower()]), m.start(), m.end()) for m in PERCENT_WORD.finditer(text)]
    for pat, value in FRACTIONS.get(lang, []):
        for m in re.finditer(pat, text, re.I):
            found.append((Decimal(str(value)), m.start(), m.end()))
    return sorted(found, key=lambda x: x[1])


def find_date(text: str) -> str | None:
    """The first date stated in ``text`` as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    for pat in DATE_PATTERNS:
        m = pat.search(text)
        if not m:
            continue
        g = m.groupdict()
        y = int(g["y"])
        month = int(g["m"]) if g.get("m") else MONTHS.get((g.get("mon") or "").lower())
        if month and g.get("d"):
            return f"{y:04d}-{month:02d}-{int(g['d']):02d}"
        if month:
            return f"{y:04d}-{month:02d}"
        return f"{y:04d}"
    return None


def plain(value: Decimal) -> int | float:
    """A Decimal as a YAML-friendly int or float."""
    return int(value) if value == value.to_integral_value() else float(value)
