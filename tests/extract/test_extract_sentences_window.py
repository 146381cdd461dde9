"""The sentence splitter looks only a short way back from each dot (``sentences._LOOK_BACK``) to decide whether the
dot ends an abbreviation; before, it searched the whole paragraph up to the dot, which made a one-paragraph text
quadratic. These tests check that the window changes no split: on every real development text, on those texts run
together into one paragraph, and at the window's edges."""
from __future__ import annotations

from pathlib import Path

import pytest

from kingmaker.extract import sentences
from kingmaker.extract.sentences import split_sentences

REAL = Path(__file__).resolve().parents[1] / "data" / "extract" / "real"
DEV_TEXTS = sorted(p for d in ("dev", "dev-s7", "dev-s8") for p in (REAL / d).glob("*.txt"))


def _unbounded(monkeypatch, text: str, lang: str):
    with monkeypatch.context() as m:
        m.setattr(sentences, "_LOOK_BACK", 10**9)
        return split_sentences(text, lang)


@pytest.mark.parametrize("path", DEV_TEXTS, ids=lambda p: p.name)
def test_the_window_splits_every_dev_text_as_the_whole_paragraph_did(monkeypatch, path):
    text = path.read_text(encoding="utf-8")
    lang = "de" if ".de." in path.name else "en"
    assert split_sentences(text, lang) == _unbounded(monkeypatch, text, lang)
    one_paragraph = text.replace("\n", " ")
    assert split_sentences(one_paragraph, lang) == _unbounded(monkeypatch, one_paragraph, lang)


@pytest.mark.parametrize("lead", range(sentences._LOOK_BACK - 6, sentences._LOOK_BACK + 3))
def test_abbreviations_and_long_words_at_the_window_edge(monkeypatch, lead):
    filler = "x" * lead
    for text in (f"{filler} z. B. Die Quillon GmbH hält 30 Prozent.",
                 f"Die {filler}. Die Quillon GmbH hält 4. März 30 Prozent.",
                 f"Am 4. März erwarb {filler}. Sie hält 30 Prozent.",
                 f"{'ab' * lead}.Dr. Quillon kaufte. Prof. Y verkaufte."):
        assert split_sentences(text, "de") == _unbounded(monkeypatch, text, "de")
    assert len(split_sentences(f"{filler} z. B. Die Quillon GmbH hält 30 Prozent.", "de")) == 1
