"""Statistical properties of a simulated world, checked against domain.md §6 within tolerances."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal

import pytest

from pars.core.periods import financial_year_of
from pars.synth.population import age_band, age_on
from pars.tariff import load_tariff


def in_period_referrals(world, service_type="outpatient"):
    return [
        d for d in world.documents
        if d.document_type == "referral" and d.service_type == service_type and d.letter_date >= world.start
    ]  # fmt: skip


def test_gp_referral_rate_is_english(world) -> None:
    rate = len(in_period_referrals(world)) / len(world.patients) * 1000
    assert 200 <= rate <= 300, rate


def test_referral_rate_rises_with_age(world) -> None:
    patients = Counter(age_band(age_on(p.birth_date, world.start)) for p in world.patients)
    referrals = Counter(
        age_band(age_on(d.patient.birth_date, world.start)) for d in in_period_referrals(world)
    )
    assert referrals["75-84"] / patients["75-84"] > 1.4 * referrals["15-44"] / patients["15-44"]


def test_two_week_wait_share(world) -> None:
    referrals = in_period_referrals(world)
    share = sum(d.urgency == "two_week_wait" for d in referrals) / len(referrals)
    assert 0.08 <= share <= 0.17, share


def test_specialty_mix(world) -> None:
    mix = Counter(d.specialty_tfc for d in in_period_referrals(world))
    assert len(mix) >= 18
    assert "110" in [tfc for tfc, _ in mix.most_common(3)]
    assert mix["420"] > 0 and mix["502"] > 0


def test_other_referral_kinds_exist(world) -> None:
    assert len(in_period_referrals(world, "diagnostic")) > 0.04 * len(world.patients)
    community = in_period_referrals(world, "community")
    assert community and {d.provider.code for d in community} == {"RY4"}
    assert {d.specialty_tfc for d in community} == {"650", "653"}
    internal = in_period_referrals(world, "internal")
    assert internal and all(d.provider.code == d.practice.code for d in internal)
    reports = [d for d in world.documents if d.document_type == "diagnostic_report"]
    assert reports and all(d.specialty_tfc == "812" for d in reports)


def test_first_appointment_dna_rate(world) -> None:
    firsts = [a for a in world.outpatients if a.first and a.tfc != "812" and not a.injected]
    share = sum(a.attended == "3" for a in firsts) / len(firsts)
    assert 0.05 <= share <= 0.11, share


def test_day_case_share_of_electives(world) -> None:
    electives = [s for s in world.spells if s.method in ("11", "12")]
    share = sum(s.classification == "2" for s in electives) / len(electives)
    assert 0.70 <= share <= 0.90, share


def test_follow_up_ratio(world) -> None:
    rows = [
        a for a in world.outpatients if a.tfc != "812" and a.procedure is None and a.attended_ok
    ]
    firsts = sum(a.first for a in rows)
    ratio = (len(rows) - firsts) / firsts
    assert 1.0 <= ratio <= 2.6, ratio


def test_some_waits_pass_eighteen_weeks_and_some_pathways_stay_open(world) -> None:
    waits = [
        (a.day - p.referral.letter_date).days
        for p in world.pathways if p.kind == "gp_referral" and p.referral
        for a in p.appointments[:1] if a.first
    ]  # fmt: skip
    share = sum(w > 126 for w in waits) / len(waits)
    assert 0.03 <= share <= 0.35, share
    assert sum(p.open for p in world.pathways) > 0.05 * len(world.pathways)


def test_letters_belong_to_pathways(world) -> None:
    for doc in world.documents:
        assert doc in doc.pathway.documents
        if doc.direction == "incoming" and doc.document_type in (
            "clinic_letter",
            "discharge_summary",
        ):
            assert doc.event_date and doc.event_date <= doc.letter_date
    provider_initiated = [
        p for p in world.pathways if p.kind in ("consultant_referral", "after_emergency")
    ]
    assert provider_initiated and all(p.referral is None for p in provider_initiated)


def test_sus_prices_are_tariff_prices(world) -> None:
    for row in world.outpatients:
        tariff = load_tariff(financial_year_of(row.day))
        if row.procedure is not None:
            quote = tariff.spell_price(
                setting=row.setting, procedure=row.procedure.opcs4, provider_code=row.provider_code
            )
        else:
            quote = tariff.outpatient_price(
                tfc=row.tfc, first=row.first, provider_code=row.provider_code
            )
        expected = quote.amount if row.attended_ok or row.injected == "dna_charged" else Decimal(0)
        assert row.price == expected, row.record_id
        assert row.hrg_code == (quote.hrg_code or "")
    for spell in world.spells:
        billed = spell.billed_procedure or spell.procedure
        quote = load_tariff(financial_year_of(spell.discharge)).spell_price(
            setting=spell.setting, procedure=billed.opcs4 if billed else None,
            diagnosis=spell.diagnosis.icd10, provider_code=spell.provider_code,
            length_of_stay=spell.length_of_stay,
        )  # fmt: skip
        assert spell.price == quote.amount and quote.mff > 1.0


def findings_by_type(world) -> dict[str, list[dict]]:
    found = defaultdict(list)
    for finding in world.findings:
        found[finding["finding"]].append(finding)
    return found


def test_every_injected_anomaly_is_a_finding(world) -> None:
    found = findings_by_type(world)
    records = {f["sus_record"] for f in world.findings}
    for row in world.outpatients:
        if row.injected in ("dna_charged", "duplicate"):
            assert row.record_id in records
        if row.injected == "dna_charged":
            assert row.record_id in {f["sus_record"] for f in found["dna_charged"]}
    mismatched = [s for s in world.spells if s.injected == "procedure_mismatch"]
    assert mismatched
    assert {s.record_id for s in mismatched} >= {
        f["sus_record"] for f in found["procedure_mismatch"]
    }
    never = [p for p in world.pathways if p.never_billed and p.referral is not None]
    assert never
    unbilled_docs = {f["document"] for f in found["unbilled_referral"]}
    # A never-billed referral is an unbilled finding unless another pathway of the same
    # patient was billed at that provider and specialty in the window.
    assert sum(p.referral.document_id in unbilled_docs for p in never) >= 0.9 * len(never)
    for kind in ("unevidenced_gp_referral", "consultant_to_consultant", "duplicate_attendance",
                 "dna_charged", "procedure_mismatch", "unbilled_referral", "unknown_patient"):  # fmt: skip
        assert found[kind], kind


def test_unevidenced_findings_are_unreferred_or_natural(world) -> None:
    by_id = {row.record_id: row for row in world.outpatients}
    kinds = Counter(
        by_id[f["sus_record"]].pathway.kind
        for f in findings_by_type(world)["unevidenced_gp_referral"]
    )
    assert kinds["unreferred"] > 0 and kinds["unknown_patient"] > 0
    assert set(kinds) <= {"unreferred", "unknown_patient", "gp_referral", "direct_access"}


def test_findings_are_complete_records(world) -> None:
    for finding in world.findings:
        assert set(finding) == {
            "finding",
            "sus_record",
            "document",
            "nhs_number",
            "provider_code",
            "value_gbp",
            "detail",
        }
        assert finding["value_gbp"] >= 0
    accruals = findings_by_type(world)["unbilled_referral"]
    assert all(f["document"] and f["value_gbp"] > 0 for f in accruals)


@pytest.mark.parametrize("outlier", ["high", "low"])
def test_outlier_gps_refer_at_their_rate(world, outlier) -> None:
    per_gp = Counter(d.gp.clinician_id for d in in_period_referrals(world))
    gps = [
        g
        for w in world.practices
        for g in w.gps()
        if g.end_date is None and g.start_date <= world.start
    ]
    rates = {g.clinician.clinician_id: per_gp[g.clinician.clinician_id] / g.sessions for g in gps}
    median = sorted(rates.values())[len(rates) // 2]
    flagged = [g for g in gps if g.outlier == outlier]
    for gp in flagged:
        rate = rates[gp.clinician.clinician_id]
        assert rate > 1.4 * median if outlier == "high" else rate < 0.7 * median
