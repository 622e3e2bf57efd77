"""Revision 1 of the screening criteria for COVID-19, Ebola disease and mpox, summarised from
WHO case definitions in our own words. Loaded by migration 0006; administrators change them in
the application, which makes new revisions (this module is never edited to change criteria).

Affected countries start empty: the authority lists the countries with ongoing transmission
when an event is declared, so travel history only counts once they do.
"""

from __future__ import annotations

from typing import Any

SEED_CRITERIA: list[dict[str, Any]] = [
    {
        "disease_code": "covid19",
        "name": "COVID-19",
        "case_definition": (
            "Suspected case: acute onset of fever and cough, or of any three or more of fever, "
            "cough, weakness or fatigue, headache, muscle aches, sore throat, runny nose, "
            "shortness of breath, loss of appetite, nausea or vomiting, diarrhoea, or altered "
            "mental state; or a sudden loss of smell or taste. An epidemiological link is close "
            "contact with a probable or confirmed case, or a stay in an area with community "
            "transmission, within 14 days before symptoms began. A confirmed case has a "
            "positive nucleic acid amplification test, or a positive antigen test with a "
            "matching case definition or link."
        ),
        "incubation_days": 14,
        "fever_threshold_c": 38.0,
        "symptoms": [
            "fever",
            "cough",
            "shortness_of_breath",
            "sore_throat",
            "runny_nose",
            "loss_of_taste_or_smell",
            "headache",
            "fatigue",
            "muscle_pain",
            "diarrhoea",
            "vomiting",
        ],
        "decisive_symptoms": ["loss_of_taste_or_smell"],
        "min_symptoms": 2,
        "affected_countries": [],
        "exposure_is_link": True,
        "evidence_clears": True,
        "outcome_signs_and_link": "isolate_refer",
        "outcome_signs_only": "secondary_assessment",
        "outcome_link_only": "secondary_assessment",
    },
    {
        "disease_code": "ebola",
        "name": "Ebola disease",
        "case_definition": (
            "Suspected case: a person, alive or dead, with sudden high fever who has been in "
            "contact with a suspected, probable or confirmed case or a dead or sick animal; or "
            "sudden high fever with at least three of headache, vomiting, loss of appetite, "
            "diarrhoea, fatigue, abdominal pain, muscle or joint pain, difficulty swallowing or "
            "breathing, or hiccups; or unexplained bleeding. The incubation period is 2 to 21 "
            "days. Confirmation is by a laboratory test (RT-PCR) for the virus."
        ),
        "incubation_days": 21,
        "fever_threshold_c": 38.0,
        "symptoms": [
            "fever",
            "headache",
            "vomiting",
            "diarrhoea",
            "fatigue",
            "abdominal_pain",
            "muscle_pain",
            "sore_throat",
            "unexplained_bleeding",
        ],
        "decisive_symptoms": ["unexplained_bleeding"],
        "min_symptoms": 4,
        "affected_countries": [],
        "exposure_is_link": True,
        "evidence_clears": False,
        "outcome_signs_and_link": "isolate_refer",
        "outcome_signs_only": "secondary_assessment",
        "outcome_link_only": "secondary_assessment",
    },
    {
        "disease_code": "mpox",
        "name": "Mpox",
        "case_definition": (
            "Suspected case: a person who is a contact of a probable or confirmed case in the "
            "21 days before symptoms began and shows fever, headache, muscle pain, back pain, "
            "profound weakness or fatigue; or a person with an unexplained acute skin rash, "
            "mucosal lesions or swollen lymph nodes. Confirmation is by a nucleic acid "
            "amplification test (PCR) for the virus. The incubation period is up to 21 days."
        ),
        "incubation_days": 21,
        "fever_threshold_c": 38.5,
        "symptoms": [
            "fever",
            "rash",
            "swollen_lymph_nodes",
            "headache",
            "muscle_pain",
            "back_pain",
            "fatigue",
        ],
        "decisive_symptoms": ["rash", "swollen_lymph_nodes"],
        "min_symptoms": 2,
        "affected_countries": [],
        "exposure_is_link": True,
        "evidence_clears": False,
        "outcome_signs_and_link": "isolate_refer",
        "outcome_signs_only": "secondary_assessment",
        "outcome_link_only": "secondary_assessment",
    },
]
