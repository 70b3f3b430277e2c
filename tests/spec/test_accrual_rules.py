"""Accrual rules as hand-worked tables (docs/costing.md, "Accruals").

Tariff: TFC 110 first £200, follow-up £100; HN12F (hip, W37) £6,000 combined;
FE32Z (colonoscopy, H22) £600 day case; RAL MFF 1.2.
Assumptions for 110: 1.5 follow-ups per first, 25% discharged at first, 30%
conversion, procedure mix hip 50% / colonoscopy 50% (expected £3,300).
Kept on after the first visit: 1.5 / 0.75 = 2.0 follow-ups in all (less those
seen, but at least the one booked), 0.3 / 0.75 = 0.4 conversion; once listed,
1 follow-up (post-operative) and the listed procedure.
"""

from datetime import date
from decimal import Decimal

import pytest

from pars.costing import SusActivity, SusIndex, accrue
from pars.costing.assumptions import Assumption, AssumptionTable, parse_procedures
from pars.pathways import Letter, link_pathways
from pars.tariff import HRGMap, MappingRow, Tariff, TariffRow
from tests.unit.costing.docs import NHS, coded

D = Decimal
TARIFF = Tariff(
    "2025/26",
    [
        TariffRow("op", "110", "first", D(200)),
        TariffRow("op", "110", "follow_up", D(100)),
        TariffRow("op", "120", "first", D(150)),
        TariffRow("op", "120", "follow_up", D(80)),
        TariffRow("apc", "HN12F", "combined", D(6000), trim_point_days=5, xbd_per_day=D(300)),
        TariffRow("apc", "FE32Z", "day_case", D(600)),
        TariffRow("mff", "RAL", "payment_index", D("1.2")),
    ],
    HRGMap([MappingRow("opcs4", "W37", "", "HN12F"), MappingRow("opcs4", "H22", "", "FE32Z")]),
    file_label="tariff/test.csv",
)
TABLE = AssumptionTable(
    [
        Assumption("*", 1.0, 0.3, 0.1, ()),
        Assumption("110", 1.5, 0.25, 0.3, parse_procedures("W37.1:elective:1|H22.9:day_case:1")),
    ],
    "test.csv",
)
AS_OF = "2025-10-01"
HIP = [{"opcs4": "W37.1", "text": "hip"}]


def sus(kind, when):
    return SusActivity(f"S-{kind}-{when}", NHS, "RWG", "110", date.fromisoformat(when), kind, D(0))


CASES = [
    # why, letters after a referral on 2025-05-01, SUS rows, expected accrual (None = no accrual)
    ("not yet seen: 200 + 1.5 x 100 + 0.3 x 3300", [], [], "1340.00"),
    (
        "seen, kept on: 2.0 x 100 + 0.4 x 3300",
        [("clinic_letter", "2025-06-01", "follow_up", [])],
        [],
        "1520.00",
    ),
    (
        "one follow-up seen: 1.0 x 100 + 0.4 x 3300",
        [
            ("clinic_letter", "2025-06-01", "follow_up", []),
            ("clinic_letter", "2025-07-01", "follow_up", []),
        ],
        [],
        "1420.00",
    ),
    (
        "listed for a hip: 1 post-listing follow-up x 100 + 6000",
        [("clinic_letter", "2025-06-01", "listed_for_procedure", HIP)],
        [],
        "6100.00",
    ),
    (
        "listed, procedure not named: 100 + 1.0 x 3300",
        [("clinic_letter", "2025-06-01", "listed_for_procedure", [])],
        [],
        "3400.00",
    ),
    (
        "three follow-ups seen: at least the booked one, 1 x 100 + 0.4 x 3300",
        [("clinic_letter", f"2025-0{m}-01", "follow_up", []) for m in (6, 7, 8, 9)],
        [],
        "1420.00",
    ),
    (
        "discharged at first: nothing to come",
        [("clinic_letter", "2025-06-01", "discharged", [])],
        [],
        None,
    ),
    (
        "referred on to another provider: nothing more here",
        [("clinic_letter", "2025-06-01", "referred_on", [])],
        [],
        None,
    ),
    (
        "treated, no follow-up asked: closed",
        [
            ("clinic_letter", "2025-06-01", "listed_for_procedure", HIP),
            ("discharge_summary", "2025-08-01", None, HIP),
        ],
        [],
        None,
    ),
    (
        "SUS first attendance billed: the first falls away",
        [],
        [sus("first", "2025-06-01")],
        "1520.00",
    ),
    (
        "SUS admission billed, follow-up asked: 2.0 x 100",
        [("clinic_letter", "2025-06-01", "follow_up", [])],
        [sus("admission", "2025-08-01")],
        "200.00",
    ),
    (
        "SUS activity after the as-at date is not yet known",
        [],
        [sus("first", "2025-11-01")],
        "1340.00",
    ),
    (
        "letters after the as-at date are not yet known",
        [("clinic_letter", "2025-11-01", "discharged", [])],
        [],
        "1340.00",
    ),
]


def _accrue(after, sus_rows, *, provider="RWG", as_of=AS_OF, referral_date="2025-05-01", **fields):
    records = [coded("r", "referral", referral_date, provider_code=provider, **fields)]
    for i, (kind, when, outcome, procedures) in enumerate(after):
        records.append(
            coded(
                f"l{i}", kind, when, outcome=outcome, procedures=procedures, provider_code=provider
            )
        )
    day = date.fromisoformat(as_of)
    pathways = link_pathways([Letter.from_coded(r) for r in records if r["letter_date"] <= as_of])
    return accrue(pathways, day, TABLE, sus=SusIndex(sus_rows), tariff_for=lambda _day: TARIFF)


@pytest.mark.parametrize(("why", "after", "sus_rows", "expected"), CASES)
def test_accrual_rules(why, after, sus_rows, expected):
    accruals = _accrue(after, sus_rows)
    if expected is None:
        assert accruals == [], why
        return
    (accrual,) = accruals
    assert accrual.price_gbp == D(expected), why
    assert (accrual.event, accrual.accrual, accrual.price_source, accrual.document) == (
        "accrual",
        True,
        "accrual-model",
        "r",
    )
    assert "test.csv#110" in accrual.detail


def test_mff_applies_to_every_part():
    (accrual,) = _accrue([], [], provider="RAL")
    # (200 + 1.5 x 100 + 0.3 x (0.5 x 6000 + 0.5 x 600)) x 1.2
    assert accrual.price_gbp == D("1608.00")
    assert accrual.mff == 1.2


def test_parts_split_by_point_of_delivery():
    (accrual,) = _accrue([], [])
    assert accrual.parts["value"] == {
        "outpatient_first": D("200.00"),
        "outpatient_follow_up": D("150.00"),
        "elective": D("900.00"),
        "day_case": D("90.00"),
    }
    assert accrual.parts["count"]["outpatient_follow_up"] == 1.5


def test_referral_after_the_as_at_date_and_community_work_are_not_accrued():
    assert _accrue([], [], referral_date="2025-10-02", as_of="2025-10-01") == []
    assert _accrue([], [], service_type="community") == []


def test_a_direct_access_test_not_yet_reported_accrues_its_price():
    colonoscopy = [{"opcs4": "H22.9", "text": "colonoscopy"}]
    fields = dict(service_type="diagnostic", specialty_tfc="812", procedures=colonoscopy)
    # FE32Z has no diagnostic-imaging price in this tariff: nothing to accrue
    assert _accrue([], [], **fields) == []
    TARIFF.rows["apc:FE32Z:diagnostic_imaging"] = TariffRow(
        "apc", "FE32Z", "diagnostic_imaging", D(500)
    )
    TARIFF._quotes.clear()
    try:
        (accrual,) = _accrue([], [], **fields)
        assert accrual.price_gbp == D("500.00") and accrual.hrg_code == "FE32Z"
        reported = [("diagnostic_report", "2025-06-01", None, colonoscopy)]
        assert _accrue(reported, [], **fields) == []
    finally:
        del TARIFF.rows["apc:FE32Z:diagnostic_imaging"]
        TARIFF._quotes.clear()


def test_specialty_without_a_row_uses_the_default_row():
    # default: 1.0 follow-up, no procedure mix -> 150 + 1.0 x 80
    (accrual,) = _accrue([], [], specialty_tfc="120")
    assert accrual.price_gbp == D("230.00")
    assert "test.csv#*" in accrual.detail


def test_specialty_without_an_outpatient_price_is_not_accrued():
    assert _accrue([], [], specialty_tfc="999") == []


def test_a_measured_follow_up_tail_replaces_the_ratio():
    from dataclasses import replace

    row = replace(TABLE.rows["110"], follow_up_tail=(2.5, 1.5))
    assert [row.remaining_follow_ups(k) for k in range(4)] == [2.5, 1.5, 1.5, 1.5]
    assert TABLE.rows["110"].remaining_follow_ups(0) == 2.0
    assert TABLE.rows["110"].remaining_follow_ups(5) == 1.0


def test_a_calibrated_row_discounts_patients_not_heard_of_for_a_while():
    """Tail: 2.0 follow-ups and a 10% procedure chance after the first visit; still coming
    back: 100% in the first 30 days without a letter, 50% in the next 30, then none.
    Follow-up £100, procedure mix £3,300 (see the module docstring)."""
    from dataclasses import replace

    row = replace(
        TABLE.rows["110"],
        follow_up_tail=(2.0,),
        conversion_tail=(0.1,),
        follow_ups_after_listing=0.0,
        still_active=(1.0, 0.5),
    )
    table = AssumptionTable([TABLE.rows["*"], row], "calibrated.csv")
    seen = [coded("r", "referral", "2025-05-01"), coded("c", "clinic_letter", "2025-06-01")]
    seen[1]["outcome"] = "follow_up"
    pathways = link_pathways([Letter.from_coded(r) for r in seen])

    def value(as_of: str) -> list:
        return accrue(pathways, date.fromisoformat(as_of), table, tariff_for=lambda _day: TARIFF)

    # 10 days after the letter: 2 x 100 + 0.1 x 3300
    assert value("2025-06-11")[0].price_gbp == D("530.00")
    # 45 days: half that, and the detail says why
    (accrual,) = value("2025-07-16")
    assert accrual.price_gbp == D("265.00")
    assert "50% still coming back after 45 days without a letter" in accrual.detail
    # 70 days: nothing more expected
    assert value("2025-08-10") == []
