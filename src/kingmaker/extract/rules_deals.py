"""Rules for deals and group structure: acquisitions, mergers, stakes without a percentage, subsidiaries.

Each finds an acquirer and a target and proposes a ``shareholding`` (acquirer → target) marked with what
the text says: ``status`` proposed / agreed / completed, ``control`` sole or joint, the price kept apart
as ``price`` (a price is what a stake costs, not money invested in the target). A prohibited or abandoned
deal ("has prohibited the acquisition of X by Y", "untersagt") yields no stake.

English: "the acquisition of X by Y", "Y's acquisition of X", "Y agreed to buy X", "X was acquired by Y",
"the merger between Y and X", "Y and its subsidiary X", "X, the … business of Y", "an investor in X",
"a major backer of X". German: "die Übernahme von X durch Y", "der Erwerb von 60 % der Anteile an X
durch Y", "Y übernimmt X", "Y hat X übernommen", "Y ist an X beteiligt", "die Beteiligung von Y an X",
"X, eine Tochtergesellschaft von Y", "die Y-Tochter X", "über ihre Tochtergesellschaft X".
Coordinated parties ("by Telecom Italia and Vodafone", "Microsoft und NVIDIA") each get a candidate.
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.actors import Mention
from kingmaker.extract.candidates import Candidate
from kingmaker.extract.context import ORG
from kingmaker.extract.quantities import find_money, plain
from kingmaker.extract.rulebase import View

COMPANIES = tuple(k for k in ORG if k not in ("state", "state_body"))
DESC = {"en": r"(?:(?:the|a|an|its)\s+)?(?:[\w'’()-]+\s+){0,5}?",
        "de": r"(?:(?:der|die|das|den|dem|des|einer|eines|ihre[rn]?|seine[rn]?)\s+)?(?:[\wäöüß'’()-]+\s+){0,5}?"}
NO_DEAL = {"en": r"\b(?:prohibit\w*|abandon\w*|called off|walked away|terminated)\b",
           "de": r"\b(?:untersag\w*|aufgegeben|abgesagt|gescheitert\w*|abgebrochen)\b"}
PROPOSED = {"en": r"\b(?:propos\w+|planned|plans?|pending|agreed|agrees|to (?:acquire|buy)|will (?:acquire|buy)|would|offer\w*|bid)\b",
            "de": r"\b(?:geplant\w*|beabsichtig\w*|will|wollen|plant|Angebot\w*|soll)\b"}
JOINT = r"\b(?:joint control|gemeinsame[n]? Kontrolle)\b"
SOLE = r"\b(?:sole control|alleinige[n]? Kontrolle)\b"

BY = {"en": r"\s+by\s+", "de": r"\s+durch\s+"}
NOMINAL = {
    "en": r"\b(?:acquisition|takeover|purchase|buyout)\s+of\s+(?:(?:joint|sole)\s+control\s+(?:of|over)\s+)?",
    "de": r"\b(?:Übernahme|Erwerb|Kauf|Akquisition)\w*\s+(?:von\s+(?:[\d,.]+\s*(?:%|Prozent)\s+der\s+Anteile\s+an\s+)?|des\s+|der\s+)?",
}
POSSESSIVE = r"(?:['’]s)?\s+(?:(?:proposed|planned|pending|agreed|completed|(?:US)?\$[\d.,]+[- ]?(?:billion|million|bn|m)|" \
             r"[\d.,]+[- ]?(?:billion|million)[- ]dollar)\s+)*(?:acquisition|takeover|purchase|buyout)\s+of\s+"
MERGER = {"en": r"\b(?:merger|combination)\s+(?:between|of)\s+", "de": r"\bZusammenschlu(?:ss|ß)\w*\s+(?:von|zwischen)\s+"}
VERB = {
    "en": r"^(?:\s*,[^,;]{0,90},)?\s+(?:(?:has|had|have)\s+)?(?:(?:agreed|agrees|plans|planned|offered|offers|wants|is set|"
          r"is|was|moved)\s+to\s+|will\s+|to\s+|would\s+)?(?:acquire[sd]?|acquiring|buy|buys|bought|purchase[sd]?|"
          r"take[sn]?\s+over|took\s+over|snap(?:s|ped)?\s+up)\b",
    "de": r"^\s+(?:übernimmt|übernahm|erwirbt|erwarb|kauft|kaufte|schluckt|schluckte)\b",
}
PASSIVE = {"en": r"\b(?:was|were|is|has been|have been|had been|will be|is being|to be)\s+(?:acquired|bought|purchased|taken over)\s+by\s+",
           "de": r"\b(?:wird|wurde|werden|wurden)\s+(?:[\wäöüß]+\s+){0,4}?von\s+"}
PASSIVE_DE_END = r"^[^.;]{0,60}?\b(?:übernommen|gekauft|erworben)\b"
INTENT_DE = r"\b(?:beabsichtigt|beabsichtigen|plant|planen|will|wollen|möchte)\b(?P<obj>[^.;]{0,200}?)\bzu\s+(?:erwerben|übernehmen|kaufen)\b"
PERFECT_DE = r"\b(?:hat|hatte|haben|hatten)\s+(?P<obj>[^.;]{1,80}?)\s+(?:übernommen|gekauft|erworben)\b"
SUBSIDIARY = {
    "en": [(r"^\s+and\s+its\s+(?:\w+\s+)?(?:subsidiary|unit|division)\s+", "parent-first"),
           (r"^(?:['’]s)?\s+(?:\w+\s+)?(?:subsidiary|unit|division)\s+", "parent-first"),
           (r"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,5}?(?:subsidiary|unit|division|business|arm)\s+of\s+", "child-first")],
    "de": [(r"^,?\s+(?:eine[rsm]?|die|der)\s+(?:[\w%-]+\s+){0,3}?Tochter(?:gesellschaft|firma|unternehmen)?\s+(?:von|des|der)\s+"
            r"(?:[\wäöüß]+\s+){0,3}?", "child-first"),
           (r"^\s+ist\s+(?:eine|die)\s+(?:[\w%-]+\s+){0,3}?Tochter(?:gesellschaft|firma)?\s+(?:von|des|der)\s+", "child-first"),
           (r"^-(?:Tochter|Tochtergesellschaft|Konzern\w*|Gruppe)\s+(?:der\s+|des\s+|die\s+|das\s+)?", "parent-first")],
}
OWN_SUBSIDIARY = {"en": r"\b(?:its|their)\s+(?:\w+\s+)?subsidiary\s+", "de": r"\b(?:ihre|seine|ihrer|seiner)\s+Tochter(?:gesellschaft)?\s+"}
STAKE_NO_PERCENT = {
    "en": [(r"\b(?:an?|the)\s+(?:\w+\s+){0,2}?(?:investor|shareholder|stakeholder|backer|owner)\s+(?:in|of)\s+", "holder-before")],
    "de": [(r"\b(?:ist|sind|war|waren|hat sich|haben sich|hatte sich|beteiligt sich|beteiligte sich)\s+(?:[\wäöüß]+\s+){0,3}?an\s+",
            "verb-before"),
           (r"\bBeteiligung\w*\s+(?:von|des|der)\s+", "nominal")],
}


def _coordinated(v: View, m: Mention, kinds=COMPANIES) -> list[Mention]:
    """``m`` and the organisations joined to it by "and", "und", "sowie" or commas right after it."""
    out = [m]
    pos = m.end
    while True:
        tail = v.text[pos - v.off:]
        j = re.match(r"(?:,\s*|\s+(?:and|und|sowie|as well as)\s+|,\s+(?:and|und)\s+)(?:(?:der|die|das|dem|den|the)\s+)?", tail)
        if j is None:
            break
        nxt = v.after(pos + j.end(), kinds, within=0)
        if nxt is None:
            break
        out.append(nxt)
        pos = nxt.end
    return out


def coordinated_before(v: View, m: Mention) -> list[Mention]:
    """``m`` and the parties joined to it before: "Microsoft und NVIDIA investierten" → [Microsoft, NVIDIA]
    for the mention of NVIDIA. A participle phrase ("in einer von Microsoft und NVIDIA geleiteten Runde")
    is no subject; callers keep those out by where they look."""
    out = [m]
    while True:
        prev = v.before(out[0].start, COMPANIES + ("person",), within=12)
        if prev is None or not re.fullmatch(r"\s*(?:,|and|und|sowie|as well as|, and|, und)\s*(?:der|die|das|the)?\s*",
                                            v.text[prev.end - v.off:out[0].start - v.off]):
            break
        out.insert(0, prev)
    return out


def _after(v: View, pos: int, within: int = 60, kinds=COMPANIES) -> Mention | None:
    """The first organisation after absolute ``pos`` within the clause (past a description)."""
    m = v.after(pos, kinds, within=within)
    if m is None:
        return None
    between = v.text[pos - v.off:m.start - v.off]
    if re.search(r"[;:]|\.\s", between):
        return None
    return m


def _attrs(v: View, lang: str, a: int, b: int) -> dict:
    clause = v.text[max(0, a - 80):b + 80]
    attrs: dict = {"status": "proposed" if re.search(PROPOSED[lang], clause) else "completed"}
    if re.search(JOINT, v.text):
        attrs["control"] = "joint"
    elif re.search(SOLE, v.text):
        attrs["control"] = "sole"
    money = find_money(v.text, lang)
    if money and re.search(r"acquisition|buy|bought|purchase|Übernahme|Kauf|Erwerb|kauft|übernimmt", v.text):
        attrs["price"] = {"amount": plain(money[0].amount), "currency": money[0].currency}
    return attrs


def _stake(v: View, holder: Mention, target: Mention, rule: str, attrs: dict, conf: float = 0.7) -> Candidate | None:
    if holder.actor == target.actor or v.a.index.known[holder.actor].authority or v.a.index.known[target.actor].authority:
        return None
    return v.candidate("relations", "shareholding", holder, target, f"{v.lang}.shareholding.{rule}", conf, attrs=dict(attrs))


def deals(v: View) -> list[tuple[list[Mention], Mention, str, int]]:
    """(acquirers, target, rule, cue position) for every acquisition or merger the sentence states."""
    lang = v.lang
    out = []
    for cue in v.find(NOMINAL[lang]):
        target = _after(v, v.abs(cue.end()), 70)
        if target is None:
            continue
        by = re.match(r"[^;,]{0,60}?,?" + BY[lang], v.text[target.end - v.off:])
        if by is None:
            continue
        acquirer = _after(v, target.end + by.end(), 90)
        if acquirer is not None:
            out.append((_coordinated(v, acquirer), target, "acquisition-of-by", cue.start()))
    if lang == "en":
        for m in v.orgs:
            poss = re.match(POSSESSIVE, v.text[m.end - v.off:])
            if poss:
                target = _after(v, m.end + poss.end(), 40)
                if target is not None:
                    out.append(([m], target, "possessive-acquisition", m.start - v.off))
    for cue in v.find(MERGER[lang]):
        first = _after(v, v.abs(cue.end()), 60)
        if first is not None:
            parties = _coordinated(v, first)
            if len(parties) >= 2:
                out.append(([parties[0]], parties[1], "merger-between", cue.start()))
    for m in v.orgs:
        verb = re.match(VERB[lang], v.text[m.end - v.off:])
        if verb and not v.negated(m.end - v.off):
            target = _after(v, m.end + verb.end(), 60)
            if target is not None and re.search(r"\b(?:from|von|bei|of\s+its|of\s+their|seine[rn]?|ihre[rn]?)\b",
                                                v.text[m.end - v.off + verb.end():target.start - v.off]):
                target = None  # "buys almost all of its wafers from Orion": goods, not a company
            if target is not None:
                holders = [m]
                prev = v.before(m.start, COMPANIES, within=12)
                if prev is not None and re.fullmatch(r"\s*(?:,|and|und|sowie)\s*(?:der|die|das|the)?\s*", v.text[prev.end - v.off:m.start - v.off]):
                    holders = [prev, m]
                out.append((holders, target, "verb", m.end - v.off))
    for cue in v.find(PASSIVE[lang]):
        target = v.before(v.abs(cue.start()), COMPANIES, within=40)
        if lang == "de" and not re.match(PASSIVE_DE_END, v.text[cue.end():]):
            continue
        acquirer = _after(v, v.abs(cue.end()), 40)
        if target is not None and acquirer is not None:
            out.append(([acquirer], target, "passive", cue.start()))
    if lang == "de":
        for cue in v.find(INTENT_DE):  # "Henkel beabsichtigt, … 77 % der Anteile der Schwarzkopf zu erwerben"
            subj = v.before(v.abs(cue.start()), COMPANIES, within=40)
            obj = cue.group("obj")
            share = re.search(r"\bAnteile\s+(?:der|an\s+der|an\s+dem|am|an|des)\s+", obj)
            target = _after(v, v.abs(cue.start("obj") + share.end()), 30) if share else \
                next((m for m in reversed(v.orgs) if cue.start("obj") <= m.start - v.off < cue.end("obj")), None)
            if subj is not None and target is not None:
                out.append(([subj], target, "intent", cue.start()))
        for cue in v.find(PERFECT_DE):
            subj = v.before(v.abs(cue.start()), COMPANIES, within=60)
            target = v.after(v.abs(cue.start("obj")), COMPANIES, within=len(cue.group("obj")))
            if subj is not None and target is not None:
                out.append(([subj], target, "verb", cue.start()))
    return out


def acquisition(v: View) -> Iterator[Candidate]:
    """Acquisitions and mergers as stakes (see the module docstring)."""
    if v.hedged and not re.search(r"\b(?:acqui|übernahm|Übernahme|Erwerb)", v.text):
        return
    if re.search(NO_DEAL[v.lang], v.text):
        return
    for holders, target, rule, pos in deals(v):
        attrs = _attrs(v, v.lang, pos, pos)
        for h in holders:
            c = _stake(v, h, target, rule, attrs)
            if c is not None:
                yield c


def subsidiary(v: View) -> Iterator[Candidate]:
    """Parent → subsidiary ("ARKO Corp. and its subsidiary GPM", "Thompson ist eine 100 %-ige
    Tochtergesellschaft von Henkel", "über ihre Tochtergesellschaft Thompson", "die Alphabet-Tochter Google")."""
    if v.hedged:
        return
    for m in v.orgs:
        tail = v.text[m.end - v.off:]
        for pat, order in SUBSIDIARY[v.lang]:
            t = re.match(pat, tail)
            if not t:
                continue
            other = _after(v, m.end + t.end(), 30)
            if other is None:
                continue
            parent, child = (m, other) if order == "parent-first" else (other, m)
            share = re.search(r"(\d+)\s*%-?ige", t.group(0))
            attrs = {"description": "subsidiary", **({"share": int(share.group(1))} if share else {})}
            c = _stake(v, parent, child, "subsidiary", attrs, 0.7)
            if c is not None:
                yield c
            break
    for cue in v.find(OWN_SUBSIDIARY[v.lang]):
        child = _after(v, v.abs(cue.end()), 3)
        parent = v.before(v.abs(cue.start()), COMPANIES)
        if child is not None and parent is not None:
            c = _stake(v, parent, child, "own-subsidiary", {"description": "subsidiary"}, 0.65)
            if c is not None:
                yield c


def stake_without_percent(v: View) -> Iterator[Candidate]:
    """"Amazon, an investor in Anthropic", "a major backer of OpenAI", "Microsoft ist an OpenAI beteiligt",
    "die Beteiligung von Microsoft an OpenAI"."""
    if v.hedged:
        return
    for pat, how in STAKE_NO_PERCENT[v.lang]:
        for cue in v.find(pat):
            if v.negated(cue.start()):
                continue
            if how == "holder-before":
                holder = v.before(v.abs(cue.start()), COMPANIES + ("person",), within=40)
                target = _after(v, v.abs(cue.end()), 3)
            elif how == "nominal":
                holder = _after(v, v.abs(cue.end()), 3)
                an = re.match(r"[^.;]{0,15}?\ban\s+", v.text[holder.end - v.off:]) if holder else None
                target = _after(v, holder.end + an.end(), 3) if an else None
            else:
                holder = v.before(v.abs(cue.start()), COMPANIES + ("person",), within=40)
                target = _after(v, v.abs(cue.end()), 3)
                if target is not None and "beteiligt" not in cue.group(0) and \
                        not re.match(r"[^.;]{0,40}?\bbeteiligt\b", v.text[target.end - v.off:]):
                    target = None
            if holder is None or target is None:
                continue
            kind = "financing" if re.search(r"backer|investor", cue.group(0)) else "shareholding"
            attrs = {"status": "invested"} if kind == "financing" else {"description": "stake (size not stated)"}
            if v.a.index.known[holder.actor].authority or holder.actor == target.actor:
                continue
            yield v.candidate("relations", kind, holder, target, f"{v.lang}.{kind}.{how}", 0.6, attrs=attrs)
