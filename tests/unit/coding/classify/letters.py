"""Small hand-written synthetic letters (no real people) with their expected coding.

Two writing "families" so grouped cross-validation has something to hold out.
"""

from __future__ import annotations

import json
from pathlib import Path

REFERRAL_2WW = """The Elms Surgery, 4 Station Road, Anytown
Dear Colleague,
Re: Mr Adam Testperson, NHS number 943 476 5919
Urgency: Two week wait
I would be grateful if you could see this 68 year old man with suspected prostate cancer.
His PSA is 14. Referral to Urology.
Yours sincerely, Dr Jane Example, GP"""

REFERRAL_URGENT = """Riverside Medical Centre
To: Department of Cardiology
Dear Doctor,
Please see this lady urgently with exertional chest pain for two weeks. ECG shows T wave changes.
She was previously seen by dermatology for eczema.
Kind regards, Dr Sam Sample"""

REFERRAL_ROUTINE = """Riverside Medical Centre
Dear Orthopaedic team,
This is not urgent. Please see this gentleman with right knee osteoarthritis, failing conservative management.
Routine referral.
Dr Sam Sample, General Practitioner"""

CLINIC_FOLLOW_UP = """Department of Dermatology, Anytown General Hospital
Dear Dr Example,
Thank you for referring this patient, whom I saw in clinic today with psoriasis.
Plan: start topical treatment. I will review her in 3 months.
Dr K Consultant, Consultant Dermatologist"""

CLINIC_LISTED = """ENT Department, Anytown General Hospital
Dear Dr Sample,
I saw Mr Testperson in clinic with recurrent tonsillitis. Your referral letter said "please see urgently".
I have added him to the waiting list for tonsillectomy.
Yours sincerely, Mr B Surgeon, Consultant ENT Surgeon"""

DISCHARGE = """DISCHARGE SUMMARY
General Surgery, Anytown General Hospital
Date of admission: 01/02/2026  Date of discharge: 03/02/2026
Dear Dr Example, your patient was admitted with acute appendicitis and underwent laparoscopic appendicectomy.
The procedure went well. Discharged home, no follow-up required."""

REPORT = """Radiology Department, Anytown General Hospital
Examination: Ultrasound abdomen
Clinical details: right upper quadrant pain
Findings: multiple gallstones, no duct dilatation.
Impression: cholelithiasis.
Reported by Dr R Radiologist, Consultant Radiologist"""


LETTERS: list[tuple[str, str, dict]] = [
    (
        "a",
        REFERRAL_2WW,
        {
            "document_type": "referral",
            "direction": "outgoing",
            "specialty_tfc": "101",
            "urgency": "two_week_wait",
            "service_type": "outpatient",
            "outcome": None,
        },
    ),
    (
        "a",
        REFERRAL_URGENT,
        {
            "document_type": "referral",
            "direction": "outgoing",
            "specialty_tfc": "320",
            "urgency": "urgent",
            "service_type": "outpatient",
            "outcome": None,
        },
    ),
    (
        "b",
        REFERRAL_ROUTINE,
        {
            "document_type": "referral",
            "direction": "outgoing",
            "specialty_tfc": "110",
            "urgency": "routine",
            "service_type": "outpatient",
            "outcome": None,
        },
    ),
    (
        "b",
        CLINIC_FOLLOW_UP,
        {
            "document_type": "clinic_letter",
            "direction": "incoming",
            "specialty_tfc": "330",
            "urgency": None,
            "service_type": "outpatient",
            "outcome": "follow_up",
        },
    ),
    (
        "a",
        CLINIC_LISTED,
        {
            "document_type": "clinic_letter",
            "direction": "incoming",
            "specialty_tfc": "120",
            "urgency": None,
            "service_type": "outpatient",
            "outcome": "listed_for_procedure",
        },
    ),
    (
        "b",
        DISCHARGE,
        {
            "document_type": "discharge_summary",
            "direction": "incoming",
            "specialty_tfc": "100",
            "urgency": None,
            "service_type": "inpatient",
            "outcome": "treated",
        },
    ),
    (
        "a",
        REPORT,
        {
            "document_type": "diagnostic_report",
            "direction": "incoming",
            "specialty_tfc": "812",
            "urgency": None,
            "service_type": "diagnostic",
            "outcome": None,
        },
    ),
]


def write_corpus(root: Path, copies: int = 3) -> tuple[Path, Path]:
    """Write the letters (``copies`` lightly varied copies each) and a synth-layout truth file."""
    docs = root / "documents" / "E82031"
    docs.mkdir(parents=True)
    truth_dir = root / "truth"
    truth_dir.mkdir()
    lines = []
    for copy in range(copies):
        for index, (family, text, truth) in enumerate(LETTERS):
            name = f"E82031-{copy:02d}{index:03d}"
            variant = (
                text
                if copy == 0
                else text.replace("Dear", "Dear" if copy % 2 else "Dear").replace(
                    "Anytown", ["Anytown", "Sometown", "Otherton"][copy % 3]
                )
            )
            (docs / f"{name}.txt").write_text(variant, encoding="utf-8")
            row = {
                "file": f"documents/E82031/{name}.txt",
                "document_id": name,
                "style_family": family,
                "broken": None,
                "diagnoses": [],
                "procedures": [],
                "nhs_number": None,
                **truth,
            }
            lines.append(json.dumps(row))
    truth_path = truth_dir / "documents.jsonl"
    truth_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root / "documents", truth_path
