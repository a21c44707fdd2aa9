"""Names of Pakistan's first-level units and the spellings sources use for them."""

from __future__ import annotations

from geo.model.normalise import key as _key

# Official English name -> ISO 3166-2 code.
UNITS: dict[str, str] = {
    "Balochistan": "PK-BA",
    "Sindh": "PK-SD",
    "Punjab": "PK-PB",
    "Khyber Pakhtunkhwa": "PK-KP",
    "Islamabad Capital Territory": "PK-IS",
    "Gilgit-Baltistan": "PK-GB",
    "Azad Jammu and Kashmir": "PK-JK",
}
PROVINCES = ("Balochistan", "Sindh", "Punjab", "Khyber Pakhtunkhwa")

# Older or informal spellings found in reports, the census and other boundary datasets.
_ALIASES = {
    "baluchistan": "Balochistan",
    "sind": "Sindh",
    "kpk": "Khyber Pakhtunkhwa",
    "kp": "Khyber Pakhtunkhwa",
    "nwfp": "Khyber Pakhtunkhwa",
    "n w f p": "Khyber Pakhtunkhwa",
    "north west frontier province": "Khyber Pakhtunkhwa",
    "khyber pakhtoonkhwa": "Khyber Pakhtunkhwa",
    # FATA has been part of Khyber Pakhtunkhwa since the 25th Amendment (2018).
    "fata": "Khyber Pakhtunkhwa",
    "federally administered tribal areas": "Khyber Pakhtunkhwa",
    "islamabad": "Islamabad Capital Territory",
    "ict": "Islamabad Capital Territory",
    "fct": "Islamabad Capital Territory",
    "f c t": "Islamabad Capital Territory",
    "federal capital territory": "Islamabad Capital Territory",
    "gb": "Gilgit-Baltistan",
    "northern areas": "Gilgit-Baltistan",
    "ajk": "Azad Jammu and Kashmir",
    "azad kashmir": "Azad Jammu and Kashmir",
    "azad jammu kashmir": "Azad Jammu and Kashmir",
    "azad jammu & kashmir": "Azad Jammu and Kashmir",
}


_LOOKUP = {_key(n): n for n in UNITS} | {_key(c): n for n, c in UNITS.items()}
_LOOKUP |= {_key(a): n for a, n in _ALIASES.items()}


def normalise_unit(text: str | None) -> str | None:
    """The official name for any known spelling of a unit, or None if it is not one."""
    if text is None:
        return None
    return _LOOKUP.get(_key(str(text)))
