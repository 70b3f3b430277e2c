"""Builds the shipped reference tariff CSVs (``pars/tariff/data/<year>.csv``).

Why a script and not hand-typed files: most rows are *indicative* (domain.md
§3.2 could confirm only a handful of Annex A prices), and the rule that made
each indicative price should be readable and repeatable, not buried in a
spreadsheet. Every row records ``status`` (``confirmed`` or ``indicative``) and
its ``source``. Replace this data with the published workbook through
``pars cost --import-tariff`` (docs/costing.md) as soon as it is to hand.

Run ``python -m pars.tariff._reference_build`` to rewrite the CSVs.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from pars.tariff.model import TARIFF_COLUMNS

DATA = Path(__file__).with_name("data")

#: Cost uplift applied to indicative 2024/25 prices for later years (indicative).
UPLIFT = {"2024/25": Decimal("1"), "2025/26": Decimal("1.022"), "2026/27": Decimal("1.0434")}

RANGE_NOTE = "indicative: domain.md §3.2 ranges (OP first £150-300, follow-up £70-150)"

#: Outpatient single-professional (first, follow-up) prices for 2024/25, indicative.
OUTPATIENT: dict[str, tuple[int, int]] = {
    "100": (190, 110),
    "101": (180, 105),
    "103": (210, 120),
    "104": (200, 115),
    "105": (220, 120),
    "106": (205, 115),
    "107": (215, 125),
    "108": (240, 130),
    "110": (175, 95),
    "120": (165, 90),
    "130": (160, 95),
    "140": (170, 100),
    "141": (160, 95),
    "143": (150, 90),
    "144": (185, 105),
    "150": (260, 140),
    "160": (170, 95),
    "161": (200, 120),
    "170": (280, 150),
    "171": (280, 160),
    "172": (285, 150),
    "173": (280, 150),
    "191": (230, 120),
    "214": (270, 150),
    "215": (260, 145),
    "216": (250, 140),
    "251": (300, 170),
    "257": (260, 150),
    "258": (290, 165),
    "300": (230, 125),
    "301": (240, 130),
    "302": (245, 130),
    "303": (230, 135),
    "306": (245, 135),
    "307": (220, 120),
    "310": (200, 110),
    "311": (290, 140),
    "314": (230, 130),
    "315": (240, 140),
    "316": (270, 145),
    "317": (260, 140),
    "320": (235, 120),
    "321": (300, 170),
    "324": (150, 70),
    "325": (200, 110),
    "327": (180, 90),
    "328": (280, 140),
    "329": (260, 120),
    "330": (170, 95),
    "340": (250, 130),
    "350": (300, 160),
    "352": (300, 160),
    "360": (190, 100),
    "361": (290, 150),
    "370": (280, 145),
    "371": (260, 130),
    "400": (265, 145),
    "401": (240, 120),
    "410": (245, 125),
    "420": (285, 160),
    "421": (300, 170),
    "422": (300, 170),
    "430": (290, 150),
    "450": (180, 100),
    "460": (170, 95),
    "501": (180, 100),
    "502": (185, 105),
    "503": (240, 130),
    "663": (160, 90),
    "800": (270, 140),
    "811": (230, 120),
    "812": (150, 70),
    "822": (200, 110),
    "840": (150, 75),
}

#: Outside the national tariff (block or local prices): therapies, community,
#: mental health and midwifery. Local first / follow-up contact price, indicative.
LOCAL_OUTPATIENT: dict[str, tuple[int, int]] = {
    "560": (90, 60),
    "650": (65, 45),
    "651": (70, 50),
    "652": (85, 60),
    "653": (55, 40),
    "654": (60, 45),
    "655": (60, 40),
    "656": (160, 120),
    "710": (220, 150),
    "711": (240, 170),
    "715": (220, 150),
}

CONFIRMED_2425 = "confirmed: domain.md §3.2, Annex A 2024/25 via secondary import script (unconfirmed vs workbook)"

#: HRG rows: code -> (name, {setting: price 2024/25}, trim point, xbd per day,
#: ssem %, confirmed?). Settings: outpatient_procedure, day_case, elective,
#: combined (day case / ordinary elective), non_elective, diagnostic_imaging.
APC: dict[str, tuple[str, dict[str, int], int | None, int | None, int | None, bool]] = {
    "HN12A": (
        "Very Major Hip Procedures for Non-Trauma, CC 10+",
        {"combined": 13014, "non_elective": 14200},
        20,
        350,
        None,
        True,
    ),
    "HN12D": (
        "Very Major Hip Procedures for Non-Trauma, CC 4-5",
        {"combined": 7733, "non_elective": 9100},
        10,
        320,
        None,
        True,
    ),
    "HN12E": (
        "Very Major Hip Procedures for Non-Trauma, CC 2-3",
        {"combined": 7011, "non_elective": 8300},
        7,
        320,
        None,
        True,
    ),
    "HN12F": (
        "Very Major Hip Procedures for Non-Trauma, CC 0-1",
        {"combined": 6788, "non_elective": 7900},
        5,
        320,
        None,
        True,
    ),
    "HN22A": (
        "Very Major Knee Procedures for Non-Trauma, CC 10+",
        {"combined": 10136, "non_elective": 11500},
        18,
        340,
        None,
        True,
    ),
    "HN22C": (
        "Very Major Knee Procedures for Non-Trauma, CC 4-5",
        {"combined": 7778, "non_elective": 8900},
        9,
        320,
        None,
        True,
    ),
    "HN22D": (
        "Very Major Knee Procedures for Non-Trauma, CC 2-3",
        {"combined": 7095, "non_elective": 8200},
        6,
        320,
        None,
        True,
    ),
    "HN22E": (
        "Very Major Knee Procedures for Non-Trauma, CC 0-1",
        {"combined": 6762, "non_elective": 7800},
        5,
        320,
        None,
        True,
    ),
    "HN52C": (
        "Very Major Shoulder Procedures, CC 0-1",
        {"combined": 5919, "non_elective": 6900},
        4,
        320,
        None,
        True,
    ),
    "HN80D": (
        "Very Complex Hip or Knee Revision Procedures, CC 0-2",
        {"combined": 11147},
        12,
        350,
        None,
        True,
    ),
    "HN81E": (
        "Complex Hip or Knee Revision Procedures, CC 0-1",
        {"combined": 9191},
        9,
        340,
        None,
        True,
    ),
    "HT12E": (
        "Very Major Hip Procedures for Trauma, CC 0-2 (with BPT)",
        {"non_elective": 8589},
        16,
        300,
        None,
        True,
    ),
    # Indicative from here on (domain.md §3.2 ranges and general knowledge).
    "BZ34C": (
        "Phacoemulsification Cataract Extraction and Lens Implant, CC 0-1",
        {"outpatient_procedure": 780, "combined": 950},
        2,
        300,
        None,
        False,
    ),
    "BZ34B": (
        "Phacoemulsification Cataract Extraction and Lens Implant, CC 2-3",
        {"combined": 1050},
        2,
        300,
        None,
        False,
    ),
    "BZ33Z": (
        "Minor, Cataract or Lens Procedures",
        {"outpatient_procedure": 420, "combined": 760},
        2,
        300,
        None,
        False,
    ),
    "BZ24F": (
        "Non-Surgical Ophthalmology, intravitreal injection",
        {"outpatient_procedure": 350, "day_case": 480},
        None,
        None,
        None,
        False,
    ),
    "FE32Z": (
        "Diagnostic Colonoscopy, 19 years and over",
        {"outpatient_procedure": 560, "day_case": 640, "elective": 1250},
        3,
        280,
        None,
        False,
    ),
    "FE35Z": (
        "Diagnostic Flexible Sigmoidoscopy, 19 years and over",
        {"outpatient_procedure": 360, "day_case": 420, "elective": 900},
        3,
        280,
        None,
        False,
    ),
    "FE22Z": (
        "Diagnostic Upper Gastrointestinal Endoscopy, 19 years and over",
        {"outpatient_procedure": 430, "day_case": 520, "elective": 1100},
        3,
        280,
        None,
        False,
    ),
    "FF62B": (
        "Inguinal, Umbilical or Femoral Hernia Procedures, CC 0-1",
        {"day_case": 1750, "elective": 2300, "non_elective": 3100},
        3,
        290,
        45,
        False,
    ),
    "GA10J": (
        "Laparoscopic Cholecystectomy, CC 0-2",
        {"day_case": 2900, "elective": 3700, "non_elective": 5100},
        4,
        300,
        40,
        False,
    ),
    "HN45C": (
        "Intermediate Hand Procedures for Non-Trauma, CC 0-1",
        {"outpatient_procedure": 620, "day_case": 1150, "elective": 1900},
        3,
        290,
        None,
        False,
    ),
    "HN25C": (
        "Major Knee Procedures for Non-Trauma, arthroscopic, CC 0-1",
        {"day_case": 2100, "elective": 2900},
        3,
        300,
        None,
        False,
    ),
    "HT14C": (
        "Major Hip Procedures for Trauma, hemiarthroplasty, CC 0-2",
        {"non_elective": 7600},
        15,
        290,
        None,
        False,
    ),
    "LB72A": (
        "Diagnostic Flexible Cystoscopy, 19 years and over",
        {"outpatient_procedure": 230, "day_case": 430, "elective": 1000},
        None,
        None,
        None,
        False,
    ),
    "LB14Z": (
        "Transurethral Resection of Prostate",
        {"elective": 3100, "day_case": 2400},
        4,
        300,
        None,
        False,
    ),
    "MA07E": (
        "Major Open Upper Genital Tract Procedures (hysterectomy), CC 0-2",
        {"elective": 4300, "non_elective": 5200},
        5,
        300,
        None,
        False,
    ),
    "MA10Z": (
        "Diagnostic Hysteroscopy",
        {"outpatient_procedure": 270, "day_case": 820, "elective": 1400},
        2,
        280,
        None,
        False,
    ),
    "JC42C": (
        "Intermediate Skin Procedures, CC 0-1",
        {"outpatient_procedure": 190, "day_case": 720, "elective": 1300},
        2,
        280,
        None,
        False,
    ),
    "JA07C": (
        "Major Breast Procedures, CC 0-1",
        {"day_case": 2600, "elective": 3600},
        3,
        300,
        None,
        False,
    ),
    "CA60B": (
        "Tonsillectomy, 19 years and over",
        {"day_case": 1500, "elective": 1900},
        2,
        290,
        None,
        False,
    ),
    "CA71B": (
        "Myringotomy with insertion of tubes (grommets)",
        {"day_case": 1200, "elective": 1500},
        2,
        290,
        None,
        False,
    ),
    "EY50Z": (
        "Complex Echocardiogram",
        {"outpatient_procedure": 210, "diagnostic_imaging": 210},
        None,
        None,
        None,
        False,
    ),
    "RD01A": (
        "Magnetic Resonance Imaging Scan of One Area, without Contrast, 19 years and over",
        {"diagnostic_imaging": 140},
        None,
        None,
        None,
        False,
    ),
    "RD20A": (
        "Computerised Tomography Scan of One Area, without Contrast, 19 years and over",
        {"diagnostic_imaging": 95},
        None,
        None,
        None,
        False,
    ),
    "RD40Z": (
        "Ultrasound Scan with duration of less than 20 minutes, without Contrast",
        {"diagnostic_imaging": 55},
        None,
        None,
        None,
        False,
    ),
    "DAPF": ("Direct Access Plain Film", {"diagnostic_imaging": 35}, None, None, None, False),
    # Medical (diagnosis-driven) spells, indicative.
    "EB10B": (
        "Actual or Suspected Myocardial Infarction, CC 4-6",
        {"non_elective": 2200},
        6,
        300,
        35,
        False,
    ),
    "EB03E": (
        "Heart Failure or Shock, CC 0-3",
        {"non_elective": 2600, "elective": 2100},
        8,
        290,
        30,
        False,
    ),
    "EB12C": ("Unspecified Chest Pain, CC 0-1", {"non_elective": 520}, 2, 280, 60, False),
    "DZ11R": (
        "Lobar, Atypical or Viral Pneumonia, without Interventions, CC 0-3",
        {"non_elective": 2300},
        8,
        290,
        30,
        False,
    ),
    "DZ65H": (
        "Chronic Obstructive Pulmonary Disease, without NIV, CC 0-2",
        {"non_elective": 1900},
        6,
        290,
        35,
        False,
    ),
    "AA35F": ("Stroke with CC Score 0-3", {"non_elective": 3900}, 12, 290, None, False),
    "LA04S": (
        "Kidney or Urinary Tract Infections, without Interventions, CC 0-1",
        {"non_elective": 1400},
        5,
        280,
        40,
        False,
    ),
    "HE11C": (
        "Hip Fracture without Interventions, CC 0-2",
        {"non_elective": 3600},
        12,
        290,
        None,
        False,
    ),
    "FD10M": (
        "Non-Malignant Gastrointestinal Tract Disorders, without Interventions, CC 0-2",
        {"non_elective": 1300, "day_case": 600},
        4,
        280,
        45,
        False,
    ),
    "WH50B": (
        "Unspecified admission, signs and symptoms, CC 0-1",
        {"non_elective": 700, "day_case": 450, "elective": 900},
        3,
        280,
        50,
        False,
    ),
}

#: Non-tariff (local price) spell items: high cost drugs and the like.
LOCAL_APC: dict[str, tuple[str, dict[str, int]]] = {
    "XD01Z": (
        "High cost drug administration (locally priced, drug cost excluded)",
        {"day_case": 350, "outpatient_procedure": 120},
    ),
}

#: Market forces factor payment index per trust, indicative (London highest).
MFF: dict[str, str] = {
    "RWG": "1.0875",
    "RWH": "1.0710",
    "RAL": "1.1865",
    "RQW": "1.0652",
    "RC9": "1.0504",
    "RXQ": "1.0640",
    "RRV": "1.1921",
    "RAN": "1.1740",
    "RP6": "1.1893",
    "RAS": "1.1622",
    "RYJ": "1.2009",
    "RJ1": "1.1987",
    "RGT": "1.0512",
    "RTH": "1.0581",
    "RY4": "1.0700",
    "RWR": "1.0700",
}


def _money(value: Decimal) -> str:
    return str(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def build_rows(financial_year: str) -> list[dict[str, str]]:
    """All rows of one year's reference tariff, in file order."""
    uplift = UPLIFT[financial_year]
    derived = financial_year != "2024/25"
    note = f" x{uplift} uplift from 2024/25" if derived else ""
    rows: list[dict[str, str]] = []

    def add(kind, code, setting, price, *, trim="", xbd="", ssem="", name="", status, source):
        rows.append(
            {
                "kind": kind,
                "code": code,
                "setting": setting,
                "price": str(price),
                "trim_point_days": trim,
                "xbd_per_day": xbd,
                "ssem_percent": ssem,
                "name": name,
                "status": status,
                "source": source,
            }
        )

    for tfc, (first, follow) in OUTPATIENT.items():
        for setting, base in (
            ("first", first),
            ("follow_up", follow),
            ("first_multi", round(first * 1.2)),
            ("follow_up_multi", round(follow * 1.25)),
        ):
            add(
                "op",
                tfc,
                setting,
                _money(base * uplift),
                status="indicative",
                source=RANGE_NOTE
                + (
                    "; multi-professional = single x1.2 first / x1.25 follow-up"
                    if "multi" in setting
                    else ""
                )
                + note,
            )
    for tfc, (first, follow) in LOCAL_OUTPATIENT.items():
        for setting, base in (("first", first), ("follow_up", follow)):
            add(
                "local",
                tfc,
                setting,
                _money(base * uplift),
                status="indicative",
                source="indicative local (non-tariff) contact price; outside the national tariff"
                + note,
            )
    for hrg, (name, prices, trim, xbd, ssem, confirmed) in APC.items():
        for setting, base in prices.items():
            is_confirmed = confirmed and setting == "combined" and not derived
            add(
                "apc",
                hrg,
                setting,
                _money(base * uplift),
                trim=""
                if trim is None
                or setting in ("outpatient_procedure", "day_case", "diagnostic_imaging")
                else str(trim),
                xbd=""
                if xbd is None
                or setting in ("outpatient_procedure", "day_case", "diagnostic_imaging")
                else _money(xbd * uplift),
                ssem="" if ssem is None or setting != "non_elective" else str(ssem),
                name=name,
                status="confirmed" if is_confirmed else "indicative",
                source=(
                    CONFIRMED_2425
                    if is_confirmed
                    else (
                        "indicative: domain.md §3.2 ranges / general knowledge"
                        if not confirmed or setting != "combined"
                        else "indicative: " + CONFIRMED_2425.removeprefix("confirmed: ")
                    )
                    + note
                ),
            )
    for hrg, (name, prices) in LOCAL_APC.items():
        for setting, base in prices.items():
            add(
                "local",
                hrg,
                setting,
                _money(base * uplift),
                name=name,
                status="indicative",
                source="indicative local (non-tariff) price" + note,
            )
    for provider, index in MFF.items():
        add(
            "mff",
            provider,
            "payment_index",
            index,
            status="indicative",
            source="indicative MFF payment index (domain.md §3.1: about 1.0-1.2, London highest)",
        )
    return rows


def write_all(folder: Path = DATA) -> list[Path]:
    """Write every shipped year's CSV; returns the paths written."""
    written = []
    for year in UPLIFT:
        path = folder / f"{year.replace('/', '-')}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=TARIFF_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(build_rows(year))
        written.append(path)
    return written


if __name__ == "__main__":
    write_all()
