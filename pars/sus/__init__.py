"""SUS import: read outpatient and admitted patient care extracts (formats.md §3).

The reading and validation modules here (``columns``, ``records``, ``reader``)
are pure Python and never import Django, so ``pars reconcile`` can work over
files without a database. The Django app (``models``, ``importer``) stores
imports, rows and reconciliation findings with their status history.
"""

from pars.sus.columns import ADMISSION_COLUMNS, OUTPATIENT_COLUMNS, SusKind, resolve_header
from pars.sus.reader import ReadReport, Rejection, read_sus_file
from pars.sus.records import AdmissionRecord, OutpatientRecord

__all__ = [
    "ADMISSION_COLUMNS",
    "OUTPATIENT_COLUMNS",
    "AdmissionRecord",
    "OutpatientRecord",
    "ReadReport",
    "Rejection",
    "SusKind",
    "read_sus_file",
    "resolve_header",
]
