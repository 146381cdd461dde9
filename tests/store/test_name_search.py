"""Finding actors by a piece of their name, and resolving a name to its actors (issue 19's lookups).

Search (``Store.find_actors``: ``/api/search``, the "did you mean" of an unknown text) finds what a register's
search finds: the start of one of a name's words, not any piece of the name's words run together — the review of
session 6 found ``nam`` answering "Former Adept staff in Amazon's AGI Autonomy team" through "…staffinAmazon…".
The oracle is that definition written out in Python, checked for every actor of real registers (Companies House
PSC, GLEIF Level 1 and 2 under ../shared) and of the flagship case with its library, with texts cut from their
own names: each word's beginning (always found) and pieces from inside words (found only where the definition
says so — the old search found them everywhere).

Resolving a name (``Store.lookup_actors``: ``kingmaker ubo "OpenAI"``) reads only candidate actors now; its
answers are compared with the former query, kept here, for every actor's id, names and identifiers as typed in
other cases, with spaces, and for texts that name nothing.
"""
from __future__ import annotations

import random
import re

import pytest
from typer.testing import CliRunner

from io_support import store_files
from kingmaker.cli import app
from kingmaker.store import Store

runner = CliRunner()
ALL = 10_000  # a limit no store here reaches: every match is returned


@pytest.fixture(scope="module", params=["registers", "flagship"])
def store(request, tmp_path_factory):
    db = tmp_path_factory.mktemp(request.param) / "s.duckdb"
    res = runner.invoke(app, ["load", "--db", str(db), *map(str, store_files(request.param))])
    assert res.exit_code == 0, res.output
    with Store(db, read_only=True) as s:
        yield s


# -- the oracle: what a register's search finds ---------------------------------------------------------
def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text)


def _begins_a_word(name: str, text: str) -> bool:
    """``text``'s words run together begin at the start of one of ``name``'s words (a word also starts at a
    capital after a small letter: "SoftBank"), case ignored."""
    key, starts = "", set()
    for w in _words(name):
        starts |= {len(key)} | {len(key) + i for i in range(1, len(w)) if w[i - 1].islower() and w[i].isupper()}
        key += w
    wanted = "".join(_words(text)).lower()
    return bool(wanted) and any(key.lower().startswith(wanted, s) for s in starts)


def _expected(actors, text: str) -> set[str]:
    """Every actor a search for ``text`` should find: a name or alias, the id's words (``text``'s words whole,
    in order), or an identifier whose compared form (letters and digits, upper case, no leading zeros) begins
    with ``text``'s."""
    words = _words(text)
    id_pattern = re.compile(r"(?:^|[-._:])" + "[-._:]*".join(map(re.escape, words)), re.I) if words else None
    compared = lambda v: re.sub(r"[^0-9A-Z]", "", v.upper()).lstrip("0")  # noqa: E731
    value = compared(text)
    found = set()
    for a in actors:
        if (any(_begins_a_word(n.name, text) for n in a.names) or (id_pattern and id_pattern.search(a.id))
                or (value and any(compared(v).startswith(value) for v in a.identifiers.values()))):
            found.add(a.id)
    return found


def _pieces(actors) -> set[str]:
    """Texts cut from the store's own names: each word's first three letters and the word, and three letters
    from inside each longer word."""
    texts = set()
    for a in actors:
        for n in a.names:
            for w in _words(n.name):
                texts |= {w[:3], w}
                if len(w) >= 5:
                    texts |= {w[1:4], w[2:5]}
    return texts


@pytest.mark.parametrize("in_python", [None, 0, 3])
def test_search_finds_word_starts_not_pieces_across_words(store, monkeypatch, in_python):
    """Candidates are checked in Python up to a number, then in DuckDB (``CHECKED_IN_PYTHON``): all three ways
    of splitting them give the definition's answer, whole and as its first five by id."""
    from kingmaker.store import store as store_module

    if in_python is not None:
        monkeypatch.setattr(store_module, "CHECKED_IN_PYTHON", in_python)
    actors = store.actors()
    texts = sorted(_pieces(actors))
    assert len(texts) > 150
    texts = random.Random(19).sample(texts, 150)  # the same texts each run
    inside = 0
    for text in texts:
        found = {a.id for a in store.find_actors(text, ALL)}
        expected = _expected(actors, text)
        assert found == expected, text
        assert [a.id for a in store.find_actors(text, 5)] == sorted(expected)[:5], text
        inside += any(text.lower() in n.name.lower() for a in actors for n in a.names if a.id not in found)
    assert inside >= 10  # pieces that occur inside names the search rightly passes over


def test_search_as_a_user_types(store):
    if store.actor("amazon-agi-autonomy") is None:  # the flagship's review finding, and what search is for
        pytest.skip("flagship texts")
    find = lambda text: [a.id for a in store.find_actors(text)]  # noqa: E731
    assert "amazon-agi-autonomy" not in find("nam")  # "staff in Amazon": "nAm" only across a word's end
    assert "amazon-agi-autonomy" in find("AGI") and "amazon-agi-autonomy" in find("amazon")
    assert "openai-inc" in find("open ai") and "openai-inc" in find("OPENAI") and "openai-inc" in find("openai-inc")
    assert find("bank") == ["softbank-group"]  # a capital inside a word starts one (SoftBank)
    assert "microsoft" not in find("soft")  # … a small letter does not (Microsoft)
    assert find("q228") == ["microsoft"]  # an identifier's beginning (Wikidata Q2283)
    assert find("%") == find("  ") == []


def test_the_hint_for_a_piece_of_a_word_names_no_actor_it_is_not_in(store):
    import kingmaker

    if store.actor("amazon-agi-autonomy") is None:
        pytest.skip("flagship texts")
    with kingmaker.open(store.path, read_only=True) as km:  # "did you mean" for an unknown text
        assert "amazon-agi-autonomy" not in km.hint_for("nam")
        assert "helen-toner" in km.hint_for("toner")


# -- resolving a name: only candidates read, the answers of the former query --------------------------------
def _former_lookup(store: Store, text: str, limit: int = 20) -> list[str]:
    """``Store.lookup_actors`` as it was (session 6): every actor's names parsed from its record."""
    from kingmaker.model.identity import identifier_value_key

    raw = text.strip()
    value = identifier_value_key(raw)
    rows = store.con.execute(
        """SELECT DISTINCT a.actor_id FROM actors a LEFT JOIN actor_identifiers i USING (actor_id)
           WHERE lower(a.actor_id) = lower(?)
              OR (? <> '' AND i.value_key = ltrim(?, '0'))
              OR lower(a.name) = lower(?)
              OR list_contains(list_transform(from_json(a.data->'$.names', '[{"name": "VARCHAR"}]'),
                                              lambda n: lower(n.name)), lower(?))
           ORDER BY a.actor_id LIMIT ?""", [raw, value, value, raw, raw, limit]).fetchall()
    return [r[0] for r in rows]


def test_a_name_resolves_as_before(store):
    texts = {"%", "—", "???", "", "zzzq nobody", "0"}
    for a in store.actors():
        texts |= {a.id, a.id.upper(), f"  {a.id}  "}
        for n in a.names:
            texts |= {n.name, n.name.upper(), n.name.lower(), n.name.swapcase(), f" {n.name} ",
                      n.name.replace(" ", "")}
        for v in a.identifiers.values():
            texts |= {v, v.lower(), f"00{v}", " ".join(v)}
    compared = found = 0
    for text in random.Random(19).sample(sorted(texts), 250):
        new = [a.id for a in store.lookup_actors(text)]
        assert new == _former_lookup(store, text), text
        compared += 1
        found += bool(new)
    assert compared == 250 and found > 100
