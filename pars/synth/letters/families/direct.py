"""Families that break the usual letter shape: letters written to the patient, and raw dictation.

Both are common in NHS practice and hard for template-minded coders: a letter
addressed 'Dear Mrs Smith' names the GP only in its copy list, and an
unchecked speech-recognition transcript runs every field into lower-case
prose with spoken punctuation.
"""

from __future__ import annotations

from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter
from pars.synth.letters.families.common import (
    cap,
    join_words,
    letter_date_line,
    patient_fields,
    provider_header,
)
from pars.synth.letters.variants import FastRandom

_PLAIN_OUTCOMES = {
    "discharged": (
        "We do not need to see you again in clinic, and I have let your GP know.",
        "I have discharged you from the clinic; your GP will look after you from here.",
    ),
    "follow_up": (
        "We will see you again in the clinic in about {interval}.",
        "You will get a follow-up appointment in around {interval}.",
    ),
    "listed_for_procedure": (
        "As we agreed, I have put you on the waiting list for {what}.",
        "You are now on the waiting list for {what}; the admissions team will contact you with a date.",
    ),
    "investigations": (
        "I have asked for some further tests ({what}) and will write to you with the results.",
        "We have arranged further investigations and will be in touch with the results.",
    ),
    "referred_on": (
        "I have asked another team to see you, and they will send you an appointment.",
    ),
    "treated": (
        "We carried out {what} in the clinic today.",
        "We treated this in the clinic today.",
    ),
    "other": ("We will keep things as they are for now.",),
}


def build_patient_letter(ctx: Context) -> Letter:
    """Clinic letter written to the patient ('Dear Mrs Smith'), GP in the copy list (NHS 'write to patients')."""
    r = ctx.rng
    letter = Letter(wrap=r.choice((0, 78)))
    provider_header(ctx, letter, department=f"{ctx.specialty(as_name=True)} Department")
    letter.blank()
    letter.line(letter_date_line(ctx))
    letter.blank()
    patient = ctx.event.patient
    letter.line(ctx.patient_name(3))
    letter.lines(list(patient.address_lines))
    letter.line(patient.postcode)
    letter.blank()
    letter.fields(patient_fields(ctx, with_address=False), style=r.choice(("colon", "aligned")))
    letter.blank()
    letter.line(f"Dear {ctx.salutation_name()},")
    letter.blank()
    dx = ctx.diagnoses()
    px = ctx.procedures()
    letter.para(
        r.choice(
            (
                f"Thank you for coming to see me in the {ctx.specialty(as_name=True)} clinic on {ctx.date(ctx.event_date)}.",
                f"It was good to meet you in clinic on {ctx.date(ctx.event_date)}.",
            )
        )
        + " "
        + r.choice(
            (
                f"We talked about your {dx[0] if dx else 'symptoms'}.",
                f"I think your symptoms are caused by {dx[0] if dx else 'a minor problem'}.",
            )
        )
        + (f" We also discussed your {join_words(dx[1:])}." if len(dx) > 1 else "")
    )
    letter.fields([("Diagnosis", "; ".join(cap(d) for d in dx))], style="colon")
    if px:
        letter.fields([(r.choice(("Procedure", "Treatment")), "; ".join(px))], style="colon")
    negs = ctx.negations()
    if negs:
        letter.para(r.choice(("Reassuringly:", "The good news:")) + " " + " ".join(negs))
    template = r.choice(_PLAIN_OUTCOMES.get(ctx.outcome or "", ("",)))
    interval = r.choice(("3 months", "6 months", "6 weeks", "a year"))
    letter.para(template.format(interval=interval, what=join_words(px) if px else "the procedure"))
    letter.line(r.choice(("Yours sincerely,", "With best wishes,")))
    letter.blank()
    letter.line(ctx.consultant)
    letter.line(f"Consultant, {ctx.specialty(as_name=True)}")
    letter.blank()
    gp = ctx.gp_name or "your GP"
    letter.line(
        f"cc: {gp}, {ctx.event.practice.name}" if r.random() < 0.7 else f"Copy to: {gp} (GP)"
    )
    return letter


_SPOKEN = ((". ", " full stop "), (": ", " colon "))


def _speak(text: str, rng: FastRandom) -> str:
    """Unchecked speech recognition: sometimes the punctuation is spelled out, casing lost."""
    if rng.random() < 0.4:
        for mark, word in _SPOKEN:
            if rng.random() < 0.5:
                text = text.replace(mark, word)
    return text.lower() if rng.random() < 0.3 else text


def build_dictation(ctx: Context) -> Letter:
    """Raw digital-dictation transcript ('Dictated but not checked'): fields run into prose."""
    r = ctx.rng
    letter = Letter(wrap=r.choice((0, 100)))
    letter.line(
        r.choice(
            (
                "DICTATED BUT NOT CHECKED",
                "Transcribed by speech recognition - not proof-read",
                "DRAFT - dictated",
            )
        )
    )
    letter.line(f"{ctx.provider_name}, {ctx.specialty(as_name=True)}")
    letter.line(letter_date_line(ctx))
    if ctx.gp_name:
        letter.line(f"{r.choice(('For:', 'To:', 'GP:'))} {ctx.gp_name}")
    letter.blank()
    dx = ctx.diagnoses()
    px = ctx.procedures()
    bits = []
    if ctx.gp_name:
        kind = "discharge letter" if ctx.document_type == "discharge_summary" else "letter"
        bits.append(f"{kind} to {ctx.gp_name} at {ctx.event.practice.name}")
    who = f"re {ctx.patient_name(2)}"
    if ctx.birth_date:
        who += f" date of birth {ctx.date(ctx.birth_date)}"
    if ctx.nhs_text:
        who += f" NHS number {ctx.nhs_text}"
    bits.append(who)
    if ctx.document_type == "discharge_summary" and ctx.service_type == "emergency":
        bits.append(f"seen in the emergency department {ctx.date(ctx.event_date)}")
    elif ctx.document_type == "discharge_summary":
        bits.append(f"admitted {ctx.date(ctx.event_date)}")
    else:
        bits.append(f"seen in clinic {ctx.date(ctx.event_date)}")
    bits.append(f"diagnosis {join_words(dx)}" if dx else "diagnosis to follow")
    if px:
        bits.append(f"procedure {join_words(px)}")
    letter.para(_speak(". ".join(bits) + ".", r))
    history = " ".join((*ctx.history_sentences(), *ctx.negations()))
    if history:
        letter.para(_speak(history, r))
    letter.para(_speak(ctx.outcome_sentence(), r))
    letter.para(
        _speak(f"{ctx.consultant} {ctx.specialty(as_name=True)}. ends.", r)
        if r.random() < 0.5
        else ctx.consultant
    )
    return letter
