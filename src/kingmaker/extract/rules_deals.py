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
from kingmaker.extract.lexicon import BACKER_NOUN_DE, OWNER_NOUN_DE as _OWNER
from kingmaker.extract.quantities import find_money, find_percent, plain
from kingmaker.extract.rulebase import View
from kingmaker.extract.sentences import abbreviation_before

COMPANIES = tuple(k for k in ORG if k not in ("state", "state_body"))
DESC = {"en": r"(?:(?:the|a|an|its)\s+)?(?:[\w'’()-]+\s+){0,5}?",
        "de": r"(?:(?:der|die|das|den|dem|des|einer|eines|ihre[rn]?|seine[rn]?)\s+)?(?:[\wäöüß'’()-]+\s+){0,5}?"}
NO_DEAL = {"en": r"\b(?:prohibit\w*|abandon\w*|called off|walked away|terminated|veto\w*)\b",
           "de": r"(?<!\bnicht )(?<!\bnicht zu )\b(?:untersag\w*|aufgegeben|abgesagt|gescheitert\w*|scheiter\w*|abgebrochen|Veto\w*)\b"}
PROPOSED = {"en": r"\b(?:propos\w+|planned|plans?|pending|agreed|agrees|to (?:acquire|buy)|will (?:acquire|buy)|would|offer\w*|bid)\b",
            "de": r"\b(?:geplant\w*|beabsichtig\w*|will|wollen|plant|Angebot\w*|soll|geprüft|prüf(?:t|en)|Prüfung|"
                  r"vorbehaltlich|angekündigt\w*|kündigt\w*)\b|\b(?:wird|werden)\s(?=[^.;]{0,120}?\b(?:übernommen|gekauft|"
                  r"erworben|verkauft|veräußert|geschluckt)\b)"}
"""A deal not (yet) done: planned, announced, offered, or still under review ("Der Einstieg … wird geprüft", "vorbehaltlich
der Zustimmung", "kündigte die Übernahme … an", "Die X wird von der Y übernommen"): status ``proposed``."""
JOINT = r"\b(?:joint control|gemeinsame[n]? Kontrolle)\b"
SOLE = r"\b(?:sole control|alleinige[n]? Kontrolle)\b"

BY = {"en": r"\s+by\s+", "de": r"\s+durch\s+"}
SEAT = r"(?:,\s+[A-ZÄÖÜ][\wäöüß-]+(?=,))?"
RELATIVE_AFTER = r"(?:,\s+(?:die|der|das|welche[rs]?|which|that)\s[^;,.]{1,150}?(?=,))?"
"""A relative clause on the target before the buyer: "die Übernahme … an der X, die den Netzbetreiber Z kontrolliert, durch
die Y"."""
"""A company's seat after its name, as authorities write it: "der Powerflute Group Holdings Oy, Kuopio, durch …"."""
BUSINESS_OF = {"en": r"\b(?:business|division|unit|assets)\s+of\s+(?:the\s+)?$|['’]s\s+(?:[\w-]+\s+)?(?:business|division|assets)\s+$",
               "de": r"(?:geschäft|sparte|bereich)\w*\s+(?:von|des|der)\s+$"}
"""An acquisition of a business or assets of a company (not of the company): "des Nylongeschäfts von Solvay"."""
NOMINAL = {
    "en": r"\b(?:acquisition|takeover|purchase|buyout)\s+of\s+(?:(?:joint|sole)\s+control\s+(?:of|over)\s+)?",
    "de": r"\b(?:Übernahme|Erwerb|Kauf|Akquisition)\w*\s+(?:von\s+(?:[\d,.]+\s*(?:%|Prozent)\s+der\s+Anteile\s+an\s+)?|des\s+|der\s+)?",
}
POSSESSIVE = r"(?:['’]s)?\s+(?:(?:proposed|planned|pending|agreed|completed|(?:US)?\$[\d.,]+[- ]?(?:billion|million|bn|m)|" \
             r"[\d.,]+[- ]?(?:billion|million)[- ]dollar)\s+)*(?:acquisition|takeover|purchase|buyout)\s+of\s+"
MERGER = {"en": r"\b(?:merger|combination)\s+(?:between|of)\s+", "de": r"\bZusammenschlu(?:ss|ß)\w*\s+(?:von|zwischen|der|des)\s+"}
MERGED_WITH = {"en": r"^\s+with\s+(?:the\s+)?", "de": r"^(?:\s+in\s+[A-ZÄÖÜ][\wäöüß-]+)?\s+mit\s+(?:der|dem|den|des)\s+"}
"""The second party of a merger named with "mit": "den Zusammenschluss der Humana Milchunion in Everswinkel mit der …"."""
VERB = {
    "en": r"^(?:\s*,[^,;]{0,90},)?\s+(?:(?:has|had|have)\s+)?(?:(?:agreed|agrees|plans|planned|offered|offers|wants|is set|"
          r"is|was|moved)\s+to\s+|will\s+|to\s+|would\s+)?(?:acquire[sd]?|acquiring|buy|buys|bought|purchase[sd]?|"
          r"take[sn]?\s+over|took\s+over|snap(?:s|ped)?\s+up)\b",
    "de": r"^\.?(?:[“”\"]?\s*\([^()]{0,40}\))?(?:,\s+(?:die|der|das|welche[rs]?)\s+(?:[^,;.()]|\([^()]{0,40}\)){1,160}?\s[a-zäöüß]+\s*,)?"
          r"\s+(?:übernimmt|übernahm|erwirbt|erwarb|kauft|kaufte|schluckt|schluckte|"
          r"(?<=\s)(?:übernehmen|übernahmen|erwerben|erwarben|kaufen|kauften)(?=\s+(?:gemeinsam\s+|zusammen\s+)?"
          r"(?:die|der|das|den|je|jeweils|\d|[A-ZÄÖÜ])))\b",
}
"""The deal verb right after the buyer or after a relative clause on it ("Die X AG, die von der W kontrolliert wird,
übernimmt …"); a plural form only with its object right after (a plural verb after a list of buyers: "Die X AG und die Y
AG erwerben die Z", not the infinitive of "die Z zu erwerben")."""
SOLD_AFTER_SELLER_DE = (r"[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?:(?:deren|dessen|die|den|das)\s+)?(?:[a-zäöüß][\wäöüß-]*\s+)?"
                        r"(?:[A-ZÄÖÜ][a-zäöüß]*(?:tochter|gesellschaft|unternehmen|sparte|geschäft)\w*\s+|Tochter\w*\s+)?(?=[A-ZÄÖÜ0-9„\"])")
"""What follows the seller before the company bought from it: "übernimmt von der Y deren Tochtergesellschaft Z", "erwirbt
vom Finanzinvestor Y den Turbinenbauer Z"."""
VERB_FIRST_DE = (r"^(?:[^,;:]{1,50}?\s)?(?:übernimmt|übernahm|erwirbt|erwarb|kauft|kaufte|schluckt|schluckte)\s+"
                 r"(?:(?:die|der|das|den)\s+)?$")
"""A German main clause with something else first and the buyer right after the verb ("Im Jahr 2021 übernahm die
Quarnwerk AG die Kestrel GmbH", "Zudem erwarb sie …")."""
NO_COMPANY_OBJECT_DE = r"\b(?:Vorsitz|Leitung|Aufgabe|Verantwortung|Funktion|Amt|Posten|Rolle|Mandat|Geschäftsführung|Kosten|Führung)\w*\b"
"""What "übernimmt" takes that is no company ("übernimmt den Vorsitz der X"): no acquisition."""
CONTROL_OBJ_DE = (r"\b(?:alleinige|gemeinsame)?\s*Kontrolle\s+(?:über|an|bei)\s+(?:die\s+Gesamtheit\s+(?:von\s+)?)?"
                  r"(?:(?:de[rsmn]|die|das)\s+)?(?:[a-zäöü]\w*\s+)?(?:(?:Unternehmens?|Gemeinschaftsunternehmens?|Gesellschaft)\s+)?")
"""The object of an acquisition of control, as merger decisions put it: "erwirbt … die Kontrolle über die Gesamtheit
des Unternehmens Kirchner Holding GmbH", "die gemeinsame Kontrolle bei dem Unternehmen RTL-PrimusPower GmbH"."""
PASSIVE = {"en": r"\b(?:was|were|is|has been|have been|had been|will be|is being|to be)\s+(?:acquired|bought|purchased|taken over)\s+by\s+",
           "de": r"\b(?:wird|wurde|werden|wurden)\s+(?:[\wäöüß]+\s+){0,4}?vo[nm]\s+"}
PASSIVE_DE_END = r"^[^.;]{0,60}?\b(?:übernommen|gekauft|aufgekauft|erworben|geschluckt)\b"
INTENT_DE = (r"\b(?:beabsichtigt|beabsichtigen|plant|planen|will|wollen|möchte|Vorhaben\s+angemeldet,|angemeldet,|"
             r"(?<=\b(?:das|ein)\s)Vorhaben,|(?<=\bdie\s)Absicht,|(?<=\bden\s)Plan,)(?P<obj>(?:[^.;]|\.(?=\S|\s*[(„“a-zäöü]))"
             r"{0,300}?)(?:\bzu\s+(?:erwerben|übernehmen|kaufen|erlangen|ausüben)|\bauszuüben)\b|"
             r"\b(?:darf|dürfen|soll|sollen|kann|können|will|wollen|wollte|wollten|möchte|möchten|konnte|konnten|durfte|"
             r"durften|sollte|sollten)\s+(?P<obj2>[^.;,]{0,200}?)\b(?:erwerben|übernehmen|kaufen|schlucken)\b")
"""Intent or permission with the object before the infinitive: "Henkel beabsichtigt, … 77 % der Anteile der
Schwarzkopf zu erwerben", "Sonic Healthcare darf die Laborgruppe LADR erwerben" (a modal verb, no "zu")."""
INTENT_NOUN_DE = (r"\b(?:Vorhaben\w*|Absicht|Plan\w*|Angebot\w*|Pläne\w*)\s+(?:der|des|von)\s+(?:[A-ZÄÖÜ][a-zäöüß]+er\s+)?$",
                  r"^(?:\s+(?:[a-zäöü]\w*\s+){0,2}?(?:freigegeben|genehmigt|untersagt|gebilligt|geprüft|erlaubt))?"
                  r",\s+(?P<obj>(?:[^.;]|(?<=\bCo)\.|\.(?=\S|\s*[(„“a-zäöü])){0,300}?)\bzu\s+(?:erwerben|übernehmen|kaufen)\b")
"""The plan of a named party, its object in an infinitive clause after the name: "des Vorhabens der AMEOS
Gruppe, Anteile an der Sana Kliniken Ostholstein GmbH zu erwerben", also with the authority's participle before the
clause and a place's adjective before the name: "hat das Vorhaben der Hamburger X freigegeben, sämtliche Anteile an der A …
zu erwerben"."""
STAKE_LIST_DE = (r"(?:\s+in\s+[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)?(?:\s*\([^()]{0,40}\))?"
                 r"(?:,\s*(?:sowie\s+|und\s+)?|\s+(?:sowie|und)\s+)(?:(?:an|am)\s+)?(?:(?:der|dem|den)\s+)?")
"""What joins the companies of one acquisition's list of targets: "sämtliche Anteile an der A GmbH & Co. KG in Halle, an der
B mbH sowie der C mbH (zusammen: D) … zu erwerben" (a seat "in X", a short form, "an der" repeated or not)."""


def stake_list(v: View, first: Mention, end: int) -> list[Mention]:
    """``first`` and the companies listed after it up to absolute ``end`` (:data:`STAKE_LIST_DE`): each a target of the
    same acquisition."""
    out, pos = [first], first.end
    while True:
        j = re.match(STAKE_LIST_DE, v.text[pos - v.off:end - v.off])
        nxt = v.after(pos + j.end(), COMPANIES, within=0) if j else None
        if nxt is None or nxt.end > end:
            return out
        out.append(nxt)
        pos = nxt.end
INTENT_FINAL_DE = r"\bzu\s+(?:erwerben|übernehmen|kaufen)\s+(?:beabsichtig\w*|plan\w*|gedenk\w*)\b"
"""A subordinate clause, verb last: "wonach die X GmbH 50% der Anteile an der Y GmbH zu erwerben beabsichtige"."""
JOINT_VENTURE = {"de": r"\bGemeinschaftsunternehmen\w*\s+(?:der|von|zwischen)\s+",
                 "en": r"\bjoint[ -]venture\s+(?:of|between|by)\s+"}
JV_NAMED = {"de": r"\b[Dd]as\s+Gemeinschaftsunternehmen\w*,?\s+(?:die|das|der)?\s*$",
            "en": r"\b[Tt]he\s+joint[ -]venture,?\s+(?:called|named)?\s*$"}
RELATIVE_CONTROL = {
    "de": r"^(?:[“”\"]?\s*\([^()]{0,40}\))?[“”\")]*(?:,\s+(?:welche[rs]?|die|der|das)|\s+(?:wird|werden|wurde|wurden|ist))\s+"
          r"(?:[\wäöüß]+\s+){0,3}?(?:durch|von)\s+(?P<rest>(?:[^,;.()]|\([^()]{0,40}\)|\.(?=\S|\s*[(„“a-zäöü])|,(?=\s*[„“\"]))*?)\b"
          r"(?P<verb>geführt|kontrolliert|beherrscht|gesteuert|gehalten)(?:\s+(?:wird|werden|wurde|wurden|ist)\b|\s*[.;])",
    "en": r"^,\s+(?:which|that|who)\s+(?:is|was|are|were)\s+(?:\w+\s+){0,2}?(?P<verb>controlled|run|owned|held|led)\s+by\s+"
          r"(?P<rest>[^,;.]{0,90})",
}
"""A relative clause in the passive naming who controls or holds the organisation before it: "Die Signa
Holding GmbH, welche mittelbar durch den österreichischen Immobilienhändler René Benko geführt wird",
"X, which is indirectly controlled by Y"."""
FUTURE_DE = r"\b(?:übernehmen|erwerben|kaufen)\s+(?:wird|werden|soll|sollen)\b"
"""A deal in a subordinate clause, verb last: "aufgrund dessen S.C. Johnson & Son (Johnson) die Anteile von Dow Chemicals
(Dow) in dem bestehenden Gemeinschaftsunternehmen Cofresco … übernehmen wird"."""
SHARES_IN_DE = (r"\bAnteile\s+(?:von\s+[^.;]{0,80}?\s+)?(?:an|in)\s+(?:(?:de[rmn]|das|die)\s+)?(?:(?:bestehenden|gemeinsamen)\s+)?"
                r"(?:(?:Gemeinschaftsunternehmens?|Unternehmens?|Gesellschaft)\s+)?")
WITH_PURCHASE_DE = r"\b[MmDd](?:it|urch)\s+(?:dem|der|den)\s+(?:[\wäöüß-]+\s+){0,2}?(?:Kauf|Erwerb|Übernahme|Akquisition)\s+(?:des|der|von)\s+"
"""A purchase the subject makes, named as its means: "will sich mit dem Kauf des Biotech-Unternehmens Immunomedics verstärken",
fronted: "Mit der Übernahme der Y baut die X …", "Durch den Erwerb der Y stärkt die X …"."""
FRONTED_PURCHASE_DE = (r"[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?:[a-zäöüß]+)\s+(?:(?:sich|nun|jetzt|damit)\s+)?(?:(?:die|der|das)\s+)?"
                       r"(?:[a-zäöüß][\wäöüß-]*\s+)?(?:[A-ZÄÖÜ][a-zäöüß]+(?:konzern|gruppe|hersteller|anbieter|unternehmen)\s+)?(?=[A-ZÄÖÜ0-9„\"])")
"""The finite verb and the subject after a fronted purchase: "… baut die X", "… stärkt der Konzern X"."""
SECURED_DE = (r"^(?:\s*\([^()]{0,40}\))?\s+(?:(?:hat|hatte|haben|hatten)\s+sich\s+(?P<obj>[^.;]{1,140}?)\s+(?P<verb>gesichert|einverleibt)\b|"
              r"(?:sichert|sicherte|sichern|sicherten)\s+sich\s+(?P<obj2>[^.;]{1,140}?)(?=[.;]|$))")
"""Securing a stake, as news puts it: "X hat sich die Mehrheit an Y gesichert", "X sichert sich 90 Prozent an Y",
"X hat sich Y einverleibt" (the object: the organisation after "an"/"am", or, for "einverleibt", the one named)."""
IN_CLAUSE_DE = r"(?:[^.;]|(?<=Mrd|Mio|Tsd)\.|(?<=Mill)\.|(?<=\bSt)\.|(?<=\bCo)\.|\.(?=\S))"
"""A character of one clause: a dot only after a scale's abbreviation ("2 Mrd. Euro"), in "St." and "Co." ("dem St. Marien
Krankenhaus", "GmbH & Co. KG") or inside a word or number."""
PERFECT_DE = r"\b(?:hat|hatte|haben|hatten)\s+(?P<obj>" + IN_CLAUSE_DE + r"{1,160}?)\s+(?:übernommen|gekauft|erworben)\b"
PARENT_NOUN_DE = r"Mutter(?:gesellschaft|konzern|unternehmen|firma)?"
"""A parent company by what it is: "die Muttergesellschaft der X", "Mutterkonzern der X"."""
SUBSIDIARY = {
    "en": [(r"^\s+and\s+its\s+(?:\w+\s+)?(?:subsidiary|unit|division)\s+", "parent-first"),
           (r"^(?:['’]s)?\s+(?:\w+\s+)?(?:subsidiary|unit|division)\s+", "parent-first"),
           (r"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,5}?(?:subsidiary|unit|division|business|arm)\s+of\s+", "child-first")],
    "de": [(r"^(?:[“”\")]*\s+zu\s+[a-zäöüß]+)?[“”\")]*,?\s+(?:eine[rsm]?|die|der)\s+(?:[\w%-]+\s+){0,3}?Tochter(?:gesellschaft|firma|unternehmen)?\s+(?:von|des|der)\s+"
            r"(?:[\wäöüß]+\s+){0,3}?", "child-first"),
           (r"^\s+(?:ist|war|wird|wurde)\s+(?:(?:seit\s+\d{4}|bereits|inzwischen|heute|nun|mittlerweile|schon|damit|künftig)\s+)*"
            r"(?:eine|die)\s+(?:[\w%-]+\s+){0,3}?Tochter(?:gesellschaft|firma)?\s+(?:von|des|der)\s+", "child-first"),
           (r"^\s*\((?:[^()\s]{1,12}\s+[-–]\s+)?(?:eine|die)\s+(?:[\w%-]+\s+){0,3}?Tochter(?:gesellschaft|firma|unternehmen)?\s+"
            r"(?:von|des|der)\s+", "child-first"),  # "X mbH (HWG - eine 100 %ige Tochtergesellschaft der Stadt Halle)"
           (r"^(?:[“”\")]*\s*\([^()]{0,40}\))?[“”\")]*(?:,\s+(?:(?:die|der|das)\s+)?|\s+(?:ist|war|bleibt|blieb)\s+(?:die|der|das)\s+)"
            r"(?:[\w%-]+\s+){0,2}?" + PARENT_NOUN_DE + r"\s+(?:von|des|der)\s+(?:[\wäöüß]+\s+){0,3}?", "parent-first"),
           (r"^-(?:Tochter|Tochtergesellschaft|Konzern\w*|Gruppe)\s+(?:der\s+|des\s+|die\s+|das\s+)?", "parent-first"),
           (r"^-(?:Mutter|Mutterkonzern|Muttergesellschaft|Mutterunternehmen)\s+(?:der\s+|des\s+|die\s+|das\s+)?", "child-first"),
           (r"^-\s+(?:und|sowie|oder)\s+[A-ZÄÖÜ][\wäöüß.]*-(?:Mutter|Mutterkonzern|Muttergesellschaft|Mutterunternehmen)\s+"
            r"(?:der\s+|des\s+|die\s+|das\s+)?", "child-first")],  # "die Facebook- sowie Instagram-Mutter Meta"
}
SUBSIDIARY_OF_DE = r"\b(?:Tochter(?:gesellschaft|firma|unternehmen)?|(?P<parent>" + PARENT_NOUN_DE + r"))\s+(?:der|des|von)\s+"
"""A subsidiary named after its parent, in apposition: "Das Tochterunternehmen der X, Y, gab … bekannt"; or the parent
after its subsidiary: "Die Muttergesellschaft der X, die Y, …"."""
OWN_SUBSIDIARY = {"en": r"\b(?:its|their)\s+(?:\w+\s+)?subsidiary\s+",
                  "de": r"\b(?:ihre|seine|ihrer|seiner)\s+(?:[A-ZÄÖÜ][a-zäöüß]{2,}tochter|[A-ZÄÖÜ][\wäöüß]{1,}-Tochter|Tochter)(?:gesellschaft)?\s+"}
"""A subsidiary after the parent's possessive: "über ihre Tochtergesellschaft X", "und ihre Softwaretochter X", "ihre
Deutschland-Tochter X"."""
STAKE_PART_DE = "Geschäfts|Gesellschafts|Gesellschafter|Aktien|Kapital|Kommandit|Mehrheits|Minderheits|Stamm"
"""What may lead a compound stake noun ("des Geschäftsanteils der X", "der Aktienanteil von Y"); other compounds of
"-anteil" are no stake ("der Marktanteil der X an …", "Gewinnanteil", "Finanzierungsanteil")."""
STAKE_NO_PERCENT = {
    "en": [(r"\b(?:an?|the)\s+(?:\w+\s+){0,2}?(?:investor|shareholder|stakeholder|backer|owner)\s+(?:in|of)\s+", "holder-before")],
    "de": [(r"\b(?:ist|sind|war|waren|hat sich|haben sich|hatte sich|beteiligt sich|beteiligte sich)\s+(?:[\wäöüß]+\s+){0,3}?an\s+",
            "verb-before"),
           (r"(?<![\w-])(?:" + STAKE_PART_DE + r")?(?:Beteiligung(?:en)?|[Aa]nteil(?:e|s|en)?)\s+(?:von|des|der)\s+", "nominal"),
           (r"\b(?:seine[rnms]?|ihre[rnms]?)\s+(?:[\wäöüß]+\s+)?Beteiligung\w*\s+an\s+(?:(?:der|dem|den)\s+)?", "holder-before")],
}


def _coordinated(v: View, m: Mention, kinds=COMPANIES) -> list[Mention]:
    """``m`` and the organisations joined to it by "and", "und", "sowie" or commas right after it."""
    out = [m]
    pos = m.end
    while True:
        tail = v.text[pos - v.off:]
        # a seat between the names, as authorities write them: "der Rheinmetall AG, Düsseldorf, und Leonardo S.p.A."
        j = re.match(r"(?:[ \t]*(?=[“”\"]))?(?:[“”\"]?\s*\([^()]{0,40}\)[“”\"]?)?(?:,\s+[A-ZÄÖÜ][a-zäöüß]+(?:\s+\([A-ZÄÖÜ][a-zäöüß]+\))?(?=,?\s+(?:and|und|sowie)\s))?"
                     r"[“”\"]?(?:,\s+(?:and|und|sowie)\s+|,\s*|\s+(?:and|und|sowie|as well as)\s+)(?:(?:der|die|das|dem|den|the)\s+)?"
                     r"[„“\"]?", tail)  # quoted parties: an "A." und "B."
        if j is None:
            break
        nxt = v.after(pos + j.end(), kinds, within=0)
        if nxt is None:
            break
        out.append(nxt)
        pos = nxt.end
    return out


OBJECT_END = (r"(?:[ \t]*(?=[“”\"]))?[“”\")]*(?:,\s+[A-ZÄÖÜ][\wäöüß-]+)?(?:\s*\([^()]{0,40}\))?[“”\")]*,?\s*(?:zu\s+)?"
              r"(?:(?:[a-zäöüß]+en|hält|hielt|besitzt|besaß)\s*)?(?:[.;,]|$)")
"""What may follow the last of several coordinated objects when the list closes the clause: a seat, a short form,
an infinitive ("… und der Ostsee-Molkerei Wismar GmbH, Wismar (OMW), zu erwerben", "darf A und B übernehmen"), a
relative clause's final verb ("…, welche jeweils 75,1 % der Anteile an der J und der K hält.")."""


def coordinated_object(v: View, m: Mention) -> list[Mention]:
    """``m`` and the companies joined to it when the list ends the object (:data:`OBJECT_END`): each is a target.
    A list going on with a verb of its own ("A übernimmt B und C investiert …") gives ``m`` alone."""
    parties = _coordinated(v, m)
    if len(parties) > 1 and re.match(OBJECT_END, v.text[parties[-1].end - v.off:]):
        return parties
    return [m]


def coordinated_before(v: View, m: Mention) -> list[Mention]:
    """``m`` and the parties joined to it before: "Microsoft und NVIDIA investierten" → [Microsoft, NVIDIA]
    for the mention of NVIDIA. A participle phrase ("in einer von Microsoft und NVIDIA geleiteten Runde")
    is no subject; callers keep those out by where they look."""
    out = [m]
    while True:
        prev = v.before(out[0].start, COMPANIES + ("person", "state"), within=45)  # (what may stand between: below; towns
        # and Länder too: "die Städte A und B halten jeweils …")
        if prev is not None and prev.actor == out[0].actor and \
                re.fullmatch(r"\s*\(\s*[„“\"]?", v.text[prev.end - v.off:out[0].start - v.off]):
            out[0] = prev  # "SAPMarkets GmbH (SAPMarkets)": the name before its own short form
            continue
        if prev is None or not re.fullmatch(r"\.?(?:\s*\([^()]{0,40}\))?[“”\")]*\s*(?:,|and|und|sowie|as well as|als auch|, and|, und)\s*"
                                            r"(?:der|die|das|the)?\s*[„“\"]?(?:(?:Frau|Herrn?|Mr\.?|Mrs\.?|Ms\.?|Dr\.|Prof\.)\s+)*",
                                            # a quoted party: "A." und "B."; a person's title: "Frau P.R. und Herr C.S."
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
    if re.search(r"[;:]", between) or any(not abbreviation_before(v.text, pos - v.off + d.start(), v.lang)
                                          for d in re.finditer(r"\.\s", between)):
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


DEAL_NOUN_VERB_DE = (r"\b(?:abgeschlossen|schließt|schloss|vollzogen|vollzieht|vollzog|vereinbart|vereinbarte|vereinbarten|"
                     r"angekündigt|kündigt|kündigte|kündigten|bekanntgegeben|bekannt\s+gegeben|gibt|gab|gaben|plant|plante|"
                     r"planen|planten|angemeldet|meldet|meldete|unterzeichnet|unterzeichnete|eingeleitet|leitet|leitete)\b")
"""Verbs whose subject is the buyer of the deal named as their object: "X hat die Übernahme der Y abgeschlossen", "X gab
den Erwerb der Y bekannt", "X kündigte die Übernahme der Y an", "X plant die Übernahme der Y", "X hat den Erwerb … angemeldet"
(not "kritisiert", "begrüßt", "verhindert": a bystander's verbs)."""


DATIVE_BUYER_DE = r"\b(?:hat|hatte|haben|hatten)\s+(?:(?:nun|jetzt|heute|bereits|am\s+\d{1,2}\.\s+\w+(?:\s+\d{4})?)\s+)?(?:der|dem)\s+$"
PERMITTED_DE = r"\b(?:erlaubt|gestattet|genehmigt|freigegeben)\b"
"""An authority's permission with the buyer in the dative: "Das Bundeskartellamt hat der X den Erwerb der Y gestattet"."""


def _deal_noun_subject(v: View, cue: re.Match) -> Mention | None:
    """The buyer of a deal noun at ``cue`` with no "durch": the main clause's subject right before it (nothing between but
    an auxiliary, a date or adverbs, no comma) when the clause's verb is one of :data:`DEAL_NOUN_VERB_DE`."""
    subj = main_clause_before(v, cue.start(), 60)
    if subj is None or subj.kind not in COMPANIES or v.negated(cue.start()):
        return None
    between = re.sub(r"\([^()]{0,40}\)", "", v.text[subj.end - v.off:cue.start()])
    verbs = between + v.text[cue.end():v.clause(cue.start())[1]]
    if re.search(r"[,;:]", between):
        return None
    if re.search(DATIVE_BUYER_DE, v.text[max(0, subj.start - v.off - 40):subj.start - v.off]):  # "hat der X … erlaubt"
        return subj if re.search(PERMITTED_DE, verbs) else None
    return subj if re.search(DEAL_NOUN_VERB_DE, verbs) else None


IN_PHRASE_DE = (r"(?:\b(?:" + "an|am|bei|in|mit|von|für|über|unter|zu|auf|aus|nach|neben|gegenüber|durch|laut|seitens|vom|beim|zum|zur|im"
                r")\s+(?:(?:der|dem|den|des|die)\s+)?|[A-ZÄÖÜ][\wäöüß-]+\s+(?:der|des)\s+)$")
"""Before a name that is no subject: a preposition ("nach Angaben der X", "laut der X") or a noun with the name in the
genitive."""


def _inverted_perfect(v: View, cue: re.Match, first: Mention) -> tuple[Mention | None, Mention | None]:
    """(buyer, target) of a perfect whose subject follows the auxiliary ("Im Jahr 2019 hat die X die Y gekauft", "2019 hat
    das Unternehmen die Y gekauft"): the company right after "hat" and the next company of the object, not one after
    "von"/"bei" (the seller)."""
    start = v.abs(cue.start("obj"))
    if first.start - start > 4:
        return None, None
    end = v.abs(cue.end("obj"))
    target = next((m for m in v.of_kind(COMPANIES) if first.end <= m.start and m.end <= end and m.actor != first.actor
                   and not re.search(r"\b(?:von|vom|bei|beim)\s+(?:(?:der|dem|den)\s+)?(?:[\wäöüß-]+\s+)?$",
                                     v.text[first.end - v.off:m.start - v.off])), None)
    return (first, target) if target is not None else (None, None)


def deals(v: View) -> list[tuple[list[Mention], Mention, str, int]]:
    """(acquirers, target, rule, cue position) for every acquisition or merger the sentence states."""
    lang = v.lang
    out = []
    for cue in v.find(NOMINAL[lang]):
        target = _after(v, v.abs(cue.end()), 70)
        if target is None:
            continue
        by = re.match(SEAT + RELATIVE_AFTER + r"[^;,]{0,60}?,?" + BY[lang], v.text[target.end - v.off:])  # "der X Oy, Kuopio, durch
        # die Y"; "an der X, die den Netzbetreiber Z kontrolliert, durch die Y"
        if by is None:
            buyer = _deal_noun_subject(v, cue) if lang == "de" else None
            for t in coordinated_object(v, target) if buyer is not None else []:
                out.append((coordinated_before(v, buyer), t, "deal-object", cue.start()))
            continue
        acquirer = _after(v, target.end + by.end(), 90, HOLDERS)  # "durch die Kreditanstalt für Wiederaufbau": a state bank too
        member = group_member_after(v, acquirer) if acquirer is not None else None
        if member is not None:  # "durch die zur … Mondi Group … gehörende Mondi Finland Services Oy": the member buys
            acquirer = member
        if acquirer is not None:
            for t in _coordinated(v, target):  # "die Übernahme von A und B durch C": the list ends at "durch"
                if t.end <= target.end + by.start() + len(by.group(0)) and t.actor != acquirer.actor:
                    out.append((_coordinated(v, acquirer), t, "acquisition-of-by", cue.start()))
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
            with_ = re.match(MERGED_WITH[lang], v.text[first.end - v.off:])
            second = _after(v, first.end + with_.end(), 30) if with_ and len(parties) == 1 else None
            if second is not None:
                parties.append(second)
            if len(parties) >= 2:
                out.append(([parties[0]], parties[1], "merger-between", cue.start()))
    for m in v.orgs:
        verb = re.match(VERB[lang], v.text[m.end - v.off:])
        if verb:  # negation: weighed below over the deal's own clause ("acquired Q Ltd and paid no premium" stands)
            target, bought = _after(v, m.end + verb.end(), 60), None
            if target is not None and lang == "de":  # "übernimmt von der Y deren Tochter Z": Y sells, Z is bought
                seller = re.fullmatch(r"\s+vo[nm]\s+(?:(?:der|dem|den)\s+)?(?:[\wäöüß-]+\s+){0,2}?", v.text[m.end - v.off + verb.end():target.start - v.off])
                sold = re.match(SOLD_AFTER_SELLER_DE, v.text[target.end - v.off:]) if seller else None
                bought = _after(v, target.end + sold.end(), 25) if sold else None
                target = bought or target
            ctl = re.match(r"[^.;]{0,160}?" + CONTROL_OBJ_DE, v.text[m.end - v.off + verb.end():]) if lang == "de" else None
            if ctl is not None:
                target = _after(v, m.end + verb.end() + ctl.end(), 30)
            if target is not None and ctl is None and not (lang == "de" and bought) and re.search(
                    r"\b(?:from|vo[nm]|bei|of\s+its|of\s+their|seine[rn]?|ihre[rn]?)\b",
                                                v.text[m.end - v.off + verb.end():target.start - v.off]):
                target = None  # "buys almost all of its wafers from Orion": goods, not a company
            if target is not None and lang == "de":  # "Schwarz kauft Bosch bei Aleph Alpha aus": the stake is in Aleph Alpha
                out_of = re.match(r"\s+bei\s+(?:(?:der|dem|den)\s+)?", v.text[target.end - v.off:])
                inner = _after(v, target.end + out_of.end(), 0) if out_of else None
                if inner is not None and re.match(r"\s+aus\b", v.text[inner.end - v.off:]):
                    target = inner
            if target is not None and v.negates([m, target]):
                target = None  # "K Inc. did not acquire Q Ltd.", "hat die Q GmbH nicht übernommen"
            if target is not None:
                holders = [m]
                prev = v.before(m.start, COMPANIES, within=12)
                if prev is not None and re.fullmatch(r"\s*(?:,|and|und|sowie)\s*(?:der|die|das|the)?\s*", v.text[prev.end - v.off:m.start - v.off]):
                    holders = coordinated_before(v, m) if lang == "de" else [prev, m]
                for t in coordinated_object(v, target) if lang == "de" else [target]:
                    out.append((holders, t, "verb", m.end - v.off))
    if lang == "de":
        for m in v.orgs:  # "Die X erlangt die alleinige Kontrolle über die Y"
            got = re.match(r"\s+(?:erhält|erhielt|erhalten|erlangt|erlangte|erlangen|erlangten)\s+[^.;]{0,60}?" + CONTROL_OBJ_DE,
                           v.text[m.end - v.off:])
            target = _after(v, m.end + got.end(), 30) if got and not v.negated(m.end - v.off) else None
            if target is not None:
                out.append((coordinated_before(v, m), target, "control", m.end - v.off))
        first = v.orgs[0] if v.orgs else None
        inverted = re.match(VERB_FIRST_DE, v.text[:first.start - v.off]) if first is not None else None
        if inverted is not None and not v.negated(first.start - v.off):
            target = _after(v, first.end, 60)
            between = v.text[first.end - v.off:target.start - v.off] if target is not None else ""
            if target is not None and not re.search(r"\b(?:von|bei)\b|" + NO_COMPANY_OBJECT_DE, between):
                for t in coordinated_object(v, target):
                    out.append((_coordinated(v, first), t, "verb-first", inverted.start()))
        for cue in v.find(WITH_PURCHASE_DE):  # "Gilead will sich mit dem Kauf des … Immunomedics verstärken": the subject buys
            target = _after(v, v.abs(cue.end()), 60)
            subj = next((o for o in v.of_kind(COMPANIES) if o.end - v.off <= cue.start() and o.start - v.off <= 45), None)
            if subj is None and target is not None and cue.start() == 0:  # "Mit der Übernahme der Y baut die X ihr Geschäft aus":
                after = re.match(FRONTED_PURCHASE_DE, v.text[target.end - v.off:])  # the subject after the verb
                subj = _after(v, target.end + after.end(), 0) if after else None
            if target is not None and subj is not None and subj.actor != target.actor and not v.negated(cue.start()):
                out.append(([subj], target, "with-purchase", cue.start()))
        for m in v.orgs:  # "X hat sich die Mehrheit an Y gesichert", "X sichert sich 90 Prozent an Y", "X hat sich Y einverleibt"
            sec = re.match(SECURED_DE, v.text[m.end - v.off:])
            if sec is None or v.negated(m.end - v.off):
                continue
            g = "obj" if sec.group("obj") is not None else "obj2"
            obj_start, obj = m.end + sec.start(g), sec.group(g)
            at = re.search(r"\b(?:an|am|bei|beim)\s+", obj) if sec.group("verb") != "einverleibt" else None
            target = _after(v, obj_start + (at.end() if at else 0), 60 if at else 40)
            if target is not None and target.start - v.off <= m.end - v.off + sec.end():
                out.append((coordinated_before(v, m), target, "secured", m.end - v.off))
    for cue in v.find(PASSIVE[lang]):
        target = v.before(v.abs(cue.start()), COMPANIES, within=40)
        if lang == "de" and not re.match(PASSIVE_DE_END, v.text[cue.end():]):
            continue
        if lang == "de":  # "Im Jahr 2009 wurde die X GmbH von Y aufgekauft": the subject after the auxiliary
            inside = [m for m in v.of_kind(COMPANIES) if v.abs(cue.start()) <= m.start and m.end <= v.abs(cue.end())]
            target = inside[0] if inside else target
        acquirer = _after(v, v.abs(cue.end()), 40)
        if target is not None and acquirer is not None:
            plural = lang == "de" and re.match(r"(?:werden|wurden)\b", cue.group(0))  # "A und B wurden von C übernommen"
            for t in coordinated_before(v, target) if plural and target.end <= v.abs(cue.start()) else [target]:
                if t.kind in COMPANIES and t.actor != acquirer.actor:
                    out.append(([acquirer], t, "passive", cue.start()))
    if lang == "de":
        for cue in v.find(INTENT_DE):  # "Henkel beabsichtigt, … 77 % der Anteile der Schwarzkopf zu erwerben"
            start = cue.start()
            if cue.group("obj") is not None:  # "Danach ist folgendes beabsichtigt: Die … Unternehmen A, B und C beabsichtigen, …"
                inner = list(re.finditer(r"\b(?:beabsichtigt|beabsichtigen|plant|planen|will|wollen|möchte)\b", cue.group("obj")))
                if inner:
                    start = cue.start("obj") + inner[-1].start()
            subj = main_clause_before(v, start, 40)
            if subj is None:  # "Danach beabsichtigt das Unternehmen RTL NEWMEDIA GmbH …": the subject after the verb
                subj = _after(v, v.abs(cue.end("obj") - len(cue.group("obj"))) if cue.group("obj") is not None else v.abs(cue.end()), 25)
            target = _in_object(v, cue, 0, "obj" if cue.group("obj") is not None else "obj2")
            if subj is not None and target is not None and target.actor != subj.actor:
                obj_start = v.abs(cue.start("obj") if cue.group("obj") is not None else cue.start("obj2"))
                for t in coordinated_before(v, target):  # "darf Rücker und die Ostsee-Molkerei übernehmen"
                    if t.start >= obj_start and t.kind in COMPANIES and t.actor != subj.actor:
                        out.append((coordinated_before(v, subj), t, "intent", cue.start()))
        for m in v.orgs:  # "des Vorhabens der AMEOS Gruppe, Anteile an der Sana Kliniken Ostholstein GmbH zu erwerben"
            if not re.search(INTENT_NOUN_DE[0], v.text[max(0, m.start - v.off - 30):m.start - v.off]):
                continue
            inf = re.match(INTENT_NOUN_DE[1], v.text[m.end - v.off:])
            if inf is not None:
                target = _in_object(v, inf, m.end - v.off, "obj")
                if target is not None:
                    for t in stake_list(v, target, m.end + inf.end("obj")):  # "an der A, an der B sowie der C … zu erwerben"
                        if t.actor != m.actor:
                            out.append(([m], t, "intent", m.start - v.off))
        for cue in v.find(INTENT_FINAL_DE):  # "wonach die X GmbH 50% der Anteile an der Y GmbH zu erwerben beabsichtige"
            clause = max(v.text.rfind(",", 0, cue.start()), v.text.rfind("wonach", 0, cue.start()), 0)
            share = re.search(r"\bAnteile\s+(?:der|an\s+der|an\s+dem|am|an|des)\s+", v.text[clause:cue.start()])
            if share is None:
                continue
            target = _after(v, v.abs(clause + share.end()), 30)
            subj = v.before(v.abs(clause + share.start()), COMPANIES, within=40)
            if subj is not None and target is not None:
                out.append(([subj], target, "intent", cue.start()))
        for cue in v.find(FUTURE_DE):
            clause = max(v.text.rfind(",", 0, cue.start()), v.text.rfind("dessen", 0, cue.start()), 0)
            region = v.text[clause:cue.start()]
            subj = next((m for m in v.orgs if v.abs(clause) <= m.start < v.abs(cue.start())), None)
            share = re.search(SHARES_IN_DE + "|" + CONTROL_OBJ_DE, region)
            target = _after(v, v.abs(clause + share.end()), 30) if share else None
            if subj is not None and target is not None and subj.actor != target.actor:
                out.append(([subj], target, "intent", cue.start()))
        for cue in v.find(PERFECT_DE):
            subj = main_clause_before(v, cue.start(), 60)
            target = v.after(v.abs(cue.start("obj")), COMPANIES, within=len(cue.group("obj")))
            if target is not None and (subj is None or re.search(IN_PHRASE_DE, v.text[max(0, subj.start - v.off - 40):subj.start - v.off])):
                inverted = _inverted_perfect(v, cue, target)  # "Im Jahr 2019 hat die X die Y gekauft"
                subj, target = inverted if inverted[0] is not None or subj is None else (subj, target)
            if subj is not None and target is not None:
                subjects = coordinated_before(v, subj) if re.match(r"(?:haben|hatten)\b", cue.group(0)) else [subj]
                for t in _coordinated(v, target):  # "hat die A und die B übernommen": the list inside the object
                    if t.end <= v.abs(cue.end("obj")):
                        out.append(([x for x in subjects if x.kind in COMPANIES + ("person",)], t, "verb", cue.start()))
    roles = role_deal(v)
    if roles is not None:  # "Erwerberin ist die X AG, Zielgesellschaft die Y GmbH"
        out.append((roles[0], roles[1], "roles", v.text.find("Erwerber")))
    return out


ROLES_DE = (r"\bErwerber(?:in)?\s+(?:ist|sind|war|waren)\s+(?:(?:die|der|das)\s+)?",
            r"\bZiel(?:gesellschaft|unternehmen)\s+(?:(?:ist|sind|war|waren)\s+)?(?:(?:die|der|das)\s+)?")
"""A deal stated by its parties' roles, as decisions and case reports list them: "Erwerberin ist die X AG,
Zielgesellschaft die Y GmbH"."""


def role_deal(v: View) -> tuple[list[Mention], Mention] | None:
    """(acquirers, target) named by :data:`ROLES_DE` in the sentence, else None."""
    if v.lang != "de":
        return None
    buyer, target = (re.search(p, v.text) for p in ROLES_DE)
    a = _after(v, v.abs(buyer.end()), 5) if buyer else None
    t = _after(v, v.abs(target.end()), 5) if target else None
    return ([a], t) if a is not None and t is not None and a.actor != t.actor else None


def main_clause_before(v: View, rel: int, within: int) -> Mention | None:
    """The company before sentence position ``rel`` that belongs to the main clause: one inside a relative clause
    closed by its own verb is skipped ("Die Signa Holding GmbH, welche mittelbar durch René Benko geführt wird,
    hatte …" → Signa), and the distance is counted without that clause."""
    from kingmaker.extract.rules_claims import RELATIVE_CLAUSE_DE

    pos = rel
    for c in reversed(list(re.finditer(RELATIVE_CLAUSE_DE, v.text[:rel]))):
        if v.text[c.end():pos].strip():
            break
        pos = c.start()  # the clause ends right before: look before it
    return v.before(v.abs(pos), COMPANIES, within=within)


def _in_object(v: View, cue: re.Match, off: int, group: str) -> Mention | None:
    """The target in an infinitive's object: the company after "Anteile an der", else the last one named in it."""
    obj = cue.group(group)
    a, b = off + cue.start(group), off + cue.end(group)
    share = re.search(r"\bAnteile\s+(?:der|an\s+der|an\s+dem|am|an|des)\s+|" + CONTROL_OBJ_DE, obj)
    if share:
        return _after(v, v.abs(a + share.end()), 30)
    last = next((m for m in reversed(v.orgs) if a <= m.start - v.off < b  # not a seat: "… Krankenhaus in Worms zu erwerben"
                 and not re.search(r"\bin\s+$", v.text[max(0, m.start - v.off - 4):m.start - v.off])), None)
    if last is not None and in_group_phrase(v, last):  # "das zur X-Gruppe gehörende Y … zu erwerben": Y, not X, is bought
        member = group_member_after(v, last)
        return member if member is not None and member.start - v.off < b else None
    return last


def in_group_phrase(v: View, g: Mention) -> bool:
    """Whether ``g`` is the group of a participle phrase ("das zur Agaplesion-Gruppe gehörende Hochstift Krankenhaus"): it
    owns what follows and is no party of the deal the sentence states."""
    return v.lang == "de" and re.search(r"\bzu[mr]\s+(?:[a-zäöü][\wäöüß-]*\s+){0,2}$",
                                        v.text[max(0, g.start - v.off - 40):g.start - v.off]) is not None \
        and re.match(BELONGS_DE, v.text[g.end - v.off:]) is not None


def joint_venture(v: View) -> Iterator[Candidate]:
    """Each parent → the joint venture: "die Gründung eines Gemeinschaftsunternehmens der Rheinmetall AG und
    Leonardo S.p.A." with the venture named where the text introduces it ("Das Gemeinschaftsunternehmen, die
    Leonardo Rheinmetall Military Vehicles (LRMV), …"), in this sentence or one of the next three."""
    for cue in v.find(JOINT_VENTURE[v.lang]):
        first = _after(v, v.abs(cue.end()), 30)
        if first is None:
            continue
        parents = _coordinated(v, first)
        venture = None
        for j in range(v.i, min(len(v.a.sentences), v.i + 4)):
            w = View(v.a, j)
            venture = next((m for m in w.orgs if m.actor not in {p.actor for p in parents}
                            and re.search(JV_NAMED[v.lang], w.text[:m.start - w.off])), None)
            if venture is not None:
                break
        if venture is None or len(parents) < 2:
            continue
        for p in parents:
            c = _stake(v, p, venture, "joint-venture", {"description": "joint venture parent", "control": "joint"},
                       0.6)
            if c is not None:
                yield c


IN_GROUP = {"de": (r"\b(?:innerhalb|im|in)\s+(?:des|dem|der)?\s*$", r"^-?(?:Konzern|Gruppe)\w*\s+(?:(?:der|dem|den)\s+)?"),
            "en": (r"\bwithin\s+(?:the\s+)?$", r"^(?:['’]s)?\s+group\s+(?:to\s+)?")}
GROUP_OWNED = {"de": r"^,\s+(?:die|der|das|welche[rs]?)\s+(?:als\s+)?konzern(?:eigen|zugehörig)\w*",
               "en": r"^,\s+(?:which|that)\s+(?:is\s+)?(?:a|an|the)\s+(?:group-owned|wholly[- ]owned)"}


BELONGS_DE = (r"^(?:,\s+[A-ZÄÖÜ][\wäöüß-]+(?:\s+(?:und|and)\s+[A-ZÄÖÜ][\wäöüß-]+)?,)?(?:[\s-](?:Konzern|Gruppe))?\s+"
              r"gehörende\w*\s+(?:[a-zäöüß][\wäöüß-]*\s+){0,2}")
"""What follows a group in "zum Metro Konzern gehörende", "zur österreichischen Mondi Group, London und Johannesburg,
gehörende" (the group's seats between, as the Commission writes them)."""


def group_member_after(v: View, g: Mention) -> Mention | None:
    """The company a participle phrase places in group ``g`` ("die zum Metro Konzern gehörende BHS Holding AG" → BHS
    Holding for Metro), or None."""
    if v.lang != "de" or not re.search(r"\bzu[mr]\s+(?:[a-zäöü][\wäöüß-]*\s+){0,2}$", v.text[max(0, g.start - v.off - 40):g.start - v.off]):
        return None
    word = re.match(BELONGS_DE, v.text[g.end - v.off:])
    return _after(v, g.end + word.end(), 0) if word else None


def belongs_to_group(v: View) -> Iterator[Candidate]:
    """"die zum Metro Konzern gehörende BHS Holding AG": the group → the company."""
    if v.lang != "de":
        return
    for g in v.orgs:
        member = group_member_after(v, g)
        if member is not None:
            c = _stake(v, g, member, "group-member", {"description": "group company"}, 0.6)
            if c is not None:
                yield c


OWNED_SHARE_DE = r"^\s+(?:gehört|gehörte|gehören|gehörten)\s+(?:(?:zu|mit)\s+)?(?:(?:fast|rund|knapp|etwa|gut|mehr\s+als)\s+)?" \
                 r"(?P<n>\d[\d,.]*\s*(?:%|Prozent))\s+(?:(?:dem|der|den)\s+)?"
"""A share owned, the owner after it: "Die Telekom gehört zu fast 15 Prozent dem Bund"."""
BELONGS_TO_DE = (r"^[“”\")]*\s+(?:gehört|gehörte|gehören|gehörten)\s+(?:(?:seit|bereits|schon|inzwischen|mittlerweile|heute|nun|"
                 r"jetzt|ebenfalls|auch|mehrheitlich|vollständig|komplett|ganz)\b[^,.;]{0,30}?\s+)?"
                 r"(?:zu(?:m|r)?\s+(?:(?:der|dem|den)\s+)?|(?P<dative>der|dem)\s+)")
"""The finite form, as news writes it: "Myspace gehört seit August 2005 zu News Corp." (the owner after "zu"), "Die X gehört
(mehrheitlich) der Y" (the owner in the dative, not "gehört dem Verband der Y an": a membership)."""


BELONGS_FRONTED_DE = r"^(?:Zu(?:m|r)|Zu\s+den\s+(?:[a-zäöüß]+\s+)?(?:Töchtern|Tochtergesellschaften|Beteiligungen|Marken)\s+(?:der|des|von))\s+"
BELONGS_FRONTED_VERB_DE = (r"[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?:gehört|gehörte|gehören|gehörten|zählt|zählte|zählen|zählten)\s+"
                           r"(?:(?:auch|zudem|außerdem|seit\s+\d{4}|inzwischen|heute|unter\s+anderem|etwa|neben\s+\w+)\s+)*")
"""The owner fronted: "Zur Kestrel AG gehört auch die Quarnwerk AG", "Zu den Töchtern der Y zählen die A und die B"."""
PART_OF_DE = (r"^\s+(?:wird|wurde|werden|wurden|ist|sind|war|waren)\s+(?:(?:damit|nun|künftig|bereits|seit\s+\d{4}|so|vollständig|"
              r"ganz)\s+)*(?:ein\s+)?Teil\s+(?:der|des)\s+|^\s+(?:wird|wurde|werden|wurden)\s+(?:(?:damit|nun|künftig|vollständig|"
              r"ganz|\d{4})\s+)*in\s+(?:die|den|das)\s+(?=[^.;]{0,60}?\b(?:eingegliedert|integriert)\b)")
"""A company made part of another: "Die X wird Teil der Y", "X ist seit 2019 Teil des Y-Konzerns", "Die X wurde in die Y
eingegliedert"."""
BELONGS_INVERTED_DE = (r"\b(?:gehört|gehörte|gehören|gehörten)\s+(?P<desc>(?:der|die|das)\s+[^.;,]{1,70}?)\s+"
                       r"(?:(?:seit|bereits|schon|inzwischen|mittlerweile|heute|nun|jetzt|mehrheitlich)\b[^,.;]{0,30}?\s+)?"
                       r"zu(?:m|r)?\s+(?:(?:der|dem|den)\s+)?")
"""Subject after the verb: "Seit 2019 gehörte der deutsche Outdoor-Spezialist Jack Wolfskin zum US-Konzern Topgolf Callaway"."""


DESCRIPTION_DE = re.compile(r"(?:(?:[a-zäöü][\wäöüß-]*)\s+){0,3}(?P<head>[A-ZÄÖÜ][\wäöüß-]*)\s+(?=[A-ZÄÖÜ])")
"""Words saying what an owner is before its name: "(zur) mittlerweile insolventen Dachgesellschaft (Primondo)"."""


def _description_length(after: str) -> int:
    """How many characters a description of an organisation (:data:`DESCRIPTION_DE`, its noun one that announces a name:
    :data:`kingmaker.extract.proposals.ORG_HEAD`) takes at the start of ``after``; 0 when none stands there."""
    from kingmaker.extract.proposals import ORG_HEAD

    m = DESCRIPTION_DE.match(after)
    return m.end() if m and ORG_HEAD["de"].fullmatch(m.group("head")) else 0


BELONGS_VIA_DE = (r"\b(?:gehört|gehörte|gehören|gehörten)\s+(?:(?:seit\s+\d{4}|heute|inzwischen|mittlerweile|mittelbar|indirekt)\s+)?"
                  r"über\s+(?:den|die|das|dem|ihre|ihren|seine|seinen)\s+")
"""A company held through another: "Das Hochstift … gehört über den Hessischen Diakonieverein zur Agaplesion-Gruppe"."""


def belongs_via(v: View) -> Iterator[Candidate]:
    """"X gehört über (den) W zu(r) Y": W holds X directly (the intermediate holder), Y is X's group parent — both stakes in
    X, the subject the sentence's first organisation when no other stands between it and the verb ("Das Hochstift in Worms
    ist … ein Krankenhaus … und gehört über den W zur Y"). Nothing when no "zu" follows W (no owner then) or the clause
    is negated."""
    if v.lang != "de" or v.hedged or not v.orgs:
        return
    for cue in v.find(BELONGS_VIA_DE):
        member = v.orgs[0]
        if member.end - v.off > cue.start() or any(o.start - v.off < cue.start() and o.actor != member.actor for o in v.orgs) \
                or v.negated(cue.start()):
            continue
        via = _after(v, v.abs(cue.end()), _description_length(v.text[cue.end():]) + 25)
        owner_cue = re.match(r"[^.;,]{0,20}?\s+zu(?:m|r)?\s+(?:(?:der|dem|den)\s+)?", v.text[via.end - v.off:]) if via else None
        if owner_cue is None or via.actor == member.actor or re.search(r"\s(?:von|der|des)\s", v.text[cue.end():via.start - v.off]):
            continue
        owner = _after(v, via.end + owner_cue.end(), 25 + _description_length(v.text[via.end - v.off + owner_cue.end():]))
        for holder, note in ((via, "holds it directly (the intermediate holder)"), (owner, "group parent, through an intermediate")):
            if holder is not None and holder.actor != member.actor:
                c = _stake(v, holder, member, "belongs-via", {"description": note}, 0.6)
                if c is not None:
                    yield c


def belongs_to(v: View) -> Iterator[Candidate]:
    """"X gehört (seit …) zu Y": Y → X. A person's name before the owner is passed over ("zu Rupert Murdochs News
    Corp."); "gehört zu den größten …" names no owner and gives nothing."""
    if v.lang != "de" or v.hedged:
        return
    for m in v.orgs:
        cue = re.match(BELONGS_TO_DE, v.text[m.end - v.off:]) or re.match(PART_OF_DE, v.text[m.end - v.off:])
        if cue is None or v.negated(m.end - v.off) or re.search(r"(?:^|\s)[Zz]u(?:m|r)?\s+(?:(?:der|dem|den)\s+)?$",
                                                                v.text[:m.start - v.off]):
            continue  # ("Zur Y gehört …": Y is the owner fronted, below)
        dative = cue.groupdict().get("dative")
        if dative and re.search(r"\b(?:" + PREPOSITIONS_DE + r")\s+$", v.text[:m.end - v.off + cue.start("dative")]):
            continue  # "gehört auch eine Beteiligung an der Y": "der" after a preposition is no owner in the dative
        described = _description_length(v.text[m.end - v.off + cue.end():])
        if described and re.search(r"\bden\s+$", cue.group(0)):
            continue  # "gehört zu den drei großen Wettbewerbern X, Y und Z": among them, X owns nothing
        owner = _after(v, m.end + cue.end(), 12 if dative else 25 + described)
        if owner is None or re.search(r"\b(?:der|des|von)\s+$", v.text[m.end - v.off + cue.end():owner.start - v.off]) \
                or (dative and re.match(r"[^.;,]{0,40}?\ban\b", v.text[owner.end - v.off:])):
            continue  # "gehört zu den größten Kunden der Y": Y owns nothing
        members = coordinated_before(v, m) if re.match(r"\s+(?:gehören|gehörten|sind|waren|werden|wurden)\b", cue.group(0)) else [m]
        for member in members:  # "Die A und die B gehören zur Y": each of them
            c = _stake(v, owner, member, "belongs-to", {"description": "belongs to"}, 0.6)
            if c is not None:
                yield c
    fronted = re.match(BELONGS_FRONTED_DE, v.text)
    owner = _after(v, v.abs(fronted.end()), 25) if fronted else None
    if owner is not None and re.search(r"\b(?:der|des|von)\s+$", v.text[fronted.end():owner.start - v.off]):
        owner = None  # "Zum Kundenkreis der Y gehört die X": Y owns nothing
    verb = re.match(BELONGS_FRONTED_VERB_DE, v.text[owner.end - v.off:]) if owner is not None else None
    member = _after(v, owner.end + verb.end(), 30) if verb is not None else None
    if member is not None and not v.negated(verb.start()):  # "Zur Y gehört auch die X", "Zu den Töchtern der Y zählen A und B"
        for x in coordinated_object(v, member):
            c = _stake(v, owner, x, "belongs-to", {"description": "belongs to"}, 0.6)
            if c is not None:
                yield c
    for m in v.orgs:
        share = re.match(OWNED_SHARE_DE, v.text[m.end - v.off:])
        owner = v.after(m.end + share.end(), ORG, within=0) if share else None
        if owner is not None and owner.actor != m.actor and not v.negated(m.end - v.off):
            c = _stake(v, owner, m, "owned-share", {"description": f"owns {share.group('n')}"}, 0.65)
            if c is not None:
                yield c
    for cue in v.find(BELONGS_INVERTED_DE):  # "Seit 2019 gehörte der Outdoor-Spezialist X zum US-Konzern Y"
        member = _after(v, v.abs(cue.start("desc")), 60)
        if member is None or member.end - v.off > cue.end("desc") or v.negated(cue.start()):
            continue
        owner = _after(v, v.abs(cue.end()), 25)
        if owner is not None:
            c = _stake(v, owner, member, "belongs-to", {"description": "belongs to"}, 0.6)
            if c is not None:
                yield c


OWNER_NOUN_DE = r"(?:(?:[A-ZÄÖÜ][a-zäöüß]*-?)?" + _OWNER + r"|(?<![\w-])Träger(?:in|s|schaft)?)"  # "Familien-Großaktionär": a first
# part saying whose; a hospital's or public body's "Träger(in)" owns it ("Das Land X ist Trägerin des Universitätsklinikums
# Y"), alone: no "Funktionsträger", "Hoffnungsträger"; the office itself: "Sie ist mit der Trägerschaft der X AöR beliehen"
SHAREHOLDER_DE = [
    r"^,\s+(?:(?:der|die)\s+)?(?:[\wäöüß-]+\s+){0,2}?" + OWNER_NOUN_DE + r"\s+(?:der|des|von|vom|bei|beim)\s+",
    r"^\s+(?:ist|war|bleibt|blieb|wird|wurde|sind|waren)\s+(?:[^.;,]{0,50}?\s+)?" + OWNER_NOUN_DE + r"\s+(?:der|des|von|vom|bei|beim)\s+",
    r"^,?\s+als\s+(?:[\wäöüß-]+\s+){0,2}?" + OWNER_NOUN_DE + r"\s+(?:der|des|von|vom|bei|beim)\s+",
]
"""A holder named by what it is to a company: "Maria-Elisabeth Schaeffler, Gesellschafterin der Schaeffler KG", "Luxemburg ist
mit einem Anteil von 5,6 Prozent zweitgrößter Anteilseigner von Arcelor", "Das Fürstentum Luxemburg als Großaktionär von
Arcelor"."""


OWNER_NOUN_FIRST_DE = (r"(?<![\w-])(?:(?:[Pp]ersönlich\s+haftende|[Aa]lleinige|[Ee]inzige)[rn]?\s+)?" + OWNER_NOUN_DE +
                       r"\s+(?:(?:der|des|von|vom)\s+|(?=dies(?:er|es)\s))")  # "dieser Gesellschaft": the description is the mention
"""The owner noun first, the owner last: "Komplementärin der X GmbH & Co. KG ist die Y GmbH", "Kommanditist dieser
Gesellschaft ist der Z"."""
IS_THE_DE = r"(?:\s*\([^()]{0,40}\))?\s+(?:ist|sind|war|waren|bleibt|blieb|wird|wurde)\s+(?:(?:die|der|das|den)\s+)?"
OWNER_NOUN_ALONE_DE = (r"^\s*(?:(?:[Pp]ersönlich\s+haftende|[Aa]lleinige|[Ee]inzige|[Ww]eitere)[rn]?\s+)?" + OWNER_NOUN_DE +
                       r"\s+(?:ist|sind|war|waren)\s+(?:(?:die|der|das)\s+)?(?=[A-ZÄÖÜ0-9„\"])")
"""A sentence that starts with the owner noun and names no company: "Persönlich haftende Gesellschafterin ist die Y
GmbH." after "Kommanditist der X KG ist der Z." — the company is the one the sentence before is about."""
PREPOSITIONS_DE = "an|am|bei|in|mit|von|für|über|unter|zu|auf|aus|nach|neben|gegenüber|durch"
PREPOSITION_DE = r"(?:" + PREPOSITIONS_DE + ")"
"""Prepositions that open a German relative clause before its pronoun (", an der die Stadt Y beteiligt ist")."""
PLURAL_IS_DE = r"\s+(?:sind|waren|bleiben|blieben|wurden)\s+"
"""A plural verb after coordinated holders: "A und B sind Gesellschafter der X" (each of them is)."""


def _company_before(v: View):
    """The company the sentence before states owners of (after an owner noun or "an der"), else the first company it
    names (its subject), in the same paragraph and not a heading; ``None`` otherwise."""
    if v.i == 0:
        return None
    prev = v.a.sentences[v.i - 1]
    if prev.paragraph != v.s.paragraph or prev.heading:
        return None
    named = [m for m in v.a.in_sentence(v.i - 1) if m.kind in COMPANIES]
    owned = [m for m in named if re.search(r"(?:" + OWNER_NOUN_DE + r"|\ban)\s+(?:der|des|dem|dieser|dieses)\s+$",
                                          v.a.text[max(0, m.start - 40):m.start])]
    return (owned or named or [None])[0]


def shareholder_noun(v: View) -> Iterator[Candidate]:
    """Holder → company for :data:`SHAREHOLDER_DE` (a person, a family, a state or a company) and for
    :data:`OWNER_NOUN_FIRST_DE`; every holder of a list ("Gesellschafter der X sind A, B sowie C", "A und B sind
    Gesellschafter der X"); for :data:`OWNER_NOUN_ALONE_DE` the company of the sentence before (a guess, said in a
    note)."""
    if v.lang != "de" or v.hedged:
        return
    owners = COMPANIES + ("person", "group", "state", "state_body")
    for cue in v.find(OWNER_NOUN_FIRST_DE):
        subject = _after(v, v.abs(cue.end()), 3)
        this = re.match(r"dies(?:er|es)\s+", v.text[cue.end():]) if subject is None else None
        if this is not None:  # "Kommanditist dieser Erwerbsgesellschaft ist …": the demonstrative before a defined short form
            subject = _after(v, v.abs(cue.end() + this.end()), 0)
        is_the = re.match(IS_THE_DE, v.text[subject.end - v.off:]) if subject is not None else None
        holder = _after(v, subject.end + is_the.end(), 0, owners) if is_the else None
        if holder is None or v.negated(cue.start()):
            continue
        holders = _coordinated(v, holder, owners)
        if re.search(r"\b(?:sind|waren)\s", is_the.group(0)):  # "… waren das Land X, der Beklagte, der Y und die Z": a plural
            # verb's list may hold words that are no names; every name up to the clause's end is one of the owners
            end = re.search(r"[;:]|\.(?:\s|$)|\s\(|,\s+(?:die|der|das|welche[rs]?)\s+[a-zäöüß]|,\s+(?:deren|dessen|" + PREPOSITION_DE
                            + r"\s+(?:der|dem|den|denen|welche[rmn]?))\s", v.text[holder.end - v.off:])  # (", an der die Stadt Y
            # beteiligt ist": a relative clause after a preposition or "deren" ends the list too)
            stop = holder.end + (end.start() if end else len(v.text))
            holders += [m for m in _listed_after(v, holders[-1], owners, stop) if m not in holders]
        for h in holders:
            if h.actor != subject.actor:
                yield v.candidate("relations", "shareholding", h, subject, "de.shareholding.owner-noun-first", 0.6,
                                  attrs={"description": "shareholder"})
    alone = re.match(OWNER_NOUN_ALONE_DE, v.text)
    if alone is not None and not v.negated(alone.end()) and not any(m.kind in COMPANIES and m.start - v.off < alone.end()
                                                                    for m in v.orgs):
        holder = _after(v, v.abs(alone.end()), 0, owners)
        subject = _company_before(v) if holder is not None else None
        for h in _coordinated(v, holder, owners) if subject is not None else []:
            if h.actor != subject.actor:
                note = {} if subject.how == "anaphor" else {  # an anaphor gets its own note ("'dieser Gesellschaft' read as …")
                    "link_note": f"guess: the company is {v.a.index.known[subject.actor].name}, named in the sentence before"}
                yield v.candidate("relations", "shareholding", h, subject, "de.shareholding.owner-noun-alone", 0.55,
                                  attrs={"description": "shareholder", **note})
    for h in v.of_kind(owners):
        tail = v.text[h.end - v.off:]
        for pat in SHAREHOLDER_DE:
            t = re.match(pat, tail)
            if t is None or re.search(r"\b(?:ehemalig\w*|früher\w*|bisherig\w*|nicht|kein\w*)\b", t.group(0)):
                continue
            subject = _after(v, h.end + t.end(), 25)
            if subject is not None and re.search(r"\b(?:der|des)\s+$", v.text[h.end - v.off + t.end():subject.start - v.off]):
                subject = None  # "Trägerin des Preises der X": the noun between is what it holds, X owns it (review rev10b)
            subjects = [subject] if subject is not None else []
            while subjects:  # "Trägerin des A sowie des B": each company of a genitive list
                more = re.match(r"(?:\s*\([^()]{0,40}\))?(?:,\s+(?:des|der)\s+[^,;.()]{1,60}?,)?(?:\s*,\s*|\s+(?:und|sowie)\s+)"
                                r"(?:des|der)\s+", v.text[subjects[-1].end - v.off:])  # (an apposition between: ", des größten …,")
                nxt = _after(v, subjects[-1].end + more.end(), 25) if more else None
                if nxt is None or nxt in subjects:
                    break
                subjects.append(nxt)
            holders = [h]
            if re.match(PLURAL_IS_DE, tail):  # "A und B sind Gesellschafter der X": the list ends at h
                first = _list_start(v, h, owners)
                holders = _coordinated(v, first, owners) if first is not None else [h]
                holders = holders if holders[-1].actor == h.actor else [h]
            for x in holders:
                for subject in subjects:
                    if subject.actor != x.actor:
                        yield v.candidate("relations", "shareholding", x, subject, "de.shareholding.owner-noun", 0.6,
                                          attrs={"description": "shareholder"})
            break


LIST_SEPARATOR_DE = re.compile(r"(?:\s*,\s*(?:(?:und|sowie)\s+)?|\s+(?:und|sowie)\s+)(?:(?:der|die|das|den|dem|des)\s+)?"
                               r"(?:(?:Herrn?|Frau|Dr\.|Prof\.)\s+)*")
LIST_ITEM_REST_DE = re.compile(r"(?:\s*\([^()]{0,40}\)|\s*[\wäöüß%-]+(?:[,.]\d+)?){0,3}?(?=\s*,|\s+(?:und|sowie)\s|\s*$)")
"""What may stand in a list's item before the next separator: up to three words ("der Beklagte", "weitere
Sparkassenverbände", a name's "mit 60 Prozent") or a remark in brackets."""


def _listed_after(v: View, last: Mention, kinds, stop: int) -> list[Mention]:
    """The names of a list that goes on after ``last`` up to ``stop``: each item after a comma, "und" or "sowie" (and an
    article) is a name or at most three words that are none ("…, der Beklagte, der Y und die Z"); anything longer — a
    new clause (", Geschäftsführer ist X", ", während die Stadt Y …", ", teilte die Stadt Y mit") — ends the list."""
    names = {m.start: m for m in v.of_kind(kinds) if last.end <= m.start and m.end <= stop}
    rest = LIST_ITEM_REST_DE.match(v.text, last.end - v.off, stop - v.off)  # "die K AG mit 60 Prozent und …"
    out, pos = [], v.off + rest.end() if rest else last.end
    while pos < stop:
        sep = LIST_SEPARATOR_DE.match(v.text, pos - v.off, stop - v.off)
        if sep is None:
            break
        name = names.get(v.off + sep.end())
        start = name.end if name is not None else v.off + sep.end()
        rest = LIST_ITEM_REST_DE.match(v.text, start - v.off, stop - v.off)
        if rest is None or (name is None and rest.end() == start - v.off):
            break
        if name is not None:
            out.append(name)
        else:  # "… sowie die Landschaftsverbände Rheinland und Westfalen-Lippe": a name after the item's plural head noun
            out += [m for at, m in sorted(names.items()) if start <= at and m.end <= v.off + rest.end()]
        pos = v.off + rest.end()
    return out


def _list_start(v: View, last: Mention, kinds) -> Mention | None:
    """The first of the names coordinated with ``last`` before it ("Die A AG, die B GmbH und die C AG sind …" → A)."""
    first = last
    while True:
        prev = v.before(first.start, kinds, within=12)
        if prev is None or not re.fullmatch(r"[“”\")]*(?:\s*\([^()]{0,40}\))?(?:,\s*|\s+(?:und|sowie)\s+|,\s+(?:und|sowie)\s+)"
                                            r"(?:(?:der|die|das)\s+)?", v.text[prev.end - v.off:first.start - v.off]):
            return first
        first = prev


def group_member(v: View) -> Iterator[Candidate]:
    """Companies of a group the sentence places "within" it: "innerhalb des Lufthansa-Konzerns der Austrian
    Airlines …, der Eurowings, die als konzerneigener Low-Cost-Carrier …" → Lufthansa → Austrian Airlines,
    Lufthansa → Eurowings (the one right after the group, and those a relative clause calls the group's own)."""
    before, after = IN_GROUP[v.lang]
    for g in v.orgs:
        word = re.match(after, v.text[g.end - v.off:])
        if word is None or not re.search(before, v.text[max(0, g.start - v.off - 20):g.start - v.off]):
            continue
        members = [m for m in [_after(v, g.end + word.end(), 0)] if m is not None]
        members += [m for m in v.orgs if m.start > g.end and re.match(GROUP_OWNED[v.lang], v.text[m.end - v.off:])]
        for m in members:
            c = _stake(v, g, m, "group-member", {"description": "group company"}, 0.6)
            if c is not None:
                yield c
    if v.lang != "de":
        return
    for m in v.orgs:  # "Sie ist innerhalb der Remondis-Gruppe als Regionalgesellschaft … zuständig": the subject is a member
        cue = re.match(WITHIN_GROUP_DE, v.text[m.end - v.off:])
        g = _after(v, m.end + cue.end(), 0) if cue else None
        if g is not None and g.actor != m.actor and re.search(r"(?:[\s-](?:Gruppe|Konzern)\w*|Group)$", g.surface) \
                and not v.negated(m.end - v.off):
            c = _stake(v, g, m, "group-member", {"description": "group company"}, 0.6)
            if c is not None:
                yield c


WITHIN_GROUP_DE = r"^\s+(?:ist|war|wird|sind|waren)\s+(?:[a-zäöü]\w*\s+){0,2}?innerhalb\s+(?:der|des)\s+"
"""A subject placed inside a group by name: "Sie ist innerhalb der Remondis-Gruppe als Regionalgesellschaft … zuständig",
"Die X ist heute innerhalb des Y-Konzerns …" (the group's name must say it is one: "-Gruppe", "Konzern", "Group")."""


def relative_control(v: View) -> Iterator[Candidate]:
    """Who controls or holds an organisation, said in a relative clause after its name (see
    :data:`RELATIVE_CONTROL`): "gehalten"/"owned"/"held" is a stake, the rest other influence or control."""
    for m in v.orgs:
        rel = re.match(RELATIVE_CONTROL[v.lang], v.text[m.end - v.off:])
        if rel is None or v.negated(m.end - v.off + rel.end()):
            continue
        a, b = m.end + rel.start("rest"), m.end + rel.end("rest")
        inside = [h for h in v.of_kind(COMPANIES + ("person", "group")) if a <= h.start and h.end <= b
                  and not re.match(r"\s+gehörende", v.text[h.end - v.off:])]  # "von der zum Metro Konzern gehörenden BHS"
        if not inside:
            continue
        holders = _coordinated(v, inside[0], COMPANIES + ("person", "group")) if len({h.actor for h in inside}) > 1 else inside[-1:]
        for holder in holders:
            yield from _controlled(v, holder, m, rel.group("verb"), rel.group(0))
    if v.lang == "de":
        for m in v.orgs:  # "die Eurogrid International CVBA, die den deutschen Stromnetzbetreiber 50Hertz kontrolliert"
            rel = re.match(RELATIVE_CONTROLS_DE, v.text[m.end - v.off:])
            held = _after(v, m.end + rel.end(), 0, COMPANIES) if rel is not None else None
            verb = re.match(RELATIVE_CONTROLS_VERB_DE, v.text[held.end - v.off:]) if held is not None else None
            if verb is not None and not v.negated(m.end - v.off + rel.end()):
                yield from _controlled(v, m, held, verb.group("verb"), rel.group(0) + verb.group(0))


RELATIVE_CONTROLS_DE = (r"^(?:[“”\"]?\s*\([^()]{0,40}\))?[“”\")]*,\s+(?:die|der|das|welche[rs]?)\s+(?:(?:mittelbar|unmittelbar|bereits|"
                        r"heute|nun|allein|gemeinsam)\s+)*(?:den|die|das)\s+(?:[a-zäöüß][\wäöüß-]*\s+)?(?:[A-ZÄÖÜ][\wäöüß-]*\s+)?")
RELATIVE_CONTROLS_VERB_DE = r"[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?:(?:mittelbar|allein|gemeinsam)\s+)?(?P<verb>kontrolliert|beherrscht)\s*[,.;]"
"""An active relative clause naming the organisation that the one before it controls: "X, die den Netzbetreiber Y
kontrolliert, …" (the pronoun the subject, the company after an accusative article its object)."""


def _controlled(v: View, holder: Mention, m: Mention, verb: str, clause: str) -> Iterator[Candidate]:
    """Holder → ``m`` for a relative clause's verb: "gehalten"/"owned"/"held" is a stake, control by a company that is
    no indirect one a stake too (a direct parent), the rest other influence or control."""
    if holder.actor == m.actor or v.a.index.known[holder.actor].authority:
        return
    held = verb in ("gehalten", "owned", "held") or \
        (verb in ("kontrolliert", "beherrscht") and holder.kind in COMPANIES
         and not re.search(r"\b(?:mittelbar|indirectly)\b", clause))  # a direct parent: a stake
    kind = "shareholding" if held else "other_influence"
    attrs = {"description": "stake (size not stated)" if verb in ("gehalten", "owned", "held")
             else f"{verb} by {holder.surface}"} if held else \
        {"description": f"{verb} by {holder.surface} (relative clause)", "decisive": True}
    if held and verb in ("kontrolliert", "beherrscht"):
        attrs["control"] = "joint" if re.search(r"\bgemeinsam\b|\bjointly\b", clause) else "sole"
    yield v.candidate("relations", kind, holder, m, f"{v.lang}.{kind}.relative-clause", 0.6, attrs=attrs)


def acquisition(v: View) -> Iterator[Candidate]:
    """Acquisitions and mergers as stakes (see the module docstring)."""
    if v.hedged and not re.search(r"\b(?:acqui|übernahm|Übernahme|Erwerb)", v.text):
        return
    if re.search(NO_DEAL[v.lang], v.text):
        return
    for holders, target, rule, pos in deals(v):
        if re.search(BUSINESS_OF[v.lang], v.text[pos:target.start - v.off]):
            continue  # "die Übernahme des Nylongeschäfts von Solvay durch BASF": a business, no stake in Solvay
        if rule == "merger-between" and v.lang == "de":
            continue  # "Zusammenschluss von Praxair und Linde": the legal term for any concentration says nothing of who holds whom
        attrs = _attrs(v, v.lang, pos, pos)
        for h in holders:
            c = _stake(v, h, target, rule, attrs)
            if c is not None:
                yield c


SELLER = {"de": r"\bvon\s+(?:dem|der|den)\s+(?:bisherigen\s+|früheren\s+|alleinigen\s+)?(?:" + _OWNER + r"|"
               r"Besitzer|Inhaber|Mutterkonzern)\w*,?\s+|\bAnteile\s+(?:von|der|des)\s+(?=[^.;]{0,80}?\s(?:an|in)\s)|"
               r"\bvon\s+(?:dem|der|den)\s+(?=[^.;,]{0,60}?\bzu\s+(?:erwerben|übernehmen|kaufen)\b)|"
               r"\bVeräußer(?:er|in)\s+(?:ist|war|sind|waren)\s+(?:(?:die|der|das)\s+)?",
          "en": r"\bfrom\s+(?:its|their|the)\s+(?:previous|former|current)\s+(?:owner|shareholder|parent)s?,?\s+"}
"""The seller of a company bought, named as its owner until now: "hatte die Karstadt Warenhäuser von dem bisherigen
Eigentümer, dem Finanzinvestor Nicolas Berggruen, übernommen", or right before the infinitive of the purchase: "sämtliche
Anteile an der A GmbH … von der Kölner Mediengruppe X zu erwerben"."""


def _deal_target(v: View) -> tuple[set[str], Mention | None]:
    """(buyers, target) of the first deal the sentence states, else the company a stake is acquired in ("den Erwerb
    einer 50%-Beteiligung an der Thyssengas GmbH")."""
    found = deals(v)
    if found:
        return {a.actor for a in found[0][0]}, found[0][1]
    cue = re.search(r"\b(?:Erwerb|Übernahme|Kauf)\w*\s+[^.;]{0,60}?\b(?:Beteiligung|Anteil\w*|Mehrheit)\s+(?:an|von)\s+", v.text) \
        if v.lang == "de" else None
    return set(), (_after(v, v.abs(cue.end()), 10) if cue else None)


def former_owner(v: View) -> Iterator[Candidate]:
    """The seller → what it sold (status former), beside the buyer's stake (:data:`SELLER`)."""
    cue = None if v.hedged else re.search(SELLER[v.lang], v.text)
    if cue is None or re.search(NO_DEAL[v.lang], v.text):
        return
    seller = v.after(v.abs(cue.end()), COMPANIES + ("person", "group"), within=40)
    if seller is None:
        return
    buyers, target = _deal_target(v)
    if target is None and v.i:  # "… den Erwerb einer 50%-Beteiligung an der Thyssengas GmbH angemeldet. Veräußerer ist die X."
        buyers, target = _deal_target(View(v.a, v.i - 1))
    if target is not None and seller.actor != target.actor and seller.actor not in buyers:
        c = _stake(v, seller, target, "former-owner", {"status": "former", "description": "seller (owner until the sale)"}, 0.6)
        if c is not None:
            yield c


SALE_DE = r"\b(?:verkauf\w*|Verkauf\w*|veräußer\w*|Veräußerung\w*)\b"
"""A sale, by verb or noun: "verkauft", "veräußerte", "der Verkauf", "die Veräußerung"."""
SALE_VERB_DE = r"\b(?:verkauf(?:t|te|ten|en)|veräußer(?:t|te|ten|n))\b"
SOLD_OBJECT_DE = (r"(?:\b(?:hat|hatte|haben|hatten|verkauf\w*|Verkauf\w*|veräußer\w*|Veräußerung\w*)|"
                  r"(?:(?<![\w-])(?:" + STAKE_PART_DE + r")?(?:[Aa]nteil\w*|Beteiligung\w*|Aktien|Mehrheit|[Kk]apital)(?:\s+(?:an|am|in))?))"
                  r"\s+(?:(?:der|die|den|das|des|dem|ihre[nrs]?|seine[nrs]?|vo[nm])\s+)?(?:(?!(?:der|des|von)\s)[\wäöüß%-]+\s+){0,2}?$")
"""What stands before the company sold: the sale's verb or noun or an auxiliary, or a stake noun ("ihre Beteiligung an der
X", "des Geschäftsanteils … am Stammkapital der X"), then an article and a description of up to two words ("den
Turbinenbauer X") — not a noun with the company in the genitive ("Turbinen der X": goods of X, no company sold)."""
SOLD_PASSIVE_DE = r"\s+(?:wird|wurde|werden|wurden)\s+(?:[\wäöüß]+\s+){0,3}?$"
STAKE_OF_DE = r"(?:Anteil|Beteiligung|Aktien)\w*\s+(?:der|des)\s+$"


def _sold(v: View, to: re.Match) -> tuple[Mention | None, bool]:
    """(the company sold "an" the buyer after ``to``, whether the sentence is passive): the company right before "an",
    after :data:`SOLD_OBJECT_DE`, else the subject before a passive's auxiliary ("Die Y wurde 2019 an die Z verkauft")."""
    obj = v.before(v.abs(to.start()), COMPANIES, within=4)
    name = v.before(obj.start, COMPANIES, within=3) if obj is not None else None
    if name is not None and name.actor == obj.actor and re.fullmatch(r"\s*\(\s*[„“\"]?", v.text[name.end - v.off:obj.start - v.off]):
        obj = name  # "der Technischen Werke … GmbH (TWS) an die EnBW": the name before its short form
    if obj is not None:
        return (obj if re.search(SOLD_OBJECT_DE, v.text[max(0, obj.start - v.off - 60):obj.start - v.off]) else None), False
    passive = re.search(SOLD_PASSIVE_DE, v.text[:to.start()])
    return (v.before(v.abs(passive.start()), COMPANIES, within=3) if passive else None), True


def sale(v: View) -> Iterator[Candidate]:
    """A company (or a stake in it) sold "an" a buyer: buyer → company; the seller → company, status former, when it is
    the verb's subject or stands in the stake's genitive. "Die X verkauft die Y an die Z", "hat ihre Beteiligung an der Y
    an die Z verkauft", "Der Verkauf der Y an die Z", "Die Y wird an die Z verkauft" (status proposed), "den Verkauf des
    Geschäftsanteils der X am Stammkapital der Y an die Z". The buyer follows "an" with an accusative article or none
    ("an der Y" is where a stake lies); goods sold ("verkauft Turbinen an die Z") name no company."""
    if v.lang != "de" or v.hedged or not re.search(SALE_DE, v.text) or re.search(NO_DEAL["de"], v.text):
        return
    for to in re.finditer(r"\ban\s+(?:(?:die|den|das)\s+)?(?!der\s|dem\s)", v.text):
        buyer = _after(v, v.abs(to.end()), 30, HOLDERS)
        if buyer is None or v.negated(to.start()) or re.search(r"\b(?:der|des|vo[nm])\s+$", v.text[to.end():buyer.start - v.off]):
            continue
        obj, passive = _sold(v, to)
        if obj is None or obj.actor == buyer.actor or not re.search(SALE_DE, v.text[max(0, obj.start - v.off - 120):]):
            continue
        c = _stake(v, buyer, obj, "sale", {**_attrs(v, "de", to.start(), to.start()), "description": "buyer"}, 0.65)
        if c is not None:
            yield c
        before = v.before(obj.start, HOLDERS, within=80)
        if passive or before is None:
            continue
        named_seller = re.search(STAKE_OF_DE, v.text[:before.start - v.off]) or (  # "des Geschäftsanteils der X am … der Y"
            re.search(SALE_VERB_DE, v.text[before.end - v.off:]) and not re.search(r"\b(?:Verkauf|Veräußerung)",
                                                                                     v.text[before.end - v.off:obj.start - v.off]))
        if named_seller and before.actor not in (obj.actor, buyer.actor):  # "Die X verkauft die Y an die Z"
            c = _stake(v, before, obj, "sale", {"status": "former", "description": "seller (owner until the sale)"}, 0.6)
            if c is not None:
                yield c


THROUGH_DE = (r"^(?:[“”\"]?\s*\([^()]{0,40}\))?\s+(?:hält|hielt|halten|hielten|ist|war|sind|waren|kontrolliert\w*|beherrscht\w*|besitzt|"
              r"besaß)\s+(?:(?:mittelbar|indirekt|bereits|heute|seit\s+\d{4}|zudem|auch)\s+)*über\s+(?:die|den|das|ihre[n]?|seine[n]?)\s+"
              r"(?:(?:[a-zäöüß][\wäöüß-]*|Tochter\w*|[A-ZÄÖÜ][a-zäöüß]+tochter)\s+){0,2}")
THROUGH_HELD_DE = (r"^[“”\")]*(?:\s*\([^()]{0,40}\))?(?:\s+in\s+[A-ZÄÖÜ][\wäöüß-]+)?(?P<mid>[^.;:]{0,70}?)(?:\b(?:an|am)\s+(?:der|dem|den)?|"
                   r"\b(?:" + _OWNER + r")\w*\s+(?:der|des|von|vom)|\bdie)\s+(?:[\wäöüß-]+\s+){0,2}?$")
"""A holder that holds through a company named between: "X ist über die W (in Berlin) alleiniger Eigner des Netzbetreibers
Z", "X hält über ihre Tochter W 60 Prozent an der Z", "X ist über die W an der Z beteiligt", "X kontrolliert über die W die Z"."""


def held_through(v: View) -> Iterator[Candidate]:
    """X → W and W → Z (the stake held), and X → Z (held indirectly), for :data:`THROUGH_DE`; a negated sentence gives
    nothing."""
    if v.lang != "de" or v.hedged:
        return
    for x in v.of_kind(HOLDERS):
        cue = re.match(THROUGH_DE, v.text[x.end - v.off:])
        if cue is not None and re.search(IN_PHRASE_DE, v.text[max(0, x.start - v.off - 40):x.start - v.off]):
            continue  # "70 Prozent an der X hält über die W die Y": X is the company held, not the holder
        w = _after(v, x.end + cue.end(), 0) if cue else None
        if w is None or v.negated(x.end - v.off):
            continue
        z = next((m for m in v.of_kind(COMPANIES) if m.start >= w.end and m.actor not in (x.actor, w.actor)
                  and re.match(THROUGH_HELD_DE, v.text[w.end - v.off:m.start - v.off])), None)
        if z is None or (re.search(r"\b(?:ist|war|sind|waren)\s", cue.group(0)) and not re.search(
                r"\bbeteiligt\b|\b(?:" + _OWNER + r")", v.text[w.end - v.off:z.start - v.off] + v.text[z.end - v.off:][:40])):
            continue  # "X ist über die W an der Z": only a stake or an owner noun says X holds Z
        through = f"held through {v.a.index.known[w.actor].name}"
        for holder, held, attrs in ((x, w, {"description": f"holds {v.a.index.known[w.actor].name}, "
                                                          f"through which it holds {v.a.index.known[z.actor].name}"}),
                                    (w, z, {"description": "stake (held for " + v.a.index.known[x.actor].name + ")"}),
                                    (x, z, {"description": through, "indirect": True})):
            c = _stake(v, holder, held, "held-through", attrs, 0.55)
            if c is not None:
                yield c


UNDER_CONTROL_DE = (r"\b(?:steht|stand|stehen|standen)\s+(?P<mid>[^.;:]{0,80}?)\bunter\s+(?:der\s+)?(?P<how>(?:gemeinschaftliche|"
                    r"gemeinsame|alleinige)[rn]?\s+)?Kontrolle\s+(?:des|der|von)\s+(?:(?:der|dem|des)\s+)?")
"""An organisation under another's control: "Seit 2004 steht LBK unter gemeinschaftlicher Kontrolle des privaten
Krankenhauskonzerns Asklepios und der Freien und Hansestadt Hamburg", "Die X steht unter der Kontrolle der Y"."""


def under_control(v: View) -> Iterator[Candidate]:
    """Each controlling company or state → the organisation "unter (gemeinsamer) Kontrolle" (:data:`UNDER_CONTROL_DE`):
    a stake with control joint or sole, as for a controlling parent in a relative clause; the organisation is the
    subject before the verb or the one between the verb and "unter"."""
    if v.lang != "de" or v.hedged:
        return
    for cue in v.find(UNDER_CONTROL_DE):
        if v.negated(cue.start()):
            continue
        inside = [m for m in v.of_kind(COMPANIES) if v.abs(cue.start("mid")) <= m.start and m.end <= v.abs(cue.end("mid"))]
        held = inside[0] if inside else main_clause_before(v, cue.start(), 40)
        first = _after(v, v.abs(cue.end()), 40, COMPANIES + ("state",))
        if held is None or first is None:
            continue
        owners = _coordinated(v, first, COMPANIES + ("state",))
        joint = len(owners) > 1 or bool(re.match(r"gemein", cue.group("how") or ""))
        for o in owners:
            c = _stake(v, o, held, "under-control", {"control": "joint" if joint else "sole",
                                                    "description": "controlled by " + v.a.index.known[o.actor].name}, 0.6)
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
            kinds = COMPANIES + ("state",) if order == "child-first" else COMPANIES  # a town's company ("… der Stadt Halle")
            other = _after(v, m.end + t.end(), 3 if pat.startswith("^-") else 30, kinds)  # "die Alphabet-Tochter Google": right after
            if other is None:
                continue
            parent, child = (m, other) if order == "parent-first" else (other, m)
            share = re.search(r"(\d+)\s*%-?ige", t.group(0))
            attrs = {"description": "subsidiary", **({"share": int(share.group(1))} if share else {})}
            c = _stake(v, parent, child, "subsidiary", attrs, 0.7)
            if c is not None:
                yield c
            break
    if v.lang == "de":  # "Das 100-prozentige Tochterunternehmen der X (X AG), Y, …": the child in apposition
        for cue in v.find(SUBSIDIARY_OF_DE):
            parent = _after(v, v.abs(cue.end()), 3)
            apposition = re.match(r"(?:\s*\([^()]{0,40}\))?,\s+(?:(?:die|der|das)\s+)?", v.text[parent.end - v.off:]) if parent else None
            child = _after(v, parent.end + apposition.end(), 3) if apposition else None
            if child is not None and re.match(r"[“”\")]*(?:\s*\([^()]{0,40}\))?\s*,", v.text[child.end - v.off:]):
                share = find_percent(v.text[max(0, cue.start() - 20):cue.end()], "de")
                attrs = {"description": "subsidiary", **({"share": plain(share[0][0])} if share else {})}  # 50,1: not 50
                if cue.group("parent"):  # "Die Muttergesellschaft der X, die Y": Y is X's parent
                    parent, child = child, parent
                c = _stake(v, parent, child, "subsidiary-apposition", attrs, 0.65)
                if c is not None:
                    yield c
    for cue in v.find(OWN_SUBSIDIARY[v.lang]):
        child = _after(v, v.abs(cue.end()), 3)
        parent = v.before(v.abs(cue.start()), COMPANIES)
        if child is not None and parent is not None:
            c = _stake(v, parent, child, "own-subsidiary", {"description": "subsidiary"}, 0.65)
            if c is not None:
                yield c


BACKERS_DE = r"^-(?:(?P<fin>" + BACKER_NOUN_DE + r")|" + _OWNER + r")\s+(?:wie\s+)?(?:(?:der|die|das)\s+)?"
"""Backers named after a compound: "die Anthropic-Investoren Google und Amazon" (financing), "die Porsche-Aktionäre …"
(a stake)."""


def backers(v: View) -> Iterator[Candidate]:
    """Each backer named after "X-Investoren", "X-Aktionäre" … → X (:data:`BACKERS_DE`)."""
    if v.lang != "de" or v.hedged:
        return
    for m in v.orgs:
        c = re.match(BACKERS_DE, v.text[m.end - v.off:])
        first = _after(v, m.end + c.end(), 0, COMPANIES + ("person", "group")) if c else None
        if first is None:
            continue
        kind = "financing" if c.group("fin") else "shareholding"
        attrs = {"status": "invested"} if kind == "financing" else {"description": "stake (size not stated)"}
        for b in _coordinated(v, first, COMPANIES + ("person", "group")):
            if b.actor != m.actor and not v.a.index.known[b.actor].authority:
                yield v.candidate("relations", kind, b, m, f"de.{kind}.backer-compound", 0.6, attrs=dict(attrs))


HOLDERS = COMPANIES + ("state", "state_body", "person")
"""Who may hold a stake: a company, the state or a state body that is no authority ("der Bund", "die KfW"), a person."""
ENTRY_DE = (r"\b(?P<verb>steigt|stieg|stiegen|steigen|einsteigen|einzusteigen|eingestiegen)\b(?P<mid>[^.;]{0,80}?)\bbei(?:m|\s+(?:der|dem|den))?\s+",
            r"\bEinstieg(?:s|es)?\s+(?:der|des|von)\s+",
            r"\b(?:ist|sind|war|waren)\s+(?:[^.;]{0,40}?\s+)?bei(?:m|\s+(?:der|dem|den))?\s+(?P<obj>[^.;]{1,80}?)\s+eingestiegen\b")
"""Entering a company as a shareholder, the commonest German way to say a stake was taken: "X steigt bei Y ein", "stieg X
mit … bei Y ein", "ist bei Y eingestiegen", nominal "der Einstieg der X bei Y"."""


ENTRY_NOT_DONE_DE = r"\b(?:[Ee]in|[Ee]inen|[Ee]inem|[Ee]ines|möglich\w*|geplant\w*|erwogen\w*|angeblich\w*|gescheitert\w*)\s+$"
"""Before the noun "Einstieg": an entry that has not happened — one spoken of with an indefinite article ("über einen
Einstieg der X bei Y wird spekuliert", "ein Einstieg … ist vom Tisch") or a possible, planned, rumoured or failed one."""


def _entry_size(clause: str, sentence: str = "") -> dict:
    """The stake's size where the entry states it ("stieg mit 30 Prozent bei X ein"), else that it does not; status
    ``proposed`` where the sentence says it is not done yet ("Der Einstieg der X bei Y wird derzeit geprüft")."""
    share = find_percent(clause, "de")
    size = {"share": plain(share[0][0])} if len(share) == 1 else {"description": "stake (size not stated)"}
    return {**size, "status": "proposed"} if re.search(PROPOSED["de"], sentence) else size


def entry_stake(v: View) -> Iterator[Candidate]:
    """A stake from "X steigt bei Y ein" and "Einstieg der X bei(m) [description] Y" (German), its size where the
    entry's words state it; none from an entry that failed ("Der Einstieg … scheiterte")."""
    if v.lang != "de" or v.hedged or re.search(NO_DEAL[v.lang], v.text):
        return
    verb, noun, perfect = ENTRY_DE
    for cue in v.find(perfect):  # "X ist bei Y eingestiegen"
        holder = v.before(v.abs(cue.start()), HOLDERS, within=60)
        target = _after(v, v.abs(cue.start("obj")), 45)
        if holder is not None and target is not None and target.end <= v.abs(cue.end("obj")) and not v.negated(cue.start()):
            c = _stake(v, holder, target, "entry", _entry_size(cue.group(0), v.text), 0.6)
            if c is not None:
                yield c
    for cue in v.find(verb):
        if v.negated(cue.start()):
            continue
        particle = re.match(r"[^.;]{0,80}?\bein\b", v.text[cue.end():])
        if cue.group("verb") in ("steigt", "stieg", "stiegen", "steigen") and not particle:
            continue  # "steigt bei X aus", "stieg um 5 Prozent": no entry
        holder = v.before(v.abs(cue.start()), HOLDERS, within=60)
        if holder is None or v.text[holder.end - v.off:cue.start()].count(",") > 1:
            holder = _after(v, v.abs(cue.start("mid")), 40, HOLDERS)  # "stieg AOC … bei Stada ein"
        target = _after(v, v.abs(cue.end()), 45)
        if target is not None and re.match(r"[^.;]{0,60}?\bals\s+[^.;]{0,60}?\bein\b", v.text[target.end - v.off:]):
            continue  # "stieg 2015 bei X als Finanzchefin ein": a job, not a stake
        if holder is not None and target is not None:
            c = _stake(v, holder, target, "entry", _entry_size(cue.group(0) + (particle.group(0) if particle else ""), v.text), 0.6)
            if c is not None:
                yield c
    for cue in v.find(noun):
        if re.search(ENTRY_NOT_DONE_DE, v.text[:cue.start()]):
            continue  # "Gerüchte über einen Einstieg der X bei Y", "der mögliche Einstieg …": none has happened
        holder = _after(v, v.abs(cue.end()), 3, HOLDERS)
        bei = re.match(r"[^.;,]{0,20}?\bbei(?:m|\s+(?:der|dem|den))?\s+", v.text[holder.end - v.off:]) if holder else None
        target = _after(v, holder.end + bei.end(), 45) if bei else None
        if target is not None and not v.negated(cue.start()):
            c = _stake(v, holder, target, "entry", _entry_size("", v.text), 0.6)
            if c is not None:
                yield c


REST_HELD_DE = (r"\b[Dd]ie\s+(?:übrigen|restlichen|verbleibenden|anderen)\s+(?:[\d,]+\s*(?:%|Prozent)\s+(?:der\s+)?)?"
                r"(?:Anteile|Aktien|Geschäftsanteile)\s+(?:(?:liegen|lagen|befinden\s+sich|befanden\s+sich)\s+(?:\w+\s+){0,2}?"
                r"(?:bei|in\s+der\s+Hand|im\s+Besitz)|(?:hält|hielt|halten|hielten|gehören|gehörten))\s+(?:(?:der|des|dem|den|die|von)\s+)?")
"""The rest of a company's shares and who holds them, the company named in the sentence before: "… hält 60 Prozent an
der Y. Die übrigen Anteile liegen in der Hand der Z", "Die restlichen Anteile liegen bei Z"."""


def rest_held(v: View) -> Iterator[Candidate]:
    """Holder → company for :data:`REST_HELD_DE`: the company is the one the sentence before states shares in (named
    after "an"), else the last one it names, in the same paragraph — a guess, said in a note."""
    if v.lang != "de" or v.hedged or v.i == 0:
        return
    prev = v.a.sentences[v.i - 1]
    if prev.paragraph != v.s.paragraph or prev.heading:
        return
    for cue in v.find(REST_HELD_DE):
        holder = _after(v, v.abs(cue.end()), 3, HOLDERS)
        named = [m for m in v.a.in_sentence(v.i - 1) if m.kind in COMPANIES]
        in_ = [m for m in named if re.search(r"\ban\s+(?:(?:der|dem|den)\s+)?$", v.a.text[max(0, m.start - 12):m.start])]
        subject = (in_ or named or [None])[-1]
        if holder is None or subject is None or holder.actor == subject.actor or v.negated(cue.start()):
            continue
        c = _stake(v, holder, subject, "rest-held", {"description": "the remaining shares", "link_note":
                   f"guess: the company is {v.a.index.known[subject.actor].name}, named in the sentence before"}, 0.55)
        if c is not None:
            yield c


WHOLE_CAPITAL_DE = (r"\b(?:[Dd]as\s+(?:gesamte\s+)?(?:Grund|Stamm|Aktien)kapital|[Ss]ämtliche\s+(?:Anteile|Aktien|Geschäftsanteile)|"
                    r"[Aa]lle\s+(?:Anteile|Aktien|Geschäftsanteile))\s+(?:der|des|an\s+der|an\s+dem)\s+")
"""The whole capital of a company fronted, its holder after the verb: "Das gesamte Grundkapital der WestLB AG hielt
zunächst die Landesbank Nordrhein-Westfalen", "Sämtliche Anteile an der X hält die Y"."""


def whole_capital(v: View) -> Iterator[Candidate]:
    """Holder → company, 100 %, for :data:`WHOLE_CAPITAL_DE` followed by "hält/hielt/halten … (die|der) Y"."""
    if v.lang != "de" or v.hedged:
        return
    for cue in v.find(WHOLE_CAPITAL_DE):
        subject = _after(v, v.abs(cue.end()), 3)
        verb = re.match(r"(?:\s*\([^()]{0,40}\))?\s+(?:hält|hielt|halten|hielten|besitzt|besaß)\s+(?:[a-zäöüß]+\s+){0,2}?"
                        r"(?:(?:die|der|das|den)\s+)?(?=[A-ZÄÖÜ0-9„\"])", v.text[subject.end - v.off:]) if subject is not None else None
        holder = _after(v, subject.end + verb.end(), 0, HOLDERS) if verb else None
        if holder is not None and not v.negated(cue.start()):
            c = _stake(v, holder, subject, "whole-capital", {"share": 100}, 0.65)
            if c is not None:
                yield c
    fronted = re.match(FRONTED_COMPANY_DE, v.text)  # "An der X hält die Y alle Geschäftsanteile"
    subject = _after(v, v.abs(fronted.end()), 3) if fronted and not find_percent(v.text, "de") else None
    verb = re.match(FRONTED_HELD_DE, v.text[subject.end - v.off:]) if subject is not None else None
    holder = _after(v, subject.end + verb.end(), 25, HOLDERS) if verb else None
    if holder is not None and re.search(r"\b(?:der|des|vo[nm])\s+$", v.text[subject.end - v.off + verb.end():holder.start - v.off]):
        holder = None  # "… hält die Tochter der Y …": Y in the genitive holds nothing here
    holders = _coordinated(v, holder, HOLDERS) if holder is not None and not v.negated(verb.start()) else []
    if fronted and fronted.group("noun"):  # "Geschäftsanteile an der A hielten zudem die Großhändler P und N": every name
        stop = re.search(r"[.;:](?:\s|$)|,\s+(?:die|der|das|welche[rs]?)\s", v.text[holders[-1].end - v.off:]) if holders else None
        holders += [m for m in _listed_after(v, holders[-1], HOLDERS, holders[-1].end + (stop.start() if stop else len(v.text)))
                    if m not in holders] if holders else []
    for h in holders:
        noun = re.match(FRONTED_STAKE_NOUN_DE, v.text[h.end - v.off:]) if not fronted.group("noun") else True
        if noun is None:
            break
        whole = noun is not True and noun.group("all")
        c = _stake(v, h, subject, "fronted-stake", {"share": 100} if whole else {"description": "stake (size not stated)"}, 0.6)
        if c is not None:
            yield c


FRONTED_COMPANY_DE = (r"\s*(?:(?:An|Bei)\s+(?:der|dem|den)|(?P<noun>(?:Die\s+)?(?:weitere\s+)?(?:" + STAKE_PART_DE +
                      r")?(?:[Aa]nteile|[Aa]ktien)\s+an\s+(?:der|dem|den)))\s+[„“\"]?")
FRONTED_HELD_DE = (r"[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?:hält|hielt|halten|hielten|besitzt|besaß)\s+(?:[a-zäöüß]+\s+){0,2}?"
                   r"(?:(?:die|der|das|den)\s+)?(?=[A-ZÄÖÜ0-9„\"])")
FRONTED_STAKE_NOUN_DE = (r"[“”\")]*(?:\s*\([^()]{0,40}\))?(?:\s+(?:und|sowie)\s+[^.;]{0,60}?)?\s+(?:[a-zäöüß]+\s+)?(?P<all>alle|sämtliche)?\s*"
                         r"(?:(?:die|eine[n]?)\s+)?(?:[a-zäöüß]+\s+)?(?:" + STAKE_PART_DE + r")?(?:[Aa]nteile?|Beteiligung|Mehrheit|"
                         r"Aktien(?:mehrheit)?)\b")
"""The company fronted after "An der", the holder after the verb, the stake noun last: "An der X mbH hält die Y mbH alle
Geschäftsanteile", "An der X halten die A und die B die Mehrheit"."""


HOLDS_STAKE_NOUN_DE = (
    r"\b(?P<verb>hält|halten|hielt|hielten|besitzt|besitzen|besaß|erwirbt|erwarb|erwerben|übernimmt|übernahm|übernehmen|"
    r"kauft|kaufte|kaufen|sicherte\s+sich|sichert\s+sich|sichern\s+sich)\b(?P<mid>[^.;:]{0,90}?)(?<![\w-])"
    r"(?P<noun>(?:[A-ZÄÖÜ][a-zäöüß]*)?(?:Mehrheit|Anteile|Anteil|Beteiligung|Beteiligungen|Aktienmehrheit)|"
    r"(?:Mehrheits|Minderheits)(?:anteile|anteil|beteiligung|beteiligungen))\s+(?:an|am|bei|beim)\s+(?:(?:der|dem|den)\s+)?")
"""A stake held or taken, said with a noun and no percentage: "Die Stadt X hält die Mehrheitsanteile an den Gesellschaften
A, B und C", "übernimmt von Y die Anteile am KI-Unternehmen Z", "hält der Medienkonzern Mehrheitsbeteiligungen am
Videoportal Z" (the holder before the verb, or after it as the subject: "Seit 2019 hält die Stadt X …")."""
NOMINAL_AN_DE = (r"[)”“\"]*(?:\s*\([^()]{0,30}\))?(?:\s+(?:von|in\s+Höhe\s+von)\s+[^.;,]{0,25}?)?(?:\s+über\s+[^.;]{0,50}?)?"
                 r"\s+(?:an|am)\s+(?:(?:der|dem|den)\s+)?(?:(?:Stamm|Grund|Gesellschafts)kapital\s+(?:der|des)\s+)?")
"""What stands between a stake noun's holder in the genitive and the company: a short form or seat in brackets, the size
("von 50 %"), the company held through ("über die HWG mbH"), then "an der"/"am Stammkapital der"."""


def held_stake_noun(v: View) -> Iterator[Candidate]:
    """Holder → each company of :data:`HOLDS_STAKE_NOUN_DE`; a sentence with a percentage is the percentage rule's, a
    negated or predicted one gives nothing, and a seller's ("verkauft") is no holder's."""
    if v.lang != "de" or v.hedged:
        return
    for cue in v.find(HOLDS_STAKE_NOUN_DE):
        if v.negated(cue.start("noun")) or find_percent(v.text[cue.start():cue.end() + 80], "de") \
                or re.search(r"\b(?:Option\w*|verkauf\w*|veräußer\w*)\b", v.text[cue.start():cue.end()]):
            continue
        first = _after(v, v.abs(cue.end()), 30)  # past a description: "am KI-Unternehmen Z", "an den Gesellschaften A"
        if first is None:
            continue
        inside = [m for m in v.of_kind(HOLDERS) if v.abs(cue.start("mid")) <= m.start and m.end <= v.abs(cue.end("mid"))
                  and not re.search(r"(?:\b(?:" + PREPOSITIONS_DE + r"|vom|beim|zum|zur|im|laut|seitens|wie)\s+"
                                    r"(?:(?:der|dem|den|des|die)\s+)?|[A-ZÄÖÜ][\wäöüß-]+\s+(?:der|des)\s+)$",
                                    v.text[max(0, m.start - v.off - 30):m.start - v.off])]  # not "laut der Y", "nach
        # Angaben der Y", "neben der Y": only the subject after the verb ("Seit 2019 hält die Stadt X …") holds
        holder = inside[0] if inside else v.before(v.abs(cue.start()), HOLDERS, within=60)
        clause = re.search(r",\s+(?:" + PREPOSITION_DE + r"\s+)?(?:die|der|das|dem|den|denen|deren|dessen|welche[rsmn]?)\s[^,;]*$",
                           v.text[:holder.start - v.off]) if holder is not None and not inside else None
        if clause and "," in v.text[holder.end - v.off:cue.start()]:  # "Die X AG, die der Y GmbH gehört, hält die Anteile an
            # der Z": Y is named in a relative clause closed before the verb; the holder is the name before the clause
            holder, verb = v.before(v.abs(clause.start()), HOLDERS, within=60), clause.start()
        else:
            verb = cue.start()
        if holder is None or (not inside and re.search(r"[;:]|\.\s|,\s+(?:die|der|das|welche[rs]?)\s",
                                                       v.text[holder.end - v.off:verb])):
            continue
        for target in coordinated_object(v, first):
            c = _stake(v, holder, target, "stake-noun", {"description": cue.group("noun").lower()}, 0.6)
            if c is not None:
                yield c


def stake_without_percent(v: View) -> Iterator[Candidate]:
    """"Amazon, an investor in Anthropic", "a major backer of OpenAI", "Microsoft ist an OpenAI beteiligt",
    "die Beteiligung von Microsoft an OpenAI"."""
    if v.hedged:
        return
    sold = re.search(r"\b(?:verkauf\w*|veräußer\w*|abgegeben|aufgegeben|trennt\w*|sold|sells?|divest\w*)\b", v.text)
    for pat, how in STAKE_NO_PERCENT[v.lang]:
        for cue in v.find(pat):
            if v.negated(cue.start()):
                continue
            if how == "holder-before":
                holder = v.before(v.abs(cue.start()), COMPANIES + ("person",), within=40)
                target = _after(v, v.abs(cue.end()), 3)
            elif how == "nominal":  # "die Beteiligung der Stadt X (Saale) über die Y an der Z", "des Geschäftsanteils der X am
                # Stammkapital der Z": the holder in the genitive, the company after "an"/"am"
                holder = _after(v, v.abs(cue.end()), 3, HOLDERS)
                an = re.match(NOMINAL_AN_DE, v.text[holder.end - v.off:]) if holder else None
                target = _after(v, holder.end + an.end(), 3) if an else None
            else:
                holder = v.before(v.abs(cue.start()), COMPANIES + ("person",), within=40)
                target = _after(v, v.abs(cue.end()), 3)
                if target is not None and "beteiligt" not in cue.group(0) and \
                        not re.match(r"[^.;]{0,40}?\bbeteiligt\b", v.text[target.end - v.off:]):
                    target = None
            if holder is None or target is None or (sold and "Beteiligung" in cue.group(0) and how == "holder-before"):
                continue  # "hat seine Beteiligung an X verkauft": no stake now
            kind = "financing" if re.search(r"backer|investor", cue.group(0)) else "shareholding"
            attrs = {"status": "invested"} if kind == "financing" else {"description": "stake (size not stated)"}
            if v.a.index.known[holder.actor].authority or holder.actor == target.actor:
                continue
            yield v.candidate("relations", kind, holder, target, f"{v.lang}.{kind}.{how}", 0.6, attrs=attrs)
