"""Broken variants are broken exactly as the event declares."""

from __future__ import annotations

import random

import pytest

from pars.synth.letters import render_document
from tests.unit.synth_letters.events import SCENARIOS, make_event


@pytest.mark.parametrize("document_type", sorted(SCENARIOS))
def test_empty(document_type: str) -> None:
    doc = render_document(
        make_event(document_type, file_format="pdf", broken="empty"), random.Random(1)
    )
    assert doc.content == b""
    assert doc.extension == "pdf"


@pytest.mark.parametrize("seed", range(5))
def test_truncated_pdf_is_cut_mid_stream(seed: int) -> None:
    event = make_event("clinic_letter", seed=seed, file_format="txt", broken="truncated_pdf")
    doc = render_document(event, random.Random(seed))
    full = render_document(
        make_event("clinic_letter", seed=seed, file_format="pdf"), random.Random(seed)
    )
    assert (doc.format, doc.extension) == ("pdf", "pdf")
    assert doc.content.startswith(b"%PDF-")
    assert b"%%EOF" not in doc.content
    assert 0 < len(doc.content) < len(full.content)


def test_wrong_extension_pdf_named_docx_and_docx_named_pdf() -> None:
    doc = render_document(
        make_event("referral", file_format="pdf", broken="wrong_extension"), random.Random(1)
    )
    assert doc.content.startswith(b"%PDF-") and doc.extension == "docx" and doc.format == "pdf"
    doc = render_document(
        make_event("referral", file_format="docx", broken="wrong_extension"), random.Random(1)
    )
    assert doc.content.startswith(b"PK") and doc.extension == "pdf" and doc.format == "docx"


@pytest.mark.parametrize("seed", range(8))
def test_non_utf8_has_pound_and_e_acute_in_a_legacy_encoding(seed: int) -> None:
    event = make_event("discharge_summary", seed=seed, broken="non_utf8")
    doc = render_document(event, random.Random(seed))
    assert (doc.format, doc.extension) == ("txt", "txt")
    with pytest.raises(UnicodeDecodeError):
        doc.content.decode("utf-8")
    text = doc.content.decode("cp1252")
    assert "£" in text and "é" in text
    assert event.patient.person.family_name.upper() in text.upper()
