"""The codes of the protection domain and their labels as people say them.

Codes stay in English in the database, the API and the exports; labels are translated where
they are shown. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from passage.kit.i18n import N_, language_name
from passage.kit.i18n import gettext_ as _

SEXES: Mapping[str, str] = {
    "F": N_("Female"),
    "M": N_("Male"),
    "X": N_("Other"),
    "U": N_("Not known"),
}
SITUATIONS: Mapping[str, str] = {
    "stranded": N_("Stranded"),
    "in_transit": N_("In transit"),
    "returnee": N_("Returnee"),
    "victim_of_trafficking": N_("Victim of trafficking"),
    "presumed_victim_of_trafficking": N_("Presumed victim of trafficking"),
    "unaccompanied_child": N_("Unaccompanied child"),
    "separated_child": N_("Separated child"),
    "asylum_seeker": N_("Asylum seeker"),
    "survivor_of_violence": N_("Survivor of violence"),
    "medical_need": N_("Serious medical need"),
    "disability": N_("Person with a disability"),
    "pregnant": N_("Pregnant"),
    "older_person": N_("Older person at risk"),
    "detained": N_("In detention"),
    "destitute": N_("Unable to meet basic needs"),
}
# Situations whose records only designated staff see (child protection, trafficking).
RESTRICTED_SITUATIONS = frozenset(
    {
        "victim_of_trafficking",
        "presumed_victim_of_trafficking",
        "unaccompanied_child",
        "separated_child",
    }
)
MIGRATION_STATUSES: Mapping[str, str] = {
    "regular": N_("Regular stay"),
    "irregular": N_("Irregular stay"),
    "expired_permit": N_("Permit or visa expired"),
    "asylum_seeker": N_("Asylum seeker"),
    "refugee": N_("Refugee"),
    "stateless": N_("Stateless or at risk of statelessness"),
    "unknown": N_("Not known"),
}
DOCUMENT_KINDS: Mapping[str, str] = {
    "passport": N_("Passport"),
    "national_id": N_("National identity card"),
    "birth_certificate": N_("Birth certificate"),
    "residence_permit": N_("Residence permit"),
    "travel_document": N_("Other travel document"),
    "none": N_("No document"),
}
RELATIONSHIPS: Mapping[str, str] = {
    "head": N_("Head"),
    "spouse": N_("Spouse or partner"),
    "child": N_("Child"),
    "parent": N_("Parent"),
    "sibling": N_("Brother or sister"),
    "other_relative": N_("Other relative"),
    "not_related": N_("Not related (travelling together)"),
}
HOUSEHOLD_KINDS: Mapping[str, str] = {
    "household": N_("Household"),
    "travelling_group": N_("Travelling group"),
}
CASE_TYPES: Mapping[str, str] = {
    "general_protection": N_("General protection"),
    "child_protection": N_("Child protection"),
    "trafficking": N_("Counter-trafficking"),
    "stranded_migrant": N_("Stranded migrant assistance"),
    "return_reintegration": N_("Return and reintegration"),
    "cash_assistance": N_("Cash assistance"),
    "medical": N_("Medical assistance"),
}
RESTRICTED_CASE_TYPES = frozenset({"child_protection", "trafficking"})
CASE_STATUSES: Mapping[str, str] = {
    "open": N_("Open"),
    "active": N_("Active"),
    "transferred": N_("Transferred"),
    "closed": N_("Closed"),
    "reopened": N_("Reopened"),
}
OPEN_STATUSES = frozenset({"open", "active", "transferred", "reopened"})
PRIORITIES: Mapping[str, str] = {
    "critical": N_("Critical"),
    "high": N_("High"),
    "medium": N_("Medium"),
    "low": N_("Low"),
}
PRIORITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}
CLOSURE_REASONS: Mapping[str, str] = {
    "needs_met": N_("Needs met"),
    "returned_home": N_("Returned to the country of origin"),
    "moved_on": N_("Moved on or relocated"),
    "referred_elsewhere": N_("Taken over by another organisation"),
    "lost_contact": N_("Contact lost"),
    "declined": N_("Assistance declined by the person"),
    "deceased": N_("Deceased"),
    "duplicate": N_("Duplicate record"),
}
SERVICE_TYPES: Mapping[str, str] = {
    "shelter": N_("Shelter"),
    "food": N_("Food"),
    "cash": N_("Cash assistance"),
    "health": N_("Medical care"),
    "mental_health": N_("Mental health and psychosocial support"),
    "legal": N_("Legal aid"),
    "documentation": N_("Documentation"),
    "family_tracing": N_("Family tracing and reunification"),
    "return": N_("Assisted voluntary return"),
    "reintegration": N_("Reintegration support"),
    "education": N_("Education"),
    "livelihood": N_("Livelihood"),
    "interpretation": N_("Interpretation"),
    "transport": N_("Transport"),
    "counselling": N_("Counselling"),
}
SERVICE_STATUSES: Mapping[str, str] = {
    "planned": N_("Planned"),
    "provided": N_("Provided"),
    "cancelled": N_("Cancelled"),
}
REFERRAL_STATUSES: Mapping[str, str] = {
    "pending": N_("Pending"),
    "accepted": N_("Accepted"),
    "rejected": N_("Rejected"),
    "done": N_("Done"),
    "revoked": N_("Revoked"),
}
REGISTRATION_STATUSES: Mapping[str, str] = {
    "submitted": N_("Waiting for verification"),
    "verified": N_("Verified"),
    "rejected": N_("Not taken up"),
    "withdrawn": N_("Withdrawn"),
}
REGISTRATION_SOURCES: Mapping[str, str] = {
    "self": N_("Self-registration"),
    "partner": N_("Partner referral"),
    "exchange": N_("Referral from another deployment"),
}
REQUEST_TOPICS: Mapping[str, str] = {
    "return": N_("Returning to my country"),
    "reintegration": N_("Help after returning home"),
    "stay": N_("Staying legally where I am"),
    "onward": N_("Travelling onward safely"),
    "health": N_("Health care"),
    "shelter": N_("Shelter and food"),
    "exploitation": N_("Help against exploitation or trafficking"),
    "other": N_("Something else"),
}
LEVELS: Mapping[str, str] = {
    "individual": N_("Individual"),
    "household": N_("Household"),
    "community": N_("Community"),
    "structural": N_("Structural"),
}
# Standard humanitarian age bands (children split as protection reports do).
AGE_BANDS = (("0-4", 0, 4), ("5-11", 5, 11), ("12-17", 12, 17), ("18-59", 18, 59), ("60+", 60, 200))

# Fields of a person a consent may cover, in the order they are shown.
SHAREABLE_FIELDS: Mapping[str, str] = {
    "given_names": N_("Given names"),
    "surname": N_("Surname"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "nationality": N_("Nationality"),
    "languages": N_("Languages"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "location": N_("Where the person stays"),
    "situations": N_("Situation"),
    "needs": N_("Needs"),
    "documents": N_("Identity documents"),
}


def age_on(birth_date: date | None, day: date) -> int | None:
    """Age in whole years on a day (None when the birth date is not known)."""
    if birth_date is None:
        return None
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def age_band(birth_date: date | None, day: date) -> str:
    """The age band on a day ("unknown" without a birth date)."""
    age = age_on(birth_date, day)
    if age is None or age < 0:
        return "unknown"
    return next(code for code, low, high in AGE_BANDS if low <= age <= high)


def _labeller(table: Mapping[str, str]) -> Callable[[str | None], str]:
    def label(code: str | None) -> str:
        if code is None or code == "":
            return ""
        message = table.get(code)
        return _(message) if message else code

    return label


sex_label = _labeller(SEXES)
situation_label = _labeller(SITUATIONS)
migration_status_label = _labeller(MIGRATION_STATUSES)
document_kind_label = _labeller(DOCUMENT_KINDS)
relationship_label = _labeller(RELATIONSHIPS)
household_kind_label = _labeller(HOUSEHOLD_KINDS)
case_type_label = _labeller(CASE_TYPES)
case_status_label = _labeller(CASE_STATUSES)
priority_label = _labeller(PRIORITIES)
closure_reason_label = _labeller(CLOSURE_REASONS)
service_type_label = _labeller(SERVICE_TYPES)
service_status_label = _labeller(SERVICE_STATUSES)
referral_status_label = _labeller(REFERRAL_STATUSES)
registration_status_label = _labeller(REGISTRATION_STATUSES)
registration_source_label = _labeller(REGISTRATION_SOURCES)
request_topic_label = _labeller(REQUEST_TOPICS)
level_label = _labeller(LEVELS)
field_label = _labeller(SHAREABLE_FIELDS)


language_label = language_name  # one labeller of languages, shared with every page


LABELS: Mapping[str, Callable[[str | None], str]] = {
    "sex_label": sex_label,
    "situation_label": situation_label,
    "migration_status_label": migration_status_label,
    "document_kind_label": document_kind_label,
    "relationship_label": relationship_label,
    "household_kind_label": household_kind_label,
    "case_type_label": case_type_label,
    "case_status_label": case_status_label,
    "priority_label": priority_label,
    "closure_reason_label": closure_reason_label,
    "service_type_label": service_type_label,
    "service_status_label": service_status_label,
    "referral_status_label": referral_status_label,
    "registration_status_label": registration_status_label,
    "registration_source_label": registration_source_label,
    "request_topic_label": request_topic_label,
    "level_label": level_label,
    "field_label": field_label,
    "language_label": language_label,
}
