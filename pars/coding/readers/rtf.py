"""RTF letters (what many clinical systems still export), through striprtf.

This is the smallest reader: copy it to add a format. A reader needs a
``format`` name, ``sniff(head, name)`` that decides from content, and
``read(data, context)`` that returns a ReadResult or raises ReadError.
Then add an instance to ``READERS`` in ``pars/coding/readers/__init__.py``.
"""

from __future__ import annotations

from pars.coding.readers.base import ReadContext, ReadError, ReadResult, normalise_text


class RTFReader:
    format = "rtf"

    def sniff(self, head: bytes, name: str) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf")

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        from striprtf.striprtf import rtf_to_text

        # RTF is 7-bit with \'xx escapes; latin-1 keeps every byte and never fails.
        source = data.decode("latin-1")
        try:
            text = rtf_to_text(source, errors="replace")
        except Exception as exc:  # striprtf raises assorted errors on malformed input
            raise ReadError(f"damaged RTF file ({type(exc).__name__})") from exc
        text = normalise_text(text, context.limits.max_text_chars)
        if not text:
            raise ReadError("the RTF file holds no text")
        return ReadResult(text=text, format=self.format)
