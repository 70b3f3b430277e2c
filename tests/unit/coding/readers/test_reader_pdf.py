"""PDF text layer through pypdfium2, and the hostile PDFs a practice inbox receives."""

import pytest
from letter_builders import NHS, make_blank_pdf, make_pdf

from pars.coding.readers import ReadLimits, read_bytes
from pars.coding.readers import pdf as pdf_module


def test_reads_the_text_layer() -> None:
    result = read_bytes(make_pdf(), "letter.pdf")
    assert result.error is None
    assert result.format == "pdf"
    assert "NHS No: 943 476 5919" in result.text
    assert "inguinal hernia" in result.text
    assert "\r" not in result.text


def test_reads_every_page_in_order() -> None:
    result = read_bytes(make_pdf(pages=3), "letter.pdf")
    assert result.text.index("Page 2") < result.text.index("Page 3")


def test_a_pdf_named_docx_is_read_as_pdf() -> None:
    result = read_bytes(make_pdf(), "letter.docx")
    assert result.format == "pdf"
    assert NHS[:3] in result.text


def test_header_after_junk_is_still_found() -> None:
    result = read_bytes(b"\r\n junk \r\n" + make_pdf(), "letter.pdf")
    assert result.error is None


def test_truncated_pdf_gets_a_clear_error() -> None:
    data = make_pdf()
    result = read_bytes(data[: len(data) // 3], "letter.pdf")
    assert result.text is None
    assert "damaged or truncated PDF" in result.error


def test_encrypted_pdf_gets_a_clear_error() -> None:
    result = read_bytes(make_pdf(encrypt=True), "letter.pdf")
    assert result.text is None
    assert result.error == "the PDF is encrypted (password protected)"


def test_too_many_pages_is_refused() -> None:
    result = read_bytes(make_pdf(pages=3), "letter.pdf", limits=ReadLimits(max_pdf_pages=2))
    assert "over the limit of 2" in result.error


def test_scanned_pdf_without_ocr_gets_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    result = read_bytes(make_blank_pdf(), "scan.pdf")
    assert result.text is None
    assert result.format == "pdf"
    assert "no text layer" in result.error and "no OCR installed" in result.error


def test_scanned_pdf_uses_ocr_when_available(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_ocr(data: bytes, timeout_s: int) -> str:
        calls.append(len(data))
        return "Scanned letter\r\nNHS No 943 476 5919"

    monkeypatch.setattr(pdf_module, "ocr_pdf", fake_ocr)
    result = read_bytes(make_blank_pdf(), "scan.pdf")
    assert calls, "OCR was not attempted"
    assert result.text == "Scanned letter\nNHS No 943 476 5919"


def test_ocr_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "ocr_pdf", lambda data, timeout_s: pytest.fail("OCR ran"))
    result = read_bytes(make_blank_pdf(), "scan.pdf", limits=ReadLimits(ocr=False))
    assert "no text layer" in result.error


def test_ocr_detection_looks_for_the_tools_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        pdf_module.shutil,
        "which",
        lambda name: "/usr/bin/tesseract" if name == "tesseract" else None,
    )
    assert pdf_module.ocr_available() == "tesseract"
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    assert pdf_module.ocr_available() is None


def _fake_tool(folder, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(0o755)


def test_ocrmypdf_is_run_with_a_sidecar_when_installed(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_tool(
        tmp_path,
        "ocrmypdf",
        'while [ $# -gt 0 ]; do if [ "$1" = "--sidecar" ]; then shift; '
        'printf "Scanned letter\\nNHS 943 476 5919\\n" > "$1"; fi; shift; done\n',
    )
    monkeypatch.setenv("PATH", str(tmp_path))
    result = read_bytes(make_blank_pdf(), "scan.pdf")
    assert result.error is None
    assert result.text == "Scanned letter\nNHS 943 476 5919"


def test_tesseract_is_run_on_rendered_pages_when_it_is_the_only_tool(tmp_path, monkeypatch) -> None:
    _fake_tool(tmp_path, "tesseract", 'test -s "$1" && echo "Page text from ${1##*/}"\n')
    monkeypatch.setenv("PATH", str(tmp_path))
    result = read_bytes(make_blank_pdf(), "scan.pdf")
    assert result.text == "Page text from page0.png"


def test_failing_ocr_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_tool(tmp_path, "ocrmypdf", "exit 3\n")
    monkeypatch.setenv("PATH", str(tmp_path))
    result = read_bytes(make_blank_pdf(), "scan.pdf")
    assert result.text is None
    assert result.error == "scanned PDF: OCR with ocrmypdf failed"
