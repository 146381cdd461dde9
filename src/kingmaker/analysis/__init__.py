"""Analyses: pure functions over a :class:`~kingmaker.model.snapshot.Snapshot` (or plain numbers).

They take data in and return results; they never touch the store or print. The families:

* :mod:`kingmaker.analysis.voting` — voting power (weighted, multi-layer and simple games; Banzhaf,
  Shapley–Shubik and other indices, exact or approximate) and who is pivotal in a recorded vote.
* :mod:`kingmaker.analysis.ownership` — integrated ownership through chains and cycles with exact
  interval bounds, and beneficial owners with the chains behind them.
* :mod:`kingmaker.analysis.network` — network control (Vitali et al. 2011) and the network power index
  (Mizuno et al. 2020).
* :mod:`kingmaker.analysis.structure` — corporate families: who controls whom through majorities.
* :mod:`kingmaker.analysis.leverage` — de facto leverage: dependence on an outside actor, both ways.

The names below are re-exported lazily (PEP 562), so ``import kingmaker.analysis`` costs nothing until a
name is used.

>>> from kingmaker.analysis import WeightedGame
>>> WeightedGame([50, 30, 20], quota="majority").shapley_shubik(exact=True)
[Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
"""
from __future__ import annotations

from kingmaker.analysis.lazy import lazy_exports

_HOME = {
    # voting
    "WeightedGame": "voting", "MultiWeightedGame": "voting", "SimpleGame": "voting", "board_game": "voting",
    "PowerResult": "voting", "PlayerPower": "voting", "parse_quota": "voting",
    # ownership
    "ubo": "ownership", "owners": "ownership", "integrated_matrix": "ownership", "UboReport": "ownership",
    "Owner": "ownership", "Chain": "ownership", "EdgeInput": "ownership", "build_graph": "ownership",
    "graph_from_snapshot": "ownership", "Interval": "ownership",
    # network control
    "ownership_matrix": "network", "control_matrix": "network", "top_controllers": "network",
    "network_values": "network", "network_power_index": "network",
    # corporate structure
    "controlled_group": "structure", "top_controller": "structure", "family": "structure",
    # de facto leverage
    "leverage": "leverage", "all_leverage": "leverage", "LeverageParams": "leverage", "Leverage": "leverage",
}

__all__ = sorted(_HOME)


__getattr__, __dir__ = lazy_exports(__name__, _HOME)
