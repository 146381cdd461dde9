"""The one declaration of relation kinds (model/relation_kinds.yaml) and the tables derived from it."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import kingmaker
from kingmaker.model import ATTRS_BY_KIND, RelationKind
from kingmaker.model import kinds
from kingmaker.model.kinds import KINDS, _read

SRC = Path(kingmaker.__file__).parent


def test_every_kind_is_declared_once_with_an_attribute_model():
    assert list(KINDS) == list(RelationKind)
    assert set(ATTRS_BY_KIND) == set(RelationKind)
    for spec in KINDS.values():
        assert spec.family in kinds.FAMILIES
        assert spec.label["en"] and spec.label["de"]


def test_bods_interest_codes_are_the_codelist():
    from kingmaker.io.bods.schema import SCHEMA_DIR

    with open(SCHEMA_DIR / "codelists" / "interestType.csv", encoding="utf-8") as fh:
        codes = {row["code"] for row in csv.DictReader(fh)}
    assert set(kinds.BODS_INTEREST_KINDS) == codes
    for kind in kinds.BODS_EXPORT_INTEREST.values():
        assert kind in codes


def test_ftm_schemata_exist_in_followthemoney():
    from followthemoney import model

    for spec in KINDS.values():
        if spec.kind.value == "absence":  # a negative fact is not a tie: nothing is exported for it
            assert spec.ftm is None
            continue
        assert model.get(spec.ftm) is not None, spec.ftm


def test_derived_tables_are_not_written_out_again():
    """The old per-module tables are the declaration's, by identity."""
    from kingmaker.analysis import structure
    from kingmaker.analysis.ownership import graph
    from kingmaker.api import graph as api_graph
    from kingmaker.io import edges_csv, gleif
    from kingmaker.io.bods import reader, writer
    from kingmaker.model import relation

    assert relation.SHARE_KINDS is kinds.SHARE_KINDS
    assert graph.OWNERSHIP_KINDS is kinds.OWNERSHIP_KINDS
    assert structure.CONTROL_KINDS is kinds.CONTROL_KINDS
    assert edges_csv.EDGE_KINDS is kinds.EDGE_KINDS
    assert reader.INTEREST_KINDS is kinds.BODS_INTEREST_KINDS
    assert gleif.RELATIONSHIP_KINDS is kinds.GLEIF_RELATIONSHIP_KINDS
    assert writer.KIND_INTEREST is kinds.BODS_EXPORT_INTEREST
    assert api_graph.CATEGORY is kinds.FAMILY
    names = r"\b(OWNERSHIP_KINDS|CONTROL_KINDS|SHARE_KINDS|EDGE_KINDS|INTEREST_KINDS|_EDGE_FOR_KIND)\s*(:[^=]*)?=\s*[\[({]"
    written = [f"{p}:{i}" for p in SRC.rglob("*.py") for i, line in enumerate(p.read_text().splitlines(), 1)
               if re.search(names, line)]
    assert written == []


def test_a_kind_without_a_declaration_is_refused(tmp_path):
    text = kinds.DECLARATION.read_text(encoding="utf-8")
    cut = text[: text.index("\nveto_right:")] + text[text.index("\nofficer:"):]
    (tmp_path / "k.yaml").write_text(cut, encoding="utf-8")
    with pytest.raises(ValueError, match="veto_right"):
        _read(tmp_path / "k.yaml")
    (tmp_path / "f.yaml").write_text(text.replace("family: board", "family: boardroom"), encoding="utf-8")
    with pytest.raises(ValueError, match="board_seat.family"):
        _read(tmp_path / "f.yaml")


def test_labels_in_both_languages():
    assert kinds.label("board_seat", "de") == "Sitz im Leitungsorgan"
    assert kinds.label(RelationKind.voting_rights) == "voting rights"
