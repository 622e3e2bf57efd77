"""The vulnerability scoring engine: a model (data) and a person's answers give a score, a
priority and each factor's contribution. Pure: no session, no I/O.

A model groups its factors by IOM's Determinants of Migrant Vulnerability levels (individual,
household, community, structural). Each factor has a question, a weight and a rule; the rule
turns the answer into a fraction between 0 and 1, and the factor contributes weight x fraction
points (rounded to hundredths, so that a stored version gives the same score forever). The
total is compared with the model's thresholds to give the priority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("individual", "household", "community", "structural")
PRIORITIES = ("low", "medium", "high", "critical")
ANSWER_TYPES = ("yes_no", "choice", "number", "multiple")
RULE_TYPES = {
    "yes_no": ("yes", "no"),
    "choice": ("choices",),
    "number": ("at_least", "at_most", "between"),
    "multiple": ("any_of", "count_of"),
}
YES = frozenset({"yes", "y", "true", "1", "oui", "si", "sí", "نعم"})
NO = frozenset({"no", "n", "false", "0", "non", "لا"})


class ModelError(ValueError):
    """A scoring model definition that cannot be used, naming where it is wrong."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.message, self.where = message, where


@dataclass(frozen=True)
class Rule:
    """How an answer becomes a fraction of the factor's weight."""

    kind: str
    values: Mapping[str, float] = field(default_factory=dict)
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Factor:
    """One determinant: its level, question, weight, rule and the words said when it counts."""

    code: str
    level: str
    question: str
    answer_type: str
    weight: float
    rule: Rule
    because: str
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Model:
    """One version of a scoring model."""

    code: str
    version: int
    name: str
    factors: tuple[Factor, ...]
    thresholds: Mapping[str, float]

    @property
    def maximum(self) -> float:
        """The highest total the model can give."""
        return round(sum(factor.weight for factor in self.factors), 2)


@dataclass(frozen=True)
class Contribution:
    """What one factor added to the score, and why."""

    factor: str
    level: str
    question: str
    answer: str | None
    fraction: float
    points: float
    weight: float
    because: str


@dataclass(frozen=True)
class Score:
    """A scored screening: total, maximum, priority and every factor's contribution."""

    model_code: str
    model_version: int
    total: float
    maximum: float
    priority: str
    contributions: tuple[Contribution, ...]

    def by_level(self) -> dict[str, float]:
        """Points per level, in the levels' order."""
        sums = dict.fromkeys(LEVELS, 0.0)
        for item in self.contributions:
            sums[item.level] = round(sums[item.level] + item.points, 2)
        return sums


# ---------------------------------------------------------------- reading a definition


def _number(value: Any, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ModelError("must be a number", where) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ModelError("must be a finite number", where)
    return number


def _rule(raw: Any, answer_type: str, where: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise ModelError("the rule must be an object with a type", where)
    kind = raw.get("type")
    if kind not in RULE_TYPES[answer_type]:
        allowed = ", ".join(RULE_TYPES[answer_type])
        raise ModelError(f"a {answer_type} question takes a rule of type {allowed}", where)
    values_raw = raw.get("values", {})
    if isinstance(values_raw, list):
        values_raw = dict.fromkeys(values_raw, 1.0)
    if not isinstance(values_raw, Mapping):
        raise ModelError("values must be a list or an object", where)
    values = {str(k): _number(v, f"{where}.values.{k}") for k, v in values_raw.items()}
    if any(not 0 <= v <= 1 for v in values.values()):
        raise ModelError("each value's fraction must be between 0 and 1", where)
    low = _number(raw["low"], f"{where}.low") if raw.get("low") is not None else None
    high = _number(raw["high"], f"{where}.high") if raw.get("high") is not None else None
    _check_rule(kind, values, low, high, where)
    return Rule(kind, values, low, high)


def _check_rule(kind: str, values: Mapping[str, float], low: Any, high: Any, where: str) -> None:
    if kind in ("choices", "any_of", "count_of") and not values:
        raise ModelError("the rule needs the answers that count (values)", where)
    if kind == "at_least" and low is None:
        raise ModelError("an at_least rule needs low", where)
    if kind == "at_most" and high is None:
        raise ModelError("an at_most rule needs high", where)
    if kind == "between" and (low is None or high is None or low >= high):
        raise ModelError("a between rule needs low below high", where)
    if kind == "count_of" and (high is None or high < 1):
        raise ModelError("a count_of rule needs high: how many answers count in full", where)


def _factor(raw: Any, number: int) -> Factor:
    where = f"factors[{number}]"
    if not isinstance(raw, Mapping):
        raise ModelError("each factor must be an object", where)
    code = str(raw.get("code") or "").strip()
    if not code or len(code) > 60:
        raise ModelError("each factor needs a code (at most 60 characters)", where)
    level, answer_type = raw.get("level"), raw.get("answer_type", "yes_no")
    if level not in LEVELS:
        raise ModelError(f"level must be one of {', '.join(LEVELS)}", f"{where}.level")
    if answer_type not in ANSWER_TYPES:
        raise ModelError(f"answer_type must be one of {', '.join(ANSWER_TYPES)}", where)
    weight = _number(raw.get("weight"), f"{where}.weight")
    if weight < 0:
        raise ModelError("the weight cannot be negative", f"{where}.weight")
    question = str(raw.get("question") or "").strip()
    if not question:
        raise ModelError("each factor needs its question", f"{where}.question")
    choices = tuple((str(c), str(label)) for c, label in (raw.get("choices") or {}).items())
    return Factor(
        code=code,
        level=level,
        question=question,
        answer_type=answer_type,
        weight=weight,
        rule=_rule(raw.get("rule"), answer_type, f"{where}.rule"),
        because=str(raw.get("because") or question).strip(),
        choices=choices,
    )


def _thresholds(raw: Any) -> dict[str, float]:
    if not isinstance(raw, Mapping):
        raise ModelError("thresholds must give medium, high and critical", "thresholds")
    found = {name: _number(raw.get(name), f"thresholds.{name}") for name in PRIORITIES[1:]}
    if not found["medium"] <= found["high"] <= found["critical"]:
        raise ModelError("thresholds must rise: medium <= high <= critical", "thresholds")
    return found


def model_from_definition(code: str, version: int, name: str, definition: Any) -> Model:
    """A model from its stored definition ({factors: [...], thresholds: {...}}); a definition
    that cannot be used raises ModelError naming the place."""
    if not isinstance(definition, Mapping):
        raise ModelError("the definition must be an object with factors and thresholds")
    raw_factors = definition.get("factors")
    if not isinstance(raw_factors, Sequence) or not raw_factors:
        raise ModelError("the model needs at least one factor", "factors")
    factors = tuple(_factor(raw, number) for number, raw in enumerate(raw_factors))
    codes = [factor.code for factor in factors]
    if len(set(codes)) != len(codes):
        duplicate = next(code for code in codes if codes.count(code) > 1)
        raise ModelError(f"the factor code {duplicate} is used twice", "factors")
    return Model(code, version, name, factors, _thresholds(definition.get("thresholds")))


# ---------------------------------------------------------------- scoring


def _as_text(answer: Any) -> str | None:
    if answer is None:
        return None
    if isinstance(answer, bool):
        return "yes" if answer else "no"
    if isinstance(answer, list | tuple):
        return " ".join(str(item) for item in answer) or None
    text = str(answer).strip()
    return text or None


def _items(text: str) -> set[str]:
    return {item for item in text.replace(",", " ").split() if item}


def _fraction(factor: Factor, text: str) -> float:
    rule = factor.rule
    if rule.kind in ("yes", "no"):
        word = text.lower()
        return 1.0 if word in (YES if rule.kind == "yes" else NO) else 0.0
    if rule.kind == "choices":
        return rule.values.get(text, 0.0)
    if rule.kind in ("any_of", "count_of"):
        chosen = _items(text) & set(rule.values)
        if rule.kind == "any_of":
            return max((rule.values[item] for item in chosen), default=0.0)
        return min(1.0, len(chosen) / (rule.high or 1))
    return _number_fraction(rule, text)


def _number_fraction(rule: Rule, text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return 0.0
    if rule.kind == "at_least":
        return 1.0 if value >= (rule.low or 0) else 0.0
    if rule.kind == "at_most":
        return 1.0 if value <= (rule.high or 0) else 0.0
    low, high = rule.low or 0.0, rule.high or 1.0
    return min(1.0, max(0.0, (value - low) / (high - low)))


def priority_of(total: float, thresholds: Mapping[str, float]) -> str:
    """The priority a total reaches (low below the medium threshold)."""
    reached = [name for name in PRIORITIES[1:] if total >= thresholds[name]]
    return reached[-1] if reached else "low"


def evaluate(model: Model, answers: Mapping[str, Any]) -> Score:
    """Score a person's answers (factor code -> answer) with one model version."""
    contributions = []
    for factor in model.factors:
        text = _as_text(answers.get(factor.code))
        fraction = round(_fraction(factor, text), 4) if text is not None else 0.0
        contributions.append(
            Contribution(
                factor=factor.code,
                level=factor.level,
                question=factor.question,
                answer=text,
                fraction=fraction,
                points=round(factor.weight * fraction, 2),
                weight=factor.weight,
                because=factor.because,
            )
        )
    total = round(sum(item.points for item in contributions), 2)
    return Score(
        model_code=model.code,
        model_version=model.version,
        total=total,
        maximum=model.maximum,
        priority=priority_of(total, model.thresholds),
        contributions=tuple(contributions),
    )


def answer_problem(factor: Factor, answer: Any) -> str | None:
    """Why an answer cannot be scored by a factor (None when it can, or when it is blank)."""
    text = _as_text(answer)
    if text is None:
        return None
    if factor.answer_type == "yes_no" and text.lower() not in YES | NO:
        return "answer yes or no"
    if factor.answer_type == "number":
        try:
            float(text.replace(",", "."))
        except ValueError:
            return "must be a number"
    known = {code for code, _ in factor.choices}
    if factor.answer_type == "choice" and known and text not in known:
        return "not one of the choices"
    if factor.answer_type == "multiple" and known and not _items(text) <= known:
        return "not one of the choices"
    return None


def answer_problems(model: Model, answers: Mapping[str, Any]) -> dict[str, str]:
    """Question code -> why its answer cannot be scored, for every such answer."""
    return {
        factor.code: problem
        for factor in model.factors
        if (problem := answer_problem(factor, answers.get(factor.code))) is not None
    }
