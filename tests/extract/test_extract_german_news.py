"""German news wording (issue 18, session 6): organisations introduced by what they are ("den Roboterbauer X",
"das Videoportal X"), camel-case names, hyphenated group names ("die X-Gruppe"), stakes secured ("hat sich die
Mehrheit an X gesichert", "sichert sich 90 Prozent an X", "hat sich X einverleibt"), "die X-Mutter Y", "X gehört zu Y",
the passive with the subject after the auxiliary, organisations described by their seat ("die Firma aus Redmond"),
valuations kept apart from money invested, roles in a compound naming another company, money with the verb last ("hat …
in X, in Y oder in Z eingeschossen"), "einer der größten Investoren in X", "der an X beteiligt ist", an organisation named
by one compound and its abbreviation ("Wirtschaftsstabilisierungsfonds (WSF)"), percentages in words ("sieben Prozent"),
and "bleibt mit N Prozent größte Aktionärin".

Probes with invented names, each written from a construction seen in real German news texts; each failed before the
rule it guards, except those marked as guards (they keep a rule from firing where it must not)."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text


def _facts(text: str):
    ex = extract_text(text, lang="de")
    return {(c.fact_kind, c.holder, c.subject) for c in ex.candidates}, ex


@pytest.mark.parametrize("text,fact", [
    ("Der Elektrokonzern Vardex hat den Roboterbauer Quolma zu 90 Prozent übernommen.",
     ("shareholding", "vardex", "quolma")),
    ("Der Verlag Trelkon übernimmt das Videoportal Zubino.", ("shareholding", "trelkon", "zubino")),
    ("Der Medienkonzern Vardex übernimmt das Videoportal ClipStar.", ("shareholding", "vardex", "clipstar")),
    ("Die Vardex AG hat sich die Mehrheit an der Online-Plattform Zubino gesichert.", ("shareholding", "vardex", "zubino")),
    ("Die Vardex AG sichert sich 90 Prozent an der Quolma GmbH.", ("shareholding", "vardex", "quolma")),
    ("Das Netzwerk Trelkon hat sich das Portal Zubino einverleibt.", ("shareholding", "trelkon", "zubino")),
    ("Die Vardex GmbH wächst. Die Vardex-Mutter Quolma AG ist zufrieden.", ("shareholding", "quolma", "vardex")),
    ("Die fränkische Quolmer-Gruppe hat sich 90 Prozent am Reifenhersteller Zubino gesichert.",
     ("shareholding", "quolmer-gruppe", "zubino")),
    ("Die Quolma GmbH gehört seit August 2005 zur Vardex AG.", ("shareholding", "vardex", "quolma")),
    ("Im Jahr 2009 wurde die Quolma GmbH von der Vardex AG aufgekauft.", ("shareholding", "vardex", "quolma")),
    ("Die Vardex AG übernimmt Flink für 8,5 Milliarden Euro.", ("shareholding", "vardex", "flink")),  # an adjective as a name
    ("Die Firma aus Redmond übernimmt die Quolma GmbH.", ("shareholding", "microsoft", "quolma")),
    ("Der Softwareriese aus Walldorf übernimmt die Quolma GmbH.", ("shareholding", "sap", "quolma")),
    ("Quolmex gehört seit 2016 mehrheitlich zum chinesischen Vardex-Konzern.", ("shareholding", "vardex-konzern", "quolmex")),
    ("Trelkon erhöht Anteil an Zubino Random House auf 75 Prozent.", ("shareholding", "trelkon", "zubino-random-house")),
    ("Der Händler Vardex kontrolliert nun 70,9 Prozent an Quolmex.", ("shareholding", "vardex", "quolmex")),
    ("Seit 2019 gehörte der deutsche Outdoor-Spezialist Quolm Wolfsberg zum US-Konzern Vardex Callaway.",
     ("shareholding", "vardex-callaway", "quolm-wolfsberg")),
    ("Der Stahlkonzern Trelkon Steel kontrolliert jetzt knapp 92 Prozent der Anteile an seinem bisherigen Rivalen Zubino.",
     ("shareholding", "trelkon-steel", "zubino")),
    ("Die Vardex AG übernimmt die Mehrheit am Hamburger Handelshaus Quolmers Weinkontor.",
     ("shareholding", "vardex", "quolmers-weinkontor")),
    ("Maria-Elisabeth Quolm, Gesellschafterin der Quolm KG, erklärte dies heute.",
     ("shareholding", "maria-elisabeth-quolm", "quolm")),
    ("Die Vardex AG als Großaktionär von Zubino hat Vorbehalte.", ("shareholding", "vardex", "zubino")),
    ("Die Vardex AG ist mit einem Anteil von 5,6 Prozent zweitgrößter Anteilseigner von Zubino.",
     ("shareholding", "vardex", "zubino")),
    ("Die Vardex AG kauft Trelkon bei Zubino aus.", ("shareholding", "vardex", "zubino")),
    ("Die Zubino AG wächst. Zubino-Chef Jan Brenner, der ursprünglich die Vardex AG schlucken wollte, trat zurück.",
     ("officer", "jan-brenner", "zubino")),
    ("Der Chipkonzern Vardex aus den Niederlanden investiert rund 1,3 Milliarden Euro in die französische KI-Firma Zubino AI.",
     ("financing", "vardex", "zubino-ai")),
    ("Die Vardex AG hat insgesamt Hunderte Millionen in das Portal Zubino, in den Bezahldienst Quolmex oder in das Fintech "
     "Trelkon eingeschossen.", ("financing", "vardex", "trelkon")),
    ("Dass die Vardex AG einer der größten Investoren in die Zubino AG ist, ist bekannt.", ("financing", "vardex", "zubino")),
    ("Mit im Boot ist auch der Ruhrkonzern Quolm, der an dem Chemiekonzern Zubino beteiligt ist.",
     ("shareholding", "quolm", "zubino")),
    ("Der Industrieförderfonds (BIFF) ist mit 14 Prozent an der Vardex AG beteiligt.",
     ("shareholding", "industrieforderfonds", "vardex")),
    ("Die KfW verkaufte Aktien der Vardex AG. Die KfW bleibe aber mit etwa 16,5 Prozent weiterhin größte Aktionärin.",
     ("shareholding", "kfw", "vardex")),
    ("Die Quolm Capital, die nur sieben Prozent Anteile an der Vardex AG hält, fordert einen neuen Aufsichtsrat.",
     ("shareholding", "quolm-capital", "vardex")),
    ("Erst dieses Frühjahr stieg die Quolm Capital mit einem Investment von 150 Millionen Euro bei der Vardex AG ein.",
     ("financing", "quolm-capital", "vardex")),
    ("Der Pharmakonzern Vardex Sciences will sich mit dem Kauf des Biotech-Unternehmens Zubino bei Krebstherapien verstärken.",
     ("shareholding", "vardex-sciences", "zubino")),
    ("Der US-Konzern Vardex & Quolm will das Schweizer Biotechnologieunternehmen Zubino für 30 Milliarden Dollar kaufen.",
     ("shareholding", "vardex-quolm", "zubino")),
    ("Der Branchenriese Trelkon-Myers Quolm (TMQ) will den Biopharma-Spezialisten Zubino übernehmen.",
     ("shareholding", "trelkon-myers-quolm", "zubino")),
    ("Der Aufsichtsrat von Quolmkrupp hat das Rücktrittsgesuch von Konzernchef Jan Brenner angenommen.",
     ("officer", "jan-brenner", "quolmkrupp")),
    ("Der Aufsichtsrat von Quolmkrupp hat das Rücktrittsgesuch von Konzernchef Jan Brenner angenommen.",
     ("event:resignation", "jan-brenner", "quolmkrupp")),
    ("So wurde bei der Zubino AG für den langjährigen CEO Jan Brenner (59) dessen Name zum Programm.",
     ("officer", "jan-brenner", "zubino")),
    ("Jan Brenner, Vorstandsvorsitzender von QUOLM WIND AG, wirft der Zubino AG Fehler vor.",
     ("officer", "jan-brenner", "quolm-wind")),
    ("Die Vardex AG wächst. Der Medienkonzern übernimmt 67,6 Prozent der Anteile an der Zubino GmbH.",
     ("shareholding", "vardex", "zubino")),  # a compound description points back to the company named before
    ("Die Zubino AG gehört zu fast 15 Prozent dem Bund.", ("shareholding", "bund", "zubino")),
    ("An der Zubino AG hält die Vardex AG 20 Prozent über die Quolm GmbH.", ("shareholding", "vardex", "zubino")),
])
def test_news_stakes(text, fact):
    facts, _ = _facts(text)
    assert fact in facts, facts


def test_no_name_from_an_abstract_noun_after_an_organisation_noun():
    """Guard: "hält der Medienkonzern Mehrheitsbeteiligungen an …" — the noun after "Medienkonzern" is no company."""
    _, ex = _facts("Unter anderem hält der Medienkonzern Mehrheitsbeteiligungen an der Quolma AG.")
    assert not any("Mehrheitsbeteiligung" in a.name for a in ex.actors), [a.name for a in ex.actors]


def test_no_group_from_a_common_noun_compound():
    """Guard: "der Energie-Konzern" names no company called Energie-Konzern."""
    _, ex = _facts("Der Energie-Konzern wächst weiter.")
    assert not ex.actors, [a.name for a in ex.actors]


def test_negated_securing_gives_no_stake():
    """Guard: "hat sich nicht … gesichert"."""
    facts, _ = _facts("Die Vardex AG hat sich nicht an der Quolma GmbH gesichert.")
    assert not any(k == "shareholding" for k, _, _ in facts), facts


def test_belonging_to_a_ranking_is_no_stake():
    """Guard: "gehört zu den größten Medienkonzernen" names no owner."""
    facts, _ = _facts("Die Quolma GmbH gehört zu den größten Medienkonzernen Europas.")
    assert not facts, facts


def test_a_role_in_a_compound_with_another_company_is_not_at_the_company_named_beside_it():
    """"ACS setzt sich durch, Hochtief-Vorstandschef X tritt ab" (real news): X is no officer of ACS."""
    facts, _ = _facts("Die Vardex AG setzt sich durch, Quolma-Vorstandschef Jan Brenner tritt ab.")
    assert ("officer", "jan-brenner", "vardex") not in facts, facts


def test_a_valuation_is_no_money_invested():
    """"bewertet X seine Investition auf N": the stake's value, not money X put in."""
    facts, _ = _facts("Mit einem Anteil von 27 Prozent bewertet die Vardex AG ihre Investition in die Quolma GmbH aktuell auf "
                      "etwa 135 Milliarden Dollar.")
    assert not any(k == "financing" for k, _, _ in facts), facts


def test_shares_that_went_to_others_are_not_the_earlier_buyers():
    """"wurde X von Y aufgekauft, später gingen 65% der Anteile an Investorengruppen": Y holds no 65 %."""
    facts, _ = _facts("Die Zubino AG wächst. Im Jahr 2005 wurde Quolma von der Vardex AG übernommen, 2009 gingen 65% der "
                      "Anteile wieder an Investorengruppen.")
    assert ("shareholding", "vardex", "zubino") not in facts, facts


def test_a_former_shareholder_holds_nothing():
    """Guard: "ehemaliger Aktionär der X" is no stake now."""
    facts, _ = _facts("Jan Brenner, ehemaliger Aktionär der Zubino AG, klagt.")
    assert not any(k == "shareholding" for k, _, _ in facts), facts


def test_a_pronoun_before_a_deal_verb_is_no_company():
    """Guard: "Dieser verkauft …" at a sentence's start names no company "Dieser"."""
    _, ex = _facts("Die Zubino AG wächst. Dieser verkauft den Hersteller nun an die Vardex AG.")
    assert not any(a.name == "Dieser" for a in ex.actors), [a.name for a in ex.actors]


def test_the_holder_of_a_relative_clause_is_its_antecedent():
    """"Grotkamp hat einer Erbengemeinschaft, die die Hälfte der Anteile … hält, ein Angebot gemacht" (real news): the
    community of heirs holds the half, not the bidder named before it."""
    facts, _ = _facts("Die Vardex AG hat einer Erbengemeinschaft, die die Hälfte der Anteile an der Zubino AG hält, ein "
                      "Angebot gemacht.")
    assert ("shareholding", "vardex", "zubino") not in facts, facts


def test_buying_out_a_shareholder_is_no_purchase_of_goods():
    """"Schwarz kauft Bosch bei Aleph Alpha aus" (real news headline): no supply by Aleph Alpha, no stake in Bosch."""
    facts, _ = _facts("Die Vardex AG kauft Trelkon bei Zubino aus.")
    assert not any(k == "supply" for k, _, _ in facts) and ("shareholding", "vardex", "trelkon") not in facts, facts


def test_no_money_invested_where_the_text_denies_it():
    """Guard: "hat nicht in X investiert"."""
    facts, _ = _facts("Die Vardex AG hat nicht in die Zubino AG investiert.")
    assert not any(k == "financing" for k, _, _ in facts), facts


@pytest.mark.parametrize("text,wrong", [
    ("So investierte die Vardex AG jüngst etwa 30 Milliarden US-Dollar in die Zubino AG und 10 Milliarden US-Dollar in die "
     "Quolmex GmbH.", ("financing", "zubino", "quolmex")),
    ("Die Vardex AG hat Milliarden in die Zubino AG und die Quolmex GmbH investiert. So investierte der Konzern jüngst 30 "
     "Milliarden Dollar in die Zubino AG.", ("financing", "quolmex", "zubino")),
    ("Das Engagement folgt auf weitere Investitionen, darunter 5 Milliarden Dollar in die Zubino AG, 500 Millionen US-Dollar in "
     "den autonomen Fahrzeug-Hersteller Quolmex GmbH.", ("financing", "zubino", "quolmex")),
    ("Zu den Beteiligungen gehören auch Cloud-Player wie die Zubino AG (7 % Anteil) und die Quolmex GmbH.",
     ("shareholding", "zubino", "quolmex")),
    ("Zu den Beteiligungen gehören auch Cloud-Player wie die Zubino AG (7 % Anteil) und die Quolmex GmbH.",
     ("supply", "zubino", "quolmex")),
])
def test_targets_of_a_list_are_not_each_others_backers(text, wrong):
    """News lists investments ("30 Mrd. in OpenAI und 10 Mrd. in Anthropic", "darunter 5 Mrd. in Intel, 500 Mio. in
    Wayve", "Cloud-Player wie CoreWeave (7 % Anteil) und Lambda Labs"): the targets never back one another, and "der
    Konzern" in the next sentence is the investor, not the last target named."""
    facts, _ = _facts(text)
    assert wrong not in facts, facts


def test_a_board_without_a_chair_gives_no_chair():
    """"… gebeten, das Unternehmen zunächst ohne Vorsitzenden des Vorstands weiterzuführen" (real news): no one chairs."""
    facts, _ = _facts("Der Aufsichtsrat der Zubino AG hat den Vorstand, bestehend aus Jan Brenner und Dr. Lea Vogt, gebeten, das "
                      "Unternehmen zunächst ohne Vorsitzenden des Vorstands weiterzuführen.")
    assert not any(k == "board_seat" for k, _, _ in facts), facts


def test_the_taxpayers_league_is_no_state():
    """Guard: "der Bund der Steuerzahler" is an association, not the federal state."""
    _, ex = _facts("Der Bund der Steuerzahler kritisiert die Vardex AG.")
    assert not any(a.name == "Bund" for a in ex.actors), [a.name for a in ex.actors]


def test_a_fund_of_the_state_holds_its_own_stake():
    """Guard (the state as an actor is new): "der Wirtschaftsstabilisierungsfonds (WSF) des Bundes … mit 14 Prozent an der Airline
    beteiligt" (real news): the fund,
    not the state named in the genitive, holds the 14 %."""
    facts, _ = _facts("Durch Rettungsaktionen hatte sich der Bund beteiligt. Derzeit ist der Industriefonds (BIFX) des Bundes "
                      "nach Angaben einer Zubino-Sprecherin noch mit 14 Prozent an der Zubino AG beteiligt.")
    assert ("shareholding", "bund", "zubino") not in facts, facts
