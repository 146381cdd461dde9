"""The analysed document: sentences, actor mentions, sections and whether a passage predicts.

Built once per text and handed to every rule (:mod:`kingmaker.extract.rules`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from kingmaker.extract.actors import LEGAL_SUFFIX, ActorIndex, Mention, _longest, name_key, new_actor_id
from kingmaker.model.legal_forms import LEGAL_FORM_WORDS
from kingmaker.extract.coreference import epithet_mentions, pronoun_mentions, role_mentions
from kingmaker.extract.lexicon import STATES_DE, description_pattern, head_constraint
from kingmaker.extract.names_de import (adjective_named, anonymised, coordinated_acronyms, governments, linked_names,
                                        titled_names)
from kingmaker.extract.proposals import (Proposal, adjective_base, case_parties, compound_kin, deal_slot_organisations, defined_aliases, families,
                                         initialled_aliases,
                                          federal_state, german_noun, group_own_names, propose, public_bodies,
                                          titled_persons)

HEAD_ORG_WORDS = {"Holding", "Holdings", "Gruppe", "Group", "Konzern"}
"""Words after a name that the text may leave off later ("Signa Holding GmbH" … "Signa")."""
from kingmaker.extract.sentences import Sentence, split_sentences, unwrap_lines

PREDICTION_HEADING = re.compile(
    r"\b(Vorhersagen?|Prognosen?|Ausblick|Unsere Einschätzung|Predictions?|Outlook|Forecasts?|What comes next)\b", re.I)
ORG = ("company", "nonprofit", "partnership", "fund", "state", "state_body")


TARGET_OR_COORDINATED = re.compile(r"\b(?:in|into)\s+(?:(?:den|die|das|der|dem|the)\s+)?(?:[\wäöüß-]+\s+){0,3}?$|\b(?:und|and|oder|or)\s+(?:(?:den|die|das|der|dem|the)\s+)?$")
"""What stands right before an organisation named as where money goes ("… in OpenAI") or as a second party ("… und
Anthropic"): no investor that a later description points back to."""


@dataclass
class Analysis:
    """Lookups by position use binary search over sorted starts, so a whole analysis stays linear (times a
    logarithm) in the length of the text."""

    text: str
    lang: str
    index: ActorIndex
    sentences: list[Sentence]
    _mentions: list[Mention]
    proposals: list[tuple[str, Proposal]] = field(default_factory=list)  # (new actor id, proposal)
    section_of: list[int] = field(default_factory=list)  # per sentence: index of its section
    predicting: list[bool] = field(default_factory=list)  # per sentence: inside a predictions part
    section_heading: dict[int, bool] = field(default_factory=dict)  # section → begins with a heading

    def __post_init__(self) -> None:
        self._sentence_starts = [s.start for s in self.sentences]
        self.mentions = self._mentions

    @property
    def mentions(self) -> list[Mention]:
        return self._mentions

    @mentions.setter
    def mentions(self, value: list[Mention]) -> None:
        self._mentions = sorted(value, key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self._mentions]
        self._ends = sorted((m.end, k) for k, m in enumerate(self._mentions))

    def in_sentence(self, i: int) -> list[Mention]:
        s = self.sentences[i]
        out = []
        for k in range(bisect_left(self._starts, s.start), len(self._mentions)):
            m = self._mentions[k]
            if m.start >= s.end:
                break
            if m.end <= s.end:
                out.append(m)
        return out

    def mentions_before(self, pos: int, window: int) -> list[Mention]:
        """Mentions ending in ``[pos - window, pos]``, in text order of their ends."""
        lo = bisect_left(self._ends, (pos - window, -1))
        hi = bisect_right(self._ends, (pos, len(self._mentions)))
        return [self._mentions[k] for _, k in self._ends[lo:hi]]

    def covered(self, pos: int) -> bool:
        """Whether a mention covers ``pos``."""
        k = bisect_right(self._starts, pos) - 1
        return k >= 0 and self._mentions[k].end > pos

    def named_at(self, pos: int, gap: int = 2) -> bool:
        """Whether a name starts right after ``pos`` ("das Start-up Quillon GmbH": a description in
        apposition to a name, not a reference back)."""
        k = bisect_left(self._starts, pos)
        return k < len(self._starts) and self._starts[k] - pos <= gap and self._mentions[k].how != "anaphor"

    def sentence_at(self, pos: int) -> Sentence | None:
        k = bisect_right(self._sentence_starts, pos) - 1
        if k >= 0 and self.sentences[k].start <= pos < self.sentences[k].end:
            return self.sentences[k]
        return None

    def org_before(self, pos: int, window: int = 600, constraint: str | None = None,
                   paragraphs_back: int | None = None, sentences_back: int | None = None) -> Mention | None:
        """The organisation a definite description at ``pos`` ("das Unternehmen", "the bank") refers to:
        the last one named before it that fits ``constraint`` (see :meth:`fits`), passing over the
        subject of its own sentence wherever it is named (a clause's subject is rarely what its own
        description points back to: "Zugleich stellt Solvig der Firma einen Kredit bereit"). ``paragraphs_back``: look
        no further back than that many paragraph breaks, and never into a heading of another paragraph (a heading
        starts a new topic). ``sentences_back``: only in its own sentence and that many before it ("der Gesellschaft":
        the company of this sentence or the one before, not one named three sentences back)."""
        here = self.sentence_at(pos)
        near = self.mentions_before(pos, window)
        if sentences_back is not None:
            k = bisect_right(self._sentence_starts, pos) - 1
            first = self.sentences[max(0, k - sentences_back)].start if k >= 0 else pos
            near = [m for m in near if m.start >= first]
        if paragraphs_back is not None:  # no further back than that many paragraph breaks, never into or over a heading
            near = [m for m in near if here is not None and (s := self.sentence_at(m.start)) is not None
                    and here.paragraph - s.paragraph <= paragraphs_back
                    and (s.paragraph == here.paragraph or not s.heading)]
        own = {m.actor for m in near if here is not None and here.start <= m.start < pos
               and m.kind in ORG and _subject_like(self.text, m, here, pos)}
        best = best_free = None
        for m in sorted(near, key=lambda m: m.start):
            if not (m.kind in ORG and m.how != "anaphor" and not self.index.known[m.actor].authority):
                continue
            if m.actor in own or not self.fits(m.actor, constraint):
                continue
            best = m
            if not TARGET_OR_COORDINATED.search(self.text[max(0, m.start - 60):m.start]):
                best_free = m
        # best is not best_free: the last fitting organisation stands where money goes or after "und"
        if best is not None and best_free is not None and best is not best_free and self.sentence_at(best.start) is not here:
            return best_free  # "… hat Milliarden in OpenAI und Anthropic investiert. So investierte der Konzern …": the investor
        return best

    def fits(self, actor: str, constraint: str | None) -> bool:
        """``bank``: "Bank" in a name; ``investor``: a fund or a name with Capital/Ventures/Partners/Fund."""
        k = self.index.known[actor]
        names = " ".join(k.variants + [k.name])
        if constraint == "bank":
            return re.search(r"\bBank\b|\bbank\b", names) is not None
        if constraint == "investor":
            return k.kind == "fund" or re.search(r"Capital|Ventures|Partners|Fund|Fonds|Invest", names) is not None
        if constraint == "company":  # "der Gesellschaft": a company, never the town or Land that owns it
            return k.kind not in ("state", "state_body")
        return True


PEOPLE_ARTICLE_DE = re.compile(r"(?<![\w-])(?:[Dd]ie|[Dd]en)[ \t]+$")
"""An article before a Land's bare name that makes it its people: "Die Bayern hatten die Forderung …" (a Land is "das
Saarland", "Bayern", "der Freistaat Bayern")."""


def _after_headers(proposals: list[Proposal], sentences: list[Sentence], text: str) -> list[Proposal]:
    """``proposals`` with each name that runs from a header cut off a paragraph's start into its first sentence begun at
    that sentence, without its article ("B6-22/16 Beschluss Die Alpha AG hält …": "Alpha AG", not "Beschluss Die Alpha
    AG"); a name left without a capitalised word goes. Only sentence starts right after such a header count
    (:func:`~kingmaker.extract.sentences.header_end`); other splits are left as the name passes read them."""
    starts = [s.start for k, s in enumerate(sentences) if k and sentences[k - 1].heading
              and sentences[k - 1].paragraph == s.paragraph]
    if not starts:
        return proposals
    out = []
    for p in proposals:
        k = bisect_right(starts, p.start)
        if k < len(starts) and starts[k] < p.end:
            lead = re.match(r"(?:(?:Die|Der|Das|Den|Dem|The)\s+)?", text[starts[k]:p.end])
            start = starts[k] + lead.end()
            if not re.match(r"[A-ZÄÖÜ0-9]", text[start:p.end]) or start >= p.end:
                continue
            p = Proposal(start, p.end, text[start:p.end], p.kind, p.rule, p.confidence)
        out.append(p)
    return out


GROUP_NAME = re.compile(r"(?P<stem>[A-ZÄÖÜ0-9][\w&.'’ -]*?)(?:-|\s+)(?:Gruppe|Group|Konzern|group)")
"""An organisation named by its group: "Kestrel-Gruppe", "Kestrel Group", "Kestrel-Konzern" — another form of the actor the
text names "Kestrel" (or "Kestrel AG"), not an actor of its own, when that stem names one (issue 18, session 11)."""


DOTTED_FORMS = tuple(sorted(w[:-1] for w in LEGAL_FORM_WORDS if w.endswith(".")))  # "Inc", "Corp", "Ltd", "S.A" …


def with_abbreviation_dot(mentions: list[Mention], text: str) -> list[Mention]:
    """A name found without its legal form's closing dot ("Alpha Inc" in "Alpha Inc. acquired Beta Ltd.") takes it, so
    that what follows the name starts at the verb: before, every rule reading the text after a name ("acquired …",
    "owns 30 % of …", "'s acquisition of …") met ". acquired" and the sentence gave no fact (model/legal_forms.yaml
    lists the dotted forms)."""
    return [replace(m, end=m.end + 1, surface=m.surface + ".") if text[m.end:m.end + 1] == "." and _ends_in_dotted_form(m.surface)
            else m for m in mentions]


def _ends_in_dotted_form(surface: str) -> bool:
    """Whether ``surface``'s last word is a dotted legal form without its dot ("Alpha Inc", "Beta S.A"; not "Zinc")."""
    return any(surface.endswith(f) and (len(surface) == len(f) or not surface[-len(f) - 1].isalnum()) for f in DOTTED_FORMS)


def analyse(text: str, lang: str, index: ActorIndex) -> Analysis:
    text = unwrap_lines(text)  # "Geschäftsführer der\nX GmbH": one sentence, one line for the name passes too
    sentences = split_sentences(text, lang)
    first = index.find(text, lang)
    new: list[tuple[str, Proposal]] = []
    taken = [(m.start, m.end) for m in first]
    places = [(m.start, m.end) for m in first if m.kind == "state"]  # "Energie Baden-Württemberg AG" is a company's name
    initials = anonymised(text, taken) + titled_names(text, taken) + adjective_named(text, taken) \
        + linked_names(text, taken) if lang == "de" else []  # "E. Verwaltungs GmbH" whole,
    # before "Verwaltungs GmbH"; "Prof. Dr. Rainer Westermann" before a run of capitalised words
    proposals = propose(text, [t for t in taken if t not in places] + [(p.start, p.end) for p in initials], lang) \
        + families(text, lang) + federal_state(text, lang) + initials  # a family wins over a company of its name
    bodies = [b for b in public_bodies(text, lang, [t for t in taken if t not in places] + [(p.start, p.end) for p in initials])
              if not any(p.start <= b.start and b.end <= p.end for p in proposals)]  # "Landesbank Berlin AG" over its body
    proposals = [_with_body(p, bodies, text) for p in proposals]  # "die Stadtwerke Lindenau GmbH" whole
    bodies = [b for b in bodies if not any(p.start <= b.start and b.end <= p.end for p in proposals)]
    proposals = [p for p in proposals if not any(b.start <= p.start and p.end <= b.end for b in bodies)]  # not "Thüringen"
    proposals += [b for b in bodies if not any(p.start < b.end and b.start < p.end for p in proposals)]
    proposals += [p for p in titled_persons(text, lang, taken + [(p.start, p.end) for p in proposals])
                  if p.name not in {q.name for q in proposals}]
    proposals += [p for p in case_parties(text, taken + [(p.start, p.end) for p in proposals])
                  if p.name not in {q.name for q in proposals}]
    if lang == "de":
        for found in (compound_kin, group_own_names, governments):
            proposals += [p for p in found(text, taken + [(p.start, p.end) for p in proposals])
                          if p.name not in {q.name for q in proposals}]
    seen = {p.name for p in proposals}
    org_ends = {m.end for m in first if m.kind in ORG} | {p.end for p in proposals if p.kind == "company"}
    for p in deal_slot_organisations(text, taken + [(p.start, p.end) for p in proposals], lang, org_ends):
        if p.name not in seen:
            seen.add(p.name)
            proposals.append(p)
    if lang == "de":  # "die Kooperation zwischen EnBW und NWS": an acronym joined to an organisation is one
        orgs = [(m.start, m.end) for m in first if m.kind in ORG] + [(p.start, p.end) for p in proposals if p.kind == "company"]
        proposals += [p for p in coordinated_acronyms(text, orgs, taken + [(p.start, p.end) for p in proposals]) if p.name not in seen]
    proposals.sort(key=lambda p: p.start)
    proposals = _after_headers(proposals, sentences, text)
    # defined short forms ("Hyundai Heavy Industries Holdings (HHIH)"): an alias of the name before, not an actor
    spans = [(m.start, m.end, m.actor) for m in first if m.kind != "person"]
    spans += [(p.start, p.end, "\0" + p.name) for p in proposals if p.kind != "person"]
    aliases = defined_aliases(text, spans)  # once: it reads the whole text (listed_company_names)
    alias_of = {name_key(alias): owner for owner, alias in aliases}
    by_key: dict[str, str] = {}
    pending: list[tuple[str, str]] = []
    name_parts = None
    for p in sorted(proposals, key=lambda p: GROUP_NAME.fullmatch(p.name) is not None):  # group names last: their stem first
        base = adjective_base(p.name) if lang == "de" else p.name  # "der Deutschen Bahn AG" is "die Deutsche Bahn AG"
        key = name_key(re.sub(LEGAL_SUFFIX, "", base).strip() or base)
        group = GROUP_NAME.fullmatch(p.name) if p.kind == "company" else None
        stem = name_key(group.group("stem")) if group else None
        if stem and (stem in by_key or len(set(index.table().get(stem, ()))) == 1):
            index.add_variant(by_key.get(stem) or index.table()[stem][0], p.name)  # "die Kestrel-Gruppe" is Kestrel
            continue
        owner = alias_of.get(name_key(p.name)) or alias_of.get(key)
        if owner is not None and owner != "\0" + p.name:
            pending.append((owner, p.name))
            continue
        known_base = index.table().get(name_key(base)) if base != p.name else None
        if known_base and len(set(known_base)) == 1:  # "der Deutschen Bank" is the known Deutsche Bank
            index.add_variant(known_base[0], p.name)
            by_key.setdefault(name_key(re.sub(LEGAL_SUFFIX, "", p.name).strip() or p.name), known_base[0])  # the short form
            continue  # it defines ("der Deutschen Bahn AG (DB AG)") is that actor's too
        if key in by_key:  # "Mahle GmbH" and "Mahle": one actor
            index.add_variant(by_key[key], p.name)
            by_key.setdefault(name_key(re.sub(LEGAL_SUFFIX, "", p.name).strip() or p.name), by_key[key])
            continue
        aid = new_actor_id(base, index.id_taken)
        parts = p.name.split()
        short = re.sub(LEGAL_SUFFIX, "", p.name).strip()
        if short == p.name and re.search(r"\s(?:ag|gmbh|se)$", p.name):  # "mg technologies ag", as the firm writes itself
            short = p.name.rsplit(None, 1)[0]
        variants = [p.name] + ([parts[-1]] if p.kind == "person" else []) + ([short] if short and short != p.name else [])
        if p.rule == "actor.public-body-listed":  # "die Städte Lindenau und …": "Stadt Lindenau", named by its place
            variants.append(text[p.start:p.end])
        head = short.split()
        if p.kind == "company" and len(head) == 2 and head[-1] in HEAD_ORG_WORDS and len(head[0]) >= 4:
            variants.append(head[0])  # "Signa Holding GmbH" … "durch Signa"
        if lang == "de" and p.kind == "company":
            if name_parts is None:
                name_parts = NameParts(text, [q.name for q in proposals])
            variants += _name_part_used_alone(short, p.name, name_parts, index)
        index.add(aid, p.kind, base, variants + ([base] if base != p.name else []), proposed=True)
        by_key[key] = aid
        by_key.setdefault(name_key(p.name), aid)
        by_key.setdefault(name_key(short or p.name), aid)
        new.append((aid, p))
    for key, owner in alias_of.items():
        aid = by_key.get(name_key(re.sub(LEGAL_SUFFIX, "", owner[1:]).strip() or owner[1:])) if owner.startswith("\0") else owner
        alias = next((al for o, al in aliases if o == owner and name_key(al) == key), None)
        if aid in index.known and alias and key not in index.table():
            index.add_variant(aid, alias)
    for aid, alias in initialled_aliases(text, [(aid, p.name) for aid, p in new if p.kind == "company"]):
        if name_key(alias) not in index.table():
            index.add_variant(aid, alias)
    letters = _quoted_letters(text, index, new) if lang == "de" else []
    a = Analysis(text, lang, index, sentences, with_abbreviation_dot(index.find(text, lang) + letters, text), new)
    if lang == "de":  # "Die Bayern hatten …", "den Sachsen": the people (a plural article), not the Land
        a.mentions = [m for m in a.mentions if not (m.kind == "state" and m.surface in STATES_DE
                                                   and PEOPLE_ARTICLE_DE.search(text, max(0, m.start - 5), m.start))]
    anaphora = []
    for m in re.finditer(description_pattern(lang), text):
        constraint = head_constraint(lang, m.group("head"))
        ref = a.org_before(m.start(), constraint=constraint, paragraphs_back=1,
                           sentences_back=1 if constraint == "company" else None)
        if ref is None and constraint == "investor":
            ref = a.org_before(m.start(), paragraphs_back=1)
        if ref is not None and not a.covered(m.start()) and not a.covered(m.start("head")) and not a.named_at(m.end()):
            # (a name inside the head, "des Lufthansa-Konzerns", is no description pointing back)
            anaphora.append(Mention(m.start(), m.end(), ref.actor, m.group(0), ref.kind, "anaphor"))
    anaphora += epithet_mentions(a) + role_mentions(a) + pronoun_mentions(a)
    if anaphora:  # the names stay as found; descriptions fill the gaps, and may have staff of their own
        a.mentions = _longest(a.mentions + anaphora + index._groups(text, lang, anaphora))
    _sections(a)
    return a


def _sections(a: Analysis) -> None:
    section, predicting = 0, False
    for i, s in enumerate(a.sentences):
        if s.heading and i:
            section += 1
        if i == 0 or s.heading:
            a.section_heading[section] = s.heading
        if PREDICTION_HEADING.search(s.text) and (s.heading or s.text.split(":")[0] != s.text):
            predicting = True
            if not s.heading:
                section += 1
                a.section_heading[section] = False
        a.section_of.append(section)
        a.predicting.append(predicting)


_FINITE = (r"(?:hat|hätte|hatte|haben|ist|war|wäre|wird|würde|übt|bot|bietet|will|kann|könnte|has|had|is|was|"
           r"will|would|could|can|offered|holds|owns)")


QUOTED_LETTER_DE = re.compile(r"(?<![\w-])(?:[Dd]er|[Dd]ie|[Dd]as|[Dd]en|[Dd]em|[Dd]es|an|am|von|vom|zur|zum|bei|beim|und|sowie)"
                              r"[ \t]+(?:(?:[A-ZÄÖÜ][a-zäöüß]*(?:gesellschaft|unternehmen|tochter)|Gesellschaft|Unternehmen|Tochter)[ \t]+)?"
                              r"[\"„“](?P<name>[A-ZÄÖÜ]\.)[ \t]*[\"“”]")
"""A party an anonymised decision names by one quoted letter after an article or preposition: an der "I. ", die "J. ",
or after a company noun there: die Eigengesellschaft "H. ", der Tochtergesellschaft "M." (only quoted and after such a
word: a bare "I." is a numbering or an initial anywhere else)."""


_QUOTED_ONE = r"[\"„“][A-ZÄÖÜ]\.[ \t]*[\"“”]"
COORDINATED_LETTER_DE = re.compile(r"[\"„“](?P<name>[A-ZÄÖÜ]\.)[ \t]*[\"“”](?=(?:[ \t]*,[ \t]*" + _QUOTED_ONE + r")*[ \t]*"
                                   r"(?:,|und|sowie|oder)[ \t]+(?:(?:der|die|das|den|dem|des)[ \t]+)?" + _QUOTED_ONE + ")")
"""A quoted letter coordinated with the next one: the "A." of "A." und "B." (and of "A.", "B." und "C."), with no article
before it (a sentence's start, "Die Beteiligten "A." und "B." …"): the letter after "und" is a party
(:data:`QUOTED_LETTER_DE`), so the one it is coordinated with is one too."""


def _quoted_letters(text: str, index: ActorIndex, new: list) -> list[Mention]:
    """Mentions of the parties :data:`QUOTED_LETTER_DE` and :data:`COORDINATED_LETTER_DE` find, one proposed company per
    letter (added to ``index`` and ``new``). A one-letter key is too short for the name index, so the quoted places are
    the only mentions."""
    out, ids = [], {}
    found = {m.start("name"): m for pat in (QUOTED_LETTER_DE, COORDINATED_LETTER_DE) for m in pat.finditer(text)}
    for _, m in sorted(found.items()):
        name = m.group("name")
        if name not in ids:
            ids[name] = new_actor_id(name, index.id_taken)
            index.add(ids[name], "company", name, [name], proposed=True)
            new.append((ids[name], Proposal(m.start("name"), m.end("name"), name, "company", "actor.anonymised", 0.5)))
        out.append(Mention(m.start("name"), m.end("name"), ids[name], name, "company", "name"))
    return out


CAPITALISED_WORD = re.compile(r"(?<![\w-])[A-ZÄÖÜ][a-zäöüß]{3,}(?![\w-])")
_CAPITAL_NEXT = re.compile(r"[ \t]+[A-ZÄÖÜ]")
_ADDRESS_BEFORE = re.compile(r"(?:Frau|Herrn?)[ \t]+$")


class NameParts:
    """What :func:`_name_part_used_alone` looks up, gathered once per text (looking it up per name read the whole text
    and every other name again for each company: quadratic on a long text): where each capitalised word stands, and in
    how many proposed names each word occurs."""

    def __init__(self, text: str, names: list[str]):
        self.text = text
        self.places: dict[str, list[int]] | None = None
        self.in_names = Counter(w for n in names for w in set(n.split()))

    def at(self, word: str) -> list[int]:
        if self.places is None:
            self.places = {}
            for m in CAPITALISED_WORD.finditer(self.text):
                self.places.setdefault(m.group(0), []).append(m.start())
        return self.places.get(word, [])

    def in_other_name(self, word: str, own: str) -> bool:
        return self.in_names[word] - (word in own.split()) > 0


def _name_part_used_alone(short: str, own: str, parts: NameParts, index: ActorIndex) -> list[str]:
    """The one word of a company's name (``short``; ``own`` its proposed name) the text later uses alone for it ("das
    Bauunternehmen GP Günter Papenburg Hochbau GmbH" … "HWG als auch Papenburg sind …"): a capitalised word of four
    letters or more, neither the name's only word nor a common noun, a federal state, a word of another proposed name or
    a known name, standing alone (not before another capitalised word, not after "Frau"/"Herr") somewhere outside the
    full name; at most one such word."""
    words = short.split()
    if len(words) < 2:
        return []
    text, found = parts.text, []
    for w in words:
        if not re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]{3,}", w) or w in STATES_DE or german_noun(w) \
                or parts.in_other_name(w, own) or name_key(w) in index.table():
            continue
        if any(not _CAPITAL_NEXT.match(text, at + len(w))
               and short not in text[max(0, at - len(short)):at + len(w) + len(short)]
               and not _ADDRESS_BEFORE.search(text[max(0, at - 6):at]) for at in parts.at(w)):
            found.append(w)
    return found if len(found) == 1 else []


def _with_body(p: Proposal, bodies: list[Proposal], text: str) -> Proposal:
    """``p`` grown to the start of the municipal company it ends ("Lindenau GmbH" inside "die Stadtwerke Lindenau GmbH":
    the general pass takes "Stadtwerke" for a common noun): the body's name and its legal form are one name."""
    for b in bodies:
        if b.kind == "company" and b.start < p.start < b.end < p.end \
                and re.sub(LEGAL_SUFFIX, "", text[b.start:p.end]).strip() == b.name:
            return Proposal(b.start, p.end, text[b.start:p.end], "company", p.rule, p.confidence)
    return p


def _subject_like(text: str, m: Mention, s: Sentence, pos: int) -> bool:
    """Sentence-initial, right after or before a finite verb, or right before the description at ``pos``
    (two noun phrases in a row are two arguments); a possessive ("Quillon's") is no subject."""
    before = text[s.start:m.start]
    after = text[m.end:m.end + 20]
    if re.search(r"['’]s$", m.surface):
        return False
    return (re.fullmatch(r"\s*(?:[Dd](?:ie|er|as)|[Tt]he)?\s*", before) is not None or re.search(_FINITE + r"\s+$", before) is not None
            or re.match(r",?\s+" + _FINITE + r"\b", after) is not None or not text[m.end:pos].strip())
