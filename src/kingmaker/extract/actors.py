"""Finding actors in text: the store's actors by name, alias and identifier, with German inflection
("Microsofts"), spelling variants ("Open AI" / "OpenAI"), surnames alone ("Nadella"), the first word of
a name as a compound prefix ("Baumann-Geschäftsführerin" → Baumann Robotik), staff and founder groups
("OpenAI-Mitarbeiter", "Quillon AI employees", "the founders of Lumen"). Definite descriptions ("das
Unternehmen", "the bank") are resolved in :mod:`kingmaker.extract.context`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from kingmaker.model import Actor, ActorKind
from kingmaker.model.ids import name_key, slugify
from kingmaker.model.legal_forms import LEGAL_SUFFIX

ORG_KINDS = {ActorKind.company, ActorKind.nonprofit, ActorKind.partnership, ActorKind.fund, ActorKind.state,
             ActorKind.state_body}
STAFF = {"de": r"(?:Mitarbeiter(?:innen|n)?|Beschäftigten|Angestellten|Belegschaft|Ingenieur(?:e|en|innen)|"
               r"Entwickler(?:innen|n)?|Forscher(?:innen|n)?)",
         "en": r"(?:employees|staff(?:ers)?|workers|engineers|researchers|developers)"}
FOUNDERS = {"de": r"(?:Gründer(?:n|innen)?|Mitgründer(?:n|innen)?)", "en": r"(?:co-?founders|founders)"}
GROUP_WORDS = {"staff": STAFF, "founders": FOUNDERS}
_STAFF_SUFFIX = re.compile(r"[-\s]*(?:'s\s+)?" + f"(?:{STAFF['de']}|{STAFF['en']})", re.I)  # "OpenAI employees" → "OpenAI"


@dataclass(frozen=True)
class Mention:
    """An actor named in the text at ``[start, end)``."""

    start: int
    end: int
    actor: str
    surface: str
    kind: str  # actor kind, e.g. "company", "person", "group"
    how: str = "name"  # name, alias, surname, identifier, staff, anaphor, proposed
    org: str | None = None  # for a staff group: the organisation it works for


@dataclass
class KnownActor:
    id: str
    kind: str
    name: str
    variants: list[str] = field(default_factory=list)
    staff_of: str | None = None  # for a group: the organisation it belongs to
    group_type: str = "staff"  # staff or founders
    proposed: bool = False  # proposed from the text, not from the store
    source: str = "store"  # store, gazetteer or text
    country: str | None = None
    types: tuple[str, ...] = ()  # what it is (gazetteer): software, chips, retailer, regulator …
    authority: bool = False  # a regulator or court (its actions are regulatory events)


def _variants(actors: list[Actor]) -> dict[str, list[str]]:
    """Names and aliases of each actor, plus each name without its legal form ("Wolkenwerk AG" →
    "Wolkenwerk") unless that short form is another actor's name or shared by several actors."""
    explicit = {a.id: [n.name for n in a.names] for a in actors}
    owners: dict[str, set[str]] = {}
    for aid, names in explicit.items():
        for n in names:
            owners.setdefault(n, set()).add(aid)
    short: dict[str, set[str]] = {}
    for aid, names in explicit.items():
        for n in names:
            s = re.sub(LEGAL_SUFFIX, "", n).strip()
            if s != n and len(s) >= 2:
                short.setdefault(s, set()).add(aid)
    out = {aid: list(dict.fromkeys(names)) for aid, names in explicit.items()}
    for s, ids in short.items():
        if len(ids) == 1 and not (owners.get(s, set()) - ids):
            out[next(iter(ids))].append(s)
    return out


def _pattern(variant: str) -> str:
    """A regex for one name variant: flexible spaces and hyphens, "OpenAI" ≈ "Open AI", genitive -s."""
    parts = []
    for i, ch in enumerate(variant):
        prev = variant[i - 1] if i else ""
        if ch == " ":
            parts.append(r"[\s-]+")
            continue
        if prev.islower() and ch.isupper():
            parts.append(r"[\s-]?")
        parts.append(re.escape(ch))
    return "".join(parts)


_TOKEN = re.compile(r"[^\W_]+")
_NON_WORD = re.compile(r"[\W_]+")
_JOIN = re.compile(r"[ \t\-.,&'’/]{0,3}")  # what may stand between the words of one name
_MAX_WORDS = 10


def text_name_keys(text: str, probe: Callable[[set[str]], tuple[set[str], set[str]]]) -> tuple[set[str], set[str], set[str]]:
    """The name keys in ``text`` that ``probe`` knows — the keys of runs of up to ten words that
    :meth:`ActorIndex.find` may match (also without a genitive or case ending "-s", "-es") — found word by word
    as ``find`` does: ``probe(keys)`` says which keys are names and which the first words of one, and only
    those runs go on. With them, the text's words (surnames alone) and the words that begin a hyphenated
    compound ("Baumann-Geschäftsführerin"). What :meth:`ActorIndex.prepare` asks a store for.

    >>> names = {"Microsoft", "OpenAI", "OpenAIGlobal"}
    >>> probe = lambda ks: (ks & names, {k for k in ks if any(n.startswith(k) and n != k for n in names)})
    >>> keys, words, prefixes = text_name_keys("Microsofts Partner OpenAI Global; Baumann-Chefin", probe)
    >>> sorted(keys), sorted(prefixes)
    (['Microsoft', 'OpenAI', 'OpenAIGlobal'], ['Baumann'])
    """
    words = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    found: set[str] = set()
    runs = {i: "" for i in range(len(words))}  # run start → key so far, while it is the first words of a name
    for length in range(_MAX_WORDS):
        asked: set[str] = set()
        for i in list(runs):
            j = i + length
            if j >= len(words) or length and not _JOIN.fullmatch(text, words[j - 1][1], words[j][0]):
                del runs[i]
                continue
            key = runs[i] = runs[i] + words[j][2]
            asked.add(key)
            if key.endswith("s"):
                asked.update((key[:-1], key[:-2]) if key.endswith("es") else (key[:-1],))
        if not asked:
            break
        names, firsts = probe(asked)
        found |= names
        runs = {i: k for i, k in runs.items() if k in firsts}
    plain = {w for _, _, w in words}
    plain |= {w[:-1] for w in plain if w.endswith("s")}
    prefixes = {w for _, end, w in words if re.match(r"-[A-ZÄÖÜ]", text[end:end + 2])}
    return found, plain, prefixes


AUTHORITY_KINDS = {"state_body"}


class ActorIndex:
    """The actors a text is matched against (from a store or a case file, then the gazetteer of known
    organisations, :mod:`kingmaker.extract.gazetteer`), plus new proposals from the text.

    Matching is one pass over the text's words with a table of name keys (see :func:`name_key`), so it
    takes time linear in the text, whatever the number of actors."""

    def __init__(self, actors: Iterable[Actor] = (), gazetteer: bool = True, relations: Iterable = ()):
        self.known: dict[str, KnownActor] = {}
        self._table: dict[str, list[str]] | None = None
        self._prefix_keys: set[str] = set()
        self._by_staff: dict[tuple[str, str], str] = {}
        self._cache: dict[str, tuple[int, dict]] = {}
        self._store = self._taken = None  # a store to read for the text (for_store); once read, kept for id_taken
        self._gazetteer = gazetteer
        self._add_actors(actors)
        if gazetteer:
            self._add_gazetteer()
        self._link_staff()
        from kingmaker.extract.linking import windows_from

        self._families: dict[str, list[str]] | None = None
        self.windows = windows_from(relations)  # for linking by time and role (kingmaker.extract.linking)

    def _add_actors(self, actors: Iterable[Actor]) -> None:
        actors = list(actors)
        variants = _variants(actors)
        for a in actors:
            ids = [v for v in a.identifiers.values() if len(v) >= 4]
            self.add(a.id, a.kind.value, a.name, list(dict.fromkeys(variants[a.id] + ids)),
                     authority=a.kind.value in AUTHORITY_KINDS)

    @classmethod
    def for_store(cls, store, gazetteer: bool = True) -> "ActorIndex":
        """An index over a :class:`~kingmaker.store.Store` that reads, for each text, only the actors the
        text may name (:meth:`prepare`), not the whole store: a question about one text touches what it needs."""
        index = cls(gazetteer=False)
        index._store, index._gazetteer = store, gazetteer
        return index

    def prepare(self, text: str) -> None:
        """Read from the store (:meth:`for_store`) the actors ``text`` may name — by the key of a name, alias
        or identifier (:func:`text_name_keys`), a surname alone, a compound's first word, staff groups — with
        their name families (:meth:`family`) and the ties linking by time and role needs; then the gazetteer,
        as the constructor does with a whole store. Without a store this does nothing."""
        store, self._store = self._store, None
        if store is None:
            return
        from kingmaker.extract.gazetteer import organisations
        from kingmaker.extract.linking import windows_from

        keys, words, prefixes = text_name_keys(text, store.name_keys)
        if self._gazetteer:  # the store's namesakes of gazetteer organisations replace them (see _add_gazetteer)
            keys |= {name_key(f) for o in organisations() for n in (o.name, *o.aliases)
                     for f in (n, re.sub(LEGAL_SUFFIX, "", n).strip())}
        found = {a.id: a for a in store.actors_by_name_keys(keys, last_words=words, first_words=prefixes,
                                                            kinds=["group"])}
        org_keys = {name_key(_STAFF_SUFFIX.sub("", n.name).strip()) for a in found.values() if a.kind.value == "group"
                    for n in a.names} - keys
        if org_keys:  # the organisations staff groups belong to (_link_staff)
            found.update((a.id, a) for a in store.actors_by_name_keys(org_keys))
        firsts = {name_key(a.name.split()[0]) for a in found.values()
                  if a.kind.value not in ("person", "group") and a.name.split()}
        found.update((a.id, a) for a in store.organisations_by_first_word(firsts))
        self._add_actors(found[i] for i in sorted(found))
        if self._gazetteer:
            self._add_gazetteer()
        self._link_staff()
        self._families = None
        self.windows = windows_from(r for i in self.family_members() for r in store.relations(actor=i))
        self._taken = store  # proposed ids must not be a store actor's the text does not name

    def id_taken(self, actor_id: str) -> bool:
        """Whether ``actor_id`` is a known actor's, or a store actor's that this text does not name."""
        store = self._taken
        return actor_id in self.known or (store is not None and store.actor(actor_id) is not None)

    def family_members(self) -> list[str]:
        """Store actors that share their name's first word with another store organisation: the only ones
        whose ties linking by time and role needs (so a large store is not read in full)."""
        self.family("")
        return [i for ids in (self._families or {}).values() if len(ids) > 1 for i in ids]

    def set_relations(self, relations) -> None:
        from kingmaker.extract.linking import windows_from

        self.windows = windows_from(relations)

    def _add_gazetteer(self) -> None:
        """Gazetteer organisations whose id and names no store actor has already (the store wins)."""
        from kingmaker.extract.gazetteer import organisations

        taken = {name_key(v) for a in self.known.values() for v in a.variants}
        for o in organisations():
            if o.id in self.known:
                continue
            names = list(dict.fromkeys([o.name, *o.aliases]))
            if o.bare:
                short = [re.sub(LEGAL_SUFFIX, "", n).strip() for n in names]
                names += [n for n in short if len(n) >= 2 and n not in names]
            if any(name_key(n) in taken for n in names):
                continue
            self.add(o.id, o.kind, o.name, names, source="gazetteer", country=o.country, types=o.types,
                     authority=o.authority)

    @classmethod
    def from_case_file(cls, path) -> "ActorIndex":
        from kingmaker.io.case_yaml import read_case

        case = read_case(path).case
        return cls(case.actors, relations=case.relations)

    def family(self, actor_id: str) -> list[str]:
        """Store actors whose name begins with the same word as ``actor_id``'s ("OpenAI, Inc.", "OpenAI
        Global, LLC", "OpenAI Group PBC")."""
        if self._families is None:
            fam: dict[str, list[str]] = {}
            for a in self.known.values():
                if a.source == "store" and a.kind not in ("person", "group"):
                    fam.setdefault(name_key(a.name.split()[0]) if a.name.split() else "", []).append(a.id)
            self._families = fam
        a = self.known.get(actor_id)
        if a is None or not a.name.split() or a.source != "store":
            return []
        return [i for i in self._families.get(name_key(a.name.split()[0]), []) if i != actor_id]

    def add(self, actor_id: str, kind: str, name: str, variants: list[str], staff_of: str | None = None,
            group_type: str = "staff", proposed: bool = False, **info) -> None:
        if proposed:
            info.setdefault("source", "text")
        k = KnownActor(actor_id, kind, name, variants or [name], staff_of, group_type, proposed, **info)
        self.known[actor_id] = k
        if self._table is not None:
            for v in k.variants:
                self._index_variant(actor_id, v)
        self._note(k, k.variants)
        if staff_of:
            self._by_staff.setdefault((staff_of, group_type), actor_id)

    def add_variant(self, actor_id: str, variant: str) -> None:
        """Another name of a known actor (a defined short form, "Mahle" beside "Mahle GmbH")."""
        a = self.known[actor_id]
        if variant in a.variants:
            return
        a.variants.append(variant)
        if self._table is not None:
            self._index_variant(actor_id, variant)
        self._note(a, [variant])

    def _index_variant(self, actor_id: str, variant: str) -> None:
        k = _NON_WORD.sub("", variant)
        if len(k) < 2:
            return
        ids = self._table.setdefault(k, [])
        if actor_id not in ids:
            ids.append(actor_id)
        if not _NON_WORD.search(variant.strip()):
            return
        words = _TOKEN.findall(variant)
        acc = ""
        for w in words[:-1]:
            acc += w
            self._prefix_keys.add(acc)

    def table(self) -> dict[str, list[str]]:
        """Name key → ids of the actors with a name or alias of that key (built once, then kept up to date)."""
        if self._table is None:
            self._table, self._prefix_keys = {}, set()
            for a in self.known.values():
                for v in a.variants:
                    self._index_variant(a.id, v)
        return self._table

    def _link_staff(self) -> None:
        for a in self.known.values():
            if a.kind != "group" or a.staff_of:
                continue
            for v in a.variants:
                if re.search(STAFF["de"] + "|" + STAFF["en"], v, re.I):
                    org = self.org_named(_STAFF_SUFFIX.sub("", v).strip())
                    if org:
                        a.staff_of = org
                        break

    def org_named(self, name: str) -> str | None:
        for a in self.known.values():
            if a.kind != "group" and a.kind != "person" and any(v == name for v in a.variants):
                return a.id
        return None

    def staff_group(self, org: str, group_type: str = "staff") -> str | None:
        if not self._by_staff and any(a.staff_of for a in self.known.values()):
            for a in self.known.values():
                if a.staff_of:
                    self._by_staff.setdefault((a.staff_of, a.group_type), a.id)
        return self._by_staff.get((org, group_type))

    def _cached(self, name: str, build) -> dict:
        """A lookup built once and then kept up to date by :meth:`add` (see :meth:`_note`)."""
        hit = self._cache.get(name)
        if hit is None:
            hit = (0, build())
            self._cache[name] = hit
        return hit[1]

    def _note(self, a: "KnownActor", variants: list[str]) -> None:
        """Keep the built lookups (first words, surnames) up to date with a new actor or name."""
        first = self._cache.get("first-words")
        if first is not None and a.kind not in ("person", "group") and a.source != "gazetteer":
            for v in variants:
                parts = v.split()
                if len(parts) > 1 and len(parts[0]) >= 4 and parts[0][0].isupper():
                    first[1].setdefault(parts[0], []).append(a.id)
        if a.kind == "person" and "surnames" in self._cache:
            del self._cache["surnames"]  # rare in a text (proposed persons): rebuilt on demand

    def prefix_owner(self, first: str) -> str | None:
        """The organisation whose name's first word ``first`` is, usable as a compound prefix
        ("Baumann-Geschäftsführerin" → Baumann Robotik): not a name of its own, pointing to one organisation
        (the store's before proposed ones); gazetteer names have their aliases instead."""
        owners = [self.known[i] for i in self._first_words().get(first, ())]
        if not owners or name_key(first) in self.table():
            return None
        ids = {a.id for a in owners}
        if len(ids) > 1:
            ids = {a.id for a in owners if not a.proposed}
        return ids.pop() if len(ids) == 1 else None

    def surnames(self) -> dict[str, str]:
        """Surname → person id, for surnames that only one known person has."""
        return self._cached("surnames", self._build_surnames)

    def _first_words(self) -> dict[str, list[str]]:
        return self._cached("first-words", self._build_first_words)

    def _build_first_words(self) -> dict[str, list[str]]:
        seen: dict[str, list[str]] = {}
        for a in self.known.values():
            if a.kind in ("person", "group") or a.source == "gazetteer":
                continue
            for v in a.variants:
                parts = v.split()
                if len(parts) > 1 and len(parts[0]) >= 4 and parts[0][0].isupper():
                    seen.setdefault(parts[0], []).append(a.id)
        return seen

    def _build_surnames(self) -> dict[str, str]:
        """Surname → person id, for surnames that only one known person has."""
        seen: dict[str, list[str]] = {}
        for a in self.known.values():
            if a.kind == "person":
                for v in a.variants:
                    parts = v.split()
                    if len(parts) >= 2 and len(parts[-1]) >= 3:
                        seen.setdefault(parts[-1], []).append(a.id)
        return {k: v[0] for k, v in seen.items() if len(set(v)) == 1}

    def find(self, text: str, lang: str, extra: Iterable[Mention] = ()) -> list[Mention]:
        """All mentions in ``text`` (plus ``extra`` ones, e.g. resolved anaphora); overlapping matches
        keep the longest (staff compounds beat names). One pass over the words: at each word the longest
        run of up to ten words whose key is a known name wins; a genitive or German case ending ("'s",
        "Microsofts", "Bundeskartellamtes") is part of the mention."""
        found: list[Mention] = list(extra)
        table = self.table()
        prefix_keys = self._prefix_keys
        surnames = self.surnames()
        words = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
        n = len(words)
        for i, (start, _, first) in enumerate(words):
            best = None
            key = ""
            for j in range(i, min(n, i + _MAX_WORDS)):
                if j > i and (key not in prefix_keys or not _JOIN.fullmatch(text, words[j - 1][1], words[j][0])):
                    break  # a name goes on only from the first words of a name, across a space, hyphen, comma …
                w = words[j][2]
                key += w
                if key in table:
                    best = (j, table[key], words[j][1])
                elif w.endswith("s") and key[:-1] in table and len(key) > 3:
                    best = (j, table[key[:-1]], words[j][1])
                elif w.endswith("es") and key[:-2] in table and len(key) > 4:
                    best = (j, table[key[:-2]], words[j][1])
            before = text[start - 1] if start else " "
            if best is not None:
                _, ids, end = best
                if text[end:end + 2] in ("'s", "’s"):
                    end += 2
                for aid in ids[:1]:
                    a = self.known[aid]
                    surface = text[start:end]
                    how = "identifier" if surface.isalnum() and any(c.isdigit() for c in surface) else "name"
                    found.append(Mention(start, end, aid, surface, a.kind, how, a.staff_of))
                continue
            if before in "-" or before.isalnum():
                continue
            sur = surnames.get(first) or (surnames.get(first[:-1]) if first.endswith("s") else None)
            end = words[i][1]
            if sur is not None:
                if text[end:end + 2] in ("'s", "’s"):
                    end += 2
                found.append(Mention(start, end, sur, text[start:end], "person", "surname"))
            elif re.match(r"-[A-ZÄÖÜ]", text[end:end + 2]) and (aid := self.prefix_owner(first)) is not None:
                found.append(Mention(start, end, aid, first, self.known[aid].kind, "name"))
        found += self._groups(text, lang, found)
        return _longest(found)

    def _groups(self, text: str, lang: str, names: list[Mention]) -> list[Mention]:
        """Staff and founder groups next to an organisation's name ("OpenAI-Mitarbeiter", "Mitarbeiter von
        OpenAI", "Quillon AI employees", "the founders of Lumen")."""
        out = []
        orgs = [m for m in names if m.kind not in ("person", "group")]
        for org in orgs:
            tail = text[org.end:org.end + 40]
            head = text[max(0, org.start - 40):org.start]
            for gtype, words in GROUP_WORDS.items():
                word = words[lang]
                m = re.match(r"-" + word + r"\b|\s+" + word + r"\b", tail) if lang == "de" else \
                    re.match(r"(?:['’]s)?\s+(?:\d[\d,]*\s+)?" + word + r"\b", tail)
                if m:
                    out.append(self._group_mention(org, org.start, org.end + m.end(), text, gtype))
                    break
                b = re.search(word + r"\s+(?:von|der|des|bei)\s+$", head) if lang == "de" else \
                    re.search(word + r"\s+(?:of|at)\s+$", head)
                if b:
                    out.append(self._group_mention(org, org.start - len(head) + b.start(), org.end, text, gtype))
                    break
        return out

    def _group_mention(self, org: Mention, start: int, end: int, text: str, gtype: str) -> Mention:
        gid = self.staff_group(org.actor, gtype)
        if gid is None:  # propose "<org> staff" / "<org> founders" as a new group
            gid = f"{org.actor}-{gtype}"
            self.add(gid, "group", f"{self.known[org.actor].name} {gtype}", [], staff_of=org.actor, group_type=gtype)
        return Mention(start, end, gid, text[start:end], "group", gtype, org.actor)


def _longest(found: list[Mention]) -> list[Mention]:
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in found:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def new_actor_id(name: str, taken: Iterable[str] | Callable[[str], bool]) -> str:
    """A slug of ``name`` (without its legal form) that ``taken`` (ids, or a test for an id) does not have."""
    base = slugify(re.sub(LEGAL_SUFFIX, "", name).strip() or name)
    if not callable(taken):
        ids = taken if isinstance(taken, (set, dict)) else set(taken)
        taken = ids.__contains__
    out, n = base, 2
    while taken(out):
        out, n = f"{base}-{n}", n + 1
    return out
