"""Issue 18, session 10 (de23deal): the constructions of German deal news (competition authorities' releases) that the
first unseen measurement of dev-s10 missed, as general rules. Probes with invented names; each failed on the code before
its rule (guards marked)."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text


def _facts(text: str):
    ex = extract_text(text, lang="de")
    return {(c.fact_kind, c.holder, c.subject) for c in ex.candidates}, ex


def _assessments(text: str):
    return [c for c in extract_text(text, lang="de").candidates if c.fact_kind == "claim:assessment"]


# -- 1. the authority's competition finding is a claim:assessment -----------------------------------------------------
RELEASE = "Das Bundeskartellamt hat den Erwerb der Quarnwerk GmbH durch die Velmar AG freigegeben. "


@pytest.mark.parametrize("finding", [
    'Andreas Mundt, Präsident des Bundeskartellamtes, erklärt: "Das Vorhaben ist aus kartellrechtlicher Sicht nicht bedenklich."',
    "Allerdings ist damit keine marktbeherrschende Stellung der Velmar AG verbunden.",
    "Der Zusammenschluss würde zu einer marktbeherrschenden Position der Velmar AG führen.",
    "Das Vorhaben hätte zu einer erheblichen Behinderung des Wettbewerbs auf mehreren Regionalmärkten geführt.",
    "Die Prüfung hat ergeben, dass eine marktbeherrschende Stellung der Velmar AG nicht zu erwarten war.",
    "Der Zusammenschluss führt in keinem Markt zur Begründung oder Verstärkung einer marktbeherrschenden Stellung.",
    "Die Kommission kam zu dem Schluss, dass die Übernahme den wirksamen Wettbewerb nicht erheblich behindern würde.",
    "Die Gründung des Gemeinschaftsunternehmens war wettbewerblich unbedenklich.",
    "Auch in vertikaler Hinsicht ergeben sich keine wettbewerblichen Bedenken.",
    "Das Amt hat festgestellt, dass die Kliniken der Velmar AG und der Stadt Lindenau den Krankenhausmarkt gemeinsam beherrschen.",
])
def test_an_authoritys_competition_finding_is_an_assessment(finding):
    """dev-s10: the gold holds one claim:assessment per text for the authority's stated finding on competition, even
    conditional ("würde … führen", "hätte … geführt"); the rules proposed none (0/10)."""
    found = _assessments(RELEASE + finding)
    assert len(found) == 1, found
    by = "european-commission" if "Kommission" in finding else "bundeskartellamt"
    assert found[0].attrs["assessed_by"] == by
    assert finding.rstrip('."') in found[0].quotes[-1].text or found[0].quotes[-1].text in finding


def test_one_finding_claim_per_authority_and_text():
    """Several sentences of one finding are one claim with several quotes (the gold's convention: one per text)."""
    found = _assessments(RELEASE + "Das Vorhaben ist wettbewerblich unbedenklich. Eine erhebliche Behinderung des "
                                   "Wettbewerbs ist nicht zu erwarten.")
    assert len(found) == 1 and len(found[0].quotes) == 2, found


@pytest.mark.parametrize("text", [  # guards: no finding on the deal at hand
    RELEASE + "Das Gesetz erlaubt, Zusammenschlüsse zu untersagen, die den wirksamen Wettbewerb erheblich behindern würden.",
    RELEASE + "Ein Gutachten soll die Frage klären, ob durch den Zusammenschluss eine marktbeherrschende Stellung entsteht.",
    RELEASE + "Das Amt beantragte wegen der möglichen Begründung einer marktbeherrschenden Stellung eine vertiefte Prüfung.",
    RELEASE + "Die Quarnwerk GmbH wird von der Velmar AG und der Stadt Lindenau gemeinsam beherrscht.",
    RELEASE + "Die Velmar AG ist in vielen Märkten tätig.",
    "Die Velmar AG hat die Quarnwerk GmbH übernommen. Das Vorhaben ist wettbewerblich unbedenklich.",  # no authority
])
def test_no_assessment_without_a_finding_on_the_deal(text):
    assert _assessments(text) == []


def test_a_finding_that_two_operators_dominate_a_market_is_no_decision_against_one():
    """dev-s10 wrong candidate: "Das Bundeskartellamt hat … festgestellt, dass die vom X … betriebenen Krankenhäuser den …
    Krankenhausmarkt gemeinsam beherrschen" was read as a designation (a decision) of X."""
    facts, _ = _facts("Das Bundeskartellamt hat im Rahmen der Fusionsprüfung festgestellt, dass die von der Velmar AG und "
                      "von der Stadt Lindenau betriebenen Krankenhäuser den Lindenauer Krankenhausmarkt gemeinsam beherrschen.")
    assert not any(k == "event:decision" for k, _, _ in facts), facts


def test_a_designation_stays_a_decision():  # guard
    facts, _ = _facts("Das Bundeskartellamt hat festgestellt, dass der Velmar AG eine überragende marktübergreifende "
                      "Bedeutung für den Wettbewerb zukommt.")
    assert any(k == "event:decision" and h == "bundeskartellamt" for k, h, _ in facts), facts
