"""Builders for small synthetic letters in every format (made in the test, never shipped)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from email.message import EmailMessage

NHS = "9434765919"  # valid check digit (domain.md §7)
BAD_NHS = "9434765918"  # fails the check digit
LETTER = "Dear Dr Okafor\nRe: John Smith NHS No: 943 476 5919\nDiagnosis: inguinal hernia\nPlan: open repair"


def make_pdf(text: str = LETTER, pages: int = 1, *, encrypt: bool = False) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for number in range(pages):
        pdf.add_page()
        pdf.multi_cell(0, 8, text if number == 0 else f"Page {number + 1}\n{text}")
    if encrypt:
        pdf.set_encryption(owner_password="owner", user_password="secret")
    return bytes(pdf.output())


def make_blank_pdf() -> bytes:
    """A 'scanned' PDF: a page with a drawn shape and no text layer."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")
    return bytes(pdf.output())


def make_docx(
    paragraphs: tuple[str, ...] = ("Dear Dr Okafor", "Diagnosis: inguinal hernia"),
    table: tuple[tuple[str, str], ...] = (("NHS number", "943 476 5919"), ("Name", "John Smith")),
    header: str | None = "Watford General Hospital",
    footer: str | None = "West Hertfordshire Teaching Hospitals NHS Trust",
) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=2)
        for row, (left, right) in enumerate(table):
            grid.cell(row, 0).text = left
            grid.cell(row, 1).text = right
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def wordml(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def make_hl7(
    *,
    message_type: str = "MDM^T02",
    nhs: str = NHS,
    sender: str = "WEST HERTS^RWG^ODS",
    receiver: str = "E82031",
    extra: tuple[str, ...] = (),
    separator: str = "\r",
) -> bytes:
    segments = [
        f"MSH|^~\\&|EPR|{sender}|GPSYS|{receiver}|20250301120000||{message_type}|MSG0001|P|2.4",
        f"PID|1||{nhs}^^^NHS^NH~H123456^^^RWG^MR||Smith^John^Peter||19600102|M",
        "PV1|1|O||||||G123^Okafor^Sarah^^^Dr" + "|" * 36 + "20250228",
        "TXA|1|CL|TX|20250228||20250301",
        "OBX|1|TX|||Clinic letter: inguinal hernia\\.br\\Plan \\T\\ review",
        "NTE|1||Seen in the surgical clinic",
        *extra,
    ]
    return separator.join(segments).encode() + separator.encode()


def make_fhir_document_reference(
    attachment: bytes, content_type: str = "application/pdf", nhs: str = NHS
) -> bytes:
    resource = {
        "resourceType": "DocumentReference",
        "status": "current",
        "contained": [
            {
                "resourceType": "Patient",
                "id": "p1",
                "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs}],
                "name": [{"given": ["John"], "family": "Smith"}],
                "birthDate": "1960-01-02",
            },
            {
                "resourceType": "Organization",
                "id": "o1",
                "identifier": [
                    {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "RWG"}
                ],
                "name": "West Hertfordshire Teaching Hospitals NHS Trust",
            },
        ],
        "subject": {"reference": "#p1"},
        "date": "2025-03-01T10:00:00Z",
        "author": [{"reference": "#o1"}],
        "context": {"period": {"start": "2025-02-28"}},
        "content": [
            {
                "attachment": {
                    "contentType": content_type,
                    "data": base64.b64encode(attachment).decode(),
                }
            }
        ],
    }
    return json.dumps(resource).encode()


def make_eml(
    body: str | None = "Please find the letter attached.",
    attachments: tuple[tuple[str, bytes, str], ...] = (),
) -> bytes:
    message = EmailMessage()
    message["From"] = "letters@whth.nhs.example"
    message["To"] = "practice@e82031.nhs.example"
    message["Subject"] = "Clinic letter"
    message["Date"] = "Sat, 01 Mar 2025 10:00:00 +0000"
    if body is not None:
        message.set_content(body)
    for name, content, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def samples() -> dict[str, bytes]:
    """One valid file per format, for dispatch and fuzzing tests."""
    pdf = make_pdf()
    return {
        "a.txt": LETTER.encode(),
        "a.pdf": pdf,
        "a.docx": make_docx(),
        "a.rtf": b"{\\rtf1\\ansi{\\fonttbl\\f0 Arial;}\\f0 Dear Dr Okafor\\par NHS No 943 476 5919\\par}",
        "a.html": b"<!DOCTYPE html><html><body><p>Dear Dr Okafor</p><p>NHS 943 476 5919</p></body></html>",
        "a.eml": make_eml(attachments=(("letter.pdf", pdf, "application/pdf"),)),
        "a.hl7": make_hl7(),
        "a.json": make_fhir_document_reference(pdf),
    }
