"""Board votes in words, in English and German: a recorded vote analysed on the board that cast it
(:class:`kingmaker.analysis.voting.recorded.RecordedVote`), or a hypothetical one
(:class:`kingmaker.analysis.voting.pivots.VoteAnalysis`)."""
from __future__ import annotations

from kingmaker.report.fmt import day, lang_of, names_list, word

T = {
    "en": {
        "passed": "passed", "failed": "failed", "nobody": "nobody",
        "cast_by": "Cast by the board seated on {date}: {n} voting directors ({board}).",
        "rule": "Rule: {rule}.",
        "tally": "For: {yes}; against: {no}; abstained: {abstain}; absent: {absent}.",
        "count": "{n} ({names})",
        "absent_counts": "Under this rule an abstention or absence weighs like a vote against.",
        "outcome": "Outcome: {outcome}, {yes} for.",
        "all_critical": "Each of the {n} votes for was pivotal: without any one of them the motion would have had "
                        "{less} votes and failed.",
        "critical_yes": "{name} was pivotal: {rest} alone would have lost; with {name} it passed.",
        "critical_no": "{name} was pivotal: had {name} voted for, the motion would have passed.",
        "none_critical": "No single vote was pivotal: the outcome survives any one director switching.",
        "not_recorded": "On the board but not in the record: {names}.",
        "not_on_board": "In the record but holding no voting seat when the vote was cast: {names}.",
        "hypothetical": "Vote {yes}–{no}: {outcome}. For: {names}.",
    },
    "de": {
        "passed": "angenommen", "failed": "abgelehnt", "nobody": "niemand",
        "cast_by": "Abgestimmt hat das am {date} amtierende Gremium: {n} stimmberechtigte Mitglieder ({board}).",
        "rule": "Regel: {rule}.",
        "tally": "Dafür: {yes}; dagegen: {no}; Enthaltungen: {abstain}; abwesend: {absent}.",
        "count": "{n} ({names})",
        "absent_counts": "Nach dieser Regel wirken Enthaltung und Abwesenheit wie eine Gegenstimme.",
        "outcome": "Ergebnis: {outcome}, {yes} dafür.",
        "all_critical": "Jede der {n} Ja-Stimmen war ausschlaggebend: ohne eine von ihnen hätte der Antrag {less} "
                        "Stimmen gehabt und wäre gescheitert.",
        "critical_yes": "{name} war ausschlaggebend: {rest} allein hätten verloren; mit {name} wurde er angenommen.",
        "critical_no": "{name} war ausschlaggebend: hätte {name} zugestimmt, wäre der Antrag angenommen worden.",
        "none_critical": "Keine einzelne Stimme war ausschlaggebend: das Ergebnis hält, wenn ein Mitglied anders stimmt.",
        "not_recorded": "Im Gremium, aber nicht im Protokoll: {names}.",
        "not_on_board": "Im Protokoll, aber bei der Abstimmung ohne Stimmrecht im Gremium: {names}.",
        "hypothetical": "Abstimmung {yes}–{no}: {outcome}. Dafür: {names}.",
    },
}


def rule_text(rule: str, lang: str = "en") -> str:
    """The board rule (:func:`kingmaker.analysis.voting.board_game`'s description) in ``lang``."""
    if lang_of(lang) != "de":
        return rule
    import re

    m = re.match(r"a majority of the (\d+) voting directors \((\d+)\)(?:; a (\d+)–(\d+) tie is decided by the "
                 r"chair's casting vote \((.+)\))?$", rule)
    if m:
        out = f"Mehrheit der {m.group(1)} stimmberechtigten Mitglieder ({m.group(2)})"
        if m.group(3):
            out += f"; bei {m.group(3)}:{m.group(4)} entscheidet die Stimme des Vorsitzes ({m.group(5)})"
        return out
    m = re.match(r"at least (\d+) of the (\d+) voting directors$", rule)
    if m:
        return f"mindestens {m.group(1)} der {m.group(2)} stimmberechtigten Mitglieder"
    return rule


def _count(names: list[str], t: dict) -> str:
    return t["count"].format(n=len(names), names=", ".join(names)) if names else "0"


def explain_recorded(rv, lang: str = "en") -> list[str]:
    """Lines for a :class:`~kingmaker.analysis.voting.recorded.RecordedVote`: who sat on the board, the
    rule, the tally with absences, the outcome, and who was pivotal."""
    lang = lang_of(lang)
    t = T[lang]
    a = rv.analysis
    board = [f"{n} ({word(rv.roles[n], lang)})" if rv.roles.get(n) == "chair" else n for n in rv.board]
    lines = [t["cast_by"].format(date=day(rv.event.date, lang), n=len(rv.board), board=", ".join(board)),
             t["rule"].format(rule=rule_text(a.rule, lang)),
             t["tally"].format(yes=_count(rv.yes, t), no=_count(rv.no, t), abstain=_count(rv.abstain, t),
                               absent=_count(rv.absent, t))]
    if rv.abstain or rv.absent or rv.not_recorded:
        lines.append(t["absent_counts"])
    outcome = t["passed"] if a.passed else t["failed"]
    lines.append(t["outcome"].format(outcome=outcome, yes=len(a.yes)))
    lines += _pivots(a, t, lang)
    if rv.not_recorded:
        lines.append(t["not_recorded"].format(names=", ".join(rv.not_recorded)))
    if rv.not_on_board:
        lines.append(t["not_on_board"].format(names=", ".join(rv.not_on_board)))
    return lines


def _pivots(a, t: dict, lang: str) -> list[str]:
    if not a.critical:
        return [t["none_critical"]]
    if a.passed and set(a.critical) == set(a.yes) and len(a.yes) > 1:
        return [t["all_critical"].format(n=len(a.yes), less=len(a.yes) - 1)]
    if a.passed:
        return [t["critical_yes"].format(name=n, rest=names_list([y for y in a.yes if y != n], lang)
                                         if len(a.yes) > 1 else t["nobody"]) for n in a.critical]
    return [t["critical_no"].format(name=n) for n in a.critical]


def explain(a, lang: str = "en") -> list[str]:
    """Lines for a hypothetical vote (:class:`~kingmaker.analysis.voting.pivots.VoteAnalysis`)."""
    lang = lang_of(lang)
    t = T[lang]
    outcome = t["passed"] if a.passed else t["failed"]
    return ([t["rule"].format(rule=rule_text(a.rule, lang)),
             t["hypothetical"].format(yes=len(a.yes), no=len(a.no), outcome=outcome, names=", ".join(a.yes) or "—")]
            + _pivots(a, t, lang))
