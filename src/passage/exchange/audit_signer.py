"""Signing the audit trail's checkpoints with this deployment's feed key (Ed25519), the key
partners already hold from /.well-known/passage-keys.json: a checkpoint then proves itself to
anyone with the keys document. Registered into the audit trail when the exchange is installed
(the audit domain sits below the exchange and never imports it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from passage.exchange import jws, keys, repository, service, trust


class FeedKeySigner:
    """Signs checkpoint statements as detached JWS (EdDSA) with the current feed key."""

    def sign(self, session: Session, statement: bytes) -> tuple[str, str]:
        """(kid, detached JWS) over the statement (the first key is made if there is none)."""
        signer = keys.signer_of(service.ensure_key(session))
        return signer.kid, jws.sign_detached(statement, signer.private_key, signer.kid)

    def verify(
        self, session: Session, statement: bytes, signature: str, trusted: Any | None
    ) -> str:
        """The kid that signed, checked with a keys document (or this deployment's own keys);
        ValueError otherwise."""
        if trusted is not None:
            document = trust.read_keys_document(trusted)
            public = {key.kid: key.public_key for key in document.keys}
        else:
            public = {}
            for stored in repository.all_keys(session):
                kid, public_key = jws.public_key_from_jwk(keys.published_jwk(stored))
                public[kid] = public_key
        return jws.verify_detached(signature, statement, public)
