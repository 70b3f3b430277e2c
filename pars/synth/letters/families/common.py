"""Pieces several families share: letterheads, patient banners, sign-offs, service cues.

Each helper draws its own variation (label wording, field order, which
optional lines appear) from the context's rng, so two families built from the
same helpers still differ from letter to letter.
"""

from __future__ import annotations

from pars.synth.letters import variants
from pars.synth.letters.context import Context
from pars.synth.letters.document import Letter

DOB_LABELS = ("DOB:", "D.O.B.", "Date of birth:", "Born:", "DoB:")
LETTER_DATE_LABELS = ("Date:", "Dated:", "Date of letter:", "Typed:", "Letter date:")


def practice_header(ctx: Context, letter: Letter) -> None:
    """The GP practice letterhead (outgoing letters)."""
    p = ctx.event.practice
    letter.line(p.name)
    letter.lines(list(p.address_lines))
    letter.line(p.postcode)
    phone = p.phone or variants.phone_number(ctx.rng)
    if ctx.rng.random() < 0.7:
        letter.line(f"{ctx.rng.choice(('Tel:', 'Tel', 'Telephone:', 'T:'))} {phone}")
    if ctx.rng.random() < 0.5:
        letter.line(f"{ctx.rng.choice(('Fax:', 'Fax', 'F:'))} {variants.phone_number(ctx.rng)}")
    if ctx.rng.random() < 0.3:
        letter.line(f"Practice code: {p.code}")


def provider_header(ctx: Context, letter: Letter, *, department: str | None = None) -> None:
    """The writing organisation's letterhead (incoming letters)."""
    letter.line(ctx.provider_name)
    if ctx.site:
        letter.line(ctx.site)
    if department:
        letter.line(department)
    if ctx.rng.random() < 0.6:
        letter.line(
            f"{ctx.rng.choice(('Secretary:', 'Tel:', 'Appointments:', 'Direct line:'))} {variants.phone_number(ctx.rng)}"
        )
    if ctx.rng.random() < 0.4:
        letter.line(f"Fax: {variants.phone_number(ctx.rng)}")


def gp_address_block(ctx: Context, letter: Letter) -> None:
    """The addressee block on a letter to the GP."""
    if ctx.gp_name:
        letter.line(ctx.gp_name)
    p = ctx.event.practice
    letter.line(p.name)
    letter.lines(list(p.address_lines[:2]))
    letter.line(p.postcode)


def nhs_field(ctx: Context) -> tuple[str, str]:
    return (ctx.nhs_label, ctx.nhs_text or "")


def dob_field(ctx: Context) -> tuple[str, str]:
    return (ctx.rng.choice(DOB_LABELS), ctx.date(ctx.birth_date))


def hosp_field(ctx: Context) -> tuple[str, str]:
    return (ctx.hosp_label, ctx.hosp_no)


def patient_fields(
    ctx: Context, *, with_address: bool | None = None, hospital: bool = True
) -> list[tuple[str, str]]:
    """A patient banner: name, DOB, NHS number, hospital number, maybe address; order varies."""
    rows = [
        (ctx.rng.choice(("Patient:", "Name:", "Patient name:", "Re:")), ctx.patient_name()),
        dob_field(ctx),
        nhs_field(ctx),
    ]
    if hospital:
        rows.append(hosp_field(ctx))
    if ctx.rng.random() < 0.4:
        rows[1], rows[2] = rows[2], rows[1]
    if ctx.direction == "incoming" and ctx.rng.random() < 0.2:
        rows.append(episode_field(ctx))
    if with_address if with_address is not None else ctx.rng.random() < 0.5:
        patient = ctx.event.patient
        rows.append(("Address:", ", ".join((*patient.address_lines, patient.postcode))))
    if ctx.rng.random() < 0.3:
        rows.append(("Tel:", ctx.event.patient.phone or variants.phone_number(ctx.rng)))
    return rows


def episode_field(ctx: Context) -> tuple[str, str]:
    """A ten-digit episode / encounter number that fails the NHS check digit (a distractor)."""
    digits = variants.invalid_ten_digits(ctx.rng)
    if ctx.rng.random() < 0.4:
        digits = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return (ctx.rng.choice(("Episode no:", "Encounter ID:", "Our ref:", "Attendance no:")), digits)


def re_line(ctx: Context) -> str:
    """A one-line 'Re:' banner: 'Re: Mrs Jane SMITH, DOB 12/03/1960, NHS No 943 476 5919'."""
    parts = [ctx.patient_name()]
    if ctx.birth_date:
        parts.append(f"{ctx.rng.choice(('DOB', 'D.O.B.', 'born'))} {ctx.date(ctx.birth_date)}")
    if ctx.nhs_text:
        parts.append(f"{ctx.nhs_label.rstrip(':')} {ctx.nhs_text}")
    if ctx.rng.random() < 0.5:
        parts.append(f"{ctx.hosp_label.rstrip(':')} {ctx.hosp_no}")
    sep = ctx.rng.choice((", ", " - ", "  "))
    return f"{ctx.rng.choice(('Re:', 'RE:', 'Re'))} {sep.join(parts)}"


def letter_date_line(ctx: Context) -> str:
    if ctx.letter_date is None:
        return ""
    if ctx.rng.random() < 0.5:
        return ctx.date(ctx.letter_date)
    return f"{ctx.rng.choice(LETTER_DATE_LABELS)} {ctx.date(ctx.letter_date)}"


def dear_gp(ctx: Context) -> str:
    if not ctx.gp_name:
        return "Dear Doctor,"
    name = ctx.gp_name
    options = (f"Dear {variants.title_of(name)} {variants.surname_of(name)},", f"Dear {name},")
    return ctx.rng.choice(options)


def sign_off_consultant(ctx: Context, letter: Letter) -> None:
    letter.line(
        ctx.rng.choice(
            (
                "Yours sincerely,",
                "Yours sincerely",
                "Kind regards,",
                "With best wishes,",
                "Yours faithfully,",
            )
        )
    )
    letter.blank()
    letter.line(ctx.consultant)
    letter.line(
        ctx.rng.choice(
            (
                "Consultant",
                "Consultant Surgeon",
                "Consultant Physician",
                "Specialty Registrar",
                "Associate Specialist",
            )
        )
        + f", {ctx.specialty(as_name=True)}"
    )
    if ctx.rng.random() < 0.5:
        letter.line(
            f"Dictated {ctx.date(ctx.letter_date)}; typed by the medical secretaries"
            if ctx.letter_date
            else "Dictated but not signed"
        )
    if ctx.rng.random() < 0.5:
        letter.line(f"cc: {ctx.patient_name()}" if ctx.rng.random() < 0.5 else "cc: Patient")
    if ctx.rng.random() < 0.15:
        letter.line(ctx.other_hospital_cc())
    if ctx.rng.random() < 0.4:
        letter.blank()
        letter.line(trust_footer(ctx))


def trust_footer(ctx: Context) -> str:
    """Boilerplate that closes many trust letters."""
    return ctx.rng.choice(
        (
            "This letter contains confidential information. If you have received it in error please "
            "telephone the sender and destroy it.",
            "This letter was sent electronically and is valid without a signature.",
            f"Please quote the hospital number on all correspondence. Appointments: {variants.phone_number(ctx.rng)}",
            "We are a smoke-free site. Patients can view their letters in the NHS App.",
        )
    )


def sign_off_gp(ctx: Context, letter: Letter) -> None:
    letter.line(
        ctx.rng.choice(
            (
                "Yours sincerely,",
                "Many thanks,",
                "Kind regards,",
                "Best wishes,",
                "Thank you for seeing this patient.",
            )
        )
    )
    letter.blank()
    if ctx.gp_name:
        letter.line(ctx.gp_name)
    letter.line(
        ctx.rng.choice(("General Practitioner", "GP", "GP Partner", "Salaried GP", "MBChB MRCGP"))
    )
    letter.line(ctx.event.practice.name)


def service_sentence(ctx: Context) -> str:
    """What kind of service the referral asks for / the letter reports, in words."""
    st = ctx.service_type
    r = ctx.rng
    if ctx.direction == "outgoing":
        if st == "outpatient":
            return r.choice(
                (
                    "Please see in your outpatient clinic.",
                    "I would be grateful for an outpatient opinion.",
                    "Request: outpatient assessment.",
                    "",
                )
            )
        if st == "diagnostic":
            return r.choice(
                (
                    "Direct access diagnostic request.",
                    "This is a request for a diagnostic test only (direct access).",
                    "Please perform the test below and report to the practice.",
                )
            )
        if st == "community":
            return r.choice(
                (
                    "Referral to the community service.",
                    "Please see in the community clinic.",
                    "Community referral.",
                )
            )
        if st == "internal":
            return r.choice(
                (
                    "Internal referral to the practice minor surgery list.",
                    "For the in-house clinic at the surgery.",
                    "Internal: please book with the practice clinician.",
                )
            )
        if st == "emergency":
            return r.choice(
                (
                    "Sent to ED today.",
                    "Emergency referral - sent in to the Emergency Department.",
                    "Please see as an emergency today.",
                )
            )
        if st == "inpatient":
            return r.choice(("Request for admission.", "Direct admission requested."))
        return ""
    if st == "emergency":  # an ED attendance, not an admission
        return r.choice(
            (
                "Seen in the Emergency Department.",
                "Emergency Department attendance.",
                "Attended A&E.",
            )
        )
    if st == "inpatient":
        if (
            ctx.event.procedures
        ):  # in the world, admissions with a procedure come off the waiting list
            return r.choice(
                (
                    "Elective admission from the waiting list.",
                    "Planned admission.",
                    "Method of admission: elective.",
                )
            )
        return r.choice(
            (
                "Admitted via the Emergency Department.",
                "Method of admission: emergency (via A&E).",
                "Emergency admission.",
            )
        )
    if st == "diagnostic":
        return r.choice(("Direct access diagnostics.", "Diagnostic service.", ""))
    if st == "community":
        return r.choice(("Community service.", "Seen in the community clinic.", ""))
    if st == "internal":
        return r.choice(("Seen in the practice clinic.", "In-house practice service.", ""))
    if st == "outpatient":
        return r.choice(("Outpatient clinic.", "", "Seen in the outpatient department."))
    return ""


def event_date_label(ctx: Context) -> str:
    dt = ctx.document_type
    r = ctx.rng
    if dt == "discharge_summary":
        if ctx.service_type == "emergency":
            return r.choice(("Date of attendance:", "Attendance date:", "Seen in ED:"))
        return r.choice(("Date of admission:", "Admitted:", "Admission date:", "Adm:"))
    if dt == "diagnostic_report":
        return r.choice(
            (
                "Date of examination:",
                "Exam date:",
                "Date of procedure:",
                "Test date:",
                "Date performed:",
            )
        )
    return r.choice(
        (
            "Clinic date:",
            "Date seen:",
            "Seen on:",
            "Date of attendance:",
            "Appointment date:",
            "Date of clinic:",
        )
    )


def join_words(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text
