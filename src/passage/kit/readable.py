"""Validation errors as sentences people can read, in their language, naming the field.

Pydantic's own texts ("String should match pattern '^[A-Za-z]{3}$'", "Field required") are
for programmers; the pages and the API's `detail` show these instead. A validator's own message
(`ValueError("...")`) is already written for people and is kept (translated when catalogued).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from passage.errors import Invalid, PassageError
from passage.kit.i18n import N_
from passage.kit.i18n import gettext_ as _

LOCATION_ROOTS = frozenset({"body", "query", "path", "header", "cookie", "form"})
# Field names whose humanised spelling would read oddly.
FIELD_LABELS: dict[str, str] = {
    "iso3": N_("Country code"),
    "country_iso3": N_("Country"),
    "country": N_("Country"),
    "poe_id": N_("Point of entry"),
    "poe_codes": N_("Points of entry"),
    "date": N_("Date"),
    "on": N_("Date"),
    "email": N_("E-mail"),
    "full_name": N_("Full name"),
    "password": N_("Password"),
    "role": N_("Role"),
    "scope_type": N_("Scope"),
    "scope_value": N_("Scope value"),
    "title": N_("Title"),
    "effective_from": N_("Effective from"),
    "effective_until": N_("Effective until"),
    "measure_type": N_("Measure type"),
    "status": N_("Status"),
    "version": N_("Version"),
    "origin": N_("Origin"),
    "destination": N_("Destination"),
    "nationality": N_("Nationality"),
    "nationalities": N_("Nationalities"),
    "residence": N_("Residence"),
    "arrival_date": N_("Arrival date"),
    "itinerary": N_("Itinerary"),
    "traveller": N_("Traveller"),
    "organisation": N_("Organisation"),
}
PATTERN_HINTS: dict[str, str] = {
    "^[A-Za-z]{3}$": N_("a three-letter code"),
    "^[A-Z]{3}$": N_("a three-letter code"),
    "^[A-Za-z]{2}$": N_("a two-letter code"),
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$": N_("an e-mail address such as name@example.org"),
}


def field_label(location: Sequence[Any]) -> str:
    """The field a validation error is about, as people would name it (translated)."""
    names = [str(p) for p in location if not isinstance(p, int) and p not in LOCATION_ROOTS]
    if not names:
        return _("This form")
    name = names[-1]
    if name in FIELD_LABELS:
        return _(FIELD_LABELS[name])
    return name.replace("_", " ").strip().capitalize()


def _length(field: str, ctx: Mapping[str, Any], kind: str) -> str:
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return _("%(field)s cannot be empty.") % {"field": field}
    if kind == "string_too_short":
        text = _("%(field)s must be at least %(n)s characters long.")
        return text % {"field": field, "n": ctx.get("min_length")}
    if kind == "string_too_long":
        text = _("%(field)s must be at most %(n)s characters long.")
        return text % {"field": field, "n": ctx.get("max_length")}
    if kind == "too_short":
        return _("%(field)s needs at least %(n)s entries.") % {
            "field": field,
            "n": ctx.get("min_length"),
        }
    return _("%(field)s has too many entries (at most %(n)s).") % {
        "field": field,
        "n": ctx.get("max_length"),
    }


def _bound(field: str, ctx: Mapping[str, Any], kind: str) -> str:
    texts = {
        "greater_than_equal": (N_("%(field)s must be at least %(n)s."), "ge"),
        "greater_than": (N_("%(field)s must be more than %(n)s."), "gt"),
        "less_than_equal": (N_("%(field)s must be at most %(n)s."), "le"),
        "less_than": (N_("%(field)s must be less than %(n)s."), "lt"),
    }
    text, key = texts[kind]
    return _(text) % {"field": field, "n": ctx.get(key)}


def _choice(field: str, ctx: Mapping[str, Any], kind: str) -> str:
    expected = str(ctx.get("expected", "")).replace("'", "")
    return _("%(field)s must be one of: %(choices)s.") % {"field": field, "choices": expected}


def _pattern(field: str, ctx: Mapping[str, Any], kind: str) -> str:
    hint = PATTERN_HINTS.get(str(ctx.get("pattern", "")))
    if hint:
        return _("%(field)s must be %(hint)s.") % {"field": field, "hint": _(hint)}
    return _("%(field)s is not in the expected form.") % {"field": field}


SIMPLE: dict[str, str] = {
    "missing": N_("%(field)s is required."),
    "date_parsing": N_("%(field)s must be a date written YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("%(field)s must be a date written YYYY-MM-DD."),
    "date_from_datetime_inexact": N_("%(field)s must be a date written YYYY-MM-DD."),
    "date_type": N_("%(field)s must be a date written YYYY-MM-DD."),
    "datetime_parsing": N_("%(field)s must be a date and time (YYYY-MM-DDTHH:MM)."),
    "datetime_from_date_parsing": N_("%(field)s must be a date and time (YYYY-MM-DDTHH:MM)."),
    "datetime_type": N_("%(field)s must be a date and time (YYYY-MM-DDTHH:MM)."),
    "int_parsing": N_("%(field)s must be a whole number."),
    "int_type": N_("%(field)s must be a whole number."),
    "int_from_float": N_("%(field)s must be a whole number."),
    "float_parsing": N_("%(field)s must be a number."),
    "float_type": N_("%(field)s must be a number."),
    "decimal_parsing": N_("%(field)s must be a number."),
    "bool_parsing": N_("%(field)s must be yes or no."),
    "bool_type": N_("%(field)s must be yes or no."),
    "uuid_parsing": N_("%(field)s is not a known record identifier."),
    "uuid_type": N_("%(field)s is not a known record identifier."),
    "url_parsing": N_("%(field)s must be a web address (https://...)."),
    "url_scheme": N_("%(field)s must be a web address (https://...)."),
    "url_type": N_("%(field)s must be a web address (https://...)."),
    "string_type": N_("%(field)s must be text."),
    "list_type": N_("%(field)s must be a list."),
    "dict_type": N_("%(field)s must be a set of named values."),
    "model_type": N_("%(field)s must be a set of named values."),
    "json_invalid": N_("The request is not valid JSON."),
    "extra_forbidden": N_("%(field)s is not a field this form knows."),
}
Describer = Callable[[str, Mapping[str, Any], str], str]
SHAPED: dict[str, Describer] = {
    "string_too_short": _length,
    "string_too_long": _length,
    "too_short": _length,
    "too_long": _length,
    "greater_than_equal": _bound,
    "greater_than": _bound,
    "less_than_equal": _bound,
    "less_than": _bound,
    "enum": _choice,
    "literal_error": _choice,
    "string_pattern_mismatch": _pattern,
}


def _own_message(error: Mapping[str, Any]) -> str:
    """A validator's own message, translated when catalogued, after the field it is about."""
    own = str(error.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    own = _(own)
    names = [p for p in error.get("loc", ()) if not isinstance(p, int) and p not in LOCATION_ROOTS]
    if not names:
        return own[:1].upper() + own[1:]
    return f"{field_label(names)}: {own}"


def describe(error: Mapping[str, Any]) -> str:
    """One pydantic error (an item of `errors()`) as a sentence naming its field."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    field = field_label(error.get("loc", ()))
    if kind in {"value_error", "assertion_error"}:
        return _own_message(error)
    if kind in SHAPED:
        return SHAPED[kind](field, ctx, kind)
    if kind in SIMPLE:
        return _(SIMPLE[kind]) % {"field": field}
    return _("%(field)s is not valid.") % {"field": field}


def first_invalid(error: ValidationError) -> Invalid:
    """The first problem of a validation error as Invalid: a sentence naming its field (so the
    error itself names none, or the page would name it twice)."""
    problems = error.errors()
    return Invalid(describe(problems[0]) if problems else _("The request is not valid."))


def explain(error: PassageError, *, name_field: bool = True) -> str:
    """A service's error in the reader's language, after the field it is about (if any and
    `name_field`; a form shows it beside the field instead)."""
    text = error.text(_)
    if not (name_field and error.field):
        return text
    return f"{field_label(error.field.split('.'))}: {text}"
