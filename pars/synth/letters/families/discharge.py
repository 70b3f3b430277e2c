"""Discharge summary families: structured eDischarge / TTO and narrative discharge letters.

Both state the admission date (the event date), the discharge date, the
method of admission, the diagnosis on discharge and the procedures performed,
with medicines to take out (TTO) and GP actions as distractor-rich sections.
"""

from __future__ import annotations

from datetime import timedelta

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter
from pars.synth.letters.families.common import (
    cap,
    dear_gp,
    event_date_label,
    join_words,
    letter_date_line,
    patient_fields,
    provider_header,
    re_line,
    service_sentence,
)

_WARDS = ("Ward 7B", "Day Surgery Unit", "AMU", "Cassio Ward", "SAU")
_WARDS_ED = ("ED Majors", "ED Minors", "Resus", "Clinical Decision Unit")

# How ED letters state their outcome (other outcomes use the consultant's wording).
_ED_DISPOSALS: dict[str, tuple[str, ...]] = {
    "discharged": (
        "Discharged home with advice",
        "Home - GP to review if needed",
        "Discharged from ED",
    ),
    "referred_on": (
        "Referred on to the specialty clinic",
        "Onward referral to the relevant outpatient clinic",
    ),
}

_TTO = (
    ("Paracetamol", "1g QDS PRN", "7 days"),
    ("Codeine phosphate", "30mg QDS PRN", "5 days"),
    ("Omeprazole", "20mg OD", "continue"),
    ("Co-amoxiclav", "625mg TDS", "5 days"),
    ("Enoxaparin", "40mg SC OD", "28 days"),
    ("Lactulose", "10ml BD", "PRN"),
    ("Amlodipine", "5mg OD", "continue"),
)


def _discharge_date(ctx: Context):
    if ctx.event_date is None:
        return None
    stay = ctx.event.clinical_notes.get("length_of_stay")
    if isinstance(stay, int):
        return ctx.event_date + timedelta(days=stay)
    if ctx.letter_date and ctx.letter_date >= ctx.event_date:
        return ctx.letter_date
    return ctx.event_date


def _tto_rows(ctx: Context) -> list[tuple[str, str, str]]:
    n = ctx.rng.randrange(1, 4)
    return ctx.rng.sample(_TTO, n)


def _gp_actions(ctx: Context) -> str:
    o = ctx.outcome
    follow = ctx.outcome_sentence()
    extra = ctx.rng.choice(
        (
            "Please check U&Es in 1 week.",
            "Please arrange removal of sutures at 10-14 days.",
            "No GP actions.",
            "Please review BP in 2 weeks.",
        )
    )
    return f"{follow} {extra}" if o else extra


def build_discharge_structured(ctx: Context) -> Letter:
    """eDischarge / TTO summary with labelled fields ('Diagnosis on discharge:', 'Procedure performed:')."""
    r = ctx.rng
    h = ctx.house("edischarge_structured")  # each trust's eDischarge system keeps its layout
    title = h.choice(
        (
            "Electronic Discharge Summary",
            "eDischarge Summary",
            "DISCHARGE NOTIFICATION / TTO",
            "Inpatient Discharge Letter",
        )
    )
    title_style, show_code = h.choice(("upper", "underline", "plain")), h.random() < 0.5
    field_style, with_address = h.choice(("colon", "aligned")), h.random() < 0.5
    letter = Letter()
    letter.title(title, style=title_style)
    letter.line(ctx.provider_name + (f" - {ctx.site}" if ctx.site else ""))
    if ctx.provider_code and show_code:
        letter.line(f"Organisation code: {ctx.provider_code}")
    letter.blank()
    letter.fields(patient_fields(ctx, with_address=with_address), style=field_style)
    letter.fields(
        [("GP:", ctx.gp_name or ""), ("Practice:", ctx.event.practice.name)], style="colon"
    )
    letter.blank()
    discharge = _discharge_date(ctx)
    letter.fields(
        [
            (event_date_label(ctx), ctx.date(ctx.event_date)),
            (
                r.choice(("Date of discharge:", "Discharge date:", "Discharged:")),
                ctx.date(discharge),
            ),
            ("Ward:", r.choice(_WARDS_ED if ctx.service_type == "emergency" else _WARDS)),
            (r.choice(("Specialty:", "Discharging specialty:")), ctx.specialty(as_name=True)),
            (r.choice(("Consultant:", "Responsible consultant:")), ctx.consultant),
            (
                r.choice(("Method of admission:", "Admission type:"))
                if ctx.service_type != "emergency"
                else "Attendance type:",
                service_sentence(ctx).rstrip(".").removeprefix("Method of admission: "),
            ),
            (
                r.choice(("Summary completed:", "Date of summary:", "Letter date:")),
                ctx.date(ctx.letter_date),
            ),
        ],
        style=r.choice(("colon", "aligned")),
    )
    letter.blank()
    dx = ctx.diagnoses()
    label = r.choice(
        (
            "Diagnosis on discharge:",
            "Primary diagnosis:",
            "Discharge diagnosis:",
            "Principal diagnosis:",
        )
    )
    letter.fields([(label, cap(dx[0]) if dx else "")], style="colon")
    if len(dx) > 1:
        letter.fields(
            [
                (
                    r.choice(
                        ("Secondary diagnoses:", "Other diagnoses:", "Co-morbidities treated:")
                    ),
                    "; ".join(dx[1:]),
                )
            ],
            style="colon",
        )
    px = ctx.procedures()
    letter.fields(
        [
            (
                r.choice(
                    (
                        "Procedure performed:",
                        "Procedures:",
                        "Operation(s):",
                        "Operations/procedures:",
                    )
                ),
                "; ".join(px) if px else "None",
            )
        ],
        style="colon",
    )
    hist = ctx.history_items()
    if hist:
        letter.fields([("Past medical history:", ", ".join(hist))], style="colon")
    letter.fields(
        [("Allergies:", ctx.allergies().removeprefix("Allergies: ").removeprefix("Allergy: "))],
        style="colon",
    )
    if r.random() < 0.6:
        letter.line(ctx.results_line())
    letter.blank()
    letter.heading(
        r.choice(("Clinical summary", "Presenting complaint and course", "Hospital course"))
    )
    letter.para(
        " ".join(
            (
                f"{ctx.age_phrase().capitalize()} "
                + ("attended ED" if ctx.service_type == "emergency" else "admitted")
                + f" with {dx[0] if dx else 'symptoms'}.",
                f"Underwent {join_words(px)}, uneventful recovery."
                if px
                else "Managed conservatively.",
                *ctx.negations(),
            )
        )
    )
    letter.heading(r.choice(("Medication on discharge (TTO)", "TTO", "Discharge medications")))
    letter.table([("Drug", "Dose", "Duration"), *_tto_rows(ctx)], style=r.choice(("pipe", "space")))
    letter.blank()
    letter.fields(
        [(r.choice(("Actions for GP:", "GP to:", "Follow-up:")), _gp_actions(ctx))], style="colon"
    )
    letter.blank()
    letter.line(
        f"Completed by: {r.choice(('Dr F Ali (FY1)', 'Dr G Singh (FY2)', 'Dr H Turner (CT1)'))} for {ctx.consultant}"
    )
    return letter


def build_discharge_narrative(ctx: Context) -> Letter:
    """Narrative discharge letter from the consultant to the GP."""
    r = ctx.rng
    letter = Letter(wrap=r.choice((0, 80)))
    provider_header(ctx, letter, department=f"{ctx.specialty(as_name=True)} Directorate")
    letter.blank()
    letter.line(letter_date_line(ctx))
    letter.blank()
    letter.line(dear_gp(ctx))
    letter.blank()
    letter.line(re_line(ctx))
    letter.blank()
    dx = ctx.diagnoses()
    px = ctx.procedures()
    discharge = _discharge_date(ctx)
    if ctx.service_type == "emergency":
        admitted = r.choice(("attended the Emergency Department", "was seen in ED"))
    else:
        admitted = r.choice(("was admitted", "came in", "was admitted under my care"))
    letter.para(
        f"{ctx.salutation_name()} {admitted} on {ctx.date(ctx.event_date)} with {dx[0] if dx else 'symptoms'}. "
        + service_sentence(ctx)
        + (f" {cap(ctx.he)} also had {join_words(dx[1:])}." if len(dx) > 1 else "")
    )
    if px:
        letter.para(
            r.choice(
                (
                    f"{cap(ctx.he)} underwent {join_words(px)} on {ctx.date(ctx.event_date)}, which went well.",
                    f"We proceeded to {join_words(px)}.",
                    f"{cap(join_words(px))} was carried out without complication.",
                )
            )
        )
    letter.para(
        " ".join((*ctx.history_sentences(), *ctx.negations(), ctx.filler(r.randrange(1, 3))))
    )
    if discharge:
        letter.para(
            ctx.rng.choice(
                (
                    f"{cap(ctx.he)} was discharged home on {ctx.date(discharge)}. ",
                    f"D/C home {ctx.date(discharge)}. ",
                )
            )
            + ctx.outcome_sentence()
        )
    else:
        letter.para(ctx.outcome_sentence())
    letter.line(r.choice(("Yours sincerely,", "Kind regards,")))
    letter.blank()
    letter.line(ctx.consultant)
    letter.line(f"Consultant, {ctx.specialty(as_name=True)}")
    return letter


def build_ed_attendance(ctx: Context) -> Letter:
    """Emergency Department attendance / discharge letter: arrival, triage, diagnosis, disposal."""
    r = ctx.rng
    letter = Letter()
    letter.title(
        r.choice(
            (
                "Emergency Department Discharge Letter",
                "ED ATTENDANCE SUMMARY",
                "A&E Attendance - Notification to GP",
            )
        ),
        style=r.choice(("plain", "upper")),
    )
    letter.line(ctx.provider_name + (f" - {ctx.site}" if ctx.site else ""))
    letter.blank()
    letter.fields(
        patient_fields(ctx, with_address=r.random() < 0.3), style=r.choice(("colon", "aligned"))
    )
    letter.fields(
        [("Registered GP:", ctx.gp_name or ""), ("Practice:", ctx.event.practice.name)],
        style="colon",
    )
    letter.blank()
    arrival = f"{r.randrange(0, 24):02d}:{r.choice(('05', '17', '32', '48'))}"
    letter.fields(
        [
            (
                r.choice(("Attendance date:", "Date of attendance:", "Arrival:")),
                f"{ctx.date(ctx.event_date)} {arrival}",
            ),
            (
                "Mode of arrival:",
                r.choice(("Ambulance", "Walk-in", "Self-presented", "Brought by family")),
            ),
            ("Triage category:", r.choice(("2 - very urgent", "3 - urgent", "4 - standard"))),
            ("Seen by:", ctx.consultant),
            (r.choice(("Letter date:", "Printed:", "Summary sent:")), ctx.date(ctx.letter_date)),
        ],
        style="colon",
    )
    letter.blank()
    dx = ctx.diagnoses()
    px = ctx.procedures()
    letter.fields(
        [
            (r.choice(("Presenting complaint:", "PC:")), f"{dx[0] if dx else 'as below'}"),
            (
                r.choice(("Diagnosis:", "ED diagnosis:", "Clinical impression:")),
                "; ".join(cap(d) for d in dx),
            ),
            (
                r.choice(("Treatment:", "Interventions:")),
                join_words(px)
                if px
                else r.choice(
                    ("Analgesia and advice", "Assessment and reassurance", "Observation")
                ),
            ),
            (
                r.choice(("Investigations:", "Ix:")),
                # no named test: an X-ray here would be a procedure the truth does not have
                r.choice(("None required", "See ED record", "Observations only")),
            ),
        ],
        style="colon",
    )
    letter.para(
        " ".join(
            s for s in (service_sentence(ctx), *ctx.history_sentences(), *ctx.negations()) if s
        )
    )
    if r.random() < 0.5:
        letter.line(ctx.allergies())
    disposal = _ED_DISPOSALS.get(ctx.outcome or "")
    injury = any(c.icd10.upper().startswith(("S", "T")) for c in ctx.event.diagnoses)
    if disposal and ctx.outcome == "referred_on" and injury:
        disposal = (*disposal, "Referred to the fracture clinic")
    letter.fields(
        [
            (
                r.choice(("Outcome:", "Disposal:", "Discharge destination:")),
                r.choice(disposal) if disposal else ctx.outcome_sentence(),
            )
        ],
        style="colon",
    )
    letter.line(
        r.choice(
            ("This letter was generated automatically from the ED record.", "No reply needed.", "")
        )
    )
    return letter
