"""Dates as a reader sees them: an EDTF value in words, with the precision the source gives.

>>> say("1990-01-20")
'20 January 1990'
>>> say("1994-03")
'March 1994'
>>> say("198X")
'the 1980s'
>>> say("1990-01-19/1990-01-20")
'19–20 January 1990'
>>> say("2023-09-19/2023-10-01")
'19 September – 1 October 2023'
>>> precision_of("198X")
'decade'
"""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Wikibase time precision (wikibase:timePrecision) -> its name.
PRECISIONS = {11: "day", 10: "month", 9: "year", 8: "decade", 7: "century"}


def precision_of(edtf: str) -> str:
    """Return the precision an EDTF value states: day, month, year, decade or interval."""
    if "/" in edtf:
        return "interval"
    if edtf.endswith("X"):
        return "decade"
    return {1: "year", 2: "month", 3: "day"}.get(len(edtf.split("-")), "unknown")


def _parts(edtf: str) -> list[str]:
    return edtf.split("-")


def _single(edtf: str) -> str:
    if edtf.endswith("X"):
        return f"the {edtf[:-1]}0s"
    parts = _parts(edtf)
    if len(parts) == 3:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return parts[0]


def say(edtf: str) -> str:
    """Return an EDTF (level 1) date or interval in English words; unknown forms unchanged."""
    try:
        if "/" not in edtf:
            return _single(edtf)
        first, last = edtf.split("/", 1)
        a, b = _parts(first), _parts(last)
        if len(a) == len(b) == 3 and a[:2] == b[:2]:
            return f"{int(a[2])}–{_single(last)}"
        if len(a) == len(b) == 3 and a[0] == b[0]:
            return f"{int(a[2])} {MONTHS[int(a[1]) - 1]} – {_single(last)}"
        return f"{_single(first)} – {_single(last)}"
    except (ValueError, IndexError):
        return edtf
