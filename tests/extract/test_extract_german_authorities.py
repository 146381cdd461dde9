"""German authorities' press releases and decisions (issue 18, session 6): constructions found in the ten texts of
that genre added to tests/data/extract/real/dev (Swiss Weko, OLG Wien, Bundeskartellamt press releases as the trade
press reproduces them, Commission decisions): approval verbs ("zugestimmt", "bewilligt", "erlaubt"), a clearance
worded as "nicht untersagt" or "ohne Auflagen", foreign legal forms ("Oy", "AB", "Corporation"), a group member named
in a participle phrase between "durch die" and the acquirer, coordinated targets of a deal and of an action, short forms
defined after a seat, mergers "der A mit der B" listed under one clearance, an authority named by an epithet with words
between, a lease and its lessor, a court annulling a "Kommissionsbeschluss", the suspicion and the dominance finding in
an authority head's quotation, kinship compounds ("die Pelta- sowie Quarn-Mutter Velmar AG"), a person "als
Vorstandschef", a notified plan and a deal stated by roles ("Erwerberin ist …"). Probes with invented names; frozen/
was not read. Each failed before its rule was written."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text


def _candidates(text: str):
    return extract_text(text, lang="de").candidates


def _facts(text: str) -> set[tuple[str, str, str]]:
    return {(c.fact_kind, c.holder, c.subject) for c in _candidates(text)}


@pytest.mark.parametrize("text,fact", [
    ("In der Sitzung vom 4. März 2024 hat die Wettbewerbskommission (Weko) dem Kauf der Pelta durch die Arvena "
     "zugestimmt.", ("event:decision", "weko", "arvena")),
    ("Die Weko bewilligt den Zusammenschluss von Arvena und Pelta.", ("event:decision", "weko", "arvena")),
    ("Das Kartellamt erlaubt die Übernahme der Pelta GmbH durch die Arvena AG.",
     ("event:decision", "bundeskartellamt", "arvena")),
])
def test_approval_verbs(text, fact):
    assert fact in _facts(text)


def test_not_prohibited_is_a_clearance_and_keeps_the_stake():
    """"wird … nicht untersagt" / "hat … nicht untersagt" clears a deal: the stake stays, the action is a clearance."""
    cands = _candidates("Das Bundeskartellamt hat den Erwerb der Pelta GmbH durch die Arvena AG nicht untersagt.")
    facts = {(c.fact_kind, c.holder, c.subject) for c in cands}
    assert ("shareholding", "arvena", "pelta") in facts
    decision = next(c for c in cands if c.fact_kind == "event:decision")
    assert decision.attrs["action"] == "clearance"
    prohibited = _facts("Das Bundeskartellamt hat den Erwerb der Pelta GmbH durch die Arvena AG untersagt.")
    assert ("shareholding", "arvena", "pelta") not in prohibited


def test_a_group_member_named_between_durch_and_the_acquirer_and_foreign_legal_forms():
    """"durch die zur … Harlow Group, London und Johannesburg, gehörende Harlow Nordic Oy": the acquirer is the
    group's member, the group holds it; "Oy" is a legal form (the name's id leaves it off)."""
    facts = _facts("Die Europäische Kommission hat die Übernahme der finnischen Kuusela Group Holdings Oy, Kuopio, durch "
                   "die zur britischen Harlow Group, London und Johannesburg, gehörende Harlow Nordic Oy genehmigt.")
    assert {("shareholding", "harlow-nordic", "kuusela-group-holdings"), ("shareholding", "harlow-group", "harlow-nordic"),
            ("event:decision", "european-commission", "harlow-nordic")} <= facts
    assert ("shareholding", "harlow-group", "kuusela-group-holdings") not in facts
    assert ("shareholding", "lindqvist-packaging", "kuusela-paper") in _facts(
        "Die Kommission hat die Übernahme der Kuusela Paper Oy durch die Lindqvist Packaging AB genehmigt.")
    assert ("event:decision", "bundeskartellamt", "velmar") in _facts(
        "Das Bundeskartellamt hat festgestellt, dass der Velmar Corporation, Redmond, USA, eine überragende "
        "marktübergreifende Bedeutung für den Wettbewerb zukommt.")


def test_a_short_form_defined_after_the_seat_and_coordinated_targets():
    """Bundeskartellamt style: "der Ostsee-Kelterei Wismar GmbH, Wismar (OKW)" — the short form after the seat,
    its initials those of the hyphenated name — and two targets of one acquisition, each a stake."""
    facts = _facts("Das Bundeskartellamt hat das Vorhaben der Velmar Holding SE (Velmar) freigegeben, die alleinige "
                   "Kontrolle und 100 Prozent der Anteile an der Pelta GmbH, Aurich (Pelta), und der Ostsee-Kelterei "
                   "Wismar GmbH, Wismar (OKW), zu erwerben.")
    assert {("shareholding", "velmar-holding", "pelta"),
            ("shareholding", "velmar-holding", "ostsee-kelterei-wismar")} <= facts
    assert not any("wismar" == f[2] for f in facts)


def test_two_mergers_cleared_in_one_sentence_by_an_authority_named_by_epithet():
    """"Die in Bonn ansässige Wettbewerbsbehörde genehmigte … den Zusammenschluss der A in X mit der B sowie den
    Zusammenschluss der C mit der Molkereigenossenschaft D": a decision on each merger (no stake: "Zusammenschluss
    … mit" does not say who holds whom)."""
    facts = _facts("Das Bundeskartellamt hat erneut grünes Licht gegeben. Die in Bonn ansässige Wettbewerbsbehörde "
                   "genehmigte jetzt den Zusammenschluss der Halvor Milchunion in Everswinkel mit der Milchveredelung "
                   "Oberkamp in Uelsen sowie den Zusammenschluss der Nordkorn mit der Molkereigenossenschaft Dargun "
                   "Feldmilch.")
    assert {("event:decision", "bundeskartellamt", "halvor"),
            ("event:decision", "bundeskartellamt", "nordkorn")} <= facts
    assert not any(f[0] == "shareholding" for f in facts)


def test_a_group_named_after_unternehmensgruppe():
    facts = _facts("Das Bundeskartellamt hat am 22. Februar 2023 das Vorhaben der Unternehmensgruppe Theo Kessler "
                   "freigegeben, Marken und Produktionsstätten von Royal Veldkamp zu übernehmen.")
    assert ("event:decision", "bundeskartellamt", "theo-kessler") in facts


def test_an_action_against_coordinated_companies_and_a_clearance_without_conditions():
    """"gegen die Velmar AG und die Arvena SE … Geldbußen verhängt": a decision on each; "ohne Auflagen genehmigt"
    is a clearance, not a conditional one."""
    facts = _facts("Die Kommission hat gegen die Velmar AG und die Arvena SE wegen Verstößen gegen das Gesetz über "
                   "digitale Märkte Geldbußen verhängt.")
    assert {("event:decision", "european-commission", "velmar"), ("event:decision", "european-commission", "arvena")} <= facts
    cands = _candidates("Die Kommission hat die Übernahme der Pelta GmbH durch die Arvena AG ohne Auflagen genehmigt.")
    assert [c.attrs["action"] for c in cands if c.fact_kind == "event:decision"] == ["clearance"]


def test_a_court_annuls_an_authoritys_decision_named_in_a_compound():
    facts = _facts("Vor einem Jahr hatte das Gericht der Europäischen Union einen früheren Kommissionsbeschluss für "
                   "nichtig erklärt.")
    assert ("event:decision", "general-court", "european-commission") in facts


def test_a_lease_the_lessor_supplies():
    """A wet lease cleared as a merger (Bundeskartellamt, Lufthansa/Air Berlin): the contract "zwischen A und B", the
    lessor named as "Wetlease-Geber" in a later sentence → a supply from the lessor to the lessee; "least von X" too."""
    facts = _facts("Das Bundeskartellamt hat den Wetlease-Vertrag über zwölf Flugzeuge zwischen der Velmar Air AG "
                   "(„Velmar“) und der Arvena Luftverkehrs KG („Arvena“) freigegeben. Der Vertrag läuft sechs Jahre. "
                   "Wie beim Wetlease üblich verbleibt die operative Verantwortung beim Wetlease-Geber, d.h. bei Arvena.")
    assert ("supply", "arvena-luftverkehrs", "velmar-air") in facts
    assert ("supply", "velmar-air", "arvena-luftverkehrs") not in facts
    assert ("supply", "arvena", "velmar") in _facts("Die Velmar AG least von der Arvena AG zehn Flugzeuge samt Besatzung.")


def _kinds(text: str) -> list[str]:
    return [c.fact_kind for c in _candidates(text)]


def test_an_authority_heads_quote_suspecting_an_abuse_and_finding_dominance():
    """In a press release the authority's head speaks in a quotation: "… könnte einen verbotenen Missbrauch … durch
    Velmar darstellen" is the allegation the proceedings rest on; "Velmar ist mit seinem Netzwerk marktbeherrschend"
    the authority's assessment. The same words from nobody in particular are neither."""
    text = ("Das Bundeskartellamt hat ein Missbrauchsverfahren gegen Velmar eingeleitet. Andreas Mundt, Präsident des "
            "Bundeskartellamtes: „Die Nutzung der neuen Brillen soll künftig nur mit einem Velmar-Konto möglich sein. "
            "Diese Kopplung könnte einen verbotenen Missbrauch einer marktbeherrschenden Stellung durch Velmar "
            "darstellen. Velmar ist mit seinem sozialen Netzwerk marktbeherrschend in Deutschland.“")
    kinds = _kinds(text)
    assert "claim:allegation" in kinds and "claim:assessment" in kinds
    plain = _kinds("Velmar baut Brillen. Die Kopplung könnte Kunden verärgern. Velmar ist mit seinem Netzwerk groß.")
    assert "claim:allegation" not in plain and "claim:assessment" not in plain


def test_a_person_named_with_als_and_a_role():
    """"nach der Entlassung von Tom Berger als Vorstandschef der Arvena Inc.": a person (the role after "als"), the
    removal and the return of that person."""
    facts = _facts("Nach der Entlassung von Tom Berger als Vorstandschef der Arvena Inc. kehrte er wenige Tage später "
                   "zurück.")
    assert {("event:removal", "tom-berger", "arvena"), ("event:appointment", "tom-berger", "arvena")} <= facts


def test_parents_named_in_compounds_with_an_elided_first_part():
    """"gegen die Pelta- sowie Quarn-Mutter Velmar AG": Pelta and Quarn are companies (named only in the compound,
    the first with its head left off) and Velmar holds both."""
    facts = _facts("Die Kommission hat gegen die Pelta- sowie Quarn-Mutter Velmar AG eine Geldbuße verhängt.")
    assert {("shareholding", "velmar", "pelta"), ("shareholding", "velmar", "quarn"),
            ("event:decision", "european-commission", "velmar")} <= facts


def test_a_notified_plan_and_the_roles_of_a_deal():
    """"X hat beim Bundeskartellamt angemeldet, sämtliche Anteile an der Y zu erwerben": X → Y (proposed);
    "Erwerberin ist die X, Zielgesellschaft die Y" after a clearance: the stake, and the clearance acts on X."""
    assert ("shareholding", "velmar", "pelta") in _facts(
        "Die Velmar AG hat beim Bundeskartellamt angemeldet, sämtliche Anteile an der Pelta GmbH zu erwerben.")
    facts = _facts("Das Bundeskartellamt hat den Zusammenschluss nach Prüfung freigegeben. Erwerberin ist die Velmar AG, "
                   "Zielgesellschaft die Pelta GmbH.")
    assert {("shareholding", "velmar", "pelta"), ("event:decision", "bundeskartellamt", "velmar")} <= facts


def test_parties_named_by_their_procedural_role():
    """Decisions name the parties by role once introduced: "gegen die Velmar GmbH … weil die Antragsgegnerin …",
    "an der Zielgesellschaft Pelta GmbH"; later "die Antragsgegnerin" and "der Zielgesellschaft" are those parties."""
    facts = _facts("Der Antrag, gegen die Velmar GmbH eine Geldbuße zu verhängen, weil die Antragsgegnerin den "
                   "Zusammenschluss vor der Anmeldung durchgeführt habe, wird abgewiesen. Die Änderung betraf die Anteile "
                   "an der Zielgesellschaft Pelta GmbH. Die Antragsgegnerin hielt danach 100 % der Anteile an der "
                   "Zielgesellschaft.")
    assert ("shareholding", "velmar", "pelta") in facts


def test_a_group_company_named_before_a_relative_clause_that_calls_it_the_groups_own():
    """"innerhalb des Velmar-Konzerns der Pelta Air …, der Arvenwings, die als konzerneigener Billigflieger …":
    Arvenwings, named with no legal form, is an organisation (the clause says so) and the group's company."""
    facts = _facts("Die Velmar AG least zwölf Flugzeuge. Fünf Flugzeuge sollen innerhalb des Velmar-Konzerns der Pelta Air "
                   "GmbH überlassen werden, 32 Flugzeuge der Arvenwings, die als konzerneigener Billigflieger vor allem "
                   "Punkt-zu-Punkt-Verkehr anbietet.")
    assert {("shareholding", "velmar", "pelta-air"), ("shareholding", "velmar", "arvenwings")} <= facts
