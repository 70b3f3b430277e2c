"""DOCX through zipfile + lxml: tables, headers, and zip bombs."""

import zipfile

from letter_builders import make_docx, make_pdf, make_zip, wordml

from pars.coding.readers import ReadLimits, read_bytes


def test_reads_paragraphs_tables_headers_and_footers_in_order() -> None:
    result = read_bytes(make_docx(), "letter.docx")
    assert result.error is None
    assert result.format == "docx"
    lines = result.text.split("\n")
    assert lines[0] == "Watford General Hospital"  # header first
    assert "NHS number\t943 476 5919" in lines  # table row: tab-separated cells
    assert lines[-1] == "West Hertfordshire Teaching Hospitals NHS Trust"  # footer last
    assert result.text.index("Dear Dr Okafor") < result.text.index("NHS number")


def test_docx_named_txt_is_still_read_as_docx() -> None:
    assert read_bytes(make_docx(), "letter.txt").format == "docx"


def test_tabs_breaks_and_nested_tables() -> None:
    body = (
        "<w:p><w:r><w:t>NHS</w:t><w:tab/><w:t>943 476 5919</w:t><w:br/><w:t>next</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>outer</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:tc><w:tc><w:p><w:r><w:t>right</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:delText>deleted</w:delText></w:r></w:p>"
    )
    result = read_bytes(make_zip({"word/document.xml": wordml(body)}), "x.docx")
    assert result.text.split("\n") == ["NHS\t943 476 5919", "next", "outer inner\tright"]


def test_zip_that_is_not_a_word_document() -> None:
    result = read_bytes(make_zip({"data.csv": b"a,b\n1,2\n"}), "letter.docx")
    assert result.format == "docx"
    assert "not a Word document" in result.error


def test_truncated_docx_gets_an_error() -> None:
    data = make_docx()
    result = read_bytes(data[: len(data) // 2], "letter.docx")
    assert result.text is None
    assert "ZIP" in result.error


def test_zip_bomb_by_size_is_refused() -> None:
    data = make_zip(
        {"word/document.xml": wordml("<w:p><w:r><w:t>" + "a" * 5000 + "</w:t></w:r></w:p>")}
    )
    result = read_bytes(data, "bomb.docx", limits=ReadLimits(max_unpacked_bytes=4000))
    assert "possible zip bomb" in result.error


def test_zip_bomb_by_ratio_is_refused() -> None:
    data = make_zip(
        {"word/document.xml": wordml("<w:p><w:r><w:t>" + " " * 2_000_000 + "</w:t></w:r></w:p>")}
    )
    result = read_bytes(data, "bomb.docx")
    assert result.text is None
    assert "possible zip bomb" in result.error


def test_lying_declared_size_is_caught_while_reading() -> None:
    data = bytearray(
        make_zip(
            {"word/document.xml": wordml("<w:p><w:r><w:t>" + "x" * 3000 + "</w:t></w:r></w:p>")}
        )
    )
    # Rewrite the declared uncompressed size (local header and central directory) to 10 bytes.
    with zipfile.ZipFile(__import__("io").BytesIO(bytes(data))) as archive:
        info = archive.infolist()[0]
    real = info.file_size.to_bytes(4, "little")
    data = bytes(data).replace(real, (10).to_bytes(4, "little"))
    result = read_bytes(data, "liar.docx", limits=ReadLimits(max_unpacked_bytes=1000))
    assert result.text is None  # either the cap or the CRC/size check stops it


def test_invalid_xml_gets_an_error() -> None:
    result = read_bytes(make_zip({"word/document.xml": b"<w:document><unclosed>"}), "x.docx")
    assert "invalid XML" in result.error


def test_external_entities_are_not_resolved(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>a &x; b</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    result = read_bytes(make_zip({"word/document.xml": xml}), "x.docx")
    assert "TOPSECRET" not in (result.text or "")


def test_legacy_doc_and_encrypted_office_files_are_refused() -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    result = read_bytes(ole2, "letter.docx")
    assert "legacy Word .doc or password-protected Office file" in result.error


def test_pdf_inside_docx_name_is_not_confused() -> None:
    assert read_bytes(make_pdf(), "x.docx").format == "pdf"


def test_corrupt_version_needed_to_extract_is_a_clear_error() -> None:
    # Found by fuzzing: zipfile raises NotImplementedError for a version it does not know.
    data = bytearray(make_docx())
    central = data.rfind(b"PK\x01\x02")  # a central directory entry
    data[central + 6] = 99  # "version needed to extract" = 9.9
    result = read_bytes(bytes(data), "x.docx")
    assert result.text is None
    assert result.error == "unsupported ZIP container (not a readable DOCX)"
