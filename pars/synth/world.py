"""Build and write a whole synthetic world (interface 7): registry, documents, SUS and truth.

``build_world`` runs the pure simulation (no files); ``write_world`` renders
the documents and writes every CSV and truth file under one folder. The
renderer and the pricer are passed in, so tests use fakes and ``pars synth``
uses the letters package and the tariff engine.
"""

from __future__ import annotations

import csv
import json
import logging
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pars.synth import population as pop
from pars.synth.config import BROKEN_KINDS, WorldConfig, add_months
from pars.synth.findings import compute_findings
from pars.synth.model import DocumentEvent, Patient, Provider
from pars.synth.pricing import Pricer
from pars.synth.records import Appointment, DocPlan, Pathway, Spell
from pars.synth.registry import write_registry
from pars.synth.render import render_all
from pars.synth.simulate import Simulator
from pars.synth.sus import SUSBuilder

log = logging.getLogger(__name__)

OUTPATIENT_COLUMNS = [
    "attendance_id", "nhs_number", "birth_date", "practice_code", "provider_code",
    "appointment_date", "treatment_function_code", "first_attendance", "attended",
    "referral_source", "priority_type", "referral_received_date", "hrg_code", "tariff_price",
]  # fmt: skip
ADMISSION_COLUMNS = [
    "spell_id", "nhs_number", "birth_date", "practice_code", "provider_code", "admission_date",
    "discharge_date", "admission_method", "patient_classification", "treatment_function_code",
    "primary_diagnosis", "primary_procedure", "spell_hrg", "tariff_price",
]  # fmt: skip


@dataclass
class World:
    config: WorldConfig
    start: date
    end: date
    practices: list[pop.PracticeWorld]
    patients: list[Patient]
    providers: dict[str, Provider]
    pathways: list[Pathway]
    documents: list[DocPlan]
    outpatients: list[Appointment]
    spells: list[Spell]
    findings: list[dict]
    formats: dict[str, str] = field(default_factory=dict)  # document id -> requested format
    broken: dict[str, str] = field(default_factory=dict)  # document id -> breakage


def load_providers() -> dict[str, Provider]:
    """Providers from reference data (pars.refdata), first site as the usual one."""
    try:
        from pars.refdata import load_providers as refdata_providers

        infos = refdata_providers()
        return {
            p.code: Provider(p.code, p.name, p.site_names[0] if p.site_names else None)
            for p in infos
        }
    except ImportError:  # pragma: no cover - refdata is part of PARS; kept for partial checkouts
        path = Path(__file__).resolve().parents[2] / "shared" / "reference" / "providers.csv"
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        return {
            r["provider_code"]: Provider(
                r["provider_code"], r["name"], r["site_names"].split("|")[0]
            )
            for r in rows
        }


def build_world(config: WorldConfig, pricer: Pricer, *, today: date | None = None,
                providers: dict[str, Provider] | None = None) -> World:  # fmt: skip
    """Simulate the world in memory; deterministic for ``config.seed``."""
    rng = random.Random(config.seed)
    start, end = config.period(today)
    providers = providers or load_providers()
    acute = [code for code in ("RWG", "RWH", "RAL") if code in providers] or sorted(providers)
    practices = pop.make_practices(rng, config.practices, config.patients, acute)
    pop.staff_practices(rng, practices, start, end)
    used: set[str] = set()
    patients = pop.make_patients(rng, practices, start, used)
    sim_start = add_months(start, -config.warmup_months)
    simulator = Simulator(config, rng, practices, providers, pricer, start, end, sim_start)
    pathways = simulator.run(patients)
    sus = SUSBuilder(config, rng, pricer, used, providers[practices[0].main_provider])
    outpatients, spells = sus.build(pathways, [w.practice.code for w in practices], start, end)
    documents = [doc for pathway in pathways for doc in pathway.documents]
    documents.sort(key=lambda d: (d.letter_date, d.practice.code, d.pathway.pathway_id))
    numbers: Counter[str] = Counter()
    for doc in documents:
        numbers[doc.practice.code] += 1
        doc.document_id = f"{doc.practice.code}-{numbers[doc.practice.code]:06d}"
    registered: dict[str, set[str]] = {}
    for patient in patients:
        registered.setdefault(patient.practice_code, set()).add(patient.nhs_number)
    world = World(config, start, end, practices, patients, providers, pathways, documents,
                  outpatients, spells, findings=[])  # fmt: skip
    choose_formats(world, rng)
    # A letter no reader can open (empty, truncated) is no evidence of anything: the truth
    # is what a perfect coder could determine from the files, so findings come after breakage.
    unreadable = {doc_id for doc_id, kind in world.broken.items() if kind in UNREADABLE_KINDS}
    world.findings = compute_findings(pathways, documents, outpatients, spells, registered, pricer,
                                      config.unbilled_window_days, unreadable=unreadable)  # fmt: skip
    return world


UNREADABLE_KINDS = frozenset({"empty", "truncated_pdf"})


def choose_formats(world: World, rng: random.Random) -> None:
    """Requested file format per document, and the few deliberately broken ones."""
    c = world.config
    formats = list(c.formats)
    weights = [c.format_weights.get(f, 0.05) for f in formats]
    for doc in world.documents:
        fmt = rng.choices(formats, weights)[0]
        world.formats[doc.document_id] = fmt
        if rng.random() < c.broken_rate:
            kinds = ["empty", "wrong_extension"]
            if fmt == "pdf":
                kinds.append("truncated_pdf")
            if fmt == "txt":
                kinds.append("non_utf8")
            world.broken[doc.document_id] = rng.choice(kinds)
    assert set(world.broken.values()) <= set(BROKEN_KINDS)


def to_event(world: World, doc: DocPlan) -> DocumentEvent:
    return DocumentEvent(
        document_id=doc.document_id,
        pathway_id=doc.pathway.pathway_id,
        patient=doc.patient,
        practice=doc.practice,
        gp=doc.gp,
        provider=doc.provider,
        consultant=doc.consultant,
        specialty_tfc=doc.specialty_tfc or "",
        specialty_name=doc.specialty_name,
        truth=doc.truth(),
        diagnoses=list(doc.diagnoses),
        procedures=list(doc.procedures),
        history=list(doc.history),
        negated=list(doc.negated),
        hospital_number=doc.hospital_number,
        clinical_notes=dict(doc.notes),
        file_format=world.formats.get(doc.document_id, "txt"),
        broken=world.broken.get(doc.document_id),
    )


def _csv(path: Path, header: list[str], rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_world(
    world: World,
    root: Path,
    renderer: Callable,
    *,
    jobs: int = 1,
    progress: Callable | None = None,
) -> dict:
    """Write everything under ``root``; returns the summary counts."""
    root.mkdir(parents=True, exist_ok=True)
    write_registry(world, root)
    write_sus(world, root)
    events = [to_event(world, doc) for doc in world.documents]
    by_id = {doc.document_id: doc for doc in world.documents}
    truth_path = root / "truth" / "documents.jsonl"
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    family_counts: Counter[str] = Counter()
    with truth_path.open("w", encoding="utf-8") as handle:
        families = list(world.config.families) if world.config.families else None
        for written in render_all(events, root, renderer, world.config.seed, families,
                                  jobs=jobs, progress=progress):  # fmt: skip
            doc = by_id[written.document_id]
            family_counts[written.style_family] += 1
            handle.write(json.dumps(document_truth(world, doc, written), ensure_ascii=False) + "\n")
    write_truth(world, root)
    return summary(world, family_counts)


def document_truth(world: World, doc: DocPlan, written) -> dict:
    truth = doc.truth()
    broken = world.broken.get(doc.document_id)
    unreadable = broken in ("empty", "truncated_pdf")
    record = {"file": written.file, "sha256": written.sha256, "format": written.format,
              "error": broken if unreadable else None}  # fmt: skip
    for key, value in truth.items():
        record[key] = ([] if isinstance(value, list) else None) if unreadable else value
    record["confidence"] = {k: 1.0 for k, v in record.items() if k in truth and v not in (None, [])}
    record.update(
        document_id=doc.document_id,
        practice_code=doc.practice.code,
        pathway_id=doc.pathway.pathway_id,
        style_family=written.style_family,
        broken=broken,
    )
    return record


def write_sus(world: World, root: Path) -> None:
    def birth(record) -> str:
        return record.pathway.patient.birth_date.isoformat()

    _csv(root / "sus" / "sus_outpatients.csv", OUTPATIENT_COLUMNS, (
        [r.record_id, r.nhs_number, birth(r), r.pathway.patient.practice_code, r.provider_code,
         r.day.isoformat(), r.tfc,
         ("3" if r.first else "4") if r.telephone else ("1" if r.first else "2"),
         r.attended, r.referral_source, r.priority, r.received.isoformat(), r.hrg_code, f"{r.price:.2f}"]
        for r in world.outpatients
    ))  # fmt: skip
    _csv(root / "sus" / "sus_admissions.csv", ADMISSION_COLUMNS, (
        [s.record_id, s.nhs_number, birth(s), s.pathway.patient.practice_code, s.provider_code,
         s.admission.isoformat(), s.discharge.isoformat(), s.method, s.classification, s.tfc,
         s.diagnosis.icd10, (s.billed_procedure or s.procedure).opcs4 if (s.billed_procedure or s.procedure) else "",
         s.hrg_code, f"{s.price:.2f}"]
        for s in world.spells
    ))  # fmt: skip


def write_truth(world: World, root: Path) -> None:
    truth = root / "truth"
    with (truth / "findings.jsonl").open("w", encoding="utf-8") as handle:
        for finding in world.findings:
            handle.write(json.dumps(finding) + "\n")
    _csv(truth / "pathways.csv", [
        "pathway_id", "kind", "patient_id", "nhs_number", "practice_code", "provider_code",
        "specialty_tfc", "start_date", "status", "never_billed", "referral_document_id",
        "letter_document_ids", "sus_record_ids",
    ], (
        [p.pathway_id, p.kind, p.patient.patient_id, p.patient.nhs_number, p.patient.practice_code,
         p.provider.code, p.specialty_tfc or "", p.start.isoformat(), "open" if p.open else "closed",
         int(p.never_billed), p.referral.document_id if p.referral else "",
         "|".join(d.document_id for d in p.documents if d is not p.referral),
         "|".join(r.record_id for r in [*p.appointments, *p.spells] if r.record_id)]
        for p in world.pathways
    ))  # fmt: skip
    _csv(truth / "patients.csv", [
        "patient_id", "nhs_number", "title", "given_name", "family_name", "birth_date", "sex",
        "practice_code", "postcode",
    ], (
        [p.patient_id, p.nhs_number, p.person.title, p.person.given_name, p.person.family_name,
         p.birth_date.isoformat(), p.sex, p.practice_code, p.postcode]
        for p in world.patients
    ))  # fmt: skip
    _csv(truth / "sus_records.csv", ["record_id", "table", "pathway_id", "nhs_number", "sus_nhs_number", "injected"], (
        [r.record_id, table, r.pathway.pathway_id, r.pathway.patient.nhs_number, r.nhs_number, r.injected]
        for table, rows in (("outpatients", world.outpatients), ("admissions", world.spells))
        for r in rows
    ))  # fmt: skip
    _csv(truth / "gp_referral_rates.csv", ["clinician_id", "practice_code", "name", "referral_multiplier", "outlier"], (
        [s.clinician.clinician_id, s.clinician.practice_code, s.clinician.name,
         f"{s.referral_multiplier:.3f}", s.outlier]
        for w in world.practices for s in w.gps()
    ))  # fmt: skip


def summary(world: World, families: Counter | None = None) -> dict:
    docs = Counter(d.document_type for d in world.documents)
    referrals = [
        d for d in world.documents if d.document_type == "referral" and d.letter_date >= world.start
    ]
    outpatient_referrals = [d for d in referrals if d.service_type == "outpatient"]
    years = ((world.end - world.start).days + 1) / 365.25
    return {
        "period": f"{world.start.isoformat()} to {world.end.isoformat()}",
        "practices": len(world.practices),
        "patients": len(world.patients),
        "documents": len(world.documents),
        "documents_before_period": sum(d.letter_date < world.start for d in world.documents),
        "documents_by_type": dict(sorted(docs.items())),
        "gp_outpatient_referrals_per_1000_per_year": round(
            len(outpatient_referrals) / len(world.patients) * 1000 / years, 1
        )
        if world.patients
        else 0.0,
        "two_week_wait_share": round(
            sum(d.urgency == "two_week_wait" for d in outpatient_referrals)
            / max(1, len(outpatient_referrals)),
            3,
        ),
        "sus_outpatient_rows": len(world.outpatients),
        "sus_admission_rows": len(world.spells),
        "findings": dict(sorted(Counter(f["finding"] for f in world.findings).items())),
        "broken_documents": len(world.broken),
        "style_families": dict(sorted((families or Counter()).items())),
    }
