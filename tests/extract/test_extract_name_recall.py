"""evaluate.name_recall: how many gold parties the extractor proposes as actors (issue 18, session 8)."""
from __future__ import annotations

from kingmaker.extract.evaluate import name_recall


def test_counts_parties_named_and_lists_those_never_proposed(tmp_path):
    (tmp_path / "t.de.txt").write_text("Die Quillon GmbH hält 20 Prozent an der Kestrel AG. Der Rest ist verkauft.\n",
                                       encoding="utf-8")
    (tmp_path / "t.gold.yaml").write_text(
        "text: {file: t.de.txt}\nlang: de\nfacts:\n"
        "- {kind: shareholding, holder: quillon, subject: kestrel, quotes: ['Die Quillon GmbH hält 20 Prozent']}\n"
        "- {kind: shareholding, holder: [vardex-fonds, vardex], subject: kestrel, quotes: ['Der Rest ist verkauft.']}\n",
        encoding="utf-8")
    r = name_recall(tmp_path)
    assert (r.parties, r.anywhere) == (4, 3)
    assert r.in_quote == 2  # Kestrel is named in the first sentence only
    assert r.missed == [("t", "shareholding", "holder", ["vardex-fonds", "vardex"])]
