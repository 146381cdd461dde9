"""Amounts, percentages, counts and dates as written in German and English prose."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_SCALE = {"tausend": 3, "thousand": 3, "k": 3, "millionen": 6, "million": 6, "mio": 6, "mn": 6, "m": 6,
          "milliarden": 9, "milliarde": 9, "mrd": 9, "billion": 9, "bn": 9, "b": 9, "billionen": 12,
          "trillion": 12}
_CURRENCY = {"€": "EUR", "euro": "EUR", "eur": "EUR", "$": "USD", "us$": "USD", "dollar": "USD",
             "dollars": "USD", "us-dollar": "USD", "usd": "USD", "£": "GBP", "pfund": "GBP", "pounds": "GBP",
             "gbp": "GBP", "chf": "CHF", "franken": "CHF"}
_NUM = r"\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?"
_SCALE_RE = r"(?:Tausend|thousand|Millionen|million|Mio\.?|mn|Milliarden?|Mrd\.?|billion|bn|trillion|[mkb])\b\.?"
_CUR_WORD = r"(?:US-Dollar|Dollars?|Euro|EUR|USD|Pfund|pounds|GBP|CHF|Franken)"
MONEY = re.compile(
    rf"(?P<pre>US\$|[€$£])\s?(?P<n1>{_NUM})\s*(?P<s1>{_SCALE_RE})?"
    rf"|(?P<n2>{_NUM})\s*(?P<s2>{_SCALE_RE})?\s*(?P<post>{_CUR_WORD}\b|€|\$)", re.I)
PERCENT = re.compile(rf"(?P<n>{_NUM})\s*(?:%|Prozent\b|per ?cent\b|percent\b)", re.I)
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
    amount: Decimal
    currency: str
    start: int
    end: int


def find_money(text: str, lang: str) -> list[Money]:
    out = []
    for m in MONEY.finditer(text):
        num = m.group("n1") or m.group("n2")
        scale = (m.group("s1") or m.group("s2") or "").lower().rstrip(".")
        cur = (m.group("pre") or m.group("post") or "").lower()
        if not m.group("pre") and not scale and cur in ("$", "€"):
            continue
        value = to_number(num, lang) * (Decimal(10) ** _SCALE.get(scale, 0))
        out.append(Money(value.normalize(), _CURRENCY.get(cur, "USD"), m.start(), m.end()))
    return out


def find_percent(text: str, lang: str) -> list[tuple[Decimal, int, int]]:
    return [(to_number(m.group("n"), lang), m.start(), m.end()) for m in PERCENT.finditer(text)]


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
