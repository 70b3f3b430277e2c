"""Run the reconciliation: link, then every enabled rule, then a stable order of findings."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from pars.reconcile.context import ReferralPricer, RuleContext
from pars.reconcile.documents import Letter
from pars.reconcile.findings import Finding
from pars.reconcile.linkage import LinkResult, link
from pars.reconcile.params import ReconcileParams
from pars.reconcile.patients import PatientLists
from pars.reconcile.pricing import tariff_pricer
from pars.reconcile.rules import default_rules, rule_modules
from pars.sus.records import AdmissionRecord, OutpatientRecord

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ReconcileInput:
    outpatients: Sequence[OutpatientRecord]
    admissions: Sequence[AdmissionRecord]
    letters: Sequence[Letter]
    patients: PatientLists | None = None
    unreadable: dict[str, int] = field(default_factory=dict)  # practice -> unreadable documents


@dataclass(slots=True)
class ReconcileResult:
    findings: list[Finding]
    links: LinkResult
    timings: dict[str, float] = field(default_factory=dict)


def reconcile(
    data: ReconcileInput,
    params: ReconcileParams | None = None,
    *,
    price: ReferralPricer = tariff_pricer,
) -> ReconcileResult:
    """Every finding for these SUS rows against these letters (and patient lists, if any)."""
    params = params or ReconcileParams()
    modules = rule_modules()
    names = list(params.rules) if params.rules is not None else default_rules()
    unknown = [name for name in names if name not in modules]
    if unknown:
        raise ValueError(f"unknown rule(s): {', '.join(unknown)}; known: {', '.join(modules)}")
    started = time.perf_counter()
    known = data.patients.identities() if data.patients is not None else ()
    links = link(data.outpatients, data.admissions, data.letters, params, known_patients=known)
    timings = {"linkage_s": time.perf_counter() - started}
    ctx = RuleContext(
        params=params,
        outpatients=data.outpatients,
        admissions=data.admissions,
        letters=data.letters,
        links=links,
        patients=data.patients,
        price_referrals=price,
        unreadable=data.unreadable,
    )
    findings: list[Finding] = []
    for name in names:
        rule_started = time.perf_counter()
        found = list(modules[name].find(ctx))
        timings[f"rule_{name}_s"] = time.perf_counter() - rule_started
        logger.info("rule ran", extra={"rule": name, "findings": len(found)})
        findings.extend(found)
    findings.sort(
        key=lambda f: (f.activity_date or "", f.finding, f.sus_record or "", f.document or "")
    )
    return ReconcileResult(findings, links, timings)
