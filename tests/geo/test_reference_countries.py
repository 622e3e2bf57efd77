"""Reference countries: known right after `passage db upgrade`, Kosovo and the aliases real data
sets use included (#13 items 8 and 9)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from passage.db import make_engine
from passage.geo.codes import canonical_code
from passage.geo.models import Country
from passage.migrate import upgrade
from passage.restrictions.imports import pipeline
from passage.restrictions.imports.parsing import FileError

OXCGRT = (
    "CountryName,CountryCode,Jurisdiction,Date,C8E_International travel controls\n"
    "United Kingdom,GBR,NAT_TOTAL,20200301,1\n"
    "Kosovo,RKS,NAT_TOTAL,20200301,3\n"
)


def test_a_fresh_database_knows_the_countries_after_upgrade_and_imports_at_once(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    upgrade(engine)
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Country)) >= 250
        parsed = pipeline.parse_file(
            content=OXCGRT.encode(),
            file_name="oxcgrt.csv",
            format="oxcgrt",
            known_countries=pipeline.known_countries(session),
        )
        report = pipeline.import_measures(
            session=session, parsed=parsed, source="oxcgrt.csv", format="oxcgrt"
        )
        assert (report.created, report.rejected) == (2, [])
    engine.dispose()


def test_kosovo_is_known_and_oxcgrt_rks_is_read_as_xkx(session):
    kosovo = session.scalar(select(Country).where(Country.iso3 == "XKX"))
    assert kosovo is not None and kosovo.region_name == "Europe"
    parsed = pipeline.parse_file(
        content=OXCGRT.encode(),
        file_name="oxcgrt.csv",
        format="oxcgrt",
        known_countries=pipeline.known_countries(session),
    )
    assert sorted(c.data.country_iso3 for c in parsed.candidates if c.data) == ["GBR", "XKX"]
    assert canonical_code(" kos ") == "XKX" and canonical_code("ken") == "KEN"


def test_template_lists_accept_kosovo_under_its_codes(session):
    content = (
        b"ref,country,measure_type,title,nationalities,effective_from\n"
        b"K,GBR,visa_requirement,Visa for Kosovo passports,XKX RKS,2024-01-01\n"
    )
    parsed = pipeline.parse_file(
        content=content, file_name="t.csv", format="passage", known_countries={"GBR", "XKX"}
    )
    report = pipeline.import_measures(session=session, parsed=parsed, source="t", format="passage")
    assert (report.created, report.rejected) == (1, [])
    assert parsed.candidates[0].data.nationalities == ["XKX"]


def test_an_import_into_a_database_without_countries_names_the_missing_step():
    try:
        pipeline.parse_file(
            content=OXCGRT.encode(), file_name="o.csv", format="oxcgrt", known_countries=set()
        )
    except FileError as error:
        assert "passage db upgrade" in str(error)
    else:
        raise AssertionError("an import without countries must fail")
