"""Vocabulary declared once inside kingmaker.extract (issue 18, session-6 review leftovers, session 7): the shared
word lists sit at the bottom of the package, where every module reads them."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

import kingmaker.extract.lexicon as lexicon


def _extract_imports(module) -> list[str]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    return [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
            and n.module.startswith("kingmaker.extract")]


def test_the_lexicon_reads_no_other_extract_module():
    """lexicon imported TYPE_HEADS from coreference (inside a function): a word list reached up into the epithet
    resolver. The type nouns now live in the lexicon, which imports nothing else from kingmaker.extract."""
    assert _extract_imports(lexicon) == []
    from kingmaker.extract import coreference

    assert coreference.TYPE_HEADS is lexicon.TYPE_HEADS


def _sources_naming(word: str, package: str = "kingmaker.extract") -> list[str]:
    """The modules of ``package`` whose code (not docstrings: bare string statements) contains ``word``."""
    import importlib

    root = Path(importlib.import_module(package).__file__).parent
    out = []
    for p in sorted(root.rglob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
        if any(isinstance(n, ast.Constant) and isinstance(n.value, str) and word in n.value and id(n) not in docs
               for n in ast.walk(tree)):
            out.append(str(p.relative_to(root)))
    return out


def test_owner_nouns_are_declared_once():
    """The owner nouns (Aktionär, Anteilseigner, Gesellschafter, Eigentümer, Eigner) were written out four times with
    different members and endings (rules_deals, proposals, rules_relations twice); now only the lexicon spells them."""
    assert _sources_naming("Anteilseigner") == ["lexicon.py"]
    assert _sources_naming("Kapitalgeber") == ["lexicon.py"]


@pytest.mark.parametrize("text,fact", [
    # the biggest-holder rule knew no "Eigentümerin"
    ("Die Quillon GmbH sammelt Geld ein. Die Nordwind Capital bleibt mit 30 Prozent größte Eigentümerin.",
     ("shareholding", "nordwind-capital", "quillon")),
    # the seller rule knew "Mehrheitseigner" but no "Mehrheitsaktionär"
    ("Die Velmar AG hat die Quillon GmbH von dem bisherigen Mehrheitsaktionär, der Nordwind Capital, übernommen.",
     ("shareholding", "nordwind-capital", "quillon")),
])
def test_every_owner_rule_knows_every_owner_noun(text, fact):
    from kingmaker.extract import extract_text

    assert fact in {(c.kind, c.holder, c.subject) for c in extract_text(text, lang="de").candidates}


# -- legal forms (model/legal_forms.yaml) ------------------------------------------------------------------


def test_legal_forms_are_declared_once():
    """The legal forms were written out three times (model/ids.LEGAL_SUFFIX, proposals.LEGAL, proposals._LEGAL_TAIL)
    and had drifted apart; now no Python source spells one."""
    for form in ("GesmbH", "Kft", "KGaA", "Oyj"):
        assert _sources_naming(form, "kingmaker") == [], form


def test_every_view_knows_every_declared_form():
    import re

    from kingmaker.extract import proposals
    from kingmaker.model.legal_forms import LEGAL_SUFFIX
    from kingmaker.model.legal_forms import FORMS

    for form in FORMS:
        for spelling in form.spellings:
            assert re.fullmatch(proposals._LEGAL_TAIL, " " + spelling), spelling
            if form.in_name:
                assert re.sub(LEGAL_SUFFIX, "", "Vardex " + spelling) == "Vardex " + spelling, spelling
                continue
            assert re.sub(LEGAL_SUFFIX, "", "Vardex " + spelling) == "Vardex", spelling
            if " " not in spelling:
                assert spelling in proposals.LEGAL, spelling


@pytest.mark.parametrize("text,mention", [
    # "Plc" was a legal word of the proposer but no legal suffix: the short name "Velmar" found no actor
    ("Die Velmar Plc übernimmt die Quillon GmbH. Velmar zahlt 10 Millionen Euro.", ("Velmar", "velmar")),
    # "B.V." kept in the actor's id (the mention takes the form's closing dot since session 11: "Quillon B.V.")
    ("Die Kommission genehmigt den Erwerb der Quillon B.V. durch die Velmar AG.", ("Quillon B.V.", "quillon")),
])
def test_a_legal_form_is_left_off_the_short_name(text, mention):
    from kingmaker.extract import extract_text

    assert mention in {(m.surface, m.actor) for m in extract_text(text, lang="de").mentions}


def test_a_malformed_legal_form_names_its_file_and_entry(tmp_path):
    from kingmaker.model.legal_forms import read_forms

    bad = tmp_path / "legal_forms.yaml"
    bad.write_text("forms:\n  - {spellings: [AG]}\n  - {spelling: [GmbH]}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"legal_forms.yaml: forms\[1\]: unknown field"):
        read_forms(bad)


@pytest.mark.parametrize("text,holder,subject", [
    # a legal form with an inner capital ("GmbH") was taken for a name marked by its capitals: "GmbH & Co. KG"
    ("Die Quillon GmbH & Co. KG erwirbt die Kestrel AG.", "quillon", "kestrel"),
    ("Die E. Brost & J. Funke GmbH & Co. KG hält 50 Prozent an der Velmar GmbH.", "funke", "velmar"),
])
def test_a_partnership_with_a_company_as_partner_keeps_its_name(text, holder, subject):
    from kingmaker.extract import extract_text

    result = extract_text(text, lang="de")
    assert not [m for m in result.mentions if m.surface.startswith("GmbH")]
    assert (holder, subject) in {(c.holder, c.subject) for c in result.candidates if c.kind == "shareholding"}
