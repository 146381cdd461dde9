"""One formatter for everything a reader sees — numbers, percentages, intervals, dates, shares, verdict
levels and tie labels — in English and German. The CLI, the HTML and text reports, the API's text
fields and (through them) the explorer all go through it, so "[0.94, 0.98]" is written the same way
everywhere and German gets German number formatting ("[0,94; 0,98]", "49 %", "17. Nov. 2023"). Numbers
and intervals are those of the verdict texts (:mod:`kingmaker.assess.certainty`), not a second notation.

>>> interval(0.94, 0.98, "de")
'[0,94; 0,98]'
>>> percent(0.4912, "en", 1)
'49.1 %'
>>> day("2023-11-17", "de")
'17. Nov. 2023'
>>> tie_label("economic_interest", amount="49", lang="en")
'economic interest 49 %'
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Mapping

LANGS = ("en", "de")
MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "de": ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."),
}
#: seat roles, officer roles, resources and other attribute words that reach the reader
WORDS = {
    "de": {
        "chair": "Vorsitz", "vice_chair": "stellv. Vorsitz", "director": "Mitglied", "observer": "Beobachter",
        "non-voting": "ohne Stimmrecht", "interim": "kommissarisch", "CEO": "CEO", "president": "Präsident",
        "compute": "Rechenleistung", "cloud": "Cloud", "chips": "Chips", "data": "Daten",
        "distribution": "Vertrieb", "energy": "Energie", "talent": "Personal", "ip": "geistiges Eigentum",
        "other": "sonstiges", "yes": "ja", "no": "nein", "exitThreat": "Kündigungsdrohung",
    },
    "en": {"vice_chair": "vice-chair", "exitThreat": "exit threat", "ip": "IP"},
}


def lang_of(lang: str | None) -> str:
    """``lang`` when it is one of :data:`LANGS`, else English."""
    return lang if lang in LANGS else "en"


def word(text: str, lang: str = "en") -> str:
    """A role, resource or attribute word in ``lang`` (unknown words unchanged)."""
    return WORDS[lang_of(lang)].get(text, text.replace("_", " "))


def number(x: float | int | Decimal, lang: str = "en", digits: int = 2) -> str:
    """``x`` with ``digits`` decimals (a decimal comma in German); integers stay integers."""
    from kingmaker.assess.certainty import number as certainty_number

    if isinstance(x, bool):
        return word("yes" if x else "no", lang)
    if isinstance(x, int) or (isinstance(x, Decimal) and x == x.to_integral_value()):
        return str(int(x))
    return certainty_number(float(x), lang_of(lang), digits)


def _decimal(x: float | Decimal | str, lang: str, digits: int) -> str:
    """``x`` with at most ``digits`` decimals, trailing zeros dropped, a decimal comma in German."""
    text = f"{float(x):.{digits}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text.replace(".", ",") if lang_of(lang) == "de" else text


def percent(fraction: Any, lang: str = "en", digits: int = 0) -> str:
    """A fraction of one as a percentage: ``0.49`` → ``49 %`` (German: ``49 %``, ``0,5 %``); an interval
    (:class:`~kingmaker.analysis.bounds.Bounds`) as ``94–98 %``."""
    if hasattr(fraction, "lo") and hasattr(fraction, "hi"):
        lo, hi = percent(fraction.lo, lang, digits), percent(fraction.hi, lang, digits)
        return lo if lo == hi else f"{lo[:-2]}–{hi}"
    return pct_value(float(fraction) * 100, lang, digits)


def pct_value(value: float | Decimal, lang: str = "en", digits: int = 2) -> str:
    """A value already in percent: ``49`` → ``49 %``."""
    return _decimal(value, lang, digits) + " %"


def interval(lo: float, hi: float, lang: str = "en", digits: int = 2) -> str:
    """A closed interval of fractions: ``[0.94, 0.98]`` (German ``[0,94; 0,98]``); one number when both
    ends agree."""
    a, b = number(float(lo), lang, digits), number(float(hi), lang, digits)
    if a == b:
        return a
    return f"[{a}; {b}]" if lang_of(lang) == "de" else f"[{a}, {b}]"


def bounds(value: Any, lang: str = "en", digits: int = 2) -> str:
    """:class:`kingmaker.analysis.bounds.Bounds`, a ``(lo, hi)`` pair or a ``{"lo", "hi"}`` mapping."""
    if value is None:
        return "–"
    if isinstance(value, Mapping):
        return interval(value["lo"], value["hi"], lang, digits)
    if isinstance(value, (tuple, list)):
        return interval(value[0], value[1], lang, digits)
    return interval(value.lo, value.hi, lang, digits)


def share(value: Any, lang: str = "en") -> str:
    """A :class:`kingmaker.model.share.Share` (or its dict, or a number in percent) as readers write it:
    ``49 %``, ``25–50 %``, ``more than 25 %``."""
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal, str)):
        return pct_value(Decimal(str(value)), lang)
    if hasattr(value, "lo") and hasattr(value, "to_dict"):  # an integrated share (fractions of one)
        value = value.to_dict()
    if isinstance(value, Mapping):
        lower, upper = value.get("lower", value.get("minimum")), value.get("upper", value.get("maximum"))
        lower_inc, upper_inc = value.get("lower_inclusive", True), value.get("upper_inclusive", True)
    else:
        lower, upper, lower_inc, upper_inc = value.lower, value.upper, value.lower_inclusive, value.upper_inclusive
    de = lang_of(lang) == "de"
    num = lambda v: _decimal(v, lang, 2)  # noqa: E731
    if lower is not None and upper is not None and Decimal(str(lower)) == Decimal(str(upper)):
        return f"{num(lower)} %"
    if lower is not None and upper is not None:
        return f"{num(lower)}–{num(upper)} %"
    if lower is not None:
        return (f"mehr als {num(lower)} %" if de else f"more than {num(lower)} %") if not lower_inc else \
               (f"mindestens {num(lower)} %" if de else f"at least {num(lower)} %")
    return (f"weniger als {num(upper)} %" if de else f"less than {num(upper)} %") if not upper_inc else \
           (f"höchstens {num(upper)} %" if de else f"at most {num(upper)} %")


def day(value: date | str | None, lang: str = "en") -> str:
    """``17 Nov 2023`` / ``17. Nov. 2023``; ``–`` for none."""
    if value is None:
        return "–"
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    months = MONTHS[lang_of(lang)]
    return f"{d.day}. {months[d.month - 1]} {d.year}" if lang_of(lang) == "de" else f"{d.day} {months[d.month - 1]} {d.year}"


def label(text: Mapping[str, str] | str | None, lang: str = "en", fallback: str = "") -> str:
    """A ``{en: …, de: …}`` label from the data in ``lang`` (English when the language is missing)."""
    if not text:
        return fallback
    if isinstance(text, str):
        return text
    return text.get(lang_of(lang)) or text.get("en") or fallback


def kind_label(kind: Any, lang: str = "en") -> str:
    """The relation kind's name from its one declaration (:mod:`kingmaker.model.kinds`)."""
    from kingmaker.model import RelationKind
    from kingmaker.model.kinds import KINDS

    k = RelationKind(getattr(kind, "value", kind))
    return label(KINDS[k].label, lang, k.value.replace("_", " "))


def role(role: str, interim: bool = False, lang: str = "en") -> str:
    """An officer's or seat's role: ``interim CEO``; German ``CEO (kommissarisch)``, not "kommissarisch CEO".

    >>> role("CEO", True, "de")
    'CEO (kommissarisch)'
    """
    if interim and lang_of(lang) == "de":
        return f"{word(role, lang)} ({word('interim', lang)})"
    return (word("interim", lang) + " " if interim else "") + word(role, lang)


def officials(found: list[dict]) -> list[dict]:
    """Senior managing officials (:func:`kingmaker.analysis.structure.officials_in_place`) with their role
    in words per language (``role_text``), as the CLI's ``ubo --json`` and the API's ``/ubo`` give them."""
    return [{**o, "role_text": both(role, o["role"], bool(o.get("interim")))} for o in found]


_role = role


def ties(relations: list, name=lambda x: x) -> list[dict]:
    """Relations as an answer lists them beside its table: id, holder (with its name), kind and the tie's
    label per language (``{"en": "economic interest 49 %", "de": "wirtschaftliche Beteiligung 49 %"}``)."""
    return [{"relation": r.id, "holder": r.holder, "name": name(r.holder), "kind": r.kind.value,
             "label": both(relation_label, r)} for r in relations]


def tie_label(kind: Any, *, amount: Any = None, role: str | None = None, resource: str | None = None,
              interim: bool = False, voting: bool | None = None, lang: str = "en") -> str:
    """A short edge label: the kind, then the share (``amount``, in percent) or the role/resource
    (``board seat · chair``)."""
    text = kind_label(kind, lang)
    extra = [_role(role, interim, lang)] if role else []
    if resource:
        extra.append(word(resource, lang))
    if voting is False and role not in (None, "observer"):
        extra.append(word("non-voting", lang))
    if amount is not None:
        return f"{text} {share(amount, lang)}" + (f" · {', '.join(extra)}" if extra else "")
    return text + (f" · {', '.join(extra)}" if extra else "")


def relation_label(r: Any, lang: str = "en") -> str:
    """:func:`tie_label` of a :class:`kingmaker.model.Relation`."""
    attrs = r.attributes() if hasattr(r, "attributes") else {}
    return tie_label(r.kind, amount=r.share, role=attrs.get("role"), resource=attrs.get("resource"),
                     interim=bool(attrs.get("interim")), voting=attrs.get("voting"), lang=lang)


def both(fn, *args, **kwargs) -> dict[str, str]:
    """``{"en": fn(..., lang="en"), "de": fn(..., lang="de")}`` for API text fields."""
    return {lang: fn(*args, lang=lang, **kwargs) for lang in LANGS}


#: the ownership engine's fixed notes (kingmaker.analysis.ownership.beneficial.ubo) in German; notes that
#: carry ids or figures stay as written
NOTES_DE = {
    "no natural person found": "keine natürliche Person gefunden",
    "no natural person found (only a closed ownership loop owns it)":
        "keine natürliche Person gefunden (nur ein geschlossener Beteiligungskreis hält es)",
    "no natural person reaches the threshold through ownership or control":
        "keine natürliche Person erreicht die Schwelle durch Beteiligung oder Kontrolle",
}


def note(text: str, lang: str = "en") -> str:
    """A note of the ownership engine for a reader of ``lang``."""
    return NOTES_DE.get(text, text) if lang_of(lang) == "de" else text


def event_title(event: Any, lang: str = "en") -> str:
    """An event's title for a reader of ``lang`` (:meth:`kingmaker.model.Event.title_in`: the translation
    the case gives, else the original marked with its language, ``… [en]``)."""
    return event.title_in(lang_of(lang))


def names_list(names: list[str], lang: str = "en") -> str:
    """``A, B and C`` / ``A, B und C``."""
    names = list(names)
    if not names:
        return "—"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + (" und " if lang_of(lang) == "de" else " and ") + names[-1]


def chain(c: Any, name=lambda x: x, lang: str = "en") -> str:
    """An ownership chain (:class:`kingmaker.analysis.ownership.beneficial.Chain`) with names:
    ``Alice —60 %→ Holdco —50 %→ Target = 30 %``."""
    parts = [name(c.hops[0].holder)]
    for h in c.hops:
        parts.append(f" —{share(h.share, lang) if h.share is not None else kind_label(h.kind, lang)}→ {name(h.subject)}")
    return "".join(parts) + (f" = {share(c.share, lang)}" if getattr(c, "share", None) is not None else "")
