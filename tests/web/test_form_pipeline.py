"""The one web-form pipeline: values, errors by field, and submit-or-roll-back."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError
from sqlalchemy import text
from starlette.datastructures import FormData

from passage.errors import Conflict, Invalid
from passage.web.forms import Rejected, code_list, field_errors, form_values, submit


class _Payload(BaseModel):
    country: str
    days: int


def test_form_values_keep_checkbox_lists_and_drop_uploads():
    form = FormData([("name", "Ana"), ("flags", "minor"), ("flags", "alone")])
    assert form_values(form, lists=("flags",)) == {"name": "Ana", "flags": ["minor", "alone"]}


def test_code_list_splits_on_commas_semicolons_and_spaces():
    assert code_list(" ken, uga;tza  ", upper=True) == ["KEN", "UGA", "TZA"]
    assert code_list("") == []


def test_field_errors_name_the_field_of_each_validation_error():
    with pytest.raises(ValidationError) as caught:
        _Payload.model_validate({"days": "many"})
    errors = field_errors(caught.value)
    assert set(errors) == {"country", "days"}


def test_field_errors_of_a_passage_error_use_its_last_field_part():
    assert field_errors(Invalid("bad code", field="traveller.nationality")) == {
        "nationality": "bad code"
    }
    assert field_errors(Conflict("changed meanwhile")) == {"form": "changed meanwhile"}


def test_submit_returns_the_result_of_a_successful_action(session):
    assert submit(session, lambda: 42) == 42


def test_submit_rolls_back_what_a_failed_action_did(session):
    session.execute(text("CREATE TEMPORARY TABLE form_probe (value INTEGER)"))
    session.commit()

    def failing() -> None:
        session.execute(text("INSERT INTO form_probe VALUES (1)"))
        raise Invalid("the days must be a number", field="days")

    outcome = submit(session, failing)
    assert isinstance(outcome, Rejected)
    assert outcome.status == 422 and outcome.errors == {"days": "the days must be a number"}
    assert session.execute(text("SELECT COUNT(*) FROM form_probe")).scalar_one() == 0
