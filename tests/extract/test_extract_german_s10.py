"""Issue 18, session 10: wrong answers and gaps of the extractor the session-9 review left (each test failed on the code
before its fix; guards marked). Probes with invented names."""
from __future__ import annotations

import pytest

from kingmaker.extract import extract_text


def _facts(text: str, lang: str = "de"):
    ex = extract_text(text, lang=lang)
    return {(c.fact_kind, c.holder, c.subject) for c in ex.candidates}, ex


def _names(ex) -> set[str]:
    return {p.name for p in ex.actors}


# -- 1. a noun serving a company named after it is no name ----------------------------------------------------------
@pytest.mark.parametrize("text,company,noun", [
    ("Die Bergquell GmbH ist die Hausbank für Q Energie AG.", "Q Energie AG", "Hausbank"),
    ("Die Bergquell GmbH ist die Beratungsgesellschaft für Quarn Solar GmbH.", "Quarn Solar GmbH", "Beratungsgesellschaft"),
    ("Die Bergquell GmbH ist die Hausbank für Kestrel Wind und Wasser AG.", "Kestrel Wind und Wasser AG", "Hausbank"),
])
def test_a_noun_serving_a_company_whose_name_has_a_noun_is_no_name(text, company, noun):
    """"die Hausbank für Q Energie AG": session 9 took a dictionary compound before "für" for a name's head unless no
    noun followed; "Energie" is a noun, so "Hausbank für Q Energie AG" stayed one company. A linked name says what
    it does right after "für" ("… für Schwimmbäder und …"); a proper name there ("Q", "Quarn") starts the company
    served."""
    ex = extract_text(text, lang="de")
    assert company in _names(ex), _names(ex)
    assert not any(n.startswith(noun) for n in _names(ex)), _names(ex)


@pytest.mark.parametrize("text,name", [  # guards: linked names stay whole
    ("Die Betriebsgesellschaft für Schwimmbäder und Nebenbetriebe mbH hält 30 Prozent an der Quarnwerk AG.",
     "Betriebsgesellschaft für Schwimmbäder und Nebenbetriebe mbH"),
    ("Die Gesellschaft für Beteiligungen und Parken Lindenau mbH hält 30 Prozent an der Quarnwerk AG.",
     "Gesellschaft für Beteiligungen und Parken Lindenau mbH"),
])
def test_linked_names_stay_whole(text, name):
    assert name in _names(extract_text(text, lang="de"))


@pytest.mark.parametrize("text,company", [  # guards: other service nouns never were a name
    ("Die Bergquell GmbH ist Berater der Quarn Energie AG.", "Quarn Energie AG"),
    ("Die Bergquell GmbH ist Partner für die Kestrel Solar GmbH.", "Kestrel Solar GmbH"),
])
def test_other_service_nouns_leave_the_company(text, company):
    assert company in _names(extract_text(text, lang="de"))


# -- 2. quoted single letters, coordinated ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    'Die Beteiligten "A." und "B." halten jeweils 40 Prozent an der Kestrel AG.',
    '"A." und "B." halten jeweils 40 Prozent an der Kestrel AG.',
    'Die Kestrel AG erwirbt "A." und "B.".',
    'Die Verfahrensbeteiligten "A.", "B." und "C." sind Wettbewerber.',
])
def test_quoted_letters_coordinated_are_parties_alike(text):
    """In "A." und "B." session 9 took only the letter after "und" (an article or preposition before it) for a party:
    "B." became an actor and "A." none. The letter coordinated with a party's letter is one too."""
    ex = extract_text(text, lang="de")
    letters = {n for n in _names(ex) if len(n) == 2 and n.endswith(".")}
    assert {"A.", "B."} <= letters, _names(ex)


def test_quoted_letters_coordinated_each_hold_the_stake():
    facts, _ = _facts('Die Beteiligten "A." und "B." halten jeweils 40 Prozent an der Kestrel AG.')
    assert {("shareholding", "a", "kestrel"), ("shareholding", "b", "kestrel")} <= facts, facts


@pytest.mark.parametrize("text", [  # guards: a lone quoted letter without an article is still no party
    'Der Abschnitt "A." regelt die Kosten.',
    'Siehe "B." oben.',
])
def test_a_lone_quoted_letter_is_no_party(text):
    ex = extract_text(text, lang="de")
    assert not {n for n in _names(ex) if len(n) == 2}, _names(ex)


# -- 3. "<Land>-Chef" is no officer of the Land ------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Bayern-Chef Jonas Feld kündigte an, die Anteile zu verkaufen.",
    "Der Sachsen-Chef Jonas Feld sprach mit der Kestrel AG.",
    "Die Kestrel AG wächst. Thüringen-Chefin Jana Keller lobte das.",
])
def test_a_land_before_a_role_compound_makes_no_state_officer(text):
    """"Bayern-Chef X" made X an officer of the Freistaat Bayern: the compound's first part was taken for the employer
    whatever it was. A Land there names a party's branch or a club ("Bayern-Chef" of a party, FC Bayern), not the state;
    and the role is not at another organisation of the sentence either."""
    facts, _ = _facts(text)
    assert not {f for f in facts if f[0] in ("officer", "employment")}, facts


@pytest.mark.parametrize("text", [  # guards: a company before the role compound stays its employer
    "Porsche-Chef Jonas Feld sagte etwas.",
    "Die Kestrel AG baut Turbinen. Kestrel-Chef Jonas Feld sagte etwas.",
])
def test_a_company_before_a_role_compound_stays_the_employer(text):
    facts, _ = _facts(text)
    assert any(f[0] == "officer" and f[1] == "jonas-feld" for f in facts), facts


# -- 4. "der Gesellschaft" / "dieser Gesellschaft": the nearest company before ----------------------------------------
@pytest.mark.parametrize("text,fact", [
    ("Die Quarnwerk GmbH gehört der Stadt Lindenau. Jonas Feld ist Geschäftsführer der Gesellschaft.",
     ("officer", "jonas-feld", "quarnwerk")),
    ("Die Quarnwerk GmbH gehört dem Land Berlin. Die Bergquell AG erwirbt 20 Prozent dieser Gesellschaft.",
     ("shareholding", "bergquell", "quarnwerk")),
    # guard: the nearest company of the sentence before, not the first one named
    ("Die Quarnwerk GmbH baut Turbinen. Die Stadt Lindenau hält 30 Prozent an der Kestrel AG. "
     "Jonas Feld ist Geschäftsführer der Gesellschaft.", ("officer", "jonas-feld", "kestrel")),
])
def test_the_company_a_gesellschaft_points_back_to(text, fact):
    """"der Gesellschaft" took the last organisation named whatever it was, so the town or Land that owns a company
    became its Geschäftsführer's employer or the company shares were bought in. A "Gesellschaft" is a company (no state
    or state body) named in the same sentence or the one before; the fact still says it rests on a guess."""
    facts, ex = _facts(text)
    assert fact in facts, facts
    assert not {f for f in facts if f[2] in ("stadt-lindenau", "land-berlin")}, facts
    c = next(c for c in ex.candidates if (c.fact_kind, c.holder, c.subject) == fact)
    assert c.attrs.get("link_note", "").startswith("guess:"), c.attrs


# -- 8. a single line break inside a sentence is a space ---------------------------------------------------------------
@pytest.mark.parametrize("text,fact", [
    ("Die Quarnwerk GmbH baut Turbinen. Geschäftsführer der\nQuarnwerk GmbH ist Jonas Feld.",
     ("officer", "jonas-feld", "quarnwerk")),
    ("Die Kestrel AG hält 40 Prozent an der\nQuarnwerk GmbH.", ("shareholding", "kestrel", "quarnwerk")),
    ("Die Kestrel AG hält seit dem Jahr 2019 insgesamt 40 Prozent\nder Anteile an der Quarnwerk GmbH.",
     ("shareholding", "kestrel", "quarnwerk")),
])
def test_a_role_or_stake_over_a_hard_line_break_is_read(text, fact):
    """Court texts and wrapped files break lines inside sentences; the splitter cut the sentence there, so "Geschäftsführer
    der" and "Quarnwerk GmbH ist Jonas Feld" were two sentences and the role was lost."""
    facts, _ = _facts(text)
    assert fact in facts, facts


def test_the_splitter_reads_a_line_break_inside_a_sentence_as_a_space():
    from kingmaker.extract.sentences import split_sentences

    text = "Geschäftsführer der\nQuarnwerk GmbH ist Jonas Feld. Die Kestrel AG hält\nvierzig Prozent."
    got = [s.text for s in split_sentences(text, "de")]
    assert got == ["Geschäftsführer der Quarnwerk GmbH ist Jonas Feld.", "Die Kestrel AG hält vierzig Prozent."], got
    assert all(text[s.start:s.end].replace("\n", " ") == s.text for s in split_sentences(text, "de"))


@pytest.mark.parametrize("text,n", [  # guards: what still ends a sentence at a line break
    ("Die Kestrel AG baut Turbinen.\nDie Quarnwerk GmbH baut Pumpen.", 2),  # closing punctuation
    ("Die Kestrel AG baut Turbinen\n\nund die Quarnwerk GmbH baut Pumpen.", 2),  # a blank line: a paragraph
    ("Beschluss\nDie Kestrel AG hält 40 Prozent an der Quarnwerk GmbH.", 2),  # a heading
    ("Die Kestrel AG hält Anteile an\n- der Quarnwerk GmbH und\n- der Bergquell AG.", 3),  # list items
    ("Die Kestrel AG hält Anteile an:\n1. der Quarnwerk GmbH,\n2. der Bergquell AG.", 3),
    ("Bundeskartellamt gibt Übernahme der Quarnwerk GmbH durch Kestrel AG frei\nDie Kestrel AG darf übernehmen.", 2),
])
def test_paragraphs_headings_and_list_items_still_break(text, n):
    from kingmaker.extract.sentences import split_sentences

    got = [s.text for s in split_sentences(text, "de")]
    assert len(got) == n, got


# -- 5. a negated fact is no fact -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,lang", [
    ("Die Kestrel AG hat keine Anteile an der Quarnwerk GmbH erworben.", "de"),
    ("Die Kestrel AG hat 40 Prozent an der Quarnwerk GmbH nicht erworben.", "de"),
    ("Weder die Kestrel AG noch die Bergquell AG halten Anteile an der Quarnwerk GmbH.", "de"),
    ("Die Kestrel AG hält nicht 40 Prozent an der Quarnwerk GmbH.", "de"),
    ("Die Kestrel AG hat die Quarnwerk GmbH nicht übernommen.", "de"),
    ("Kestrel Inc. does not own 40% of Quarnwerk Ltd.", "en"),
    ("Kestrel Inc. did not acquire 40% of Quarnwerk Ltd.", "en"),
    ("Neither Kestrel Inc. nor Bergquell Inc. owns 40% of Quarnwerk Ltd.", "en"),
])
def test_a_negated_stake_yields_no_fact(text, lang):
    """"keine Anteile … erworben" gave a stake: only some rules looked for a negation, each in its own way. Every
    relation a rule proposes is now dropped when its clause is negated ("nicht", "kein", "weder … noch", "not", "no",
    "neither … nor")."""
    facts, _ = _facts(text, lang)
    assert not {f for f in facts if f[0] == "shareholding"}, facts


@pytest.mark.parametrize("text,lang,fact", [  # guards: a negation elsewhere leaves the fact standing
    ("Die Kestrel AG, die keine Dividende zahlt, hält 40 Prozent an der Quarnwerk GmbH.", "de",
     ("shareholding", "kestrel", "quarnwerk")),
    ("Die Kestrel AG hält 40 Prozent an der Quarnwerk GmbH und ist damit nicht beherrschend.", "de",
     ("shareholding", "kestrel", "quarnwerk")),
    ("Die Kestrel AG hält nicht nur 40 Prozent an der Quarnwerk GmbH, sondern auch einen Sitz im Aufsichtsrat.", "de",
     ("shareholding", "kestrel", "quarnwerk")),
    ("Obwohl die Bergquell AG keine Anteile hält, hat die Kestrel AG 40 Prozent an der Quarnwerk GmbH erworben.", "de",
     ("shareholding", "kestrel", "quarnwerk")),
    ("Die Kestrel AG hält 40 Prozent an der Quarnwerk GmbH, teilte sie mit: \"Wir verkaufen nicht.\"", "de",
     ("shareholding", "kestrel", "quarnwerk")),
    ("Das Bundeskartellamt hat den Erwerb der Quarnwerk GmbH durch die Kestrel AG nicht untersagt.", "de",
     ("shareholding", "kestrel", "quarnwerk")),
    ("Kestrel Inc. owns 40% of Quarnwerk Ltd., which has no debt.", "en", ("shareholding", "kestrel", "quarnwerk")),
    ("Kestrel Inc. owns no less than 40% of Quarnwerk Ltd.", "en", ("shareholding", "kestrel", "quarnwerk")),
])
def test_a_negation_outside_the_facts_clause_leaves_it(text, lang, fact):
    facts, _ = _facts(text, lang)
    assert fact in facts, facts


# -- 9. plural public bodies, "ö.K.", an acronym joined to an organisation --------------------------------------------
@pytest.mark.parametrize("text,holders", [
    ("Die Städte Lindenau und Bergheim halten jeweils 50 Prozent an der Quarnwerk GmbH.",
     {"stadt-lindenau", "stadt-bergheim"}),
    ("Die Landschaftsverbände Rheinland und Westfalen-Lippe halten jeweils 20 Prozent an der Quarnwerk GmbH.",
     {"landschaftsverband-rheinland", "landschaftsverband-westfalen-lippe"}),
    ("Die Städte Lindenau, Bergheim und Bad Sulz sind zu jeweils 30 Prozent an der Quarnwerk GmbH beteiligt.",
     {"stadt-lindenau", "stadt-bergheim", "stadt-bad-sulz"}),
    ("Die Länder Hessen und Thüringen halten jeweils 50 Prozent an der Quarnwerk GmbH.",
     {"land-hessen", "freistaat-thuringen"}),
])
def test_public_bodies_named_in_the_plural_each_hold(text, holders):
    """"die Städte A und B halten …" named no body (only "die Stadt A" was read), and a list of towns or Länder was
    no list of holders (a coordinated holder had to be a company or person)."""
    facts, _ = _facts(text)
    assert {h for k, h, s in facts if k == "shareholding" and s == "quarnwerk"} == holders, facts


def test_a_plural_noun_after_a_plural_head_is_no_place():  # guard
    ex = extract_text("Dass die Städte Anteile und Rechte an der Quarnwerk GmbH halten, ist bekannt.", lang="de")
    assert not {p.name for p in ex.actors if p.kind == "state"}, _names(ex)


@pytest.mark.parametrize("text,fact", [
    ("Kommanditist der Quarnwerk GmbH & Co. KG ist der KSV ö.K.", ("shareholding", "ksv", "quarnwerk")),
    ("Der Kestrelverband ö.K. hält 40 Prozent an der Quarnwerk GmbH.", ("shareholding", "kestrelverband", "quarnwerk")),
])
def test_a_public_law_corporation_abbreviated_oek_is_an_organisation(text, fact):
    """"der DSGV ö.K." (öffentlich-rechtliche Körperschaft) was no name: "ö.K." was no legal form, and an all-capital
    word was read as a name's start only before a capitalised word."""
    facts, _ = _facts(text)
    kind, holder, subject = fact  # the id keeps the status: "ksv-o-k" (model/legal_forms.yaml does not list "ö.K.")
    assert any(k == kind and h.startswith(holder) and s == subject for k, h, s in facts), facts


@pytest.mark.parametrize("text,fact", [
    ("Die Quarnwerk AG und die KVW halten jeweils 50 Prozent an der Bergquell GmbH.", ("shareholding", "kvw", "bergquell")),
])
def test_an_acronym_joined_to_an_organisation_is_one(text, fact):
    """"die Kooperation zwischen EnBW und NWS": a company the text names only by its acronym was never proposed."""
    facts, _ = _facts(text)
    assert fact in facts, facts


def test_an_acronym_named_only_beside_an_organisation_is_proposed():
    ex = extract_text("Der Vertrag über die Führung der NWS durch die Quarnwerk AG gilt weiter. Die Kooperation zwischen "
                      "der Quarnwerk AG und NWS endet.", lang="de")
    assert "nws" in {m.actor for m in ex.analysis.mentions}, [(m.surface, m.actor) for m in ex.analysis.mentions]


def test_law_and_currency_acronyms_are_no_organisations():  # guard
    ex = extract_text("Die Quarnwerk AG und BGB-Gesellschaften zahlen in EUR und USD. Nach BGB und GWB ist das zulässig.",
                      lang="de")
    assert not {"BGB", "GWB", "EUR", "USD"} & _names(ex), _names(ex)
