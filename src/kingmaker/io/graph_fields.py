"""The node and edge attributes the graph formats (GEXF, GraphML) write, as strings."""
from __future__ import annotations

from kingmaker.model import Actor, Relation


def edge_fields(r: Relation) -> dict[str, str]:
    return {
        "kind": r.kind.value,
        "share": str(r.share) if r.share is not None else "",
        "share_low": str(r.share.low) if r.share is not None else "",
        "share_high": str(r.share.high) if r.share is not None else "",
        "interest_type": r.interest_type or "",
        "valid_from": r.valid_from.isoformat() if r.valid_from else "",
        "valid_to": r.valid_to.isoformat() if r.valid_to else "",
    }


def node_fields(a: Actor) -> dict[str, str]:
    return {"kind": a.kind.value, "jurisdiction": a.jurisdiction or "",
            "unspecified_reason": a.unspecified_reason.value if a.unspecified_reason else ""}


NODE_KEYS = ("kind", "jurisdiction", "unspecified_reason")
EDGE_KEYS = ("kind", "share", "share_low", "share_high", "interest_type", "valid_from", "valid_to")


def xml_text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
