"""Proper nouns by a part-of-speech tagger: German names that no cue word announces ("Erst dieses Frühjahr
stieg AOC … bei Stada ein").

German capitalises every noun, so a capitalised word is no name by itself; the rules in
:mod:`kingmaker.extract.proposals` need a cue (a legal form, an organisation word, a deal's slot). HanTa,
the Hanover Tagger (Wartena 2019, https://github.com/wartaal/HanTa, LGPL-3.0-or-later; its German model
ships inside the PyPI wheel, no download), tags each word of a sentence in context with an STTS part of
speech, ``NE`` for a proper noun. Tagging costs ~20 µs a word, so only sentences that state a deal, a stake
or a decision (:data:`kingmaker.extract.learned.TRIGGERS`) and name fewer than two organisations already are
tagged.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kingmaker.extract.proposals import LEGAL, ORG_WORDS, STOP_FIRST, Proposal

_TOKEN = re.compile(r"\w[\w&.'’-]*\w|\w|[^\w\s]")
NAME_TAGS = {"NE", "FM"}


@lru_cache(maxsize=1)
def _tagger():
    try:
        from HanTa import HanoverTagger
    except ImportError:  # pragma: no cover - a declared dependency; without it no tagged names
        return None
    return HanoverTagger.HanoverTagger("morphmodel_ger.pgz")


def available() -> bool:
    return _tagger() is not None


def tag(sentence: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, word, STTS tag)`` for each token of ``sentence`` (offsets into it)."""
    tagger = _tagger()
    toks = [(m.start(), m.end(), m.group(0).rstrip(".") if m.group(0)[:-1].isalpha() and m.group(0).endswith(".") else m.group(0))
            for m in _TOKEN.finditer(sentence)]
    if tagger is None or not toks:
        return []
    tags = tagger.tag_sent([w for _, _, w in toks], taglevel=0)
    return [(s, s + len(w), w, t) for (s, _, w), t in zip(toks, tags)]


def tagged_names(text: str, sentences: list[tuple[int, int]]) -> list[Proposal]:
    """Runs of proper nouns (with a legal form or organisation word after them) in the sentences at
    ``sentences`` (absolute start, end), as company proposals."""
    out = []
    for start, end in sentences:
        toks = tag(text[start:end])
        k = 0
        while k < len(toks):
            if toks[k][3] not in NAME_TAGS or not toks[k][2][:1].isupper():
                k += 1
                continue
            j = k + 1
            while j < len(toks) and (toks[j][3] in NAME_TAGS and toks[j][2][:1].isupper()
                                     or toks[j][2] in LEGAL or toks[j][2] in ORG_WORDS):
                j += 1
            words = [w for _, _, w, _ in toks[k:j]]
            s, e = start + toks[k][0], start + toks[j - 1][1]
            k = j
            if words[0] in STOP_FIRST or len(words) == 1 and len(words[0]) < 3:
                continue
            out.append(Proposal(s, e, text[s:e], "company", "actor.tagged-proper-noun", 0.5))
    return out
