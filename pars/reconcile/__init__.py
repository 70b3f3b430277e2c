"""Reconciliation: check what hospitals bill through SUS against the practice's own letters.

Pure Python over plain records (never imports Django): ``documents`` turns
coded letters (formats.md §1) into ``Letter`` records, ``linkage`` links SUS
rows to letters (a deterministic DuckDB join, then Splink for rows with missing
or mistyped identifiers), ``rules/`` holds one module per finding type, and
``engine.reconcile`` runs them all. ``evaluate`` measures findings against a
synthetic world's truth; ``report`` writes the challenge report.
"""

from pars.reconcile.engine import ReconcileInput, reconcile
from pars.reconcile.findings import Finding
from pars.reconcile.params import ReconcileParams

__all__ = ["Finding", "ReconcileInput", "ReconcileParams", "reconcile"]
