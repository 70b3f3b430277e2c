"""Incoming clinic letter families: headed, narrative, tabular trust templates and follow-up letters.

Every builder states the clinic date, the specialty, the diagnoses, any
procedure done or planned, and the outcome, each in its own way; the letter
date sits somewhere else on the page.
"""

from __future__ import annotations

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter
from pars.synth.letters.families.common import (
    cap,
    dear_gp,
    event_date_label,
    gp_address_block,
    join_words,
    letter_date_line,
    patient_fields,
    provider_header,
    re_line,
    service_sentence,
    sign_off_consultant,
)


def _findings(ctx: Context) -> str:
    r = ctx.rng
    bits = [
        r.choice(
            (
                f"On examination {ctx.he} was well.",
                f"O/E: comfortable at rest, BP {r.randrange(110, 145)}/{r.randrange(65, 89)}.",
                "Examination was in keeping with the history.",
            )
        )
    ]
    bits.extend(ctx.negations())
    return " ".join(bits)


def _procedure_sentence(ctx: Context) -> str:
    px = ctx.procedures()
    if not px:
        return ""
    if ctx.outcome in ("listed_for_procedure", "investigations"):
        return ""  # the outcome sentence names the planned procedure
    return ctx.rng.choice(
        (
            f"Procedure today: {join_words(px)}.",
            f"We went ahead with {join_words(px)} in clinic.",
            f"{cap(join_words(px))} performed.",
        )
    )


def build_clinic_headed(ctx: Context) -> Letter:
    """Trust template headed 'Diagnosis: / Plan: / Outcome:' before a short narrative.

    Each trust's version keeps its own headings, field layout and wrapping (``ctx.house``).
    """
    r = ctx.rng
    h = ctx.house("clinic_headed_template")
    wrap, with_address, field_style = (
        h.choice((0, 80)),
        h.random() < 0.6,
        h.choice(("colon", "aligned")),
    )
    labels = h.choice(
        (
            ("Diagnosis:", "Plan:", "Outcome:"),
            ("Diagnoses:", "Management plan:", "Clinic outcome:"),
            ("DIAGNOSIS", "PLAN", "OUTCOME"),
            ("Diagnosis", "Plan", "Outcome of appointment"),
            ("Problem list:", "Actions:", "Disposal:"),
        )
    )
    letter = Letter(wrap=wrap)
    provider_header(ctx, letter, department=f"Department of {ctx.specialty(as_name=True)}")
    letter.blank()
    letter.line(letter_date_line(ctx))
    letter.blank()
    if with_address:
        gp_address_block(ctx, letter)
        letter.blank()
    letter.fields(
        [
            *patient_fields(ctx),
            (event_date_label(ctx), ctx.date(ctx.event_date)),
            ("Consultant:", ctx.consultant),
        ],
        style=field_style,
    )
    letter.blank()
    dx = ctx.diagnoses()
    if len(dx) > 1 and r.random() < 0.6:
        letter.heading(labels[0])
        letter.lines([f"{i}. {cap(d)}" for i, d in enumerate(dx, 1)])
    else:
        letter.fields([(labels[0], "; ".join(cap(d) for d in dx))], style="colon")
    px = ctx.procedures()
    if px:
        letter.fields(
            [(r.choice(("Procedure:", "Procedures:", "Operation:")), "; ".join(px))], style="colon"
        )
    letter.fields(
        [(labels[1], ctx.outcome_sentence()), (labels[2], _outcome_word(ctx))], style="colon"
    )
    letter.blank()
    letter.line(dear_gp(ctx))
    letter.blank()
    letter.para(
        r.choice(
            (
                f"I reviewed {ctx.salutation_name()} in the {ctx.specialty(as_name=True)} clinic on {ctx.date(ctx.event_date)}.",
                f"Thank you for referring this {ctx.age_phrase()} whom I saw on {ctx.date(ctx.event_date)}.",
            )
        )
        + " "
        + " ".join(ctx.history_sentences())
    )
    letter.para(ctx.filler(r.randrange(1, 4)))
    letter.para(_findings(ctx))
    if r.random() < 0.4:
        letter.line(ctx.results_line())
    letter.para(" ".join(s for s in (_procedure_sentence(ctx), service_sentence(ctx)) if s))
    sign_off_consultant(ctx, letter)
    return letter


def _outcome_word(ctx: Context) -> str:
    return {
        "discharged": ctx.rng.choice(("Discharged", "Discharged to GP")),
        "follow_up": ctx.rng.choice(("Follow up", "Further OPA", "Review")),
        "listed_for_procedure": ctx.rng.choice(("Added to waiting list", "Listed for surgery")),
        "investigations": ctx.rng.choice(("Investigations", "Tests requested")),
        "referred_on": ctx.rng.choice(("Referred on", "Onward referral")),
        "treated": ctx.rng.choice(("Treated in clinic", "Procedure done")),
        "other": "Other",
    }.get(ctx.outcome or "", "")


def build_clinic_narrative(ctx: Context) -> Letter:
    """'Dear Dr X, I saw this pleasant 64 year old gentleman...' prose letter, facts woven in."""
    r = ctx.rng
    letter = Letter(wrap=r.choice((0, 0, 76)))
    provider_header(ctx, letter)
    letter.blank()
    gp_address_block(ctx, letter)
    letter.blank()
    letter.line(letter_date_line(ctx))
    letter.blank()
    letter.line(dear_gp(ctx))
    letter.blank()
    letter.line(re_line(ctx))
    letter.blank()
    dx = ctx.diagnoses()
    opening = r.choice(
        (
            f"I saw this pleasant {ctx.age_phrase()} in the {ctx.specialty(as_name=True)} clinic on {ctx.date(ctx.event_date)}",
            f"Many thanks for asking me to see this {ctx.age_phrase()}, whom I met in clinic on {ctx.date(ctx.event_date)}",
            f"{ctx.salutation_name()} attended the {ctx.specialty(as_name=True)} outpatient clinic on {ctx.date(ctx.event_date)}",
        )
    )
    letter.para(
        f"{opening} with {dx[0] if dx else 'the problem you described'}."
        + (
            " "
            + r.choice(("Unfortunately", "In addition,"))
            + f" {ctx.he} also has {join_words(dx[1:])}."
            if len(dx) > 1
            else ""
        )
    )
    hist = ctx.history_sentences()
    if hist:
        letter.para(" ".join(hist))
    if r.random() < 0.4:
        letter.para(ctx.social_history())
    letter.para(ctx.filler(r.randrange(2, 5)))
    letter.para(_findings(ctx))
    letter.para(
        " ".join(
            s
            for s in (
                f"My impression is of {dx[0]}." if dx and r.random() < 0.7 else "",
                _procedure_sentence(ctx),
                ctx.outcome_sentence(),
            )
            if s
        )
    )
    if r.random() < 0.4:
        letter.para(
            f"I have explained this to {ctx.salutation_name()} and {ctx.he} is happy with the plan."
        )
    sign_off_consultant(ctx, letter)
    return letter


def build_clinic_table(ctx: Context) -> Letter:
    """'Clinic: ... Seen by: ...' table at the top, then short sections."""
    r = ctx.rng
    h = ctx.house("clinic_table_template")
    title_style, table_style = h.choice(("upper", "plain")), h.choice(("pipe", "space"))
    letter = Letter()
    letter.title(ctx.provider_name, style=title_style)
    letter.line(
        f"{ctx.specialty(as_name=True)} Outpatients" + (f", {ctx.site}" if ctx.site else "")
    )
    letter.blank()
    seen_by = (
        ctx.consultant
        if r.random() < 0.6
        else f"Dr {r.choice(('A Khan', 'B Lewis', 'C Moreau', 'D Osei'))} (Registrar) for {ctx.consultant}"
    )
    rows = [
        (
            "Clinic",
            f"{ctx.specialty(as_name=True)} - {r.choice(('New patient', 'General', 'Consultant'))}",
        ),
        ("Clinic date", ctx.date(ctx.event_date)),
        ("Seen by", seen_by),
        ("Patient", ctx.patient_name()),
        ("DOB", ctx.date(ctx.birth_date)),
        ("NHS number", ctx.nhs_text or ""),
        ("Hospital no.", ctx.hosp_no),
        ("GP", ctx.gp_name or ""),
        ("Typed", ctx.date(ctx.letter_date)),
    ]
    rows = [x for x in rows if x[1]]
    letter.table(rows, style=table_style)
    letter.blank()
    dx = ctx.diagnoses()
    letter.heading(r.choice(("Diagnosis", "Diagnoses", "Problem list")))
    letter.lines([f"- {cap(d)}" for d in dx])
    px = ctx.procedures()
    if px and ctx.outcome not in ("listed_for_procedure", "investigations"):
        letter.heading(r.choice(("Procedures", "Procedure performed")))
        letter.lines([f"- {p}" for p in px])
    letter.heading(r.choice(("History", "Summary")))
    letter.para(
        " ".join(
            (
                f"{ctx.age_phrase().capitalize()} referred with {dx[0] if dx else 'symptoms'}.",
                *ctx.history_sentences(),
            )
        )
    )
    letter.heading("Examination")
    letter.para(_findings(ctx))
    letter.heading(r.choice(("Plan", "Outcome", "Plan / outcome")))
    letter.para(ctx.outcome_sentence())
    letter.blank()
    letter.line(f"{ctx.consultant}, {ctx.specialty(as_name=True)}")
    return letter


def build_follow_up(ctx: Context) -> Letter:
    """Short follow-up review letter: 'Review: ...', 'Progress:', brief plan."""
    r = ctx.rng
    letter = Letter(wrap=r.choice((0, 72)))
    provider_header(ctx, letter)
    letter.line(letter_date_line(ctx))
    letter.blank()
    letter.line(dear_gp(ctx))
    letter.blank()
    letter.line(re_line(ctx))
    letter.line(
        f"{r.choice(('Follow-up appointment', 'Review', 'FU clinic'))}: {ctx.date(ctx.event_date)}"
    )
    dx = ctx.diagnoses()
    letter.line(f"{r.choice(('Diagnosis:', 'Dx:', 'Problem:'))} {join_words(dx)}")
    letter.blank()
    letter.para(
        r.choice(
            (
                f"I reviewed {ctx.salutation_name()} today in the {ctx.specialty(as_name=True)} follow-up clinic.",
                f"{ctx.salutation_name()} returned to the {ctx.specialty(as_name=True)} clinic for review.",
                f"Seen for FU in {ctx.specialty(as_name=True)}.",
            )
        )
        + " "
        + r.choice(
            (
                f"{cap(ctx.he)} reports some improvement.",
                "Symptoms are unchanged.",
                f"{cap(ctx.he)} is doing well.",
            )
        )
    )
    letter.para(
        " ".join(
            s for s in (_procedure_sentence(ctx), *ctx.negations(), ctx.outcome_sentence()) if s
        )
    )
    sign_off_consultant(ctx, letter)
    return letter
