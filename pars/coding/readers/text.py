"""Plain text letters, in whatever encoding the writing system used.

The fallback reader: anything no other reader claims is tried as text, and
refused as "binary data" when it is mostly control characters.
"""

from __future__ import annotations

from pars.coding.readers.base import (
    ReadContext,
    ReadError,
    ReadResult,
    bom_encoding,
    control_ratio,
    decode_text,
    normalise_text,
)


class TextReader:
    format = "txt"

    def sniff(self, head: bytes, name: str) -> bool:
        return True  # the last resort; read() refuses binary

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        has_bom = bom_encoding(data) is not None
        text = decode_text(data)
        if not has_bom and b"\x00" in data[:4096] and "\x00" in text[:4096]:
            raise ReadError("binary data, not a text document")
        if control_ratio(text) > 0.05:
            raise ReadError("binary data, not a text document")
        text = normalise_text(text, context.limits.max_text_chars)
        if not text:
            raise ReadError("the file holds no text")
        return ReadResult(text=text, format=self.format)
