"""The one web-form pipeline: read the posted values, turn errors into messages beside their
fields, and "submit, or roll back and show the form again with the errors".

A route reads `values = form_values(await request.form(), lists=(...))`, builds its payload,
and calls `submit(session, lambda: service.do(...))`. On success it gets the service's result;
on a validation or Passage error the session is rolled back (nothing half-done is kept) and it
gets a `Rejected` with the errors by field and the HTTP status to re-render the form with.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from passage.db import rollback
from passage.errors import PassageError
from passage.kit.readable import describe, explain

T = TypeVar("T")
WHOLE_FORM = "form"
CODE_SEPARATORS = re.compile(r"[\s,;]+")


def form_values(form: FormData, *, lists: Iterable[str] = ()) -> dict[str, Any]:
    """The raw form as strings, as shown back to the user; `lists` (checkboxes) as lists."""
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    for name in lists:
        values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return values


def code_list(text: str, *, upper: bool = False) -> list[str]:
    """Codes typed as a comma-, semicolon- or space-separated list (countries, POEs)."""
    codes = [code for code in CODE_SEPARATORS.split(text.strip()) if code]
    return [code.upper() for code in codes] if upper else codes


FieldOf = Callable[[Sequence[str]], str]


def first_part(location: Sequence[str]) -> str:
    """The form field of a validation error: the first part of its location."""
    return location[0] if location else WHOLE_FORM


def field_errors(
    error: ValidationError | PassageError, *, field_of: FieldOf = first_part
) -> dict[str, str]:
    """Form field -> message, the first error of each field (`form` for the whole form).

    `field_of` maps a pydantic error location to the form field that shows it (forms whose
    inputs are flattened from nested payloads pass their own)."""
    if isinstance(error, PassageError):
        return {(error.field or WHOLE_FORM).split(".")[-1]: explain(error, name_field=False)}
    errors: dict[str, str] = {}
    for item in error.errors():
        name = field_of([str(part) for part in item["loc"]])
        errors.setdefault(name, describe(item))
    return errors


def error_status(error: ValidationError | PassageError) -> int:
    """The HTTP status a form shown again with this error is sent with."""
    return 422 if isinstance(error, ValidationError) else error.status


@dataclass(frozen=True)
class Rejected:
    """A submission that failed: errors by form field and the status to show the form with."""

    errors: dict[str, str]
    status: int
    error: ValidationError | PassageError


def reject(
    session: Session, error: ValidationError | PassageError, *, field_of: FieldOf = first_part
) -> Rejected:
    """Roll back whatever the failed submission did and describe the failure for the form
    (what must outlive the failure, such as a refused attempt, is kept: `db.rollback`)."""
    rollback(session, error)
    return Rejected(field_errors(error, field_of=field_of), error_status(error), error)


def submit(
    session: Session, action: Callable[[], T], *, field_of: FieldOf = first_part
) -> T | Rejected:
    """Run `action` (validate, then call a service); on a validation or Passage error, roll
    back and return `Rejected` so the route can show the form again with the errors."""
    try:
        return action()
    except (ValidationError, PassageError) as error:
        return reject(session, error, field_of=field_of)
