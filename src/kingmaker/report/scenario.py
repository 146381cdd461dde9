"""What-if scenarios and the kingmaker test in words, in English and German: what was done, what moved
(and why it moved the way it did), what stayed and why, and who was pivotal for an outcome."""
from __future__ import annotations

from kingmaker.report import fmt

CHANNELS = {
    "en": {"supply": "supply of {x}", "financing": "financing", "key_person": "offer to key people",
           "exit_threat": "staff exit threat (backed by an offer)", "licence": "licence", "profits": "share of profits",
           "board": "board seats", "offer": "offer"},
    "de": {"supply": "Lieferung von {x}", "financing": "Finanzierung", "key_person": "Angebot an Schlüsselpersonen",
           "exit_threat": "Kündigungsdrohung der Belegschaft (mit Angebot)", "licence": "Lizenz",
           "profits": "Gewinnbeteiligung", "board": "Gremiensitze", "offer": "Angebot"},
}
T = {
    "en": {
        "scenario": "Scenario", "as_of": "as of", "interventions": "Interventions", "verdicts": "Verdicts before → after",
        "unchanged": "unchanged", "changed": "changed", "finding": "finding",
        "dependence": "{target} depends on {holder}: {before} → {after}",
        "team": "share of {target}'s staff now with {holder}: {before} → {after}",
        "gone": "no longer applies: {channel} ({before})",
        "new": "new: {channel} ({after})",
        "moved": "{channel}: {before} → {after}",
        "threat_done": "The exit threat has been carried out: the staff who left are no longer a threat "
                       "{target} must weigh, so dependence measured as pressure falls; what {holder} gained shows as its "
                       "share of the team and in the findings.",
        "board": "Board power ({subject}, Banzhaf)", "same_board": "unchanged: {members}",
        "why_same": "Why the verdict stayed: {reason}",
        "km": "Kingmaker test", "outcome": "Outcome: {outcome} — {happens}",
        "happens": "happens", "not_happens": "does not happen",
        "pressure": "Outside pressure {pressure} (threshold {threshold}); board support {support} of {seats} voting seats "
                    "({need} needed for the board to carry it itself).",
        "pivotal": "pivotal", "not_pivotal": "not pivotal",
        "without_fails": "without it the outcome fails (pressure {pressure}, board support {support})",
        "without_holds": "without it the outcome still happens (pressure {pressure}, board support {support})",
        "kingmakers": "Kingmaker(s): {names}", "no_kingmaker": "No single action was pivotal.",
        "share": "Banzhaf share {x}",
        "vote": "Recorded vote of {date}: {title}",
        "no_pressure": "No outside offer or exit threat against the board of {board} is recorded on this date.",
    },
    "de": {
        "scenario": "Szenario", "as_of": "Stand", "interventions": "Eingriffe", "verdicts": "Ergebnisse vorher → nachher",
        "unchanged": "unverändert", "changed": "geändert", "finding": "Feststellung",
        "dependence": "{target} ist abhängig von {holder}: {before} → {after}",
        "team": "Anteil der Belegschaft von {target} bei {holder}: {before} → {after}",
        "gone": "entfällt: {channel} ({before})",
        "new": "neu: {channel} ({after})",
        "moved": "{channel}: {before} → {after}",
        "threat_done": "Die Kündigungsdrohung ist ausgeführt: wer gegangen ist, ist für {target} keine Drohung mehr, "
                       "daher sinkt die als Druck gemessene Abhängigkeit; was {holder} gewonnen hat, zeigt sich im Anteil "
                       "an der Belegschaft und in den Feststellungen.",
        "board": "Stimmmacht im Gremium ({subject}, Banzhaf)", "same_board": "unverändert: {members}",
        "why_same": "Warum das Ergebnis bleibt: {reason}",
        "km": "Königsmacher-Test", "outcome": "Ergebnis: {outcome} — {happens}",
        "happens": "tritt ein", "not_happens": "tritt nicht ein",
        "pressure": "Druck von außen {pressure} (Schwelle {threshold}); Unterstützung im Gremium {support} von {seats} "
                    "Stimmen ({need} nötig, damit das Gremium es selbst beschließt).",
        "pivotal": "ausschlaggebend", "not_pivotal": "nicht ausschlaggebend",
        "without_fails": "ohne sie tritt das Ergebnis nicht ein (Druck {pressure}, Unterstützung {support})",
        "without_holds": "ohne sie tritt das Ergebnis trotzdem ein (Druck {pressure}, Unterstützung {support})",
        "kingmakers": "Königsmacher: {names}", "no_kingmaker": "Keine einzelne Handlung war ausschlaggebend.",
        "share": "Banzhaf-Anteil {x}",
        "vote": "Erfasste Abstimmung vom {date}: {title}",
        "no_pressure": "An diesem Tag ist kein Angebot und keine Kündigungsdrohung gegen das Gremium von {board} erfasst.",
    },
}


def channel_label(channel: str, lang: str = "en") -> str:
    """A leverage channel (``supply:compute``, ``exit_threat``, …) in words."""
    lang = fmt.lang_of(lang)
    base, _, detail = channel.partition(":")
    text = CHANNELS[lang].get(base, base.replace("_", " "))
    return text.format(x=fmt.word(detail, lang) if detail else "")


def kingmaker_lines(result, names: dict[str, str], lang: str = "en") -> list[str]:
    """The kingmaker test (:class:`kingmaker.scenario.pivotal.KingmakerResult`): outcome, pressure, and per
    action whether it was pivotal and what would have happened without it."""
    lang = fmt.lang_of(lang)
    t = T[lang]
    support, seats = result.board_support
    lines = [t["outcome"].format(outcome=fmt.label(result.outcome, lang), happens=t["happens"] if result.happens else t["not_happens"]),
             t["pressure"].format(pressure=fmt.bounds(result.pressure, lang), threshold=fmt.number(result.threshold, lang),
                                  support=support, seats=seats, need=seats // 2 + 1)]
    for a in result.actions:
        flag = t["pivotal"] if a.id in result.pivotal else t["not_pivotal"]
        line = f"{fmt.label(a.text, lang)} — {flag}; {t['share'].format(x=fmt.number(float(result.banzhaf[a.id]), lang))}"
        if a.id in result.without and result.happens:
            pressure, sup = result.without[a.id]
            key = "without_fails" if a.id in result.pivotal else "without_holds"
            line += "; " + t[key].format(pressure=fmt.bounds(pressure, lang), support=sup)
        lines.append(line)
    lines.append(t["kingmakers"].format(names=fmt.names_list([names.get(k, k) for k in result.kingmakers], lang))
                 if result.kingmakers else t["no_kingmaker"])
    return lines


def _channels(feature_set) -> dict[str, tuple[str, object]]:
    return {f"{c.channel}|{c.relation}": (c.channel, c.dependence) for c in feature_set.leverage.channels
            if c.direction == "subject_on_holder"}


def scenario_lines(result, names: dict[str, str], lang: str = "en") -> list[str]:
    """A scenario run (:class:`kingmaker.scenario.runner.ScenarioResult`) for the terminal."""
    lang = fmt.lang_of(lang)
    t = T[lang]
    sc = result.scenario
    name = lambda x: names.get(x, x)  # noqa: E731
    lines = [f"{t['scenario']}: {sc.title} ({t['as_of']} {fmt.day(sc.as_of, lang)})", f"{t['interventions']}:"]
    lines += [f"  - {s.describe(lang)}" for s in result.steps]
    lines.append(f"{t['verdicts']}:")
    for v in result.after.verdicts:
        b = result.before.verdict(v.regime, v.holder)
        same = b.level == v.level
        lines.append(f"  {fmt.label(v.regime_name, lang, v.regime.upper())} — {name(v.holder)}: "
                     f"{fmt.label(b.label, lang, b.level)} → {fmt.label(v.label, lang, v.level)}"
                     f" ({t['unchanged'] if same else t['changed']})")
        if v.headline:  # whether the verdict after is certain, and what it rests on (issue 14)
            lines.append(f"      {fmt.label(v.headline, lang)}")
        for f in v.findings:
            lines.append(f"      {t['finding']}: {fmt.label(f['label'], lang, f['id'])} "
                         f"({fmt.label(f.get('cite_text') or f['cite'], lang)})")
    target = name(sc.target)
    for h, after in result.after.features.items():
        before = result.before.features[h]
        lines.append("  " + t["dependence"].format(target=target, holder=name(h),
                                                   before=fmt.bounds(before.leverage.subject_dependence, lang),
                                                   after=fmt.bounds(after.leverage.subject_dependence, lang)))
        cb, ca = _channels(before), _channels(after)
        for key in cb.keys() - ca.keys():
            lines.append("      " + t["gone"].format(channel=channel_label(cb[key][0], lang), before=fmt.bounds(cb[key][1], lang)))
        for key in ca.keys() - cb.keys():
            lines.append("      " + t["new"].format(channel=channel_label(ca[key][0], lang), after=fmt.bounds(ca[key][1], lang)))
        for key in ca.keys() & cb.keys():
            if fmt.bounds(cb[key][1]) != fmt.bounds(ca[key][1]):
                lines.append("      " + t["moved"].format(channel=channel_label(ca[key][0], lang),
                                                          before=fmt.bounds(cb[key][1], lang), after=fmt.bounds(ca[key][1], lang)))
        tb, ta = before["team_share"].value, after["team_share"].value
        lines.append("  " + t["team"].format(target=target, holder=name(h), before=_staff_share(tb, lang),
                                             after=_staff_share(ta, lang)))
        if any(cb[k][0] == "exit_threat" for k in cb.keys() - ca.keys()) and _low(ta) > _low(tb):
            lines.append("      " + t["threat_done"].format(target=target, holder=name(h)))
    if result.board_before:
        bb, ba = result.board_before, result.board_after
        lines.append(f"  {t['board'].format(subject=name(bb.subject))}:")
        power = lambda bp: ", ".join(f"{m} {fmt.number(v, lang)}" for m, v in bp.banzhaf.items())  # noqa: E731
        if ba is not None and ba.banzhaf == bb.banzhaf:
            lines.append("      " + t["same_board"].format(members=power(bb)))
        else:
            lines.append(f"      {power(bb)} → {power(ba) if ba else '—'}")
    if result.kingmaker:
        lines.append(f"{t['km']}:")
        lines += [f"  {x}" for x in kingmaker_lines(result.kingmaker, names, lang)]
    return lines


def _low(share) -> float:
    """The lower end of a staff share (a Bounds, a number, or None when not known)."""
    return 0.0 if share is None else float(getattr(share, "lo", share))


def _staff_share(share, lang: str) -> str:
    """A staff share as a percentage, a range of percentages, or a dash when not known."""
    return "–" if share is None else fmt.percent(share, lang)


def pivotal_lines(board_name: str, vote, result, names: dict[str, str], lang: str = "en") -> list[str]:
    """Who was pivotal on a date, for reports: the recorded vote nearest the date, analysed on the board
    that cast it (a :class:`~kingmaker.analysis.voting.recorded.RecordedVote` or ``None``), then the
    kingmaker test of the outside actions (a :class:`~kingmaker.scenario.pivotal.KingmakerResult` or ``None``)."""
    from kingmaker.report.vote import explain_recorded

    lang = fmt.lang_of(lang)
    t = T[lang]
    out = []
    if vote is not None:
        out.append(t["vote"].format(date=fmt.day(vote.event.date, lang), title=fmt.event_title(vote.event, lang)))
        out += explain_recorded(vote, lang)
    out += kingmaker_lines(result, names, lang) if result is not None else [t["no_pressure"].format(board=board_name)]
    return out
