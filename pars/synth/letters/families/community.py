"""Community and internal note families: physiotherapy assessments and practice minor surgery notes.

These are written by therapists and practice clinicians rather than trust
consultants: SOAP-style headings, fewer letterhead conventions, and (for
internal work) the practice itself as the provider.
"""

from __future__ import annotations

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter
from pars.synth.letters.families.common import (
    cap,
    dear_gp,
    dob_field,
    join_words,
    letter_date_line,
    nhs_field,
    service_sentence,
)

# How therapists sign, by TFC (a podiatrist never signs as a physiotherapist).
_ROLES: dict[str, tuple[str, ...]] = {
    "650": (
        "MCSP",
        "Physiotherapist",
        "Band 6 Physiotherapist",
        "Clinical Specialist Physiotherapist",
    ),
    "651": ("Occupational Therapist", "OT"),
    "653": ("Podiatrist", "HCPC-registered Podiatrist", "Specialist Podiatrist"),
    "654": ("Dietitian", "Specialist Dietitian"),
    "": ("Clinician", "Community Practitioner"),
}


def build_physio(ctx: Context) -> Letter:
    """Community therapy assessment (MSK physiotherapy, podiatry...): S/O/A/P headings, plan."""
    r = ctx.rng
    letter = Letter(wrap=r.choice((0, 78)))
    letter.title(f"{ctx.provider_name}", style="plain")
    letter.line(
        r.choice(
            (
                f"{ctx.specialty(as_name=True)} Service",
                "Community MSK Service"
                if ctx.event.specialty_tfc == "650"
                else "Community Services",
                f"{ctx.specialty(as_name=True)} - Community",
            )
        )
        + (f", {ctx.site}" if ctx.site else "")
    )
    letter.blank()
    letter.line(letter_date_line(ctx))
    letter.line(f"To: {ctx.gp_name}" if ctx.gp_name else "To: the registered GP")
    letter.blank()
    letter.fields(
        [
            ("Patient:", ctx.patient_name()),
            dob_field(ctx),
            nhs_field(ctx),
            (
                r.choice(("Initial assessment:", "Date of assessment:", "Seen:")),
                ctx.date(ctx.event_date),
            ),
            ("Clinician:", ctx.consultant),
        ],
        style=r.choice(("colon", "aligned")),
    )
    letter.blank()
    dx = ctx.diagnoses()
    letter.heading(r.choice(("S:", "Subjective", "SUBJECTIVE")))
    letter.para(
        f"{ctx.duration(short=True)} Hx of {dx[0] if dx else 'pain'}. "
        + " ".join(ctx.history_sentences())
        + " "
        + " ".join(ctx.negations())
    )
    letter.heading(r.choice(("O:", "Objective", "OBJECTIVE")))
    letter.para(
        r.choice(
            (
                "Reduced ROM, pain on resisted movement.",
                "Full ROM with pain at end range; neuro intact.",
                "Antalgic gait; tender on palpation.",
            )
        )
    )
    letter.heading(r.choice(("A:", "Assessment", "Impression")))
    letter.para("; ".join(cap(d) for d in dx) or "Musculoskeletal pain.")
    px = ctx.procedures()
    if px:
        letter.para(f"Treatment today: {join_words(px)}.")
    letter.heading(r.choice(("P:", "Plan", "PLAN")))
    letter.para(
        " ".join(
            s
            for s in (
                r.choice(
                    ("Home exercise programme issued.", "HEP given.", "Advice and education.")
                ),
                ctx.outcome_sentence(),
                service_sentence(ctx),
            )
            if s
        )
    )
    letter.line(
        f"{ctx.consultant}, {r.choice(_ROLES.get(ctx.event.specialty_tfc or '', _ROLES['']))}"
    )
    return letter


def build_minor_surgery(ctx: Context) -> Letter:
    """Practice minor surgery / in-house clinic note (internal work, often with a consent line)."""
    r = ctx.rng
    letter = Letter()
    letter.title(
        r.choice(("Minor Surgery Record", "MINOR OPS NOTE", "Practice Procedure Note")),
        style=r.choice(("plain", "upper")),
    )
    letter.line(
        ctx.event.practice.name + ("" if r.random() < 0.5 else f" ({ctx.event.practice.code})")
    )
    if ctx.provider_name != ctx.event.practice.name:
        letter.line(f"Provider: {ctx.provider_name}")
    letter.blank()
    letter.fields(
        [
            ("Patient", ctx.patient_name()),
            ("DOB", ctx.date(ctx.birth_date)),
            ("NHS", ctx.nhs_text or ""),
            ("Date of procedure", ctx.date(ctx.event_date)),
            ("Note written", ctx.date(ctx.letter_date)),
            ("Operator", ctx.consultant),
            ("Usual GP", ctx.gp_name or ""),
        ],
        style=r.choice(("colon", "dash", "aligned")),
    )
    letter.blank()
    dx = ctx.diagnoses()
    px = ctx.procedures()
    letter.fields(
        [
            ("Lesion/diagnosis", "; ".join(dx)),
            ("Procedure", "; ".join(px) if px else "Assessment only"),
            (
                "Consent",
                r.choice(
                    (
                        "Written consent obtained",
                        "Verbal consent; risks explained (scar, infection, recurrence)",
                    )
                ),
            ),
            ("LA", r.choice(("1% lidocaine 2ml", "2% lidocaine with adrenaline 3ml", "none"))),
            ("Histology", r.choice(("Sent", "Not sent", "Sent - result to follow"))),
        ],
        style="colon",
    )
    letter.para(
        " ".join(s for s in (service_sentence(ctx), *ctx.negations(), ctx.outcome_sentence()) if s)
    )
    if r.random() < 0.5:
        letter.line(dear_gp(ctx).replace("Dear", "FAO").rstrip(","))
    return letter
