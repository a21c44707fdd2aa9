"""The one folium element behind the atlas's own map code.

Each layer builder that needs JavaScript passes a function expression and one JSON payload; the
page calls ``function(parent_layer, payload)``. All data reaches the script through
``script_json`` (layers/text.py), never by pasting text into JavaScript source.
"""

from __future__ import annotations

from typing import Any

from branca.element import Element, MacroElement
from jinja2 import Template

from layers.text import script_json


class _Rendered(Element):
    """Script text that is already rendered, added to the page as it is."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class ParentCall(MacroElement):
    _template = Template(
        "{% macro script(this, kwargs) %}"
        "({{ this.function }})({{ this._parent.get_name() }}, {{ this.payload }});"
        "{% endmacro %}"
    )

    def __init__(self, name: str, function: str, payload: Any = None, *, payload_json: str = ""):
        """``payload_json``: the payload already written by ``script_json`` (for a payload that
        never changes, serialised once per process instead of once per rerun)."""
        super().__init__()
        self._name = name
        self.function = function
        self.payload = payload_json or script_json(payload)

    def render(self, **kwargs) -> None:
        """Add the rendered call to the page's script."""
        # branca's MacroElement.render wraps the rendered script in an Element, which compiles
        # it as a new Jinja template: for 100,000 sites (10 MB of JSON) that lexing alone took
        # 1.1 s of every rerun (bench/bench_page.py). The text is final, so it is added as is.
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_Rendered(script), name=self.get_name())
