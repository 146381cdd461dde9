"""Precision and recall of the extractor against gold annotations (tests/data/extract/*.gold.yaml).

A candidate matches a gold fact when the kinds agree (``officer``, ``event:removal``,
``claim:prediction``), holder and subject agree (claims: not compared — the author is metadata and
"about" is fuzzy), and one of the candidate's sentences overlaps one of the gold fact's quotes.
Precision per kind = matching candidates / candidates; recall = gold facts matched / gold facts.

Ends agree when the gold id (or one of a list of ids: names the text uses for the same party) equals the
candidate's actor id or the slug of one of that actor's names, legal form left off — so a gold file
written for real text without a store ("microsoft", "behr-industry") scores an extraction whatever ids
the store or the gazetteer gives: ``Microsoft Corporation`` and ``Behr Industry GmbH & Co KG`` agree.
A gold file may list ``unscored`` fact kinds its annotators did not annotate (the real sets: predictions);
candidates of those kinds are then left out of precision.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from kingmaker.errors import UserError
from kingmaker.extract.actors import ActorIndex
from kingmaker.extract.candidates import Candidate
from kingmaker.extract.pipeline import Extraction, extract_file
from kingmaker.model.ids import slugify

ROOT = Path(__file__).resolve().parents[3]
GOLD_DIR = ROOT / "tests" / "data" / "extract"
SHARED = (ROOT / ".." / "shared").resolve()


@dataclass
class Gold:
    name: str
    text_path: Path
    actors_path: Path | None
    lang: str
    debris_starts: str | None
    facts: list[dict]
    unscored: tuple[str, ...] = ()


@dataclass
class Score:
    candidates: int = 0
    correct: int = 0
    gold: int = 0
    found: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.candidates if self.candidates else None

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


@dataclass
class Report:
    name: str
    lang: str
    by_kind: dict[str, Score] = field(default_factory=dict)
    missed: list[dict] = field(default_factory=list)
    wrong: list[Candidate] = field(default_factory=list)
    debris_candidates: int = 0

    @property
    def total(self) -> Score:
        t = Score()
        for s in self.by_kind.values():
            t.candidates += s.candidates
            t.correct += s.correct
            t.gold += s.gold
            t.found += s.found
        return t


def load_gold(path: Path) -> Gold | None:
    """Read a gold file; ``None`` when its text lives in ../shared and that is absent."""
    doc = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    text = doc["text"]
    if "shared" in text:
        text_path = SHARED / text["shared"]
        if not text_path.exists():
            return None
    else:
        text_path = path.parent / text["file"]
    actors = doc.get("actors") or {}
    actors_path = ROOT / actors["case"] if "case" in actors else path.parent / actors["file"] if actors else None
    return Gold(path.name.removesuffix(".gold.yaml"), text_path, actors_path, doc["lang"], doc.get("debris_starts"),
                doc["facts"], tuple(doc.get("unscored") or ()))


def _spans(text: str, quotes: list[str], where: str) -> list[tuple[int, int]]:
    out = []
    for q in quotes:
        i = text.find(q)
        if i < 0:
            raise ValueError(f"{where}: gold quote not in the extracted text: {q!r}")
        out.append((i, i + len(q)))
    return out


def name_key(name: str) -> str:
    """``"Behr Industry GmbH & Co KG"``, ``"behr-industry"`` → ``"behrindustry"``; ß → ss."""
    from kingmaker.extract.actors import LEGAL_SUFFIX

    name = re.sub(LEGAL_SUFFIX, "", name.strip()).strip() or name
    return slugify(name.replace("ß", "ss")).replace("-", "")


def _keys(actor: str | None, names: dict[str, list[str]]) -> set[str]:
    if actor is None:
        return set()
    return {name_key(actor)} | {name_key(n) for n in names.get(actor, ())}


def _agree(gold, actor: str | None, names: dict[str, list[str]]) -> bool:
    wanted = gold if isinstance(gold, list) else [gold]
    keys = _keys(actor, names)
    return any(name_key(g) in keys for g in wanted)


def matches(c: Candidate, fact: dict, spans: list[tuple[int, int]], names: dict[str, list[str]] | None = None) -> bool:
    if c.fact_kind != fact["kind"]:
        return False
    if not fact["kind"].startswith("claim:"):
        names = names or {}
        if not (_agree(fact["holder"], c.holder, names) and _agree(fact["subject"], c.subject, names)):
            return False
    return any(q.start < e and s < q.end for q in c.quotes for s, e in spans)


def score(ex: Extraction, gold: Gold) -> Report:
    rep = Report(gold.name, ex.lang)
    spans = [_spans(ex.text, f["quotes"], f"{gold.name} {f['kind']}") for f in gold.facts]
    by = defaultdict(Score)
    names = ex.names
    cands = [c for c in ex.candidates if c.fact_kind not in gold.unscored]
    for f, sp in zip(gold.facts, spans):
        by[f["kind"]].gold += 1
        if any(matches(c, f, sp, names) for c in cands):
            by[f["kind"]].found += 1
        else:
            rep.missed.append(f)
    for c in cands:
        by[c.fact_kind].candidates += 1
        if any(matches(c, f, sp, names) for f, sp in zip(gold.facts, spans)):
            by[c.fact_kind].correct += 1
        else:
            rep.wrong.append(c)
    if gold.debris_starts:
        cut = ex.text.find(gold.debris_starts)
        rep.debris_candidates = 0 if cut < 0 else sum(1 for c in ex.candidates if c.quotes[-1].end > cut)
    rep.by_kind = dict(sorted(by.items()))
    return rep


def evaluate_file(path: Path) -> Report | None:
    gold = load_gold(path)
    if gold is None:
        return None
    index = ActorIndex.from_case_file(gold.actors_path) if gold.actors_path else ActorIndex()
    return score(extract_file(gold.text_path, gold.lang, index), gold)


LATER_FROZEN = {"s7-": "session 7", "s8-": "session 8", "s10-": "session 10", "s11-": "session 11"}
"""Texts sealed into ``real/frozen`` after its original fifteen, by file-name prefix → the part they belong to.
Each part is reported apart (bench_extract): pooling them would change the original set's figures, which
earlier sessions reported and the regression floor pins."""


def frozen_part(path: Path) -> str:
    """``"original"`` for the fifteen texts frozen in issue 18, else the part a later session sealed it in:
    ``frozen_part(Path("s7-bgh-x.gold.yaml")) == "session 7"``, ``frozen_part(Path("s8-ogh-x.gold.yaml")) == "session 8"``,
    ``frozen_part(Path("s10-bka-x.gold.yaml")) == "session 10"``, ``frozen_part(Path("s11-ec-x.gold.yaml")) == "session 11"``."""
    return next((part for prefix, part in LATER_FROZEN.items() if path.name.startswith(prefix)), "original")


def refuse_frozen(*directories: Path) -> None:
    """Refuse to train on the sealed test part: a :class:`~kingmaker.errors.UserError` naming the folder when one of
    ``directories`` (or a gold file in it, through a link) lies in a ``frozen`` folder. Trainers call it before
    reading anything (an ``assert`` is dropped by ``python -O``)."""
    for d in directories:  # the folder first: a frozen one is not even listed
        if "frozen" in d.resolve().parts or d.is_dir() and any("frozen" in p.resolve().parts for p in d.glob("*.gold.yaml")):
            raise UserError(f"{d}: the frozen test part is never read for training or tuning (issue 18); train on the "
                            f"development folders (tests/data/extract/real/dev*) only")


def gold_files(gold_dir: Path = GOLD_DIR, part: str | None = None) -> list[Path]:
    """The gold files of a folder, optionally only those of one frozen part (:func:`frozen_part`)."""
    return [p for p in sorted(gold_dir.glob("*.gold.yaml")) if part is None or frozen_part(p) == part]


def evaluate_all(gold_dir: Path = GOLD_DIR, part: str | None = None) -> list[Report]:
    return [r for p in gold_files(gold_dir, part) if (r := evaluate_file(p)) is not None]


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def markdown(reports: list[Report]) -> str:
    """Per-text totals, then per-kind scores over all texts."""
    lines = ["| text | lang | candidates | correct | gold facts | found | precision | recall | from debris |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in reports:
        t = r.total
        lines.append(f"| {r.name} | {r.lang} | {t.candidates} | {t.correct} | {t.gold} | {t.found} | "
                     f"{_f(t.precision)} | {_f(t.recall)} | {r.debris_candidates} |")
    kinds: dict[str, Score] = defaultdict(Score)
    for r in reports:
        for k, s in r.by_kind.items():
            agg = kinds[k]
            agg.candidates += s.candidates
            agg.correct += s.correct
            agg.gold += s.gold
            agg.found += s.found
    lines += ["", "| fact kind (all texts) | candidates | correct | gold | found | precision | recall |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for k, s in sorted(kinds.items()):
        lines.append(f"| {k} | {s.candidates} | {s.correct} | {s.gold} | {s.found} | {_f(s.precision)} | {_f(s.recall)} |")
    return "\n".join(lines)


@dataclass
class NameRecall:
    """How many gold parties the extractor proposes as actors at all: the ceiling for recall that names set."""

    parties: int = 0
    anywhere: int = 0  # proposed as an actor somewhere in the text (any of the party's gold ids)
    in_quote: int = 0  # proposed inside the sentences of one of the fact's quotes
    missed: list[tuple[str, str, str, object]] = field(default_factory=list)  # (text, kind, role, gold ids) never proposed


def name_recall(gold_dir: Path, lang: str | None = None) -> NameRecall:
    """For each gold fact that is no claim, whether its holder and subject are proposed as actors (by any of the gold's
    ids for the party) anywhere in the text and in the quoted sentences. Misses of names, not of rules: a fact cannot be
    found when a party is never named (issue 18, session 8)."""
    out = NameRecall()
    for path in gold_files(gold_dir):
        gold = load_gold(path)
        if gold is None or lang is not None and gold.lang != lang:
            continue
        index = ActorIndex.from_case_file(gold.actors_path) if gold.actors_path else ActorIndex()
        ex = extract_file(gold.text_path, gold.lang, index)
        a = ex.analysis
        names = {i: [k.name, *k.variants] for i, k in a.index.known.items()}
        for f in gold.facts:
            if f["kind"].startswith("claim:"):
                continue
            spans = _spans(ex.text, f["quotes"], f"{gold.name} {f['kind']}")
            bounds = [(s.start, s.end) if s else (x, y) for x, y in spans for s in [a.sentence_at(x)]]
            for role in ("holder", "subject"):
                if f.get(role) is None:
                    continue
                out.parties += 1
                found = [m for m in a.mentions if _agree(f[role], m.actor, names)]
                out.anywhere += bool(found)
                out.in_quote += any(s < m.end and m.start < e for m in found for s, e in bounds)
                if not found:
                    out.missed.append((gold.name, f["kind"], role, f[role]))
    return out
