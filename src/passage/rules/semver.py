"""Semantic versions of business rules (MAJOR.MINOR.PATCH, no pre-release), compared as numbers."""

from __future__ import annotations

import re

VERSION_PATTERN = r"^(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})$"
_VERSION = re.compile(VERSION_PATTERN)

Version = tuple[int, int, int]


def parse_version(text: str) -> Version:
    """The (major, minor, patch) of a version string; raise ValueError when it is not semver."""
    match = _VERSION.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not a version of the form MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def is_version(text: str) -> bool:
    """True for a MAJOR.MINOR.PATCH version string."""
    return isinstance(text, str) and _VERSION.fullmatch(text) is not None
