"""Country codes real data sets use beyond ISO 3166-1: the territories IOM reports on that ISO
does not code (Kosovo, `XKX`, as IOM, the EU and most visa data write it), and the aliases other
sources use for a known code (OxCGRT's `RKS`, codes ISO has withdrawn). Pure, no I/O."""

from __future__ import annotations

from typing import Any

# Rows in the shape of the HDX taxonomy (hdx-python-country), for the places it leaves out.
# Kosovo: "References to Kosovo shall be understood to be in the context of United Nations
# Security Council resolution 1244 (1999)" (IOM's designation).
EXTRA_COUNTRIES: tuple[dict[str, Any], ...] = (
    {
        "ISO 3166-1 Alpha 3-Codes": "XKX",
        "ISO 3166-1 Alpha 2-Codes": "XK",
        "m49 numerical code": None,
        "English Short": "Kosovo",
        "French Short": "Kosovo",
        "Spanish Short": "Kosovo",
        "Arabic Short": "كوسوفو",
        "Region Code": "150",
        "Region Name": "Europe",
        "Sub-region Code": "39",
        "Sub-region Name": "Southern Europe",
        "Latitude": "42.60",
        "Longitude": "20.90",
    },
)

# Another source's code -> the code Passage stores.
ALIASES: dict[str, str] = {
    "RKS": "XKX",  # OxCGRT, ICAO Doc 9303 (MRZ)
    "KOS": "XKX",  # UNDP, FIFA and some national lists
    "ROM": "ROU",  # Romania until 2002
    "ZAR": "COD",  # Zaire / DR Congo until 1997
    "TMP": "TLS",  # East Timor until 2002
}


def canonical_code(code: str) -> str:
    """A country code in upper case, an alias replaced by the code Passage stores."""
    upper = code.strip().upper()
    return ALIASES.get(upper, upper)
