"""A small, fast synthetic SUS world with known findings, for tests and the benchmark.

Not the PARS world simulator (``pars synth``): this writes only what
reconciliation reads (two SUS extracts, coded letters as §1 JSON lines,
patient lists) plus the findings that were planted, so rule tests and the
benchmark do not depend on the letters being rendered and coded. Every value
is synthetic; NHS numbers are valid-looking numbers from a fixed seed.
"""

from __future__ import annotations

import csv
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from pars.core.nhs_number import nhs_check_digit
from pars.sus.columns import ADMISSION_COLUMNS, OUTPATIENT_COLUMNS

PROVIDERS = ("RWG", "RWH", "RAL", "RQW")
TFCS = ("100", "101", "110", "120", "130", "300", "320", "330", "340", "502")
OP_COLUMNS = list(OUTPATIENT_COLUMNS)
APC_COLUMNS = list(ADMISSION_COLUMNS)
PROCEDURES = ("W37.1", "T20.2", "H22.9", "C71.2", "W82.0", "Q07.4", "J18.3", "M45.9")


def _nhs(rng: random.Random) -> str:
    while True:
        first = f"{rng.randrange(400_000_000, 999_999_999):09d}"
        check = nhs_check_digit(first)
        if check is not None:
            return f"{first}{check}"


def _mistype(nhs: str, rng: random.Random) -> str:
    digits = list(nhs)
    if rng.random() < 0.5:
        i = rng.randrange(9)
        digits[i], digits[i + 1] = digits[i + 1], digits[i]
        if digits[i] == digits[i + 1]:
            digits[i] = str((int(digits[i]) + 1) % 10)
    else:
        i = rng.randrange(10)
        digits[i] = str((int(digits[i]) + rng.randrange(1, 10)) % 10)
    return "".join(digits)


@dataclass(slots=True)
class FakeWorld:
    outpatients: Path
    admissions: Path
    coded: Path
    patients: Path
    truth: Path
    counts: dict[str, int] = field(default_factory=dict)


def make_world(
    outdir: str | Path,
    *,
    patients: int = 2000,
    practices: int = 4,
    seed: int = 7,
    nhs_noise: float = 0.0,
    spell_rate: float = 0.25,
    start: date = date(2025, 4, 1),
) -> FakeWorld:
    """Write a world with roughly 2 outpatient rows and 0.2 spells per patient (spell_rate 0.25)."""
    rng = random.Random(seed)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    practice_codes = [f"E8{2000 + i:04d}" for i in range(practices)]
    people = []
    for _ in range(patients):
        birth = date(1935, 1, 1) + timedelta(days=rng.randrange(365 * 80))
        people.append((_nhs(rng), birth, rng.choice(practice_codes)))
    op_rows: list[dict] = []
    apc_rows: list[dict] = []
    letters: list[dict] = []
    truth: list[dict] = []
    counter = {"op": 0, "apc": 0, "doc": 0}

    def op(person, provider, tfc, when, *, first, attended="5", source="03", price=None):
        counter["op"] += 1
        row = {
            "attendance_id": f"OP{counter['op']:08d}",
            "nhs_number": person[0],
            "birth_date": person[1].isoformat(),
            "practice_code": person[2],
            "provider_code": provider,
            "appointment_date": when.isoformat(),
            "treatment_function_code": tfc,
            "first_attendance": "1" if first else "2",
            "attended": attended,
            "referral_source": source,
            "priority_type": "1",
            "referral_received_date": "",
            "hrg_code": "WF01B" if first else "WF01A",
            "tariff_price": f"{price if price is not None else (160 if first else 90)}.00",
        }
        op_rows.append(row)
        return row

    def letter(person, provider, tfc, when, doc_type, direction, procedures=()):
        counter["doc"] += 1
        doc_id = f"{person[2]}-{counter['doc']:07d}"
        letters.append(
            {
                "file": f"documents/{person[2]}/{doc_id}.txt",
                "document_id": doc_id,
                "practice_code": person[2],
                "document_type": doc_type,
                "direction": direction,
                "letter_date": when.isoformat(),
                "event_date": when.isoformat() if direction == "incoming" else None,
                "nhs_number": person[0],
                "patient_birth_date": person[1].isoformat(),
                "provider_code": provider,
                "specialty_tfc": tfc,
                "service_type": "outpatient" if doc_type == "referral" else "inpatient",
                "urgency": "routine" if doc_type == "referral" else None,
                "diagnoses": [],
                "procedures": [{"opcs4": code, "text": ""} for code in procedures],
            }
        )
        return doc_id

    def found(kind, row=None, document=None, value=0.0):
        truth.append(
            {
                "finding": kind,
                "sus_record": (row or {}).get("attendance_id") or (row or {}).get("spell_id"),
                "document": document,
                "value_gbp": value,
            }
        )

    for person in people:
        used: set[tuple[str, str]] = set()  # one pathway per service, so planted truth is exact
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2))):
            provider, tfc = rng.choice(PROVIDERS), rng.choice(TFCS)
            if (provider, tfc) in used:
                continue
            used.add((provider, tfc))
            referred = start + timedelta(days=rng.randrange(300))
            dice = rng.random()
            if dice < 0.04:  # referral with nothing billed yet
                doc = letter(person, provider, tfc, referred, "referral", "outgoing")
                found("unbilled_referral", document=doc)
                continue
            first_day = referred + timedelta(days=rng.randrange(10, 150))
            if dice < 0.07:  # GP referral never sent by the practice
                row = op(person, provider, tfc, first_day, first=True)
                found("unevidenced_gp_referral", row, value=160.0)
            elif dice < 0.10:  # consultant-to-consultant
                row = op(person, provider, tfc, first_day, first=True, source="05")
                found("consultant_to_consultant", row, value=160.0)
            else:
                letter(person, provider, tfc, referred, "referral", "outgoing")
                op(person, provider, tfc, first_day, first=True)
            day = first_day
            for _ in range(rng.choice((0, 1, 1, 2, 3))):
                day += timedelta(days=rng.randrange(20, 90))
                roll = rng.random()
                if roll < 0.04:
                    row = op(person, provider, tfc, day, first=False, attended="3", source="11")
                    found("dna_charged", row, value=90.0)
                elif roll < 0.08:
                    op(person, provider, tfc, day, first=False, attended="2", source="11", price=0)
                else:
                    row = op(person, provider, tfc, day, first=False, source="11")
                    if roll > 0.98:
                        copy = op(person, provider, tfc, day, first=False, source="11")
                        found("duplicate_attendance", copy, value=90.0)
            if rng.random() < spell_rate:
                admitted = day + timedelta(days=rng.randrange(14, 90))
                discharged = admitted + timedelta(days=rng.choice((0, 0, 1, 3)))
                procedure = rng.choice(PROCEDURES)
                billed = procedure
                if rng.random() < 0.06:
                    billed = rng.choice([p for p in PROCEDURES if p[:3] != procedure[:3]])
                counter["apc"] += 1
                spell = {
                    "spell_id": f"APC{counter['apc']:08d}",
                    "nhs_number": person[0],
                    "birth_date": person[1].isoformat(),
                    "practice_code": person[2],
                    "provider_code": provider,
                    "admission_date": admitted.isoformat(),
                    "discharge_date": discharged.isoformat(),
                    "admission_method": "11",
                    "patient_classification": "2" if admitted == discharged else "1",
                    "treatment_function_code": tfc,
                    "primary_diagnosis": "K40.9",
                    "primary_procedure": billed,
                    "spell_hrg": "FF62B",
                    "tariff_price": "1850.00",
                }
                apc_rows.append(spell)
                letter(
                    person, provider, tfc, admitted, "discharge_summary", "incoming", (procedure,)
                )
                if billed != procedure:
                    found("procedure_mismatch", spell, value=1850.0)
    # Activity for patients no practice knows.
    for _ in range(max(1, patients // 200)):
        stranger = (
            _nhs(rng),
            date(1970, 5, 5) + timedelta(days=rng.randrange(9000)),
            rng.choice(practice_codes),
        )
        row = op(
            stranger,
            rng.choice(PROVIDERS),
            rng.choice(TFCS),
            start + timedelta(days=rng.randrange(300)),
            first=False,
            source="11",
        )
        found("unknown_patient", row, value=90.0)
    listed = {p[0] for p in people}
    if nhs_noise > 0:
        for rows in (op_rows, apc_rows):
            for row in rows:
                if row["nhs_number"] in listed and rng.random() < nhs_noise:
                    row["nhs_number"] = (
                        "" if rng.random() < 0.5 else _mistype(row["nhs_number"], rng)
                    )
    world = FakeWorld(
        out / "sus_outpatients.csv",
        out / "sus_admissions.csv",
        out / "coded.jsonl",
        out / "patients.csv",
        out / "findings.jsonl",
    )
    for path, columns, rows in (
        (world.outpatients, OP_COLUMNS, op_rows),
        (world.admissions, APC_COLUMNS, apc_rows),
    ):
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    with world.coded.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(obj) + "\n" for obj in letters)
    with world.truth.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(obj) + "\n" for obj in truth)
    with world.patients.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["practice_code", "nhs_number", "birth_date"])
        writer.writerows((p[2], p[0], p[1].isoformat()) for p in people)
    world.counts = {
        "outpatients": len(op_rows),
        "admissions": len(apc_rows),
        "letters": len(letters),
        "findings": len(truth),
    }
    return world
