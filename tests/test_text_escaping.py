"""The column-wise escaping used for the map payload gives exactly what safe_text gives."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from layers.text import safe_text, safe_texts

VALUES = st.one_of(
    st.text(alphabet=st.sampled_from("a é&<>\"'{}%`$#;0ل")),
    st.text(),
    st.none(),
    st.just(math.nan),
    st.integers(),
    st.floats(allow_nan=False),
    st.lists(st.text(max_size=5), max_size=3),
)


@given(st.lists(VALUES, max_size=30))
def test_safe_texts_equals_safe_text_of_each(values: list) -> None:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    assert safe_texts(array) == [safe_text(v) for v in values]


def test_entities_are_not_escaped_twice() -> None:
    array = np.array(["&amp; {{ 7*7 }}", "<img src=x onerror=alert(1)>", None], dtype=object)
    assert safe_texts(array) == [
        "&amp;amp; &#123;&#123; 7*7 &#125;&#125;",
        "&lt;img src=x onerror=alert(1)&gt;",
        "",
    ]
