"""Feed throughput of the border-rule exchange: entries per second verified, and verified and
imported, by a following deployment.

Deployment A (a fresh database) publishes --entries measures through the restriction tracker,
each becoming a signed feed entry (timed too: signing at publication). Its feed is read page by
page and passed through JSON, as a partner receives it. Deployment B (another fresh database)
then verifies every entry against A's published keys (RFC 8785 + Ed25519 detached JWS), and
finally verifies and imports the whole feed in pages of --page-size entries, one committed
transaction per page, with provenance. Baselines: raw Ed25519 verification of the same bytes
(what canonicalisation adds), and verification alone (what the import adds).
SQLite always; PostgreSQL too with --postgres URL or PASSAGE_BENCH_DATABASE_URL, its figure
names ending in _postgresql.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("PASSAGE_ENVIRONMENT", "test")

from _db import fresh_database
from _report import report
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from passage.db import make_engine, transaction
from passage.exchange import importer, jws, partners, service, trust
from passage.exchange.canonical import canonical_json
from passage.exchange.schemas import PartnerCreate
from passage.geo.service import load_countries
from passage.migrate import upgrade
from passage.restrictions.schemas import MeasureCreate
from passage.restrictions.service import create_measure

COUNTRIES = ["KEN", "UGA", "TZA", "RWA", "ETH", "SOM", "SSD", "BDI", "COD", "ZMB"]
TYPES = ["quarantine", "test_before_arrival", "origin_ban", "vaccination", "health_declaration"]


def _factory(url: str) -> tuple[Engine, sessionmaker[Any]]:
    engine = make_engine(url)
    upgrade(engine)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    with transaction(factory) as session:
        load_countries(session=session)
    return engine, factory


def publish(factory: sessionmaker[Any], count: int) -> float:
    """Publish `count` measures (each a signed entry); seconds taken."""
    started = time.perf_counter()
    with transaction(factory) as session:
        known = set(COUNTRIES)
        for n in range(count):
            data = MeasureCreate(
                country_iso3=COUNTRIES[n % len(COUNTRIES)],
                measure_type=TYPES[n % len(TYPES)],
                title=f"Synthetic measure {n}",
                origins=[COUNTRIES[(n + 3) % len(COUNTRIES)]],
                effective_from=date(2021, 1, 1) + timedelta(days=n % 400),
                quarantine_days=7 if n % 5 == 0 else None,
                exemptions=["diplomats", "health_workers"],
                sources=[{"title": "Ministry notice", "url": "https://gov.example.org/n"}],
                status="published",
            )
            create_measure(session=session, data=data, actor=None, known_countries=known)
    return time.perf_counter() - started


def read_feed(factory: sessionmaker[Any], page_size: int) -> tuple[list[list[Any]], dict[str, Any]]:
    """Every page of A's feed as a partner receives it (through JSON), and A's keys document."""
    pages, after = [], 0
    with transaction(factory) as session:
        keys = service.keys_document(session)
        while True:
            page = service.feed_page(session=session, after=after, limit=page_size)
            if not page.entries:
                break
            pages.append(json.loads(json.dumps(page.model_dump(mode="json")["entries"])))
            after = page.next_after
    return pages, json.loads(json.dumps(keys))


def verify_only(entries: list[Any], keys_document: dict[str, Any]) -> float:
    """Seconds to verify every entry (canonical form + signature + checks), nothing stored."""
    document = trust.read_keys_document(keys_document)
    keys = {key.kid: key for key in document.keys}
    started = time.perf_counter()
    for entry in entries:
        trust.verify_entry(entry, keys=keys, deployment_id=document.deployment_id)
    return time.perf_counter() - started


def raw_signatures(entries: list[Any], keys_document: dict[str, Any]) -> float:
    """Seconds for Ed25519 alone over bytes canonicalised beforehand (the floor)."""
    keys = {key.kid: key.public_key for key in trust.read_keys_document(keys_document).keys}
    prepared = []
    for entry in entries:
        unsigned = {k: v for k, v in entry.items() if k != "signature"}
        header, _, signature = entry["signature"].split(".")
        signing_input = f"{header}.{jws.b64url(canonical_json(unsigned))}".encode()
        kid = jws.header_of(entry["signature"])["kid"]
        prepared.append((keys[kid], jws.b64url_decode(signature), signing_input))
    started = time.perf_counter()
    for public_key, signature, signing_input in prepared:
        public_key.verify(signature, signing_input)
    return time.perf_counter() - started


def import_all(factory: sessionmaker[Any], pages: list[list[Any]], keys: dict[str, Any]) -> float:
    """Seconds to verify and import every page, one committed transaction per page."""
    with transaction(factory) as session:
        partner, _ = partners.create_partner(
            session=session,
            data=PartnerCreate(name="A", feed_url="https://a.example.org", keys=keys),
        )
        partner_id = partner.id
    started = time.perf_counter()
    for page in pages:
        with transaction(factory) as session:
            partner = partners.get_partner(session=session, partner_id=partner_id)
            result = importer.import_entries(session, partner=partner, entries=page, via="pull")
            if result.rejected or result.imported != len(page):
                raise SystemExit(f"unexpected import result: {result.to_dict()}")
    return time.perf_counter() - started


def run(workdir: Path, postgres_url: str | None, count: int, page_size: int) -> None:
    """Publish on A, verify and import on B; print the figures."""
    database = "postgresql" if postgres_url else "sqlite"
    suffix = "_postgresql" if postgres_url else ""  # SQLite's figures keep the plain names
    (workdir / "a").mkdir()
    (workdir / "b").mkdir()
    with (
        fresh_database(workdir / "a", postgres_url) as url_a,
        fresh_database(workdir / "b", postgres_url) as url_b,
    ):
        engine_a, factory_a = _factory(url_a)
        engine_b, factory_b = _factory(url_b)
        try:
            publish_seconds = publish(factory_a, count)
            pages, keys = read_feed(factory_a, page_size)
            entries = [entry for page in pages for entry in page]
            verify_seconds = verify_only(entries, keys)
            raw_seconds = raw_signatures(entries, keys)
            import_seconds = import_all(factory_b, pages, keys)
        finally:
            engine_a.dispose()
            engine_b.dispose()
    context = {
        "database": database,
        "entries": len(entries),
        "page_size": page_size,
        "publish_signed_per_second": round(count / publish_seconds, 1),
        "cpu_count": os.cpu_count(),
    }
    verified = len(entries) / verify_seconds
    report(
        "exchange_feed_verified_per_second" + suffix,
        verified,
        "entries_per_second",
        baseline={
            "name": "Ed25519 verification alone (bytes canonicalised beforehand)",
            "value": len(entries) / raw_seconds,
            "unit": "entries_per_second",
        },
        context=context,
    )
    report(
        "exchange_feed_imported_per_second" + suffix,
        len(entries) / import_seconds,
        "entries_per_second",
        baseline={
            "name": "verification alone (no import)",
            "value": verified,
            "unit": "entries_per_second",
        },
        context=context,
    )


def main() -> None:
    """SQLite always; PostgreSQL too when a server URL is given."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--page-size", type=int, default=200)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PASSAGE_BENCH_DATABASE_URL"),
        help="PostgreSQL server URL; fresh databases are created there and dropped afterwards.",
    )
    options = parser.parse_args()
    for postgres_url in [None] + ([options.postgres] if options.postgres else []):
        with tempfile.TemporaryDirectory(prefix="passage-bench-") as tmp:
            run(Path(tmp), postgres_url, options.entries, options.page_size)


if __name__ == "__main__":
    main()
