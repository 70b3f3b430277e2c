"""Plain text in the encodings letters actually arrive in."""

import codecs

import pytest

from pars.coding.readers import read_bytes

TEXT = "Dear Dr Okafor\nPatient: Zoë Brontë, £20 fee – “quoted”\nNHS No: 943 476 5919"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16-le"),  # no BOM: detected from the NUL pattern
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-sig", "utf16le-bom", "utf16be-bom", "utf16le-nobom", "cp1252"],
)
def test_common_encodings_decode_to_the_same_text(encoded: bytes) -> None:
    result = read_bytes(encoded, "letter.txt")
    assert result.error is None
    assert result.format == "txt"
    assert result.text == TEXT


def test_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    result = read_bytes(b"Dear Dr Okafor \x81\x8d caf\xe9", "x.txt")
    assert result.error is None
    assert "café" in result.text


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_newlines_are_normalised(newline: str) -> None:
    result = read_bytes(
        newline.join(["line one", "line two", "", "", "", "line three"]).encode(), "x.txt"
    )
    assert result.text == "line one\nline two\n\nline three"


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", b"\n\n"])
def test_empty_files_get_an_error(data: bytes) -> None:
    result = read_bytes(data, "empty.txt")
    assert result.text is None
    assert result.error == "empty file"


def test_binary_junk_gets_an_error() -> None:
    result = read_bytes(bytes(range(256)) * 20, "junk.txt")
    assert result.text is None
    assert "binary" in result.error


def test_binary_junk_named_pdf_says_so() -> None:
    result = read_bytes(b"\x00\x01\x02\x03" * 100, "letter.pdf")
    assert result.error.startswith("not a PDF file despite its name")
