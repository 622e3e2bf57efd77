"""The three scoring models Passage ships, as data (an administrator adds others without code):

- `general_protection`: the general protection screening of migrants in vulnerable situations
  (IOM Ecuador's screening form, prioritised with a score as IOM Argentina did), its factors
  grouped by IOM's Determinants of Migrant Vulnerability levels;
- `cash_eligibility`: eligibility for cash assistance from food and rent insecurity and health
  vulnerabilities (IOM Iraq, Lebanon and Algeria);
- `gaf_expanded`: the Global Assistance Fund's expanded criteria (violence, exploitation or
  abuse, or vulnerability to them, and migrants unable to meet basic needs because of a
  pandemic).

Questions and reasons are English messages marked for translation; they are shown in the
reader's language. Weights and thresholds are points.
"""

from __future__ import annotations

from typing import Any

from passage.kit.i18n import N_


def _yes(code: str, level: str, weight: float, question: str, because: str) -> dict[str, Any]:
    return {
        "code": code,
        "level": level,
        "answer_type": "yes_no",
        "weight": weight,
        "question": question,
        "because": because,
        "rule": {"type": "yes"},
    }


def _no(code: str, level: str, weight: float, question: str, because: str) -> dict[str, Any]:
    return _yes(code, level, weight, question, because) | {"rule": {"type": "no"}}


def _number(
    code: str, level: str, weight: float, question: str, because: str, **rule: Any
) -> dict[str, Any]:
    return {
        "code": code,
        "level": level,
        "answer_type": "number",
        "weight": weight,
        "question": question,
        "because": because,
        "rule": rule,
    }


GENERAL_PROTECTION: dict[str, Any] = {
    "factors": [
        _yes(
            "unaccompanied_child",
            "individual",
            30,
            N_("Is the person a child without a parent or usual caregiver?"),
            N_("an unaccompanied or separated child"),
        ),
        _yes(
            "trafficking_indicators",
            "individual",
            30,
            N_("Are there indicators that the person is a victim of trafficking?"),
            N_("indicators of trafficking"),
        ),
        _yes(
            "violence_survivor",
            "individual",
            20,
            N_("Has the person experienced violence, exploitation or abuse?"),
            N_("a survivor of violence, exploitation or abuse"),
        ),
        _yes(
            "serious_medical",
            "individual",
            20,
            N_("Does the person have a serious medical condition?"),
            N_("a serious medical condition"),
        ),
        _yes(
            "disability",
            "individual",
            10,
            N_("Does the person have a disability?"),
            N_("a disability"),
        ),
        _yes(
            "pregnant",
            "individual",
            10,
            N_("Is the person pregnant or breastfeeding?"),
            N_("pregnant or breastfeeding"),
        ),
        _yes(
            "older_person",
            "individual",
            10,
            N_("Is the person 60 or older?"),
            N_("an older person"),
        ),
        _no(
            "has_documents",
            "individual",
            10,
            N_("Does the person hold a valid identity document?"),
            N_("no valid identity document"),
        ),
        _yes(
            "single_caregiver",
            "household",
            10,
            N_("Is the person the only caregiver of children or dependants?"),
            N_("the only caregiver of dependants"),
        ),
        _number(
            "dependants",
            "household",
            10,
            N_("How many children or dependants travel with the person?"),
            N_("dependants in their care"),
            type="between",
            low=0,
            high=4,
        ),
        _yes(
            "no_income",
            "household",
            10,
            N_("Has the household lost all income?"),
            N_("no household income"),
        ),
        _yes(
            "family_separated",
            "household",
            10,
            N_("Is the person separated from their family?"),
            N_("separated from family"),
        ),
        _yes(
            "no_shelter",
            "community",
            20,
            N_("Is the person without safe shelter?"),
            N_("no safe shelter"),
        ),
        _yes(
            "no_support",
            "community",
            10,
            N_("Does the person have no one to turn to where they are?"),
            N_("no support network"),
        ),
        _yes(
            "discrimination",
            "community",
            5,
            N_("Does the person face discrimination or hostility?"),
            N_("discrimination or hostility"),
        ),
        _yes(
            "language_barrier",
            "community",
            5,
            N_("Does the person not speak the local language?"),
            N_("a language barrier"),
        ),
        _yes(
            "stranded",
            "structural",
            15,
            N_("Is the person stranded by travel restrictions or border closures?"),
            N_("stranded by travel restrictions"),
        ),
        _yes(
            "irregular_status",
            "structural",
            10,
            N_("Has the person's permit or visa expired, or is their stay irregular?"),
            N_("an irregular stay or an expired permit"),
        ),
        _yes(
            "detention_risk",
            "structural",
            15,
            N_("Is the person detained or at risk of detention or forced return?"),
            N_("detention or forced return"),
        ),
        _yes(
            "no_services",
            "structural",
            10,
            N_("Is the person unable to reach health care or social services?"),
            N_("no access to services"),
        ),
    ],
    "thresholds": {"medium": 25, "high": 50, "critical": 80},
}

CASH_ELIGIBILITY: dict[str, Any] = {
    "factors": [
        _number(
            "meals_per_day",
            "household",
            25,
            N_("How many meals did the household eat yesterday?"),
            N_("too few meals a day"),
            type="at_most",
            high=1,
        ),
        _yes(
            "reduced_food",
            "household",
            15,
            N_("Did the household reduce portions or skip meals in the last week?"),
            N_("reduced portions or skipped meals"),
        ),
        _yes(
            "borrowed_food",
            "household",
            10,
            N_("Did the household borrow food or money for food in the last month?"),
            N_("borrowing to eat"),
        ),
        _number(
            "rent_arrears_months",
            "household",
            20,
            N_("For how many months is the rent unpaid?"),
            N_("rent arrears"),
            type="between",
            low=0,
            high=3,
        ),
        _yes(
            "eviction_threat",
            "community",
            20,
            N_("Has the household been threatened with eviction?"),
            N_("a threat of eviction"),
        ),
        _yes(
            "lost_income_pandemic",
            "structural",
            15,
            N_("Did the household lose its income because of the pandemic?"),
            N_("income lost in the pandemic"),
        ),
        _yes(
            "chronic_illness",
            "individual",
            15,
            N_("Does someone in the household have a chronic illness?"),
            N_("a chronic illness in the household"),
        ),
        _yes(
            "cannot_pay_care",
            "individual",
            15,
            N_("Does someone need medical care the household cannot pay for?"),
            N_("medical care they cannot pay for"),
        ),
        _number(
            "household_size",
            "household",
            10,
            N_("How many people are in the household?"),
            N_("a large household"),
            type="at_least",
            low=6,
        ),
    ],
    "thresholds": {"medium": 35, "high": 60, "critical": 90},
}

GAF_EXPANDED: dict[str, Any] = {
    "factors": [
        _yes(
            "experienced_violence",
            "individual",
            35,
            N_("Has the person experienced violence, exploitation or abuse?"),
            N_("violence, exploitation or abuse experienced"),
        ),
        _yes(
            "at_risk_of_violence",
            "individual",
            25,
            N_("Is the person vulnerable to violence, exploitation or abuse?"),
            N_("vulnerable to violence, exploitation or abuse"),
        ),
        _yes(
            "basic_needs_pandemic",
            "structural",
            25,
            N_("Is the person unable to meet basic needs because of the pandemic?"),
            N_("basic needs unmet because of the pandemic"),
        ),
        _no(
            "other_assistance",
            "community",
            15,
            N_("Can the person get assistance from another programme?"),
            N_("no other assistance available"),
        ),
        _yes("minor", "individual", 10, N_("Is the person under 18?"), N_("a child")),
    ],
    "thresholds": {"medium": 25, "high": 45, "critical": 70},
}

SHIPPED: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    (
        "general_protection",
        N_("General protection screening"),
        N_(
            "Vulnerability of migrants by IOM's determinants "
            "(individual, household, community, structural)."
        ),
        GENERAL_PROTECTION,
    ),
    (
        "cash_eligibility",
        N_("Cash assistance eligibility"),
        N_(
            "Food and rent insecurity and health vulnerabilities, "
            "as used in Iraq, Lebanon and Algeria."
        ),
        CASH_ELIGIBILITY,
    ),
    (
        "gaf_expanded",
        N_("Global Assistance Fund (expanded criteria)"),
        N_(
            "Violence, exploitation or abuse, vulnerability to them, "
            "and basic needs unmet in a pandemic."
        ),
        GAF_EXPANDED,
    ),
)
