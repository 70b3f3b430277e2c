"""The contract between the world simulator and the letter renderer.

The world decides *what happened* (a ``DocumentEvent`` with its ground truth,
keyed exactly like formats.md §1); the renderer decides *how it is written*
(style family, wording, abbreviations, file format). The renderer must put
every fact of ``truth`` that a coder is expected to find into the text, and may
add distractors (hospital numbers, phone numbers, other specialties in the
history, negated conditions) that must NOT change the truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Person:
    title: str  # "Mrs", "Mr", "Ms", "Miss", "Dr", ""
    given_name: str
    family_name: str

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True, slots=True)
class Patient:
    patient_id: str  # stable synthetic id, never shown in letters
    nhs_number: str  # ten digits, valid
    person: Person
    birth_date: date
    sex: str  # "M" / "F"
    practice_code: str
    address_lines: tuple[str, ...]
    postcode: str
    phone: str  # distractor: looks numeric, is not an NHS number


@dataclass(frozen=True, slots=True)
class Clinician:
    clinician_id: str
    name: str  # as written on letters, e.g. "Dr Sarah Okafor"
    role: str  # gp, nurse, ...
    practice_code: str


@dataclass(frozen=True, slots=True)
class Practice:
    code: str
    name: str
    address_lines: tuple[str, ...]
    postcode: str
    phone: str


@dataclass(frozen=True, slots=True)
class Provider:
    code: str  # ODS trust code (RWG), or the practice code for internal work
    name: str  # as it should be written, e.g. "West Hertfordshire Teaching Hospitals NHS Trust"
    site: str | None  # "Watford General Hospital"


@dataclass(frozen=True, slots=True)
class Condition:
    icd10: str  # "K40.9"
    text: str  # canonical wording; the renderer may use synonyms from its own lexicon


@dataclass(frozen=True, slots=True)
class Procedure:
    opcs4: str  # "T20.2"
    text: str


@dataclass(slots=True)
class DocumentEvent:
    """One document to write, with everything the renderer needs and the truth to record."""

    document_id: str  # file stem, e.g. "E82031-000123"
    pathway_id: str
    patient: Patient
    practice: Practice
    gp: Clinician  # referring GP (outgoing) / addressee (incoming)
    provider: Provider
    consultant: str | None  # hospital clinician writing or addressed, e.g. "Mr J Patel"
    specialty_tfc: str
    specialty_name: str  # name as the service calls itself ("Trauma and Orthopaedics")
    # formats.md §1 ground truth: document_type, direction, letter_date, event_date,
    # nhs_number, patient_birth_date, patient_name, clinician, provider_code,
    # provider_name, specialty_tfc, urgency, service_type, diagnoses, procedures, outcome
    truth: dict
    diagnoses: list[Condition] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    history: list[Condition] = field(default_factory=list)  # past/other conditions (distractors)
    negated: list[Condition] = field(default_factory=list)  # explicitly absent ("no ...")
    hospital_number: str | None = None  # provider's own MRN, never an NHS number
    clinical_notes: dict = field(default_factory=dict)  # free extras: meds, findings, plan
    style_family: str | None = None  # chosen by the renderer; recorded in the truth
    file_format: str = "txt"  # txt, pdf, docx, hl7v2, fhir
    broken: str | None = None  # "empty", "truncated_pdf", "wrong_extension", "non_utf8"
