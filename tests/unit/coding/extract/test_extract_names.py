"""Patient name and clinician, as written."""

from __future__ import annotations

import heapq
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.extract import extract_fields


def value(text: str, key: str, **hints: str) -> str | None:
    return extract_fields(text, hints or None, providers=())[key].value


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Re: Mrs Jane SMITH", "Jane SMITH"),
        ("RE: Mrs Jane SMITH DOB 12/04/1950 NHS No 943 476 5919", "Jane SMITH"),
        ("Patient: SMITH, Jane (DOB 1/2/1950)", "Jane SMITH"),  # surname-first reordered
        ("Patient\tVAN DER MERWE, Chiamaka", "Chiamaka VAN DER MERWE"),
        ("Name          Ernest Williams", "Ernest Williams"),
        ("Name: John O'Neill", "John O'Neill"),
        ("Patient name: Mary-Ann Jones, 14 High St, Watford", "Mary-Ann Jones"),
        (
            "Re:  Mr. Peter van Dyke  - D.O.B. 01/01/1950",
            None,
        ),  # lower-case particle: not confident
        ("Regarding: Ms Alice Wong  NHS 943 476 5919", "Alice Wong"),
    ],
)
def test_patient_name_after_labels(line: str, expected: str | None) -> None:
    got = value(f"Date: 01/02/2025\n\n{line}\n\nDear Dr Brown\n", "patient_name")
    if expected is None:
        assert got in (None, "Peter van Dyke")
    else:
        assert got == expected


def test_subject_line_that_is_not_a_name_is_skipped() -> None:
    text = "Re: Referral for right hip pain\nPatient: Tom Hardy\n"
    assert value(text, "patient_name") == "Tom Hardy"


def test_unlabelled_name_line_with_dob() -> None:
    assert value("Mr Colin Firth, DOB 10/09/1960\n", "patient_name") == "Colin Firth"


def test_outgoing_clinician_is_the_signatory() -> None:
    text = (
        "Dear Orthopaedic colleague\nThank you for seeing this man.\n\nYours sincerely\n\n\n"
        "Dr Sarah Okafor MBBS MRCGP\nGeneral Practitioner\n"
    )
    assert value(text, "clinician") == "Dr Sarah Okafor"


def test_outgoing_clinician_from_referrer_label() -> None:
    text = "Referrer: Dr Amit Patel\nThank you for seeing...\nKind regards\nReception team\n"
    assert value(text, "clinician", direction="outgoing") == "Dr Amit Patel"


def test_incoming_clinician_is_the_gp_addressee_expanded_from_the_address_block() -> None:
    text = (
        "Watford General Hospital\nClinic date: 01/02/2025\n\nDr Sarah Okafor\nThe Surgery\n"
        "High Street\n\nDear Dr Okafor\n\nI saw your patient in clinic.\n\nYours sincerely\n\n"
        "Mr J Bloggs FRCS\nConsultant Orthopaedic Surgeon\n"
    )
    assert value(text, "clinician", direction="incoming") == "Dr Sarah Okafor"


def test_incoming_clinician_from_gp_label() -> None:
    text = "GP: Dr Helen Ward, Parkside Surgery\nDear Dr Ward\nI saw this lady in clinic today.\n"
    assert value(text, "clinician", direction="incoming") == "Dr Helen Ward"


def test_incoming_addressed_only_by_surname() -> None:
    text = "Dear Dr Ward\nI saw this lady in clinic today.\nYours sincerely\nDr K Lee\nConsultant\n"
    assert value(text, "clinician", direction="incoming") == "Dr Ward"


def test_surname_and_forename_fields() -> None:
    text = (
        "PATIENT DETAILS\nSurname: GREENWOOD            Forename(s): Thomas Edward\nDOB: 1/2/50\n"
    )
    assert value(text, "patient_name") == "Thomas Edward GREENWOOD"


@pytest.mark.parametrize(
    "label",
    ["Family name: GREENWOOD\tFirst names: Thomas", "LAST NAME:  GREENWOOD  GIVEN NAMES: Thomas"],
)
def test_split_name_fields_found_after_common_words(label: str) -> None:
    text = f"Family history of asthma, last seen in May.\n{label}\nDOB: 1/2/50\n"
    assert value(text, "patient_name") == "Thomas GREENWOOD"
    assert value(text.replace("May", "Ma\u00ff"), "patient_name") == "Thomas GREENWOOD"


def test_gp_details_label() -> None:
    text = "DISCHARGE SUMMARY\nGP Details: Dr S Ahmed, Lane End Medical Group\nAdmission Date: 01/02/2026\n"
    assert value(text, "clinician", direction="incoming") == "Dr S Ahmed"


_LABEL_PIECES = [
    "Re: ", "re ", "RE ", "Regarding ", "name ", "Name: ", "Patient ", "patient\nname ", "pt. ",
    "full stop ", "Full  stop\t", ". ", "; ", ".", "\n", "\n> ", "| ", "Jane ", "SMITH", ", ",
    "DOB 1/2/1950", " ", "\t", "Subject - ", "f", "x" * 40,
]  # fmt: skip


@given(st.lists(st.sampled_from(_LABEL_PIECES), max_size=40).map("".join))
def test_patient_labels_come_in_the_order_of_merging_both_scans(head: str) -> None:
    from pars.coding.extract.names import _PATIENT_LABEL_RE, _RE_SPACE_RE, _patient_labels

    merged = heapq.merge(
        _PATIENT_LABEL_RE.pattern.finditer(head),
        _RE_SPACE_RE.finditer(head[:3000]),
        key=lambda m: m.start(),
    )
    assert [(m.re.pattern, m.span(), m.group("rest")) for m in _patient_labels(head)] == [
        (m.re.pattern, m.span(), m.group("rest")) for m in merged
    ]


def test_on_a_tie_the_colon_label_pattern_comes_first() -> None:
    from pars.coding.extract.names import _PATIENT_LABEL_RE, _patient_labels

    head = "Dear Sir. re Jane Smith\nName   Jane Smith"
    found = [(m.re is _PATIENT_LABEL_RE.pattern, m.start()) for m in _patient_labels(head)]
    assert found == [(False, 8), (True, 24), (False, 24)]


_FULL_NAME_PIECES = [
    "Dr", "DR", "dr", "Doctor", "Mr", "Mrs", ".", " ", "\n", "Sarah", "Okafor", "Ann", "x",
    "Okaforx", "_", "\u00e9", "van", ",",
]  # fmt: skip


@given(
    st.lists(st.sampled_from(_FULL_NAME_PIECES), max_size=20).map("".join),
    st.sampled_from(["Dr", "Doctor", "Mr", "Dr."]),
)
def test_full_name_pattern_finds_what_the_word_boundary_form_finds(text: str, title: str) -> None:
    import re

    from pars.coding.extract.names import _CAP_NAME_WORD, _full_name_re

    plain = re.compile(
        rf"\b{re.escape(title)}\.?\s+((?:{_CAP_NAME_WORD}\s+){{1,2}}){re.escape('Okafor')}\b"
    )
    found, expected = _full_name_re(title, "Okafor").search(text), plain.search(text)
    assert (found and found.span(1)) == (expected and expected.span(1))
    assert _full_name_re("Dr", "Okafor").search("xDr Sarah Okafor") is None  # not a word start
    assert _full_name_re("Dr", "Okafor").search("(Dr Sarah Okafor)").group(1) == "Sarah "


def test_addressee_surname_written_out_from_elsewhere_in_the_letter() -> None:
    text = "GP: Dr Okafor\nWarners End Surgery\n\nDear Dr Okafor\n\ncc Dr Sarah Okafor, GP\n"
    assert value(text, "clinician", direction="incoming") == "Dr Sarah Okafor"


_LETTER_TO_PIECES = [
    "letter", "Letter", "LETTER", "newsletter", "xletter", "_", " ", "\n", "to", "To", "dr", "Dr.", "doctor",
    "ethan", "van", "der", "Merwe", "at", "of", ",", "x", "\u00e9", "1",
]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_LETTER_TO_PIECES), max_size=25).map(" ".join))
def test_letter_to_pattern_finds_what_the_word_boundary_form_finds(text: str) -> None:
    from pars.coding.extract.names import _LETTER_TO_RE

    plain = re.compile(_LETTER_TO_RE.pattern.replace(r"letter(?<!\wletter)", r"\bletter"), re.I)
    assert [m.span("name") for m in _LETTER_TO_RE.finditer(text)] == [
        m.span("name") for m in plain.finditer(text)
    ]
