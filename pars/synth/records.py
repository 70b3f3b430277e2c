"""Plain records the simulation produces before anything is written or priced.

A ``Pathway`` groups what happened to one patient for one problem: the
practice's referral (if any), the hospital's letters, and the appointments
and spells that SUS will bill. ``DocPlan`` is one document to write (it
becomes a ``DocumentEvent`` for the renderer once it has an id).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pars.synth.model import Clinician, Condition, Patient, Practice, Procedure, Provider


@dataclass(slots=True, eq=False)
class DocPlan:
    pathway: Pathway
    document_type: str  # referral, clinic_letter, discharge_summary, diagnostic_report
    direction: str  # outgoing / incoming
    letter_date: date
    event_date: date | None
    patient: Patient
    practice: Practice
    gp: Clinician
    provider: Provider
    consultant: str | None
    specialty_tfc: str | None
    specialty_name: str
    service_type: str
    urgency: str | None = None
    outcome: str | None = None
    diagnoses: list[Condition] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    history: list[Condition] = field(default_factory=list)
    negated: list[Condition] = field(default_factory=list)
    hospital_number: str | None = None
    notes: dict = field(default_factory=dict)
    document_id: str = ""

    def truth(self) -> dict:
        """The formats.md §1 keys as a perfect coder would fill them."""
        person = self.patient.person
        return {
            "document_type": self.document_type,
            "direction": self.direction,
            "letter_date": self.letter_date.isoformat(),
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "nhs_number": self.patient.nhs_number,
            "patient_birth_date": self.patient.birth_date.isoformat(),
            "patient_name": f"{person.given_name} {person.family_name}",
            "clinician": self.gp.name,
            "provider_code": self.provider.code,
            "provider_name": self.provider.name,
            "specialty_tfc": self.specialty_tfc,
            "urgency": self.urgency if self.document_type == "referral" else None,
            "service_type": self.service_type,
            "diagnoses": [{"icd10": c.icd10, "text": c.text} for c in self.diagnoses],
            "procedures": [{"opcs4": p.opcs4, "text": p.text} for p in self.procedures],
            "outcome": self.outcome,
        }


@dataclass(slots=True, eq=False)
class Appointment:
    """One outpatient appointment (one SUS outpatient row)."""

    pathway: Pathway
    provider_code: str
    tfc: str
    day: date
    first: bool
    telephone: bool
    attended: str  # 5 seen, 6 late seen, 2 patient cancelled, 3 DNA, 4 provider cancelled
    referral_source: str
    priority: str  # 1 routine, 2 urgent, 3 2WW
    received: date
    procedure: Procedure | None = None  # outpatient procedure or imaging test
    setting: str | None = None  # tariff setting of the procedure, when there is one
    record_id: str = ""
    price: Decimal = Decimal("0")
    hrg_code: str = ""
    nhs_number: str = ""  # as SUS has it (noise may change it); truth is the patient's
    injected: str = ""  # the anomaly the row carries, if any

    @property
    def attended_ok(self) -> bool:
        return self.attended in ("5", "6")


@dataclass(slots=True, eq=False)
class Spell:
    """One admitted patient care spell (one SUS admissions row)."""

    pathway: Pathway
    provider_code: str
    tfc: str
    admission: date
    discharge: date
    method: str  # 11/12 elective, 21 emergency
    classification: str  # 1 ordinary, 2 day case
    setting: str  # day_case, elective, non_elective
    diagnosis: Condition
    procedure: Procedure | None
    billed_procedure: Procedure | None = None  # differs from ``procedure`` when mis-coded
    record_id: str = ""
    price: Decimal = Decimal("0")
    hrg_code: str = ""
    nhs_number: str = ""
    injected: str = ""

    @property
    def length_of_stay(self) -> int:
        return (self.discharge - self.admission).days


@dataclass(slots=True, eq=False)
class Pathway:
    pathway_id: str
    kind: str  # gp_referral, direct_access, community, internal, emergency, consultant_referral,
    # after_emergency, other_source, unreferred, unknown_patient
    patient: Patient
    provider: Provider
    specialty_tfc: str | None
    start: date
    referral: DocPlan | None = None
    documents: list[DocPlan] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    spells: list[Spell] = field(default_factory=list)
    open: bool = False  # activity still expected after the period ends
    never_billed: bool = False
    expected_cost: Decimal = Decimal("0")
