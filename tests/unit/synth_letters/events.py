"""Synthetic DocumentEvents for renderer tests (built here so the tests need no world engine)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from pars.core.nhs_number import nhs_check_digit
from pars.synth.model import (
    Clinician,
    Condition,
    DocumentEvent,
    Patient,
    Person,
    Practice,
    Procedure,
    Provider,
)

SCENARIOS = {
    # document_type: (direction, service_type, tfc, name, diagnoses, procedures, urgency, outcome)
    "referral": (
        "outgoing",
        "outpatient",
        "100",
        "General Surgery",
        [("K40.9", "Inguinal hernia")],
        [("T20.2", "Open repair of inguinal hernia")],
        "routine",
        None,
    ),
    "clinic_letter": (
        "incoming",
        "outpatient",
        "110",
        "Trauma and Orthopaedics",
        [("M17.1", "Primary osteoarthritis of knee"), ("M54.5", "Low back pain")],
        [("W40.1", "Total knee replacement")],
        None,
        "listed_for_procedure",
    ),
    "discharge_summary": (
        "incoming",
        "inpatient",
        "101",
        "Urology",
        [("N40", "Benign prostatic hyperplasia")],
        [("M65.3", "Transurethral resection of prostate")],
        None,
        "discharged",
    ),
    "diagnostic_report": (
        "incoming",
        "diagnostic",
        "812",
        "Diagnostic Imaging",
        [("K80.2", "Gallstones")],
        [("U08.2", "Ultrasound of abdomen")],
        None,
        "other",
    ),
    "other": (
        "incoming",
        "community",
        "650",
        "Physiotherapy",
        [("M54.5", "Low back pain")],
        [],
        None,
        "follow_up",
    ),
}


def valid_nhs(rng: random.Random) -> str:
    while True:
        nine = str(rng.randrange(400000000, 999999999))
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def make_event(
    document_type: str = "referral",
    *,
    seed: int = 1,
    file_format: str = "txt",
    broken: str | None = None,
    style_family: str | None = None,
    urgency: str | None = "keep",
    outcome: str | None = "keep",
    service_type: str | None = None,
    nhs: str | None = "keep",
) -> DocumentEvent:
    rng = random.Random(seed)
    direction, st, tfc, name, dx, px, urg, out = SCENARIOS[document_type]
    nhs_number = valid_nhs(rng)
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 25000))
    letter_date = date(2025, 4, 1) + timedelta(days=rng.randrange(0, 300))
    event_date = (
        letter_date - timedelta(days=rng.randrange(1, 20)) if direction == "incoming" else None
    )
    female = rng.random() < 0.5
    person = Person(
        "Mrs" if female else "Mr",
        "Jane" if female else "Robert",
        rng.choice(("Smith", "Okonkwo", "Patel", "Wright")),
    )
    patient = Patient(
        "P1",
        nhs_number,
        person,
        birth,
        "F" if female else "M",
        "E82031",
        ("12 Mill Lane", "Kings Langley"),
        "WD4 8AA",
        "01923 261234",
    )
    practice = Practice(
        "E82031", "Kings Langley Surgery", ("The Nap", "Kings Langley"), "WD4 8ET", "01923 261035"
    )
    gp = Clinician("G1234567", "Dr Sarah Okafor", "gp", "E82031")
    provider = Provider(
        "RWG", "West Hertfordshire Teaching Hospitals NHS Trust", "Watford General Hospital"
    )
    diagnoses = [Condition(c, t) for c, t in dx]
    procedures = [Procedure(c, t) for c, t in px]
    truth = {
        "document_type": document_type,
        "direction": direction,
        "letter_date": letter_date.isoformat(),
        "event_date": event_date.isoformat() if event_date else None,
        "nhs_number": nhs_number if nhs == "keep" else nhs,
        "patient_birth_date": birth.isoformat(),
        "patient_name": person.full_name,
        "clinician": gp.name,
        "provider_code": provider.code,
        "provider_name": provider.name,
        "specialty_tfc": tfc,
        "urgency": urg if urgency == "keep" else urgency,
        "service_type": service_type or st,
        "diagnoses": [{"icd10": c.icd10, "text": c.text} for c in diagnoses],
        "procedures": [{"opcs4": p.opcs4, "text": p.text} for p in procedures],
        "outcome": out if outcome == "keep" else outcome,
    }
    return DocumentEvent(
        document_id=f"E82031-{seed:06d}",
        pathway_id=f"PW{seed}",
        patient=patient,
        practice=practice,
        gp=gp,
        provider=provider,
        consultant="Mr James Patel",
        specialty_tfc=tfc,
        specialty_name=name,
        truth=truth,
        diagnoses=diagnoses,
        procedures=procedures,
        history=[Condition("I48.9", "Atrial fibrillation")],
        negated=[Condition("C18.9", "Colorectal cancer")],
        clinical_notes={"medications": ["Apixaban 5mg BD", "Ramipril 5mg OD"]},
        style_family=style_family,
        file_format=file_format,
        broken=broken,
    )
