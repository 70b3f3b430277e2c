"""Each file format opens with its own library, carries the facts, and is byte-identical per seed."""

from __future__ import annotations

import base64
import io
import json
import random
import zipfile

import docx
import pypdfium2
import pytest

from pars.synth.letters import render_document
from tests.unit.synth_letters.events import SCENARIOS, make_event
from tests.unit.synth_letters.helpers import has_nhs_number, missing_facts

FORMATS = ("txt", "pdf", "docx", "hl7v2", "fhir", "html", "rtf")


def pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("  ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def hl7_text(data: bytes) -> str:
    lines = []
    for segment in data.decode("utf-8").split("\r"):
        fields = segment.split("|")
        if fields[0] == "OBX":
            lines.append(
                fields[5]
                .replace("\\F\\", "|")
                .replace("\\S\\", "^")
                .replace("\\R\\", "~")
                .replace("\\T\\", "&")
                .replace("\\E\\", "\\")
            )
    return "\n".join(lines)


def fhir_text(data: bytes) -> str:
    resource = json.loads(data)
    if resource["resourceType"] == "Bundle":
        resource = next(
            e["resource"]
            for e in resource["entry"]
            if e["resource"]["resourceType"] == "DocumentReference"
        )
    return base64.b64decode(resource["content"][0]["attachment"]["data"]).decode("utf-8")


def html_text(data: bytes) -> str:
    import lxml.html

    root = lxml.html.fromstring(data)
    for element in root.iter("div", "p", "tr", "h1", "h3", "br"):
        element.tail = "\n" + (element.tail or "")
    for cell in root.iter("td", "th"):
        cell.tail = " " + (cell.tail or "")
    return root.text_content()


def rtf_text(data: bytes) -> str:
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(data.decode("ascii"))


READERS = {
    "txt": lambda b: b.decode("utf-8-sig"),
    "pdf": pdf_text,
    "docx": docx_text,
    "hl7v2": hl7_text,
    "fhir": fhir_text,
    "html": html_text,
    "rtf": rtf_text,
}
EXTENSIONS = {
    "txt": "txt",
    "pdf": "pdf",
    "docx": "docx",
    "hl7v2": "hl7",
    "fhir": "json",
    "html": "html",
    "rtf": "rtf",
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("document_type", sorted(SCENARIOS))
def test_format_opens_and_keeps_facts(fmt: str, document_type: str) -> None:
    event = make_event(document_type, seed=11, file_format=fmt)
    doc = render_document(event, random.Random(11))
    assert doc.format == fmt
    assert doc.extension == EXTENSIONS[fmt]
    text = READERS[fmt](doc.content)
    assert missing_facts(text, event) == [], text


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_is_byte_identical_for_a_seed(fmt: str) -> None:
    for document_type in SCENARIOS:
        first = render_document(
            make_event(document_type, seed=7, file_format=fmt), random.Random(99)
        )
        second = render_document(
            make_event(document_type, seed=7, file_format=fmt), random.Random(99)
        )
        assert first == second
    other = render_document(make_event("referral", seed=7, file_format=fmt), random.Random(100))
    assert other.content != first.content or other.style_family != first.style_family


def test_docx_zip_members_have_fixed_timestamps() -> None:
    doc = render_document(make_event("clinic_letter", file_format="docx"), random.Random(3))
    with zipfile.ZipFile(io.BytesIO(doc.content)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 1, 1, 9, 0, 0)}
        assert b"2025-01-01T09:00:00Z" in archive.read("docProps/core.xml")


def test_hl7_message_types_and_pid() -> None:
    expected = {
        "referral": "REF^I12",
        "diagnostic_report": "ORU^R01",
        "clinic_letter": "MDM^T02",
        "discharge_summary": "MDM^T02",
    }
    for document_type, message in expected.items():
        event = make_event(document_type, seed=2, file_format="hl7v2")
        data = render_document(event, random.Random(2)).content.decode()
        segments = {s.split("|")[0]: s for s in data.split("\r") if s}
        assert segments["MSH"].split("|")[8].startswith(message)
        pid = segments["PID"].split("|")
        nhs_ids = [i for i in pid[3].split("~") if i.endswith("^NH")]
        assert [i.split("^")[0] for i in nhs_ids] == [event.truth["nhs_number"]]
        assert any(i.endswith("^MR") for i in pid[3].split("~"))
        assert pid[7] == event.truth["patient_birth_date"].replace("-", "")


def test_fhir_referral_bundle_or_document_reference() -> None:
    kinds = set()
    for seed in range(12):
        event = make_event("referral", seed=seed, file_format="fhir")
        resource = json.loads(render_document(event, random.Random(seed)).content)
        kinds.add(resource["resourceType"])
        if resource["resourceType"] == "Bundle":
            types = [e["resource"]["resourceType"] for e in resource["entry"]]
            assert types == ["Patient", "ServiceRequest", "DocumentReference"]
            patient = resource["entry"][0]["resource"]
            assert patient["identifier"][0]["value"] == event.truth["nhs_number"]
        else:
            assert resource["subject"]["identifier"]["value"] == event.truth["nhs_number"]
    assert kinds == {"Bundle", "DocumentReference"}


def test_pdf_text_layer_has_nhs_number() -> None:
    event = make_event("discharge_summary", seed=5, file_format="pdf")
    data = render_document(event, random.Random(5)).content
    assert data.startswith(b"%PDF-")
    assert has_nhs_number(" ".join(pdf_text(data).split()), event.truth["nhs_number"])


def test_names_outside_latin1_lose_only_their_accents_in_pdf_and_legacy_text() -> None:
    from dataclasses import replace

    event = make_event("clinic_letter", seed=8, file_format="pdf")
    event.patient = replace(
        event.patient, person=replace(event.patient.person, family_name="Wiśniewski")
    )
    text = pdf_text(render_document(event, random.Random(8)).content)
    assert "wisniewski" in text.lower() and "wi?niewski" not in text.lower()
    event.file_format, event.broken = "txt", "non_utf8"
    legacy = render_document(event, random.Random(8)).content.decode("cp1252", errors="replace")
    assert "wisniewski" in legacy.lower()


@pytest.mark.slow
def test_output_is_independent_of_the_process_and_never_loads_django() -> None:
    """Byte-identical across interpreters (string hashing is randomised per process); a pure core."""
    import os
    import subprocess
    import sys

    code = (
        "import hashlib, random\n"
        "from pars.synth.letters import render_document\n"
        "from pars.synth.letters.samples import sample_events\n"
        "h = hashlib.sha256()\n"
        "for fmt in ('txt', 'pdf', 'docx', 'hl7v2', 'fhir', 'html', 'rtf'):\n"
        "    for e in sample_events(8, 3, file_format=fmt):\n"
        "        h.update(render_document(e, random.Random(e.document_id)).content)\n"
        "import sys\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
        "print(h.hexdigest())\n"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1


def test_long_pdf_letters_run_over_pages_with_footers_and_banners() -> None:
    from pars.synth.model import Condition

    event = make_event(
        "clinic_letter", seed=3, file_format="pdf", style_family="clinic_narrative_letter"
    )
    event.history = [Condition("I10", "hypertension"), Condition("J45.9", "asthma")] * 80
    footers, banners = set(), 0
    for seed in range(12):
        data = render_document(event, random.Random(seed)).content
        pdf = pypdfium2.PdfDocument(data)
        try:
            pages = [page.get_textpage().get_text_range() for page in pdf]
        finally:
            pdf.close()
        assert len(pages) >= 2
        text = "\n".join(pages)
        assert missing_facts(text, event) == []
        footers.update(line for line in text.splitlines() if f"of {len(pages)}" in line)
        banners += event.patient.person.family_name.upper() in pages[1][:200].upper()
    assert any(f"Page 2 of {n}" in f for f in footers for n in range(2, 9))
    assert banners > 0


def test_docx_headers_and_footers_open_in_python_docx() -> None:
    kinds = set()
    for seed in range(16):
        event = make_event("clinic_letter", seed=seed, file_format="docx")
        data = render_document(event, random.Random(seed)).content
        document = docx.Document(io.BytesIO(data))
        section = document.sections[0]
        header = " ".join(p.text for p in section.header.paragraphs)
        footer = " ".join(p.text for p in section.footer.paragraphs)
        if header:
            assert event.truth["provider_name"] in header
            kinds.add("header")
        if footer:
            kinds.add("footer")
    assert kinds == {"header", "footer"}
