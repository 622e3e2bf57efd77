"""A score in words, factor by factor, in the reader's language. Pure: no I/O.

Shipped models' questions and reasons are catalogue messages and are translated; a model an
administrator added is shown as written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from passage.kit.i18n import gettext_ as _
from passage.protection.vocabulary import level_label, priority_label

# Model texts are data: shipped ones are catalogue messages, others are shown as written.
translated = _


@dataclass(frozen=True)
class Line:
    """One factor's line: its level, question, the answer and what it added, in words."""

    level: str
    question: str
    answer: str
    points: float
    weight: float
    sentence: str


def _number(value: float) -> str:
    return f"{value:g}"


def _answer(raw: Any) -> str:
    if raw is None or raw == "":
        return _("not answered")
    text = str(raw)
    return {"yes": _("yes"), "no": _("no")}.get(text.lower(), text)


def line(contribution: Mapping[str, Any]) -> Line:
    """The words of one stored contribution."""
    points, weight = float(contribution["points"]), float(contribution["weight"])
    because = translated(str(contribution["because"]) or "-")
    if contribution.get("answer") in (None, ""):
        sentence = _("Not answered: adds nothing.")
    elif points > 0:
        sentence = _("Adds %(points)s of %(weight)s points: %(because)s.") % {
            "points": _number(points),
            "weight": _number(weight),
            "because": because,
        }
    else:
        sentence = _("Adds nothing (up to %(weight)s points for %(because)s).") % {
            "weight": _number(weight),
            "because": because,
        }
    return Line(
        level=level_label(contribution["level"]),
        question=translated(str(contribution["question"]) or "-"),
        answer=_answer(contribution.get("answer")),
        points=points,
        weight=weight,
        sentence=sentence,
    )


def summary(total: float, maximum: float, priority: str, thresholds: Mapping[str, float]) -> str:
    """The score and priority in one sentence, with the thresholds it was compared with."""
    return _(
        "Score %(total)s of %(maximum)s: %(priority)s priority (medium from %(medium)s, "
        "high from %(high)s, critical from %(critical)s)."
    ) % {
        "total": _number(total),
        "maximum": _number(maximum),
        "priority": priority_label(priority).lower(),
        "medium": _number(thresholds.get("medium", 0)),
        "high": _number(thresholds.get("high", 0)),
        "critical": _number(thresholds.get("critical", 0)),
    }


def lines(contributions: Sequence[Mapping[str, Any]]) -> list[Line]:
    """Every factor's line, those that added points first (largest first), then the others."""
    ordered = sorted(contributions, key=lambda item: -float(item["points"]))
    return [line(item) for item in ordered]
