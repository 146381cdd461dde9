"""Relations: typed, dated, evidenced ties from a *holder* to a *subject*.

Each kind has its own attribute model (``attrs``); kind-specific attributes are read straight off the
relation (``seat.role``, ``supply.resource``). Kinds and their required attributes are documented in
docs/case-format.md; BODS interest types map onto them (``interest_type`` keeps the source's code).
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny, ValidationError, ValidationInfo, field_validator, model_validator

from kingmaker.model.ids import Slug
from kingmaker.model.kinds import SHARE_KINDS  # noqa: F401 (re-exported)
from kingmaker.model.quantity import Estimate, UnitInterval
from kingmaker.model.relation_kind import RelationKind
from kingmaker.model.share import Share
from kingmaker.model.time import Validity


class _Attrs(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _parse_with(parser, v: Any, what: str) -> Any:
    """Run a free-form parser in a validator, turning its errors into one plain message."""
    if v is None:
        return None
    try:
        return parser(v)
    except ValidationError as exc:
        raise ValueError(f"{what}: " + exc.errors()[0]["msg"].removeprefix("Value error, ")) from None


INSTRUMENTS = ("shares", "convertible", "warrant", "option", "other")
CONTINGENT_INSTRUMENTS = frozenset({"convertible", "warrant", "option"})


class _Contingent(_Attrs):
    """A stake that exists only once something happens: a convertible note, a warrant, an option."""

    instrument: Literal["shares", "convertible", "warrant", "option", "other"] | None = Field(
        default=None, description="shares (held now), convertible, warrant, option, other")
    contingent: bool | None = Field(default=None, description="held only once the trigger happens "
                                    "(default: true for convertibles, warrants and options)")
    trigger: str | None = Field(default=None, validate_default=True,
                                description="what makes it convert, vest or become exercisable")

    @field_validator("trigger")
    @classmethod
    def _trigger(cls, v: str | None, info: ValidationInfo) -> str | None:
        instrument, contingent = info.data.get("instrument"), info.data.get("contingent")
        if contingent is False and instrument in CONTINGENT_INSTRUMENTS:
            raise ValueError(f"a {instrument} is contingent by nature; drop contingent: false")
        if (contingent or instrument in CONTINGENT_INSTRUMENTS) and not (v or "").strip():
            what = instrument if instrument in CONTINGENT_INSTRUMENTS else "contingent stake"
            raise ValueError(f"a {what} needs its trigger: what makes it convert, vest or become exercisable "
                             "(write trigger: \"…\", or \"not public\")")
        return v

    @model_validator(mode="after")
    def _contingent_default(self) -> "_Contingent":
        if self.contingent is None and self.instrument in CONTINGENT_INSTRUMENTS:
            object.__setattr__(self, "contingent", True)
        return self


class HoldingAttrs(_Contingent):
    """shareholding / voting_rights."""

    share_class: str | None = None
    cap: Share | None = Field(default=None, description="the most the holder may hold by agreement (a standstill), percent")

    @field_validator("cap", mode="before")
    @classmethod
    def _cap(cls, v: Any) -> Any:
        return _parse_with(Share.parse, v, "cap")


class EconomicInterestAttrs(_Contingent):
    """A right to profits or income (e.g. capped profit participation)."""

    cap: str | None = Field(default=None, description='e.g. "100x first-round investment"; "undisclosed"')
    description: str | None = None


class BoardSeatAttrs(_Attrs):
    role: Literal["director", "chair", "vice_chair", "observer"]
    voting: bool | None = None  # default: observers don't vote, everyone else does

    @model_validator(mode="after")
    def _voting_default(self) -> "BoardSeatAttrs":
        if self.voting is None:
            object.__setattr__(self, "voting", self.role != "observer")
        if self.role == "observer" and self.voting:
            raise ValueError("an observer seat cannot be a voting seat")
        return self


class AppointmentRightAttrs(_Attrs):
    seats: int | None = Field(default=None, ge=0, description="seats the holder may appoint")
    of_seats: int | None = Field(default=None, ge=1, description="size of the board")
    description: str | None = None


VETO_MATTERS = ("budget", "business_plan", "major_investments", "senior_management", "articles",
                "dissolution", "agi_determination", "other")


class VetoRightAttrs(_Attrs):
    matters: tuple[str, ...] = Field(min_length=1, description=f"known: {', '.join(VETO_MATTERS)}")


class OfficerAttrs(_Attrs):
    role: str = Field(min_length=1, description="CEO, CTO, president, …")
    interim: bool = False


class EmploymentAttrs(_Attrs):
    count: Estimate | None = None
    role: str | None = None

    @field_validator("count", mode="before")
    @classmethod
    def _count(cls, v: Any) -> Any:
        return None if v is None else Estimate.parse(v)


RESOURCES = ("compute", "cloud", "chips", "data", "distribution", "energy", "talent", "ip", "other")


class SupplyAttrs(_Attrs):
    resource: Literal["compute", "cloud", "chips", "data", "distribution", "energy", "talent", "ip", "other"]
    share_of_need: Share | None = None
    rank: Literal["sole", "primary", "secondary"] | None = Field(
        default=None, description="sole = the whole need; primary = the largest supplier of the resource; "
                                  "secondary = not the largest (so at most half the need)")
    substitutability: UnitInterval | None = Field(
        default=None, description="0 none … 1 perfect substitutes; a range when only that is known, e.g. \"[0.2, 0.5]\"")
    switching_time_months: Decimal | None = Field(default=None, ge=0)
    exclusive: bool | None = None
    right_of_first_refusal: bool | None = None
    description: str | None = None

    @field_validator("share_of_need", mode="before")
    @classmethod
    def _share(cls, v: Any) -> Any:
        return None if v is None else Share.parse(v)

    @field_validator("substitutability", mode="before")
    @classmethod
    def _subst(cls, v: Any) -> Any:
        return _parse_with(UnitInterval.parse, v, "substitutability")

    @model_validator(mode="after")
    def _rank(self) -> "SupplyAttrs":
        if self.rank == "sole" and self.exclusive is False:
            raise ValueError("a sole supplier is exclusive; drop exclusive: false or the rank")
        return self


FUNDING_STATUSES = ("announced", "committed", "disbursed", "unknown")


class FinancingAttrs(_Attrs):
    amount: Estimate | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    status: Literal["announced", "committed", "disbursed", "unknown"] = Field(
        default="unknown", description="announced, committed, disbursed, or unknown (the default when not stated)")
    instrument: str | None = Field(default=None, description="equity, profit participation, convertible, loan, credits…")
    condition: str | None = Field(default=None, description="what the money depends on, e.g. a restructuring")
    share_of_funding: Share | None = None
    description: str | None = None

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, v: Any) -> Any:
        return None if v is None else Estimate.parse(v)

    @field_validator("share_of_funding", mode="before")
    @classmethod
    def _share(cls, v: Any) -> Any:
        return None if v is None else Share.parse(v)

    @model_validator(mode="after")
    def _currency(self) -> "FinancingAttrs":
        if self.amount is not None and self.currency is None:
            raise ValueError("financing with an amount needs a currency (ISO 4217, e.g. USD)")
        return self


class LicenceAttrs(_Attrs):
    scope: str | None = None
    exclusive: bool | None = None
    fee: Estimate | None = Field(default=None, description="the licence fee or one-off payment")
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    fee_type: Literal["one_off", "recurring", "royalty", "unknown"] | None = None
    description: str | None = None

    @field_validator("fee", mode="before")
    @classmethod
    def _fee(cls, v: Any) -> Any:
        return None if v is None else Estimate.parse(v)

    @model_validator(mode="after")
    def _currency(self) -> "LicenceAttrs":
        if self.fee is not None and self.currency is None:
            raise ValueError("a licence fee needs a currency (ISO 4217, e.g. USD)")
        return self


class Acceptance(_Attrs):
    """How many members of a group had accepted (or signed up to) an offer at a point in time."""

    at: str = Field(description="date or date-time, e.g. 2023-11-20T09:00 or 2023-11-20")
    count: Estimate
    of: int | None = Field(default=None, ge=1)
    evidence: tuple[Slug, ...] = ()
    note: str | None = None

    @field_validator("count", mode="before")
    @classmethod
    def _count(cls, v: Any) -> Any:
        return Estimate.parse(v)


class OfferAttrs(_Attrs):
    offer: str = Field(min_length=1, description="what is offered, e.g. jobs at a new subsidiary")
    offer_type: Literal["jobs", "acquisition", "investment", "supply", "other"] = "other"
    conditional: bool = True
    condition: str | None = None
    acceptances: tuple[Acceptance, ...] = ()


class MembershipAttrs(_Attrs):
    role: str | None = None


class TrustRoleAttrs(_Attrs):
    role: Literal["settlor", "trustee", "protector", "beneficiary", "nominee", "nominator"]


class ConsolidationAttrs(_Attrs):
    level: Literal["direct", "ultimate"] = "direct"
    accounting_standard: str | None = None
    status: str | None = None
    registration_status: str | None = Field(
        default=None, description="the source record's registration status as published (GLEIF RR-CDF "
                                  "RegistrationStatus: PUBLISHED, LAPSED — not renewed, possibly out of date — …)")


PLUS_FACTORS = ("industry_expertise", "information_rights", "consultation_rights", "first_notification_right",
                "largest_shareholder", "dispersed_shareholders", "other")


class OtherInfluenceAttrs(_Attrs):
    description: str = Field(min_length=1)
    decisive: bool | None = Field(default=None, description="true when the holder controls the subject through it")
    factor: Literal["industry_expertise", "information_rights", "consultation_rights", "first_notification_right",
                    "largest_shareholder", "dispersed_shareholders", "other"] | None = Field(
        default=None, description="a qualitative plus factor the authorities weigh with a minority stake (CMA2 ch. 4)")


ACQUIRABLE = ("team", "know_how", "ip", "business", "assets", "customers", "shares")


class AcquisitionAttrs(_Attrs):
    """The holder takes over part of the subject's business: its team and know-how, IP, assets, or the
    business itself (acqui-hire, licence-and-hire, asset purchase). Enterprise Act 2002 s.23, s.129 and
    CMA2 ch. 4 ("a group of employees and their know-how"); EUMR Art. 3(1)(b) (assets with a market
    presence to which turnover can be attributed); GWB § 37(1) no. 1 (acquisition of assets)."""

    acquires: tuple[Literal["team", "know_how", "ip", "business", "assets", "customers", "shares"], ...] = Field(
        min_length=1, description=f"what passes: {', '.join(ACQUIRABLE)}")
    structure: Literal["acqui_hire", "licence_and_hire", "asset_purchase", "share_purchase", "other"] | None = None
    staff: Estimate | None = Field(default=None, description="people who moved")
    of_staff: int | None = Field(default=None, ge=1, description="the subject's staff before the move")
    share_of_staff: Share | None = Field(default=None, description="percent of the subject's staff who moved")
    market_presence: bool | None = Field(default=None, description="the part acquired has a market presence to which "
                                         "turnover can be attributed (the target leaves that activity)")
    consideration: Estimate | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    description: str | None = None

    @field_validator("staff", "consideration", mode="before")
    @classmethod
    def _estimate(cls, v: Any) -> Any:
        return None if v is None else Estimate.parse(v)

    @field_validator("share_of_staff", mode="before")
    @classmethod
    def _share(cls, v: Any) -> Any:
        return _parse_with(Share.parse, v, "share_of_staff")

    @model_validator(mode="after")
    def _check(self) -> "AcquisitionAttrs":
        if self.consideration is not None and self.currency is None:
            raise ValueError("a consideration needs a currency (ISO 4217, e.g. USD)")
        if self.staff is not None and self.of_staff is not None:
            low = self.staff.min if self.staff.min is not None else self.staff.best
            if low > self.of_staff:
                raise ValueError(f"{self.staff} people cannot move out of a staff of {self.of_staff}")
        return self

    def staff_fraction(self) -> tuple[float, float] | None:
        """The share of the subject's staff who moved, as fractions (low, high); None when unknown."""
        if self.share_of_staff is not None:  # an exclusive end ("less than half") is moved inward by 1e-9
            s = self.share_of_staff
            lo, hi = (float(x) for x in s.as_fractions())
            lo += 1e-9 if s.lower is not None and not s.lower_inclusive else 0.0
            hi -= 1e-9 if s.upper is not None and not s.upper_inclusive else 0.0
            return lo, max(lo, hi)
        if self.staff is not None and self.of_staff:
            s = self.staff
            lo = s.min if s.min is not None else (s.best if s.max is None else s.best)
            hi = s.max if s.max is not None else s.best
            lo = min(lo, hi)
            return min(1.0, float(lo) / self.of_staff), min(1.0, float(hi) / self.of_staff)
        return None


#: what a negative fact can say is absent (kind ``absence``, attribute ``what``)
ABSENT_THINGS = ("voting_rights", "shareholding", "board_seat", "observer", "veto_right", "appointment_right",
                 "exclusive_supply")


class AbsenceAttrs(_Attrs):
    """A negative fact, recorded with evidence: the holder does *not* hold ``what`` in the subject
    ("no voting rights", "no board seat", "no observer", "no veto", "non-exclusive supply").

    A negative fact is not a tie: ownership, leverage and the exports ignore it; the legal tests cite it
    as a reason and its evidence as evidence. Where nothing is recorded either way, the engine says
    "not recorded", never "no".
    """

    what: Literal["voting_rights", "shareholding", "board_seat", "observer", "veto_right", "appointment_right",
                  "exclusive_supply"]
    description: str | None = None


ATTRS_BY_KIND: dict[RelationKind, type[_Attrs]] = {
    RelationKind.shareholding: HoldingAttrs,
    RelationKind.voting_rights: HoldingAttrs,
    RelationKind.economic_interest: EconomicInterestAttrs,
    RelationKind.board_seat: BoardSeatAttrs,
    RelationKind.appointment_right: AppointmentRightAttrs,
    RelationKind.veto_right: VetoRightAttrs,
    RelationKind.officer: OfficerAttrs,
    RelationKind.employment: EmploymentAttrs,
    RelationKind.supply: SupplyAttrs,
    RelationKind.financing: FinancingAttrs,
    RelationKind.licence: LicenceAttrs,
    RelationKind.offer: OfferAttrs,
    RelationKind.membership: MembershipAttrs,
    RelationKind.trust_role: TrustRoleAttrs,
    RelationKind.consolidation: ConsolidationAttrs,
    RelationKind.other_influence: OtherInfluenceAttrs,
    RelationKind.absence: AbsenceAttrs,
    RelationKind.acquisition: AcquisitionAttrs,
}

#: Attribute names common to every relation (everything else belongs to the kind's ``attrs``).
COMMON_FIELDS = ("id", "kind", "holder", "subject", "share", "valid_from", "valid_to", "started_by",
                 "ended_by", "evidence", "evidence_for", "interest_type", "direct", "beneficial", "note",
                 "confidence")


class Relation(BaseModel):
    """A tie ``holder → subject`` of one kind, valid over ``validity``, backed by ``evidence`` ids."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    kind: RelationKind
    holder: Slug
    subject: Slug
    share: Share | None = None
    validity: Validity = Validity()
    started_by: Slug | None = None
    ended_by: Slug | None = None
    evidence: tuple[Slug, ...] = ()
    evidence_for: dict[str, tuple[Slug, ...]] = Field(
        default_factory=dict,
        description="which evidence backs which attribute, e.g. {substitutability: [ev-estimate]}; an attribute "
                    "not named here rests on all of the relation's evidence")
    interest_type: str | None = Field(default=None, description="source format's interest code, verbatim")
    direct: bool | None = None
    beneficial: bool | None = None
    note: str | None = None
    attrs: SerializeAsAny[_Attrs]

    @model_validator(mode="before")
    @classmethod
    def _build_attrs(cls, data: Any) -> Any:
        if not isinstance(data, dict) or isinstance(data.get("attrs"), _Attrs):
            return data
        kind = data.get("kind")
        try:
            kind = RelationKind(kind)
        except ValueError:
            return data  # the kind field's own error will be reported
        attrs = data.get("attrs") or {}
        data = dict(data)
        data["attrs"] = ATTRS_BY_KIND[kind].model_validate(attrs)
        return data

    @model_validator(mode="after")
    def _check(self) -> "Relation":
        if not isinstance(self.attrs, ATTRS_BY_KIND[self.kind]):
            raise ValueError(f"attributes do not belong to kind {self.kind.value}")
        if self.share is not None and self.kind not in SHARE_KINDS:
            raise ValueError(f"a {self.kind.value} relation takes no share (share is for ownership, votes, profits)")
        if self.holder == self.subject and self.kind not in (RelationKind.shareholding, RelationKind.voting_rights):
            raise ValueError("holder and subject are the same actor")
        for name, ids in self.evidence_for.items():
            if name not in type(self.attrs).model_fields and name != "share":
                raise ValueError(f"evidence_for names {name!r}, which is not an attribute of a {self.kind.value} relation")
            if not set(ids) <= set(self.evidence):
                raise ValueError(f"evidence_for.{name}: {sorted(set(ids) - set(self.evidence))} must also be "
                                 "in the relation's evidence list")
        return self

    def __getattr__(self, name: str) -> Any:
        if not name.startswith("_"):
            attrs = self.__dict__.get("attrs")
            if attrs is not None and name in type(attrs).model_fields:
                return getattr(attrs, name)
        return super().__getattr__(name)  # type: ignore[misc]

    @property
    def valid_from(self) -> date | None:
        return self.validity.valid_from

    @property
    def valid_to(self) -> date | None:
        return self.validity.valid_to

    def valid_on(self, day: date) -> bool:
        return self.validity.contains(day)

    def attributes(self) -> dict[str, Any]:
        """Kind-specific attributes as plain JSON-ready data (unset ones left out)."""
        return self.attrs.model_dump(mode="json", exclude_none=True)
