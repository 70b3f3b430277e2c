"""Structured (JSON-lines) logging that never carries patient identifiers.

Log records name events and counts; anything that looks like an NHS number
(ten digits, grouped or not) is masked before it is written, as a last line of
defence against a careless ``logger.info(f"...{nhs}...")``.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime

_NHS_LIKE = re.compile(r"(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")


def redact(text: str) -> str:
    return _NHS_LIKE.sub("[redacted]", text)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if record.exc_info:
            payload["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(payload, ensure_ascii=False)
