"""The one folium element behind the atlas's own map code.

Each layer builder that needs JavaScript passes a function expression and one JSON payload; the
page calls ``function(parent_layer, payload)``. All data reaches the script through
``script_json`` (layers/text.py), never by pasting text into JavaScript source.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from layers.text import script_json


class ParentCall(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "({{ this.function }})({{ this._parent.get_name() }}, {{ this.payload }});"
        "{% endmacro %}"
    )

    def __init__(self, name: str, function: str, payload: Any = None):
        super().__init__()
        self._name = name
        self.function = function
        self.payload = script_json(payload)
