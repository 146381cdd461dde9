"""A replay (:func:`kingmaker.scenario.replay.replay`) in words, in English and German: each step's changes —
verdict levels by their labels, dependence as an interval, the board and the CEO — never as internal keys."""
from __future__ import annotations

import re

from kingmaker.report import fmt

T = {
    "en": {"dependence": "{target} depends on {holder}: {before} → {after}", "board": "Board: {members}",
           "ceo": "CEO: {names}", "none": "none", "interim": "interim", "non-voting": "non-voting"},
    "de": {"dependence": "{target} ist abhängig von {holder}: {before} → {after}", "board": "Gremium: {members}",
           "ceo": "CEO: {names}", "none": "niemand", "interim": "kommissarisch", "non-voting": "ohne Stimmrecht"},
}


def _level_label(regime: str, level: str | None, lang: str) -> str:
    from kingmaker.assess.engine import load_regime

    return "–" if level is None else load_regime(regime).level_label(level, lang)


def _regime_name(regime: str, lang: str) -> str:
    from kingmaker.assess.engine import load_regime

    return fmt.label(load_regime(regime).name, lang, regime.upper())


def _member(text: str, lang: str) -> str:
    """``Bret Taylor (chair)`` → ``Bret Taylor (Vorsitz)``; ``X (observer, non-voting)`` likewise."""
    m = re.match(r"^(.*) \((\w+)(, non-voting)?\)$", text)
    if not m:
        return text
    role = fmt.word(m.group(2), lang)
    return f"{m.group(1)} ({role}{', ' + T[lang]['non-voting'] if m.group(3) else ''})"


def _ceo(text: str, lang: str) -> str:
    return text.replace("(interim)", f"({T[lang]['interim']})")


def change_lines(step, target: str, names: dict[str, str], lang: str = "en") -> list[str]:
    """One line per change of a :class:`kingmaker.scenario.replay.ReplayStep`."""
    lang = fmt.lang_of(lang)
    t = T[lang]
    name = lambda x: names.get(x, x)  # noqa: E731
    out = []
    for c in step.changes:
        if c["what"] == "level":
            out.append(f"{_regime_name(c['regime'], lang)} — {name(c['holder'])}: "
                       f"{_level_label(c['regime'], c['before'], lang)} → {_level_label(c['regime'], c['after'], lang)}")
        elif c["what"] == "dependence":
            out.append(t["dependence"].format(target=name(target), holder=name(c["holder"]),
                                              before=fmt.bounds(c["before"], lang), after=fmt.bounds(c["after"], lang)))
        elif c["what"] == "board":
            out.append(t["board"].format(members=", ".join(_member(m, lang) for m in c["after"]) or t["none"]))
        elif c["what"] == "ceo":
            out.append(t["ceo"].format(names=", ".join(_ceo(m, lang) for m in c["after"]) or t["none"]))
    return out
