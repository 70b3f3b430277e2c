"""NHS number extraction: valid check digit only, the patient's, never an MRN or phone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.extract import extract_fields
from pars.coding.extract.nhs import extract_nhs_number
from pars.coding.extract.text import Doc
from pars.core.nhs_number import is_valid_nhs_number, nhs_check_digit

VALID = "9434765919"
VALID_2 = "4010232137"


def nhs(text: str) -> str | None:
    return extract_nhs_number(Doc(text)).value


@pytest.mark.parametrize(
    "written",
    ["943 476 5919", "943-476-5919", "9434765919", "943 476 5919.", "(943 476 5919)"],
)
def test_labelled_number_in_every_written_form(written: str) -> None:
    assert nhs(f"Re: John Smith  NHS No: {written}\n") == VALID


def test_label_on_the_line_above_as_in_tables() -> None:
    assert nhs("Name        NHS Number\nJohn Smith\nNHS Number\n943 476 5919\n") == VALID


def test_invalid_check_digit_is_never_output() -> None:
    assert nhs("NHS No: 943 476 5918") is None


def test_hospital_number_with_a_valid_check_digit_is_not_the_nhs_number() -> None:
    text = f"Hosp No: {VALID_2}\nMRN {VALID_2}\nNHS number: 943 476 5919"
    assert nhs(text) == VALID


@pytest.mark.parametrize(
    "label",
    [
        "Hosp No:",
        "MRN:",
        "Hospital number",
        "Unit No.",
        "Tel:",
        "Fax:",
        "Ref:",
        "mrn",
        "UBRN",
        "pas",
    ],
)
def test_only_a_number_labelled_as_something_else_gives_nothing(label: str) -> None:
    assert nhs(f"{label} {VALID_2}\n") is None
    assert nhs(f"{label}\n{VALID_2}\n") is None  # the label on the line above
    # the same label beyond ASCII (read with the case-insensitive pattern itself)
    assert nhs(f"Caf\u00e9 {label} {VALID_2}\n") is None


def test_phone_numbers_are_not_nhs_numbers() -> None:
    # 0144 212 3456 happens to be written 3-3-4 but starts with 0: a phone number
    assert nhs("Tel 01442 123456 or 0144 212 3456, mobile 07700 900123") is None


def test_labelled_number_beats_an_earlier_unlabelled_one() -> None:
    text = f"Our ref {VALID_2}\nPatient: Jane Doe\nNHS no. {VALID}"
    assert nhs(text) == VALID


def test_another_persons_number_is_not_the_patients() -> None:
    text = f"Mother's NHS number: {VALID_2}\nBaby NHS No: 943 476 5919\nNHS: 943 476 5919"
    assert nhs(text) == VALID


def test_first_of_several_labelled_numbers_wins() -> None:
    assert nhs(f"NHS No {VALID}\n\ncc: NHS No {VALID_2}") == VALID


def test_longer_digit_runs_do_not_yield_a_slice() -> None:
    assert nhs(f"Order 1{VALID}2 and 0{VALID}") is None


def _valid_numbers() -> st.SearchStrategy[str]:
    def build(first_nine: str) -> str | None:
        check = nhs_check_digit(first_nine)
        if check is None:
            return None
        number = first_nine + str(check)
        return number if is_valid_nhs_number(number) and number[0] != "0" else None

    return (
        st.text(alphabet="0123456789", min_size=9, max_size=9)
        .map(build)
        .filter(lambda n: n is not None)
    )


@settings(max_examples=200, deadline=None)
@given(
    number=_valid_numbers(),
    form=st.sampled_from(["spaced", "dashed", "bare"]),
    label=st.sampled_from(
        ["NHS No:", "NHS Number", "NHS no.", "NHS:", "N.H.S. No", "NHS number -"]
    ),
    prefix=st.sampled_from(
        ["", "Re: Jane Smith DOB 01/02/1950 ", "Patient details\n", "Tel 01923 123456\n"]
    ),
)
def test_any_valid_number_written_in_any_accepted_form_is_found(
    number: str, form: str, label: str, prefix: str
) -> None:
    written = {
        "spaced": f"{number[:3]} {number[3:6]} {number[6:]}",
        "dashed": f"{number[:3]}-{number[3:6]}-{number[6:]}",
        "bare": number,
    }[form]
    assert nhs(f"{prefix}{label} {written}\nDear Dr Jones") == number


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="0123456789 -", min_size=1, max_size=14), max_size=8))
def test_random_digit_strings_never_yield_an_invalid_number(parts: list[str]) -> None:
    text = " NHS No: ".join(parts)
    value = extract_fields(text, providers=())["nhs_number"].value
    assert value is None or is_valid_nhs_number(value)


_PLAIN_CANDIDATE_RE = re.compile(
    r"(?<![\w/.])(\d{3})(?:[ \u00a0\-]|\r?\n)?(\d{3})(?:[ \u00a0\-]|\r?\n)?(\d{4})(?![\w/]|\.\d)"
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(list("0123456789 -/.\na_x\u00a0\r\u0663")), max_size=40).map("".join)
)
def test_candidate_scan_finds_what_the_plain_look_behind_pattern_finds(text: str) -> None:
    from pars.coding.extract.nhs import _CANDIDATE_RE

    def spans(pattern):
        return [m.groups() + m.span() for m in pattern.finditer(text)]

    assert spans(_CANDIDATE_RE) == spans(_PLAIN_CANDIDATE_RE)


_DIGIT_PIECES = [
    "1",
    "23",
    "943",
    "476",
    "5919",
    " ",
    "-",
    "\n",
    "\r\n",
    "/",
    ".",
    "x",
    "_",
    "\u00a0",
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_DIGIT_PIECES), max_size=20).map("".join))
def test_ascii_candidate_scan_finds_what_the_unicode_one_finds(text: str) -> None:
    from pars.coding.extract.nhs import _ASCII_CANDIDATE_RE, _CANDIDATE_RE

    text = text.encode("ascii", "ignore").decode()  # the ASCII twin is used on ASCII text only
    assert [m.groups() + m.span() for m in _ASCII_CANDIDATE_RE.finditer(text)] == [
        m.groups() + m.span() for m in _CANDIDATE_RE.finditer(text)
    ]
