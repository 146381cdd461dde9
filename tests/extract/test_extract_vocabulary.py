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


def _sources_naming(word: str) -> list[str]:
    """The extract modules whose code (not docstrings: bare string statements) contains ``word``."""
    import kingmaker.extract as pkg

    out = []
    for p in sorted(Path(pkg.__file__).parent.glob("*.py")):
        tree = ast.parse(p.read_text(encoding="utf-8"))
        docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
        if any(isinstance(n, ast.Constant) and isinstance(n.value, str) and word in n.value and id(n) not in docs
               for n in ast.walk(tree)):
            out.append(p.name)
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
