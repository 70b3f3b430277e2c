"""Load the shipped code lists into the ``refdata`` tables (Django side of ``pars init``).

Idempotent: rows are upserted on their codes and codes no longer shipped are
removed, so the tables always equal the files of the installed version.
"""

from __future__ import annotations

import logging

from django.db import transaction

from pars.core.periods import FinancialYear as FinancialYearValue
from pars.refdata import financial_years, load_opcs4, load_tfcs
from pars.refdata.models import Diagnosis, FinancialYear, Procedure, TreatmentFunction

logger = logging.getLogger(__name__)

_BATCH = 2000


def _icd10_rows() -> list[Diagnosis]:
    from pars.refdata import _icd10_module

    icd = _icd10_module()
    return [
        Diagnosis(code=code, title=icd.get_description(code))
        for code in icd.get_all_codes(True)
        if icd.is_category_or_subcategory(code)
    ]


def _sync(model, rows: list, key: str, fields: list[str]) -> int:
    """Upsert ``rows`` and delete rows whose key is no longer shipped; returns the row count."""
    model.objects.bulk_create(
        rows,
        batch_size=_BATCH,
        update_conflicts=True,
        unique_fields=[key],
        update_fields=fields,
    )
    keys = {getattr(row, key) for row in rows}
    stale = [k for k in model.objects.values_list(key, flat=True) if k not in keys]
    for start in range(0, len(stale), _BATCH):
        model.objects.filter(**{f"{key}__in": stale[start : start + _BATCH]}).delete()
    return len(rows)


@transaction.atomic
def load_reference_data() -> dict[str, int]:
    """Load TFCs, OPCS-4, ICD-10 and financial years; returns counts by table name."""
    counts = {
        "treatment functions": _sync(
            TreatmentFunction,
            [
                TreatmentFunction(code=t.code, name=t.name, kind=t.kind)
                for t in load_tfcs().values()
            ],
            "code",
            ["name", "kind"],
        ),
        "OPCS-4 procedures": _sync(
            Procedure,
            [Procedure(code=c, title=t) for c, t in load_opcs4().items()],
            "code",
            ["title"],
        ),
        "ICD-10 diagnoses": _sync(Diagnosis, _icd10_rows(), "code", ["title"]),
        "financial years": _sync(
            FinancialYear,
            [
                FinancialYear(label=label, first_day=fy.first_day, last_day=fy.last_day)
                for label in financial_years()
                for fy in [FinancialYearValue.parse(label)]
            ],
            "label",
            ["first_day", "last_day"],
        ),
    }
    logger.info("reference data loaded: %s", counts)
    return counts
