"""The style families: named ways of writing a document, grouped for held-out evaluation.

A family is a builder ``(Context) -> Letter`` plus the document types it can
write and an affinity that says how likely a real author would use it for a
given event (a radiology template for imaging, a proforma for a 2WW). The
``group`` lets the coding engine be trained on some families and evaluated on
families it has never seen (e.g. hold out every "system_template" family).

To add a family: write a builder in one of the modules here (copy
``build_follow_up`` in clinic.py), then add a ``StyleFamily`` entry below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter
from pars.synth.letters.families import clinic, community, direct, discharge, referrals, reports


def _always(ctx: Context) -> float:
    return 1.0


@dataclass(frozen=True, slots=True)
class StyleFamily:
    name: str
    document_types: tuple[str, ...]
    description: str
    group: str = "other"
    build: Callable[[Context], Letter] = field(
        default=lambda ctx: Letter(), repr=False, compare=False
    )
    affinity: Callable[[Context], float] = field(default=_always, repr=False, compare=False)


def _proforma_affinity(ctx: Context) -> float:
    if ctx.service_type == "internal":
        return 0.02
    return 4.0 if ctx.urgency == "two_week_wait" else 0.4


def _imaging_request_affinity(ctx: Context) -> float:
    return 6.0 if ctx.service_type == "diagnostic" else 0.0


def _referral_to_clinic(ctx: Context) -> float:
    return 0.3 if ctx.service_type == "diagnostic" else 1.0


def _codes(ctx: Context) -> tuple[str, ...]:
    return tuple(p.opcs4.upper() for p in ctx.event.procedures)


_ENDOSCOPY = ("G45", "G16", "G43", "G44", "H20", "H22", "H23", "H25", "H28")
_SPECIMEN = ("S", "B3", "M70")


def _imaging(ctx: Context) -> bool:
    return ctx.event.specialty_tfc in {"812", "811"} or any(c.startswith("U") for c in _codes(ctx))


def _radiology_affinity(ctx: Context) -> float:
    if _imaging(ctx):
        return 5.0
    return 0.0 if any(c.startswith(_ENDOSCOPY) for c in _codes(ctx)) else 0.3


def _endoscopy_affinity(ctx: Context) -> float:
    # an endoscopy report only for an endoscopy: never for a scan or a specimen
    return 6.0 if any(c.startswith(_ENDOSCOPY) for c in _codes(ctx)) else 0.0


def _pathology_affinity(ctx: Context) -> float:
    if any(c.startswith(_SPECIMEN) for c in _codes(ctx)):
        return 0.5
    return 0.0 if _imaging(ctx) or any(c.startswith(_ENDOSCOPY) for c in _codes(ctx)) else 0.1


def _community_affinity(ctx: Context) -> float:
    if ctx.service_type == "community" or ctx.event.specialty_tfc in {"650", "651", "653", "654"}:
        return 6.0
    return 0.02


def _internal_affinity(ctx: Context) -> float:
    # a practice's own procedure note never stands in for a hospital letter
    return 8.0 if ctx.service_type == "internal" else 0.0


def _clinic_affinity(ctx: Context) -> float:
    return 0.15 if ctx.service_type in {"internal", "community"} else 1.0


def _follow_up_affinity(ctx: Context) -> float:
    return 1.2 if ctx.outcome == "follow_up" else 0.6


def _ed_affinity(ctx: Context) -> float:
    return 8.0 if ctx.service_type == "emergency" or ctx.event.specialty_tfc == "180" else 0.05


def _admission_affinity(ctx: Context) -> float:
    return 0.3 if ctx.service_type == "emergency" else 1.0


def _internal_referral_affinity(ctx: Context) -> float:
    return 10.0 if ctx.service_type == "internal" else 0.0


def _external_referral(ctx: Context) -> float:
    return 0.05 if ctx.service_type == "internal" else _referral_to_clinic(ctx)


FAMILIES: tuple[StyleFamily, ...] = (
    StyleFamily(
        "ers_structured_referral",
        ("referral",),
        "NHS e-Referral Service letter: UBRN, service, priority, patient and referrer blocks, then clinical text.",
        "national_system",
        referrals.build_ers_structured,
        _external_referral,
    ),
    StyleFamily(
        "gp_narrative_referral",
        ("referral",),
        "Free-prose GP referral letter on practice letterhead, 'Dear Colleague', PMH and meds.",
        "narrative",
        referrals.build_gp_narrative,
        _external_referral,
    ),
    StyleFamily(
        "proforma_referral",
        ("referral",),
        "Tick-box referral proforma (2WW suspected cancer forms per site, or a specialty form).",
        "proforma",
        referrals.build_proforma,
        _proforma_affinity,
    ),
    StyleFamily(
        "emis_templated_referral",
        ("referral",),
        "EMIS-like merge template: tab-separated banner, active/past problem tables, repeat meds.",
        "system_template",
        referrals.build_emis,
        _external_referral,
    ),
    StyleFamily(
        "systmone_templated_referral",
        ("referral",),
        "SystmOne-like referral: dashed banner, dated coded-entry lines, priority field.",
        "system_template",
        referrals.build_systmone,
        _external_referral,
    ),
    StyleFamily(
        "imaging_request_form",
        ("referral",),
        "Direct-access imaging/diagnostic request form: examination requested, clinical details, question.",
        "proforma",
        referrals.build_imaging_request,
        _imaging_request_affinity,
    ),
    StyleFamily(
        "clinic_headed_template",
        ("clinic_letter",),
        "Trust clinic template headed 'Diagnosis: / Plan: / Outcome:' followed by short prose.",
        "trust_template",
        clinic.build_clinic_headed,
        _clinic_affinity,
    ),
    StyleFamily(
        "clinic_narrative_letter",
        ("clinic_letter", "other"),
        "Consultant prose letter: 'Dear Dr X, I saw this pleasant 64 year old gentleman...'.",
        "narrative",
        clinic.build_clinic_narrative,
        _clinic_affinity,
    ),
    StyleFamily(
        "clinic_table_template",
        ("clinic_letter",),
        "'Clinic: ... Seen by: ...' table banner then Diagnosis / History / Examination / Plan sections.",
        "trust_template",
        clinic.build_clinic_table,
        _clinic_affinity,
    ),
    StyleFamily(
        "follow_up_letter",
        ("clinic_letter", "other"),
        "Short follow-up review letter with a one-line diagnosis and progress.",
        "narrative",
        clinic.build_follow_up,
        _follow_up_affinity,
    ),
    StyleFamily(
        "edischarge_structured",
        ("discharge_summary",),
        "Structured eDischarge/TTO summary: admission and discharge dates, 'Diagnosis on discharge:', 'Procedure performed:', TTO table.",
        "system_template",
        discharge.build_discharge_structured,
        _admission_affinity,
    ),
    StyleFamily(
        "discharge_narrative_letter",
        ("discharge_summary",),
        "Consultant's narrative discharge letter to the GP.",
        "narrative",
        discharge.build_discharge_narrative,
        lambda ctx: 0.5 * _admission_affinity(ctx),
    ),
    StyleFamily(
        "radiology_report",
        ("diagnostic_report",),
        "Radiology report: 'Examination: ... Clinical details: ... Findings: ... Conclusion:'.",
        "report",
        reports.build_radiology,
        _radiology_affinity,
    ),
    StyleFamily(
        "endoscopy_report",
        ("diagnostic_report",),
        "Endoscopy reporting-system output: patient table, indication, extent, findings, endoscopic diagnosis, follow-up.",
        "system_template",
        reports.build_endoscopy,
        _endoscopy_affinity,
    ),
    StyleFamily(
        "pathology_report",
        ("diagnostic_report",),
        "Histopathology-style report: specimen, macroscopy, microscopy, diagnosis.",
        "report",
        reports.build_pathology,
        _pathology_affinity,
    ),
    StyleFamily(
        "physio_assessment",
        ("clinic_letter", "other"),
        "Community MSK physiotherapy assessment in SOAP headings with plan.",
        "community",
        community.build_physio,
        _community_affinity,
    ),
    StyleFamily(
        "practice_minor_surgery_note",
        ("clinic_letter", "other"),
        "In-practice minor surgery / procedure note: lesion, procedure, consent, LA, histology.",
        "community",
        community.build_minor_surgery,
        _internal_affinity,
    ),
    StyleFamily(
        "ed_attendance_summary",
        ("discharge_summary",),
        "Emergency Department attendance letter: arrival, triage, presenting complaint, ED diagnosis, disposal.",
        "system_template",
        discharge.build_ed_attendance,
        _ed_affinity,
    ),
    StyleFamily(
        "practice_internal_referral",
        ("referral",),
        "In-practice task/referral to the practice's own minor surgery or nurse clinic.",
        "community",
        referrals.build_internal_task,
        _internal_referral_affinity,
    ),
    StyleFamily(
        "patient_addressed_clinic_letter",
        ("clinic_letter",),
        "Clinic letter written to the patient ('Dear Mrs Smith') in plain English, GP named only in the cc list.",
        "patient_letter",
        direct.build_patient_letter,
        lambda ctx: 0.6 * _clinic_affinity(ctx),
    ),
    StyleFamily(
        "dictation_transcript",
        ("clinic_letter", "discharge_summary"),
        "Unchecked speech-recognition transcript: fields run into prose, spoken punctuation, lost casing.",
        "dictation",
        direct.build_dictation,
        lambda ctx: 0.35 * _clinic_affinity(ctx) * _admission_affinity(ctx),
    ),
)

BY_NAME: dict[str, StyleFamily] = {f.name: f for f in FAMILIES}
