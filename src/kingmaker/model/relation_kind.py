"""The relation kinds by name. What each one means is declared in ``relation_kinds.yaml``
(:mod:`kingmaker.model.kinds`); each kind's attributes are a model in :mod:`kingmaker.model.relation`."""
from __future__ import annotations

from enum import Enum


class RelationKind(str, Enum):
    shareholding = "shareholding"
    voting_rights = "voting_rights"
    economic_interest = "economic_interest"
    board_seat = "board_seat"
    appointment_right = "appointment_right"
    veto_right = "veto_right"
    officer = "officer"
    employment = "employment"
    supply = "supply"
    financing = "financing"
    licence = "licence"
    offer = "offer"
    membership = "membership"
    trust_role = "trust_role"
    consolidation = "consolidation"
    other_influence = "other_influence"
    absence = "absence"
    acquisition = "acquisition"
