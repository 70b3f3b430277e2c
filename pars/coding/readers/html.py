"""HTML letters (web-form referrals, some EPR exports), through lxml.html.

Block elements become line breaks and table cells tabs, so the text keeps the
line structure the extractors rely on ("NHS No: ..." on its own line).
"""

from __future__ import annotations

import re

from pars.coding.readers.base import (
    ReadContext,
    ReadError,
    ReadResult,
    decode_text,
    normalise_text,
)

_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.I | re.S
)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_BLOCK_TAGS = (
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table",
    "section", "article", "header", "footer", "address", "blockquote", "pre", "hr",
    "dt", "dd", "ul", "ol", "thead", "tbody",
)  # fmt: skip
_CELL_TAGS = ("td", "th")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def html_to_text(markup: str | bytes) -> str:
    """Visible text of an HTML fragment or page, with block structure as newlines."""
    import lxml.html
    from lxml import etree

    try:
        if isinstance(markup, bytes):
            markup = decode_text(markup, declared=_declared_charset(markup))
        # lxml refuses control characters in text it is given back (tails set below).
        markup = _CONTROLS.sub("", markup).strip()
        if not markup:
            return ""
        # lxml refuses str input that carries an encoding declaration.
        markup = re.sub(r"^<\?xml[^>]*>", "", markup)
        root = lxml.html.fromstring(markup) if markup else None
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"damaged HTML ({type(exc).__name__})") from exc
    if root is None:
        return ""
    for bad in root.xpath("//script|//style|//head/title|//noscript|//template"):
        bad.drop_tree()
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_CELL_TAGS):
        element.tail = "\t" + (element.tail or "")
    return root.text_content()


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


class HTMLReader:
    format = "html"

    def sniff(self, head: bytes, name: str) -> bool:
        stripped = head.lstrip(b"\xef\xbb\xbf")
        if _HTML_START.match(stripped):
            return True
        return name.lower().endswith((".html", ".htm", ".xhtml")) and stripped.lstrip().startswith(
            b"<"
        )

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        text = normalise_text(html_to_text(data), context.limits.max_text_chars)
        if not text:
            raise ReadError("the HTML file holds no visible text")
        return ReadResult(text=text, format=self.format)
