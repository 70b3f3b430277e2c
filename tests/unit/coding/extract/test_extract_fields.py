"""extract_fields as a whole: every key, the Extracted type, hints, purity."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from pars.coding.extract import FIELDS, extract_fields
from pars.coding.types import Extracted
from pars.core.nhs_number import is_valid_nhs_number

LETTER = """The Surgery, 12 High Street, Watford WD17 1AA
Tel: 01923 123456

Date: 14/03/2025

To: Orthopaedic Department, Watford General Hospital

Dear Colleague,

Re: Mrs Jane SMITH  DOB: 02.05.1948  NHS No: 943 476 5919  Hosp No: 1234567890

Thank you for seeing this 76 year old lady with severe OA of the right knee.
PMH: hypertension, AF, previous appendicectomy in 1978.
I would be grateful if you could consider her for a total knee replacement.

Yours sincerely

Dr Sarah Okafor
General Practitioner
"""


def test_every_field_is_present_as_extracted(providers) -> None:
    out = extract_fields(LETTER, providers=providers)
    assert set(FIELDS) <= set(out)
    assert all(isinstance(v, Extracted) and 0.0 <= v.confidence <= 1.0 for v in out.values())


def test_a_gp_referral_end_to_end(providers) -> None:
    out = {k: v.value for k, v in extract_fields(LETTER, providers=providers).items()}
    assert out["nhs_number"] == "9434765919"
    assert out["patient_birth_date"] == "1948-05-02"
    assert out["letter_date"] == "2025-03-14"
    assert out["event_date"] is None
    assert out["patient_name"] == "Jane SMITH"
    assert out["clinician"] == "Dr Sarah Okafor"
    assert out["provider_code"] == "RWG"
    assert out["diagnoses"][0] == {"icd10": "M17.9", "text": "OA of the right knee"}
    assert out["procedures"][0]["opcs4"] == "W40.1"


def test_structured_hints_override_text_and_are_validated(providers) -> None:
    hints = {
        "nhs_number": "401 023 2137",
        "patient_birth_date": "1950-01-01",
        "provider_code": "RAL",
    }
    out = extract_fields(LETTER, hints, providers=providers)
    assert out["nhs_number"].value == "4010232137"
    assert out["patient_birth_date"].value == "1950-01-01"
    assert out["provider_code"].value == "RAL"
    bad = extract_fields(LETTER, {"nhs_number": "1234567890"}, providers=providers)
    assert bad["nhs_number"].value == "9434765919"


def test_empty_text() -> None:
    out = extract_fields("", providers=())
    assert out["nhs_number"].value is None
    assert out["diagnoses"].value == []
    assert out["procedures"].value == []


def test_extracted_is_frozen_and_checks_confidence() -> None:
    import dataclasses

    import pytest

    e = Extracted("x", 0.5, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.value = "y"  # type: ignore[misc]
    with pytest.raises(ValueError):
        Extracted("x", 1.5, None)


def test_extractors_do_not_import_django() -> None:
    code = (
        "import sys\nfrom pars.coding.extract import extract_fields\n"
        "extract_fields('Date: 01/01/2025 NHS No 943 476 5919 OA knee')\n"
        "assert 'django' not in sys.modules\n"
        "assert 'pars.synth' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_any_text_gives_well_formed_output(text: str) -> None:
    out = extract_fields(text, providers=())
    assert set(FIELDS) <= set(out)
    nhs = out["nhs_number"].value
    assert nhs is None or is_valid_nhs_number(nhs)
    assert isinstance(out["diagnoses"].value, list)
    for key in ("letter_date", "event_date", "patient_birth_date"):
        value = out[key].value
        assert value is None or (len(value) == 10 and value[4] == "-")


def test_pathological_layouts_complete() -> None:
    # these once made a regex backtrack quadratically (a `\s*` after `^` crossing blank lines);
    # a regression shows up as this test taking minutes, not as a timing assertion
    for text in (
        "\n" * 20000,
        "GP:\n" * 5000,
        "Reason for referral\n" * 3000,
        "12/03/2025 " * 2000,
    ):
        out = extract_fields(text, providers=())
        assert set(FIELDS) <= set(out)
