"""Fixtures of the DCC tests: a trusted signer imported as a trust list."""

from tests.dcc.fixtures import signer  # noqa: F401
