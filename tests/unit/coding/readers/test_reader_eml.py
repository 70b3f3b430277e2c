"""E-mails with the letter in the body, attached, or both."""

from letter_builders import NHS, make_docx, make_eml, make_hl7, make_pdf

from pars.coding.readers import ReadLimits, read_bytes


def test_body_and_attachments_concatenated_with_markers() -> None:
    data = make_eml(
        body="Covering note from the surgical team.",
        attachments=(
            ("letter.pdf", make_pdf(), "application/pdf"),
            ("extra.docx", make_docx(), "application/octet-stream"),
        ),
    )
    result = read_bytes(data, "mail.eml")
    assert result.format == "eml"
    assert result.error is None
    text = result.text
    assert text.startswith("Subject: Clinic letter")
    assert text.index("Covering note") < text.index("----- attachment: letter.pdf -----")
    assert text.index("inguinal hernia") > text.index("----- attachment: letter.pdf -----")
    assert "----- attachment: extra.docx -----" in text
    assert "Watford General Hospital" in text


def test_structured_fields_of_an_attachment_are_kept() -> None:
    data = make_eml(
        body="HL7 attached", attachments=(("msg.hl7", make_hl7(), "application/octet-stream"),)
    )
    result = read_bytes(data, "mail.eml")
    assert result.fields["nhs_number"] == NHS


def test_html_only_body_is_read_as_text() -> None:
    raw = (
        b"From: a@example.org\r\nTo: b@example.org\r\nSubject: Referral\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        b"<html><body><p>Dear colleague</p><p>NHS 943 476 5919</p></body></html>\r\n"
    )
    result = read_bytes(raw, "mail.txt")  # detected from the headers, not the name
    assert result.format == "eml"
    assert "Dear colleague\nNHS 943 476 5919" in result.text


def test_unreadable_attachment_is_marked_but_body_kept() -> None:
    data = make_eml(
        body="See attached", attachments=(("broken.pdf", b"%PDF-1.4 broken", "application/pdf"),)
    )
    result = read_bytes(data, "mail.eml")
    assert result.error is None
    assert "----- attachment: broken.pdf (unreadable: damaged or truncated PDF" in result.text


def test_no_body_and_only_unreadable_attachments_is_an_error() -> None:
    data = make_eml(body=None, attachments=(("broken.pdf", b"%PDF-1.4 broken", "application/pdf"),))
    result = read_bytes(data, "mail.eml")
    assert result.text is None
    assert "no readable body or attachment" in result.error


def test_nesting_is_capped() -> None:
    inner = make_eml(body="innermost")
    for _ in range(4):
        inner = make_eml(body=None, attachments=(("fwd.eml", inner, "application/octet-stream"),))
    result = read_bytes(inner, "mail.eml", limits=ReadLimits(max_depth=2))
    assert result.text is None
    assert "nested too deeply" in result.error


def test_a_letter_starting_with_a_subject_line_is_not_an_email() -> None:
    result = read_bytes(b"Subject: referral\n\nDear Dr Okafor, please see John.", "letter.txt")
    assert result.format == "txt"
