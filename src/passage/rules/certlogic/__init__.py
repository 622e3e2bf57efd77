"""CertLogic, the JsonLogic subset of the EU DCC business rules: evaluator and validator.

``evaluate(logic, data)`` walks an expression once; ``compile_logic(logic)`` validates and
prepares it for rules that run many times. Both follow specification version ENGINE_VERSION.
"""

from __future__ import annotations

import re
from typing import Any

from passage.rules.certlogic.compiler import CompiledLogic
from passage.rules.certlogic.evaluator import evaluate_node
from passage.rules.certlogic.validator import Issue, issues, validate
from passage.rules.certlogic.values import CertLogicError, DateTime, boolsiness, to_json_value

ENGINE_VERSION = "1.3.2"
"""The version of the CertLogic specification this engine implements."""

_ENGINE_MAJOR, _ENGINE_MINOR = (int(part) for part in ENGINE_VERSION.split(".")[:2])
SUPPORTED_ENGINE_VERSIONS = f"{_ENGINE_MAJOR}.0.0 up to {_ENGINE_MAJOR}.{_ENGINE_MINOR}.x"
"""Rule EngineVersion values this engine accepts (same major, minor not above ours)."""

_SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:[-+][0-9A-Za-z.+-]*)?")

EVALUATION_ERRORS = (CertLogicError, ArithmeticError, TypeError, ValueError, LookupError)
"""What evaluating a compiled expression on untrusted data may raise (besides RecursionError)."""

__all__ = [
    "ENGINE_VERSION",
    "EVALUATION_ERRORS",
    "SUPPORTED_ENGINE_VERSIONS",
    "CertLogicError",
    "CompiledLogic",
    "DateTime",
    "Issue",
    "boolsiness",
    "compile_logic",
    "evaluate",
    "issues",
    "supports_engine_version",
    "validate",
]


def evaluate(logic: Any, data: Any) -> Any:
    """Evaluate a CertLogic expression; date-times in the result come back as ISO 8601 strings."""
    try:
        return to_json_value(evaluate_node(logic, data))
    except RecursionError as error:
        raise CertLogicError("expression or data nested too deeply") from error


def compile_logic(logic: Any) -> CompiledLogic:
    """Validate once and prepare an expression for repeated evaluation; raise if invalid."""
    return CompiledLogic(logic)


def supports_engine_version(version: str) -> bool:
    """True when a rule's EngineVersion has our major version and a minor version not above ours."""
    match = _SEMVER.fullmatch(version.strip()) if isinstance(version, str) else None
    if match is None:
        return False
    major, minor = int(match.group(1)), int(match.group(2))
    return major == _ENGINE_MAJOR and minor <= _ENGINE_MINOR
