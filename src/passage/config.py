"""Settings read from the environment (PASSAGE_*), with local defaults that just work."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET_KEY = "insecure-development-secret-change-me"
PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    """Every setting of a Passage deployment; see docs/operations.md."""

    model_config = SettingsConfigDict(env_prefix="PASSAGE_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = Field(default=f"sqlite:///{PROJECT_ROOT / 'var' / 'passage.db'}")
    secret_key: str = DEFAULT_SECRET_KEY
    secure_cookies: bool = False
    session_hours: int = 12
    api_token_default_days: int = 90
    # Sign-in throttling (auth/throttle.py): failures per account at one source or per trusted
    # device, per source over all accounts, per account over all untrusted clients; in a window.
    login_max_failures: int = 5
    login_source_max_failures: int = 30
    login_account_max_failures: int = 20
    login_lockout_minutes: int = 15
    # Public feedback (feedback/throttle.py): submissions and wrong tracking codes per source
    # address (kept as a keyed hash for the hour only) per hour; 0 turns a limit off.
    feedback_submissions_per_hour: int = 120
    feedback_code_failures_per_hour: int = 10
    # The audit chain's MAC key (audit/keys.py): derived from this value, else from the secret
    # key; former values stay listed (JSON list) so that entries made under them still verify.
    audit_key: str = ""
    audit_retired_keys: list[str] = Field(default_factory=list)
    # Signed checkpoints of the audit head, made by the job loop and appended to this file
    # (one JSON line each) when it is set: keep it where the database's users cannot write.
    audit_checkpoint_minutes: float = 60.0
    audit_checkpoint_file: Path | None = None
    argon2_time_cost: int = 3
    argon2_memory_cost: int = 65536
    default_language: str = "en"
    frontend_dir: Path = PROJECT_ROOT / "node_modules"
    dcc_trust_list: Path | None = None
    dcc_value_sets: Path | None = None
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_sender: str = ""
    smtp_timeout_seconds: float = 10.0
    outbox_interval_seconds: float = 15.0
    public_url: str = ""
    deployment_name: str = "Passage (local)"
    # Request bodies (413 above): JSON and forms; routes that take a file (imports, photos)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_upload_bytes: int = Field(default=201 * 1024 * 1024, ge=1024)
    # Record linkage on a Spark cluster (a master URL, `local[2]`, `spark://host:7077`) instead
    # of DuckDB in process; needs the `spark` extra (docs/operations.md: when to switch).
    linkage_spark: str = ""
    # Field nodes (docs/field-node.md): reference rows changed less than this long ago wait
    # for the next refresh (a transaction still open then cannot be skipped by a cursor); the
    # changes per batch sent up; the age of reference data from which the officer screen warns.
    field_down_settle_seconds: float = 30.0
    field_batch_size: int = Field(default=500, ge=1)
    field_reference_max_age_hours: float = 24.0
    host: str = "127.0.0.1"
    port: int = 8000
    # Background jobs (webhook deliveries, scheduled pulls): `passage jobs run`, or in-process
    # with `passage serve` (which sets PASSAGE_RUN_JOBS=true unless --no-jobs).
    run_jobs: bool = False
    jobs_poll_seconds: float = 2.0
    webhook_max_attempts: int = 12
    webhook_retry_base_seconds: float = 30.0
    webhook_retry_max_seconds: float = 6 * 3600.0
    webhook_timeout_seconds: float = 15.0

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        """In production, refuse a default secret or cookies sent without HTTPS."""
        if self.environment == "production":
            if self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < 32:
                raise ValueError("PASSAGE_SECRET_KEY must be set to a random value of 32+ chars")
            if self.audit_key and len(self.audit_key) < 32:
                raise ValueError("PASSAGE_AUDIT_KEY must be a random value of 32+ chars")
            if not self.secure_cookies:
                raise ValueError("PASSAGE_SECURE_COOKIES must be true in production (HTTPS)")
        return self

    @property
    def is_sqlite(self) -> bool:
        """True when the database is the embedded SQLite one."""
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
