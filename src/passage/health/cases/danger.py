"""Danger signs at a follow-up, pure: what a traveller showed on the day, read against the
criteria of the diseases the case is suspected of. A follow-up that meets a disease's signs
(its fever threshold and symptom count, or any one of its decisive symptoms such as
unexplained bleeding for Ebola) escalates the case: the screening found a link, and now the
signs are there too."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from passage.health.screening.engine import Criteria, Facts, observed_signs


def danger_signs(
    *,
    suspected: Sequence[str],
    criteria: Sequence[Criteria],
    observed_on: date,
    temperature_c: float | None,
    symptoms: Sequence[str],
) -> list[dict[str, Any]]:
    """For each suspected disease whose signs the follow-up meets: the disease and why."""
    facts = Facts(
        arrival_date=observed_on, temperature_c=temperature_c, symptoms=frozenset(symptoms)
    )
    found = []
    for disease in criteria:
        if disease.disease_code not in suspected:
            continue
        signs = observed_signs(facts, disease)
        if signs:
            found.append(
                {"disease": disease.disease_code, "signs": [sign.to_dict() for sign in signs]}
            )
    return found
