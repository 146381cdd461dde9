"""`kingmaker extract --against STORE` reads only the actors a text may name (issue 18: a question about one
text touches what it needs), and links exactly as an index over the whole store does."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kingmaker
from kingmaker.cli.app import app
from kingmaker.extract import ActorIndex, extract_file
from kingmaker.extract.evaluate import GOLD_DIR
from kingmaker.store import Store

from conftest import FLAGSHIP

NOISE = 300


def _noise_case(path: Path) -> Path:
    """Many store actors the texts do not name, some sharing a first word or a surname with named ones."""
    lines = ["case: {id: noise, title: Noise}", "actors:"]
    for i in range(NOISE):
        lines.append(f"  - {{id: noise-co-{i}, kind: company, name: Noise Holding {i} GmbH}}")
    lines += ["  - {id: microsoft-ireland, kind: company, name: Microsoft Ireland Operations Limited}",
              "  - {id: other-nadella, kind: person, name: Ravi Nadella}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _texts():
    """The synthetic texts with the actors a user has (their .actors.yaml), never the frozen real set."""
    out = []
    for p in sorted(GOLD_DIR.rglob("*.actors.yaml")):
        if "frozen" in p.parts:
            continue
        stem = p.name.removesuffix(".actors.yaml")
        text = next((t for t in p.parent.glob(stem + ".*") if t.suffix in (".txt", ".html")), None)
        if text is not None:
            out.append((text, p))
    return out


def _signature(ex):
    return (sorted((c.kind, c.holder, c.subject, c.quote.start, repr(sorted(c.attrs.items()))) for c in ex.candidates),
            sorted((a.id, a.name) for a in ex.actors))


@pytest.mark.parametrize("text,actors", _texts()[:4], ids=lambda x: x.name if isinstance(x, Path) else "")
def test_store_lookup_links_as_the_whole_store(tmp_path, text, actors):
    db = tmp_path / "store.duckdb"
    with kingmaker.open(db) as km:
        for case in (FLAGSHIP, actors, _noise_case(tmp_path / "noise.yaml")):
            km.load(case)
    with kingmaker.open(db, read_only=True) as km:
        whole = ActorIndex(km.actors())
        whole.set_relations([r for i in whole.family_members() for r in km.store.relations(actor=i)])
        expected = extract_file(text, "auto", whole)
        got = extract_file(text, "auto", ActorIndex.for_store(km.store))
    assert _signature(got) == _signature(expected)
    assert got.known_actors and len(got.known_actors) < 100  # the named ones and their families, not the store


def test_extract_against_never_reads_every_actor(tmp_path, monkeypatch):
    db = tmp_path / "store.duckdb"
    with kingmaker.open(db) as km:
        km.load(FLAGSHIP)
        km.load(_noise_case(tmp_path / "noise.yaml"))
    read: list[str] = []
    by_id = Store.actors_by_id

    def refuse(self, kind=None):
        raise AssertionError("extract --against read every actor of the store")

    def count(self, ids):
        out = by_id(self, ids)
        read.extend(a.id for a in out)
        return out

    monkeypatch.setattr(Store, "actors", refuse)
    monkeypatch.setattr(Store, "actors_by_id", count)
    text = tmp_path / "a.en.txt"
    text.write_text("Microsoft invested $10 billion in OpenAI in January 2023, Nadella said. Microsoft-Chef Satya "
                    "Nadella declined to comment.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(text), "--against", str(db), "--json", "--date", "2023-01-23"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"microsoft", "satya-nadella"} <= set(data["linked_actors"])
    assert any(c["holder"] == "microsoft" and c["kind"] == "financing" for c in data["candidates"])
    assert "microsoft-ireland" in read and len(set(read)) < 40, sorted(set(read))  # a family, not the store
    assert not any(i.startswith("noise-co-") for i in read)


def test_a_proposed_actor_never_takes_an_unread_store_id(tmp_path):
    db = tmp_path / "store.duckdb"
    case = tmp_path / "c.yaml"
    case.write_text("case: {id: c, title: C}\nactors:\n  - {id: quillon, kind: company, name: Unrelated Name Ltd}\n",
                    encoding="utf-8")
    with kingmaker.open(db) as km:
        km.load(case)
    text = tmp_path / "q.en.txt"
    text.write_text("Corvid Systems Inc. acquired Quillon Inc. for $40 million in March 2024.\n", encoding="utf-8")
    with kingmaker.open(db, read_only=True) as km:
        ex = extract_file(text, "en", ActorIndex.for_store(km.store))
    new = {a.name: a.id for a in ex.actors}
    assert new.get("Quillon Inc") not in (None, "quillon"), new


def test_extract_against_a_fresh_bulk_bods_store_makes_its_name_rows_once(tmp_path, monkeypatch):
    """A store a BODS bulk load just wrote holds its actors' name rows still to be made (schema 9,
    ``actor_names_pending``). ``extract --against`` opened it strictly read-only and computed them for its own
    connection at every run (~6 CPU-s per run at 10⁶ statements; issue 19, session-10 leftover 2); it now opens it
    as every reading command does (``"shared"``), so the first run makes and keeps them and the next ones find them."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io" / "bods"))
    from test_bods_sql_lane import varied_statements, write

    from kingmaker.io.streaming import load_streamed

    monkeypatch.setenv("KINGMAKER_BODS_SQL_MIN_BYTES", "0")
    monkeypatch.setenv("KINGMAKER_BODS_SQL", "1")
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        load_streamed(store, [write(tmp_path / "register.jsonl", varied_statements(20))])

    def pending() -> int:
        with Store(db, read_only=True) as store:
            return store.con.execute("SELECT count(*) FROM actor_names_pending").fetchone()[0]

    assert pending() == 1
    text = tmp_path / "a.en.txt"
    text.write_text("Company 3 Ltd invested $10 billion in Company 6 Ltd in January 2023, a spokesman said.\n",
                    encoding="utf-8")
    outputs = []
    for _ in range(2):
        result = CliRunner().invoke(app, ["extract", str(text), "--against", str(db), "--json", "--date", "2023-01-23"])
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
        assert pending() == 0, "extract --against left the name rows to be computed again by the next run"
    assert outputs[0] == outputs[1] and outputs[0]["linked_actors"], outputs[0]
