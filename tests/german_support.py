"""English that must not reach a German reader of the flagship: the rule files' English labels (level
names, conditions, findings) whose German differs, the screening rules' English titles and wordings, and the flagship's event titles as written in English.
Used by the CLI/report/API check (tests/report/test_readable_outputs.py) and the explorer's
(tests/web/test_web_story.py)."""
from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from kingmaker.data import FLAGSHIP_CASE

RULES = Path(__file__).resolve().parents[1] / "src" / "kingmaker" / "assess" / "rules"


def english_rule_strings() -> set[str]:
    """Every English label in the rule files whose German differs, of two words or more, less those a German
    label quotes on purpose ("wesentlicher Einfluss (material influence)")."""
    found: set[str] = set()
    german: list[str] = []

    def walk(x):
        if isinstance(x, dict):
            if isinstance(x.get("en"), str) and isinstance(x.get("de"), str) and x["en"] != x["de"]:
                found.add(x["en"])
                german.append(x["de"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    for path in RULES.glob("*.yaml"):
        walk(YAML(typ="safe").load(path.read_text(encoding="utf-8")))
    return {s for s in found if len(s.split()) >= 2 and not any(s in g for g in german)}


SCREENING_RULES = Path(__file__).resolve().parents[1] / "src" / "kingmaker" / "analysis" / "screening" / "rules.yaml"


def english_screening_strings() -> set[str]:
    """The screening rules' English texts a reader sees (title, wording, caution, note), whether the file
    gives them as one English string or as ``{en: …, de: …}``."""
    doc = YAML(typ="safe").load(SCREENING_RULES.read_text(encoding="utf-8"))
    found: set[str] = set()
    for rule in doc["rules"].values():
        for text in [rule.get("title"), rule.get("caution"), rule.get("note")] + [p["wording"] for p in rule["periods"]]:
            if isinstance(text, dict):
                text = text["en"] if text.get("de") != text["en"] else None
            if text:
                found.add(text)
    return found


def english_event_titles() -> set[str]:
    """The flagship's event titles in English, read from the case file whichever way it writes them
    (``title: "…"`` in the case's language, or ``title: {en: "…", de: "…"}``)."""
    doc = YAML(typ="safe").load(Path(FLAGSHIP_CASE).read_text(encoding="utf-8"))
    assert doc["case"].get("language") == "en"
    titles = {e["title"] if isinstance(e["title"], str) else e["title"]["en"] for e in doc["events"]}
    assert len(titles) > 10
    return titles


def english_strings() -> set[str]:
    return english_rule_strings() | english_screening_strings() | english_event_titles()


#: the screening engine's words for statuses and bases, which a German reader must see in German
SCREENING_WORDS = ("certainly", "possibly", "ownership", "listed", "caution", "counted", "note:", "would settle")
