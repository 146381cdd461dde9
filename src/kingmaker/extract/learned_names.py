"""A learned recogniser of German organisation and person names: score every capitalised word span of a text and
propose the spans the model takes for a name, as actors the rules then read like a case file's.

Issue 18's German misses on unseen text are mostly names the rules never propose (session 8's
``evaluate.name_recall``), and hand-written name rules lifted their own texts only. This layer tries the other way:
every span of one to six words that begins with a capital or a digit ("Quillon", "Deutsche Bahn AG", "50Hertz",
"Gesellschaft für Beteiligungen und Parken Bad Kreuznach", "E. Verwaltungs GmbH") becomes an example, described by
token features — capitalisation shapes, the words themselves, the last word's ending, a legal form at the end,
whether simplemma's German dictionary knows each word (a known noun is more often a common noun), the word before
and after (titles "Herr", "Dr."; articles; "der"/"die"), a sentence's first word, how often the span recurs, an
abbreviation in brackets after it, and whether the rules (with the gazetteer) already found exactly this span, a
part of it or one around it. A logistic regression (:func:`kingmaker.extract.learned.fit`) gives each span a
probability.

It is trained by *distant supervision*: a span is positive when its name key (:func:`evaluate.name_key`) is one of
the keys of a party of the text's gold facts. Organisations a text names that are no party of a gold fact count as
negatives, so the model learns "a party-like name", and its precision is measured the same way (a proposed name is
right when it is a gold party of its text) — a strict measure that also counts real organisations as wrong.

The weights ship in ``kingmaker/data/extract/names-de.json`` (``bench/train_extract_names.py`` trains them and
reports leave-one-folder-out figures); nothing is downloaded. Off by default — the pipeline does not call it: held
out (each dev folder and 61 practice news texts in turn), its names added no fact to the rules' (docs/extract.md,
session 9). :func:`add_to_index` puts its names into an :class:`~kingmaker.extract.actors.ActorIndex` for a caller
that wants them.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kingmaker.model.legal_forms import LEGAL_SUFFIX

MODEL_PATH = Path(__file__).resolve().parents[1] / "data" / "extract" / "names-de.json"

_TOKEN = re.compile(r"\w[\w'’]*(?:-\w[\w'’]*)*-?|&|[^\w\s]")
_CONNECT = {"&", ".", "-", "und", "für", "der", "des", "de", "von", "van", "of", "and", "the", "la", "le", "du",
            "am", "an", "im", "zu"}
"""Lower-case words and marks a name may hold inside ("Gesellschaft für Beteiligungen und Parken", "GmbH & Co. KG")."""
_LOWER_FORMS = {"mbh", "e", "v", "g", "gmbh", "ag", "kg", "se", "ug", "ohg", "kgaa"}
_LEGAL_END = re.compile(LEGAL_SUFFIX)
_TITLES = {"herr", "herrn", "frau", "dr", "prof", "minister", "ministerin", "präsident", "präsidentin"}
MAX_WORDS = 6
_ABBREV = {"co", "dr", "prof", "st", "mr", "inc", "corp", "ltd", "int", "intl", "bros"}
"""Words a full stop inside a name may follow ("GmbH & Co. KG", "Prof. Dr. X", "P.R.")."""


@dataclass
class Span:
    """A candidate name: character offsets in the text, its words, its features (and, when training, its label)."""

    start: int
    end: int
    text: str
    features: list[str]
    ruled: str = "none"  # what the rules named here: exact, around (a longer name), inside (a part), overlap, none


def _shape(w: str) -> str:
    if w.isdigit():
        return "9"
    if w[:1].isdigit():
        return "9x"
    if len(w) == 1 and w.isalpha():
        return "X" if w.isupper() else "x"
    if w.isupper() and w.isalpha():
        return "XX"
    if w[:1].isupper():
        return "Xx-" if "-" in w else "XxX" if any(c.isupper() for c in w[1:]) else "Xx"
    return "x" if w.isalpha() else w


def _is_word(w: str) -> bool:
    return w[:1].isalnum()


@lru_cache(maxsize=65536)
def _known(w: str) -> bool:
    import simplemma

    return simplemma.is_known(w, lang="de")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]


def spans(text: str, mentions=(), sentence_starts: set[int] = frozenset()) -> list[Span]:
    """Every candidate span of ``text`` with features; ``mentions`` are the rules' (start, end) name offsets,
    ``sentence_starts`` the offsets where sentences begin."""
    toks = _tokens(text)
    counts = Counter()
    rule = {(s, e) for s, e in mentions}
    rule_starts = sorted(rule)
    out: list[Span] = []
    for i, (s0, e0, w0) in enumerate(toks):
        if not (w0[:1].isupper() or (w0[:1].isdigit() and any(c.isalpha() for c in w0))):
            continue
        words = 0
        for j in range(i, min(len(toks), i + 3 * MAX_WORDS)):
            s1, e1, w1 = toks[j]
            if j > i:
                gap = text[toks[j - 1][1]:s1]
                if "\n" in gap or len(gap) > 1 or s1 in sentence_starts:
                    break
                if w1 == "." and not (len(toks[j - 1][2]) == 1 or toks[j - 1][2].lower() in _ABBREV):
                    break
                if not (w1[:1].isupper() or w1[:1].isdigit() or w1.lower() in _CONNECT or w1.lower() in _LOWER_FORMS):
                    break
            if _is_word(w1) and w1.lower() not in _CONNECT:
                words += 1
            if words > MAX_WORDS:
                break
            last = w1
            if last.lower() in _CONNECT - {"."} or last == "-":
                continue
            if last == "." and not (j > i and len(toks[j - 1][2]) <= 2):
                continue
            if not _is_word(last) and last != ".":
                continue
            out.append(Span(s0, e1, text[s0:e1], [i, j]))  # features filled below
            counts[text[s0:e1]] += 1
    for i, (s0, e0, w0) in enumerate(toks):  # the first part of a compound: "Takeda-Konzern", "Hochtief-Vorstandschef"
        if "-" in w0.rstrip("-") and w0[:1].isupper():
            head = w0.split("-")[0]
            if len(head) >= 2:
                out.append(Span(s0, s0 + len(head), head, [i, i, "compound-head"]))
                counts[head] += 1
    for sp in out:
        i, j, *extra = sp.features
        ws = [t[2] for t in toks[i:j + 1]]
        cw = [w for w in ws if _is_word(w)]
        prev = toks[i - 1][2] if i > 0 else "START"
        prev2 = toks[i - 2][2] if i > 1 else "START"
        nxt = toks[j + 1][2] if j + 1 < len(toks) else "END"
        nxt2 = toks[j + 2][2] if j + 2 < len(toks) else "END"
        if extra:
            ws = [sp.text]
            cw = [sp.text]
            nxt, nxt2 = "-", toks[i][2].split("-", 1)[1]
        last = cw[-1] if cw else ws[-1]
        f = [f"len={min(len(cw), 6)}", f"sh0={_shape(ws[0])}", f"shl={_shape(last)}",
             "shapes=" + "_".join(_shape(w) for w in ws[:4]), f"w0={ws[0].lower()[:8]}", f"wl={last.lower()[:8]}",
             f"suf={last.lower()[-3:]}", f"prev={prev.lower()[:8]}", f"prev2={prev2.lower()[:8]}",
             f"next={nxt.lower()[:8]}", f"prevsh={_shape(prev)}", f"nextsh={_shape(nxt)}",
             f"count={min(counts[sp.text], 4)}"]
        f += [f"w={w.lower()[:8]}" for w in cw[1:-1]] + [f"{x}" for x in extra]
        if extra:
            f.append(f"compound-tail={nxt2.lower()[-6:]}")
        if _LEGAL_END.search(sp.text):
            f.append("legal-end")
        caps = [w for w in cw if w[:1].isupper()]
        known = [w for w in caps if _known(w)]
        if sp.start not in sentence_starts and caps and not _known(caps[0]):
            f.append("unknown-cap-inside")
        f.append(f"known={'all' if caps and len(known) == len(caps) else 'none' if not known else 'some'}")
        f.append(f"known0={_known(ws[0])}")
        if sp.start in sentence_starts:
            f.append("sent-start")
            f.append(f"sent-start|known0={_known(ws[0])}")
        if prev.lower().rstrip(".") in _TITLES:
            f.append("after-title")
        if nxt == "(" and nxt2[:1].isupper():
            f.append("abbrev-after")
        if prev == "(":
            f.append("in-brackets")
        if (sp.start, sp.end) in rule:
            sp.ruled = "exact"
        else:
            k = _bisect_left(rule_starts, (sp.start, -1))
            around = any(s <= sp.start and sp.end <= e and (s, e) != (sp.start, sp.end) for s, e in rule_starts[max(0, k - 8):k + 1])
            inside = any(sp.start <= s and e <= sp.end for s, e in rule_starts[k:k + 8] if s < sp.end)
            overlap = any(s < sp.end and sp.start < e for s, e in rule_starts[max(0, k - 8):k + 8])
            sp.ruled = "around" if around else "inside" if inside else "overlap" if overlap else "none"
        f += [f"rule={sp.ruled}", f"rule={sp.ruled}|len={min(len(cw), 3)}"]
        sp.features = f
    return out


def _bisect_left(xs, x) -> int:
    import bisect

    return bisect.bisect_left(xs, x)


def analysis_spans(a) -> list[Span]:
    """The candidate spans of an :class:`~kingmaker.extract.context.Analysis` (the rules' run over a text)."""
    return spans(a.text, [(m.start, m.end) for m in a.mentions if m.end > m.start],
                 {s.start for s in a.sentences})


@lru_cache(maxsize=4)
def load_model(path: str = str(MODEL_PATH)) -> dict:
    """``{"weights": {feature: w}, "bias": b, "threshold": p}`` — see ``bench/train_extract_names.py``."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def probability(sp: Span, model: dict) -> float:
    w = model["weights"]
    z = model["bias"] + sum(w.get(f, 0.0) for f in sp.features)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def propose(candidates: list[Span], model: dict, threshold: float | None = None) -> list[tuple[Span, float]]:
    """The spans at or above the threshold, best first, none overlapping a better one."""
    th = model["threshold"] if threshold is None else threshold
    scored = sorted(((probability(sp, model), sp) for sp in candidates), key=lambda x: (-x[0], x[1].start, -x[1].end))
    taken: list[tuple[Span, float]] = []
    for p, sp in scored:
        if p < th:
            break
        if any(sp.start < t.end and t.start < sp.end for t, _ in taken):
            continue
        taken.append((sp, p))
    return taken


def add_to_index(index, proposed: list[tuple[Span, float]]) -> list[str]:
    """Add each proposed name that no rule named in part or whole and the index does not know yet as an actor (kind company, or person after a title;
    source ``learned``), so that the rules read it as they read a case file's actors. Returns the new ids."""
    from kingmaker.extract.evaluate import name_key
    from kingmaker.model.ids import slugify

    taken = {name_key(v) for k in index.known.values() for v in (k.name, *k.variants)}
    new = []
    for sp, _ in sorted(proposed, key=lambda x: x[0].start):
        if sp.ruled != "none":  # the rules named it, or part of it: theirs to read (kind, authority)
            continue
        name = sp.text.strip(" .-&")
        key = name_key(name)
        if len(key) < 2 or key in taken:
            continue
        actor_id = slugify(name)
        if not actor_id or actor_id in index.known:
            continue
        kind = "person" if "after-title" in sp.features else "company"
        index.add(actor_id, kind, name, [name], source="learned")
        taken.add(key)
        new.append(actor_id)
    return new
