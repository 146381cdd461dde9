"""Rules for relations: board seats, stakes, financing, licences, supply, staff, offers, levers.

Each rule is ``rule(view) -> candidates`` and is named ``<lang|any>.<kind>.<pattern>`` in its output.
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.actors import Mention
from kingmaker.extract.candidates import Candidate
from kingmaker.extract.context import ORG
from kingmaker.extract.lexicon import BACKER_NOUN_DE, OWNER_NOUN_DE
from kingmaker.extract.quantities import find_date, find_money, find_percent, plain, to_number
from kingmaker.extract.rulebase import View
from kingmaker.extract.rules_officers import founder, joins, officer, represented_by
from kingmaker.extract.rules_news_de import goes_to, relative_owner, takeover_offer
from kingmaker.extract.rules_deals import (IN_CLAUSE_DE, NO_DEAL, _coordinated, acquisition, backers, belongs_to, belongs_to_group, belongs_via, coordinated_before,
                                          coordinated_object, former_owner, group_member, shareholder_noun,
                                          joint_venture,
                                          relative_control, rest_held, held_stake_noun, held_through, sale, stake_without_percent, under_control, subsidiary,
                                          entry_stake, whole_capital)
from kingmaker.extract.rules_rights import APPOINT, appointment_right, veto_right

ACTORS = ORG + ("person", "group")


BOARD = {"de": r"(?:Aufsichtsrat\w*|Vorstand\w*|Beirat\w*|Verwaltungsrat\w*)",
         "en": r"board"}
SEAT = {"de": r"(?:zieht|zog|rückt\w*|kommt|wechselt)\b[^.;]*?\bin den " + BOARD["de"] + r"|Sitz\w* im " + BOARD["de"]
              + r"|(?P<sent>\b(?:entsendet|entsenden|entsandte|entsandten|entsendete|entsendeten)\b[^.;]{0,80}?\bin\s+den\s+"
              + BOARD["de"] + r"|\b(?:im|in\s+dem)\s+" + BOARD["de"] + r"\b[^.;]{0,80}?\bvertreten\b"
              + r"|\bMitglied(?:er)?\s+(?:des|im)\s+" + BOARD["de"] + r"|(?:Aufsichtsrats|Beirats|Verwaltungsrats)mitglied\w*)"
              + r"|\b(?:[Dd]en|dem|im)\s+" + BOARD["de"] + r"\b[^.;]*?\b(?:verstärk\w*|ergänz\w*|sitzt|saß|gewählt)\b"
              + r"|\b(?:stellt|stellen|stellte)\b[^.;]{0,30}\b(?:Aufsichtsräte|Beiräte|Aufsichtsratsmitglieder)\b"
              + r"|Aufsichtsrats(?:sitz|mandat)\w*"
              + r"|(?P<obs>Beobachter(?:posten|sitz|status|rolle)|als Beobachter)|(?P<chair>Aufsichtsratsvorsitz\w*|(?:Aufsichtsrats?|Beirats|Verwaltungsrats)chef(?:in)?\b|"
              + r"(?:Beirats|Verwaltungsrats)vorsitz\w*|Vorsitz\w* (?:des|im) (?!Vorstand)" + BOARD["de"] + ")",
        "en": r"(?P<sent>(?!))\bjoin\w*\s+(?:the\s+|its\s+)?" + BOARD["en"]
              + r"|\bseats?\s+on\s+(?:the\s+|its\s+|\S+['’]s\s+)?" + BOARD["en"] + r"|\bboard seats?\b"
              + r"|\b(?:sits?|sat|serves?|served)\s+on\s+(?:the\s+|its\s+|\S+['’]s\s+)?" + BOARD["en"]
              + r"|(?P<obs>observer seat|board observer)|(?P<chair>chair(?:man|woman)?\s+of\s+the\s+board)"}


def board_seat(v: View) -> Iterator[Candidate]:
    """Directors, chairs and observers; a negated clause ("keinen Sitz", "no seat") yields nothing."""
    if v.hedged:
        return
    for m in v.find(SEAT[v.lang]):
        if v.negated(m.start()) or re.search(r"\b(?:ohne|without)\s+(?:(?:einen|eine|a)\s+)?$", v.text[:m.start()]):
            continue  # "das Unternehmen ohne Vorsitzenden des Vorstands weiterzuführen"
        if m.group("sent") and (re.search(APPOINT[v.lang], v.text) or re.search(r"\bVorstand", m.group("sent"))):
            continue  # "das Recht, zwei Mitglieder in den Aufsichtsrat zu entsenden" is a right (appointment_right), not a seat;
            # a member of the management board ("Mitglied des Vorstands") is an officer (rules_officers)
        a, b = v.clause(m.start())
        tail = re.match(r"[^.;]{0,40}?\b(?:von|of|der|des|bei)\s+", v.text[m.end():])
        subject = v.after(v.abs(m.end() + tail.end()), ORG, within=5) if tail else None
        clause_persons = [p for p in v.persons if a <= p.start - v.off < b]
        clause_orgs = [o for o in v.orgs if a <= o.start - v.off < b and o.actor != (subject and subject.actor)]
        inside = [o for o in v.orgs if m.start() <= o.start - v.off < m.end()]  # "a seat on Kestrel's board"
        if subject is None and inside:
            subject = inside[0]
            clause_orgs = [o for o in clause_orgs if o.actor != subject.actor]
        chair = v.after(v.abs(m.end()), ["person"], within=3) if m.group("chair") else None
        holder = chair or (clause_persons[-1] if m.group("chair") and clause_persons else
                           clause_persons[0] if clause_persons else clause_orgs[0] if clause_orgs else None)
        if subject is None:  # "Einen Sitz im Aufsichtsrat von X bekommt Y nicht, wohl aber einen Beobachterposten"
            body = re.search(BOARD[v.lang] + r"\s+(?:von|of|der|des)\s+", v.text)
            subject = v.after(v.abs(body.end()), ORG, within=5) if body else None
            clause_orgs = [o for o in clause_orgs if o.actor != (subject and subject.actor)]
            holder = holder if holder is None or holder.kind == "person" else (clause_orgs[0] if clause_orgs else None)
        if holder is None:
            holder = next((o for o in v.orgs if o.actor != (subject and subject.actor)), None)
        if subject is None and re.search(r"chef(?:in)?$", m.group(0)) and \
                len({o.actor for o in v.orgs} - {holder.actor if holder else None}) > 1:
            continue  # "AOC, der sieben Prozent an Stada hält, hatte Aufsichtsratschef Abend …": whose chair is not said
        if subject is None:
            subject = v.other_org(holder.actor if holder else None)
        if subject is None and not v.orgs:  # "Den Vorsitz im Beirat übernimmt Hoffmann"
            subject = v.a.org_before(v.off)
        if holder is None or subject is None or holder.actor == subject.actor:
            continue
        role = "observer" if m.group("obs") else "chair" if m.group("chair") else "director"
        attrs = {"role": role, **({"voting": False} if role == "observer" else {})}
        yield v.candidate("relations", "board_seat", holder, subject, f"{v.lang}.board_seat.{role}", 0.75,
                          attrs=attrs, key=(role,))


STAKE = {"de": r"\b(?:Anteil\w*|Beteiligung\w*|beteiligt|erwirbt|erwarb|übernimmt|übernahm|hält|hielt|halten|hielten|besitzt|erhält|Aktien|"
               r"kontrolliert\w*|gesichert|sichert|"
               r"Stimmrecht\w*|\w*" + OWNER_NOUN_DE + r")\b",
         "en": r"\b(?:stake|shares|owns?|hold|holds|acquires?|acquired|takes?|equity|votes|voting|keeps?|controls?|"
               r"shareholder)\b"}
STAKE_IN = {"de": r"\b(?:Anteil|Anteile|Beteiligung)\s+(?:an|am|bei|beim)\s+(?:(?:der|dem|den)\s+)?$",
            "en": r"\b(?:stake|holding|interest)\s+in\s+(?:the\s+)?$"}
"""The company a stake is in, named before the percentage: "erhöht Anteil an Penguin Random House auf 75 Prozent"."""
BIGGEST_HOLDER = {"de": r"\s+(?:(?:weiterhin|nun|damit|jetzt|noch)\s+)*(?:der\s+|die\s+)?(?:größte|zweitgrößte|drittgrößte|"
                         r"wichtigste)[rn]?\s+" + OWNER_NOUN_DE,
                  "en": r"\s+(?:the\s+)?(?:largest|biggest|second-largest)\s+(?:single\s+)?(?:shareholder|owner|investor)"}
"""A percentage that makes the holder the biggest owner, the company left implicit: "die KfW bleibe mit 16,5 Prozent größte
Aktionärin"."""
DISPOSAL = {"de": r"\b(?:gibt|gab|verkauft\w*|veräußer\w*|überträgt|übertrug|ging|gingen|geht|gehen)\b", "en": r"\b(?:sells?|sold|transfers?|transferred)\b"}
PASSIVE_HELD = {"de": r"^\s*(?:der\s+)?(?:Anteile|Aktien|Stimmrechte|Geschäftsanteile)\w*\s+(?:an\s+\S+\s+)?(?:werden|wird|wurden|sind)\s+"
                      r"(?:[\wäöüß]+\s+){0,2}?von\s+(?P<by>[^.;]{1,80}?)\s+gehalten\b",
                "en": r"^\s*of\s+the\s+(?:shares|votes)\s+(?:is|are|were)\s+(?:\w+\s+){0,2}?held\s+by\s+(?P<by>[^.;]{1,80}?)(?=[.;]|$)"}
OF_WHOLE = {"de": r"^\s*(?:der\s+)?(?:Aktien|Anteile|Stimmrechte|Stimmen)\b|^\s*[;,.]", "en": r"^\s*of\s+(?:the|its)\s+(?:shares|votes|voting|company)|^\s*[;,.]"}
SHARE_OF = {"de": (r"^\s*(?:der\s+)?Stimm", "voting_rights", r"^\s*(?:der\s+)?Gewinn", "economic_interest"),
            "en": (r"^\s*of\s+the\s+vot", "voting_rights", r"^\s*of\s+(?:the\s+)?profit", "economic_interest")}


PRONOUN_CLAUSE_DE = r"[,;]\s+(?:(?:so\s+dass|sodass|womit|wodurch|weshalb|und|da|weil|nachdem|so)\s+)?(?:sie|er)\s+(?!\w+\s+von\b)"
"""A new clause whose subject is a pronoun, between a name and a percentage: the percentage is the pronoun's ("…, sodass sie
nunmehr über 74,9 % der Anteile verfügt"), and the pronoun stands for the clause before's subject, not that name."""


HELD_VERB_DE = r"[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?:hält|hielt|halten|hielten|besitzt|besaß)\s+"
NOT_THE_HOLDER_DE = r"\b(?:vermittels|mittels|über|durch|vo[nm]|für|mit|bei)\s+(?:(?:der|des|die|den|dem)\s+)?(?:[\wäöüß-]+\s+){0,2}?$"


def holder_after_verb(v: View, company: Mention) -> Mention | None:
    """The holder named after "hält" when the stake and its company come first ("Die übrigen 25,1 % an der X hält
    vermittels des W die Y"): the first name after the verb, in the clause, that is no "vermittels"/"über"/"von" phrase's."""
    verb = re.match(HELD_VERB_DE, v.text[company.end - v.off:])
    if verb is None:
        return None
    start = company.end + verb.end()
    stop = re.search(r"[.;:]\s|,\s+(?:die|der|das|welche[rs]?)\s", v.text[start - v.off:])
    end = start + (stop.start() if stop else len(v.text))
    return next((m for m in v.of_kind(ACTORS) if start <= m.start and m.end <= end and m.start - start <= 120
                 and not re.search(NOT_THE_HOLDER_DE, v.text[max(0, m.start - v.off - 40):m.start - v.off])), None)


CORRECTED_FIGURE = re.compile(r"\b(?:nicht|not)\b(?:\s*,[^,.;]{0,40},)?\s*(?:rund\s+|etwa\s+|about\s+|around\s+)?$", re.I)
"""A negation right before a percentage, an aside between them: the figure is denied ("und nicht, wie berichtet, 60
Prozent", "not 60% as reported"), not held; "nicht weniger als 40 Prozent" is no such negation."""


def stake(v: View) -> Iterator[Candidate]:
    """"Wolkenwerk erhält 15 Prozent der Anteile an Aster Labs", "takes an 18% stake in Lumen"."""
    if v.hedged or not re.search(STAKE[v.lang], v.text):
        return
    vote_re, vote_kind, profit_re, profit_kind = SHARE_OF[v.lang]
    last = None  # (holder, subject) of the percentage before
    for value, ps, pe in find_percent(v.text, v.lang):
        after = v.text[pe:]
        kind = vote_kind if re.match(vote_re, after) else profit_kind if re.match(profit_re, after) else "shareholding"
        if v.lang == "de" and _prohibited_purchase(v, pe):
            continue  # "Das Vorhaben der X, 94,5 % der Anteile an der Y … zu erwerben, wird untersagt": no stake
        subject = v.after(v.abs(pe), ORG, within=45)
        fronted = re.match(r"\s*(?:An|Bei)\s+(?:der|dem|den)\s+", v.text) if v.lang == "de" else None
        if fronted is not None:  # "An der Post hält der Bund noch knapp 31 Prozent über das Finanzinstitut KfW"
            first = v.after(v.abs(fronted.end()), ORG, within=0)
            if first is not None:
                subject = first
            elif subject is not None and re.search(r"\büber\s+", v.text[pe:subject.start - v.off]):
                continue  # the company the share is in is not named; the one after "über" only holds it for the holder
        if subject is None and re.match(r"\s+(?:der|aller)\s+(?:Anteile|Aktien)\s+an\s+(?:seine[mnr]?|ihre[mnr]?|de[mnr])\s+", after):
            subject = v.after(v.abs(pe), ORG, within=75)  # "92 Prozent der Anteile an seinem bisherigen Rivalen Arcelor"
        holder = v.before(v.abs(ps), ACTORS, skip=[subject.actor] if subject else [])
        if holder is None and subject is not None and v.lang == "de":  # "Die übrigen 25,1 % an der X hält (vermittels des W) die Y"
            holder = holder_after_verb(v, subject)
        if last is not None and holder is not None and holder.actor == last[1].actor and \
                re.fullmatch(r"\s*[“”\")]*(?:\s*\([^()]{0,40}\))?(?:\s*,\s*|\s+(?:und|sowie|and)\s+)(?:(?:jeweils|je|weitere|rund|etwa)\s+)?",
                             v.text[holder.end - v.off:ps]):
            holder = last[0]  # "hält 25 Prozent an der A und 10 Prozent an der B": the holder of both, not A
        if holder is not None and v.lang == "de":  # "der Wirtschaftsstabilisierungsfonds (WSF) des Bundes …": the fund holds
            owner_of = v.before(holder.start, ACTORS, within=25)
            if owner_of is not None and re.fullmatch(r"[)”“\"]*(?:\s*\([^()]{0,20}\))?\s+(?:des|der)\s+",
                                                     v.text[owner_of.end - v.off:holder.start - v.off]):
                holder = owner_of
        between = v.text[holder.end - v.off:ps] if holder is not None else ""
        if re.search(r",\s+(?:die|der|das|welche[rs]?)\s+", between) and \
                not re.match(RELATIVE_ON_HOLDER_DE, between) and \
                re.match(r"[^,.;]*?\b(?:hält|hielt|halten|hielten|besitzt|besaß|besitzen|kontrolliert|kontrollieren)\s*[,.;]", after):
            continue  # "Grotkamp hat einer Erbengemeinschaft, die die Hälfte der Anteile … hält": the relative clause's holder
        if v.lang == "de" and re.search(r",\s+(?:die|der|das|welche[rs]?)\s+(?=[a-zäöüß])", between) and \
                not re.match(RELATIVE_ON_HOLDER_DE, between) and \
                not re.match(r"[^.;]*?\bzu\s+[a-zäöüß]+en\b", after):  # (", die alleinige Kontrolle und 100 Prozent … zu erwerben")
            continue  # "… einen Vertrag mit der BayernLB abgeschlossen, der einen Verkauf von 25,2 Prozent … beinhaltete": the
            # percentage is in a relative clause about something else than the name before it
        if v.lang == "de" and re.search(PRONOUN_CLAUSE_DE, between):
            continue  # "… erwarb die X weitere 25 % an der Y, sodass sie nunmehr über 74,9 % der Anteile verfügt": "sie" holds
            # the second percentage, not Y, the name nearest before it
        same = v.before(holder.start, ACTORS, within=3) if holder is not None else None
        if same is not None and same.actor == holder.actor:  # "an der Y Holding AG (YH AG) einen Anteil": the name, not its short form
            holder = same
        if v.lang == "de" and subject is not None and holder is not None and subject.start - v.off >= pe \
                and re.search(STAKE_IN["de"], v.text[:holder.start - v.off]) \
                and not re.search(STAKE_IN["de"] + r"|\b(?:an|am|in)\s+(?:(?:der|dem|den|die)\s+)?$", v.text[:subject.start - v.off]):
            # "Die Anteile an der X hält zu 70 Prozent die Y": the stake's own "an der" names the company; the holder is
            # the subject after the verb
            holder, subject = subject, holder
        elif v.lang == "de" and subject is not None and holder is not None and subject.start - v.off >= pe \
                and re.search(STAKE_IN["de"], v.text[:holder.start - v.off].rstrip("\"„“")) \
                and re.search(r"\b(?:an|am)\s+(?:(?:der|dem|den)\s+)?[\"„“]?$", v.text[:subject.start - v.off]):
            continue  # "… 100 % der Anteile an der I sowie jeweils 75,1 % der Anteile an der J": I is the earlier stake's
            # company, not J's holder (that holder is not named next to this percentage)
        elif subject is None and holder is not None and (re.search(STAKE_IN[v.lang], v.text[:holder.start - v.off]) or (
                v.lang == "de" and re.search(r"\b(?:an|am)\s+(?:(?:der|dem|den)\s+)?$", v.text[:holder.start - v.off])
                and (re.search(r"\b(?:Anteil|Beteiligung)\w*\b", between) or re.match(r"[^.;]{0,40}?\bbeteiligt\b", after)))):
            # "erhöht Anteil an Y auf 75 Prozent"; "hielt das Land Berlin an der Y einen Anteil von 80 %"
            subject, holder = holder, v.before(holder.start, ACTORS, skip=[holder.actor])
        if re.search(r"\b(?:Option\w*|option\w*|Kaufoption\w*)\s+(?:auf|zum|zur|für|on|to\s+(?:buy|acquire))\s+(?:(?:eine[nrm]?|die|den|an?|the|further|weitere)\s+)?$",
                     v.text[:ps]):
            continue  # "die Option auf eine 100-prozentige Beteiligung": an option is no stake yet
        if re.search(CORRECTED_FIGURE, v.text[:ps]):
            continue  # "hält 40 Prozent an der B GmbH und nicht, wie berichtet, 60 Prozent": a figure denied, no stake
        if re.search(r"\(\s*(?:mit\s+|with\s+)?$", v.text[:ps]):
            continue  # "Cloud-Player wie CoreWeave (7 % Anteil) und Lambda Labs": a share of the company before, held by someone unnamed here
        passive = re.match(PASSIVE_HELD[v.lang], after)
        if passive is not None:  # "23 % der Anteile werden von vier Mitgliedern der Familie Schwarzkopf gehalten"
            inside = [m for m in v.of_kind(ACTORS) if v.abs(pe + passive.start("by")) <= m.start and m.end <= v.abs(pe + passive.end("by"))]
            holder = inside[-1] if inside else None
            subject = v.other_org(holder.actor) if holder else None
            if holder is not None and subject is None:
                subject = v.a.org_before(v.off)
        elif re.search(DISPOSAL[v.lang], v.text):  # "gibt ihre Anteile von 40 Prozent an X ab": X holds them now
            to = re.match(r"[^.;]{0,30}?\b(?:an|to)\s+", after)
            holder = v.after(v.abs(pe + to.end()), ACTORS, within=25) if to else None
            subject = v.other_org(holder.actor) if holder else None
        elif subject is None and (re.match(OF_WHOLE[v.lang], after) or re.match(BIGGEST_HOLDER[v.lang], after)):
            # "hält noch 18 Prozent der Aktien", "bleibt mit 16,5 Prozent größte Aktionärin"
            subject = _whole_of(v, holder)
        if subject is None or holder is None or holder.actor == getattr(subject, "actor", subject):
            continue
        subjects = coordinated_object(v, subject) if isinstance(subject, Mention) and passive is None else [subject]
        holders = [holder]
        if v.lang == "de" and passive is None and len(coordinated_before(v, holder)) > 1:
            if not re.search(r"\b(?:jeweils|je)\s+(?:rund\s+|etwa\s+|mehr\s+als\s+|knapp\s+|\d+,\s+)?$", v.text[:ps]):
                continue  # "A und B halten (zusammen) 50 %": together, neither holds 50 % alone
            holders = coordinated_before(v, holder)  # "A und B sind zu jeweils 50 % an C beteiligt": each holds 50 %
        if isinstance(subject, Mention):
            last = (holder, subjects[-1])
        for h in holders:
            for s in subjects:  # "100 Prozent der Anteile an der A GmbH, Aurich (A), und der B GmbH … zu erwerben"
                if getattr(s, "actor", s) != h.actor:  # a subject may be an actor id ("61% of the votes" of a group's org)
                    yield v.candidate("relations", kind, h, s, f"{v.lang}.{kind}.percent", 0.8,
                                      attrs={"share": plain(value)})


PLANNED_PURCHASE_DE = (r"(?:(?!\b(?:hält|hielt|halten|hielten|besitzt|besaß|ist|sind|war|waren)\b|\b(?:und|sowie|oder)\s+[a-zäöüß])"
                       r"(?:[^.;,]|(?<=\d)[.,])){0,200}?\bzu\s+(?:erwerben|übernehmen|kaufen)\b")
"""A percentage that is what a plan would buy ("Das Vorhaben der X, 94,5 % der Anteile an der Y von der Z zu erwerben, wird
untersagt"): with a prohibition or an abandonment in the sentence, or right after the plan, it is no stake
(tests/data/extract/real/README.md: a prohibited acquisition is no stake). The plan may run past a numbered party that the
sentence splitter takes for a sentence end ("der Beteiligten zu 4. („Kreiskrankenhaus Wolgast“)"), not past a comma, a
finite verb or a second predicate: "hält 40 % an der Y und beabsichtigt, die Z zu erwerben, was untersagt wurde" keeps
its stake (the plan is about Z)."""


def _prohibited_purchase(v: View, pe: int) -> bool:
    """Whether the percentage ending at ``pe`` (in the sentence) is bought by a plan that is prohibited or abandoned."""
    start = v.abs(pe)
    plan = re.match(PLANNED_PURCHASE_DE, v.a.text[start:start + 240])
    if plan is None:
        return False
    rest = v.a.text[start + plan.end():start + plan.end() + 80]
    return bool(re.search(NO_DEAL["de"], v.text) or re.match(r"[^.;]{0,60}?" + NO_DEAL["de"], rest))


RELATIVE_ON_HOLDER_DE = r"\s*[)”“\"]*\s*(?:\([^()]*\))?(?:\s+(?:vor|inne|fest|zurück))?\s*,\s+(?:die|der|das|welche[rs]?)\s+"
"""A relative clause right after the holder (past its short form, or the particle its verb left behind: "hält die
Eigengesellschaft "H." vor, welche wiederum 100 % der Anteile an der "I." … hält"): the relative pronoun is that holder."""


INVESTED_IN_DE = r"\b(?:investiert|gesteckt|eingeschossen|gepumpt|eingebracht)\b"
INTO_DE = r"\b(?:in|an)\s+(?:(?:den|die|das|der|dem)\s+)?(?:[\wäöüß-]+\s+){0,3}?$"
AMONG_BACKERS_DE = (r"^\s+(?:(?:ist|war|gilt\s+als|zählt\s+zu|gehört\s+zu)\s+(?:(?:einer|eine|einem|den)\s+)?(?:der\s+)?|"
                    r"(?:einer|eine|einem)\s+der\s+)"
                    r"(?:[\wäöüß]+\s+){0,2}?(?P<noun>" + BACKER_NOUN_DE + "|" + OWNER_NOUN_DE + r")\s+(?:in|bei|von|an)\s+")
RELATIVE_STAKE_DE = (r"^(?:\s*\([^()]{0,40}\))?,\s+(?:der|die|das|welche[rs]?)\s+(?:[\wäöüß]+\s+){0,3}?an\s+(?P<obj>[^,.;]{1,80}?)\s+"
                     r"(?:mit\s+[^,.;]{0,30}?\s+)?beteiligt\s+(?:ist|sind|war|waren)\b")


def german_news_money(v: View) -> Iterator[Candidate]:
    """News wording for money and stakes the other rules miss: the money in several companies with the verb last
    ("Softbank hat Hunderte Millionen in das Portal X, in den Bezahldienst Y oder in das Fintech Z eingeschossen"),
    "X ist einer der größten Investoren in Y", "der Ruhrkonzern RAG, der an dem Chemiekonzern Evonik beteiligt ist"."""
    if v.lang != "de" or v.hedged:
        return
    final = None
    for final in re.finditer(INVESTED_IN_DE, v.text):
        pass
    aux = re.search(r"\b(?:hat|hatte|haben|hatten)\b", v.text[:final.start()]) if final is not None else None
    if aux is not None:  # "Softbank hat … in X … eingeschossen": the auxiliary before the last such verb
        holder = v.before(v.abs(aux.start()), ORG + ("person",), within=40)
        for m in v.orgs:
            if holder is None or m.actor == holder.actor or not (aux.end() <= m.start - v.off < final.start()):
                continue
            if re.search(INTO_DE, v.text[max(0, m.start - v.off - 60):m.start - v.off]) and not v.negated(final.start()):
                yield v.candidate("relations", "financing", holder, m, "de.financing.invested-in", 0.6,
                                  attrs={"status": "invested"})
    for h in v.of_kind(ORG + ("person",)):
        tail = v.text[h.end - v.off:]
        among = re.match(AMONG_BACKERS_DE, tail)
        if among is not None:
            target = v.after(h.end + among.end(), ORG, within=25)
            if target is not None and target.actor != h.actor:
                kind = "financing" if re.fullmatch(BACKER_NOUN_DE, among.group("noun")) else "shareholding"
                yield v.candidate("relations", kind, h, target, f"de.{kind}.among-backers", 0.6,
                                  attrs={"status": "invested"} if kind == "financing" else {"description": "shareholder"})
        rel = re.match(RELATIVE_STAKE_DE, tail)
        if rel is not None:
            inside = [m for m in v.orgs if h.end + rel.start("obj") <= m.start and m.end <= h.end + rel.end("obj")]
            if inside and inside[-1].actor != h.actor:
                yield v.candidate("relations", "shareholding", h, inside[-1], "de.shareholding.relative-beteiligt", 0.6,
                                  attrs={"description": "stake"})


def _whole_of(v: View, holder):
    """The organisation a bare share ("61% of the votes") is of: a group's own organisation, else another
    organisation of the sentence, else the last one named before."""
    if holder is None:
        return None
    own = v.a.index.known[holder.actor].staff_of
    if own:
        return next((m for m in v.orgs if m.actor == own), None) or own
    return v.other_org(holder.actor) or v.a.org_before(v.off)


FINANCE = {"de": r"\b(?:investier\w*|Investition\w*|\w*[Dd]arlehen|\w*[Kk]redit\w*|Finanzierung\w*|finanzier\w*|"
                 r"zugesagt\w*|Anleihe\w*|(?:steigt|stieg|stiegen)\b[^.]*\bein\b|eingestiegen|beteiligt\w*\s+sich\b(?=[^.;]{0,60}\b(?:Dollar|Euro|Mrd|Mio|Milliarde|Million)))",
           "en": r"\b(?:invest(?:s|ed|ing|ments?)?|loans?|credit (?:line|facility)|facility|lend(?:s|ing)?|lent|"
                 r"(?:convertible )?notes?|bonds?|funding|financ(?:e|es|ed|ing)|put\b[^.]{0,30}\binto|raised|committed)\b"}
INSTRUMENT = [(r"Wandel\w*|convertible", "convertible"), (r"Cloud-Guthaben|Rechenguthaben|cloud credits", "cloud credits"),
              (r"Darlehen|Kredit|loan|credit|lend|lent", "loan")]


LED_ROUND = {"de": r"\bvon\s+(?P<inv>[^.;]{1,90}?)\s+(?:geleitete|angeführte|geführte)\w*\s+(?:\w+)?(?:runde|Runde)\b",
             "en": r"\b(?:round|funding)\s+(?:was\s+)?led\s+by\s+(?P<inv>[^.;]{1,90}?)(?=[.;]|$|,\s+(?:which|who|the)\b)"}


RECEIVED_FROM = {"de": r"[^.;]{0,25}?\b(?:von|vom)\s+(?:(?:der|dem|den|des)\s+)?", "en": r"[^.;]{0,25}?\bfrom\s+(?:the\s+)?"}
RECEIVE = {"de": r"\b(?:erhielt|erhält|erhalten|bekam|bekommt|sammelte|sammelt|eingesammelt)\b",
           "en": r"\b(?:received|receives|got|gets|raised|raises|secured|secures)\b"}
"""Money received from someone: "X erhielt eine Investition von 15 Millionen Euro von Microsoft" (the giver after)."""


def _money_target(v: View, m) -> bool:
    """Whether ``m`` stands where money goes ("… in OpenAI"), so it is no investor."""
    before = v.text[max(0, m.start - v.off - 60):m.start - v.off]
    return re.search(INTO_DE if v.lang == "de" else r"\b(?:in|into)\s+(?:the\s+)?$", before) is not None


AID_NOUN_DE = (r"(?<![\w-])(?:[A-ZÄÖÜ][a-zäöüß]*)?(?:[Hh]ilfe|[Hh]ilfen|[Hh]ilfszahlung\w*|[Bb]eihilfe\w*|[Kk]apitalspritze\w*|"
               r"[Bb]ürgschaft\w*|[Zz]uschuss\w*|[Zz]uschüsse\w*|[Ss]ubvention\w*|[Ff]ördermittel\w*)")
"""Support a company receives from a state or an owner: "Wirtschaftshilfen", "Überbrückungshilfe", "Hilfszahlungen",
"Bürgschaft", "Kapitalspritze", "Zuschüsse", "Fördermittel"."""
AID_FROM_TO_DE = (AID_NOUN_DE + r"\s+(?:(?:in\s+Höhe\s+)?von\s+[^.;]{0,30}?\s+)?(?:durch|von|vom|des|der|seitens)\s+"
                  r"(?:(?:der|dem|den|das|des)\s+)?")
AID_RECEIVER_DE = r"[^.;]{0,40}?\b(?:an|für)\s+(?:(?:die|den|das|der|dem)\s+)?"
AID_NOT_GIVEN_DE = (r"\b(?:abgelehnt|verweigert|versagt|verwehrt|gestoppt|gestrichen|untersagt|ausgesetzt|beantragt|"
                    r"beantragte[nt]?|angefragt|gefordert|forderte[nt]?|abgelehnte[nmrs]?)\b")
"""Support refused, stopped or only asked for: "Hilfszahlungen durch das Land X an die Y wurden abgelehnt", "… gestoppt",
"beantragte beim Land X eine Bürgschaft" — no financing granted (review rev10b)."""
AID_RECEIVED_DE = (r"^[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?:erhält|erhielt|erhalten|erhielten|bekam|bekommt|bekommen)\s+"
                   r"(?P<mid>[^.;]{0,80}?)\bvo[nm]\s+(?:(?:der|dem|den)\s+)?")
AID_GRANTED_DE = (r"\b(?:wurde|wurden|wird|werden)\s+(?P<mid>[^.;]{0,60}?)\bdurch\s+(?:(?:den|die|das)\s+)?"
                  r"(?P<rest>" + IN_CLAUSE_DE + r"{0,140}?)\bgewährt\b")


def aid(v: View) -> Iterator[Candidate]:
    """Giver → receiver for support named by :data:`AID_NOUN_DE`: "Hilfszahlungen durch das Land X an die Y", "Wirtschaftshilfen
    des Bundes für die Y", "Die Y erhielt vom Land X eine Bürgschaft", "So wurde dem Unternehmen durch den Bund eine
    Überbrückungshilfe von 193 Mio. Euro gewährt"; the amount where the sentence names one."""
    if v.lang != "de" or v.hedged or v.s.heading or not re.search(AID_NOUN_DE, v.text) or re.search(AID_NOT_GIVEN_DE, v.text):
        return  # (a heading names a topic: "Hilfen des Bundes für die X"; :data:`AID_NOT_GIVEN_DE`: none given)
    givers = ORG + ("person",)
    pairs = []
    for cue in v.find(AID_FROM_TO_DE):
        giver = v.after(v.abs(cue.end()), givers, within=3)
        to = re.match(AID_RECEIVER_DE, v.text[giver.end - v.off:]) if giver is not None else None
        receiver = v.after(giver.end + to.end(), ORG, within=25) if to else None
        pairs.append((giver, receiver, cue.start()))
    for m in v.orgs:
        got = re.match(AID_RECEIVED_DE, v.text[m.end - v.off:])
        if got is not None and re.search(AID_NOUN_DE, got.group("mid") + v.text[m.end - v.off + got.end():][:80]):
            pairs.append((v.after(m.end + got.end(), givers, within=25), m, m.start - v.off))
    for cue in v.find(AID_GRANTED_DE):
        if re.search(AID_NOUN_DE, cue.group("rest")):
            receiver = next((m for m in v.of_kind(ORG) if v.abs(cue.start("mid")) <= m.start < v.abs(cue.end("mid"))), None) or \
                v.before(v.abs(cue.start()), ORG, within=3)  # "Der X wurde durch den Bund … gewährt"
            pairs.append((v.after(v.abs(cue.start("rest")), givers, within=3), receiver, cue.start()))
    for giver, receiver, pos in pairs:
        if giver is None or receiver is None or giver.actor == receiver.actor or v.negated(pos) \
                or v.a.index.known[receiver.actor].authority:
            continue
        money = next((m for m in find_money(v.text, "de") if m.role == "amount"), None)
        attrs = {"status": "granted", "description": "aid", **({"amount": plain(money.amount), "currency": money.currency}
                                                                if money else {})}
        yield v.candidate("relations", "financing", giver, receiver, "de.financing.aid", 0.6, attrs=attrs, key=(attrs.get("amount"),))


def financing(v: View) -> Iterator[Candidate]:
    """Money from one actor into another: "investiert Wolkenwerk 300 Millionen Euro in Aster Labs"."""
    cue = None if v.hedged else re.search(FINANCE[v.lang], v.text)
    if cue is None:
        return
    monies = [m for m in find_money(v.text, v.lang) if m.role == "amount"]  # a stake's value is no money invested
    committed = re.search(r"zugesagt\w* Investition\w*|committed (?:investment|funding)", v.text)
    bare = re.search(r"\b(?:invest(?:ed|s|ing)?|investiert\w*|beteiligt\w* sich)\s+(?:\w+\s+){0,2}?(?:in|into|an)\s+", v.text)
    led = re.search(LED_ROUND[v.lang], v.text)
    if led is not None:  # "in einer von Microsoft und NVIDIA geleiteten Finanzierungsrunde": both invest, neither in the other
        investors = [o for o in v.orgs if led.start("inv") <= o.start - v.off < led.end("inv")]
        raiser = next((o for o in v.orgs if o not in investors and o.end - v.off <= led.start()), None)
        money = next((m for m in monies), None)
        for inv in investors if raiser is not None else []:
            attrs = {"status": "committed", **({"amount": plain(money.amount), "currency": money.currency} if money else {}),
                     "description": "in a funding round it led" if len(investors) == 1 else "in a funding round they led"}
            yield v.candidate("relations", "financing", inv, raiser, f"{v.lang}.financing.led-round", 0.65, attrs=attrs,
                              key=(attrs.get("amount"),))
        return
    for money in monies or ([None] if committed or bare else []):
        pos = money.end if money else cue.end()
        into = re.match(r"[^.;]{0,25}?\b(?:in|into|an|für|to|bei)\s+", v.text[pos:])
        subject = v.after(v.abs(pos + into.end()), ORG, within=4) if into else None
        if money is None and bare is not None and not committed:
            into = bare
            pos = 0
        if subject is None and into is not None:
            subject = v.after(v.abs(pos + into.end()), ORG, within=4 + 30 * (money is None))
        if subject is None and into is not None and v.lang == "de":  # "in den autonomen Fahrzeug-Hersteller Wayve"
            desc = re.match(r"(?:(?:den|die|das|der|dem)\s+)?(?:[a-zäöüß][\wäöüß-]*\s+){0,2}[A-ZÄÖÜ][\wäöüß-]*\s+",
                            v.text[pos + into.end():])
            subject = v.after(v.abs(pos + into.end() + desc.end()), ORG, within=0) if desc else None
        source = re.match(RECEIVED_FROM[v.lang], v.text[pos:]) if money else None
        giver = v.after(v.abs(pos + source.end()), ORG + ("person",), within=4) if source else None
        taker = v.before(v.abs(money.start), ORG, skip=[giver.actor]) if giver else None
        if taker is not None and re.search(RECEIVE[v.lang], v.text[taker.end - v.off:money.start]):
            holder, subject = giver, taker  # "Mistral AI erhielt eine Investition von 15 Millionen Euro von Microsoft"
        elif subject is not None:  # "X invests N in Y": the investor is the nearest other party before
            holder = v.before(v.abs(money.start if money else (into.start() if into is not None else cue.start())),
                              ORG + ("person",), skip=[subject.actor])
            while holder is not None and _money_target(v, holder):
                # "investierte 30 Mrd. in OpenAI und 10 Mrd. in Anthropic": OpenAI is another target, not the investor
                holder = v.before(holder.start, ORG + ("person",), skip=[subject.actor])
            if holder is None:
                holder = v.after(v.abs(cue.end()), ORG, skip=[subject.actor])
                holder = None if holder is not None and _money_target(v, holder) else holder
        else:  # "gewährt X der Y ein Darlehen": first the lender, then the borrower
            holder = v.other_org()
            subject = v.other_org(holder.actor) if holder else None
        if holder is None or subject is None or holder.actor == subject.actor:
            continue
        holders = coordinated_before(v, holder)
        attrs: dict = {"status": "committed" if money or committed else "invested"}
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
        for h in holders:
            yield v.candidate("relations", "financing", h, subject, f"{v.lang}.financing.amount" if money else
                              f"{v.lang}.financing.committed" if committed else f"{v.lang}.financing.invested",
                              0.75 if money else 0.6, attrs=dict(attrs), key=(attrs.get("amount"),))
        if date and len(date) == 10:
            yield v.candidate("events", "investment", holder, subject, f"{v.lang}.event.investment-dated", 0.6,
                              date=date, actors=[holder.actor, subject.actor],
                              title=f"investment ({attrs.get('amount', 'amount not stated')} {attrs.get('currency', '')})".strip())


LICENCE = {"de": r"\bLizenz\w*\b|\bNutzung(?:srecht\w*)?\s+(?:der|von)\s+(?:\w+\s+)?Patent\w*",
           "en": r"\blicen[cs]e\w*\b|\b(?:use|rights to)\s+(?:of\s+)?(?:\w+\s+)?patents\b"}


LICENSE_VERB = {"en": r"\b(?:(?:to|will|would|agreed to|agrees to)\s+license|licenses|licensed|licensing)\b(?!\s+(?:fee|deal|agreement))",
                "de": r"\b(?:lizenziert\w*|lizenzieren)\b"}


def licence(v: View) -> Iterator[Candidate]:
    """"pay $650 million for a non-exclusive licence to Quillon's models": the licensee holds it."""
    m = None if v.hedged else re.search(LICENCE[v.lang], v.text)
    if m is None:
        return
    verb = re.search(LICENSE_VERB[v.lang], v.text)
    to = re.match(r"[^.;]{0,60}?\b(?:to|an)\s+", v.text[verb.end():]) if verb else None
    if verb is not None and to is not None:  # "Inflection agreed to license its technology to Microsoft"
        licensee = v.after(v.abs(verb.end() + to.end()), ORG, within=4)
        licensor = v.before(v.abs(verb.start()), ORG, skip=[licensee.actor] if licensee else [])
    else:
        licensor = v.after(v.abs(m.end()), ORG, within=40)
        licensee = v.before(v.abs(m.start()), ORG, skip=[licensor.actor] if licensor else []) or \
            (v.other_org(licensor.actor) if licensor else None)
    if licensor is None or licensee is None or licensor.actor == licensee.actor:
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
    "de": [(r"GPUs?|Grafikprozessor\w*|Rechenleistung|Rechenkapazität\w*|Rechenzentr\w*|Server\w*|Rechenguthaben|Supercomputer\w*", "compute"),
           (r"Cloud(?:-Guthaben|-Dienste\w*)?", "cloud"), (r"Chips?|Halbleiter\w*|Prozessor\w*|Beschleuniger\w*|Wafer\w*", "chips"),
           (r"Strom|Energie", "energy"),
           (r"Ressourcenlieferant\w*|Lieferant\w*", "other")],
    "en": [(r"GPUs?|compute|computing power|servers?|data cent(?:er|re)s?|supercomputers?", "compute"),
           (r"cloud(?: credits| services| capacity)?|training clusters?", "cloud"),
           (r"chips?|accelerators?|processors?|wafers?|semiconductors?", "chips"), (r"electricity|power", "energy"),
           (r"supplier", "other")],
}
CUSTOMER = {"de": r"\bAbnehmer\w*\b", "en": r"\b(?:customer|buyer)\b"}
EXCLUSIVE = r"\b(?:ausschließlich|exklusiv\w*|exclusive(?:ly)?|sole)\b"


SOURCING = {"de": r"\b(?:bezieh\w*|bezog\w*|kauf\w*|miete\w*|least|leasen|leaste\w*|geleast|chartert\w*)\b(?P<obj>[^.;]{0,80}?)\b(?:von|bei)\s+",
            "en": r"\b(?:buys?|bought|sources?|sourced|rents?|rented|purchases?|purchased|obtains?)\b(?P<obj>[^.;]{0,60}?)\bfrom\s+"}
DELIVERS = {"de": r"\b(?:liefert|lieferte|beliefert\w*)\b(?P<obj>[^.;]{0,80})",
            "en": r"\b(?:suppl(?:y|ies|ied)|deliver(?:s|ed)?)\b(?P<obj>[^.;]{0,80})"}
PROVIDES = {"de": r"\b(?:stellt|stellte|stellen|stellten)\b(?P<obj>[^.;]{0,80}?)\b(?:zur\s+Verfügung|bereit)\b"}
"""Resources put at someone's disposal: "Microsoft stellt OpenAI Rechenkapazitäten zur Verfügung" (German only: English
"provided a credit facility to …, the chip designer" is no supply)."""


def _resource(v: View, words: str) -> str:
    for pat, resource in RESOURCES[v.lang]:
        if re.search(rf"(?<![\w-])(?:{pat})(?![\w])", words, re.I if v.lang == "en" else 0):
            return resource
    return "other"


def _sourcing(v: View):
    """"Kestrel buys its wafers from Orion Foundry", "bezieht X von Y": the seller supplies the buyer;
    "Arcturus will supply all of the accelerators used by Brightwave": the subject supplies."""
    m = re.search(SOURCING[v.lang], v.text)
    if m and v.lang == "de" and re.search(r"\baus\s*[.!?]?\s*$", v.text[m.end():]):
        m = None  # "Schwarz kauft Bosch bei Aleph Alpha aus": a buy-out of a shareholder, no purchase of goods
    if m:
        seller = v.after(v.abs(m.end()), ORG, within=30)
        buyer = v.other_org(seller.actor) if seller else None
        return seller, buyer, m
    m = re.search(DELIVERS[v.lang], v.text) or (re.search(PROVIDES[v.lang], v.text) if v.lang in PROVIDES else None)
    if m and _resource(v, m.group("obj")) != "other":
        seller = v.before(v.abs(m.start()), ORG)
        buyer = v.after(v.abs(m.end("obj")) - len(m.group("obj")), ORG, skip=[seller.actor] if seller else [])
        return seller, buyer, m
    return None, None, None


LEASE_CONTRACT_DE = r"\b(?:Wet-?[Ll]ease|Leasing|Miet|Charter)\w*-?[Vv]ertr(?:ag|äge)\w*\b[^.;]{0,120}?\bzwischen\s+(?:(?:der|dem|den)\s+)?"
LESSOR_DE = r"\b(?:Wet-?[Ll]ease|Leasing)-?[Gg]eber\w*\b|\bVermieter\w*\b"
"""A lease between two parties whose lessor a later sentence names: "den Wetlease-Vertrag … zwischen der Lufthansa Group
und der Air Berlin …" … "verbleibt die operative Verantwortung beim Wetlease-Geber …, d.h. bei Air Berlin" (the
Bundeskartellamt's case report Lufthansa/Air Berlin, B9-190/16)."""


def _lease(v: View) -> tuple[Mention, Mention] | None:
    """(lessor, lessee) of a lease contract the sentence names between two parties (:data:`LEASE_CONTRACT_DE`), the
    lessor being the party a "…-Geber" of this or the next three sentences names."""
    cue = re.search(LEASE_CONTRACT_DE, v.text) if v.lang == "de" else None
    first = v.after(v.abs(cue.end()), ORG, within=5) if cue else None
    parties = _coordinated(v, first)[:2] if first is not None else []  # "zwischen A und B": two parties
    if len({p.actor for p in parties}) != 2:
        return None
    for j in range(v.i, min(len(v.a.sentences), v.i + 4)):
        w = View(v.a, j)
        giver = re.search(LESSOR_DE, w.text)
        named = [m for m in w.orgs if giver and m.start - w.off > giver.start() and m.actor in {p.actor for p in parties}]
        if named:
            lessor = named[0]
            lessee = next(p for p in parties if p.actor != lessor.actor)
            return next(p for p in parties if p.actor == lessor.actor), lessee
    return None


def supply(v: View) -> Iterator[Candidate]:
    """Who supplies what to whom (GPUs, compute, cloud, chips), and exclusivity; customers too."""
    if v.hedged or len({m.actor for m in v.orgs}) < 2:
        return
    lease = _lease(v)
    if lease is not None:
        yield v.candidate("relations", "supply", lease[0], lease[1], "de.supply.lease", 0.65,
                          attrs={"resource": "other", "description": "lease (the lessor keeps operating responsibility)"},
                          key=("other",))
        return
    seller, buyer, m = _sourcing(v)
    if seller is not None and buyer is not None:
        attrs = {"resource": _resource(v, m.group("obj")), "description": m.group(0).strip()}
        if re.search(EXCLUSIVE, v.text, re.I):
            attrs["exclusive"] = True
        yield v.candidate("relations", "supply", seller, buyer, f"{v.lang}.supply.sourcing", 0.7, attrs=attrs,
                          key=(attrs["resource"],))
        return
    for pat, resource in RESOURCES[v.lang]:
        m = re.search(rf"(?<![\w-])(?:{pat})(?![\w])", v.masked, re.I if v.lang == "en" else 0)
        if m is None or re.match(r"[-\s]?(?:Anbieter|Hersteller|Spezialist|Player|Plattform|Firma|Unternehmen|provider|giant|company|"
                                 r"Konzern|designer|players?|"
                                 r"makers?|manufacturer|firm|start-?up|group)\b", v.text[m.end():]):
            continue
        if re.search(r"\s[-–—]\s[^-–—()]*$", v.text[:m.start()]) and re.match(r"[^-–—()]*\s[-–—]\s", v.text[m.end():]) \
                or re.search(r"\([^()]*$", v.text[:m.start()]) and re.match(r"[^()]*\)", v.text[m.end():]):
            continue  # "hält im Bereich der Daseinsvorsorge - Versorgung der Bürger mit Strom, Gas und Wasser - die X vor": an
            # aside about what a body does, no supply between the sentence's organisations
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
    for x in reversed(v.a.mentions_before(pos, 5000)):
        k = v.a.index.known[x.actor]
        if x.end <= pos and x.how in ("staff", "name") and x.kind == "group" and k.staff_of and k.group_type == "staff":
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
    work = {"de": rf"(?:{APPROX}\s+)?(?P<n>{num})\s+(?:{STAFF_WORD['de']}|Menschen)\s+arbeite\w*\s+(?:\w+\s+)?(?:bei|für)\s+",
            "en": rf"(?:{APPROX}\s+)?(?P<n>{num})\s+(?:{STAFF_WORD['en']})\s+work\w*\s+(?:at|for)\s+"}[v.lang]
    m = re.search(verb, v.text) or re.search(work, v.text, re.I)
    if m:
        org = v.before(v.abs(m.start()), ORG) or v.after(v.abs(m.end()), ORG, within=3)
        if org is not None:
            group = v.a.index.staff_group(org.actor) or f"{org.actor}-staff"
            if group not in v.a.index.known:
                v.a.index.add(group, "group", f"{v.a.index.known[org.actor].name} staff", [], staff_of=org.actor)
            n = plain(to_number(m.group("n").rstrip(".,"), v.lang))
            approx = re.search(APPROX, v.text[m.start():m.start("n")])
            yield v.candidate("relations", "employment", group, org, f"{v.lang}.employment.employs", 0.75,
                              attrs={"count": f"~{n}" if approx else n})


OFFER = {"de": r"\b(?:Angebot\w*|bot\b|bietet|angeboten|eingeladen|lud\b|wechseln\b[^.;]*\bzu\b|holt\b)",
         "en": r"\b(?:offer\w*|invited|is\s+hiring|hires|(?:will\s+)?move\s+to\b)"}
JOBS = r"Tochtergesellschaft|subsidiary|Jobs?|Stellen|positions|jobs|wechseln|anzuschließen|join|hiring|hires"
LEADER = {"de": r"von\s+(?P<a>[\w ]+?)\s+geleitete|unter der Leitung von\s+(?P<b>[\w ]+?)\b|sich\s+(?P<c>\w+(?: \w+)?)\s+[^.]{0,50}anzuschließen",
          "en": r"led by\s+(?P<a>[\w ]+?)\b"}


def offer(v: View) -> Iterator[Candidate]:
    """Offers of jobs (or more) to a staff group or a person; a named leader gets an offer to lead."""
    m = re.search(OFFER[v.lang], v.text)
    if m is None or v.hedged or re.search(r"\b(?:Hätte|Had)\b", v.text):
        return
    subject = next((g for g in v.groups if v.a.index.known[g.actor].group_type == "staff"), None)
    if subject is None:
        return
    staff_org = v.a.index.known[subject.actor].staff_of
    holder = next((o for o in v.orgs if o.actor != staff_org and not v.a.index.known[o.actor].authority), None) or \
        v.before(v.abs(m.end()) + 40, ["person"])
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


HIRE = {"en": r"\b(?:hir(?:e|es|ed|ing)|recruit(?:s|ed|ing|ment)?|poach(?:es|ed|ing)?)\b",
        "de": r"\b(?:eingestellt|stellt\w*\b[^.;]{0,60}\bein\b|abgeworben|warb\w*\b[^.;]{0,60}\bab\b|holt\w*)\b"}


def hire(v: View) -> Iterator[Candidate]:
    """"Microsoft's hiring of former employees of Inflection AI", "Corvid hired Tomasz Adair", "hat X
    eingestellt": the hired person or staff group is employed by the hirer (a person's or a staff group's
    employment; founders groups are left to the offer rule)."""
    m = None if v.hedged else re.search(HIRE[v.lang], v.text)
    if m is None or v.negated(m.start()):
        return
    if re.match(r"\s+(?:of|von)\b", v.text[m.end():]) or v.lang == "de":
        hired = v.after(v.abs(m.end()), ["person", "group"], within=60)
    else:
        hired = v.after(v.abs(m.end()), ["person", "group"], within=40)
    if hired is None and v.lang == "de":
        hired = v.before(v.abs(m.start()), ["person", "group"], within=80)
    if hired is None or (hired.kind == "group" and v.a.index.known[hired.actor].group_type != "staff"):
        return
    hirer = next((o for o in reversed(v.orgs) if o.end <= v.abs(m.start()) and not v.a.index.known[o.actor].authority
                  and o.actor != v.a.index.known[hired.actor].staff_of), None)
    if hirer is None:
        return
    yield v.candidate("relations", "employment", hired, hirer, f"{v.lang}.employment.hired", 0.65, attrs={"role": "hired"})


RULES = [officer, joins, board_seat, stake, financing, licence, supply, staff, offer, funding_lever, appointment_right,
         veto_right, acquisition, subsidiary, stake_without_percent, hire, founder, joint_venture, relative_control,
         group_member, belongs_to_group, belongs_to, belongs_via, shareholder_noun, former_owner, backers, german_news_money, entry_stake,
         represented_by, rest_held, whole_capital, held_stake_noun, sale, held_through, under_control, aid, takeover_offer, goes_to,
         relative_owner]
