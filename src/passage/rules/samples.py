"""Built-in sample EU DCC payloads, run against every uploaded rule to catch rules that error."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

VALIDATION_CLOCK = "2021-12-01T10:00:00Z"

VALUE_SETS: dict[str, list[str]] = {
    "country-2-codes": ["AT", "BE", "DE", "ES", "FR", "IT", "KE", "NL", "UG", "TZ"],
    "disease-agent-targeted": ["840539006"],
    "sct-vaccines-covid-19": ["1119349007", "1119305005", "J07BX03"],
    "vaccines-covid-19-auth-holders": [
        "ORG-100030215",
        "ORG-100031184",
        "ORG-100001699",
        "ORG-100001417",
    ],
    "vaccines-covid-19-names": ["EU/1/20/1528", "EU/1/20/1507", "EU/1/21/1529", "EU/1/20/1525"],
    "covid-19-lab-result": ["260415000", "260373001"],
    "covid-19-lab-test-type": ["LP6464-4", "LP217198-3"],
    "covid-19-lab-test-manufacturer-and-name": ["1232", "1304", "1065", "1268"],
}
"""A small excerpt of the EU value sets, as rule engines receive them: code lists by name."""


@dataclass(frozen=True)
class Sample:
    """A sample certificate: its type, payload and the signature metadata around it."""

    name: str
    certificate_type: str
    issuer_country: str
    payload: dict[str, Any]
    issued_at: str = "2021-06-12T08:00:00Z"
    expires_at: str = "2022-06-12T08:00:00Z"


def _holder(family: str, given: str, dob: str) -> dict[str, Any]:
    return {
        "ver": "1.3.0",
        "nam": {"fn": family, "fnt": family.upper(), "gn": given, "gnt": given.upper()},
        "dob": dob,
    }


SAMPLES: tuple[Sample, ...] = (
    Sample(
        "vaccination-complete",
        "Vaccination",
        "NL",
        _holder("Jansen", "Anna", "1984-03-17")
        | {
            "v": [
                {
                    "tg": "840539006",
                    "vp": "1119349007",
                    "mp": "EU/1/20/1528",
                    "ma": "ORG-100030215",
                    "dn": 2,
                    "sd": 2,
                    "dt": "2021-06-01",
                    "co": "NL",
                    "is": "Ministry of Health Welfare and Sport",
                    "ci": "URN:UVCI:01:NL:187B45C9A3D14C2EAB1F3E#9",
                }
            ]
        },
    ),
    Sample(
        "vaccination-booster",
        "Vaccination",
        "FR",
        _holder("Moreau", "Louis", "1957")
        | {
            "v": [
                {
                    "tg": "840539006",
                    "vp": "1119349007",
                    "mp": "EU/1/20/1507",
                    "ma": "ORG-100031184",
                    "dn": 3,
                    "sd": 3,
                    "dt": "2021-11-15",
                    "co": "FR",
                    "is": "CNAM",
                    "ci": "URN:UVCI:01:FR:W7V2BE46QSBJ#L",
                }
            ]
        },
        issued_at="2021-11-16T09:30:00Z",
    ),
    Sample(
        "vaccination-incomplete",
        "Vaccination",
        "KE",
        _holder("Otieno", "Grace", "1992-07")
        | {
            "v": [
                {
                    "tg": "840539006",
                    "vp": "J07BX03",
                    "mp": "EU/1/21/1529",
                    "ma": "ORG-100001699",
                    "dn": 1,
                    "sd": 2,
                    "dt": "2021-11-20",
                    "co": "KE",
                    "is": "Ministry of Health",
                    "ci": "URN:UVCI:01:KE:MOH0042X17#M",
                }
            ]
        },
    ),
    Sample(
        "test-pcr-negative",
        "Test",
        "DE",
        _holder("Schmidt", "Jonas", "1990-01-31")
        | {
            "t": [
                {
                    "tg": "840539006",
                    "tt": "LP6464-4",
                    "nm": "Roche LightCycler qPCR",
                    "sc": "2021-11-30T07:15:00Z",
                    "tr": "260415000",
                    "tc": "Testzentrum Berlin Mitte",
                    "co": "DE",
                    "is": "Robert Koch-Institut",
                    "ci": "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W",
                }
            ]
        },
        issued_at="2021-11-30T12:00:00Z",
        expires_at="2021-12-03T12:00:00Z",
    ),
    Sample(
        "test-rapid-antigen-negative",
        "Test",
        "AT",
        _holder("Gruber", "Lena", "2001-09-05")
        | {
            "t": [
                {
                    "tg": "840539006",
                    "tt": "LP217198-3",
                    "ma": "1232",
                    "sc": "2021-11-30T18:40:00+01:00",
                    "tr": "260415000",
                    "tc": "Apotheke am Markt",
                    "co": "AT",
                    "is": "Ministry of Health, Austria",
                    "ci": "URN:UVCI:01:AT:71EE2559DE38C6BF7304FB65A1A451EC#3",
                }
            ]
        },
        issued_at="2021-11-30T18:50:00Z",
        expires_at="2021-12-02T18:50:00Z",
    ),
    Sample(
        "recovery",
        "Recovery",
        "BE",
        _holder("Peeters", "Marie", "1978-12-02")
        | {
            "r": [
                {
                    "tg": "840539006",
                    "fr": "2021-10-04",
                    "co": "BE",
                    "is": "Sciensano",
                    "df": "2021-10-15",
                    "du": "2022-04-02",
                    "ci": "URN:UVCI:01:BE:BJ3TFU8M7CDFSNI#N",
                }
            ]
        },
        issued_at="2021-10-15T10:00:00Z",
        expires_at="2022-04-02T00:00:00Z",
    ),
)


def samples_for(certificate_type: str) -> list[Sample]:
    """The samples a rule of this certificate type is run against (General: all of them)."""
    if certificate_type == "General":
        return list(SAMPLES)
    return [sample for sample in SAMPLES if sample.certificate_type == certificate_type]


def context_for(sample: Sample, *, country_code: str) -> dict[str, Any]:
    """The evaluation data `{payload, external}` of a sample verified in a country."""
    return {
        "payload": copy.deepcopy(sample.payload),
        "external": {
            "validationClock": VALIDATION_CLOCK,
            "valueSets": VALUE_SETS,
            "countryCode": country_code,
            "exp": sample.expires_at,
            "iat": sample.issued_at,
            "issuerCountryCode": sample.issuer_country,
            "kid": "c2FtcGxlLWs=",
            "region": "",
        },
    }
