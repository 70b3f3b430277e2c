"""Personas and a small two-practice world for portal tests, built per test (no shared state).

Practice A (E82001) and practice B (E82002); personas: a GP and a manager at
A, a GP at B, a coder and a commissioner for the group, an administrator
(superuser), and a user with no membership at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from pars.accounts.models import Membership, Role
from pars.documents.actions import decide_field, record_coding
from pars.documents.models import Document
from pars.sus.models import Finding
from tests.factories.registry import PracticeFactory

NHS_A = "9434765919"
NHS_B = "9434765870"


def coded(nhs_number: str, *, document_type: str = "referral") -> dict:
    """One §1 coding result, as the engine writes it (synthetic values only)."""
    return {
        "format": "txt",
        "error": None,
        "document_type": document_type,
        "direction": "outgoing",
        "letter_date": "2026-03-02",
        "nhs_number": nhs_number,
        "patient_name": "Ada Testpatient",
        "specialty_tfc": "110",
        "urgency": "routine",
        "diagnoses": [{"icd10": "M17.1", "text": "OA right knee"}],
        "procedures": [],
        "confidence": {
            "document_type": 0.99,
            "direction": 0.99,
            "letter_date": 0.9,
            "nhs_number": 0.999,
            "patient_name": 0.8,
            "specialty_tfc": 0.81,
            "urgency": 0.95,
            "diagnoses": 0.7,
        },
    }


def make_document(practice, content: bytes, name: str = "letter.txt") -> Document:
    return Document.objects.create(
        practice=practice,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        original_name=name,
    )


@dataclass
class World:
    practice_a: object
    practice_b: object
    doc_a: Document
    doc_a_quarantined: Document
    doc_b: Document
    users: dict


@pytest.fixture
def world(db, settings) -> World:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()  # login failure counts live in the cache
    a = PracticeFactory(code="E82001", name="Alpha Surgery")
    b = PracticeFactory(code="E82002", name="Beta Medical Centre")
    user_model = get_user_model()

    def persona(username: str, role: str | None, practice=None, superuser: bool = False):
        user = user_model.objects.create_user(
            username=username,
            password="persona-password-1",
            is_superuser=superuser,
            is_staff=superuser,
        )
        if role:
            Membership.objects.create(user=user, role=role, practice=practice)
        return user

    users = {
        "gp_a": persona("gp-a", Role.GP, a),
        "manager_a": persona("manager-a", Role.PRACTICE_MANAGER, a),
        "gp_b": persona("gp-b", Role.GP, b),
        "coder": persona("coder", Role.CODER),
        "commissioner": persona("commissioner", Role.COMMISSIONER),
        "admin": persona("admin", Role.ADMIN, superuser=True),
        "nobody": persona("nobody", None),
    }
    doc_a = record_coding(
        document=make_document(a, b"letter a", "referral-a.txt"), coded=coded(NHS_A), source="t1"
    )
    tfc = doc_a.suggestions.get(field="specialty_tfc")
    decide_field(suggestion=tfc, value="301", by=users["coder"], note="gastro clinic")
    doc_a_quarantined = record_coding(
        document=make_document(a, b"broken a", "scan-a.pdf"),
        coded={"error": "PDF has no text layer"},
        source="t1",
    )
    doc_b = record_coding(
        document=make_document(b, b"letter b", "clinic-b.txt"),
        coded=coded(NHS_B, document_type="clinic_letter"),
        source="t1",
    )
    for practice_code, provider, record, value in (
        ("E82001", "RWG", "OP1", "160.00"),
        ("E82001", "RWG", "OP2", "90.50"),
        ("E82002", "RQW", "OP3", "1000.00"),
    ):
        Finding.objects.create(
            finding="duplicate_attendance",
            sus_kind="outpatient",
            sus_record=record,
            practice_code=practice_code,
            provider_code=provider,
            value_gbp=Decimal(value),
            detail="synthetic",
        )
    return World(a, b, doc_a, doc_a_quarantined, doc_b, users)
