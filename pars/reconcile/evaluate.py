"""Measure findings against a synthetic world's truth/findings.jsonl: precision and recall per type.

A finding is identified by its type and what it is about: the SUS record
(``sus_record``, with the provider when both sides give one) or, for findings
about a letter (``unbilled_referral``), the document id (a file path counts by
its stem, so ``documents/E82031/x.txt`` and ``x`` are the same letter).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def finding_key(obj: dict) -> tuple[str, str]:
    kind = str(obj.get("finding"))
    record = obj.get("sus_record")
    if record:
        return kind, f"sus:{record}"
    document = obj.get("document")
    if document:
        return kind, f"doc:{Path(str(document)).stem}"
    return kind, f"other:{obj.get('nhs_number')}:{obj.get('provider_code')}"


@dataclass(frozen=True, slots=True)
class TypeScore:
    finding: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


def score(found: Iterable[dict], expected: Iterable[dict]) -> dict[str, TypeScore]:
    """Per finding type: true positives, false positives, false negatives."""
    got: dict[str, set] = defaultdict(set)
    want: dict[str, set] = defaultdict(set)
    for obj in found:
        kind, key = finding_key(obj)
        got[kind].add(key)
    for obj in expected:
        kind, key = finding_key(obj)
        want[kind].add(key)
    scores = {}
    for kind in sorted(set(got) | set(want)):
        scores[kind] = TypeScore(
            kind,
            len(got[kind] & want[kind]),
            len(got[kind] - want[kind]),
            len(want[kind] - got[kind]),
        )
    return scores


def format_scores(scores: dict[str, TypeScore]) -> str:
    lines = [f"{'finding':28} {'truth':>6} {'found':>6} {'TP':>6} {'precision':>9} {'recall':>7}"]
    for s in scores.values():
        lines.append(
            f"{s.finding:28} {s.true_positives + s.false_negatives:6d} "
            f"{s.true_positives + s.false_positives:6d} {s.true_positives:6d} "
            f"{s.precision:9.4f} {s.recall:7.4f}"
        )
    return "\n".join(lines)
