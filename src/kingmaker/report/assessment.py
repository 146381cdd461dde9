"""Assessment reports in English and German: plain text / Markdown, and self-contained HTML with
charts (matplotlib SVG inlined; no CDN, no network)."""
from __future__ import annotations

import html
import io
from typing import Iterable

from kingmaker.assess.service import Assessment
from kingmaker.scenario.replay import ReplayStep

T = {
    "en": {
        "title": "Control assessment", "as_of": "as of", "regime": "Regime", "holder": "Holder", "level": "Verdict",
        "since": "since", "reasons": "Reasons", "not_higher": "Why not higher", "evidence": "Evidence",
        "flip": "Flip facts", "findings": "Findings", "assumptions": "Assumptions", "leverage": "Leverage",
        "dep_on": "depends on", "dep_rev": "reverse dependence", "imbalance": "power imbalance",
        "mutual": "mutual dependence", "missing": "Missing inputs", "channel": "channel", "factors": "factors",
        "possibly": "possibly", "cite": "Legal basis", "replay": "Replay", "date": "Date", "events": "Events",
        "changes": "Changes", "scenario": "Scenario", "none": "none", "chart_dep": "Dependence on holder",
    },
    "de": {
        "title": "Kontrollbewertung", "as_of": "Stand", "regime": "Rechtsordnung", "holder": "Inhaber",
        "level": "Ergebnis", "since": "seit", "reasons": "Gründe", "not_higher": "Warum nicht höher",
        "evidence": "Belege", "flip": "Kipp-Tatsachen", "findings": "Feststellungen", "assumptions": "Annahmen",
        "leverage": "Hebel (Abhängigkeit)", "dep_on": "ist abhängig von", "dep_rev": "umgekehrte Abhängigkeit",
        "imbalance": "Machtungleichgewicht", "mutual": "gegenseitige Abhängigkeit", "missing": "Fehlende Angaben",
        "channel": "Kanal", "factors": "Faktoren", "possibly": "möglicherweise", "cite": "Rechtsgrundlage",
        "replay": "Verlauf", "date": "Datum", "events": "Ereignisse", "changes": "Änderungen",
        "scenario": "Szenario", "none": "keine", "chart_dep": "Abhängigkeit vom Inhaber",
    },
}


def _t(lang: str) -> dict[str, str]:
    return T.get(lang, T["en"])


def render_text(a: Assessment, names: dict[str, str], lang: str = "en",
                replay_steps: list[ReplayStep] | None = None) -> str:
    t = _t(lang)
    name = lambda x: names.get(x, x)  # noqa: E731
    out = [f"# {t['title']}: {name(a.target)} — {t['as_of']} {a.as_of}" + (f" ({t['scenario']}: {a.scenario})" if a.scenario else ""), ""]
    for v in a.verdicts:
        head = f"## {v.regime_name.get(lang, v.regime)} — {name(v.holder)}: {v.label.get(lang, v.level)}"
        if v.since:
            head += f" ({t['since']} {v.since})"
        out.append(head)
        if v.possibly:
            out.append(f"{t['possibly']}: {v.possibly}")
        out.append(f"{t['cite']}: {v.cite}")
        if v.reasons:
            out.append(f"{t['reasons']}:")
            out += [f"  - {r['text'].get(lang, r['text'].get('en'))} [{r['feature']} = {r['value']}]"
                    + (f" ({r['result']})" if r['result'] != 'yes' else "") for r in v.reasons]
        if v.not_higher:
            out.append(f"{t['not_higher']}:")
            for nh in v.not_higher:
                unmet = "; ".join(f"{u['text'].get(lang, u['text'].get('en'))} [{u['feature']} = {u['value']}]"
                                  for u in nh["unmet"][:4])
                out.append(f"  - {nh['label'].get(lang, nh['level'])}: {unmet}")
        for f in v.findings:
            out.append(f"{t['findings']}: {f['label'].get(lang, f['id'])} ({f['result']}; {f['cite']})")
        if v.flip_facts:
            out.append(f"{t['flip']}:")
            out += [f"  {'↑' if f.direction == 'up' else '↓'} {f.text.get(lang, f.text['en'])}" for f in v.flip_facts]
        if v.assumptions:
            out.append(f"{t['assumptions']}: " + "; ".join(v.assumptions))
        out.append(f"{t['evidence']}: " + (", ".join(v.evidence) or t["none"]))
        out.append("")
    out.append(f"## {t['leverage']}")
    for h, f in a.features.items():
        lv = f.leverage
        out.append(f"- {name(a.target)} {t['dep_on']} {name(h)}: {lv.subject_dependence}; {t['dep_rev']}: "
                   f"{lv.holder_dependence}; {t['imbalance']}: [{lv.imbalance[0]:.2f}, {lv.imbalance[1]:.2f}]")
        for c in lv.channels:
            factors = ", ".join(f"{x.name}={x.value} ({x.source})" for x in c.factors)
            out.append(f"    · {c.channel} via {c.relation}: {c.dependence} — {factors}")
        if lv.missing:
            out.append(f"    {t['missing']}: " + "; ".join(lv.missing))
    if replay_steps:
        out += ["", f"## {t['replay']}"]
        for s in replay_steps:
            out.append(f"- {s.date}: " + "; ".join(s.events))
            out += [f"    → {c}" for c in s.changed]
    return "\n".join(out) + "\n"


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.index("<svg"):]


def leverage_chart(a: Assessment, names: dict[str, str], lang: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [(names.get(h, h), c.channel, c.dependence.lo, c.dependence.hi)
            for h, f in a.features.items() for c in f.leverage.channels if c.direction == "subject_on_holder"]
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(2, len(rows)) + 1))
    labels = [f"{h}: {ch}" for h, ch, _, _ in rows]
    ax.barh(labels, [lo for *_, lo, _ in rows], color="#3465a4", label="certain")
    ax.barh(labels, [hi - lo for *_, lo, hi in rows], left=[lo for *_, lo, _ in rows], color="#9fbfdf", label="possible")
    ax.set_xlim(0, 1)
    ax.set_xlabel(_t(lang)["chart_dep"])
    ax.invert_yaxis()
    ax.legend(loc="lower right", fontsize=8)
    svg = _svg(fig)
    plt.close(fig)
    return svg


def replay_chart(steps: list[ReplayStep], names: dict[str, str], lang: str) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    holders = sorted({h for s in steps for h in s.dependence})
    fig, ax = plt.subplots(figsize=(8, 3.2))
    xs = [s.date for s in steps]
    for h in holders:
        ax.step(xs, [s.dependence.get(h, (0, 0))[1] for s in steps], where="post", label=f"{names.get(h, h)} (hi)")
        ax.step(xs, [s.dependence.get(h, (0, 0))[0] for s in steps], where="post", linestyle="--",
                label=f"{names.get(h, h)} (lo)")
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(_t(lang)["chart_dep"])
    ax.legend(fontsize=7)
    fig.autofmt_xdate()
    svg = _svg(fig)
    plt.close(fig)
    return svg


def render_html(a: Assessment, names: dict[str, str], lang: str = "en",
                replay_steps: list[ReplayStep] | None = None) -> str:
    t = _t(lang)
    e = html.escape
    name = lambda x: e(names.get(x, x))  # noqa: E731
    parts = [f"<!doctype html><html lang='{e(lang)}'><head><meta charset='utf-8'>",
             f"<title>{e(t['title'])}: {name(a.target)}</title>",
             "<style>body{font-family:system-ui,sans-serif;max-width:78rem;margin:2rem auto;padding:0 1rem;color:#222}"
             "td:nth-child(5){min-width:24rem;font-size:.92em}td:nth-child(6){font-size:.8em;max-width:10rem;word-break:break-word}"
             "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}"
             ".lvl{font-weight:bold}.muted{color:#666;font-size:.9em}svg{max-width:100%;height:auto}</style></head><body>",
             f"<h1>{e(t['title'])}: {name(a.target)}</h1><p class='muted'>{e(t['as_of'])} {e(a.as_of.isoformat())}"
             + (f" — {e(t['scenario'])}: {e(a.scenario)}" if a.scenario else "") + "</p>",
             f"<table><tr><th>{e(t['regime'])}</th><th>{e(t['holder'])}</th><th>{e(t['level'])}</th>"
             f"<th>{e(t['reasons'])}</th><th>{e(t['flip'])}</th><th>{e(t['evidence'])}</th></tr>"]
    for v in a.verdicts:
        reasons = "<br>".join(e(r["text"].get(lang, r["text"].get("en"))) + f" <span class='muted'>[{e(r['feature'])} = {e(r['value'])}]</span>"
                              for r in v.reasons) or "—"
        flips = "<br>".join(("↑ " if f.direction == "up" else "↓ ") + e(f.text.get(lang, f.text["en"])) for f in v.flip_facts)
        since = f"<br><span class='muted'>{e(t['since'])} {e(v.since)}</span>" if v.since else ""
        finds = "".join(f"<br><em>{e(f['label'].get(lang, f['id']))}</em>" for f in v.findings)
        parts.append(f"<tr><td>{e(v.regime_name.get(lang, v.regime))}<br><span class='muted'>{e(v.cite)}</span></td>"
                     f"<td>{name(v.holder)}</td><td class='lvl'>{e(v.label.get(lang, v.level))}{since}{finds}</td>"
                     f"<td>{reasons}</td><td>{flips}</td><td>{e(', '.join(v.evidence))}</td></tr>")
    parts.append("</table>")
    parts.append(f"<h2>{e(t['leverage'])}</h2>")
    parts.append(leverage_chart(a, names, lang))
    for h, f in a.features.items():
        lv = f.leverage
        parts.append(f"<p>{name(a.target)} {e(t['dep_on'])} {name(h)}: <b>{e(str(lv.subject_dependence))}</b>; "
                     f"{e(t['dep_rev'])}: {e(str(lv.holder_dependence))}</p><ul>")
        for c in lv.channels:
            factors = ", ".join(f"{x.name}={x.value} ({x.source})" for x in c.factors)
            parts.append(f"<li>{e(c.channel)} — {e(c.relation)}: {e(str(c.dependence))} <span class='muted'>{e(factors)}</span></li>")
        parts.append("</ul>")
        if lv.missing:
            parts.append(f"<p class='muted'>{e(t['missing'])}: {e('; '.join(lv.missing))}</p>")
    if replay_steps:
        parts.append(f"<h2>{e(t['replay'])}</h2>")
        parts.append(replay_chart(replay_steps, names, lang))
        parts.append(f"<table><tr><th>{e(t['date'])}</th><th>{e(t['events'])}</th><th>{e(t['changes'])}</th></tr>")
        for s in replay_steps:
            parts.append(f"<tr><td>{s.date}</td><td>{'<br>'.join(e(x) for x in s.events)}</td>"
                         f"<td>{'<br>'.join(e(x) for x in s.changed)}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def render(a: Assessment, names: dict[str, str], fmt: str, lang: str,
           replay_steps: Iterable[ReplayStep] | None = None) -> str:
    steps = list(replay_steps) if replay_steps else None
    if fmt in ("text", "md"):
        return render_text(a, names, lang, steps)
    if fmt == "html":
        return render_html(a, names, lang, steps)
    raise ValueError(fmt)
