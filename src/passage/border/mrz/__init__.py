"""ICAO Doc 9303 machine readable zone (MRZ) parser: TD1, TD2, TD3, MRV-A and MRV-B.

Pure computation, no I/O. `parse(text, today=None)` returns an `MRZResult` (see `to_dict()`),
or raises `MRZUnreadable` (a ValueError) when the text is not a recognisable MRZ.

Input: lines separated by newlines, or one concatenated string of 88, 72 or 90 characters.
All whitespace is removed and lowercase letters are uppercased before reading. Lines up to
three characters short or long are padded with `<` or cut, and reported as errors.

Fields: sex is "M", "F" or "X" (the MRZ filler `<`, unspecified, is reported as "X").
Dates are ISO strings or null, with `*_raw`, `*_partial` (e.g. "1974-08" when the day is
`<<`) and `*_unknown_parts`. Birth dates are never after `today`; expiry dates fall within
50 years after `today`, else the century before. Codes come with a kind (`issuing_state_kind`,
`nationality_kind`: state, organization, un_mission, stateless, refugee, unspecified, specimen,
unknown).

OCR look-alikes (O/0, I/1, Z/2, S/5, G/6, B/8) are corrected only where check digits confirm
it: in dates and check digits (letters cannot appear there), and by a single swap in the
document number and TD3 personal number when exactly one swap satisfies the field's and the
composite check digits. A digit in a state code (UT0) is read as its look-alike letter when
that gives a known code and every check digit holds. G and 6 weigh the same modulo 10, so a
G/6 misread in an alphanumeric field is invisible to check digits. Every correction is listed
in `corrections`.
"""

from passage.border.mrz.builder import build_mrva, build_mrvb, build_td1, build_td2, build_td3
from passage.border.mrz.checkdigit import check_char, check_digit
from passage.border.mrz.parser import parse
from passage.border.mrz.result import Check, Correction, MRZResult, MRZUnreadable

__all__ = [
    "Check",
    "Correction",
    "MRZResult",
    "MRZUnreadable",
    "build_mrva",
    "build_mrvb",
    "build_td1",
    "build_td2",
    "build_td3",
    "check_char",
    "check_digit",
    "parse",
]
