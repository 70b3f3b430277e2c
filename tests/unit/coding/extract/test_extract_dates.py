"""Dates: every format letters use, UK day-first, and the role of each date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.extract import extract_fields
from pars.coding.extract.dates import parse_date

TODAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("12/03/2025", "2025-03-12"),
        ("12.03.25", "2025-03-12"),
        ("12th March 2025", "2025-03-12"),
        ("12-Mar-2025", "2025-03-12"),
        ("2025-03-12", "2025-03-12"),
        ("Thursday 12 March 2025", "2025-03-12"),
        ("12 Mar 25", "2025-03-12"),
        ("1st Sept 2024", "2024-09-01"),
        ("03/12/2025", "2025-12-03"),  # day first, never US
        ("12 March, 2025", "2025-03-12"),
        ("March 12, 2025", "2025-03-12"),
        ("2 May 47", "1947-05-02"),  # two-digit years far ahead are last century
    ],
)
def test_parse_date_formats(written: str, expected: str) -> None:
    assert parse_date(written, TODAY).isoformat() == expected


@pytest.mark.parametrize("junk", ["31/02/2025", "12/13/2025", "1234", "12 Marchant 2025"])
def test_impossible_dates_are_not_dates(junk: str) -> None:
    assert parse_date(junk, TODAY) is None


def fields(text: str, **hints: str) -> dict[str, str | None]:
    out = extract_fields(text, hints or None, providers=(), today=TODAY)
    return {k: out[k].value for k in ("letter_date", "event_date", "patient_birth_date")}


def test_clinic_letter_letter_date_event_date_and_dob() -> None:
    text = (
        "Watford General Hospital\nDermatology Outpatients\n"
        "Clinic date: 03/03/2025\nDate typed: 05.03.25\n\nDear Dr Okafor\n"
        "Re: Jane SMITH  DOB 12/04/1950  NHS No 943 476 5919\n\n"
        "I saw Jane in clinic on 3rd March 2025.\n"
    )
    assert fields(text) == {
        "letter_date": "2025-03-05",
        "event_date": "2025-03-03",
        "patient_birth_date": "1950-04-12",
    }


@pytest.mark.parametrize("label", ["DOB", "D.O.B.", "D.O.B", "Date of birth:", "born", "DOB:"])
def test_birth_date_labels(label: str) -> None:
    text = f"14 March 2025\n\nRe: Mr Tom Brown, {label} 02/05/1948\n"
    out = fields(text)
    assert out["patient_birth_date"] == "1948-05-02"
    assert out["letter_date"] == "2025-03-14"


def test_unlabelled_date_near_the_top_is_the_letter_date_not_the_dob() -> None:
    text = (
        "The Surgery\n\n10th January 2025\n\nRe: Ann Lee (d.o.b. 1/1/1960)\n\nDear Sir\n"
        + "text\n" * 30
    )
    out = fields(text)
    assert out["letter_date"] == "2025-01-10"
    assert out["patient_birth_date"] == "1960-01-01"


def test_referral_has_no_event_date() -> None:
    text = (
        "Date: 14/03/2025\nDear Colleague\nThank you for seeing this man with hip pain, "
        "who I saw on 10/03/2025.\nYours sincerely\nDr A Khan\nGeneral Practitioner\n"
    )
    out = fields(text)
    assert out["letter_date"] == "2025-03-14"
    assert out["event_date"] is None


def test_discharge_summary_event_date_is_the_admission() -> None:
    text = (
        "DISCHARGE SUMMARY\nDate of admission: 01/02/2025\nDate of discharge: 05/02/2025\n"
        "Date: 06/02/2025\nDiagnosis: community acquired pneumonia\n"
    )
    out = fields(text)
    assert out["event_date"] == "2025-02-01"
    assert out["letter_date"] == "2025-02-06"


def test_examination_date_in_a_report() -> None:
    text = "RADIOLOGY REPORT\nDate of examination: 20 Feb 2025\nReported: 21/02/2025\nFindings: normal.\n"
    out = fields(text, document_type="diagnostic_report", direction="incoming")
    assert out["event_date"] == "2025-02-20"
    assert out["letter_date"] == "2025-02-21"


def test_follow_up_appointment_is_not_the_event() -> None:
    text = "Clinic date: 2 June 2025\nDictated: 3 June 2025\nI saw him today.\nFollow up on 1/9/2025.\n"
    out = fields(text)
    assert out["event_date"] == "2025-06-02"


def test_hints_from_structured_formats_win() -> None:
    out = extract_fields("Date: 01/01/2025", {"letter_date": "2025-02-02"}, providers=())
    assert out["letter_date"].value == "2025-02-02"


_FORMATS = [
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: d.strftime("%d.%m.%y"),
    lambda d: d.strftime("%d-%b-%Y"),
    lambda d: d.isoformat(),
    lambda d: (
        f"{d.day}{'th' if 4 <= d.day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d.day % 10, 'th')} {d:%B %Y}"
    ),
    lambda d: d.strftime("%A %d %B %Y"),
    lambda d: d.strftime("%d %b %y"),
    lambda d: f"{d.day}/{d.month}/{d.year}",
]


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=dt.date(1928, 1, 1), max_value=dt.date(2026, 12, 31)),
    st.sampled_from(range(len(_FORMATS))),
)
def test_format_then_parse_gives_the_same_date(date: dt.date, fmt: int) -> None:
    # two-digit years: 1928..2026 is exactly the window the pivot (today + 1) reads right
    written = _FORMATS[fmt](date)
    parsed = parse_date(written, TODAY)
    assert parsed == date, written


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2026, 5, 1)),
    st.sampled_from(range(len(_FORMATS))),
)
def test_labelled_letter_date_is_found_in_any_format(date: dt.date, fmt: int) -> None:
    text = f"Orthopaedic clinic\nDate: {_FORMATS[fmt](date)}\n\nDear Dr Smith\n"
    assert fields(text)["letter_date"] == date.isoformat()


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "1",
                "12",
                "2025",
                "/",
                ".",
                "-",
                " ",
                "\n",
                "a",
                "_",
                "st ",
                "of ",
                "March",
                "Mar",
                "'25",
                "3rd",
                "\u0663",
                "12/03/2025",
                "2025-03-12",
                "x12.3.25",
                "\u017fep",  # long s: re.IGNORECASE reads it as "s"
                "SEPT",
                "dec",
                "June",
                " mg",
                " diabetes",
                "th of ",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_date_scan_finds_what_the_plain_pattern_finds(text: str) -> None:
    from pars.coding.extract.dates import DATE_RE, iter_dates

    assert [m.group(0) + str(m.span()) for m in iter_dates(text)] == [
        m.group(0) + str(m.span()) for m in DATE_RE.finditer(text)
    ]


@pytest.mark.parametrize(
    "before",
    [
        "DOB: ", "Date of Birth ", "CLINIC DATE: ", "Seen in clinic on ", "Date: ", "Letter typed ",
        "Discharged on ", "Follow-up appointment: ", "Received ", "LMP ", "Admitted ", "nothing ",
        "D.O.B. ", "Date of admission: ", "REVIEW: ",
    ],
)  # fmt: skip
def test_date_labels_read_alike_through_lower_cased_text(before: str) -> None:
    from pars.coding.extract.dates import _LABELS, _label_role

    plain = next((role for role, label in _LABELS if label.caseless.search(before)), None)
    assert _label_role(before) == plain
    assert _label_role(before.upper()) == plain


_AGE_PIECES = [
    "75", "1", "100", "1234", " ", "-", "yo", "y/o", "yrs", "Years", " old", "-year-old",
    "aged", "AGE", "Aged ", "x", "\u00e9", "ſ", "\n", "1950",
]  # fmt: skip


@given(st.lists(st.sampled_from(_AGE_PIECES), max_size=15).map("".join))
def test_stated_age_is_the_first_age_pattern_match(text: str) -> None:
    from pars.coding.extract.dates import _AGE_RE, _stated_age

    m = _AGE_RE.search(text)
    assert _stated_age(text) == (int(m.group(1) or m.group(2)) if m else None)


@pytest.mark.parametrize(
    ("text", "age"),
    [("aged 80, 75 yo", 80), ("75 yo, aged 80", 75), ("managed 12 cases", None), ("x75 yrs", None)],
)
def test_stated_age_examples(text: str, age: int | None) -> None:
    from pars.coding.extract.dates import _stated_age

    assert _stated_age(text) == age
