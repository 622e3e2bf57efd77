"""Time-ordered ids, UTC timestamps and the production safety checks of the settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from passage.config import Settings
from passage.kit.ids import uuid7


def test_uuid7_is_version_7_and_time_ordered():
    ids = [uuid7() for _ in range(2000)]
    assert all(i.version == 7 and i.variant == "specified in RFC 4122" for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_production_refuses_the_default_secret():
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(environment="production", secure_cookies=True)


def test_production_refuses_cookies_without_https():
    with pytest.raises(ValidationError, match="SECURE_COOKIES"):
        Settings(environment="production", secret_key="x" * 40, secure_cookies=False)


def test_production_starts_with_a_real_secret_and_https_cookies():
    settings = Settings(environment="production", secret_key="x" * 40, secure_cookies=True)
    assert settings.environment == "production"


def test_local_defaults_use_embedded_sqlite_under_var():
    settings = Settings(_env_file=None, database_url=Settings.model_fields["database_url"].default)
    assert settings.is_sqlite and "/var/passage.db" in settings.database_url
