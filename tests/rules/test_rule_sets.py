"""Rule sets: upload validation, selection by country/type/time/version, evaluation, CLI import."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from passage.errors import Conflict, Invalid
from passage.rules import cli as rules_cli
from passage.rules import repository, service
from passage.rules.demo import demo_rules, load_demo_rules
from passage.rules.samples import SAMPLES, context_for
from passage.rules.service import SelectedRule, evaluate_rules, select_rules
from tests.conformance import CONFORMANCE_ROOT, conformance_available, conformance_dir

COMPLETE = {
    "if": [
        {"var": "payload.v.0"},
        {">=": [{"var": "payload.v.0.dn"}, {"var": "payload.v.0.sd"}]},
        True,
    ]
}
NEGATIVE = {"===": [{"var": "payload.t.0.tr"}, "260415000"]}
PREFIX = {"Vaccination": "VR", "Test": "TR", "Recovery": "RR", "General": "GR"}


def make_rule(
    identifier: str = "VR-KE-0001", *, version: str = "1.0.0", **fields: Any
) -> dict[str, Any]:
    """An EU DCC business rule document; keyword arguments replace its fields."""
    prefix, country, _ = identifier.split("-")
    certificate_type = next(
        (name for name, code in PREFIX.items() if code == prefix), "Vaccination"
    )
    rule = {
        "Identifier": identifier,
        "Type": "Invalidation" if prefix == "IR" else "Acceptance",
        "Country": country,
        "Version": version,
        "SchemaVersion": "1.3.0",
        "Engine": "CERTLOGIC",
        "EngineVersion": "1.2.2",
        "CertificateType": certificate_type,
        "Description": [
            {"lang": "en", "desc": "The vaccination schedule must be complete."},
            {"lang": "fr", "desc": "Le schéma vaccinal doit être complet."},
        ],
        "ValidFrom": "2021-06-01T00:00:00Z",
        "ValidTo": "2030-01-01T00:00:00Z",
        "AffectedFields": ["v.0.dn", "v.0.sd"],
        "Logic": COMPLETE if certificate_type != "Test" else NEGATIVE,
    }
    return rule | fields


def upload(session: Session, *documents: dict[str, Any]) -> service.UploadReport:
    """Upload rules as one batch (a single rule is sent as an object)."""
    payload: Any = documents[0] if len(documents) == 1 else list(documents)
    return service.upload_rules(session=session, documents=payload, uploaded_by="test")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def sample(name: str) -> Any:
    return next(s for s in SAMPLES if s.name == name)


# ---------------------------------------------------------------- upload validation


def test_upload_stores_the_rule_with_our_country_code_and_the_raw_document(session):
    document = make_rule("VR-KE-0001")
    report = upload(session, document)
    assert report.ok and report.rules[0].id is not None
    (stored,) = repository.versions_of(session, "VR-KE-0001")
    assert stored.country_code == "KE" and stored.country_iso3 == "KEN"
    assert stored.document == document and stored.logic == COMPLETE
    assert stored.uploaded_by == "test" and stored.uploaded_at is not None
    assert stored.valid_from == at("2021-06-01T00:00:00")


def test_malformed_logic_is_refused_naming_the_sub_expression(session):
    bad = {"and": [{"var": "payload.v.0.dn"}, {"or": [1, 2]}]}
    with pytest.raises(Invalid) as caught:
        upload(session, make_rule(Logic=bad))
    assert caught.value.field == "Logic"
    assert 'at and[1]: unrecognised operator: "or"' in caught.value.message
    assert '{"or": [1, 2]}' in caught.value.message
    assert repository.versions_of(session, "VR-KE-0001") == []


def test_missing_and_mistyped_fields_are_each_reported(session):
    document = make_rule(Version=1)
    del document["AffectedFields"]
    report = service.import_rules(session=session, documents=document, uploaded_by=None)
    fields = {error["field"] for error in report.rules[0].errors}
    assert {"Version", "AffectedFields"} <= fields
    assert not report.ok


def test_valid_to_must_be_later_than_valid_from(session):
    document = make_rule(ValidFrom="2022-01-01T00:00:00Z", ValidTo="2022-01-01T00:00:00Z")
    with pytest.raises(Invalid, match="ValidTo must be later than ValidFrom"):
        upload(session, document)


def test_an_unsupported_engine_version_is_refused(session):
    with pytest.raises(Invalid, match=r"engine version 2\.0\.0 is not supported") as caught:
        upload(session, make_rule(EngineVersion="2.0.0"))
    assert caught.value.field == "EngineVersion"


def test_identifier_must_agree_with_country_and_type(session):
    with pytest.raises(Invalid, match="Identifier country KE differs from Country FR"):
        upload(session, make_rule("VR-KE-0001", Country="FR"))
    with pytest.raises(Invalid, match="identifier starts TR-"):
        upload(session, make_rule("VR-KE-0002", CertificateType="Test", Logic=NEGATIVE))
    with pytest.raises(Invalid, match="starting IR-"):
        upload(session, make_rule("VR-KE-0003", Type="Invalidation"))


def test_an_unknown_country_is_refused(session):
    with pytest.raises(Invalid, match="unknown country code XX"):
        upload(session, make_rule("VR-XX-0001"))


def test_a_rule_that_errors_on_the_sample_certificates_is_refused(session):
    erroring = {">": [{"+": [{"var": "payload.nam.fn"}, 1]}, 0]}
    with pytest.raises(Invalid) as caught:
        upload(session, make_rule(Logic=erroring))
    assert "evaluation error on sample 'vaccination-complete'" in caught.value.message
    assert 'operands of a "+" operation must both be integers' in caught.value.message


def test_a_rule_that_does_not_answer_true_or_false_is_refused(session):
    with pytest.raises(Invalid, match="not true or false"):
        upload(session, make_rule(Logic={"var": "payload.dob"}))


def test_a_new_upload_must_have_a_strictly_higher_version(session):
    upload(session, make_rule(version="1.9.0"))
    for same_or_lower in ("1.9.0", "1.8.5", "0.10.0"):
        with pytest.raises(Conflict, match=r"is not higher than 1\.9\.0") as caught:
            upload(session, make_rule(version=same_or_lower))
        assert caught.value.field == "Version"
    upload(session, make_rule(version="1.10.0"))  # numeric, not text, order
    versions = [rule.rule_version for rule in repository.versions_of(session, "VR-KE-0001")]
    assert versions == ["1.10.0", "1.9.0"]


def test_a_list_is_stored_all_or_nothing_with_a_report_per_index(session):
    good, bad = make_rule("VR-KE-0001"), make_rule("TR-KE-0001", Logic={"!": []})
    with pytest.raises(Invalid) as caught:
        upload(session, good, bad)
    context = caught.value.context
    assert isinstance(context, dict)
    assert [rule["status"] for rule in context["rules"]] == ["accepted", "refused"]
    assert context["rules"][1]["errors"][0]["field"] == "Logic"
    assert caught.value.field == "1.Logic"
    assert repository.versions_of(session, "VR-KE-0001") == []


def test_versions_in_one_list_must_also_increase(session):
    report = service.import_rules(
        session=session,
        documents=[make_rule(version="1.1.0"), make_rule(version="1.0.0")],
        uploaded_by=None,
    )
    assert [check.accepted for check in report.rules] == [True, False]
    assert report.rules[1].conflict


def test_an_upload_must_be_a_rule_or_a_non_empty_list(session):
    for payload in (42, [], "VR-KE-0001"):
        with pytest.raises(Invalid, match="business rule object or a non-empty list"):
            service.upload_rules(session=session, documents=payload, uploaded_by=None)


# ---------------------------------------------------------------- selection


def _identifiers(rules: list[SelectedRule]) -> list[str]:
    return [rule.identifier for rule in rules]


def test_selection_takes_arrival_acceptance_and_issuer_invalidation_rules(session):
    upload(
        session,
        make_rule("VR-KE-0001"),
        make_rule("GR-KE-0001"),
        make_rule("TR-KE-0001"),
        make_rule(
            "IR-KE-0001",
            CertificateType="Vaccination",
            Logic={"===": [{"var": "payload.v.0.ci"}, "revoked"]},
        ),
        make_rule("VR-FR-0001"),
        make_rule("IR-FR-0001", CertificateType="Vaccination", Logic=COMPLETE),
    )
    chosen = select_rules(
        session=session,
        arrival_country="KEN",
        issuer_country="FRA",
        certificate_type="Vaccination",
        at=at("2022-01-01T00:00:00"),
    )
    assert _identifiers(chosen) == ["GR-KE-0001", "IR-FR-0001", "VR-KE-0001"]
    assert {rule.country for rule in chosen} == {"KEN", "FRA"}
    without_issuer = select_rules(
        session=session,
        arrival_country="KEN",
        issuer_country=None,
        certificate_type="Test",
        at=at("2022-01-01T00:00:00"),
    )
    assert _identifiers(without_issuer) == ["GR-KE-0001", "TR-KE-0001"]


def test_selection_keeps_rules_with_valid_from_at_or_before_and_valid_to_after(session):
    upload(
        session,
        make_rule(
            "VR-KE-0001", ValidFrom="2022-01-01T00:00:00Z", ValidTo="2022-02-01T00:00:00+01:00"
        ),
    )

    def chosen(moment: str) -> list[str]:
        return _identifiers(
            select_rules(
                session=session,
                arrival_country="KEN",
                issuer_country=None,
                certificate_type="Vaccination",
                at=at(moment),
            )
        )

    assert chosen("2021-12-31T23:59:59") == []
    assert chosen("2022-01-01T00:00:00") == ["VR-KE-0001"]
    assert chosen("2022-01-31T22:59:59") == ["VR-KE-0001"]
    assert chosen("2022-01-31T23:00:00") == []  # ValidTo is exclusive, compared in UTC


def test_selection_takes_the_highest_version_valid_at_the_time(session):
    upload(session, make_rule(version="1.0.0"))
    upload(session, make_rule(version="1.2.0", ValidFrom="2023-01-01T00:00:00Z"))
    upload(session, make_rule(version="1.10.0", ValidFrom="2024-01-01T00:00:00Z"))

    def version_at(moment: str) -> list[str]:
        rules = select_rules(
            session=session,
            arrival_country="KEN",
            issuer_country=None,
            certificate_type="Vaccination",
            at=at(moment),
        )
        return [rule.version for rule in rules]

    assert version_at("2022-06-01T00:00:00") == ["1.0.0"]
    assert version_at("2023-06-01T00:00:00") == ["1.2.0"]
    assert version_at("2025-06-01T00:00:00") == ["1.10.0"]


def test_selection_refuses_an_unknown_certificate_type(session):
    with pytest.raises(Invalid, match="unknown certificate type"):
        select_rules(
            session=session,
            arrival_country="KEN",
            issuer_country=None,
            certificate_type="Passport",
            at=at("2022-01-01T00:00:00"),
        )


def test_data_version_changes_with_each_upload_and_only_then(session):
    before = service.data_version(session)
    assert service.data_version(session) == before
    upload(session, make_rule())
    after = service.data_version(session)
    assert after != before and service.data_version(session) == after
    upload(session, make_rule(version="1.0.1"))
    assert service.data_version(session) not in {before, after}


# ---------------------------------------------------------------- evaluation


def selected(
    identifier: str,
    logic: Any,
    *,
    rule_type: str = "Acceptance",
    engine_version: str = "1.2.2",
) -> SelectedRule:
    return SelectedRule(
        id=service.uuid.uuid4(),
        identifier=identifier,
        rule_type=rule_type,
        country="KEN",
        version="1.0.0",
        certificate_type="Vaccination",
        engine="CERTLOGIC",
        engine_version=engine_version,
        descriptions=(("en", f"{identifier} in English"), ("fr", f"{identifier} en français")),
        valid_from=at("2021-06-01T00:00:00"),
        valid_to=at("2030-01-01T00:00:00"),
        affected_fields=("v.0",),
        logic=logic,
    )


def run(rules: list[SelectedRule], sample_name: str = "vaccination-complete", **kwargs: Any):
    data = context_for(sample(sample_name), country_code="KE")
    return evaluate_rules(rules=rules, payload=data["payload"], external=data["external"], **kwargs)


def test_pass_when_every_acceptance_rule_holds_and_no_invalidation_rule_does():
    revoked = {"in": [{"var": "payload.v.0.ci"}, ["URN:UVCI:01:NL:REVOKED#1"]]}
    rules = [
        selected("VR-KE-0001", COMPLETE),
        selected("IR-NL-0001", revoked, rule_type="Invalidation"),
    ]
    outcome = run(rules)
    assert outcome.result == "pass"
    assert [rule.result for rule in outcome.rules] == ["pass", "pass"]


def test_fail_when_an_acceptance_rule_is_false():
    outcome = run([selected("VR-KE-0001", COMPLETE)], "vaccination-incomplete")
    assert outcome.result == "fail"
    assert outcome.rules[0].result == "fail" and outcome.rules[0].error is None


def test_fail_when_an_invalidation_rule_is_true():
    listed = {
        "in": [{"var": "payload.v.0.ci"}, [sample("vaccination-complete").payload["v"][0]["ci"]]]
    }
    outcome = run([selected("IR-NL-0001", listed, rule_type="Invalidation")])
    assert outcome.result == "fail"


def test_an_evaluation_error_gives_open_even_beside_a_failure():
    erroring = {">": [{"+": [{"var": "payload.nam.fn"}, 1]}, 0]}
    outcome = run(
        [selected("VR-KE-0001", COMPLETE), selected("VR-KE-0002", erroring)],
        "vaccination-incomplete",
    )
    assert outcome.result == "open"
    assert [rule.result for rule in outcome.rules] == ["fail", "open"]
    assert "must both be integers" in (outcome.rules[1].error or "")


def test_a_non_boolean_answer_gives_open():
    outcome = run([selected("VR-KE-0001", {"var": "payload.dob"})])
    assert outcome.result == "open"


def test_an_unsupported_engine_version_gives_open_never_pass():
    outcome = run([selected("VR-KE-0001", True, engine_version="2.0.0")])
    assert outcome.result == "open"
    assert "unsupported engine" in (outcome.rules[0].error or "")


def test_descriptions_come_in_the_requested_language_with_english_fallback():
    rules = [selected("VR-KE-0001", COMPLETE)]
    assert run(rules, language="fr").rules[0].description == "VR-KE-0001 en français"
    assert run(rules, language="ar").rules[0].description == "VR-KE-0001 in English"


def test_selected_rules_from_the_database_evaluate(session):
    upload(session, make_rule("VR-KE-0001"))
    rules = select_rules(
        session=session,
        arrival_country="KEN",
        issuer_country="NLD",
        certificate_type="Vaccination",
        at=at("2022-01-01T00:00:00"),
    )
    assert run(rules).result == "pass"
    assert run(rules, "vaccination-incomplete").result == "fail"


# ---------------------------------------------------------------- demo


def test_demo_rules_load_once_and_give_the_expected_answers(session):
    assert load_demo_rules(session) == len(demo_rules())
    assert load_demo_rules(session) == 0
    rules = select_rules(
        session=session,
        arrival_country="FRA",
        issuer_country="FRA",
        certificate_type="Vaccination",
        at=at("2021-12-01T10:00:00"),
    )
    assert _identifiers(rules) == ["IR-FR-0001", "VR-FR-0001", "VR-FR-0002"]
    assert run(rules, "vaccination-booster").result == "pass"
    assert run(rules, "vaccination-incomplete").result == "fail"


# ---------------------------------------------------------------- CLI import

runner = CliRunner()


@pytest.fixture
def cli_session(session: Session, monkeypatch: pytest.MonkeyPatch) -> Session:
    """Make `passage rules import` work inside the test's transaction."""

    @contextmanager
    def in_test_transaction(purpose: str | None = None) -> Iterator[Session]:
        yield session

    monkeypatch.setattr(rules_cli, "cli_transaction", in_test_transaction)
    return session


def _import(tmp_path: Path, content: str):
    path = tmp_path / "rules.json"
    path.write_text(content, encoding="utf-8")
    return runner.invoke(rules_cli.rules_app, ["import", str(path)])


def test_cli_imports_a_list_and_prints_a_json_report(cli_session, tmp_path):
    rules = [make_rule("VR-KE-0001"), make_rule("TR-KE-0001")]
    result = _import(tmp_path, json.dumps(rules))
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["stored"] == 2 and report["refused"] == 0
    assert len(repository.versions_of(cli_session, "TR-KE-0001")) == 1


def test_cli_exits_1_with_reasons_on_stderr_when_a_rule_is_refused(cli_session, tmp_path):
    result = _import(tmp_path, json.dumps(make_rule(Logic={"or": [True]})))
    assert result.exit_code == 1
    assert json.loads(result.stdout)["rules"][0]["status"] == "refused"
    assert 'rule 0 (VR-KE-0001): Logic: at <root>: unrecognised operator: "or"' in result.stderr
    assert repository.versions_of(cli_session, "VR-KE-0001") == []


def test_cli_exits_2_on_unreadable_json(cli_session, tmp_path):
    result = _import(tmp_path, "{not json")
    assert result.exit_code == 2
    assert "cannot read rules" in result.stderr


# ---------------------------------------------------------------- official example certificates

EXAMPLE_TYPES = {"V": "Vaccination", "T": "Test", "R": "Recovery"}
EXAMPLES = (
    sorted((CONFORMANCE_ROOT / "dcc-schema" / "test" / "valid").glob("*.json"))
    if conformance_available("dcc-schema")
    else []
)


if EXAMPLES:

    @pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
    def test_demo_rules_decide_every_official_example_certificate(session, path):
        load_demo_rules(session)
        payload = json.loads(path.read_text(encoding="utf-8"))
        rules = select_rules(
            session=session,
            arrival_country="FRA",
            issuer_country="FRA",
            certificate_type=EXAMPLE_TYPES[path.name[0]],
            at=at("2021-07-01T10:00:00"),
        )
        external = context_for(sample("recovery"), country_code="FR")["external"]
        outcome = evaluate_rules(rules=rules, payload=payload, external=external)
        assert rules and outcome.result in {"pass", "fail"}, outcome.to_dict()

else:

    def test_demo_rules_decide_every_official_example_certificate():
        conformance_dir("dcc-schema")
