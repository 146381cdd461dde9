"""Model validation: shares (BODS interval semantics), validity intervals, estimates, relation kinds."""
from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from kingmaker.model import Actor, Estimate, Relation, Share, Validity, parse_partial_date
from kingmaker.model.time import format_partial_date


class TestShare:
    def test_psc_band_is_exclusive_min_inclusive_max(self):
        s = Share.parse("(25, 50]")
        assert (s.lower, s.upper, s.lower_inclusive, s.upper_inclusive) == (25, 50, False, True)
        assert not s.contains(25) and s.contains("25.0001") and s.contains(50) and not s.contains("50.01")

    def test_comparison_notation_equals_interval_notation(self):
        assert Share.parse(">25 <=50") == Share.parse("(25, 50]")
        assert Share.parse(">=75") == Share.interval(75, None)

    @pytest.mark.parametrize("bods", [
        {"exact": 49}, {"minimum": 25, "maximum": 50}, {"exclusiveMinimum": 25, "maximum": 50},
        {"minimum": 75}, {"exclusiveMinimum": 50, "exclusiveMaximum": 75},
    ])
    def test_bods_round_trip(self, bods):
        assert Share.from_bods(bods).to_bods() == bods

    @pytest.mark.parametrize("bad", [140, -1, "101%", {"min": 60, "max": 40}, "(50, 50]", {"foo": 1}, "abc"])
    def test_invalid_shares_are_rejected(self, bad):
        with pytest.raises((ValueError, ValidationError)):
            Share.parse(bad)

    def test_exact_and_bounds(self):
        s = Share.parse("49.5%")
        assert s.is_exact and s.low == s.high == Decimal("49.5")
        assert Share.parse({"max": 10}).low == 0 and Share.parse({"min": 10}).high == 100

    def test_fractions(self):
        from fractions import Fraction

        assert Share.parse("(12.5, 37.5]").as_fractions() == (Fraction(1, 8), Fraction(3, 8))


class TestValidity:
    def test_half_open(self):
        v = Validity(valid_from=date(2023, 11, 22), valid_to=date(2023, 11, 29))
        assert not v.contains(date(2023, 11, 21))
        assert v.contains(date(2023, 11, 22)) and v.contains(date(2023, 11, 28))
        assert not v.contains(date(2023, 11, 29))

    def test_end_before_start(self):
        with pytest.raises(ValidationError, match="before it starts"):
            Validity(valid_from=date(2024, 1, 2), valid_to=date(2024, 1, 1))

    @pytest.mark.parametrize("text,expected", [
        ("2023-11-17", (date(2023, 11, 17), "day")), ("2023-11", (date(2023, 11, 1), "month")),
        ("2021", (date(2021, 1, 1), "year")), (2019, (date(2019, 1, 1), "year")),
    ])
    def test_partial_dates(self, text, expected):
        assert parse_partial_date(text) == expected

    @pytest.mark.parametrize("text", ["2023-11-17", "2023-11", "2021", "0999", "0999-03", "0005-03-01", "0042"])
    def test_a_partial_date_written_reads_back_as_it_was(self, text):
        """What an export writes (an edge list's or case file's ``2020``, ``2020-06``) is read back the same, a
        year before 1000 included (written "999" it was refused on reloading)."""
        day, precision = parse_partial_date(text)
        assert format_partial_date(day, precision) == text

    @pytest.mark.parametrize("bad", ["2023-13-01", "2023-02-30", "yesterday", "17.11.2023"])
    def test_bad_dates(self, bad):
        with pytest.raises(ValueError):
            parse_partial_date(bad)


class TestEstimate:
    def test_words(self):
        assert Estimate.parse("almost 700").max == 700
        assert Estimate.parse("~650").approximate and Estimate.parse("~650").value == 650
        assert Estimate.parse("at least 10").min == 10
        assert Estimate.parse("1,000").value == 1000

    def test_negative(self):
        with pytest.raises(ValidationError):
            Estimate.parse(-5)


class TestRelation:
    def rel(self, **kw):
        base = dict(id="r", kind="board_seat", holder="a", subject="b", attrs={"role": "director"})
        base.update(kw)
        return Relation.model_validate(base)

    def test_kind_attributes_are_read_through(self):
        r = self.rel()
        assert r.role == "director" and r.voting is True

    def test_observer_defaults_to_non_voting_and_cannot_vote(self):
        assert self.rel(attrs={"role": "observer"}).voting is False
        with pytest.raises(ValidationError, match="observer"):
            self.rel(attrs={"role": "observer", "voting": True})

    def test_missing_kind_attribute(self):
        with pytest.raises(ValidationError, match="role"):
            self.rel(attrs={})
        with pytest.raises(ValidationError, match="resource"):
            self.rel(kind="supply", attrs={})

    def test_share_only_where_it_means_something(self):
        with pytest.raises(ValidationError, match="takes no share"):
            self.rel(share=Share.exact(10))
        r = self.rel(kind="shareholding", attrs={}, share=Share.exact(10))
        assert r.share.low == 10

    def test_financing_amount_needs_currency(self):
        with pytest.raises(ValidationError, match="currency"):
            self.rel(kind="financing", attrs={"amount": 10})
        assert self.rel(kind="financing", attrs={"amount": "~10e9", "currency": "USD"}).amount.approximate

    def test_supply_substitutability_range(self):
        with pytest.raises(ValidationError):
            self.rel(kind="supply", attrs={"resource": "compute", "substitutability": 1.5})

    def test_json_round_trip_keeps_attributes(self):
        r = self.rel(kind="offer", attrs={"offer": "jobs", "acceptances": [{"at": "2023-11-20", "count": "~650", "of": 770}]})
        back = Relation.model_validate_json(r.model_dump_json())
        assert back == r and back.acceptances[0].count.value == 650


class TestActor:
    def test_group_size_only_for_groups(self):
        with pytest.raises(ValidationError, match="only a group"):
            Actor(id="x", kind="company", names=[{"name": "X"}], size=3)
        assert Actor(id="s", kind="group", names=[{"name": "Staff"}], size=770).size == 770

    def test_unknown_actor_keeps_reason(self):
        a = Actor(id="u", kind="unknown", names=[{"name": "Unknown"}], unspecified_reason="subjectExemptFromDisclosure")
        assert a.unspecified_reason.value == "subjectExemptFromDisclosure"
        with pytest.raises(ValidationError):
            Actor(id="u", kind="unknown", names=[{"name": "U"}], unspecified_reason="because")

    def test_slug_ids(self):
        with pytest.raises(ValidationError):
            Actor(id="Not A Slug", kind="person", names=[{"name": "X"}])
