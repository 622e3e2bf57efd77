"""What the journey engine answers: the decision, one finding per measure with its effect on
the traveller, the conditions to meet, and every reason as a message code with parameters
(turned into sentences in the user's language by journeys/messages.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from passage.journeys.engine.facts import MeasureFacts

ADMIT = "ADMIT"
ADMIT_WITH_CONDITIONS = "ADMIT_WITH_CONDITIONS"
REFUSE = "REFUSE"
UNKNOWN = "UNKNOWN"

# Effects of a measure on this traveller
APPLIES_REFUSE = "refuse"
APPLIES_CONDITION = "condition"
UNDETERMINED = "unknown"
EXEMPT = "exempt"
NOT_APPLICABLE = "not_applicable"

# Condition statuses
PENDING = "pending"
SATISFIED = "satisfied"
UNDECIDED = "undetermined"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why: a message code and its parameters (translated by the service)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict[str, str]:
        """The parameters as a dict."""
        return dict(self.params)


def reason(code: str, **params: Any) -> Reason:
    """A reason with string parameters."""
    return Reason(code, tuple((key, as_text(value)) for key, value in params.items()))


def as_text(value: Any) -> str:
    """A reason's parameter as text (collections as a sorted, comma-separated list)."""
    if isinstance(value, (set, frozenset, list, tuple)):
        return ", ".join(sorted(str(item) for item in value))
    return str(value)


@dataclass(frozen=True, slots=True)
class Condition:
    """Something the traveller must do or show; `status` is pending, satisfied or undetermined."""

    kind: str
    measure_id: str
    status: str
    quarantine_days: int | None = None
    reason: Reason | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One measure considered: its effect on this traveller and every reason for it."""

    measure: MeasureFacts
    effect: str
    reasons: tuple[Reason, ...]
    stale: bool
    condition: Condition | None = None
    shared: bool = False  # the same object answers many travellers (rendered once)
    self_declared: frozenset[str] = frozenset()  # exemptions claimed, not derived from facts


@dataclass(frozen=True, slots=True)
class Decision:
    """The answer: decision, conditions, every measure considered, and general notes."""

    decision: str
    conditions: tuple[Condition, ...] = ()
    findings: tuple[Finding, ...] = ()
    notes: tuple[Reason, ...] = field(default_factory=tuple)
