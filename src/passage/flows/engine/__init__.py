"""The flows detector engine: pure, no session, no I/O. Documented in docs/flows-detectors.md.

Input: one count series (periods of one granularity, gaps allowed) and a `DetectorConfig`.
Output: `Signal`s (alerts) or, for charts and backtests, one `Judgement` per reported period,
each judged prospectively against earlier reports only.
"""

from __future__ import annotations

from passage.flows.engine.backtest import summarise_backtest
from passage.flows.engine.config import METHODS, DetectorConfig
from passage.flows.engine.detect import Judgement, Signal, detect, judge
from passage.flows.engine.periods import GRANULARITIES, Granularity, Period, parse_period

__all__ = [
    "GRANULARITIES",
    "METHODS",
    "DetectorConfig",
    "Granularity",
    "Judgement",
    "Period",
    "Signal",
    "detect",
    "judge",
    "parse_period",
    "summarise_backtest",
]
