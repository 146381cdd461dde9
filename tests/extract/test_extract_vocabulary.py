"""Vocabulary declared once inside kingmaker.extract (issue 18, session-6 review leftovers, session 7): the shared
word lists sit at the bottom of the package, where every module reads them."""
from __future__ import annotations

import ast
from pathlib import Path

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
