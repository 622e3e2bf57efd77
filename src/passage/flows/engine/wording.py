"""One plain English sentence per judgement: observed, expected, threshold and the method."""

from __future__ import annotations

from passage.flows.engine.periods import Period
from passage.flows.engine.settings import Settings

_UNIT = {"day": "reporting days", "week": "reporting weeks", "month": "reporting months"}
_METHOD_WORDS = {
    "seasonal": "seasonal baseline",
    "cusum": "CUSUM, a build-up over several periods",
    "shift": "level shift against the median of the last reports",
    "ears_c1": "EARS C1",
    "ears_c2": "EARS C2",
    "ears_c3": "EARS C3, the excess summed over three periods",
}


def number(value: float) -> str:
    """A count as people read it: whole numbers with thousands separators, small ones to 0.1."""
    if abs(value - round(value)) < 1e-9 or abs(value) >= 100:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def when(period: Period) -> str:
    """ "on 2024-03-05", "in week 2024-W05", "in 2024-03"."""
    if period.granularity == "day":
        return f"on {period}"
    if period.granularity == "week":
        return f"in week {period}"
    return f"in {period}"


def explain(
    *,
    period: Period,
    observed: float,
    expected: float,
    threshold: float,
    direction: str | None,
    method: str,
    used: int,
    seasonal: bool,
    settings: Settings,
    subject: str = "",
) -> str:
    """The sentence for a judged period, alert or not; `subject` names a sub-series after
    "movements" (" of people of nationality SYR")."""
    basis = f"the previous {used} {_UNIT[period.granularity]}"
    if settings.guard:  # the guard band: the periods just before are left out
        basis = f"the {used} {_UNIT[period.granularity]} before the last {settings.guard}"
    if seasonal:
        basis += (
            ", adjusted for the day of the week"
            if settings.seasonality == "weekday"
            else ", adjusted for the season seen in earlier years"
        )
    words = _METHOD_WORDS.get(method, method)
    if method == "seasonal" and not seasonal:
        words = "recent baseline"
    head = f"{number(observed)} movements{subject} {when(period)}"
    if direction == "up":
        return (
            f"{head}, above the alert threshold of {number(threshold)} "
            f"(expected {number(expected)} from {basis}; {words})."
        )
    if direction == "down":
        return (
            f"{head}, below the alert threshold of {number(threshold)} "
            f"(expected {number(expected)} from {basis}; {words})."
        )
    return f"{head}, within the expected range (expected {number(expected)} from {basis}; {words})."


def not_judged(period: Period, history: int, used: int, settings: Settings) -> str:
    """Why a period was not judged: too few earlier reports, or too few recent ones after a gap."""
    unit = _UNIT[period.granularity]
    if history < settings.min_history:
        return (
            f"Not judged {when(period)}: only {history} earlier {unit} to compare with, "
            f"and the detector needs {settings.min_history}."
        )
    needed = max(2, min(settings.window, settings.min_history))
    return (
        f"Not judged {when(period)}: only {used} recent {unit} after a gap in reporting, "
        f"and the baseline needs {needed}."
    )
