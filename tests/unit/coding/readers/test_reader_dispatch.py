"""Format detection by content, size limits, and fuzzing: no input makes a reader raise."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from letter_builders import make_docx, make_pdf
from letter_builders import samples as build_samples

from pars.coding.readers import READERS, ReadLimits, ReadResult, read_bytes, read_path

SAMPLES = build_samples()
EXPECTED_FORMAT = {
    "a.txt": "txt", "a.pdf": "pdf", "a.docx": "docx", "a.rtf": "rtf", "a.html": "html",
    "a.eml": "eml", "a.hl7": "hl7v2", "a.json": "fhir",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_format_is_detected_from_content_whatever_the_name(name: str) -> None:
    for given_name in (name, "letter.bin", "letter", "letter.txt", "letter.pdf"):
        result = read_bytes(SAMPLES[name], given_name)
        assert result.format == EXPECTED_FORMAT[name], given_name
        assert result.error is None, (given_name, result.error)
        assert (
            "943 476 5919" in result.text
            or "9434765919" in str(result.fields)
            or "inguinal" in result.text
        )


def test_reader_family_has_one_shape_and_text_is_the_fallback() -> None:
    formats = [reader.format for reader in READERS]
    assert len(formats) == len(set(formats))
    assert formats[-1] == "txt"
    for reader in READERS:
        assert callable(reader.sniff) and callable(reader.read)


def test_size_cap_is_checked_before_reading(tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2000)
    result = read_path(big, limits=ReadLimits(max_bytes=1000))
    assert result.error == "file too large (2,000 bytes; the limit is 1,000)"
    assert read_bytes(b"a" * 2000, "x", limits=ReadLimits(max_bytes=1000)).error.startswith(
        "file too large"
    )


def test_size_cap_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from pars.coding.readers import default_limits

    monkeypatch.setenv("PARS_MAX_DOCUMENT_BYTES", "123")
    default_limits.cache_clear()
    try:
        assert default_limits().max_bytes == 123
    finally:
        monkeypatch.delenv("PARS_MAX_DOCUMENT_BYTES")
        default_limits.cache_clear()


def test_read_path_errors(tmp_path) -> None:
    assert read_path(tmp_path / "missing.txt").error == "file not found"
    assert read_path(tmp_path).error == "a folder, not a file"
    good = tmp_path / "letter.pdf"
    good.write_bytes(make_pdf())
    assert read_path(good).format == "pdf"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image (PNG)"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image (JPEG)"),
        (b"\x1f\x8b\x08" + b"\x00" * 50, "gzip"),
    ],
)
def test_known_non_letters_are_refused_by_name(data: bytes, words: str) -> None:
    result = read_bytes(data, "x.pdf")
    assert words in result.error


def _check(result: ReadResult) -> None:
    assert isinstance(result, ReadResult)
    assert isinstance(result.format, str) and result.format
    assert isinstance(result.fields, dict)
    if result.error is None:
        assert isinstance(result.text, str) and result.text
    else:
        assert result.text is None
        assert isinstance(result.error, str) and "\n" not in result.error
        # The dispatcher's catch-all is a safety net; a reader reaching it is a reader bug.
        assert not result.error.startswith("unexpected error"), result.error


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PREFIXES = [
    b"", b"%PDF-1.7\n", b"PK\x03\x04", b"{\\rtf1 ", b"MSH|^~\\&|", b'{"resourceType":"Bundle",',
    b"From: a@b\r\nTo: c@d\r\n\r\n", b"<html><body>", b"\xef\xbb\xbf", b"\xff\xfe",
]  # fmt: skip


@FUZZ
@given(
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=3000),
    name=st.sampled_from(sorted(SAMPLES) + ["x"]),
)
def test_random_bytes_never_raise(prefix: bytes, body: bytes, name: str) -> None:
    _check(read_bytes(prefix + body, name))


@FUZZ
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    edits=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=20),
    cut=st.one_of(st.none(), st.floats(0, 1)),
)
def test_mutated_valid_files_never_raise(
    name: str, edits: list[tuple[float, int]], cut: float | None
) -> None:
    data = bytearray(SAMPLES[name])
    for where, value in edits:
        data[int(where * (len(data) - 1))] = value
    if cut is not None:
        data = data[: int(cut * len(data))]
    _check(read_bytes(bytes(data), name))


@FUZZ
@given(text=st.text(max_size=500))
def test_any_unicode_text_in_any_encoding_never_raises(text: str) -> None:
    for encoding in ("utf-8", "utf-16", "utf-8-sig"):
        _check(read_bytes(text.encode(encoding), "x.txt"))


def test_docx_fuzz_target_still_reads_a_valid_file() -> None:
    # Guard for the fuzz tests above: the unmutated sample must read cleanly.
    assert read_bytes(make_docx(), "x.docx").error is None
