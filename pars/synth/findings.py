"""Ground-truth reconciliation findings: formats.md §4 applied to the TRUE world.

Each definition of §4 is applied to the SUS rows as billed (prices, codes,
referral sources) but with every patient's real NHS number, and to the
documents as they really are (not as a coder reads them). So natural
occurrences (a referral seen in a neighbouring specialty, a wait past 26
weeks, a referral still open at the end) are findings as well as the injected
anomalies. Conventions, also in docs/synthetic-data.md:

- ``unbilled_referral`` covers referrals to acute outpatient and diagnostic
  services (community and internal work is not billed through SUS); SUS
  activity counts if it is for the same patient, provider and TFC within
  ``unbilled_window_days`` after the referral; the value is the expected cost
  of the pathway (first attendance + return:new x follow-up + conversion x
  mean procedure price, or the test's price).
- ``procedure_mismatch`` needs a discharge letter with at least one procedure
  for that patient, provider and admission date.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from pars.synth import catalogue as cat
from pars.synth.pricing import PriceNotFound, Pricer
from pars.synth.records import Appointment, DocPlan, Pathway, Spell

NOT_ATTENDED = {"2", "3", "4", "7"}


def _finding(kind: str, record: str | None, document: str | None, nhs: str, provider: str,
             value: Decimal, detail: str) -> dict:  # fmt: skip
    return {
        "finding": kind,
        "sus_record": record,
        "document": document,
        "nhs_number": nhs,
        "provider_code": provider,
        "value_gbp": float(value),
        "detail": detail,
    }


def expected_cost(
    pricer: Pricer, tfc: str, provider_code: str, day: date, procedure=None
) -> Decimal:
    """The accrual for an open referral, from the model's own pathway parameters."""
    if tfc == "812" and procedure is not None:
        try:
            return pricer.spell(setting=cat.DIAGNOSTIC_IMAGING, procedure=procedure.opcs4, diagnosis=None,
                                provider_code=provider_code, length_of_stay=0, day=day).amount  # fmt: skip
        except PriceNotFound:
            return Decimal("0")
    spec = cat.SPECIALTY_BY_TFC.get(tfc)
    try:
        first = pricer.outpatient(tfc=tfc, first=True, provider_code=provider_code, day=day).amount
        follow = pricer.outpatient(
            tfc=tfc, first=False, provider_code=provider_code, day=day
        ).amount
    except PriceNotFound:
        return Decimal("0")
    if spec is None:
        return first
    total = first + Decimal(str(spec.return_ratio)) * follow
    prices = []
    for pres in spec.presentations:
        for option in pres.procedures:
            setting = option.setting if option.setting != cat.DAY_CASE else cat.DAY_CASE
            try:
                prices.append(pricer.spell(setting=setting, procedure=option.procedure.opcs4, diagnosis=None,
                                           provider_code=provider_code, length_of_stay=option.length_of_stay,
                                           day=day).amount)  # fmt: skip
            except PriceNotFound:
                continue
    if prices:
        total += Decimal(str(spec.conversion)) * sum(prices) / len(prices)
    return total.quantize(Decimal("0.01"))


def compute_findings(
    pathways: list[Pathway],
    documents: list[DocPlan],
    outpatients: list[Appointment],
    spells: list[Spell],
    registered: dict[str, set[str]],
    pricer: Pricer,
    window_days: int,
    *,
    unreadable: set[str] | frozenset[str] = frozenset(),
) -> list[dict]:
    """Apply formats.md §4 to the true world; documents in ``unreadable`` evidence nothing."""
    findings: list[dict] = []
    documents = [doc for doc in documents if doc.document_id not in unreadable]
    referrals: dict[tuple[str, str, str | None], list[date]] = defaultdict(list)
    letter_numbers: dict[str, set[str]] = defaultdict(set)
    discharges: dict[tuple[str, str, date], list[DocPlan]] = defaultdict(list)
    for doc in documents:
        nhs = doc.patient.nhs_number
        letter_numbers[doc.practice.code].add(nhs)
        if doc.document_type == "referral" and doc.direction == "outgoing":
            referrals[(nhs, doc.provider.code, doc.specialty_tfc)].append(doc.letter_date)
        if doc.document_type == "discharge_summary" and doc.event_date and doc.procedures:
            discharges[(nhs, doc.provider.code, doc.event_date)].append(doc)
    for dates in referrals.values():
        dates.sort()

    seen: set[tuple[str, str, str, date]] = set()
    for row in outpatients:
        nhs = row.pathway.patient.nhs_number
        if row.first and row.referral_source == "03":
            dates = referrals.get((nhs, row.provider_code, row.tfc), [])
            i = bisect.bisect_right(dates, row.day)
            if not (i and dates[i - 1] >= row.day - timedelta(days=182)):
                findings.append(_finding("unevidenced_gp_referral", row.record_id, None, nhs, row.provider_code,
                                         row.price, f"GP-referred first attendance in TFC {row.tfc} with no practice referral in the 26 weeks before"))  # fmt: skip
        if row.first and row.referral_source == "05":
            findings.append(_finding("consultant_to_consultant", row.record_id, None, nhs, row.provider_code,
                                     row.price, f"consultant-to-consultant first attendance in TFC {row.tfc}"))  # fmt: skip
        key = (nhs, row.provider_code, row.tfc, row.day)
        if key in seen:
            findings.append(_finding("duplicate_attendance", row.record_id, None, nhs, row.provider_code,
                                     row.price, f"second attendance in TFC {row.tfc} on {row.day.isoformat()}"))  # fmt: skip
        seen.add(key)
        if row.attended in NOT_ATTENDED and row.price > 0:
            findings.append(_finding("dna_charged", row.record_id, None, nhs, row.provider_code, row.price,
                                     f"appointment not attended (code {row.attended}) charged"))  # fmt: skip
    for spell in spells:
        nhs = spell.pathway.patient.nhs_number
        billed = spell.billed_procedure or spell.procedure
        if billed is None:
            continue
        letters = discharges.get((nhs, spell.provider_code, spell.admission), [])
        if not letters:
            continue
        categories = {p.opcs4[:3] for doc in letters for p in doc.procedures}
        if billed.opcs4[:3] not in categories:
            findings.append(_finding("procedure_mismatch", spell.record_id, letters[0].document_id, nhs,
                                     spell.provider_code, spell.price,
                                     f"billed {billed.opcs4}; discharge letter has {', '.join(sorted(categories))}"))  # fmt: skip

    billed_dates: dict[tuple[str, str, str], list[date]] = defaultdict(list)
    for row in outpatients:
        billed_dates[(row.pathway.patient.nhs_number, row.provider_code, row.tfc)].append(row.day)
    for spell in spells:
        billed_dates[(spell.pathway.patient.nhs_number, spell.provider_code, spell.tfc)].append(
            spell.admission
        )
    for dates in billed_dates.values():
        dates.sort()
    for doc in documents:
        if doc.document_type != "referral" or doc.service_type not in ("outpatient", "diagnostic"):
            continue
        nhs = doc.patient.nhs_number
        dates = billed_dates.get((nhs, doc.provider.code, doc.specialty_tfc or ""), [])
        i = bisect.bisect_left(dates, doc.letter_date)
        if i < len(dates) and dates[i] <= doc.letter_date + timedelta(days=window_days):
            continue
        procedure = doc.procedures[0] if doc.procedures else None
        value = expected_cost(
            pricer, doc.specialty_tfc or "", doc.provider.code, doc.letter_date, procedure
        )
        findings.append(_finding("unbilled_referral", None, doc.document_id, nhs, doc.provider.code, value,
                                 f"referral of {doc.letter_date.isoformat()} to TFC {doc.specialty_tfc} with no SUS activity"))  # fmt: skip

    nobody: frozenset[str] = frozenset()
    for record in [*outpatients, *spells]:
        patient = record.pathway.patient
        practice = patient.practice_code
        nhs = patient.nhs_number
        if nhs not in registered.get(practice, nobody) and nhs not in letter_numbers.get(
            practice, nobody
        ):
            findings.append(_finding("unknown_patient", record.record_id, None, nhs, record.provider_code,
                                     record.price, f"billed to {practice} for a patient on none of its lists or letters"))  # fmt: skip
    return findings
