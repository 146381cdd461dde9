"""Rules for regulators and courts: regulatory actions (an event of kind ``decision``: authority → the
party acted on, with the action and its status) and allegations (claims of kind ``allegation``).

An authority is an actor marked ``authority`` (the gazetteer's competition authorities, courts and
regulators; a store's ``state_body`` actors), named or referred to as "the Commission", "the agency", "das
Amt", "die Behörde". Its target is, in this order: the acquirer of a deal the sentence states ("the
acquisition of Ferro by Prince" → Prince), the organisation right after the action ("investigating
Microsoft", "gegen Microsoft", "required ARKO"), else the first other organisation of the sentence. A
court's judgment acts on the authority whose decision it reviews ("the judgement of the General Court
upholding a … Commission decision").

Actions (``attrs["action"]``): investigation, clearance, conditional clearance, prohibition, lawsuit,
complaint, order, fine, designation, review, judgment.
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.actors import Mention
from kingmaker.extract.candidates import Candidate
from kingmaker.extract.quantities import find_date
from kingmaker.extract.rulebase import View
from kingmaker.extract.rules_deals import COMPANIES, MERGER, _coordinated, deals, in_group_phrase

NOT_PROHIBITED_DE = r"\bnicht\s+(?:zu\s+)?untersag\w*"
"""A clearance worded as the absence of a prohibition, as authorities and courts write it: "wird unter folgenden
Auflagen nicht untersagt", "beschlossen, den Zusammenschluss nicht zu untersagen"."""
ACTIONS = {  # (action, regex) in order of precedence
    "en": [("prohibition", r"\bprohibit\w*|\bblock(?:ed|s)?\b(?!\s+(?:minority|stake))"),
           ("lawsuit", r"\bsu(?:e|ed|es|ing)\b|\blawsuit\b|\btook\s+(?:\w+\s+)?to\s+court\b"),
           ("complaint", r"\b(?:administrative\s+)?complaint\b|\bcharge[sd]\b|\bchallenge[sd]?\b"),
           ("fine", r"\bfine[sd]?\b|\bpenalt(?:y|ies)\b"),
           ("conditional clearance", r"\b(?:approv|clear)\w*\b[^.;]{0,120}\b(?:conditional|subject to|commitments|remed\w+|divest\w+)"),
           ("clearance", r"\bapprov\w*|\bclear(?:s|ed|ance)\b|\bgreen light\b|\bwave[sd]? through\b"),
           ("order", r"\b(?:consent\s+)?order\w*\b|\brequire[sd]?\b|\bdivest\w*"),
           ("investigation", r"\binvestigat\w+|\binquir\w+|\benquir\w+|\bprob(?:e|es|ed|ing)\b|\bscrutin\w+|\bexamin\w+|"
                             r"\breview\w*|\bin-depth\b|\bphase\s+(?:1|2|I|II|one|two)\b"),
           ("decision", r"\bdecision\b|\bconcluded\b|\bruled?\b|\bveto\w*\b|\bjudge?ments?\b|\bupheld\b|\bupholding\b")],
    "de": [("clearance", NOT_PROHIBITED_DE),
           ("prohibition", r"\buntersag\w*|\bverbiet\w*|\bverbot\w*|\bVerbot\w*"),
           ("fine", r"\bBußgeld\w*|\bGeldbuße\w*|\bStrafe\w*"),
           ("lawsuit", r"\bverklagt\w*|\bKlage\b|\bklagt\w*"),
           ("clearance", r"\bohne\s+(?:Auflagen|Bedingungen|Zusagen)\b"),  # "ohne Auflagen und Bedingungen freigegeben"
           ("conditional clearance", r"\b(?:freigegeben|genehmigt|Freigabe|(?:Ausnahme|Minister)erlaubnis)\b[^.;]{0,120}\b(?:Auflage\w*|"
                                     r"Bedingung\w*|Zusage\w*)|"
                                     r"\b(?:Auflage\w*|Bedingung\w*|Zusage\w*)\b[^.;]{0,120}\b(?:freigegeben|genehmigt|Freigabe)\b"),
           ("clearance", r"\bfreigegeben\b|\bFreigabe\b|\b(?:Ausnahme|Minister)erlaubnis\b[^.;]{0,80}\berteilt\b|\bgibt\b[^.;]{0,80}\bfrei\b|\bgenehmig\w*|\bgrünes Licht\b|\bfällt nicht\b|"
                         r"\bzugestimmt\b|\bstimmt\w*\b[^.;]{0,80}\bzu\b|\bbewillig\w*|\berlaubt\b|"
                         r"\bunterf(?:ällt|allen)\b[^.;]{0,40}\bnicht\b"),
           ("order", r"\bauferleg\w*|\bfür\s+(?:rechts)?verbindlich\s+erklärt\w*"),  # "hat der X Verpflichtungen auferlegt",
           # "hat die Zusagen der X für rechtsverbindlich erklärt" (a commitments decision)
           ("investigation", r"\bprüf\w*|\bPrüf\w*|\b(?:über)?geprüft\b|\büberprüf\w*|\buntersuch\w*|\bUntersuchung\w*|\bermittel\w*|\bVerfahren\b|\beingeleitet\b|"
                             r"\bleitet\w*\b[^.;]{0,80}\bein\b|\bunter die Lupe\b|\bnimmt\b[^.;]{0,60}\bin den Blick\b"),
           ("designation", r"\beingestuft\b|\bfestgestellt\b|\bFeststellung\b|\bstuft\w*\b[^.;]{0,80}\bein\b|"
                           r"\büberragende\w*\s+marktübergreifende\w*\s+Bedeutung\b"),
           ("annulment", r"\bfür\s+nichtig\s+erklärt\w*|\bNichtigerklärung\w*"),
           ("decision", r"\bentschied\w*|\bentschieden\b|\bEntscheidung\w*|\bBeschluss\w*|\babgewiesen\b|\bUrteil\w*|\bbestätigt\w*")],
}
AUTHORITY_WORDS = {
    "en": r"\b(?:(?:the|The)\s+(?P<head>agency|Agency|Authority|authority|regulator|watchdog|Court|court|tribunal|Tribunal|"
          r"Department|Office|Bureau)\b|(?P<commission>Commission)(?:['’]s)?\b)",
    "de": r"\b(?:(?:[Dd]ie|[Dd]as|[Dd]er|[Dd]em|[Dd]es)\s+(?:(?:in\s+[A-ZÄÖÜ][\wäöüß-]+\s+)?[a-zäöü][\wäöüß-]*\s+){0,2}(?P<head>Amt|Amtes|Behörde|Wettbewerbsbehörde|Kartellbehörde|"
          r"Aufsichtsbehörde|Wettbewerbshüter|Gericht|Gerichts|Kartellgericht)\b|(?P<commission>Kommission)\b)",
}
COURT_HEADS = r"(?i:court|tribunal|gericht)"
AUTHORITY_ACT = {"de": r"\bKommissions(?:beschluss|entscheidung)\w*", "en": r"(?!x)x"}
"""An authority's act named by a compound, as German writes the Commission's decisions: "einen früheren
Kommissionsbeschluss für nichtig erklärt" (the Commission, the act a court reviews)."""
DEFAULT_COMMISSION = "european-commission"
COURT_OF = {"en": r"\bjudg(?:e)?ments?\s+of\s+(?:the\s+)?$", "de": r"\bUrteil\w*\s+(?:des|der)\s+$"}
ALLEGATION = {
    "en": r"\ballege[sd]?\b|\balleging\b|\ballegations?\b|\bcharges?\s+that\b|\baccus\w+|\bcomplaint\s+alleged\b",
    "de": r"\bwirft\b[^.;]{0,80}\bvor\b|\bwarf\b[^.;]{0,80}\bvor\b|\bvorgeworfen\b|\bVorwurf\w*|\bVorwürfe\w*|\bbeschuldig\w+|"
          r"\bverstoßen habe\b|\bgegen\s+§\s*\d+\w*\s+\w+\s+verstoßen\b",
}
COMMENTARY = r"\b(?:Weitere Informationen|Further information|More information)\b"


def _authorities(v: View) -> list[Mention]:
    """Authorities the sentence names or refers to ("the Commission" → the last authority named)."""
    out = [m for m in v.mentions if v.a.index.known[m.actor].authority]
    for w in v.find(AUTHORITY_WORDS[v.lang]):
        pos = v.abs(w.start())
        if any(m.start <= pos < m.end for m in out):
            continue
        ref = _last_authority(v, pos, w.group("head") or w.group("commission"))
        if ref is None and w.group("commission") and DEFAULT_COMMISSION in v.a.index.known:
            ref = DEFAULT_COMMISSION  # "die Kommission" with no commission named before: the European Commission
        if ref is not None:
            out.append(Mention(pos, v.abs(w.end()), ref, w.group(0), v.a.index.known[ref].kind, "anaphor"))
    for w in v.find(AUTHORITY_ACT[v.lang]):
        if DEFAULT_COMMISSION in v.a.index.known and not any(m.start <= v.abs(w.start()) < m.end for m in out):
            out.append(Mention(v.abs(w.start()), v.abs(w.end()), DEFAULT_COMMISSION, w.group(0),
                               v.a.index.known[DEFAULT_COMMISSION].kind, "anaphor"))
    return sorted(out, key=lambda m: m.start)


def _last_authority(v: View, pos: int, head: str) -> str | None:
    """The last authority named before ``pos`` that fits the head noun: a commission for "the Commission", a
    court for "the Court", any other authority for "the agency", "das Amt", "die Behörde"."""
    for m in reversed(v.a.mentions_before(pos, 3000)):
        k = v.a.index.known[m.actor]
        if not k.authority:
            continue
        court = "court" in k.types or re.search(COURT_HEADS, k.name) is not None
        if re.fullmatch(r"Commission|Kommission", head):
            if re.search(r"Commission|Kommission", " ".join(k.variants)):
                return m.actor
        elif re.search(COURT_HEADS, head):
            if court:
                return m.actor
        elif not court:
            return m.actor
    return None


def _target(v: View, holder: Mention, cue: re.Match, authorities: list[Mention]) -> Mention | str | None:
    skip = {a.actor for a in authorities}
    for acquirers, target, _, _ in deals(v):
        for a in acquirers:
            if a.actor not in skip:
                return a
    def head(m: Mention) -> bool:  # a compound's first part ("die Quarn-Mutter Velmar", "Facebook- sowie …") is none,
        return m.actor not in skip and v.a.index.known[m.actor].kind in COMPANIES and \
            not re.match(r"-(?:\s|[A-ZÄÖÜ][a-zäöüß])", v.text[m.end - v.off:m.end - v.off + 3]) and \
            not in_group_phrase(v, m)  # nor the group in "das zur Velmar-Gruppe gehörende Quarnwerk"

    after = next((m for m in v.orgs if head(m) and v.abs(cue.end()) <= m.start <= v.abs(cue.end()) + 40), None)
    if after is not None and not re.search(r"[;.]\s", v.text[cue.end():after.start - v.off]):
        return after
    named = next((m for m in v.orgs if head(m)), None)
    if named is not None:
        return named
    for j in range(v.i - 1, max(-1, v.i - 4), -1):  # the deal notified just before ("Nach Prüfung der Anmeldung …")
        for acquirers, _, _, _ in deals(View(v.a, j)):
            return acquirers[0]
    if v.i + 1 < len(v.a.sentences) and re.search(r"\b(?:Zusammenschluss|Vorhaben|Erwerb|Übernahme|merger|deal)\b", v.text):
        for acquirers, _, rule, _ in deals(View(v.a, v.i + 1)):  # "… freigegeben. Erwerberin ist die X AG, …"
            if rule == "roles":
                return acquirers[0]
    if re.search(THE_DEAL[v.lang], v.text):  # "… Erhöhung der Anteile an Adeg … Die Behörde wird das Vorhaben … prüfen"
        for j in range(v.i - 1, max(-1, v.i - 3), -1):
            named = next((m for m in View(v.a, j).orgs if head(m) and not v.a.index.known[m.actor].authority), None)
            if named is not None:
                return named
    if re.search(THE_DEAL[v.lang], v.text) or v.lang == "de" and re.search(THE_TRANSACTION_DE, v.text):
        for j in range(v.i - 1, -1, -1):  # "Im Jahr 2012 hatte das Bundeskartellamt die Transaktion untersagt": the deal
            for acquirers, _, _, _ in deals(View(v.a, j)):  # stated last, however far back (a release's one deal)
                if acquirers[0].actor not in skip:
                    return acquirers[0]
    return None


THE_TRANSACTION_DE = r"\b(?:die|diese)\s+(?:\w+\s+)?(?:Transaktion|Fusion|Übernahme)\b(?!\s+(?:der|des|von|vom|durch)\b)"
"""The deal of the sentences before as "die Transaktion", "diese Fusion", "die geplante Übernahme" (with no object after it):
only a deal stated before (its acquirer) is meant, not any company named there."""


THE_DEAL = {"de": r"\b(?:das|dieses)\s+(?:\w+\s+)?Vorhaben\b|\b(?:den|diesen)\s+(?:\w+\s+)?Zusammenschlu(?:ss|ß)\b",
            "en": r"\b(?:the|this)\s+(?:proposed\s+|planned\s+)?(?:transaction|deal)\b"}
"""The deal of the sentences before, named by a definite noun: "wird das Vorhaben einer eingehenden Prüfung unterziehen"."""


def regulatory_action(v: View) -> Iterator[Candidate]:
    """Regulatory actions: authority → target, with the action (see the module docstring)."""
    if v.a.predicting[v.i] or re.search(COMMENTARY, v.text):
        return
    auths = [a for a in _authorities(v) if not _reference(v, a)]
    if not auths:
        listed = list(_listed_actions(v))
        yield from listed or _agentless_action(v)
        return
    court = next((a for a in auths if re.search(COURT_OF[v.lang], v.text[:a.start - v.off])), None)
    if court is not None:  # "the judgement of the General Court upholding a 2020 Commission decision"
        others = [a for a in auths if a.actor != court.actor]
        if others:
            yield _decision(v, court, others[-1], "judgment")
        auths = [a for a in others if a.start > court.end]
    acting = auths[0] if auths else None
    if acting is None:
        return
    for action, pat in ACTIONS[v.lang]:
        cue = re.search(pat, v.text[acting.end - v.off:]) or re.search(pat, v.text)
        if cue is None or action == "designation" and _finds_on_competition(v):
            continue
        if action in ("order", "fine") and v.negated(cue.start() + (acting.end - v.off if cue.string is not v.text else 0)):
            continue  # "hat der X keine Verpflichtungen auferlegt", "kein Bußgeld verhängt": no order, no fine
        target = _target(v, acting, cue, auths)
        if target is None and _is_court(v, acting):  # "das Gericht … hat einen Kommissionsbeschluss für nichtig erklärt"
            target = next((a for a in auths if a.actor != acting.actor), None)
        if target is None or (target.actor if isinstance(target, Mention) else target) == acting.actor:
            continue
        yield _decision(v, acting, target, action)
        if isinstance(target, Mention):  # "gegen Apple und die … Mutter Meta": each (not the other side of a deal)
            bought = {d[1].actor for d in deals(v)}
            for t in _coordinated(v, target)[1:]:
                if t.actor != acting.actor and t.actor not in bought and not v.a.index.known[t.actor].authority:
                    yield _decision(v, acting, t, action)
        yield from (_decision(v, acting, t, action) for t in _more_deals(v, target, auths))
        return


MORE_DEALS = {"de": r"\b(?:sowie|und)\s+(?:den|die|das|der)\s+(?:[a-zäöü]\w*\s+)?(?:Zusammenschlu(?:ss|ß)|Übernahme|Erwerb|Kauf|Fusion)",
              "en": r"\b(?:and|as well as)\s+(?:the\s+)?(?:\w+\s+)?(?:merger|acquisition|takeover|purchase)\b"}
"""A second deal the same action covers: "genehmigte den Zusammenschluss der A mit der B sowie den Zusammenschluss der C
mit der D"."""


def _more_deals(v: View, first, authorities: list[Mention]) -> list[Mention]:
    """Parties of further deals the sentence lists with the one the action was found on (:data:`MORE_DEALS`): the
    acquirer of each acquisition, the first party of each merger ("Zusammenschluss der A mit der B"), in text
    order; each after the first must follow "sowie den Zusammenschluss …". Not ``first`` again."""
    if not isinstance(first, Mention):
        return []
    skip = {a.actor for a in authorities}
    listed: list[tuple[int, Mention]] = [(pos, d[0][0]) for d in deals(v) if d[2] != "merger-between" for pos in [d[3]]]
    for cue in v.find(MERGER[v.lang]):
        party = v.after(v.abs(cue.end()), COMPANIES, within=60)
        if party is not None:
            listed.append((cue.start(), party))
    listed = [(p, m) for p, m in sorted(listed, key=lambda x: x[0]) if m.actor not in skip]
    chain: list[Mention] = []
    for k, (pos, m) in enumerate(listed):
        between = v.text[listed[k - 1][0]:pos + 20]  # up to the deal's own noun
        if k and (";" in between or not re.search(MORE_DEALS[v.lang], between)):
            break
        chain.append(m)
    if len(chain) < 2 or first.actor not in {m.actor for m in chain}:
        return []
    seen = {first.actor}
    return [m for m in chain if not (m.actor in seen or seen.add(m.actor))]


PRONOUN_SUBJECT = {
    "de": r"^(?:Diese|Sie|Dieses|Dies|Letztere)\s+(?:betr(?:ifft|effen)|umfass\w*|richte[nt]\s+sich|gilt|gelten)\b",
    "en": r"^(?:These|They|This|It|The latter)\s+(?:concerns?|relates?|covers?|involves?|targets?)\b",
}
"""A sentence whose subject is a pronoun for the proceedings of the sentence before: "Neben der hier beschriebenen
Untersuchung laufen derzeit sieben weitere eingehende Prüfverfahren (Phase II). Diese betreffen die geplante
Übernahme von Gemalto durch Thales, …"."""


def _listed_actions(v: View) -> Iterator[Candidate]:
    """The actions a pronoun subject refers back to (:data:`PRONOUN_SUBJECT`): the authority acting in the
    sentence before (or the authority it names last), the action found there, and as targets the acquirers of
    every deal this sentence lists — one decision each."""
    if v.i == 0 or re.match(PRONOUN_SUBJECT[v.lang], v.text) is None:
        return
    prev = View(v.a, v.i - 1)
    action = next((a for a, pat in ACTIONS[v.lang] if re.search(pat, prev.text)), None)
    acting = None
    for j in range(v.i - 1, max(-1, v.i - 4), -1):  # the authority of the proceedings, named or referred to
        auths = [a for a in _authorities(View(v.a, j)) if not _reference(View(v.a, j), a)]
        if auths:
            acting = auths[-1]
            break
    if acting is None or action is None:
        return
    seen: set[str] = set()
    for acquirers, _, _, _ in deals(v):
        for a in acquirers:
            if a.actor not in seen and not v.a.index.known[a.actor].authority:
                seen.add(a.actor)
                yield _decision(v, acting, a, action)


AGENTLESS = {
    "de": r"\b(?:wurde|wurden|ist|sind)\b[^.;]{0,80}?\b(?:untersucht|geprüft|freigegeben|untersagt|genehmigt)\b",
    "en": r"\b(?:was|were|has been|have been)\s+(?:\w+\s+){0,3}?(?:cleared|approved|investigated|reviewed|prohibited|blocked)\b",
}
"""A regulatory action in the passive with no agent: "Die Anmeldung des Vorhabens der AMEOS Gruppe … wurde im
Rahmen eines Hauptprüfverfahrens vertieft untersucht"."""


def _agentless_action(v: View) -> Iterator[Candidate]:
    """An action in the passive (:data:`AGENTLESS`) on a deal the sentence states, in a text that names one
    authority only (a press release or case report of that authority): that authority acted on the acquirer."""
    cue = re.search(AGENTLESS[v.lang], v.text)
    if cue is None:
        return
    named = {m.actor for m in v.a.mentions if v.a.index.known[m.actor].authority}
    if len(named) != 1:
        return
    deal = next(iter(deals(v)), None)
    if deal is None:
        return
    authority = named.pop()
    acting = Mention(v.off, v.off, authority, "", v.a.index.known[authority].kind, "anaphor")
    action = next((a for a, pat in ACTIONS[v.lang] if re.search(pat, cue.group(0))), None)
    if action is not None:
        yield _decision(v, acting, deal[0][0], action)


DECISION_HEADING = r"\b(?:ARTIKEL|Artikel|ARTICLE|Article)\s+6\s*\(1\)\s*\(b\)\s*(?:ENTSCHEIDUNG|Entscheidung|DECISION|Decision)\b"
"""The heading of a European Commission merger decision clearing a deal in phase 1 (Article 6(1)(b) of the Merger
Regulation): "FUSIONSVERFAHREN ARTIKEL 6(1)(b) ENTSCHEIDUNG"."""


def decision_heading(v: View) -> Iterator[Candidate]:
    """The Commission's phase-1 clearance (:data:`DECISION_HEADING`) of the deal the decision goes on to describe:
    one decision on each acquirer of the first deal stated in the next sentences."""
    if re.search(DECISION_HEADING, v.text) is None or DEFAULT_COMMISSION not in v.a.index.known:
        return
    acting = Mention(v.off, v.off, DEFAULT_COMMISSION, "", v.a.index.known[DEFAULT_COMMISSION].kind, "anaphor")
    for j in range(v.i, min(len(v.a.sentences), v.i + 8)):
        found = deals(View(v.a, j))
        if found:
            for a in found[0][0]:
                if not v.a.index.known[a.actor].authority:
                    yield _decision(v, acting, a, "clearance")
            return


def _finds_on_competition(v: View) -> bool:
    """"Das Bundeskartellamt hat … festgestellt, dass die vom X und von der Y betriebenen Krankenhäuser den Markt gemeinsam
    beherrschen": a finding on competition (a claim, :func:`rules_claims.competition_finding`), no designation of X."""
    from kingmaker.extract.rules_claims import competition_finding

    return competition_finding(v)


def _is_court(v: View, m: Mention) -> bool:
    k = v.a.index.known[m.actor]
    return "court" in k.types or re.search(COURT_HEADS, k.name) is not None


def _reference(v: View, m: Mention) -> bool:
    """"under the terms of the FTC's proposed divestiture order": the authority named only as the owner of
    an act already told, not acting in this sentence."""
    return re.search(r"['’]s$", m.surface) is not None and not re.match(r"\s*(?:decision|Entscheidung)\s+to\b",
                                                                         v.text[m.end - v.off:]) and \
        re.search(r"\b(?:under|according to|in line with|gemäß|nach)\b[^.;]{0,40}$", v.text[:m.start - v.off]) is not None


def _decision(v: View, holder: Mention, target, action: str) -> Candidate:
    tid = target.actor if isinstance(target, Mention) else target
    date = find_date(v.text)
    k = v.a.index.known
    return v.candidate("events", "decision", holder, target, f"{v.lang}.event.regulatory-{action.replace(' ', '-')}", 0.65,
                       date=date if date and len(date) == 10 else None, actors=[holder.actor, tid],
                       title=f"{k[holder.actor].name}: {action} ({k[tid].name})", attrs={"action": action},
                       key=("regulatory",))


SUSPECTED = {"de": r"\b(?:könnte[n]?|möglicherweise|mutmaßlich\w*|Verdacht\w*)\b[^.;]{0,120}?\b(?:Missbrauch\w*|Verstoß\w*|"
                   r"missbräuchlich\w*|verstoß\w*)",
             "en": r"(?!x)x"}
"""An infringement an authority suspects, as its head puts it when proceedings open: "Diese Kopplung könnte einen
verbotenen Missbrauch einer marktbeherrschenden Stellung … darstellen" (only where an authority speaks; German only:
English allegations are stated as such)."""


def allegation(v: View, author: str, date: str | None) -> Iterator[Candidate]:
    """"The agency alleges that …", "The complaint alleged …", "wirft … vor": an allegation (a claim); an infringement
    an authority suspects (:data:`SUSPECTED`)."""
    from kingmaker.extract.rules_claims import authority_speaking

    m = re.search(ALLEGATION[v.lang], v.text)
    if m is None and re.search(SUSPECTED[v.lang], v.text) and authority_speaking(v) is not None:
        m = re.search(SUSPECTED[v.lang], v.text)
    if m is None:
        return
    about: list[str] = []
    for x in v.mentions:
        if x.actor not in about:
            about.append(x.actor)
    auth = next((x for x in _authorities(v)), None)
    yield v.candidate("claims", "allegation", author, about[0] if about else None, f"{v.lang}.claim.allegation", 0.6,
                      actors=about, title=v.text, date=date, key=("sentence", v.i),
                      attrs={"alleged_by": auth.actor} if auth else {})
