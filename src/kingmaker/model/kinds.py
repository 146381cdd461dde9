"""What each relation kind means, declared once (``relation_kinds.yaml`` beside this module).

followthemoney's schema YAML is the model: the meaning of a kind — its family, whether it carries a
share, whether the ownership engine integrates it through chains, its BODS interest types, its FtM
schema, its GLEIF relationship types, whether an edge list can carry it, its labels in English and
German — is data in one file, and every table the readers, writers and analyses use is derived here.

>>> KINDS[RelationKind.voting_rights].label["de"]
'Stimmrechte'
>>> sorted(k.value for k in SHARE_KINDS)[:3]
['consolidation', 'economic_interest', 'other_influence']
>>> BODS_INTEREST_KINDS["boardChair"]
(<RelationKind.board_seat: 'board_seat'>, {'role': 'chair'})
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal, Mapping

from ruamel.yaml import YAML

from kingmaker.model.relation_kind import RelationKind

DECLARATION = Path(__file__).with_name("relation_kinds.yaml")
FAMILIES = ("ownership", "control", "board", "dependency")


@dataclass(frozen=True)
class KindSpec:
    """One relation kind's meaning (fields: see the head of ``relation_kinds.yaml``)."""

    kind: RelationKind
    family: Literal["ownership", "control", "board", "dependency"]
    label: Mapping[str, str]
    ftm: str | None
    share: bool = False
    ownership_chain: bool = False
    group_control: bool = False
    control_basis: bool = False
    edge_list: bool = False
    bods_in: Mapping[str, Mapping] = field(default_factory=dict)
    bods_out: str | None = None
    gleif_in: Mapping[str, Mapping] = field(default_factory=dict)


def _read(path: Path = DECLARATION) -> dict[RelationKind, KindSpec]:
    raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    specs = {}
    for name, entry in raw.items():
        kind = RelationKind(name)
        entry = dict(entry)
        if entry["family"] not in FAMILIES:
            raise ValueError(f"{path}: {name}.family: {entry['family']!r} is not one of {FAMILIES}")
        specs[kind] = KindSpec(kind=kind, **entry)
    missing = set(RelationKind) - set(specs)
    if missing:
        raise ValueError(f"{path}: no declaration for relation kind(s) {sorted(k.value for k in missing)}")
    return specs


#: every relation kind's declaration, in declaration order
KINDS: Mapping[RelationKind, KindSpec] = MappingProxyType(_read())


def kinds_where(flag: str) -> tuple[RelationKind, ...]:
    """The kinds whose declaration sets ``flag`` (``share``, ``ownership_chain``, ``edge_list`` …), in order."""
    return tuple(k for k, spec in KINDS.items() if getattr(spec, flag))


#: kinds whose ``share`` is a percentage of the subject (ownership, votes, profits, control)
SHARE_KINDS = frozenset(kinds_where("share"))
#: kinds the ownership engine integrates through chains, by name (shareholding, voting_rights)
OWNERSHIP_KINDS = tuple(k.value for k in kinds_where("ownership_chain"))
#: kinds through which a majority (or decisive influence) makes a subject part of the holder's group
CONTROL_KINDS = kinds_where("group_control")
#: kinds the ownership engine reads as a basis of control besides shares and votes, by name
CONTROL_BASIS_KINDS = tuple(k.value for k in kinds_where("control_basis"))
#: kinds through which ownership or control reaches a subject, by name: what a question about one subject
#: follows upstream (and all it reads of the store besides its officers)
UPSTREAM_KINDS = OWNERSHIP_KINDS + CONTROL_BASIS_KINDS
#: kinds an edge list can carry, by name
EDGE_KINDS = tuple(k.value for k in kinds_where("edge_list"))
#: relation kind -> the explorer's family (ownership, control, board, dependency)
FAMILY = MappingProxyType({k: spec.family for k, spec in KINDS.items()})
#: FtM edge schema written for each kind
FTM_SCHEMA = MappingProxyType({k: spec.ftm for k, spec in KINDS.items()})
#: BODS 0.4 interestType code -> (relation kind, attributes); every code of the codelist
BODS_INTEREST_KINDS: Mapping[str, tuple[RelationKind, dict]] = MappingProxyType(
    {code: (k, dict(attrs)) for k, spec in KINDS.items() for code, attrs in spec.bods_in.items()})
#: relation kind -> the BODS interestType written on export (board seats and trust roles go by role)
BODS_EXPORT_INTEREST = MappingProxyType({k: spec.bods_out for k, spec in KINDS.items() if spec.bods_out})
#: GLEIF Level 2 relationship type -> (relation kind, attributes)
GLEIF_RELATIONSHIP_KINDS: Mapping[str, tuple[RelationKind, dict]] = MappingProxyType(
    {code: (k, dict(attrs)) for k, spec in KINDS.items() for code, attrs in spec.gleif_in.items()})


def label(kind: RelationKind | str, lang: str = "en") -> str:
    """A kind's name for people, in English or German: ``label("board_seat", "de")``."""
    spec = KINDS[RelationKind(kind)]
    return spec.label.get(lang) or spec.label["en"]


__all__ = ["BODS_EXPORT_INTEREST", "BODS_INTEREST_KINDS", "CONTROL_BASIS_KINDS", "CONTROL_KINDS", "EDGE_KINDS", "FAMILY", "FTM_SCHEMA",
           "GLEIF_RELATIONSHIP_KINDS", "KINDS", "KindSpec", "OWNERSHIP_KINDS", "SHARE_KINDS", "UPSTREAM_KINDS", "kinds_where",
           "label"]
