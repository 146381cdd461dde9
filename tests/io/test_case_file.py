"""Case-file reading: every error names file, line and field and suggests a fix; warnings load."""
import textwrap

import pytest

from kingmaker.errors import InvalidInput
from kingmaker.io.case_yaml import read_case

GOOD = """\
case: {id: tiny, title: Tiny case}
sources:
  - {id: s1, title: Register extract, date: 2024-01-05}
evidence:
  - {id: e1, source: s1, quote: "A holds 60 %", reliability: primary}
actors:
  - {id: a, kind: company, name: A Ltd}
  - {id: b, kind: company, name: B Ltd}
  - {id: p, kind: person, name: Pat}
relations:
  - id: a-b
    kind: shareholding
    holder: a
    subject: b
    share: 60
    from: 2020-01-01
    evidence: [e1]
  - id: p-a
    kind: board_seat
    holder: p
    subject: a
    role: chair
    evidence: [e1]
events:
  - id: ev1
    date: 2022-06-30
    kind: removal
    title: Pat removed as chair
    actors: [p, a]
    closes: [p-a]
    evidence: [e1]
"""


def write(tmp_path, text, name="case.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path, text):
    path = write(tmp_path, text)
    with pytest.raises(InvalidInput) as info:
        read_case(path)
    return path, info.value.problems


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_good_case_reads_and_events_set_validity(tmp_path):
    result = read_case(write(tmp_path, GOOD))
    rels = {r.id: r for r in result.case.relations}
    assert str(rels["p-a"].valid_to) == "2022-06-30" and rels["p-a"].ended_by == "ev1"
    assert result.warnings == []


def test_unknown_actor_names_line_and_suggests(tmp_path):
    text = GOOD.replace("holder: p\n", "holder: pat\n")
    path, probs = problems(tmp_path, text)
    (p,) = [p for p in probs if p.severity == "error"]
    assert p.file == str(path) and p.line == line_of(text, "holder: pat") and p.field == "holder"
    assert "unknown actor 'pat'" in p.message and "'p'" in p.hint and p.record == "p-a"
    assert f"{path}:{p.line}" in str(p)


def test_share_of_140(tmp_path):
    text = GOOD.replace("share: 60", "share: 140")
    _, probs = problems(tmp_path, text)
    assert [(p.field, p.line) for p in probs] == [("share", line_of(text, "share: 140"))]
    assert "outside 0–100" in probs[0].message


def test_bad_date(tmp_path):
    text = GOOD.replace("from: 2020-01-01", "from: 2020-02-31")
    _, probs = problems(tmp_path, text)
    assert probs[0].field == "from" and probs[0].line == line_of(text, "from: 2020-02-31")


def test_end_before_start(tmp_path):
    text = GOOD.replace("from: 2020-01-01", "from: 2020-01-01\n    to: 2019-12-31")
    _, probs = problems(tmp_path, text)
    assert "before it starts" in probs[0].message and probs[0].record == "a-b"


def test_event_date_conflicts_with_relation_date(tmp_path):
    text = GOOD.replace("role: chair", "role: chair\n    to: 2022-07-01")
    _, probs = problems(tmp_path, text)
    assert "disagrees with event 'ev1'" in probs[0].message


def test_missing_kind_attribute(tmp_path):
    text = GOOD.replace("    role: chair\n", "")
    _, probs = problems(tmp_path, text)
    assert probs[0].field == "role" and probs[0].hint == "add this field"


def test_unknown_field_is_an_error_with_hint(tmp_path):
    text = GOOD.replace("role: chair", "role: chair\n    rôle: chair")
    _, probs = problems(tmp_path, text)
    assert probs[0].field == "rôle" and "spelling" in probs[0].hint


def test_voting_rights_over_100_percent(tmp_path):
    text = GOOD + """\
  - {id: v1, kind: voting_rights, holder: a, subject: b, share: 70, evidence: [e1]}
  - {id: v2, kind: voting_rights, holder: p, subject: b, share: 40, from: 2021-01-01, evidence: [e1]}
""".replace("  - {id: v1", "  - {id: v1", 1)
    # relations must be inside the relations section: rebuild the file with them there
    text = GOOD.replace("events:", "  - {id: v1, kind: voting_rights, holder: a, subject: b, share: 70, evidence: [e1]}\n"
                        "  - {id: v2, kind: voting_rights, holder: p, subject: b, share: 40, from: 2021-01-01, evidence: [e1]}\n"
                        "events:")
    _, probs = problems(tmp_path, text)
    assert "add up to at least 110" in probs[0].message and "2021-01-01" in probs[0].message


def test_voting_rights_that_do_not_overlap_in_time_are_fine(tmp_path):
    text = GOOD.replace("events:", "  - {id: v1, kind: voting_rights, holder: a, subject: b, share: 70, to: 2021-01-01, evidence: [e1]}\n"
                        "  - {id: v2, kind: voting_rights, holder: p, subject: b, share: 40, from: 2021-01-01, evidence: [e1]}\n"
                        "events:")
    assert len(read_case(write(tmp_path, text)).case.relations) == 4


def test_all_problems_reported_at_once(tmp_path):
    text = GOOD.replace("holder: p\n", "holder: nobody\n").replace("share: 60", "share: 140").replace(
        "source: s1", "source: s9")
    _, probs = problems(tmp_path, text)
    assert {p.field for p in probs} >= {"holder", "share", "source"}


def test_duplicate_ids(tmp_path):
    text = GOOD.replace("- {id: b, kind: company", "- {id: a, kind: company")
    _, probs = problems(tmp_path, text)
    assert any("duplicate actors id 'a'" in p.message for p in probs)


def test_yaml_syntax_error_has_line(tmp_path):
    _, probs = problems(tmp_path, GOOD.replace("  - {id: p, kind: person, name: Pat}", "  - {id: p, kind: [person"))
    assert probs[0].line is not None and "YAML syntax" in probs[0].message


def test_missing_evidence_is_a_warning(tmp_path):
    text = GOOD.replace("    evidence: [e1]\n  - id: p-a", "  - id: p-a")
    result = read_case(write(tmp_path, text))
    assert [w.record for w in result.warnings] == ["a-b"] and result.warnings[0].severity == "warning"


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("Pat", "Pätrick").encode("latin-1"))
    with pytest.raises(InvalidInput, match="not UTF-8"):
        read_case(path)


def test_references_to_actors_already_in_the_store(tmp_path):
    text = GOOD.replace("holder: p\n", "holder: zed\n")
    assert read_case(write(tmp_path, text), known_actors={"zed"}).case


def test_event_titles_per_language_with_a_visible_fallback(tmp_path):
    """``title: {en: …, de: …}`` gives a reader each language's title; a title given in one language only
    reaches readers of another marked with its language, so that they see it was not translated."""
    both = GOOD.replace("case: {id: tiny, title: Tiny case}", "case: {id: tiny, title: Tiny case, language: en}").replace(
        "title: Pat removed as chair", "title: {en: Pat removed as chair, de: Pat als Vorsitz abberufen}")
    (e,) = read_case(write(tmp_path, both)).case.events
    assert (e.title, e.language) == ("Pat removed as chair", "en")
    assert (e.title_in("en"), e.title_in("de")) == ("Pat removed as chair", "Pat als Vorsitz abberufen")
    one = GOOD.replace("case: {id: tiny, title: Tiny case}", "case: {id: tiny, title: Tiny case, language: en}")
    (e,) = read_case(write(tmp_path, one)).case.events
    assert (e.title_in("en"), e.title_in("de")) == ("Pat removed as chair", "Pat removed as chair [en]")
    (e,) = read_case(write(tmp_path, GOOD)).case.events  # no language stated: nothing to mark it with
    assert e.title_in("de") == "Pat removed as chair"


def test_event_title_mapping_that_is_not_text(tmp_path):
    text = GOOD.replace("title: Pat removed as chair", "title: {en: 3}")
    _, probs = problems(tmp_path, text)
    (p,) = probs
    assert p.record == "ev1" and "one text per language" in p.message and p.line == line_of(text, "- id: ev1")


@pytest.mark.parametrize("written", ['"0,5"', '"12,5 %"'])
def test_a_share_with_a_decimal_comma_says_so(tmp_path, written):
    """``0,5`` (a decimal comma, as German or French write it) was "not a number" with the general hint only;
    an edge list already said to write a point."""
    text = GOOD.replace("share: 60", f"share: {written}")
    _, probs = problems(tmp_path, text)
    assert [(p.field, p.line) for p in probs] == [("share", line_of(text, f"share: {written}"))]
    assert "not a number" in probs[0].message and "not a comma: 0.5, not 0,5" in probs[0].hint
