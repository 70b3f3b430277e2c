"""Outgoing referral families: e-RS, narrative GP letters, proformas, EMIS- and SystmOne-like templates.

Each builder writes every truth fact of a referral (patient identity, letter
date, referring GP, destination service and provider, reason, urgency) in its
own layout, and adds the distractors real referrals carry.
"""

from __future__ import annotations

from pars.synth.letters import variants
from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter
from pars.synth.letters.families.common import (
    cap,
    dob_field,
    join_words,
    letter_date_line,
    nhs_field,
    patient_fields,
    practice_header,
    re_line,
    service_sentence,
    sign_off_gp,
)
from pars.synth.letters.families.criteria import TWO_WEEK_WAIT_CRITERIA


def _presenting(ctx: Context) -> str:
    dx = ctx.diagnoses()
    main = dx[0] if dx else "the problem below"
    r = ctx.rng
    text = r.choice(
        (
            f"I would be grateful if you could see this {ctx.age_phrase()} with a {ctx.duration()} history of {main}.",
            f"Thank you for seeing this {ctx.age_phrase()} who presents with {main}.",
            f"Many thanks for seeing {ctx.salutation_name()}, a {ctx.age_phrase()}, c/o {main} ({ctx.duration(short=True)} Hx).",
            f"I would value your opinion on this {ctx.age_phrase()} with {main}.",
        )
    )
    if len(dx) > 1:
        text += f" {cap(ctx.he)} also has {join_words(dx[1:])}, which I would be grateful if you could address."
    px = ctx.procedures()
    if px:
        text += " " + r.choice(
            (
                f"I think {ctx.he} may benefit from {px[0]}.",
                f"Requesting {join_words(px)}.",
                f"? suitable for {px[0]}.",
            )
        )
    return text


def _examination(ctx: Context) -> str:
    r = ctx.rng
    bp = f"BP {r.randrange(110, 145)}/{r.randrange(65, 89)}"
    return r.choice(
        (
            f"O/E: {bp}, pulse {r.randrange(58, 98)} regular. Findings consistent with the above.",
            f"On examination {ctx.he} was comfortable; {bp}.",
            f"O/E {bp}, BMI {r.randrange(21, 29)}. Otherwise unremarkable.",
        )
    )


def build_gp_narrative(ctx: Context) -> Letter:
    """Narrative GP letter: letterhead, 'Dear Dr/Colleague', free prose, PMH and meds lists."""
    r = ctx.rng
    letter = Letter(wrap=r.choice((0, 0, 78, 90)))
    practice_header(ctx, letter)
    letter.blank()
    letter.line(letter_date_line(ctx))
    letter.blank()
    letter.line(
        r.choice(("The Consultant", "The Consultant", "To the consultant"))
        + f", {ctx.specialty(as_name=True)}"
    )
    letter.line(ctx.provider_name)
    if ctx.site:
        letter.line(ctx.site)
    letter.blank()
    if ctx.event.consultant and r.random() < 0.5:
        letter.line(f"Dear {ctx.event.consultant},")
    else:
        letter.line(r.choice(("Dear Colleague,", "Dear Doctor,", "Dear Sir/Madam,")))
    letter.blank()
    letter.line(re_line(ctx))
    if ctx.urgency and r.random() < 0.6:
        letter.line(ctx.urgency_label().upper())
    letter.blank()
    letter.para(_presenting(ctx) + " " + ctx.filler(r.randrange(1, 4)))
    letter.para(" ".join(s for s in (*ctx.negations(), _examination(ctx)) if s))
    hist = ctx.history_sentences()
    if hist:
        letter.para(" ".join(hist))
    ask = r.choice(
        (
            "",
            f"I would be grateful if {ctx.specialty()} could see {ctx.him}.",
            f"Referral to {ctx.specialty()}.",
        )
    )
    letter.para(" ".join(s for s in (ask, ctx.urgency_sentence(), service_sentence(ctx)) if s))
    if r.random() < 0.7:
        letter.line(
            f"{r.choice(('Current medication:', 'Meds:', 'Repeat medication:'))} {ctx.medications()}"
        )
        letter.line(ctx.allergies())
        letter.blank()
    if r.random() < 0.5:
        letter.para(ctx.social_history())
    sign_off_gp(ctx, letter)
    return letter


def build_ers_structured(ctx: Context) -> Letter:
    """e-Referral Service structured referral: UBRN, service, priority, then the clinical letter."""
    r = ctx.rng
    letter = Letter()
    letter.title(
        "NHS e-Referral Service - Referral Letter", style=r.choice(("plain", "upper", "underline"))
    )
    ubrn = "".join(r.choice("0123456789") for _ in range(12))
    letter.fields(
        [
            ("UBRN:", f"{ubrn[:4]} {ubrn[4:8]} {ubrn[8:]}"),
            ("Priority:", ctx.urgency_label()),
            ("Specialty:", ctx.specialty(as_name=True)),
            (
                "Clinic type:",
                r.choice(("Not otherwise specified", "General", ctx.event.specialty_name)),
            ),
            ("Service:", f"{ctx.specialty(as_name=True)} - {ctx.site or ctx.provider_name}"),
            (
                "Organisation:",
                f"{ctx.provider_name}"
                + (f" ({ctx.provider_code})" if ctx.provider_code and r.random() < 0.7 else ""),
            ),
            ("Referral created:", ctx.date(ctx.letter_date)),
        ],
        style=r.choice(("colon", "aligned")),
    )
    letter.blank()
    letter.heading("Patient details")
    letter.fields(
        [
            ("Name:", ctx.patient_name(r.choice((0, 1)))),
            dob_field(ctx),
            nhs_field(ctx),
            ("Gender:", "Male" if ctx.male else "Female"),
        ],
        style="aligned",
    )
    letter.blank()
    letter.heading("Referrer details")
    letter.fields(
        [
            ("Referring clinician:", ctx.gp_name or ""),
            ("Organisation:", f"{ctx.event.practice.name} ({ctx.event.practice.code})"),
            ("Telephone:", ctx.event.practice.phone or variants.phone_number(r)),
        ],
        style="aligned",
    )
    letter.blank()
    letter.heading(r.choice(("Clinical information", "Reason for referral", "Referral letter")))
    letter.para(_presenting(ctx))
    letter.para(" ".join(s for s in (*ctx.negations(), _examination(ctx)) if s))
    items = ctx.history_items()
    if items:
        letter.line(f"PMH: {', '.join(items)}")
    letter.line(f"Medication: {ctx.medications()}")
    letter.line(ctx.allergies())
    if r.random() < 0.4:
        letter.line(ctx.results_line())
    letter.para(ctx.urgency_sentence())
    letter.blank()
    letter.line(f"Referred by {ctx.gp_name}" if ctx.gp_name else "Referred by the practice")
    return letter


def build_proforma(ctx: Context) -> Letter:
    """Referral proforma with tick boxes ('[X] Yes'), e.g. a 2WW suspected cancer form per site."""
    r = ctx.rng
    letter = Letter()
    # each practice's form prints its boxes one way
    tick, blank = ctx.house("proforma_referral").choice(
        (("[X]", "[ ]"), ("[x]", "[ ]"), ("(X)", "( )"), ("Yes", "No"))
    )
    site_name = ctx.event.specialty_name
    if ctx.urgency == "two_week_wait":
        letter.title(
            f"Suspected Cancer Referral (2WW) - {site_name}", style=r.choice(("upper", "plain"))
        )
    else:
        letter.title(f"{site_name} Referral Form", style=r.choice(("upper", "plain")))
    letter.line(
        f"To: {ctx.provider_name}"
        + (f" [{ctx.provider_code}]" if ctx.provider_code and r.random() < 0.5 else "")
    )
    letter.line(
        f"{r.choice(('Date of referral:', 'Date of decision to refer:', 'Date:'))} {ctx.date(ctx.letter_date)}"
    )
    letter.blank()
    letter.heading("PATIENT DETAILS")
    letter.fields(
        patient_fields(ctx, with_address=True, hospital=False), style=r.choice(("colon", "aligned"))
    )
    letter.blank()
    letter.heading("REFERRER")
    letter.fields(
        [
            ("GP name:", ctx.gp_name or ""),
            ("Practice:", ctx.event.practice.name),
            ("Practice code:", ctx.event.practice.code),
        ],
        style="colon",
    )
    letter.blank()
    letter.heading("PRIORITY")
    u = ctx.urgency
    letter.lines(
        [
            f"{tick if u == 'two_week_wait' else blank} Two week wait (suspected cancer)",
            f"{tick if u == 'urgent' else blank} Urgent",
            f"{tick if u == 'routine' else blank} Routine",
        ]
    )
    letter.blank()
    criteria = TWO_WEEK_WAIT_CRITERIA.get(ctx.event.specialty_tfc or "", ())
    codes = [c.icd10.upper() for c in ctx.event.diagnoses]
    if u == "two_week_wait" and criteria:
        # the site's NICE NG12-style criteria: only the one matching the reason is ticked;
        # the unticked ones name conditions the patient is NOT being referred for
        letter.heading(
            r.choice(("REFERRAL CRITERIA (tick all that apply)", "SUSPECTED CANCER CRITERIA"))
        )
        for text, prefixes in criteria:
            hit = bool(codes) and codes[0].startswith(prefixes)
            letter.line(f"{tick if hit else blank} {text}")
        letter.blank()
    letter.heading("REASON FOR REFERRAL / SYMPTOMS")
    dx = ctx.diagnoses()
    for i, d in enumerate(dx):
        letter.line(f"{tick} {cap(d)}" + (" (main reason)" if i == 0 and len(dx) > 1 else ""))
    px = ctx.procedures()
    if px:
        letter.line(f"Requested: {join_words(px)}")
    letter.blank()
    letter.heading("HISTORY")
    letter.para(" ".join((_presenting(ctx), *ctx.history_sentences(), *ctx.negations())))
    letter.fields(
        [
            ("WHO performance status:", str(r.randrange(0, 3))),
            ("Anticoagulants:", r.choice(("Yes", "No"))),
        ],
        style="colon",
    )
    letter.blank()
    letter.line(
        f"Patient informed of possible cancer referral: {tick if tick == 'Yes' else tick + ' Yes'}"
        if u == "two_week_wait"
        else f"Patient aware of referral: {tick if tick == 'Yes' else tick + ' Yes'}"
    )
    letter.line(f"Signed: {ctx.gp_name}" if ctx.gp_name else "Signed: (GP)")
    return letter


def build_emis(ctx: Context) -> Letter:
    """EMIS-like templated referral: merge-field banner, then consultations, problems, medication."""
    r = ctx.rng
    banner_style = ctx.house("emis_templated_referral").choice(("tab", "tab", "aligned"))
    letter = Letter()
    practice_header(ctx, letter)
    letter.rule()
    letter.fields(
        [
            ("Date", ctx.date(ctx.letter_date)),
            ("To", f"{ctx.specialty(as_name=True)} Department"),
            ("", ""),
            ("Hospital", ctx.provider_name),
            ("Urgency", ctx.urgency_label()),
        ],
        style=banner_style,
    )
    letter.rule()
    letter.fields(
        [
            ("Patient", ctx.patient_name(1)),
            ("Date of Birth", ctx.date(ctx.birth_date)),
            ("NHS Number", ctx.nhs_text or ""),
            ("Address", ", ".join((*ctx.event.patient.address_lines, ctx.event.patient.postcode))),
            ("Home Tel", ctx.event.patient.phone or variants.phone_number(r)),
            ("Usual GP", ctx.gp_name or ""),
        ],
        style=banner_style,
    )
    letter.rule()
    letter.blank()
    letter.line(r.choice(("Dear Doctor", "Dear Colleague")))
    letter.blank()
    letter.para(_presenting(ctx))
    letter.para(
        " ".join(
            (*ctx.negations(), _examination(ctx), ctx.urgency_sentence(), service_sentence(ctx))
        ).strip()
    )
    letter.heading("Active Problems")
    dx = ctx.diagnoses()
    when = ctx.letter_date
    letter.table(
        [(ctx.date(when, style="dmy_slash") if when else "", cap(d)) for d in dx], style="space"
    )
    items = ctx.history_items()
    if items:
        letter.heading("Past Problems")
        letter.table([(str(r.randrange(1995, 2022)), cap(h)) for h in items], style="space")
    letter.heading("Repeat Medication")
    letter.line(ctx.medications())
    letter.heading("Allergies")
    letter.line(ctx.allergies())
    if r.random() < 0.6:
        letter.heading("Recent Results")
        letter.line(ctx.results_line())
    letter.blank()
    letter.line(f"Yours sincerely\n\n{ctx.gp_name or ''}")
    letter.line(r.choice(("Generated from EMIS Web", "Letter produced by EMIS Web", "")))
    return letter


def build_systmone(ctx: Context) -> Letter:
    """SystmOne-like referral: 'Referral letter' with dashed banner and coded-entry style lines."""
    r = ctx.rng
    letter = Letter()
    letter.title(ctx.event.practice.name, style="upper")
    letter.line(", ".join((*ctx.event.practice.address_lines, ctx.event.practice.postcode)))
    letter.line(
        f"Tel {ctx.event.practice.phone or variants.phone_number(r)}   ODS {ctx.event.practice.code}"
    )
    letter.rule()
    letter.fields(
        [
            ("Name", f"{ctx.patient_name(r.choice((0, 4)))}"),
            ("D.O.B.", ctx.date(ctx.birth_date)),
            ("NHS No.", ctx.nhs_text or ""),
            ("Sex", "M" if ctx.male else "F"),
        ],
        style="dash",
    )
    letter.rule()
    letter.line(f"Referral to: {ctx.specialty(as_name=True)} at {ctx.provider_name}")
    letter.line(f"Referral date: {ctx.date(ctx.letter_date)}")
    letter.line(f"Referral priority: {ctx.urgency_label()}")
    letter.line(f"Referrer: {ctx.gp_name or ''}")
    letter.blank()
    dx = ctx.diagnoses()
    when = ctx.date(ctx.letter_date, style="d_mon_y") if ctx.letter_date else ""
    letter.heading("Reason for referral")
    for d in dx:
        letter.line(f"{when}  {cap(d)} (XaXXX)" if r.random() < 0.2 else f"{when}  {cap(d)}")
    letter.blank()
    letter.heading("History")
    letter.para(" ".join((_presenting(ctx), *ctx.negations())))
    letter.para(_examination(ctx))
    hist = ctx.history_items()
    if hist:
        letter.heading("Significant past history")
        letter.lines([f"- {h}" for h in hist])
    letter.heading("Medication")
    letter.line(ctx.medications())
    if r.random() < 0.5:
        letter.line(ctx.results_line())
    letter.blank()
    letter.para(" ".join(s for s in (ctx.urgency_sentence(), service_sentence(ctx)) if s))
    letter.line(f"{ctx.gp_name or ''}, {ctx.event.practice.name}")
    return letter


def build_imaging_request(ctx: Context) -> Letter:
    """Direct-access imaging / diagnostic request form."""
    r = ctx.rng
    letter = Letter()
    letter.title(
        r.choice(("Radiology Request Form", "Direct Access Imaging Request", "Diagnostic Request")),
        style="upper",
    )
    letter.fields(
        [
            ("To:", f"{ctx.specialty(as_name=True)}, {ctx.provider_name}"),
            ("Requested:", ctx.date(ctx.letter_date)),
            ("Urgency:", ctx.urgency_label()),
        ],
        style="aligned",
    )
    letter.blank()
    letter.fields([*patient_fields(ctx, hospital=False)], style="aligned")
    letter.blank()
    px = ctx.procedures()
    letter.fields(
        [
            ("Examination requested:", join_words(px) if px else "as clinically indicated"),
            (
                "Clinical details:",
                f"{ctx.duration()} history of {ctx.main_diagnosis()}. " + " ".join(ctx.negations()),
            ),
            ("Question to answer:", f"? {ctx.main_diagnosis()}"),
            ("Other diagnoses:", join_words(ctx.diagnoses()[1:])),
            ("Pregnancy:", "N/A" if ctx.male else r.choice(("Not pregnant", "LMP 2/52 ago"))),
        ],
        style=r.choice(("colon", "aligned")),
    )
    letter.blank()
    letter.line(service_sentence(ctx) or "Direct access request from primary care.")
    letter.line(
        f"Requesting clinician: {ctx.gp_name or ''} ({ctx.event.practice.name}, {ctx.event.practice.code})"
    )
    letter.line(f"Bleep/Tel: {variants.phone_number(r)}")
    return letter


def build_internal_task(ctx: Context) -> Letter:
    """In-practice referral / task to a practice clinic (minor surgery, nurse clinic)."""
    r = ctx.rng
    letter = Letter()
    letter.title(
        r.choice(
            ("Internal referral", "TASK: Internal referral", "Practice clinic booking request")
        ),
        style="plain",
    )
    letter.fields(
        [
            ("From:", ctx.gp_name or "Duty doctor"),
            ("To:", f"{ctx.event.specialty_name or 'Practice clinic'} ({ctx.provider_name})"),
            ("Date:", ctx.date(ctx.letter_date)),
            ("Priority:", ctx.urgency_label()),
        ],
        style=r.choice(("colon", "aligned")),
    )
    letter.fields(
        [
            (ctx.rng.choice(("Patient:", "Pt:")), ctx.patient_name()),
            (ctx.rng.choice(("DOB:", "D.O.B.")), ctx.date(ctx.birth_date)),
            (ctx.nhs_label, ctx.nhs_text or ""),
        ],
        style="colon",
    )
    letter.blank()
    dx = ctx.diagnoses()
    px = ctx.procedures()
    body = r.choice(
        (
            f"Please book for {join_words(px)} - {dx[0] if dx else ''}.",
            f"{cap(dx[0]) if dx else 'Problem'} - for {join_words(px)} in the practice clinic please.",
            f"Pt c/o {dx[0] if dx else 'problem'}; suitable for {join_words(px)} in house.",
        )
        if px
        else (
            f"Please book with {ctx.event.specialty_name or 'the practice nurse'} for {dx[0] if dx else 'review'}.",
            f"{cap(dx[0]) if dx else 'Review'} - nurse appointment please.",
        )
    )
    letter.para(" ".join(s for s in (body, service_sentence(ctx), *ctx.negations()) if s))
    if r.random() < 0.5:
        letter.line(f"Meds: {ctx.medications()}")
    return letter
