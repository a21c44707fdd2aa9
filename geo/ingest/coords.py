"""Reading one coordinate written the many ways spreadsheets and reports write them.

Accepted: decimal degrees (``29.125``, ``-62.5``), decimal commas (``29,125``), hemisphere
letters before or after (``29.125N``, ``E 62.5``), degrees-minutes-seconds with any of the usual
marks (``29°07'30"N``, ``29° 7′ 30.5″ N``, ``29:07:30N``, ``29d07m30s``, ``29 07 30 N``) and
degrees with decimal minutes (``29°07.5'N``).
"""

from __future__ import annotations

import math
import re

from geo.errors import CoordinateError

_HEMISPHERES = {"N": 1, "S": -1, "E": 1, "W": -1}
_LAT_HEMI, _LON_HEMI = set("NS"), set("EW")
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DMS = re.compile(
    # d/m/s unit letters are lower-case only, so "30 S" reads as 30 with hemisphere S.
    rf"^\s*([NSEW])?\s*([+-])?\s*{_NUMBER}\s*(?:°|º|˚|(?-i:deg|d)|:|\s)\s*"
    rf"(?:{_NUMBER}\s*(?:'|′|’|(?-i:min|m)|:|\s)\s*)?"
    rf"(?:{_NUMBER}\s*(?:\"|″|”|''|(?-i:sec|s))?\s*)?"
    r"([NSEW])?\s*$",
    re.IGNORECASE,
)
_DECIMAL = re.compile(rf"^\s*([NSEW])?\s*([+-])?\s*{_NUMBER}\s*°?\s*([NSEW])?\s*$", re.IGNORECASE)


def parse_coordinate(text: object, axis: str) -> float:
    """One latitude (``axis="lat"``) or longitude (``axis="lon"``) in decimal degrees.

    Raises CoordinateError with the reason: empty, unreadable, minutes or seconds of 60 or more,
    a hemisphere letter of the other axis, or a value outside ±90 / ±180.
    """
    if axis not in ("lat", "lon"):
        raise ValueError(f"`axis` was {axis!r} but is expected to be in ['lat', 'lon']")
    if text is None or (isinstance(text, float) and math.isnan(text)):
        raise CoordinateError(f"missing {_word(axis)}")
    if isinstance(text, (int, float)):
        return _checked(float(text), axis, str(text))
    raw = str(text).strip()
    if not raw:
        raise CoordinateError(f"missing {_word(axis)}")
    match = _DECIMAL.match(raw) or _DMS.match(raw)
    if match is None:
        raise CoordinateError(f"cannot read {_word(axis)} {raw!r}")
    groups = match.groups()
    if match.re is _DECIMAL:
        before, sign, number, after = groups
        value = _number(number)
    else:
        before, sign, degrees, minutes, seconds, after = groups
        value = _number(degrees)
        m = _number(minutes) if minutes else 0.0
        s = _number(seconds) if seconds else 0.0
        if m >= 60 or s >= 60:
            raise CoordinateError(f"{_word(axis)} {raw!r} has minutes or seconds of 60 or more")
        value += m / 60 + s / 3600
    if before and after:
        raise CoordinateError(f"{_word(axis)} {raw!r} has two hemisphere letters")
    hemisphere = (before or after or "").upper()
    if hemisphere:
        expected = _LAT_HEMI if axis == "lat" else _LON_HEMI
        if hemisphere not in expected:
            raise CoordinateError(
                f"{_word(axis)} {raw!r} has hemisphere {hemisphere}, which belongs to a "
                f"{_word('lon' if axis == 'lat' else 'lat')}"
            )
        if sign == "-":
            raise CoordinateError(f"{_word(axis)} {raw!r} has both a minus sign and a hemisphere")
        value *= _HEMISPHERES[hemisphere]
    elif sign == "-":
        value = -value
    return _checked(value, axis, raw)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _checked(value: float, axis: str, raw: str) -> float:
    limit = 90 if axis == "lat" else 180
    if math.isnan(value) or abs(value) > limit:
        raise CoordinateError(f"{_word(axis)} {raw!r} is outside ±{limit}°")
    return value


def _word(axis: str) -> str:
    return "latitude" if axis == "lat" else "longitude"
