"""Reading coded documents (formats.md §1) into letters never fails on odd input."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from pars.costing import cost_letters, letters_from_coded
from pars.pathways import Letter
from tests.unit.costing.docs import coded

KEYS = [
    "file", "document_id", "practice_code", "document_type", "direction", "letter_date",
    "event_date", "nhs_number", "patient_birth_date", "patient_name", "clinician",
    "provider_code", "specialty_tfc", "urgency", "service_type", "diagnoses", "procedures",
    "outcome", "error",
]  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
    | st.sampled_from(["2025-04-01", "referral", "clinic_letter", "outgoing", "110", "RWG"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["icd10", "opcs4", "text"]), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(KEYS), JSON), max_size=6))
def test_any_json_objects_read_and_cost_without_crashing(records):
    letters = letters_from_coded(records)
    result = cost_letters(letters, as_of=date(2026, 1, 1))
    assert len(result.events) <= len(letters)


def test_numbers_from_hand_made_json_are_read_as_codes():
    letter = Letter.from_coded(
        coded("x", "referral", "2025-04-01") | {"specialty_tfc": 110, "nhs_number": 9434765919}
    )
    assert (letter.specialty_tfc, letter.nhs_number) == ("110", "9434765919")
    assert Letter.from_coded({"file": "a/b/doc-1.txt"}).document_id == "doc-1"
