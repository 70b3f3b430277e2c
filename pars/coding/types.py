"""Value types shared by every stage of the coding pipeline.

Kept in their own module (and free of Django) so that readers, extractors,
classifiers and the engine can all import them without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Extracted"]


@dataclass(frozen=True, slots=True)
class Extracted:
    """One suggested value for one field of a coded document.

    ``value`` is whatever the field holds (a string, an ISO date string, a list
    of code dicts, or None when nothing was found); ``confidence`` is in 0..1
    so the engine can fill formats.md's ``confidence`` object and the
    workbench can route low-confidence suggestions to a human coder;
    ``evidence`` is a short source snippet explaining the suggestion, or None.
    Evidence may contain patient text, so it must never be logged.
    """

    value: Any
    confidence: float = 0.0
    evidence: str | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError("confidence must be in 0..1")

    @classmethod
    def none(cls) -> Extracted:
        """The 'nothing found' suggestion: value None, confidence 0."""
        return cls(None, 0.0, None)
