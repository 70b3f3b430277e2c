"""E-mailed letters (.eml): the body and every attachment PARS can read.

Hospitals and practices still e-mail letters (NHSmail), often as a short
covering note with the letter attached. The text is the body followed by each
attachment behind a ``----- attachment: NAME -----`` marker; structured fields
from attachments (an HL7 or FHIR attachment) are kept, the first one winning.
"""

from __future__ import annotations

import email
import email.policy
import re
from email.message import Message

from pars.coding.readers.base import (
    ReadContext,
    ReadError,
    ReadResult,
    decode_text,
    normalise_text,
)

_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9\-]{0,40}):[ \t]?.*$")
_STRONG_HEADERS = {
    b"from", b"to", b"subject", b"date", b"mime-version", b"content-type", b"received",
    b"message-id", b"return-path", b"cc", b"x-mailer", b"delivered-to", b"reply-to",
}  # fmt: skip


def looks_like_email(head: bytes) -> bool:
    """At least two well-known RFC 5322 headers before the first blank line, and nothing else."""
    text = head.lstrip(b"\xef\xbb\xbf")
    block = re.split(rb"\r?\n\r?\n", text, maxsplit=1)[0]
    lines = block.splitlines()
    if not lines:
        return False
    known = 0
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            continue  # folded header continuation
        match = _HEADER_LINE.match(line)
        if not match:
            return False
        if match.group(1).lower() in _STRONG_HEADERS:
            known += 1
    return known >= 2


class EmailReader:
    format = "eml"

    def sniff(self, head: bytes, name: str) -> bool:
        return looks_like_email(head)

    def read(self, data: bytes, context: ReadContext) -> ReadResult:
        try:
            message = email.message_from_bytes(data, policy=email.policy.default)
        except Exception as exc:  # the email package is lenient, but be safe on junk
            raise ReadError(f"damaged e-mail ({type(exc).__name__})") from exc
        parts: list[str] = []
        fields: dict = {}
        attachment_errors: list[str] = []
        readable_attachments = 0
        subject = _header(message, "subject")
        if subject:
            parts.append(f"Subject: {subject}")
        body = _body_text(message)
        if body:
            parts.append(body)
        for index, part in enumerate(_attachments(message), start=1):
            name = part.get_filename() or f"attachment-{index}"
            try:
                payload = part.get_payload(decode=True)
            except Exception:  # malformed base64/quoted-printable
                payload = None
            if not payload:
                attachment_errors.append(f"{name}: empty")
                continue
            if len(payload) > context.limits.max_bytes:
                attachment_errors.append(f"{name}: too large")
                continue
            result = context.nested(payload, name)
            if result.error:
                attachment_errors.append(f"{name}: {result.error}")
                parts.append(f"----- attachment: {name} (unreadable: {result.error}) -----")
                continue
            readable_attachments += 1
            parts.append(f"----- attachment: {name} -----\n{result.text}")
            for key, value in result.fields.items():
                fields.setdefault(key, value)
        text = normalise_text("\n\n".join(parts), context.limits.max_text_chars)
        if not text or (not normalise_text(body) and not readable_attachments):
            reason = "; ".join(attachment_errors) or "no body"
            raise ReadError(f"e-mail with no readable body or attachment ({reason})")
        return ReadResult(text=text, format=self.format, fields=fields)


def _header(message: Message, name: str) -> str | None:
    try:
        value = message.get(name)
    except Exception:  # malformed encoded-words
        return None
    return str(value).strip() if value else None


def _is_attachment(part: Message) -> bool:
    if part.is_multipart():
        return False
    disposition = (part.get("content-disposition") or "").lower()
    return "attachment" in disposition or (
        part.get_filename() is not None and part.get_content_maintype() != "text"
    )


def _attachments(message: Message) -> list[Message]:
    return [part for part in message.walk() if _is_attachment(part)]


def _body_text(message: Message) -> str:
    """The text/plain body, else the text/html body as text."""
    plain: list[str] = []
    html: list[str] = []
    for part in message.walk():
        if part.is_multipart() or _is_attachment(part):
            continue
        content_type = part.get_content_type()
        if content_type not in ("text/plain", "text/html"):
            continue
        payload = part.get_payload(decode=True) or b""
        charset = part.get_content_charset()
        text = decode_text(payload, declared=charset)
        (plain if content_type == "text/plain" else html).append(text)
    if plain:
        return "\n\n".join(plain)
    if html:
        from pars.coding.readers.html import html_to_text

        try:
            return "\n\n".join(html_to_text(h) for h in html)
        except ReadError:
            return ""
    return ""
