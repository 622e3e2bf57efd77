"""One error family carrying its HTTP status; rendered by one handler in main.py.

A message is written in English at the raise site and is its own catalogue entry (msgid): the
error classes are extraction keywords (scripts/i18n.sh). A message with values is a template with
named placeholders, `Invalid("no country has the code %(code)s", params={"code": code})`, never an
f-string, so one entry covers every value; `text(translate)` gives it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import ValidationError


class PassageError(Exception):
    """Base of every error a service may raise; `status` is the HTTP status to answer."""

    status = 400
    error = "bad_request"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        context: object = None,
        params: Mapping[str, object] | None = None,
    ):
        self.template = message
        self.params = dict(params or {})
        self.message = _filled(message, self.params)  # English: logs, audit trail, CLI
        super().__init__(self.message)
        self.field = field
        self.context = context

    def text(self, translate: Callable[[str], str]) -> str:
        """The message in the reader's language: its template translated, then filled in, a
        value that is a code of a worded kind (a country) as its name (`word_params`)."""
        return _filled(translate(self.template), worded(self.params))

    def to_dict(self, translate: Callable[[str], str] | None = None) -> dict[str, object]:
        """The one JSON error shape of the API: error, detail, field (and context if any);
        `detail` in the caller's language when a `translate` is given."""
        detail = self.text(translate) if translate else self.message
        body: dict[str, object] = {"error": self.error, "detail": detail, "field": self.field}
        if self.context is not None:
            body["context"] = self.context
        return body


class Invalid(PassageError):
    """The input is well-formed but not acceptable."""

    status = 422
    error = "invalid"


class NotAuthenticated(PassageError):
    """No valid credentials were given."""

    status = 401
    error = "not_authenticated"


class Forbidden(PassageError):
    """The actor may not do this."""

    status = 403
    error = "forbidden"


class NotFound(PassageError):
    """The record does not exist (or is not visible to the actor)."""

    status = 404
    error = "not_found"


class OutOfScope(NotFound):
    """A record outside the actor's scope, answered like one that does not exist so that its
    existence is not revealed; the refusal is audited like a Forbidden one."""


class Conflict(PassageError):
    """A concurrent edit or a duplicate: nothing was applied."""

    status = 409
    error = "conflict"


class Locked(PassageError):
    """The data needed is encrypted at rest and no one who can open it is signed in (a field
    node with no officer signed in)."""

    status = 423
    error = "locked"


class TooManyRequests(PassageError):
    """Throttled, e.g. after repeated failed logins; `retry_after` in seconds, if known."""

    status = 429
    error = "too_many_requests"

    def __init__(self, message: str, *, retry_after: int | None = None, **kwargs: object):
        super().__init__(message, **kwargs)  # type: ignore[arg-type]
        self.retry_after = retry_after


class Busy(TooManyRequests):
    """The database is busy with long work (SQLite's write lock not obtained in time): retry."""

    status = 503
    error = "busy"


class Refusal(ValueError):
    """A pure engine's refusal of its input (an unreadable MRZ, a picture with no QR code).
    Written as an error is, a catalogue template with named values, so that a page shows it in
    the reader's language (`as_invalid`); `str()` is the English text (logs, CLI)."""

    def __init__(self, template: str, params: Mapping[str, object] | None = None):
        self.template = template
        self.params = dict(params or {})
        super().__init__(_filled(template, self.params))

    def as_invalid(self, field: str | None = None) -> Invalid:
        """The refusal as the service's 422 error about a field, translatable."""
        return Invalid(self.template, params=self.params, field=field)


# Parameter name -> the words of its value in the reader's language (None: keep the value).
Wording = Callable[[object], str | None]
_wordings: dict[str, Wording] = {}


def word_params(names: tuple[str, ...], wording: Wording) -> None:
    """Show the values of these parameters in words, e.g. `country` "KEN" as "Kenya" in
    English and "كينيا" in Arabic (a domain registers it at install)."""
    for name in names:
        _wordings[name] = wording


def worded(params: Mapping[str, object]) -> Mapping[str, object]:
    """The values of a message, those of a worded kind as their words (`word_params`)."""
    if not params or not _wordings:
        return params
    worded = dict(params)
    for name, value in params.items():
        if (wording := _wordings.get(name)) is not None and (words := wording(value)):
            worded[name] = words
    return worded


def _filled(template: str, params: Mapping[str, object]) -> str:
    return template % params if params else template


def first_problem(error: ValidationError) -> Invalid:
    """The first problem of a validation error, as Invalid naming its field (`a.b.c`)."""
    problems = error.errors()
    if not problems:
        return Invalid("invalid input")
    where = ".".join(str(part) for part in problems[0]["loc"])
    message = problems[0]["msg"]  # pydantic's text, not a catalogue entry
    return Invalid(message, field=where or None)


def one_line(error: PassageError) -> str:
    """An error as one line that names its field first, e.g. `keys: not JSON`."""
    return f"{error.field}: {error.message}" if error.field else error.message
