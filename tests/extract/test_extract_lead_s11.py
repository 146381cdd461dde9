"""English names with a dotted legal form, and short last paragraphs that mention shares (issue 18, session 11, lead).

Probes with invented names; each failed on main 28b7f69 (and at the session's end before this change), except the
guards marked below."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text
from kingmaker.extract.intake import trim_debris


def _facts(text: str) -> set[tuple[str, str, str]]:
    return {(c.fact_kind, c.holder, c.subject) for c in extract_text(text, lang="en").candidates}


@pytest.mark.parametrize("sentence", [
    "Alpha Inc. acquired Beta Ltd.",
    "Alpha Corp. acquired Beta Ltd. in 2020.",
    "Alpha Inc. has acquired Beta Ltd.",
    "Alpha Inc. acquired Beta GmbH for $2 billion.",
    "Alpha Inc. holds 30 percent of Beta Ltd.",  # guard: the stake rule found it before
    "Alpha Inc acquired Beta Ltd.",  # guard: no dot, found before
])
def test_a_dotted_legal_form_does_not_hide_the_verb_after_the_name(sentence):
    """"Alpha Inc. acquired Beta Ltd." gave nothing: the name was found as "Alpha Inc" and every rule reading the text
    after a name met ". acquired"."""
    assert ("shareholding", "alpha", "beta") in _facts("Deal news\n\n" + sentence + "\n")


def test_a_word_ending_like_a_legal_form_takes_no_dot():
    """Guard: only a whole dotted form ("Inc", "Corp", "Ltd", "S.A") takes the dot; the negation still holds."""
    assert _facts("Deal news\n\nAlpha Corp. did not acquire Beta Ltd.\n") == set()


@pytest.mark.parametrize("paragraph", [
    "Alpha Inc owns 30% of the shares of Beta Ltd.",
    "The following year Alpha Inc sold Beta Ltd.",
])
def test_a_short_last_paragraph_with_shares_or_following_is_prose(paragraph):
    """"share", "follow", "related", "contact" as calls to action are whole words: "shares", "following" are prose
    (before, such a short last paragraph was cut as page furniture, and a one-paragraph text refused)."""
    text = "Deal news\n\n" + paragraph + "\n"
    assert trim_debris(text)[0].endswith(paragraph)


@pytest.mark.parametrize("furniture", ["Share this article", "Follow us on X", "Related articles", "Contact: press office"])
def test_calls_to_action_at_the_end_are_still_cut(furniture):
    """Guard: the trailing calls to action the rule is for are still cut."""
    body = "Alpha Inc owns 30 percent of Beta Ltd, the company said on Monday in a statement to investors."
    assert trim_debris(body + "\n\n" + furniture + "\n")[0] == body
