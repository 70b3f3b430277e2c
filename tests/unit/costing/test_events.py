"""Priced activity events from coded letters (formats.md §5)."""

from datetime import date
from decimal import Decimal

from pars.costing import cost_letters, letters_from_coded
from pars.costing.pipeline import nearest_tariff
from tests.unit.costing.docs import coded

FORMAT_KEYS = {
    "event",
    "date",
    "financial_year",
    "document",
    "pathway",
    "nhs_number",
    "practice_code",
    "clinician",
    "provider_code",
    "specialty_tfc",
    "hrg_code",
    "price_gbp",
    "price_source",
    "mff",
    "accrual",
    "detail",
}
HIP = [{"opcs4": "W37.1", "text": "hip replacement"}]


def run(records, as_of="2026-03-01", **kwargs):
    return cost_letters(letters_from_coded(records), as_of=date.fromisoformat(as_of), **kwargs)


def test_a_hip_pathway_prices_first_follow_up_and_spell():
    result = run(
        [
            coded("r1", "referral", "2025-05-01"),
            coded(
                "c1", "clinic_letter", "2025-06-10", outcome="listed_for_procedure", procedures=HIP
            ),
            coded(
                "d1", "discharge_summary", "2025-09-01", service_type="inpatient", procedures=HIP
            ),
            coded("c2", "clinic_letter", "2025-10-20", outcome="discharged"),
        ]
    )
    kinds = [(e.event, e.document) for e in result.events]
    assert kinds == [
        ("referral", "r1"),
        ("outpatient_first", "c1"),
        ("elective", "d1"),
        ("outpatient_follow_up", "c2"),
    ]
    first, spell = result.events[1], result.events[2]
    assert first.price_source == "tariff/2025-26.csv#op:110:first"
    assert first.price_gbp == (Decimal(179) * Decimal("1.0875")).quantize(Decimal("0.01"))
    assert (
        spell.hrg_code == "HN12F" and spell.price_source == "tariff/2025-26.csv#apc:HN12F:combined"
    )
    assert {e.pathway for e in result.events} == {"PW-r1"}
    assert result.accruals == []  # discharged
    for record in result.records():
        assert set(record) >= FORMAT_KEYS


def test_outpatient_procedure_replaces_the_attendance_price():
    result = run(
        [
            coded("r1", "referral", "2025-05-01", specialty_tfc="101"),
            coded(
                "c1",
                "clinic_letter",
                "2025-06-10",
                specialty_tfc="101",
                outcome="treated",
                procedures=[{"opcs4": "M45.9", "text": "flexible cystoscopy"}],
            ),
        ]
    )
    event = result.events[1]
    assert (event.event, event.hrg_code) == ("outpatient_procedure", "LB72A")


def test_community_and_internal_work_is_kept_separately():
    result = run(
        [
            coded(
                "r1",
                "referral",
                "2025-05-01",
                service_type="internal",
                provider_code="E82031",
                specialty_tfc=None,
            ),
            coded(
                "r2",
                "referral",
                "2025-05-02",
                service_type="community",
                provider_code="RY4",
                specialty_tfc="650",
            ),
            coded(
                "c2",
                "clinic_letter",
                "2025-06-02",
                service_type="community",
                provider_code="RY4",
                specialty_tfc="650",
            ),
        ]
    )
    assert [(e.event, e.document) for e in result.events] == [
        ("internal", "r1"),
        ("community", "r2"),
        ("community", "c2"),
    ]
    contact = result.events[2]
    assert contact.price_source == "tariff/2025-26.csv#local:650:first" and contact.mff == 1.0
    assert result.accruals == []


def test_unpriceable_activity_is_kept_with_a_reason():
    result = run(
        [
            coded(
                "d1",
                "discharge_summary",
                "2025-06-01",
                procedures=[{"opcs4": "Z94.1", "text": "?"}],
            )
        ]
    )
    (event,) = result.events
    assert event.price_gbp == 0 and event.price_source == "unpriced" and "unpriced" in event.detail


def test_events_are_ordered_by_date_then_document_and_future_letters_ignored():
    result = run(
        [
            coded("b", "referral", "2025-05-01", specialty_tfc="130"),
            coded("a", "referral", "2025-05-01"),
            coded("z", "referral", "2025-04-01", specialty_tfc="120"),
            coded("later", "clinic_letter", "2026-06-01"),
        ]
    )
    assert [e.document for e in result.events] == ["z", "a", "b"]


def test_financial_year_boundary_and_years_without_a_tariff():
    result = run(
        [
            coded("r1", "referral", "2025-02-01"),
            coded("c1", "clinic_letter", "2025-03-31", outcome="follow_up"),
            coded("c2", "clinic_letter", "2025-04-01", outcome="follow_up"),
        ]
    )
    sources = [e.price_source for e in result.events[1:]]
    assert sources == ["tariff/2024-25.csv#op:110:first", "tariff/2025-26.csv#op:110:follow_up"]
    assert [e.financial_year for e in result.events[1:]] == ["2024/25", "2025/26"]
    assert nearest_tariff("2019/20").financial_year == "2024/25"
    assert nearest_tariff("2031/32").financial_year == "2026/27"


def test_unreadable_and_undated_documents_are_counted_not_costed():
    skipped = {}
    records = [
        coded("x", "referral", "2025-01-01") | {"error": "empty file"},
        coded("y", "referral", None),
    ]
    assert letters_from_coded(records, skipped) == []
    assert skipped == {"unreadable": 1, "undated": 1}
