"""Rules for relations: officers, board seats, stakes, financing, licences, supply, staff, offers, levers.

Each rule is ``rule(view) -> candidates`` and is named ``<lang|any>.<kind>.<pattern>`` in its output.
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.candidates import Candidate
from kingmaker.extract.context import ORG
from kingmaker.extract.quantities import find_date, find_money, find_percent, plain, to_number
from kingmaker.extract.rulebase import View

ACTORS = ORG + ("person", "group")
ROLES = [  # (pattern, normalised role, relation kind)
    (r"CEO|chief executive(?: officer)?|Vorstandschef(?:in)?|Vorstandsvorsitzende[rn]?|Geschäftsführer(?:in)?|"
     r"Chef(?:in)?", "CEO", "officer"),
    (r"CFO|chief financial officer|Finanzvorstand|Finanzchef(?:in)?", "CFO", "officer"),
    (r"CTO|chief technology officer|Technikchef(?:in)?", "CTO", "officer"),
    (r"COO|chief operating officer", "COO", "officer"),
    (r"[Pp]resident|Präsident(?:in)?", "President", "officer"),
    (r"(?:general |managing )?partner|Partner(?:in)?", "partner", "employment"),
]
ROLE_RE = "|".join(f"(?P<r{i}>{p})" for i, (p, _, _) in enumerate(ROLES))
PREP = r"\s*(?:von|bei|of|at|for|der|des)?\s*"


def _role(m: re.Match) -> tuple[str, str]:
    for i, (_, norm, kind) in enumerate(ROLES):
        if m.group(f"r{i}"):
            return norm, kind
    raise AssertionError


def officer(v: View) -> Iterator[Candidate]:
    """"Satya Nadella, CEO von Microsoft", "Priya Raman, chief executive of Lumen", "named X interim CEO"."""
    if v.hedged:
        return
    for m in v.find(rf"(?<![\w-])(?:{ROLE_RE})(?![\w-])"):
        role, kind = _role(m)
        start, end = v.abs(m.start()), v.abs(m.end())
        if re.search(r"(?:former|ehemalige[rn]?|ex-|Ex-|not|nicht|kein\w*)\s+$", v.text[:m.start()]):
            continue
        org = v.after(end, ORG, within=6)
        if org is not None and not re.fullmatch(PREP, v.text[m.end():org.start - v.off]):
            org = None
        person = v.before(start, ["person"], within=50)
        if person is not None:
            between = v.text[person.end - v.off:m.start()]
            if not between.startswith(",") or "," in between[1:] or re.search(r"\b(?:as|als)\b", between):
                person = None if not re.fullmatch(r"\s*(?:interim\s+|(?:resigned|trat|stepped down)\s+as\s+)?", between) else person
        if person is None:
            person = v.after(end, ["person"], within=2)
        if person is None and re.search(r"(?:resigned|stepped down|zurückgetreten)\s+(?:as|als)\s+$", v.text[:m.start()]):
            person = v.before(start, ["person"], within=60)
        if person is None:
            continue
        if org is None and (kind == "officer"):
            org = v.other_org() if len(v.orgs) == 1 else None
        if org is None:
            continue
        interim = re.search(r"(?:interim|kommissarisch\w*|vorläufig\w*)\s+$", v.text[:m.start()]) is not None
        attrs = {"role": role, **({"interim": True} if interim else {})}
        yield v.candidate("relations", kind, person, org, f"{v.lang}.{kind}.role-of", 0.85, attrs=attrs,
                          key=(role,))


def joins(v: View) -> Iterator[Candidate]:
    """"X joins Corvid as chief scientist", "X will lead a new research unit at Corvid" (employment)."""
    if v.hedged:
        return
    pats = {"en": r"\b(?:joins?|joined|will join)\s+(?P<org>)|\b(?:will\s+)?leads?\s+(?:a|the)\s+(?:new\s+)?[\w ]{0,30}?"
                  r"(?:unit|team|division|lab)\s+at\s+(?P<org2>)",
            "de": r"\bwechselt\w*\s+zu\s+(?P<org>)|\bleitet\w*\s+(?:eine|die)\s+(?:neue\s+)?\w*(?:einheit|team|abteilung)\s+bei\s+(?P<org2>)"}
    for m in v.find(pats[v.lang]):
        org = v.after(v.abs(m.end()), ORG, within=1)
        person = v.before(v.abs(m.start()), ["person"], within=60)
        if org is None or person is None or "board" in v.text[m.start():m.end() + 30].lower():
            continue
        role = re.match(r"[^,.;]*?\s+(?:as|als)\s+([\w ]+?)(?:\s+(?:of|at|bei|von)\b|[,.;]|$)", v.text[org.end - v.off:])
        attrs = {"role": role.group(1)} if role else {}
        yield v.candidate("relations", "employment", person, org, f"{v.lang}.employment.joins", 0.6, attrs=attrs)


BOARD = {"de": r"(?:Aufsichtsrat\w*|Vorstand\w*|Beirat\w*|Verwaltungsrat\w*)",
         "en": r"board"}
SEAT = {"de": r"(?:zieht|zog|rückt\w*|kommt|wechselt)\b[^.;]*?\bin den " + BOARD["de"] + r"|Sitz\w* im " + BOARD["de"]
              + r"|(?P<obs>Beobachter(?:posten|sitz|status|rolle)|als Beobachter)|(?P<chair>Aufsichtsratsvorsitz\w*|Vorsitz\w* des "
              + BOARD["de"] + ")",
        "en": r"\bjoin\w*\s+(?:the\s+|its\s+)?" + BOARD["en"] + r"|\bseats?\s+on\s+(?:the\s+|its\s+)?" + BOARD["en"]
              + r"|(?P<obs>observer seat|board observer)|(?P<chair>chair(?:man|woman)?\s+of\s+the\s+board)"}


def board_seat(v: View) -> Iterator[Candidate]:
    """Directors, chairs and observers; a negated clause ("keinen Sitz", "no seat") yields nothing."""
    if v.hedged:
        return
    for m in v.find(SEAT[v.lang]):
        if v.negated(m.start()):
            continue
        a, b = v.clause(m.start())
        tail = re.match(r"[^.;]{0,40}?\b(?:von|of|der|des|bei)\s+", v.text[m.end():])
        subject = v.after(v.abs(m.end() + tail.end()), ORG, within=5) if tail else None
        clause_persons = [p for p in v.persons if a <= p.start - v.off < b]
        clause_orgs = [o for o in v.orgs if a <= o.start - v.off < b and o.actor != (subject and subject.actor)]
        holder = clause_persons[-1] if m.group("chair") and clause_persons else \
            (clause_persons[0] if clause_persons else clause_orgs[0] if clause_orgs else None)
        if subject is None:  # "Einen Sitz im Aufsichtsrat von X bekommt Y nicht, wohl aber einen Beobachterposten"
            body = re.search(BOARD[v.lang] + r"\s+(?:von|of|der|des)\s+", v.text)
            subject = v.after(v.abs(body.end()), ORG, within=5) if body else None
            clause_orgs = [o for o in clause_orgs if o.actor != (subject and subject.actor)]
            holder = holder if holder is None or holder.kind == "person" else (clause_orgs[0] if clause_orgs else None)
        if holder is None:
            holder = next((o for o in v.orgs if o.actor != (subject and subject.actor)), None)
        if subject is None:
            subject = v.other_org(holder.actor if holder else None)
        if holder is None or subject is None or holder.actor == subject.actor:
            continue
        role = "observer" if m.group("obs") else "chair" if m.group("chair") else "director"
        attrs = {"role": role, **({"voting": False} if role == "observer" else {})}
        yield v.candidate("relations", "board_seat", holder, subject, f"{v.lang}.board_seat.{role}", 0.75,
                          attrs=attrs, key=(role,))


STAKE = {"de": r"\b(?:Anteil\w*|Beteiligung\w*|erwirbt|erwarb|übernimmt|übernahm|hält|hielt|besitzt|erhält|Aktien)\b",
         "en": r"\b(?:stake|shares|owns?|hold|holds|acquires?|acquired|takes?|equity)\b"}
SHARE_OF = {"de": (r"^\s*(?:der\s+)?Stimm", "voting_rights", r"^\s*(?:der\s+)?Gewinn", "economic_interest"),
            "en": (r"^\s*of\s+the\s+vot", "voting_rights", r"^\s*of\s+(?:the\s+)?profit", "economic_interest")}


def stake(v: View) -> Iterator[Candidate]:
    """"Wolkenwerk erhält 15 Prozent der Anteile an Aster Labs", "takes an 18% stake in Lumen"."""
    if v.hedged or not re.search(STAKE[v.lang], v.text):
        return
    vote_re, vote_kind, profit_re, profit_kind = SHARE_OF[v.lang]
    for value, ps, pe in find_percent(v.text, v.lang):
        after = v.text[pe:]
        kind = vote_kind if re.match(vote_re, after) else profit_kind if re.match(profit_re, after) else "shareholding"
        subject = v.after(v.abs(pe), ORG, within=45)
        holder = v.before(v.abs(ps), ACTORS, skip=[subject.actor] if subject else [])
        if subject is None or holder is None or holder.actor == subject.actor:
            continue
        yield v.candidate("relations", kind, holder, subject, f"{v.lang}.{kind}.percent", 0.8,
                          attrs={"share": plain(value)})


FINANCE = {"de": r"\b(?:investier\w*|Investition\w*|Darlehen|Kredit\w*|Finanzierung\w*|finanzier\w*|zugesagt\w*|steigt\b[^.]*\bein\b)",
           "en": r"\b(?:invest(?:s|ed|ing|ments?)?|loan|credit line|funding|financ(?:e|es|ed|ing)|put\b[^.]{0,30}\binto|raised|committed)\b"}
INSTRUMENT = [(r"Darlehen|Kredit|loan|credit", "loan"), (r"Cloud-Guthaben|Rechenguthaben|cloud credits", "cloud credits"),
              (r"Wandel\w*|convertible", "convertible")]


def financing(v: View) -> Iterator[Candidate]:
    """Money from one actor into another: "investiert Wolkenwerk 300 Millionen Euro in Aster Labs"."""
    cue = None if v.hedged else re.search(FINANCE[v.lang], v.text)
    if cue is None:
        return
    monies = find_money(v.text, v.lang)
    committed = re.search(r"zugesagt\w* Investition\w*|committed (?:investment|funding)", v.text)
    for money in monies or ([None] if committed else []):
        pos = money.end if money else cue.end()
        into = re.match(r"[^.;]{0,25}?\b(?:in|into|an|für|to)\s+", v.text[pos:])
        subject = v.after(v.abs(pos + into.end()), ORG, within=4) if into else None
        if subject is not None:  # "X invests N in Y": the investor is the nearest other party before
            holder = v.before(v.abs(money.start if money else cue.start()), ORG + ("person",), skip=[subject.actor])
            holder = holder or v.after(v.abs(cue.end()), ORG, skip=[subject.actor])
        else:  # "gewährt X der Y ein Darlehen": first the lender, then the borrower
            holder = v.other_org()
            subject = v.other_org(holder.actor) if holder else None
        if holder is None or subject is None or holder.actor == subject.actor:
            continue
        attrs: dict = {"status": "committed"}
        if money:
            attrs.update(amount=plain(money.amount), currency=money.currency)
        for pat, name in INSTRUMENT:
            if re.search(pat, v.text):
                attrs["instrument"] = name
                break
        date = find_date(v.text)
        if re.search(r"\b(?:seit|since)\s+\d{4}", v.text):
            attrs["from"] = date
            date = None
        yield v.candidate("relations", "financing", holder, subject, f"{v.lang}.financing.amount" if money else
                          f"{v.lang}.financing.committed", 0.75 if money else 0.6, attrs=attrs,
                          key=(attrs.get("amount"),))
        if date and len(date) == 10:
            yield v.candidate("events", "investment", holder, subject, f"{v.lang}.event.investment-dated", 0.6,
                              date=date, actors=[holder.actor, subject.actor],
                              title=f"investment ({attrs.get('amount', 'amount not stated')} {attrs.get('currency', '')})".strip())


LICENCE = {"de": r"\bLizenz\w*\b", "en": r"\blicen[cs]e\w*\b"}


def licence(v: View) -> Iterator[Candidate]:
    """"pay $650 million for a non-exclusive licence to Quillon's models": the licensee holds it."""
    m = None if v.hedged else re.search(LICENCE[v.lang], v.text)
    if m is None:
        return
    licensor = v.after(v.abs(m.end()), ORG, within=40)
    licensee = v.before(v.abs(m.start()), ORG, skip=[licensor.actor] if licensor else [])
    if licensor is None or licensee is None:
        return
    before = v.text[max(0, m.start() - 25):m.start()].lower()
    attrs: dict = {}
    if re.search(r"non-exclusive|nicht-exklusiv|nicht exklusiv", before):
        attrs["exclusive"] = False
    elif re.search(r"exclusive|exklusiv", before):
        attrs["exclusive"] = True
    money = find_money(v.text, v.lang)
    if money:
        attrs["description"] = f"paid {plain(money[0].amount):,} {money[0].currency}"
    yield v.candidate("relations", "licence", licensee, licensor, f"{v.lang}.licence.to", 0.65, attrs=attrs)


RESOURCES = {
    "de": [(r"GPUs?|Grafikprozessor\w*|Rechenleistung|Rechenzentr\w*|Server\w*|Rechenguthaben|Supercomputer\w*", "compute"),
           (r"Cloud(?:-Guthaben|-Dienste\w*)?", "cloud"), (r"Chips?", "chips"),
           (r"Ressourcenlieferant\w*|Lieferant\w*", "other")],
    "en": [(r"GPUs?|compute|computing power|servers?|data cent(?:er|re)s?|supercomputers?", "compute"),
           (r"cloud(?: credits| services| capacity)?", "cloud"), (r"chips?", "chips"), (r"supplier", "other")],
}
CUSTOMER = {"de": r"\bAbnehmer\w*\b", "en": r"\b(?:customer|buyer)\b"}
EXCLUSIVE = r"\b(?:ausschließlich|exklusiv\w*|exclusive(?:ly)?|sole)\b"


def supply(v: View) -> Iterator[Candidate]:
    """Who supplies what to whom (GPUs, compute, cloud, chips), and exclusivity; customers too."""
    if v.hedged or len({m.actor for m in v.orgs}) < 2:
        return
    for pat, resource in RESOURCES[v.lang]:
        m = re.search(rf"(?<![\w-])(?:{pat})(?![\w])", v.text, re.I if v.lang == "en" else 0)
        if m is None or re.match(r"-?(?:Anbieter|provider|giant|company|Konzern)", v.text[m.end():]):
            continue
        tail = v.text[m.end():m.end() + 12]
        if re.match(r"\s+(?:von|of|from)\s", tail):
            holder = v.after(v.abs(m.end()), ORG, within=8)
            subject = v.other_org(holder.actor) if holder else None
        elif re.match(r"\s+(?:für|for|to)\s", tail):
            subject = v.after(v.abs(m.end()), ORG, within=8)
            holder = v.other_org(subject.actor) if subject else None
        else:
            holder = v.orgs[0]
            subject = v.other_org(holder.actor)
        if holder is None or subject is None:
            continue
        attrs = {"resource": resource, "description": m.group(0)}
        if re.search(EXCLUSIVE, v.text, re.I):
            attrs["exclusive"] = True
        if re.search(r"sperren|abschalten|cut off|block|withdraw", v.text):
            attrs["description"] = f"{m.group(0)} (the supplier can cut off access)"
        yield v.candidate("relations", "supply", holder, subject, f"{v.lang}.supply.{resource}", 0.7, attrs=attrs,
                          key=(resource,))
        return
    m = re.search(CUSTOMER[v.lang], v.text)
    if m:
        supplier = v.after(v.abs(m.end()), ORG, within=12)
        customer = v.other_org(supplier.actor) if supplier else None
        if supplier and customer:
            share = find_percent(v.text, v.lang)
            attrs = {"resource": "other", "description": "sells to the holder's main customer"}
            if share:
                attrs["description"] = f"{plain(share[0][0])} % of its output goes to this customer"
            yield v.candidate("relations", "supply", supplier, customer, f"{v.lang}.supply.customer", 0.6, attrs=attrs,
                              key=("other",))


STAFF_WORD = {"de": r"(?:Mitarbeiter(?:innen|n)?|Beschäftigte[n]?|Angestellte[n]?)", "en": r"(?:employees|staff|people|workers)"}
THREAT = {"de": r"\b(?:droh\w*|bereit\w*\b[^.]{0,60}\b(?:verlassen|kündigen|wechseln))",
          "en": r"\b(?:threaten\w*|ready to (?:quit|leave|resign))"}
APPROX = r"(?:rund|etwa|ca\.|circa|knapp|fast|about|around|some|roughly|nearly|almost)"


def _staff_mention(v: View, pos: int):
    """The staff group a count at ``pos`` is about: a staff mention right there, else the last one before."""
    m = v.after(pos, ["group"], within=3)
    if m is not None:
        return m
    for x in reversed(v.a.mentions):
        if x.end <= pos and x.how in ("staff", "name") and x.kind == "group" and v.a.index.known[x.actor].staff_of:
            return x
    return None


def staff(v: View) -> Iterator[Candidate]:
    """Staff counts ("beschäftigt rund 90 Mitarbeiter", "700 der 770 OpenAI-Mitarbeiter") and exit threats."""
    num = r"\d[\d.,]*"
    pats = {"de": [rf"(?P<n>{num})\s+(?:der|von)\s+(?P<of>{num})\s+", rf"\b(?:alle[n]?|die|der)\s+(?P<of>{num})\s+"],
            "en": [rf"(?P<n>{num})\s+of\s+(?:its\s+|the\s+|their\s+)?(?P<of>{num})\s+", rf"\ball\s+(?P<of>{num})\s+"]}
    for pat in pats[v.lang]:
        for m in v.find(pat):
            group = _staff_mention(v, v.abs(m.end()))
            bare = re.match(STAFF_WORD[v.lang], v.text[m.end():])
            if group is None or (group.start > v.abs(m.end() + 3) and not bare):
                continue
            org = v.a.index.known[group.actor].staff_of
            total = to_number(m.group("of").rstrip(".,"), v.lang)
            yield v.candidate("relations", "employment", group.actor, org, f"{v.lang}.employment.count-of", 0.75,
                              attrs={"count": plain(total)})
            threat = re.search(THREAT[v.lang], v.text[m.end():])
            if m.groupdict().get("n") and threat:
                n = plain(to_number(m.group("n").rstrip(".,"), v.lang))
                yield v.candidate("relations", "other_influence", group.actor, org, f"{v.lang}.other_influence.exit-threat",
                                  0.8, attrs={"interest_type": "exitThreat",
                                              "description": f"exit threat: {n} of {plain(total)} staff threatened to leave"},
                                  key=("exitThreat",))
            return
    verb = {"de": rf"\bbeschäftigt\s+(?:{APPROX}\s+)?(?P<n>{num})\s+{STAFF_WORD['de']}",
            "en": rf"\b(?:employs|has)\s+(?P<approx>{APPROX}\s+)?(?P<n>{num})\s+{STAFF_WORD['en']}"}[v.lang]
    m = re.search(verb, v.text)
    if m:
        org = v.before(v.abs(m.start()), ORG)
        if org is not None:
            group = v.a.index.staff_group(org.actor) or f"{org.actor}-staff"
            if group not in v.a.index.known:
                v.a.index.add(group, "group", f"{v.a.index.known[org.actor].name} staff", [], staff_of=org.actor)
            n = plain(to_number(m.group("n").rstrip(".,"), v.lang))
            approx = re.search(APPROX, v.text[m.start():m.start("n")])
            yield v.candidate("relations", "employment", group, org, f"{v.lang}.employment.employs", 0.75,
                              attrs={"count": f"~{n}" if approx else n})


OFFER = {"de": r"\b(?:Angebot\w*|bot\b|bietet|angeboten|eingeladen|lud\b)", "en": r"\b(?:offer\w*|invited|hir(?:es|ing|ed))\b"}
JOBS = r"Tochtergesellschaft|subsidiary|Jobs?|Stellen|positions|jobs|wechseln|anzuschließen|join|hiring|hires"
LEADER = {"de": r"von\s+(?P<a>[\w ]+?)\s+geleitete|unter der Leitung von\s+(?P<b>[\w ]+?)\b|sich\s+(?P<c>\w+(?: \w+)?)\s+[^.]{0,50}anzuschließen",
          "en": r"led by\s+(?P<a>[\w ]+?)\b"}


def offer(v: View) -> Iterator[Candidate]:
    """Offers of jobs (or more) to a staff group or a person; a named leader gets an offer to lead."""
    m = re.search(OFFER[v.lang], v.text)
    if m is None or v.hedged or re.search(r"\b(?:Hätte|Had)\b", v.text):
        return
    subject = v.groups[0] if v.groups else None
    if subject is None:
        return
    staff_org = v.a.index.known[subject.actor].staff_of
    holder = v.other_org(staff_org) or v.before(v.abs(m.end()) + 40, ["person"])
    if holder is None:
        return
    jobs = re.search(JOBS, v.text)
    what = "jobs at a new subsidiary" if re.search(r"Tochtergesellschaft|subsidiary", v.text) else "jobs" if jobs else "an offer"
    leader = re.search(LEADER[v.lang], v.text)
    lead = None
    if leader:
        pos = v.abs(leader.start())
        lead = v.after(pos, ["person"], within=50)
        if lead is not None:
            what += f" led by {v.a.index.known[lead.actor].name}"
    attrs = {"offer": what, "offer_type": "jobs" if jobs else "other"}
    acc = re.search(r"(?P<n>\d+)\s+(?:of them|davon)\s+(?:have\s+|haben\s+)?(?:accepted|angenommen)", v.text)
    total = re.search(r"\ball\s+(?P<of>\d+)|\balle[n]?\s+(?P<of2>\d+)", v.text)
    if acc:
        attrs["acceptances"] = [{"at": find_date(v.text) or "unknown", "count": int(acc.group("n")),
                                 **({"of": int(total.group("of") or total.group("of2"))} if total else {})}]
    yield v.candidate("relations", "offer", holder, subject, f"{v.lang}.offer.to-staff", 0.75, attrs=attrs)
    if lead is not None and lead.actor != holder.actor:
        yield v.candidate("relations", "offer", holder, lead, f"{v.lang}.offer.to-leader", 0.55,
                          attrs={"offer": "lead a new subsidiary" if "subsidiary" in what else "lead a new unit",
                                 "offer_type": "jobs"})


LEVER = {"de": r"\b(?:Finanzierung|Investitionen|Mittel|Zahlungen|Gelder)\b[^.;]{0,90}?\b(?:zurück(?:zu)?halten|einfrieren|stoppen|aussetzen|zurückziehen)",
         "en": r"\b(?:withh[oe]ld\w*|hold back|freeze|pull)\b[^.;]{0,40}\b(?:funding|investment|payments|money|tranches?)"}


def funding_lever(v: View) -> Iterator[Candidate]:
    """"Microsoft hätte die Finanzierung … zurückhalten können": a lever over the funded party."""
    m = re.search(LEVER[v.lang], v.text)
    if m is None or v.hedged:
        return
    holder = v.before(v.abs(m.start()), ORG)
    subject = v.other_org(holder.actor) if holder else None
    if holder is None or subject is None:
        return
    yield v.candidate("relations", "other_influence", holder, subject, f"{v.lang}.other_influence.withheld-funding", 0.7,
                      attrs={"interest_type": "fundingLever",
                             "description": "can withhold committed funding: " + m.group(0)},
                      key=("fundingLever",))


RULES = [officer, joins, board_seat, stake, financing, licence, supply, staff, offer, funding_lever]
