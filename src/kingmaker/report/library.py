"""The case library (``cases/library/``): real AI partnerships, Kingmaker's verdicts on them and what
the authorities said, as one table.

The index (``kingmaker/data/library.yaml``) names each case's file, target, holder and date, the verdicts
Kingmaker gives and, where an authority has spoken, its finding. :func:`assess_library` recomputes the
verdicts from a store holding the cases; :func:`render_markdown` tables them (docs/case-library.md).

>>> [e.target for e in load_index()][:2]
['openai-global-llc', 'inflection']
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ruamel.yaml import YAML

from kingmaker.assess.engine import REGIMES, load_regime
from kingmaker.assess.service import assess_snapshot
from kingmaker.data import LIBRARY_DIR, LIBRARY_INDEX


@dataclass(frozen=True)
class LibraryEntry:
    file: str
    target: str
    holder: str
    as_of: date
    expected: dict[str, dict[str, str]]
    authority: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def path(self):
        return LIBRARY_DIR / self.file

    def title(self) -> str:
        doc = YAML(typ="safe").load(self.path.read_text(encoding="utf-8"))
        return str(doc["case"]["title"])


def load_index() -> list[LibraryEntry]:
    doc = YAML(typ="safe").load(LIBRARY_INDEX.read_text(encoding="utf-8"))
    return [LibraryEntry(str(c["file"]), str(c["target"]), str(c["holder"]),
                         c["as_of"] if isinstance(c["as_of"], date) else date.fromisoformat(str(c["as_of"])),
                         {k: dict(v) for k, v in c["kingmaker"].items()},
                         {k: dict(v) for k, v in (c.get("authority") or {}).items()})
            for c in doc["cases"]]


def library_files() -> list:
    return sorted(LIBRARY_DIR.glob("*.yaml"))


def assess_library(snapshot_at, entries: list[LibraryEntry] | None = None) -> list[dict]:
    """Each entry's verdicts, recomputed: ``snapshot_at(day)`` gives the store's snapshot on a day."""
    rows = []
    for e in entries or load_index():
        snap = snapshot_at(e.as_of)
        a = assess_snapshot(snap, e.target, [e.holder])
        got = labelled({v.regime: {"level": v.level, **({"possibly": v.possibly} if v.possibly else {})}
                        for v in a.verdicts})
        rows.append({"file": e.file, "title": e.title(), "target": e.target, "holder": e.holder,
                     "target_name": snap.name(e.target), "holder_name": snap.name(e.holder),
                     "as_of": e.as_of.isoformat(), "kingmaker": got, "expected": e.expected,
                     "authority": e.authority})
    return rows


def labelled(verdicts: dict[str, dict]) -> dict[str, dict]:
    """Verdicts ``{regime: {level, possibly}}`` with the levels' labels (en, de) from the rule files."""
    out = {}
    for regime, v in verdicts.items():
        levels = {lv.id: lv.label for lv in load_regime(regime).levels} if regime in REGIMES else {}
        out[regime] = {**v, "label": dict(levels.get(v["level"], {}))}
        if v.get("possibly"):
            out[regime]["possibly_label"] = dict(levels.get(v["possibly"], {}))
    return out


def _cell(v: dict, regime: str) -> str:
    label = v.get("label", {}).get("en") or load_regime(regime).level_label(v["level"])
    if v.get("possibly"):
        label += f"; possibly: {load_regime(regime).level_label(v['possibly'])}"
    return label


def render_markdown(rows: list[dict]) -> str:
    """The library as a Markdown table: per case and regime, Kingmaker's verdict beside the authority's."""
    out = ["| case | holder → target, date | regime | Kingmaker | authority |", "|---|---|---|---|---|"]
    for r in rows:
        first = True
        for regime in REGIMES:
            said = r["authority"].get(regime)
            auth = f"{said['by']}, {said['date']}: {said['said']}" if said else "—"
            head = (f"[{r['title']}](../cases/library/{r['file']})", f"{r['holder_name']} → {r['target_name']}, {r['as_of']}") \
                if first else ("", "")
            out.append(f"| {head[0]} | {head[1]} | {regime.upper()} | {_cell(r['kingmaker'][regime], regime)} | {auth} |")
            first = False
        for regime, said in r["authority"].items():
            if regime not in REGIMES:
                out.append(f"| | | {regime.upper()} | — | {said['by']}, {said['date']}: {said['said']} |")
    return "\n".join(out) + "\n"
