"""Diagnostic report families: radiology, endoscopy and pathology-style reports.

Reports name the examination (the procedure), the examination date (the event
date), the clinical details given by the requester and a conclusion that
carries the diagnosis; the report/authorised date is the letter date.
"""

from __future__ import annotations

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter
from pars.synth.letters.families.common import cap, join_words, patient_fields, service_sentence


def _exam(ctx: Context, default: str) -> str:
    px = ctx.procedures()
    return join_words(px) if px else default


def _recommendation(ctx: Context) -> str:
    s = ctx.outcome_sentence()
    if s:
        return s
    return ctx.rng.choice(
        (
            "No further imaging required.",
            "Suggest clinical correlation.",
            "Please review with the patient.",
        )
    )


def build_radiology(ctx: Context) -> Letter:
    """'Examination: ... Clinical details: ... Findings: ... Conclusion:' radiology report."""
    r = ctx.rng
    h = ctx.house("radiology_report")  # one RIS per trust: the same header and layout each time
    department = h.choice(("Radiology Department", "Imaging Services", "Diagnostic Imaging"))
    title_style, field_style = h.choice(("plain", "upper")), h.choice(("aligned", "colon"))
    letter = Letter()
    letter.title(f"{ctx.provider_name} - {department}", style=title_style)
    letter.blank()
    letter.fields(patient_fields(ctx, with_address=False), style=field_style)
    letter.fields(
        [
            (
                r.choice(("Referrer:", "Requested by:", "Referring clinician:")),
                f"{ctx.gp_name or ''} ({ctx.event.practice.name})",
            ),
            (
                r.choice(("Accession no:", "Exam no:", "Order no:")),
                f"RAD{r.randrange(10000000, 99999999)}",
            ),
            (r.choice(("Examination:", "Exam:", "Procedure:")), _exam(ctx, "Imaging examination")),
            (
                r.choice(("Date of examination:", "Exam date:", "Examined:")),
                ctx.date(ctx.event_date),
            ),
            (r.choice(("Reported:", "Report date:", "Authorised:")), ctx.date(ctx.letter_date)),
        ],
        style=r.choice(("aligned", "colon")),
    )
    letter.blank()
    dx = ctx.diagnoses()
    letter.fields(
        [
            (
                r.choice(("Clinical details:", "Clinical history:", "Indication:")),
                f"{ctx.duration()} history. ? {dx[0] if dx else 'pathology'}. {service_sentence(ctx)}".strip(),
            )
        ],
        style="colon",
    )
    letter.blank()
    letter.heading(r.choice(("Findings:", "Report:", "FINDINGS")))
    findings = [
        f"Appearances are consistent with {dx[0]}."
        if dx
        else "Appearances are within normal limits."
    ]
    findings.extend(f"There is also evidence of {d}." for d in dx[1:])
    findings.extend(ctx.negations())
    letter.para(" ".join(findings))
    letter.heading(r.choice(("Conclusion:", "Impression:", "CONCLUSION", "Opinion:")))
    letter.lines(
        [f"{i}. {cap(d)}." for i, d in enumerate(dx, 1)] or ["No significant abnormality."]
    )
    letter.line(_recommendation(ctx))
    letter.blank()
    letter.line(
        f"Reported by: {ctx.consultant}, {r.choice(('Consultant Radiologist', 'Reporting Radiographer', 'Consultant Radiologist (GMC 7012345)'))}"
    )
    return letter


def _histology(ctx: Context) -> str:
    """Biopsies only when the coded procedure includes them (OPCS-4 '.1' endoscopy codes here)."""
    codes = [p.opcs4.upper() for p in ctx.event.procedures]
    if any(c.startswith(("H20", "H23")) for c in codes):
        return "Polyp retrieved for histology"
    if any(c.startswith(("G45", "H22", "H25")) and c.endswith(".1") for c in codes):
        return ctx.rng.choice(("Biopsies taken", "Biopsies sent"))
    return ctx.rng.choice(("None taken", "No biopsies"))


def build_endoscopy(ctx: Context) -> Letter:
    """Endoscopy unit report: indication, procedure, findings, diagnosis, histology, follow-up."""
    r = ctx.rng
    letter = Letter()
    letter.title(
        r.choice(
            ("Endoscopy Report", "ENDOSCOPY UNIT - PROCEDURE REPORT", "Endoscopy Procedure Report")
        ),
        style="plain",
    )
    letter.line(ctx.provider_name + (f", {ctx.site}" if ctx.site else ""))
    letter.blank()
    letter.table(
        [
            ("Patient", ctx.patient_name()),
            ("D.O.B.", ctx.date(ctx.birth_date)),
            ("NHS No", ctx.nhs_text or ""),
            ("Hospital No", ctx.hosp_no),
            ("Procedure date", ctx.date(ctx.event_date)),
            ("Endoscopist", ctx.consultant),
            ("Referring GP", ctx.gp_name or ""),
        ],
        style=r.choice(("pipe", "space")),
    )
    letter.blank()
    dx = ctx.diagnoses()
    letter.fields(
        [
            ("Procedure:", _exam(ctx, "Endoscopy")),
            ("Indication:", (f"? {dx[0]}" if dx and r.random() < 0.7 else "as per referral")),
            ("Sedation:", r.choice(("Midazolam 2mg", "None (throat spray)", "Entonox"))),
            ("Extent:", r.choice(("D2", "Caecum (TI intubated)", "Splenic flexure", "Complete"))),
            ("Comfort score:", str(r.randrange(1, 4))),
        ],
        style="colon",
    )
    letter.heading("Findings")
    letter.para(" ".join([f"{cap(d)} seen." for d in dx] + ctx.negations()))
    letter.fields(
        [(r.choice(("Diagnosis:", "Endoscopic diagnosis:", "Conclusion:")), "; ".join(dx))],
        style="colon",
    )
    letter.fields(
        [
            (
                "Histology:",
                _histology(ctx),
            )
        ],
        style="colon",
    )
    letter.fields(
        [(r.choice(("Follow-up:", "Plan:", "Recommendations:")), _recommendation(ctx))],
        style="colon",
    )
    letter.blank()
    letter.line(f"Report date: {ctx.date(ctx.letter_date)}")
    return letter


def build_pathology(ctx: Context) -> Letter:
    """Histopathology-style report: specimen, macroscopy, microscopy, diagnosis, SNOMED-ish line."""
    r = ctx.rng
    letter = Letter()
    letter.title(
        r.choice(("Cellular Pathology Report", "HISTOPATHOLOGY REPORT", "Pathology Report")),
        style=r.choice(("plain", "upper")),
    )
    letter.line(f"{ctx.provider_name} - Department of Cellular Pathology")
    letter.blank()
    letter.fields(
        [
            *patient_fields(ctx, with_address=False),
            ("Lab no:", f"{r.choice('HSC')}{r.randrange(10, 99)}-{r.randrange(10000, 99999)}"),
            ("Source:", f"{ctx.gp_name or ''}, {ctx.event.practice.name}"),
            (r.choice(("Date taken:", "Collected:", "Specimen date:")), ctx.date(ctx.event_date)),
            (
                r.choice(("Authorised:", "Date reported:", "Report date:")),
                ctx.date(ctx.letter_date),
            ),
            ("Specialty:", ctx.specialty(as_name=True)),
        ],
        style=r.choice(("aligned", "colon")),
    )
    letter.blank()
    dx = ctx.diagnoses()
    letter.fields(
        [(r.choice(("Specimen:", "Nature of specimen:")), _exam(ctx, "Specimen as labelled"))],
        style="colon",
    )
    letter.fields([("Clinical details:", f"? {dx[0]}" if dx else "As per request")], style="colon")
    letter.heading("Macroscopy")
    letter.para(
        f"A piece of tissue measuring {r.randrange(3, 25)} x {r.randrange(2, 15)} x {r.randrange(1, 8)} mm. All embedded."
    )
    letter.heading("Microscopy")
    letter.para(" ".join([f"Sections show features of {d}." for d in dx] + ctx.negations()))
    letter.fields(
        [(r.choice(("Diagnosis:", "Conclusion:", "SUMMARY:")), "; ".join(cap(d) for d in dx))],
        style="colon",
    )
    rec = ctx.outcome_sentence()
    if rec:
        letter.line(rec)
    letter.line(f"Reported by {ctx.consultant}, Consultant Histopathologist")
    return letter
