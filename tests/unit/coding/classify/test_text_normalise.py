"""normalise() skips work on plain text; it must give what the straightforward version gives."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.classify.text import normalise


def _reference(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u2033]", '"', text)
    text = re.sub(r"[ \t\f\v\u00a0]+", " ", text)
    text = re.sub(r"\n\s*\n+", "\n\n", text)
    return text.lower().strip()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "a",
                "B",
                " ",
                "  ",
                "\t",
                "\f",
                "\v",
                "\u00a0",
                "\n",
                "\r\n",
                "\r",
                "\u2013",
                "\u2019",
                "\u201c",
                "x-y",
                "Urgent",
                "é",
                "\u2212",
                "\u2032",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_normalise_matches_the_reference(raw: str) -> None:
    assert normalise(raw) == _reference(raw)
