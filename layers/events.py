"""What the map tells the page: the clicked site and the legend's state.

streamlit-folium returns only its own fields (clicks, bounds …); the atlas's map code
(``report`` in layers/static/atlas.js) adds one more, ``atlas``, to the value it sends:

    {"atlas": {"site": "<site id>", "nonce": "<map instance>", "seq": <n>}}
    {"atlas": {"legend": "open" | "closed", "nonce": ..., "seq": ...}}

``nonce`` names one map instance (a new one after a page reload) and ``seq`` counts its events,
so a second click on the same site is a new event and an old event read again is not.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KEY = "atlas"
LEGEND_STATES = ("open", "closed")


@dataclass(frozen=True)
class MapEvent:
    nonce: str
    seq: int
    site: str = ""
    legend: str = ""

    @property
    def token(self) -> tuple[str, int]:
        """What tells this event from every other one of the same map."""
        return (self.nonce, self.seq)


def map_event(value: Mapping[str, Any] | None) -> MapEvent | None:
    """The atlas event in a value st_folium returned, or None (no event, or a malformed one:
    the value comes from the browser, so nothing in it is trusted)."""
    raw = (value or {}).get(KEY) if isinstance(value, Mapping) else None
    if not isinstance(raw, Mapping):
        return None
    nonce, seq = raw.get("nonce"), raw.get("seq")
    if not isinstance(nonce, str) or not isinstance(seq, int) or isinstance(seq, bool):
        return None
    site = raw.get("site", "")
    legend = raw.get("legend", "")
    if not isinstance(site, str) or legend not in ("", *LEGEND_STATES):
        return None
    if not site and not legend:
        return None
    return MapEvent(nonce=nonce[:32], seq=seq, site=site[:200], legend=legend)


def new_event(value: Mapping[str, Any] | None, last: tuple[str, int] | None) -> MapEvent | None:
    """The event in ``value`` if it is not the one already handled (``last`` token)."""
    event = map_event(value)
    if event is None or event.token == (tuple(last) if last else None):
        return None
    return event
