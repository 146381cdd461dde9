"""German deal news: takeover offers, "X geht an Y", and an owner named in a relative clause on the company it owns
(issue 18, session 11). Authorities' releases and the press write them so: "Die Y hat ein Übernahmeangebot für die X
abgegeben", "das öffentliche Angebot der Y an die Aktionäre der X", "Die X geht an die Y", "die X, die der Y gehört",
"die X, an der die Y zu 51 % beteiligt ist". Probes with invented names in tests/extract/test_extract_german_s11_deals.py.

A takeover offer is a planned acquisition: a stake with status ``proposed`` (docs/extract.md: a deal under review or
planned is proposed, not a prediction).
"""
from __future__ import annotations

import re
from typing import Iterator

from kingmaker.extract.candidates import Candidate
from kingmaker.extract.lexicon import OWNER_NOUN_DE
from kingmaker.extract.quantities import find_percent, plain
from kingmaker.extract.rulebase import View
from kingmaker.extract.rules_deals import HOLDERS, IN_PHRASE_DE, _after, _description_length, _stake, main_clause_before

OFFER_NOUN_DE = (r"\b(?:(?:Übernahme|Kauf|Pflicht|Umtausch|Erwerbs|Aktien)angebot(?:e|es|s)?|"
                 r"(?:öffentlich|freiwillig)\w*\s+(?:Übernahme|Kauf|Erwerbs)?[Aa]ngebot(?:e|es|s)?)\b")
"""A takeover offer: "Übernahmeangebot", "Pflichtangebot", "ein öffentliches Angebot" (a bare "Angebot" is mostly goods or
services: "das Angebot von Flugleistungen")."""
OFFERER_DE = r"\s+(?:der|des|von)\s+"
"""The offerer in the genitive right after the noun: "das Übernahmeangebot der Y für die X"."""
OFFER_OBJECT_DE = (r"\s+(?:für|auf)\s+(?:(?:sämtliche|alle|die)\s+)?(?:(?:ausstehenden\s+)?(?:Aktien|Anteile)\s+(?:der|des|an\s+der)\s+)?"
                   r"(?:(?:die|den|das)\s+)?|"
                   r"\s+an\s+(?:die|alle|sämtliche)\s+(?:\w+\s+)?" + OWNER_NOUN_DE + r"\s+(?:der|des|von)\s+")
"""What the offer is for: "für die X", "für sämtliche Aktien der X", "an die Aktionäre der X"."""
OFFER_VERB_DE = (r"\b(?:abgegeben|gibt|gab|vorgelegt|legt|legte|unterbreitet|unterbreitete|gemacht|macht|machte|angekündigt|"
                 r"kündigt|kündigte|veröffentlicht|veröffentlichte|lanciert|lancierte|plant|plante|angemeldet|meldet|meldete)\b")
"""The offerer's verbs, the offer their object: "Die Y hat ein Übernahmeangebot für die X abgegeben/vorgelegt/angekündigt"
(not "abgelehnt", "geprüft", "begrüßt": a target's, authority's or bystander's verbs)."""


def takeover_offer(v: View) -> Iterator[Candidate]:
    """Offerer → target of a takeover offer (status proposed): the offerer in the genitive after the noun ("das
    Übernahmeangebot der Y für die X", "das öffentliche Angebot der Y an die Aktionäre der X"), else the main clause's
    subject before it with an offerer's verb (:data:`OFFER_VERB_DE`) and no comma between. Nothing when negated or
    withdrawn or prohibited ("hat kein Übernahmeangebot abgegeben", "zurückgezogen", "untersagt")."""
    if v.lang != "de" or v.hedged or re.search(r"\b(?:zurückgezogen|zog\b[^.;]{0,60}\bzurück|gescheitert|scheiterte|untersag\w*)", v.text):
        return
    for cue in v.find(OFFER_NOUN_DE):
        if v.negated(cue.start()):
            continue
        pos, holder = cue.end(), None
        genitive = re.match(OFFERER_DE, v.text[pos:])
        if genitive:
            holder = _after(v, v.abs(pos + genitive.end()), 0 + _description_length(v.text[pos + genitive.end():]), HOLDERS)
            pos = holder.end - v.off if holder is not None else pos
        obj = re.match(OFFER_OBJECT_DE, v.text[pos:])
        if obj is None:
            continue
        target = _after(v, v.abs(pos + obj.end()), 3 + _description_length(v.text[pos + obj.end():]))
        if target is None:
            continue
        if holder is None:
            subj = main_clause_before(v, cue.start(), 60)
            between = v.text[subj.end - v.off:cue.start()] if subj is not None else ""
            if subj is None or subj.kind not in HOLDERS or re.search(r"[,;:]", between) or \
                    not re.search(OFFER_VERB_DE, between + v.text[target.end - v.off:v.clause(cue.start())[1]]):
                continue
            holder = subj
        c = _stake(v, holder, target, "takeover-offer", {"status": "proposed", "description": "takeover offer"}, 0.6)
        if c is not None:
            yield c


GOES_TO_DE = (r"^[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?:geht|ging|gehen|gingen)\s+(?:(?:nun|jetzt|damit|somit|also|endgültig|"
              r"vollständig|komplett|mehrheitlich|für\s+[^;,]{1,40}?)\s+)*an\s+(?:(?:die|den|das)\s+)?")
"""A company sold, the buyer after "geht an": "Die X geht an die Y", "X geht für 2 Mrd. Euro an den Finanzinvestor Y"."""


def goes_to(v: View) -> Iterator[Candidate]:
    """Buyer → company for "X geht an Y": the company the subject right before the verb, the buyer right after "an" (past a
    description). "X geht an die Börse" names no buyer, "Der Auftrag der X geht an die Y" no company sold (X in the
    genitive or after a preposition is no subject); a negated clause gives nothing."""
    if v.lang != "de" or v.hedged:
        return
    for m in v.orgs:
        cue = re.match(GOES_TO_DE, v.text[m.end - v.off:])
        if cue is None or v.negated(m.end - v.off + cue.start()) or \
                re.search(IN_PHRASE_DE, v.text[:m.start - v.off]):
            continue  # "Der Auftrag der X geht an die Y": X is no subject
        buyer = _after(v, m.end + cue.end(), 3 + _description_length(v.text[m.end - v.off + cue.end():]), HOLDERS)
        if buyer is not None and re.match(r"[^,.;]{0,40}?\b(?:vorbei|vor|voran|voraus|zurück|los|unter|verloren)\s*(?:[,.;]|$)",
                                          v.text[buyer.end - v.off:]):
            continue  # a separable verb: "ging an dem Konkurrenten Y vorbei" (passed Y by), "geht an die Y verloren"
        if buyer is not None:
            c = _stake(v, buyer, m, "goes-to", {"description": "sold to it"}, 0.55)
            if c is not None:
                yield c


RELATIVE_OWNED_DE = (r"^[“”\")]*(?:\s*\([^()]{0,40}\))?,\s+(?:die|der|das|welche[rs]?)\s+(?P<how>(?:(?:mehrheitlich|vollständig|"
                     r"ganz|komplett|inzwischen|mittlerweile|heute|seit\s+\d{4}|bereits|zu\s+[\d,.]+\s*(?:%|Prozent))\s+)*)"
                     r"(?:der|dem|den)\s+")
RELATIVE_OWNED_VERB_DE = r"^[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?P<how>(?:(?:mehrheitlich|vollständig|ganz|zu\s+[\d,.]+\s*(?:%|Prozent))\s+)*)" \
                         r"(?:gehört|gehörte|gehören|gehörten)\s*[,.;]"
"""An owner in the dative of a relative clause: "die X, die (mehrheitlich) der Y gehört, …"."""
RELATIVE_STAKE_DE = (r"^[“”\")]*(?:\s*\([^()]{0,40}\))?,\s+an\s+(?:der|dem|denen|welcher|welchem)\s+(?:(?:auch|ebenfalls|bereits|"
                     r"heute|seit\s+\d{4}|mittelbar|unmittelbar)\s+)*(?:(?:die|der|das)\s+)?")
RELATIVE_STAKE_VERB_DE = (r"^[“”\")]*(?:\s*\([^()]{0,40}\))?\s+(?P<how>(?:[^,.;]{0,40}?\s+)?)beteiligt\s+(?:ist|sind|war|waren)\s*[,.;]")
"""A holder in a relative clause on the company held: "die X, an der die Y (zu 51 %) beteiligt ist, …"."""


def relative_owner(v: View) -> Iterator[Candidate]:
    """Owner → company when a relative clause on the company names its owner (:data:`RELATIVE_OWNED_DE`,
    :data:`RELATIVE_STAKE_DE`), with the share where the clause states one; a negated clause gives nothing."""
    if v.lang != "de" or v.hedged:
        return
    for m in v.orgs:
        for opening, closing in ((RELATIVE_OWNED_DE, RELATIVE_OWNED_VERB_DE), (RELATIVE_STAKE_DE, RELATIVE_STAKE_VERB_DE)):
            rel = re.match(opening, v.text[m.end - v.off:])
            owner = _after(v, m.end + rel.end(), 0, HOLDERS) if rel is not None else None
            verb = re.match(closing, v.text[owner.end - v.off:]) if owner is not None else None
            if verb is None or v.negated(m.end - v.off + rel.end()) or \
                    re.search(r"\b(?:nicht|kein\w*|nie|am\s+(?:Gewinn|Ergebnis|Umsatz|Verlust)\w*)\b", verb.group(0)):
                continue
            share = find_percent(rel.group(0) + " " + verb.group("how"), "de")
            size = {"share": plain(share[0][0])} if len(share) == 1 else {"description": "stake (size not stated)"}
            c = _stake(v, owner, m, "relative-owner", size, 0.6)
            if c is not None:
                yield c


__all__ = ["goes_to", "relative_owner", "takeover_offer"]
