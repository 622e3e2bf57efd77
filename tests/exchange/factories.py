"""Factories and helpers for exchange tests: a partner that trusts this deployment's own keys
(so one database can play both sides), and signed entries made like a partner would."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.orm import Session

from passage.exchange import jws, partners, repository, service
from passage.exchange.canonical import canonical_json
from passage.exchange.entries import ENTRY_FORMAT
from passage.exchange.schemas import PartnerCreate


class RemoteDeployment:
    """A partner deployment simulated in a test: its own key, id and cursor; signs entries."""

    def __init__(self, name: str = "Remote"):
        self.name = name
        self.key = Ed25519PrivateKey.generate()
        self.kid = jws.key_id(self.key.public_key())
        self.deployment_id = uuid.uuid4()
        self.cursor = 0

    def keys_document(self) -> dict[str, Any]:
        """What its /.well-known/passage-keys.json would say."""
        jwk = jws.public_jwk(self.key.public_key(), valid_from="2020-01-01T00:00:00Z")
        return {"deployment": {"id": str(self.deployment_id), "name": self.name}, "keys": [jwk]}

    def entry(
        self,
        kind: str,
        content: dict[str, Any],
        *,
        record_id: str | None = None,
        version: int = 1,
        action: str = "published",
        effective_from: str | None = None,
        key: Ed25519PrivateKey | None = None,
    ) -> dict[str, Any]:
        """A signed entry of the next cursor."""
        self.cursor += 1
        document = {
            "format": ENTRY_FORMAT,
            "id": str(uuid.uuid4()),
            "cursor": self.cursor,
            "deployment": str(self.deployment_id),
            "published_at": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
            "kind": kind,
            "action": action,
            "record": {"id": record_id or str(uuid.uuid4()), "version": version},
            "effective_from": effective_from,
            "content": content,
        }
        signer = key or self.key
        kid = jws.key_id(signer.public_key())
        return document | {"signature": jws.sign_detached(canonical_json(document), signer, kid)}


def measure_content(**overrides: Any) -> dict[str, Any]:
    """Entry content of a published Ugandan quarantine measure."""
    content: dict[str, Any] = {
        "country_iso3": "UGA",
        "measure_type": "quarantine",
        "title": "Fourteen-day quarantine on arrival",
        "details": None,
        "nationalities": [],
        "origins": ["IND"],
        "transits": [],
        "residence": [],
        "poe_scope": "all",
        "poe_codes": [],
        "exemptions": ["diplomats"],
        "quarantine_days": 14,
        "announced_on": None,
        "effective_from": "2021-05-01",
        "effective_until": None,
        "sources": [
            {"title": "Ministry of Health", "url": None, "publisher": None, "retrieved_on": None}
        ],
        "last_verified_on": None,
        "explicit_level": None,
        "status": "published",
        "measure_class": "entry_condition",
        "level": 2,
    }
    return content | overrides


def add_partner(session: Session, remote: RemoteDeployment, **overrides: Any) -> Any:
    """Register a simulated partner with its keys."""
    data = PartnerCreate(
        name=overrides.pop("name", remote.name),
        feed_url=overrides.pop("feed_url", f"https://{remote.name.lower()}.example.org"),
        keys=remote.keys_document(),
        **overrides,
    )
    partner, _ = partners.create_partner(session=session, data=data)
    return partner


def feed_entries(session: Session, after: int = 0) -> list[dict[str, Any]]:
    """This deployment's signed entries after a cursor."""
    return service.feed_page(session=session, after=after, limit=1000).entries


def head(session: Session) -> int:
    """This deployment's last cursor."""
    session.expire_all()
    return repository.get_head(session).cursor


def as_json(value: Any) -> Any:
    """A value through JSON and back, as a partner would receive it."""
    return json.loads(json.dumps(value))
