"""RTF (striprtf) and HTML (lxml.html)."""

from pars.coding.readers import read_bytes


def test_rtf_text_with_escapes_and_paragraphs() -> None:
    rtf = (
        b"{\\rtf1\\ansi\\ansicpg1252{\\fonttbl\\f0\\fswiss Arial;}"
        b"\\f0\\fs22 Dear Dr Okafor\\par Fee \\'a320 \\u8211? done\\par{\\*\\generator Riched20;}}"
    )
    result = read_bytes(rtf, "letter.doc")  # RTF saved with a .doc name: content decides
    assert result.format == "rtf"
    assert result.error is None
    assert result.text.split("\n") == ["Dear Dr Okafor", "Fee £20 – done"]


def test_rtf_with_no_text_gets_an_error() -> None:
    result = read_bytes(b"{\\rtf1\\ansi{\\fonttbl\\f0 Arial;}}", "x.rtf")
    assert result.text is None
    assert "no text" in result.error


def test_html_keeps_line_structure_and_drops_scripts() -> None:
    html = (
        b"<!DOCTYPE html><html><head><title>Referral</title><style>p{}</style></head><body>"
        b"<h1>Referral</h1><p>NHS No: 943 476 5919<br>DOB 02/01/1960</p>"
        b"<table><tr><td>Name</td><td>John Smith</td></tr></table>"
        b"<script>var nhs='0000000000';</script></body></html>"
    )
    result = read_bytes(html, "referral.html")
    assert result.format == "html"
    lines = result.text.split("\n")
    assert lines[:3] == ["Referral", "NHS No: 943 476 5919", "DOB 02/01/1960"]
    assert "Name\tJohn Smith" in result.text
    assert "0000000000" not in result.text and "p{}" not in result.text


def test_html_declared_charset_is_honoured() -> None:
    html = (
        '<html><head><meta charset="windows-1252"></head><body><p>Fee £20 – Zoë</p></body></html>'
    )
    result = read_bytes(html.encode("cp1252"), "x.htm")
    assert result.text == "Fee £20 – Zoë"


def test_html_detected_by_content_without_extension() -> None:
    assert read_bytes(b"  <html><body>Hello</body></html>", "noext").format == "html"


def test_text_that_mentions_html_is_still_text() -> None:
    result = read_bytes(b"Dear Dr Okafor, see <b>notes</b> below.", "letter.txt")
    assert result.format == "txt"


def test_html_without_visible_text_gets_an_error() -> None:
    result = read_bytes(b"<html><body><script>x()</script></body></html>", "x.html")
    assert result.error == "the HTML file holds no visible text"


def test_html_with_control_characters_is_read() -> None:
    # Found by fuzzing: lxml refuses control characters when text is set back on a node.
    data = b"<!DOCTYPE html><html><body><p>Dear Dr Okaf\x1cr</p><p>\x12NHS 943 476 5919</p></body></html>"
    result = read_bytes(data, "x.html")
    assert result.error is None
    assert result.text == "Dear Dr Okafr\nNHS 943 476 5919"
