"""Coded values as HTML: lists one per line, codes first, and everything escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from pars.documents.actions import record_coding
from pars.web.templatetags.pars_web import coded_value, label, percent
from tests.integration.web.conftest import coded, make_document

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["icd10", "opcs4", "code", "text", "x"]), children)
    ),
    max_leaves=8,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("110", "110"),
        (True, "yes"),
        (
            [{"icd10": "M17.1", "text": "OA knee"}, {"icd10": "I10", "text": ""}],
            '<span class="pars-coded-item">M17.1 OA knee</span>'
            '<span class="pars-coded-item">I10</span>',
        ),
        ([{"opcs4": "W40.1", "text": "knee replacement"}], "W40.1 knee replacement"),
        ([{"text": "free text only"}], "free text only"),
    ],
)
def test_coded_value_shows_codes_first(value, expected):
    assert expected in str(coded_value(value))


@pytest.mark.parametrize("empty", [None, "", []])
def test_empty_values_say_none(empty):
    assert ">none<" in str(coded_value(empty))


@given(json_values)
@example("<script>alert(1)</script>")
@example([{"icd10": "<b>", "text": "<i>"}, "<u>"])
def test_coded_value_never_fails_and_never_emits_raw_markup(value):
    html = str(coded_value(value))
    assert "<script" not in html
    assert html.count("<") == html.count("<span") + html.count("</span")


def test_percent_and_label():
    assert percent(0.814) == "81%" and percent(None) == "" and percent(1) == "100%"
    assert label("specialty_tfc") == "specialty tfc"


@pytest.mark.django_db
def test_detail_page_escapes_what_the_letter_said(client, world):
    hostile = coded("9434765919")
    hostile["patient_name"] = '<script>alert("x")</script>'
    hostile["diagnoses"] = [{"icd10": "R69", "text": "<img src=x onerror=alert(1)>"}]
    document = record_coding(
        document=make_document(world.practice_a, b"hostile"), coded=hostile, source="t"
    )
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("document_detail", args=[document.receipt])).content.decode()
    assert '<script>alert("x")' not in content and "<img src=x" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content
    assert "R69 &lt;img src=x onerror=alert(1)&gt;" in content
