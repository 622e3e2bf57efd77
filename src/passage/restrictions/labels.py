"""Translated labels for the codes of the restriction tracker (types, classes, levels, statuses).

Every label is a `_("...")` literal so that the extractor puts it in the catalogues; the codes
stay in English in the database, the API and the exports. Unknown codes are shown as they are.
"""

from __future__ import annotations

from typing import Any

from passage.kit.i18n import gettext_ as _


def measure_type_label(code: str) -> str:
    """A measure type as people say it."""
    labels = {
        "complete_closure": _("Complete border closure"),
        "nationality_ban": _("Entry ban on some nationalities"),
        "origin_ban": _("Entry ban on arrivals from some countries"),
        "transit_ban": _("Transit ban"),
        "visa_suspension": _("Suspension of visas"),
        "flight_suspension": _("Suspension of flights"),
        "test_before_arrival": _("Test before arrival"),
        "test_after_arrival": _("Test after arrival"),
        "quarantine": _("Quarantine"),
        "vaccination": _("Vaccination"),
        "health_declaration": _("Health declaration"),
        "health_certificate": _("Health certificate"),
        "visa_requirement": _("Visa requirement"),
        "other_condition": _("Other condition"),
        "exit_ban": _("Exit ban"),
        "other_exit_restriction": _("Other exit restriction"),
        "no_measures": _("No measures"),
    }
    return labels.get(code, code)


def class_label(code: str) -> str:
    """A measure class as people say it (IOM's three classes, or none)."""
    labels = {
        "entry_restriction": _("Entry restriction"),
        "entry_condition": _("Condition for authorised entry"),
        "exit_restriction": _("Exit restriction"),
        "none": _("No measures"),
    }
    return labels.get(code, code)


def level_label(level: int | None) -> str:
    """The meaning of a 0-4 entry-restriction level (None: no data)."""
    labels = {
        0: _("No restriction"),
        1: _("Screening arrivals"),
        2: _("Quarantine arrivals"),
        3: _("Ban arrivals from some regions"),
        4: _("Ban on all regions or total border closure"),
    }
    if level is None:
        return _("No data")
    return labels.get(level, str(level))


def level_labels() -> dict[int, str]:
    """The whole 0-4 scale, in the current language."""
    return {level: level_label(level) for level in range(5)}


def status_label(code: str) -> str:
    """A measure's editorial status as people say it."""
    labels = {
        "draft": _("Draft"),
        "published": _("Published"),
        "lifted": _("Lifted"),
        "superseded": _("Superseded"),
    }
    return labels.get(code, code)


def exemption_label(code: str) -> str:
    """An exempted category of travellers as people say it."""
    labels = {
        "nationals": _("Nationals"),
        "residents": _("Residents"),
        "diplomats": _("Diplomats"),
        "health_workers": _("Health workers"),
        "border_workers": _("Cross-border workers"),
        "cross_border_traders": _("Cross-border traders"),
        "seasonal_workers": _("Seasonal workers"),
        "transit_passengers": _("Transit passengers"),
        "humanitarian_workers": _("Humanitarian workers"),
        "students": _("Students"),
        "family_reunification": _("Family reunification"),
    }
    return labels.get(code, code.replace("_", " "))


def target_kind_label(code: str) -> str:
    """A kind of target (who a measure applies to) as people say it."""
    labels = {
        "nationality": _("Nationality"),
        "origin": _("Origin"),
        "transit": _("Transit"),
        "residence": _("Residence"),
    }
    return labels.get(code, code)


def poe_scope_label(code: str) -> str:
    """The points of entry a measure applies at."""
    labels = {
        "all": _("All points of entry"),
        "air": _("Air arrivals"),
        "land": _("Land arrivals"),
        "sea": _("Sea arrivals"),
        "named": _("Named points of entry"),
    }
    return labels.get(code, code)


def travel_mode_label(code: str) -> str:
    """A mode of travel as the word that fills "%(scope)s arrivals" in journey answers."""
    labels = {
        "air": _("air"),
        "land": _("land"),
        "sea": _("sea"),
    }
    return labels.get(code, code)


def poe_status_label(code: str) -> str:
    """A point of entry's operational status ("unknown" or "no_data": no report)."""
    labels = {
        "fully_operational": _("Fully operational"),
        "partially_operational": _("Partially operational"),
        "closed": _("Closed"),
    }
    if code in ("unknown", "no_data"):
        return _("No report")
    return labels.get(code, code)


def who_may_cross_label(code: str) -> str:
    """A group of people a point of entry lets through."""
    labels = {
        "nationals": _("Nationals"),
        "regular_travellers": _("Regular travellers"),
        "migrants": _("Migrants"),
        "idps": _("Internally displaced people"),
        "asylum_seekers": _("Asylum seekers"),
        "goods_only": _("Goods only"),
    }
    return labels.get(code, code)


def who_may_cross_labels(codes: list[str]) -> str:
    """The groups a point of entry lets through, in words, separated by commas."""
    return ", ".join(who_may_cross_label(code) for code in codes)


def measure_field_label(name: str) -> str:
    """A field of a measure as the editor names it (in a version's list of changes)."""
    labels = {
        "country_iso3": _("Imposing country"),
        "measure_type": _("Type"),
        "title": _("Title"),
        "details": _("Details"),
        "nationalities": _("Nationalities"),
        "origins": _("Countries of origin or departure"),
        "transits": _("Transit countries"),
        "residence": _("Countries of residence"),
        "poe_scope": _("Scope"),
        "poe_codes": _("Points of entry"),
        "exemptions": _("Exemptions"),
        "quarantine_days": _("Quarantine days"),
        "announced_on": _("Announced on"),
        "effective_from": _("Effective from"),
        "effective_until": _("Effective until"),
        "sources": _("Sources"),
        "last_verified_on": _("Last verified on"),
        "explicit_level": _("Level override"),
        "status": _("Status"),
    }
    return labels.get(name, name.replace("_", " "))


def measure_field_value(value: Any, name: str) -> str:
    """A field's value in a version's list of changes: codes in words, lists joined, "—"."""
    if value is None or value == []:
        return "—"
    words = {
        "measure_type": measure_type_label,
        "poe_scope": poe_scope_label,
        "exemptions": exemption_label,
        "status": status_label,
    }.get(name)
    values = value if isinstance(value, list) else [value]
    shown = [_source_text(item) if isinstance(item, dict) else str(item) for item in values]
    return ", ".join(words(item) if words else item for item in shown)


def _source_text(source: dict[str, Any]) -> str:
    """A source reference as its publisher and address."""
    parts = (source.get("publisher"), source.get("url"))
    return " ".join(str(part) for part in parts if part)


def change_note_label(note: str | None) -> str:
    """A version's note: the notes the service writes itself in words, people's notes as typed."""
    if not note:
        return ""
    notes = {"created": _("Created"), "published": _("Published"), "verified": _("Verified")}
    if note.startswith("lifted on "):
        return _("Lifted on %(day)s") % {"day": note.removeprefix("lifted on ")}
    return notes.get(note, note)


def template_column_label(name: str, english: str = "") -> str:
    """What a column of the import template holds, in the reader's language (the template's
    own English description when the column has no words here). Allowed values are shown
    beside it as the file spells them, with their labels (`template_column_values`)."""
    labels = {
        "ref": _("Your stable reference; re-importing the same ref updates it"),
        "country": _("Imposing country, ISO 3166-1 alpha-3 (required)"),
        "measure_type": _("A measure type of the taxonomy (required)"),
        "title": _("Short title (required)"),
        "details": _("Free text"),
        "nationalities": _("Targeted nationalities (ISO3 list)"),
        "origins": _("Targeted countries of origin (ISO3 list)"),
        "transits": _("Targeted transit countries (ISO3 list)"),
        "residence": _("Targeted countries of residence"),
        "poe_scope": _("The points of entry the measure applies at (default: all):"),
        "poe_codes": _("POE codes when the scope is named (list)"),
        "exemptions": _("Exempted groups, separated by ; (list)"),
        "quarantine_days": _("Days of quarantine"),
        "announced_on": _("YYYY-MM-DD"),
        "effective_from": _("YYYY-MM-DD (required)"),
        "effective_until": _("YYYY-MM-DD, inclusive; blank: open-ended"),
        "status": _("The measure's status (default: draft):"),
        "source_title": _("Title of the source"),
        "source_url": _("Address of the source"),
        "source_publisher": _("Publisher of the source"),
        "source_retrieved_on": _("YYYY-MM-DD"),
        "last_verified_on": _("YYYY-MM-DD"),
    }
    return labels.get(name, english)


def template_column_values(name: str) -> list[tuple[str, str]]:
    """The values a column of the import template takes, each with its label (none: free)."""
    if name == "status":
        return [(code, status_label(code)) for code in ("draft", "published")]
    if name == "poe_scope":
        return [(code, poe_scope_label(code)) for code in ("all", "air", "land", "sea", "named")]
    return []
