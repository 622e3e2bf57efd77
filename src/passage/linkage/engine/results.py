"""What a linkage run gives back: pairs with their explanation per field, clusters, timing and
the trained model. Plain data, without Splink, so that reading results loads nothing heavy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Pair:
    """A candidate pair: its probability of being one person, and per field the level of
    agreement reached and its weight (log2 Bayes factor, + for a match, - against)."""

    id_l: str
    id_r: str
    match_probability: float
    match_weight: float
    fields: dict[str, tuple[str, float]]


@dataclass
class LinkageResult:
    """The outcome of a run: pairs above the threshold, clusters, timing and the model."""

    records: int
    pairs: list[Pair]
    clusters: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    parameters: dict[str, Any] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)  # Splink's JSON, for later checks

    def summary(self) -> dict[str, Any]:
        """The JSON summary the command line prints."""
        return {
            "records": self.records,
            "pairs": len(self.pairs),
            "clusters": len(set(self.clusters.values())) if self.clusters else None,
            "seconds": round(self.seconds, 3),
            "parameters": self.parameters,
        }
