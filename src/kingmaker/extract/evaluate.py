"""Precision and recall of the extractor against gold annotations (tests/data/extract/*.gold.yaml).

A candidate matches a gold fact when the kinds agree (``officer``, ``event:removal``,
``claim:prediction``), holder and subject agree (claims: not compared — the author is metadata and
"about" is fuzzy), and one of the candidate's sentences overlaps one of the gold fact's quotes.
Precision per kind = matching candidates / candidates; recall = gold facts matched / gold facts.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from kingmaker.extract.actors import ActorIndex
from kingmaker.extract.candidates import Candidate
from kingmaker.extract.pipeline import Extraction, extract_file

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
                doc["facts"])


def _spans(text: str, quotes: list[str], where: str) -> list[tuple[int, int]]:
    out = []
    for q in quotes:
        i = text.find(q)
        if i < 0:
            raise ValueError(f"{where}: gold quote not in the extracted text: {q!r}")
        out.append((i, i + len(q)))
    return out


def matches(c: Candidate, fact: dict, spans: list[tuple[int, int]]) -> bool:
    if c.fact_kind != fact["kind"]:
        return False
    if not fact["kind"].startswith("claim:") and (c.holder, c.subject) != (fact["holder"], fact["subject"]):
        return False
    return any(q.start < e and s < q.end for q in c.quotes for s, e in spans)


def score(ex: Extraction, gold: Gold) -> Report:
    rep = Report(gold.name, ex.lang)
    spans = [_spans(ex.text, f["quotes"], f"{gold.name} {f['kind']}") for f in gold.facts]
    by = defaultdict(Score)
    for f, sp in zip(gold.facts, spans):
        by[f["kind"]].gold += 1
        if any(matches(c, f, sp) for c in ex.candidates):
            by[f["kind"]].found += 1
        else:
            rep.missed.append(f)
    for c in ex.candidates:
        by[c.fact_kind].candidates += 1
        if any(matches(c, f, sp) for f, sp in zip(gold.facts, spans)):
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


def evaluate_all(gold_dir: Path = GOLD_DIR) -> list[Report]:
    return [r for p in sorted(gold_dir.glob("*.gold.yaml")) if (r := evaluate_file(p)) is not None]


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
