"""Assessment reports in English and German: plain text / Markdown, self-contained HTML with charts
(matplotlib SVG inlined; no CDN, no network), and PDF (fpdf2, with the DejaVu font matplotlib ships).

A report a lawyer can hand on puts first what each verdict *rests on* — whether it is certain, the
estimates, defaults and missing figures behind it with the range in which it holds, and the facts that
would decide it — then the reasons with numbered footnotes that quote the evidence with its source's
title, publisher, date and link, an annex of the facts relied on, and the tool version, the data's
fingerprint, the date of generation and a caveat (:class:`ReportContext`).
"""
from __future__ import annotations

import html
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable

from kingmaker.assess.certainty import localize
from kingmaker.assess.features import INPUT_LABEL, RESOURCE_LABEL
from kingmaker.assess.service import Assessment
from kingmaker.report import fmt
from kingmaker.scenario.replay import ReplayStep

T = {
    "en": {
        "title": "Control assessment", "as_of": "as of", "regime": "Regime", "holder": "Holder", "level": "Verdict",
        "since": "since", "reasons": "Reasons", "not_higher": "Why not higher", "evidence": "Evidence",
        "flip": "Flip facts", "findings": "Findings", "assumptions": "Assumptions", "leverage": "Leverage",
        "dep_on": "depends on", "dep_rev": "reverse dependence", "imbalance": "power imbalance",
        "mutual": "mutual dependence", "missing": "Missing inputs", "channel": "channel", "factors": "factors",
        "here": "here", "pivotal": "Kingmaker test: who was pivotal", "replay_steps": "one column per dated event",
        "possibly": "possibly", "cite": "Legal basis", "replay": "Replay", "date": "Date", "events": "Events",
        "changes": "Changes", "scenario": "Scenario", "none": "none", "chart_dep": "Dependence on holder",
        "known_as_of": "as known on", "summary": "Verdicts", "rests": "What the verdicts rest on",
        "holds_while": "holds while", "possible": "possible levels", "inputs": "Inputs",
        "input": "Input", "value": "Value", "origin": "Origin", "reliability": "Reliability",
        "where_holds": "Verdict holds while", "missing_facts": "Facts that would decide it",
        "not_recorded": "Not recorded either way (read as none)", "annex": "Annex: facts relied on",
        "footnotes": "Sources", "generated": "Generated", "tool": "Tool", "fingerprint": "Data fingerprint",
        "caveat": "Caveat", "notes": "Warnings",
        "caveat_text": "This report applies declared rules to the facts recorded in the store, with the evidence "
                       "cited. It is an analysis, not legal advice and not a decision of any authority. Figures marked "
                       "as estimates or defaults are assumptions: each verdict states the range within which it "
                       "holds. Facts not recorded are not known to be absent unless a negative fact is cited.",
        "via": "via", "channel_supply": "supply", "channel_financing": "financing", "channel_exit_threat": "exit threat",
        "channel_key_person": "key person", "channel_licence": "licence", "channel_profits": "profits",
        "conditions_for": "would be", "if": "if", "and": "and",
        "published": "published", "undated": "undated", "no_quote": "(reference)", "held": "valid", "here": "here",
    },
    "de": {
        "title": "Kontrollbewertung", "as_of": "Stand", "regime": "Rechtsordnung", "holder": "Inhaber",
        "level": "Ergebnis", "since": "seit", "reasons": "Gründe", "not_higher": "Warum nicht höher",
        "evidence": "Belege", "flip": "Kipp-Tatsachen", "findings": "Feststellungen", "assumptions": "Annahmen",
        "leverage": "Hebel (Abhängigkeit)", "dep_on": "ist abhängig von", "dep_rev": "umgekehrte Abhängigkeit",
        "imbalance": "Machtungleichgewicht", "mutual": "gegenseitige Abhängigkeit", "missing": "Fehlende Angaben",
        "channel": "Kanal", "factors": "Faktoren", "possibly": "möglicherweise", "cite": "Rechtsgrundlage",
        "here": "hier", "pivotal": "Königsmacher-Test: wer war ausschlaggebend", "replay_steps": "eine Spalte je datiertem Ereignis",
        "replay": "Verlauf", "date": "Datum", "events": "Ereignisse", "changes": "Änderungen",
        "scenario": "Szenario", "none": "keine", "chart_dep": "Abhängigkeit vom Inhaber",
        "known_as_of": "Kenntnisstand", "summary": "Ergebnisse", "rests": "Worauf die Ergebnisse beruhen",
        "holds_while": "gilt, solange", "possible": "mögliche Stufen", "inputs": "Eingangsgrößen",
        "input": "Größe", "value": "Wert", "origin": "Herkunft", "reliability": "Verlässlichkeit",
        "where_holds": "Ergebnis gilt, solange", "missing_facts": "Tatsachen, die es entscheiden würden",
        "not_recorded": "Weder so noch so festgehalten (als nicht vorhanden gelesen)",
        "annex": "Anhang: zugrunde gelegte Tatsachen", "footnotes": "Quellen", "generated": "Erstellt",
        "tool": "Werkzeug", "fingerprint": "Fingerabdruck der Daten", "caveat": "Vorbehalt", "notes": "Warnungen",
        "caveat_text": "Dieser Bericht wendet festgelegte Regeln auf die im Datenbestand erfassten Tatsachen an, mit "
                       "den angeführten Belegen. Er ist eine Analyse, keine Rechtsberatung und keine Entscheidung einer "
                       "Behörde. Als Schätzung oder Standardwert gekennzeichnete Zahlen sind Annahmen: jedes Ergebnis "
                       "nennt den Bereich, in dem es gilt. Nicht erfasste Tatsachen gelten nicht als abwesend, außer "
                       "eine festgestellte Abwesenheit wird angeführt.",
        "via": "über", "channel_supply": "Lieferung", "channel_financing": "Finanzierung",
        "channel_exit_threat": "Abwanderungsdrohung", "channel_key_person": "Schlüsselperson",
        "channel_licence": "Lizenz", "channel_profits": "Gewinnbeteiligung",
        "conditions_for": "wäre", "if": "wenn", "and": "und",
        "published": "veröffentlicht", "undated": "ohne Datum", "no_quote": "(Verweis)", "held": "gültig", "here": "hier",
    },
}
ORIGIN = {"en": {"case": "case fact", "estimate": "unconfirmed estimate", "default": "default", "missing": "not stated",
                 "presumed": "presumption", "derived": "derived"},
          "de": {"case": "Tatsache aus dem Fall", "estimate": "unbestätigte Schätzung", "default": "Standardwert",
                 "missing": "nicht angegeben", "presumed": "Vermutung", "derived": "abgeleitet"}}
RELIABILITY = {"en": {"primary": "primary", "secondary": "secondary", "unconfirmed": "unconfirmed"},
               "de": {"primary": "primär", "secondary": "sekundär", "unconfirmed": "unbestätigt"}}
CERTAINTY = {"en": {"certain": "certain", "uncertain": "not certain"}, "de": {"certain": "sicher", "uncertain": "nicht sicher"}}


@dataclass
class ReportContext:
    """What a report needs beyond the verdicts: the evidence texts and their sources, the ties relied
    on, and the provenance of the report itself."""

    evidence: dict = field(default_factory=dict)   # id -> Evidence
    sources: dict = field(default_factory=dict)    # id -> Source
    relations: dict = field(default_factory=dict)  # id -> Relation
    fingerprint: str | None = None
    version: str | None = None
    #: the kingmaker test on the date, in the report's language (who was pivotal: the recorded vote on the
    #: board that cast it, and the outside actions; kingmaker.report.vote / kingmaker.report.scenario)
    pivotal: list = field(default_factory=list)
    generated: str = field(default_factory=lambda: datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))

    @classmethod
    def from_snapshot(cls, snap, fingerprint: str | None = None) -> "ReportContext":
        from kingmaker import __version__

        return cls(dict(snap.evidence), dict(snap.sources), {r.id: r for r in snap.relations}, fingerprint,
                   __version__)


def _t(lang: str) -> dict[str, str]:
    return T.get(lang, T["en"])


def _tl(d: dict | None, lang: str, default: str = "") -> str:
    d = d or {}
    return d.get(lang) or d.get("en") or default


def _channel_name(channel: str, lang: str) -> str:
    family, _, resource = channel.partition(":")
    name = _t(lang).get(f"channel_{family}", family)
    return f"{name} ({_tl(RESOURCE_LABEL.get(resource), lang, resource)})" if resource else name


def _factor_text(channel: str, f, lang: str) -> str:
    family = channel.partition(":")[0]
    resource = channel.partition(":")[2]
    label = INPUT_LABEL.get((family, f.name))
    name = _tl(label, lang, f.name).format(r=_tl(RESOURCE_LABEL.get(resource), lang, resource)) if label else f.name
    return f"{name} = {fmt.bounds(f.value, lang)} ({ORIGIN[lang if lang in ORIGIN else 'en'].get(f.origin, f.origin)})"


def _leverage_lines(a: Assessment, name, lang: str) -> list[tuple[str, list[str], list[str]]]:
    """(headline, channel lines, missing lines) per holder, in the reader's language."""
    t = _t(lang)
    out = []
    for h, f in a.features.items():
        lv = f.leverage
        head = (f"{name(a.target)} {t['dep_on']} {name(h)}: {fmt.bounds(lv.subject_dependence, lang)}; {t['dep_rev']}: "
                f"{fmt.bounds(lv.holder_dependence, lang)}; {t['imbalance']}: "
                f"{fmt.interval(*lv.imbalance, lang)}")
        chans = [f"{_channel_name(c.channel, lang)} {t['via']} {c.relation}: {fmt.bounds(c.dependence, lang)} — "
                 + ", ".join(_factor_text(c.channel, x, lang) for x in c.factors if x.source != "derived")
                 for c in lv.channels]
        missing = [f"{c.relation}: {_factor_text(c.channel, x, lang)}" for c in lv.channels for x in c.factors
                   if x.source == "missing"]
        out.append((head, chans, missing))
    return out


def _cite(v, lang: str) -> str:
    return _tl(getattr(v, "cite_text", None) or {"en": v.cite}, lang, v.cite)


def render_text(a: Assessment, names: dict[str, str], lang: str = "en",
                replay_steps: list[ReplayStep] | None = None, context: ReportContext | None = None) -> str:
    t = _t(lang)
    name = lambda x: names.get(x, x)  # noqa: E731
    head = f"# {t['title']}: {name(a.target)} — {t['as_of']} {a.as_of}"
    if a.known_as_of:
        head += f", {t['known_as_of']} {a.known_as_of}"
    out = [head + (f" ({t['scenario']}: {a.scenario})" if a.scenario else ""), ""]
    if a.notes:
        out += [f"{t['notes']}:"] + [f"  ! {_note(n, lang)}" for n in a.notes] + [""]
    for v in a.verdicts:
        out.append(f"## {_tl(v.regime_name, lang, v.regime)} — {name(v.holder)}: {_tl(v.headline, lang, v.level)}"
                   + (f" ({t['since']} {v.since})" if v.since else ""))
        if v.certainty != "certain":
            for lv_id, conds in v.conditions.items():
                label = _level_label(v, lv_id, lang)
                joined = f" {t['and']} ".join(conds.get(lang) or conds.get("en") or [])
                if joined:
                    out.append(f"  {label}: {joined}" if lv_id != v.level else f"  {t['where_holds']}: {joined}")
        for m in v.missing_facts:
            out.append(f"  ? {_tl(m['text'], lang)}")
        out.append(f"{t['cite']}: {_cite(v, lang)}")
        if v.reasons:
            out.append(f"{t['reasons']}:")
            out += [f"  - {_tl(r['text'], lang)} ({t['here']}: {localize(r['value'], lang)})"
                    + (f" ({r['result']})" if r['result'] not in ('yes', 'no') else "") for r in v.reasons]
        if v.not_higher:
            out.append(f"{t['not_higher']}:")
            for nh in v.not_higher:
                unmet = "; ".join(f"{_tl(u['text'], lang)} ({t['here']}: {localize(u['value'], lang)})"
                                  for u in nh["unmet"][:4])
                out.append(f"  - {_tl(nh['label'], lang, nh['level'])}: {unmet}")
        for f in v.findings:
            out.append(f"{t['findings']}: {_tl(f['label'], lang, f['id'])} ({f['result']}; "
                       f"{_tl(f.get('cite_text') or {'en': f['cite']}, lang)})")
        if v.flip_facts:
            out.append(f"{t['flip']}:")
            out += [f"  {'↑' if f.direction == 'up' else '↓'} {_tl(f.text, lang)}" for f in v.flip_facts]
        assumptions = _assumptions(v, lang)
        if assumptions:
            out.append(f"{t['assumptions']}: " + "; ".join(assumptions))
        out.append(f"{t['evidence']}: " + (", ".join(v.evidence) or t["none"]))
        out.append("")
    out.append(f"## {t['leverage']}")
    for head_line, chans, missing in _leverage_lines(a, name, lang):
        out.append(f"- {head_line}")
        out += [f"    · {c}" for c in chans]
        if missing:
            out.append(f"    {t['missing']}: " + "; ".join(missing))
    if context is not None and context.pivotal:
        out += ["", f"## {t['pivotal']}"] + [f"- {x}" for x in context.pivotal]
    if replay_steps:
        out += ["", f"## {t['replay']}"]
        from kingmaker.report.replay import change_lines

        for s in replay_steps:
            out.append(f"- {fmt.day(s.date, lang)}: " + "; ".join(s.titles(lang)))
            out += [f"    → {c}" for c in change_lines(s, a.target, names, lang)]
    if context is not None:
        out += ["", f"{t['tool']}: Kingmaker {context.version or ''} · {t['fingerprint']}: {context.fingerprint or '—'} · "
                    f"{t['generated']}: {context.generated}", f"{t['caveat']}: {t['caveat_text']}"]
    return "\n".join(out) + "\n"


def _note(text: str, lang: str) -> str:
    """A knowledge-time warning in the reader's language."""
    if lang != "de":
        return text
    import re

    m = re.match(r"source '(.+)' has no publication date", text)
    if m:
        return (f"Quelle {m.group(1)!r} hat kein Veröffentlichungsdatum: mit --known-as-of bleiben ihre Belege "
                "unberücksichtigt (dem Eintrag date: JJJJ-MM-TT hinzufügen)")
    m = re.match(r"(\d+) relation\(s\) left out: nothing about them had been published by (.+)$", text)
    if m:
        return f"{m.group(1)} Beziehung(en) ausgelassen: bis {m.group(2)} war nichts über sie veröffentlicht"
    return text


def _level_label(v, level_id: str, lang: str) -> str:
    from kingmaker.assess.engine import load_regime

    return load_regime(v.regime).level_label(level_id, lang)


ASSUMPTION_DE = {
    "no voting rights stated: the shareholding is presumed to carry votes in proportion":
        "keine Stimmrechte angegeben: die Kapitalbeteiligung trägt vermutlich Stimmrechte im gleichen Verhältnis",
}


def _assumptions(v, lang: str) -> list[str]:
    """The verdict's assumptions in the reader's language."""
    from kingmaker.assess.engine import NOT_RECORDED_ASSUMPTION

    out = []
    by_en = {x["en"]: x for x in NOT_RECORDED_ASSUMPTION.values()}
    for text in v.assumptions:
        if text in by_en:
            out.append(by_en[text].get(lang, text))
        elif lang == "de" and text in ASSUMPTION_DE:
            out.append(ASSUMPTION_DE[text])
        elif lang == "de" and "published only later" in text:
            rel, _, rest = text.partition(":")
            out.append(f"{rel}: das Enddatum wurde erst später veröffentlicht und zählt für die Dauerhaftigkeit nicht")
        else:
            out.append(text)
    return out


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]


def leverage_chart(a: Assessment, names: dict[str, str], lang: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(names.get(h, h), _channel_name(c.channel, lang), c.dependence.lo, c.dependence.hi)
            for h, f in a.features.items() for c in f.leverage.channels if c.direction == "subject_on_holder"]
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(2, len(rows)) + 1))
    labels = [f"{h}: {ch}" for h, ch, _, _ in rows]
    certain, possible = ("sicher", "möglich") if lang == "de" else ("certain", "possible")
    ax.barh(labels, [lo for *_, lo, _ in rows], color="#3465a4", label=certain)
    ax.barh(labels, [hi - lo for *_, lo, hi in rows], left=[lo for *_, lo, _ in rows], color="#9fbfdf", label=possible)
    ax.set_xlim(0, 1)
    ax.set_xlabel(_t(lang)["chart_dep"])
    if lang == "de":
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda x, _: fmt.number(x, "de", 1)))
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize=8)
    svg = _svg(fig)
    plt.close(fig)
    return svg


def replay_chart(steps: list[ReplayStep], names: dict[str, str], lang: str) -> str:
    """Dependence on each holder, one column per dated event (not a time axis: the five days of November
    2023 would be a one-pixel blip among six years), its range shaded between the lower and upper bound."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    holders = sorted({h for s in steps for h in s.dependence})
    fig, ax = plt.subplots(figsize=(max(8, 0.55 * len(steps) + 2), 3.6))
    from matplotlib.ticker import FuncFormatter

    xs = list(range(len(steps) + 1))  # column i spans [i, i + 1): the state from that event to the next
    for h in holders:
        lo = [s.dependence.get(h, (0, 0))[0] for s in steps]
        hi = [s.dependence.get(h, (0, 0))[1] for s in steps]
        line = ax.step(xs, hi + hi[-1:], where="post", label=names.get(h, h))[0]
        ax.fill_between(xs, lo + lo[-1:], hi + hi[-1:], step="post", alpha=0.25, color=line.get_color())
    ax.set_xticks([i + 0.5 for i in range(len(steps))])
    ax.set_xticklabels([fmt.day(s.date, lang) for s in steps], rotation=60, ha="right", fontsize=7)
    ax.set_xlim(0, len(steps))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: fmt.number(v, lang, 1)))
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(_t(lang)["chart_dep"])
    ax.set_xlabel(_t(lang)["replay_steps"], fontsize=8)
    ax.legend(fontsize=7)
    svg = _svg(fig)
    plt.close(fig)
    return svg


class _Notes:
    """Numbered footnotes: one per evidence item, in order of first citation."""

    def __init__(self, context: ReportContext | None):
        self.context = context
        self.order: list[str] = []

    def ref(self, ev_id: str) -> int:
        if ev_id not in self.order:
            self.order.append(ev_id)
        return self.order.index(ev_id) + 1

    def refs(self, ev_ids: Iterable[str]) -> str:
        nums = sorted({self.ref(e) for e in ev_ids})
        return "".join(f"<sup><a href='#fn{n}'>[{n}]</a></sup>" for n in nums)

    def item(self, ev_id: str, lang: str) -> str:
        t, e = _t(lang), html.escape
        ev = self.context.evidence.get(ev_id) if self.context else None
        if ev is None:
            return e(ev_id)
        src = self.context.sources.get(ev.source)
        text = f"“{e(ev.quote)}”" if ev.quote else f"{e(ev.reference or '')} <span class='muted'>{e(t['no_quote'])}</span>"
        if ev.quote and ev.reference:
            text += f" — {e(ev.reference)}"
        parts = [text]
        if src is not None:
            when = src.date.isoformat()[: {"year": 4, "month": 7}.get(src.date_precision, 10)] if src.date else t["undated"]
            title = f"<a href=\"{e(src.url)}\">{e(src.title)}</a>" if src.url else e(src.title)
            parts.append(f"<cite>{title}</cite>" + (f", {e(src.publisher)}" if src.publisher else "") + f", {e(when)}")
        rel = RELIABILITY.get(lang, RELIABILITY["en"]).get(ev.reliability.value, ev.reliability.value)
        parts.append(f"<span class='muted'>{e(t['reliability'])}: {e(rel)} · {e(ev_id)}</span>")
        return ". ".join(parts)


CSS = ("body{font-family:system-ui,sans-serif;max-width:78rem;margin:2rem auto;padding:0 1rem;color:#222}"
       "table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;"
       "text-align:left;vertical-align:top}.lvl{font-weight:bold}.muted{color:#666;font-size:.9em}"
       "svg{max-width:100%;height:auto}.uncertain{background:#fff4e0}.certain{background:#eef7ee}"
       "sup a{text-decoration:none}.caveat{border-left:4px solid #c60;padding:.3rem .8rem;background:#fff8f0}"
       "ol.notes li{margin:.3rem 0}")


def render_html(a: Assessment, names: dict[str, str], lang: str = "en",
                replay_steps: list[ReplayStep] | None = None, context: ReportContext | None = None,
                charts: bool = True) -> str:
    t = _t(lang)
    e = html.escape
    name = lambda x: e(names.get(x, x))  # noqa: E731
    notes = _Notes(context)
    when = f"{e(t['as_of'])} {e(a.as_of.isoformat())}"
    if a.known_as_of:
        when += f" · {e(t['known_as_of'])} {e(a.known_as_of.isoformat())}"
    parts = [f"<!doctype html><html lang='{e(lang)}'><head><meta charset='utf-8'>",
             f"<title>{e(t['title'])}: {name(a.target)}</title>", f"<style>{CSS}</style></head><body>",
             f"<h1>{e(t['title'])}: {name(a.target)}</h1><p class='muted'>{when}"
             + (f" — {e(t['scenario'])}: {e(a.scenario)}" if a.scenario else "") + "</p>"]
    if context is not None:
        parts.append(f"<p class='muted'>{e(t['tool'])}: Kingmaker {e(context.version or '')} · {e(t['fingerprint'])}: "
                     f"<code>{e(context.fingerprint or '—')}</code> · {e(t['generated'])}: {e(context.generated)}</p>")
    if a.notes:
        parts.append(f"<p><strong>{e(t['notes'])}:</strong></p><ul>" + "".join(f"<li>{e(_note(n, lang))}</li>" for n in a.notes) + "</ul>")
    # 1. the verdicts, each with its first line saying whether it is certain and what it rests on
    parts.append(f"<h2>{e(t['summary'])}</h2><table><tr><th>{e(t['regime'])}</th><th>{e(t['holder'])}</th>"
                 f"<th>{e(t['level'])}</th></tr>")
    for v in a.verdicts:
        since = f" <span class='muted'>({e(t['since'])} {e(v.since)})</span>" if v.since else ""
        parts.append(f"<tr class='{e(v.certainty)}'><td>{e(_tl(v.regime_name, lang, v.regime))}</td><td>{name(v.holder)}</td>"
                     f"<td class='lvl' data-verdict='{e(v.regime)}:{e(v.holder)}'>{e(_tl(v.headline, lang, v.level))}{since}</td></tr>")
    parts.append("</table>")
    # 2. what they rest on, up front: conditions, inputs with origin and range, missing facts
    parts.append(f"<h2>{e(t['rests'])}</h2>")
    for v in a.verdicts:
        parts.append(f"<h3>{e(_tl(v.regime_name, lang, v.regime))} — {name(v.holder)}: {e(_tl(v.label, lang, v.level))} "
                     f"<span class='muted'>({e(CERTAINTY.get(lang, CERTAINTY['en'])[v.certainty])})</span></h3>")
        if v.certainty != "certain":
            items = []
            for lv_id, conds in v.conditions.items():
                cs = conds.get(lang) or conds.get("en") or []
                if not cs:
                    continue
                joined = f" {e(t['and'])} ".join(e(c) for c in cs)
                head = e(t["where_holds"]) if lv_id == v.level else f"{e(_level_label(v, lv_id, lang))} {e(t['if'])}"
                items.append(f"<li><strong>{head}:</strong> {joined}</li>")
            if items:
                parts.append("<ul>" + "".join(items) + "</ul>")
        rows = [i for i in v.inputs if i["origin"] != "case" or i["matters"]]
        if rows:
            parts.append(f"<table><tr><th>{e(t['input'])}</th><th>{e(t['value'])}</th><th>{e(t['origin'])}</th>"
                         f"<th>{e(t['where_holds'])}</th></tr>")
            for i in rows:
                origin = ORIGIN.get(lang, ORIGIN["en"]).get(i["origin"], i["origin"])
                if i.get("reliability"):
                    origin += f" ({RELIABILITY.get(lang, RELIABILITY['en']).get(i['reliability'], i['reliability'])})"
                holds = (i["holds"].get(lang) or i["holds"].get("en") or "—") if i["matters"] else \
                    ("alle Werte" if lang == "de" else "any value")
                parts.append(f"<tr><td>{e(_tl(i['label'], lang, i['name']))}<br><span class='muted'>{e(i['relation'] or '')}</span>"
                             f"{notes.refs(i['evidence'])}</td><td>{e(i['display'].get(lang, ''))}</td><td>{e(origin)}</td>"
                             f"<td>{e(holds)}</td></tr>")
            parts.append("</table>")
        if v.missing_facts:
            parts.append(f"<p><strong>{e(t['missing_facts'])}:</strong></p><ol>"
                         + "".join(f"<li>{e(_tl(m['text'], lang))}</li>" for m in v.missing_facts) + "</ol>")
        assumptions = _assumptions(v, lang)
        if assumptions:
            parts.append(f"<p><strong>{e(t['assumptions'])}:</strong></p><ul>"
                         + "".join(f"<li>{e(x)}</li>" for x in assumptions) + "</ul>")
    # 3. the reasoning, with footnotes to the evidence
    parts.append(f"<h2>{e(t['reasons'])}</h2><table><tr><th>{e(t['regime'])}</th><th>{e(t['holder'])}</th>"
                 f"<th>{e(t['level'])}</th><th>{e(t['reasons'])}</th><th>{e(t['flip'])}</th></tr>")
    for v in a.verdicts:
        def reason(r: dict) -> str:
            evs = [x for rid in r["relations"] for x in (a.features[v.holder].evidence_by_relation.get(rid, ()))]
            return (e(_tl(r["text"], lang)) + f" <span class='muted'>({e(t['here'])}: {e(localize(r['value'], lang))})</span>"
                    + notes.refs(evs))
        reasons = "<br>".join(reason(r) for r in v.reasons) or "—"
        unmet = "".join(f"<br><span class='muted'>{e(t['not_higher'])} — {e(_tl(nh['label'], lang, nh['level']))}: "
                        + "; ".join(e(_tl(u['text'], lang)) for u in nh["unmet"][:3]) + "</span>" for nh in v.not_higher[:2])
        flips = "<br>".join(("↑ " if f.direction == "up" else "↓ ") + e(_tl(f.text, lang)) for f in v.flip_facts)
        finds = "".join(f"<br><em>{e(_tl(f['label'], lang, f['id']))}</em>" for f in v.findings)
        parts.append(f"<tr><td>{e(_tl(v.regime_name, lang, v.regime))}<br><span class='muted'>{e(t['cite'])}: "
                     f"{e(_cite(v, lang))}</span></td><td>{name(v.holder)}</td><td class='lvl'>{e(_tl(v.label, lang, v.level))}"
                     f"{finds}</td><td>{reasons}{unmet}</td><td>{flips}</td></tr>")
    parts.append("</table>")
    # 4. leverage
    parts.append(f"<h2>{e(t['leverage'])}</h2>")
    if charts:
        parts.append(leverage_chart(a, names, lang))
    for head_line, chans, missing in _leverage_lines(a, lambda x: names.get(x, x), lang):
        parts.append(f"<p>{e(head_line)}</p><ul>" + "".join(f"<li>{e(c)}</li>" for c in chans) + "</ul>")
        if missing:
            parts.append(f"<p class='muted'>{e(t['missing'])}: {e('; '.join(missing))}</p>")
    if context is not None and context.pivotal:
        parts.append(f"<h2 id='pivotal'>{e(t['pivotal'])}</h2><ul class='pivotal'>"
                     + "".join(f"<li>{e(x)}</li>" for x in context.pivotal) + "</ul>")
    if replay_steps:
        parts.append(f"<h2>{e(t['replay'])}</h2>")
        if charts:
            parts.append(replay_chart(replay_steps, names, lang))
        parts.append(f"<table><tr><th>{e(t['date'])}</th><th>{e(t['events'])}</th><th>{e(t['changes'])}</th></tr>")
        from kingmaker.report.replay import change_lines

        for s in replay_steps:
            parts.append(f"<tr><td>{e(fmt.day(s.date, lang))}</td><td>{'<br>'.join(e(x) for x in s.titles(lang))}</td>"
                         f"<td>{'<br>'.join(e(x) for x in change_lines(s, a.target, names, lang))}</td></tr>")
        parts.append("</table>")
    # 5. annex: the facts relied on, then the numbered sources
    if context is not None:
        from kingmaker.report.account import describe_relation

        relied = sorted({rid for v in a.verdicts for rid in v.decisive_relations} | {
            i["relation"] for v in a.verdicts for i in v.inputs if i.get("relation")})
        rels = [context.relations[r] for r in relied if r in context.relations]
        if rels:
            parts.append(f"<h2>{e(t['annex'])}</h2><ol>")
            for r in rels:
                parts.append(f"<li>{e(describe_relation(r, names))} <span class='muted'>({e(r.id)}; {e(t['held'])} "
                             f"{e(str(r.validity))})</span>{notes.refs(r.evidence)}</li>")
            parts.append("</ol>")
        if notes.order:
            parts.append(f"<h2>{e(t['footnotes'])}</h2><ol class='notes'>")
            for n, ev_id in enumerate(notes.order, 1):
                parts.append(f"<li id='fn{n}'>{notes.item(ev_id, lang)}</li>")
            parts.append("</ol>")
    parts.append(f"<h2>{e(t['caveat'])}</h2><p class='caveat'>{e(t['caveat_text'])}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render_pdf(a: Assessment, names: dict[str, str], lang: str = "en", replay_steps: list[ReplayStep] | None = None,
               context: ReportContext | None = None) -> bytes:
    """The HTML report, without charts or styles, set as a PDF by fpdf2 in DejaVu Sans (matplotlib's copy,
    so every character of both languages — ≥, ⇒, umlauts — prints)."""
    from pathlib import Path

    import matplotlib
    from fpdf import FPDF

    page = render_html(a, names, lang, replay_steps, context, charts=False)
    body = _pdf_html(page[page.index("<body>") + len("<body>"): page.index("</body>")])
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf = FPDF(format="A4")
    pdf.set_title(f"{_t(lang)['title']}: {names.get(a.target, a.target)}")
    pdf.set_creator(f"Kingmaker {context.version if context else ''}")
    pdf.add_font("DejaVu", "", str(fonts / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(fonts / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(fonts / "DejaVuSans-Oblique.ttf"))
    pdf.add_font("DejaVu", "BI", str(fonts / "DejaVuSans-BoldOblique.ttf"))
    pdf.set_font("DejaVu", size=9)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.write_html(body, font_family="DejaVu", table_line_separators=True)
    return bytes(pdf.output())


def _pdf_html(body: str) -> str:
    """The report's HTML reduced to what fpdf2's HTML renderer sets: tables become one paragraph per row,
    inline styling goes, footnote links become their numbers."""
    import re

    body = re.sub(r"<a href='#fn\d+'>(\[\d+\])</a>", r"\1", body)
    body = re.sub(r"</?(span|sup|code|cite)[^>]*>", "", body)
    body = re.sub(r"<(p|li|td|th|tr|ol|ul|h\d)\s[^>]*>", r"<\1>", body)
    body = body.replace("<strong>", "<b>").replace("</strong>", "</b>").replace("<em>", "<i>").replace("</em>", "</i>")
    body = re.sub(r"</?table>", "", body)
    body = re.sub(r"<tr>", "<p>", body)
    body = re.sub(r"</t[hd]>\s*</tr>", "</p>", body)
    body = re.sub(r"</t[hd]>", " · ", body)
    body = re.sub(r"<t[hd]>", "", body)
    return body


def render(a: Assessment, names: dict[str, str], fmt: str, lang: str,
           replay_steps: Iterable[ReplayStep] | None = None, context: ReportContext | None = None):
    steps = list(replay_steps) if replay_steps else None
    if fmt in ("text", "md"):
        return render_text(a, names, lang, steps, context)
    if fmt == "html":
        return render_html(a, names, lang, steps, context)
    if fmt == "pdf":
        return render_pdf(a, names, lang, steps, context)
    raise ValueError(fmt)
