"""Self-contained sample ``DocumentEvent``s: for the renderer's benchmark, tests and docs.

The world simulator makes the real events; these are a small, varied stand-in
(every document type, direction and service type, several conditions per
specialty) so the renderer can be exercised without building a world.
"""

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

# (document_type, direction, service_type, tfc, specialty name, diagnoses, procedures, urgency, outcome)
SCENARIOS: tuple[tuple, ...] = (
    (
        "referral",
        "outgoing",
        "outpatient",
        "100",
        "General Surgery",
        [("K40.9", "inguinal hernia")],
        [],
        "routine",
        None,
    ),
    (
        "referral",
        "outgoing",
        "outpatient",
        "103",
        "Breast Surgery",
        [("N63", "breast lump")],
        [],
        "two_week_wait",
        None,
    ),
    (
        "referral",
        "outgoing",
        "outpatient",
        "110",
        "Trauma and Orthopaedics",
        [("M17.9", "osteoarthritis of knee")],
        [],
        "urgent",
        None,
    ),
    (
        "referral",
        "outgoing",
        "diagnostic",
        "812",
        "Diagnostic Imaging",
        [("R10.1", "upper abdominal pain")],
        [("U08.2", "ultrasound of abdomen")],
        "routine",
        None,
    ),
    (
        "referral",
        "outgoing",
        "community",
        "650",
        "Physiotherapy",
        [("M54.5", "low back pain")],
        [],
        "routine",
        None,
    ),
    (
        "referral",
        "outgoing",
        "internal",
        "",
        "Minor surgery clinic",
        [("L72.1", "sebaceous cyst")],
        [("S06.9", "excision of lesion of skin")],
        "routine",
        None,
    ),
    (
        "clinic_letter",
        "incoming",
        "outpatient",
        "110",
        "Trauma and Orthopaedics",
        [("M17.1", "primary osteoarthritis of knee")],
        [("W40.1", "primary total prosthetic replacement of knee joint using cement")],
        None,
        "listed_for_procedure",
    ),
    (
        "clinic_letter",
        "incoming",
        "outpatient",
        "130",
        "Ophthalmology",
        [("H25.1", "age-related nuclear cataract")],
        [],
        None,
        "follow_up",
    ),
    (
        "clinic_letter",
        "incoming",
        "outpatient",
        "330",
        "Dermatology",
        [("L82", "seborrhoeic keratosis")],
        [("S06.9", "excision of lesion of skin")],
        None,
        "treated",
    ),
    (
        "clinic_letter",
        "incoming",
        "outpatient",
        "320",
        "Cardiology",
        [("I48", "atrial fibrillation")],
        [],
        None,
        "discharged",
    ),
    (
        "clinic_letter",
        "incoming",
        "community",
        "650",
        "Physiotherapy",
        [("M54.5", "low back pain")],
        [],
        None,
        "follow_up",
    ),
    (
        "discharge_summary",
        "incoming",
        "inpatient",
        "101",
        "Urology",
        [("N40", "benign prostatic hyperplasia")],
        [("M65.3", "endoscopic resection of prostate")],
        None,
        "discharged",
    ),
    (
        "discharge_summary",
        "incoming",
        "inpatient",
        "300",
        "General Medicine",
        [("J18.9", "pneumonia")],
        [],
        None,
        "follow_up",
    ),
    (
        "discharge_summary",
        "incoming",
        "emergency",
        "180",
        "Emergency Department",
        [("S93.4", "sprain of ankle")],
        [],
        None,
        "discharged",
    ),
    (
        "diagnostic_report",
        "incoming",
        "diagnostic",
        "812",
        "Diagnostic Imaging",
        [("R10.1", "upper abdominal pain")],
        [("U08.2", "ultrasound of abdomen")],
        None,
        None,
    ),
    (
        "diagnostic_report",
        "incoming",
        "diagnostic",
        "301",
        "Gastroenterology",
        [("K21.9", "gastro-oesophageal reflux disease")],
        [("G45.9", "diagnostic oesophagogastroduodenoscopy")],
        None,
        None,
    ),
)

_GIVEN_F = ("Jane", "Amira", "Siobhan", "Grace", "Olivia", "Mei", "Hannah")
_GIVEN_M = ("Robert", "Tariq", "Kwame", "Liam", "George", "Piotr", "David")
_FAMILY = ("Smith", "Okonkwo", "Patel", "Wright", "O'Neill", "Kowalski", "Ahmed", "Jones")
_PROVIDERS = (
    Provider("RWG", "West Hertfordshire Teaching Hospitals NHS Trust", "Watford General Hospital"),
    Provider("RWH", "East and North Hertfordshire NHS Trust", "Lister Hospital"),
    Provider("RAL", "Royal Free London NHS Foundation Trust", "Barnet Hospital"),
)


def valid_nhs_number(rng: random.Random) -> str:
    """A random ten-digit number that passes the modulus-11 check (synthetic only)."""
    while True:
        nine = str(rng.randrange(400000000, 999999999))
        check = nhs_check_digit(nine)
        if check is not None:
            return nine + str(check)


def sample_event(
    index: int,
    rng: random.Random,
    *,
    file_format: str = "txt",
    broken: str | None = None,
    scenario: int | None = None,
) -> DocumentEvent:
    """One varied event; ``scenario`` picks a row of SCENARIOS (default: cycles by index)."""
    row = SCENARIOS[(index if scenario is None else scenario) % len(SCENARIOS)]
    doc_type, direction, service, tfc, name, dx, px, urgency, outcome = row
    female = rng.random() < 0.5
    person = Person(
        rng.choice(("Mrs", "Ms", "Miss")) if female else "Mr",
        rng.choice(_GIVEN_F if female else _GIVEN_M),
        rng.choice(_FAMILY),
    )
    birth = date(1935, 1, 1) + timedelta(days=rng.randrange(0, 27000))
    letter_date = date(2025, 4, 1) + timedelta(days=rng.randrange(0, 360))
    event_date = (
        letter_date - timedelta(days=rng.randrange(0, 21)) if direction == "incoming" else None
    )
    nhs = valid_nhs_number(rng)
    practice = Practice(
        "E82031", "Kings Langley Surgery", ("The Nap", "Kings Langley"), "WD4 8ET", "01923 261035"
    )
    patient = Patient(
        f"P{index}", nhs, person, birth, "F" if female else "M", practice.code,
        (f"{rng.randrange(1, 90)} Mill Lane", "Kings Langley"), "WD4 8AA", "01923 261234",
    )  # fmt: skip
    gp = Clinician(
        "G1234567",
        rng.choice(("Dr Sarah Okafor", "Dr Ian McLeod", "Dr Priya Nair")),
        "gp",
        practice.code,
    )
    if service == "internal":
        provider = Provider(practice.code, practice.name, None)
    else:
        provider = rng.choice(_PROVIDERS)
    diagnoses = [Condition(c, t) for c, t in dx]
    procedures = [Procedure(c, t) for c, t in px]
    truth = {
        "document_type": doc_type,
        "direction": direction,
        "letter_date": letter_date.isoformat(),
        "event_date": event_date.isoformat() if event_date else None,
        "nhs_number": nhs,
        "patient_birth_date": birth.isoformat(),
        "patient_name": person.full_name,
        "clinician": gp.name,
        "provider_code": provider.code,
        "provider_name": provider.name,
        "specialty_tfc": tfc or None,
        "urgency": urgency,
        "service_type": service,
        "diagnoses": [{"icd10": c.icd10, "text": c.text} for c in diagnoses],
        "procedures": [{"opcs4": p.opcs4, "text": p.text} for p in procedures],
        "outcome": outcome,
    }
    history = [Condition("I10", "hypertension"), Condition("E11.9", "type 2 diabetes mellitus")][
        : rng.randrange(0, 3)
    ]
    negated = [Condition("C80.9", "malignancy")] if rng.random() < 0.3 else []
    return DocumentEvent(
        document_id=f"{practice.code}-{index:06d}",
        pathway_id=f"PW{index:07d}",
        patient=patient,
        practice=practice,
        gp=gp,
        provider=provider,
        consultant=None
        if service in ("community", "internal", "emergency")
        else rng.choice(("Mr James Patel", "Dr Anna Kowalczyk", "Miss R Osei")),
        specialty_tfc=tfc,
        specialty_name=name,
        truth=truth,
        diagnoses=diagnoses,
        procedures=procedures,
        history=history,
        negated=negated,
        hospital_number=None,
        clinical_notes={"medications": ["Ramipril 5mg OD"]} if rng.random() < 0.5 else {},
        file_format=file_format,
        broken=broken,
    )


def sample_events(n: int, seed: int = 1, *, file_format: str = "txt") -> list[DocumentEvent]:
    """``n`` varied events, reproducible for ``seed``."""
    rng = random.Random(seed)
    return [sample_event(i, rng, file_format=file_format) for i in range(n)]
