"""Tests of the country-level restriction map."""
