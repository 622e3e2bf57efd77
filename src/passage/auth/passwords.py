"""What a new password must be: long enough, not one repeated character or blank, not one of
the most common passwords, and not easy to guess from the person's own e-mail or name.

The common passwords and the guessability estimate come from zxcvbn (Dropbox's estimator; its
list holds the 30,000 most common passwords of leaked sets). Pure: no session, no I/O.
"""

from __future__ import annotations

from functools import lru_cache

from zxcvbn import zxcvbn
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from passage.kit.i18n import gettext_ as _

MIN_LENGTH = 12
# zxcvbn's time grows with the length; what matters for guessing is the start of the password.
ESTIMATE_PREFIX = 100
# zxcvbn score 2: "somewhat guessable", more than 10^8 guesses.
MIN_SCORE = 2


@lru_cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, personal: tuple[str, ...] = ()) -> str | None:
    """Why a new password is refused (a sentence for the form), or None when it will do.

    `personal` holds the person's e-mail and name, which must not make the password easy."""
    if len(password) < MIN_LENGTH:
        return _("The password needs at least 12 characters.")
    if not password.strip() or len(set(password)) == 1:
        return _("The password cannot be one repeated character or only spaces.")
    if password.lower() in _common():
        return _("This password is one of the most common ones; choose another.")
    words = [part for value in personal for part in _parts(value)]
    if zxcvbn(password[:ESTIMATE_PREFIX], user_inputs=words)["score"] < MIN_SCORE:
        return _(
            "This password is too easy to guess (a common word, a name, a keyboard pattern, "
            "a sequence or your own e-mail); choose a longer or less predictable one."
        )
    return None


def _parts(value: str) -> list[str]:
    """An e-mail or a name, and its words, as zxcvbn's user inputs."""
    value = value.strip().lower()
    local = value.split("@", 1)[0]
    return [value, local, *local.replace(".", " ").replace("-", " ").split()]
