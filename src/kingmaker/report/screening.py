"""Screening results in words, in English and German: the rule's summary, why an entity is (not) caught,
and the rule's own notes (suspension, caution, note). :mod:`kingmaker.analysis.screening` returns data
(statuses, designated shares, holdings); the rule's texts are declared per language in its ``rules.yaml``.
The CLI's ``kingmaker screen --lang``, the API's ``/screen`` and the explorer's screening panel all word
results here.

>>> from datetime import date
>>> from kingmaker.analysis.screening import rule
>>> summary(rule("ofac-50").period_on(date(2023, 11, 20)), "de")
'mindestens 50 % der Anteile, Beteiligungen gelisteter Parteien zusammengerechnet, Kontrolle allein zählt nicht'
"""
from __future__ import annotations

from typing import Any

from kingmaker.report import fmt

T = {
    "en": {"shareholding": "shareholding", "voting_rights": "voting rights", "at_least": "{p} or more",
           "more_than": "more than {p}", "suspended": "not in force (suspended)",
           "held": "{kind} held by designated or caught parties: {share} (caught at {need})",
           "control_by": "control by {who}", "nothing": "no holding or control by a designated or caught party",
           "listed": "listed on {lists}", "not_in_force": "not listed; the rule was not in force on this date",
           "rule_absent": "{rule} was not in force on {day}: only the listed parties themselves are caught",
           "rule_on": "{rule} on {day}: {wording}",
           "cautions": "{caution} {n} such {entities} listed under cautions.", "entity": "entity",
           "entities": "entities", "not_yet": "no (not yet in force on this date)", "in_force": "in force",
           "caught": "caught", "certainly": "certainly", "possibly": "possibly", "not": "not",
           "columns": ("entity", "status", "basis", "designated share", "chain"),
           "counts": "{certainly} certainly and {possibly} possibly caught (listed parties included)",
           "l_listed": "listed", "l_program": "program", "l_from": "from", "l_counted": "counted",
           "l_chain": "chain", "l_settle": "would settle it", "l_now": "now",
           "listed_b": "listed", "ownership": "ownership", "control": "control", "none": "none",
           "designated": "designated", "possible": "possible", "possibly caught": "possibly caught",
           "of": "{share} of {kind}", "size": "the exact size of {holder}'s {kind} in {actor}",
           "controls": "whether {holder} controls {actor} ({kind})",
           "itself": "whether {holder} is itself caught (screen it: it is possibly caught)",
           "caution": "caution: {name} ({actor}): held up to {share} by parties caught",
           "controlled_one": ", controlled by one", "l_note": "note",
           "bad": "the {kind} recorded in {subject} add up to {total} (more than 100 %: {relations}); they are "
                  "taken as [0 %, stated upper end], so nothing through {subject} is certainly caught — fix the "
                  "shares to screen it",
           "unmatched": "{n} designated {parties} not in the ownership graph (no recorded holdings): {ids}",
           "party_is": "party is", "parties_are": "parties are"},
    "de": {"shareholding": "Anteile", "voting_rights": "Stimmrechte", "at_least": "ab {p}",
           "more_than": "über {p}", "suspended": "nicht in Kraft (ausgesetzt)",
           "held": "{kind} in der Hand gelisteter oder erfasster Parteien: {share} (erfasst {need})",
           "control_by": "Kontrolle durch {who}",
           "nothing": "keine Beteiligung oder Kontrolle einer gelisteten oder erfassten Partei",
           "listed": "gelistet auf {lists}", "not_in_force": "nicht gelistet; die Regel galt an diesem Tag nicht",
           "rule_absent": "{rule} galt am {day} nicht: erfasst sind nur die gelisteten Parteien selbst",
           "rule_on": "{rule} am {day}: {wording}",
           "cautions": "{caution} {n} solche {entities} unter „Vorsicht“ aufgeführt.", "entity": "Einrichtung",
           "entities": "Einrichtungen", "not_yet": "nein (an diesem Tag noch nicht in Kraft)",
           "in_force": "in Kraft", "caught": "erfasst", "certainly": "sicher", "possibly": "möglicherweise",
           "not": "nicht", "columns": ("Einrichtung", "Status", "Grundlage", "gelisteter Anteil", "Kette"),
           "counts": "{certainly} sicher und {possibly} möglicherweise erfasst (gelistete Parteien eingeschlossen)",
           "l_listed": "gelistet", "l_program": "Programm", "l_from": "seit", "l_counted": "gezählt",
           "l_chain": "Kette", "l_settle": "würde es klären", "l_now": "jetzt",
           "listed_b": "gelistet", "ownership": "Beteiligung", "control": "Kontrolle", "none": "keine",
           "designated": "gelistet", "possible": "möglich", "possibly caught": "möglicherweise erfasst",
           "of": "{share} der {kind}", "size": "die genaue Höhe der {kind} von {holder} an {actor}",
           "controls": "ob {holder} {actor} kontrolliert ({kind})",
           "itself": "ob {holder} selbst erfasst ist (prüfen: möglicherweise erfasst)",
           "caution": "Vorsicht: {name} ({actor}): bis zu {share} in der Hand erfasster Parteien",
           "controlled_one": ", von einer kontrolliert", "l_note": "Hinweis",
           "bad": "die in {subject} erfassten {kind} ergeben zusammen {total} (mehr als 100 %: {relations}); sie "
                  "werden als [0 %, angegebene Obergrenze] genommen, daher ist über {subject} nichts sicher "
                  "erfasst — die Anteile berichtigen, um es zu prüfen",
           "unmatched": "{n} gelistete {parties} nicht im Beteiligungsgraphen (keine erfassten Beteiligungen): {ids}",
           "party_is": "Partei ist", "parties_are": "Parteien sind"},
}
_SUMMARY_DE = {"at_least": "mindestens", "more_than": "mehr als", "all": "Beteiligungen gelisteter Parteien zusammengerechnet",
               "per_party": "nur die eigenen Beteiligungen einer gelisteten Partei (nicht über Parteien zusammengerechnet)",
               "control": "Kontrollbeziehungen zählen", "no_control": "Kontrolle allein zählt nicht"}


def text(texts: dict[str, str] | None, lang: str = "en", fallback: str = "") -> str:
    """One of the rule file's per-language texts (``{"en": …, "de": …}``) in ``lang``."""
    return fmt.label(texts, lang, fallback) if texts else fallback


def summary(period: Any, lang: str = "en") -> str:
    """What the rule in force catches, in one line (English: :meth:`Period.describe`)."""
    if fmt.lang_of(lang) == "en":
        return period.describe()
    if not period.in_force:
        return T["de"]["suspended"]
    test = _SUMMARY_DE["at_least" if period.at_least else "more_than"]
    interests = " oder ".join(T["de"][i] for i in period.interests)
    return (f"{test} {fmt.pct_value(period.threshold, 'de')} der {interests}, {_SUMMARY_DE[period.aggregate]}, "
            + _SUMMARY_DE["control" if period.control else "no_control"])


def wording(period: Any, lang: str = "en") -> str:
    """The wording in force, as the rule file gives it in ``lang``."""
    return text(period.wording_text, lang, period.wording)


def reason(result: Any, period: Any, lang: str = "en") -> str:
    """Why ``result`` (a :class:`~kingmaker.analysis.screening.ScreenResult`) is caught or not, from its data:
    the designated shares counted against the threshold, and the control ties."""
    w = T[fmt.lang_of(lang)]
    if result.basis == "listed":
        return w["listed"].format(lists=", ".join(sorted({d["list"] for d in result.designations})))
    if period is None or not period.in_force:
        return w["not_in_force"]
    need = w["at_least" if period.at_least else "more_than"].format(p=fmt.pct_value(period.threshold, lang))
    parts = [w["held"].format(kind=w.get(kind, kind.replace("_", " ")), share=fmt.share(iv, lang), need=need)
             for kind, iv in result.designated_share.items()]
    ctrl = [h for h in result.holdings if h.share is None]
    if ctrl:
        parts.append(w["control_by"].format(who=", ".join(f"{h.holder} ({h.kind})" for h in ctrl)))
    return "; ".join(parts) if parts else w["nothing"]


def rule_notes(report: Any, lang: str = "en") -> list[str]:
    """The rule's own notes for this screening: not in force or suspended on the date, the caution with the
    number of entities it concerns, the rule's note."""
    w, r, out = T[fmt.lang_of(lang)], report.rule, []
    texts = r.texts or {}
    if report.period is None:
        out.append(w["rule_absent"].format(rule=r.id, day=fmt.day(report.as_of, lang)))
    elif not report.period.in_force:
        out.append(w["rule_on"].format(rule=r.id, day=fmt.day(report.as_of, lang), wording=wording(report.period, lang)))
    if report.cautions and r.caution:
        n = len(report.cautions)
        out.append(w["cautions"].format(caution=text(texts.get("caution"), lang, r.caution), n=n,
                                        entities=w["entity" if n == 1 else "entities"]))
    if r.note:
        out.append(text(texts.get("note"), lang, r.note))
    return out


def _kind(kind: str, lang: str) -> str:
    w = T[fmt.lang_of(lang)]
    return w[kind] if kind in ("shareholding", "voting_rights") else fmt.kind_label(kind, lang)


def basis(value: str, lang: str = "en") -> str:
    """A result's basis (listed, ownership, control, none) in ``lang``."""
    w = T[fmt.lang_of(lang)]
    return w["listed_b"] if value == "listed" else w.get(value, value)


def holding(h: Any, lang: str = "en") -> str:
    """A holding counted (:class:`~kingmaker.analysis.screening.engine.Holding`): who, with which status, what."""
    if fmt.lang_of(lang) == "en":
        return str(h)  # the engine's own wording (Holding.__str__)
    w = T["de"]
    what = w["of"].format(share=fmt.share(h.share, lang), kind=_kind(h.kind, lang)) if h.share is not None \
        else _kind(h.kind, lang)
    return f"{h.name} ({h.holder}, {w.get(h.holder_status, h.holder_status)}): {what}"


def chain(c: Any, lang: str = "en") -> str:
    """A chain designated party → … → entity (:class:`~kingmaker.analysis.screening.engine.Chain`)."""
    if fmt.lang_of(lang) == "en":
        return str(c)  # the engine's own wording (Chain.__str__)
    parts = [f"{c.root} [{', '.join(c.lists)}]"]
    for h in c.hops:
        parts.append(f"—{fmt.share(h.share, lang) if h.share is not None else _kind(h.kind, lang)}→ {h.subject}")
    return " ".join(parts)


def settle(s: dict, actor: str, lang: str = "en") -> tuple[str, str]:
    """A fact that would settle a *possibly* (``ScreenResult.settle``), and what is known now, in ``lang``."""
    w = T[fmt.lang_of(lang)]
    about = s.get("about")
    if fmt.lang_of(lang) == "en" or about not in ("size", "control", "caught"):
        return s["fact"], s["now"]
    fact = w["size" if about == "size" else "controls" if about == "control" else "itself"].format(
        holder=s["holder"], actor=actor, kind=_kind(s.get("kind", ""), lang))
    now = fmt.share(s["share"], lang) if about == "size" and s.get("share") else w.get(s["now"], s["now"])
    return fact, now


def caution(c: dict, lang: str = "en") -> str:
    """A caution row: an entity not caught, held in part (or controlled) by parties caught."""
    w = T[fmt.lang_of(lang)]
    held = f"{c['held_up_to']:g} %" if fmt.lang_of(lang) == "en" else fmt.pct_value(c["held_up_to"], lang)
    return w["caution"].format(name=c["name"], actor=c["actor"], share=held) \
        + (w["controlled_one"] if c["controlled"] else "")


def engine_notes(report: Any, lang: str = "en") -> list[str]:
    """The engine's notes from its data: shares adding up to more than 100 %, designated parties missing
    from the graph; any other note of the engine as written."""
    if fmt.lang_of(lang) == "en" or not hasattr(report, "inconsistent"):
        return list(report.notes)
    w, out = T[fmt.lang_of(lang)], []
    for b in report.inconsistent:
        out.append(w["bad"].format(kind=_kind(b["kind"], lang), subject=b["subject"],
                                   total=fmt.pct_value(b["total_lower"], lang), relations=", ".join(b["relations"][:5])))
    if report.unmatched:
        n = len(report.unmatched)
        out.append(w["unmatched"].format(n=n, parties=w["party_is" if n == 1 else "parties_are"],
                                         ids=", ".join(report.unmatched[:10]) + (" …" if n > 10 else "")))
    return out + [fmt.note(x, lang) for x in report.notes[len(out):]]


def notes(report: Any, lang: str = "en") -> list[str]:
    """Every note of a screening for a reader of ``lang``: the rule's own, then the engine's (figures, ids)."""
    return rule_notes(report, lang) + engine_notes(report, lang)


def report_dict(report: Any) -> dict:
    """``report.to_dict()`` with the reader's texts: English strings where the JSON always had them
    (``reason``, ``notes``) and ``{"en", "de"}`` texts beside them (``title_text``, ``summary_text``,
    ``wording.wording_text``, ``reason_text``, ``notes_text``) for the explorer to switch languages."""
    out = report.to_dict()
    out["title_text"] = {lang: text((report.rule.texts or {}).get("title"), lang, report.rule.title) for lang in fmt.LANGS}
    if report.period is not None:
        out["wording"]["summary_text"] = {lang: summary(report.period, lang) for lang in fmt.LANGS}
    for res, d in zip(report.results, out["results"]):
        d["reason_text"] = {lang: reason(res, report.period, lang) for lang in fmt.LANGS}
        d["reason"] = d["reason_text"]["en"]
    per_lang = {lang: notes(report, lang) for lang in fmt.LANGS}
    out["notes"] = per_lang["en"]
    out["notes_text"] = [dict(zip(fmt.LANGS, pair)) for pair in zip(*(per_lang[lang] for lang in fmt.LANGS))]
    return out
