"""One error family carrying its HTTP status; rendered by one handler in main.py."""

from __future__ import annotations

from pydantic import ValidationError


class PassageError(Exception):
    """Base of every error a service may raise; `status` is the HTTP status to answer."""

    status = 400
    error = "bad_request"

    def __init__(self, message: str, *, field: str | None = None, context: object = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.context = context

    def to_dict(self) -> dict[str, object]:
        """The one JSON error shape of the API: error, detail, field (and context if any)."""
        body: dict[str, object] = {"error": self.error, "detail": self.message, "field": self.field}
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


def first_problem(error: ValidationError) -> Invalid:
    """The first problem of a validation error, as Invalid naming its field (`a.b.c`)."""
    problems = error.errors()
    if not problems:
        return Invalid("invalid input")
    where = ".".join(str(part) for part in problems[0]["loc"])
    return Invalid(problems[0]["msg"], field=where or None)


def one_line(error: PassageError) -> str:
    """An error as one line that names its field first, e.g. `keys: not JSON`."""
    return f"{error.field}: {error.message}" if error.field else error.message
