"""Per-document writing context: the event's truth plus this letter's surface choices.

A ``Context`` is built once per document. It fixes the choices a real author
keeps for the whole letter (the date style, how the NHS number is laid out)
and offers the phrases families need: the diagnoses in natural words, the
urgency and outcome cues, the distractors (past history, negations). Every
truth fact a coder must find is reachable through these helpers, so families
only decide where and how to say them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from pars.synth.letters import lexicon, phrases, variants
from pars.synth.model import DocumentEvent


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(slots=True)
class Context:
    event: DocumentEvent
    rng: random.Random
    truth: dict
    date_style: str
    nhs_label: str
    nhs_text: str | None
    hosp_label: str
    hosp_no: str
    letter_date: date | None
    event_date: date | None
    birth_date: date | None
    extras: dict = field(default_factory=dict)

    # --- basic facts -------------------------------------------------------
    @property
    def document_type(self) -> str:
        return self.truth.get("document_type") or "other"

    @property
    def direction(self) -> str:
        return self.truth.get("direction") or "incoming"

    @property
    def service_type(self) -> str | None:
        return self.truth.get("service_type")

    @property
    def urgency(self) -> str | None:
        return self.truth.get("urgency")

    @property
    def outcome(self) -> str | None:
        return self.truth.get("outcome")

    @property
    def gp_name(self) -> str | None:
        return self.truth.get("clinician", self.event.gp.name if self.event.gp else None)

    @property
    def provider_name(self) -> str:
        return self.truth.get("provider_name") or self.event.provider.name

    @property
    def provider_code(self) -> str | None:
        return self.truth.get("provider_code") or self.event.provider.code

    @property
    def site(self) -> str | None:
        return self.event.provider.site

    @property
    def consultant(self) -> str:
        """Who writes (or is addressed at) the service; a plausible author when the world names none."""
        if self.event.consultant:
            return self.event.consultant
        author = self.extras.get("author")
        if author is None:  # drawn once, on first use, so the letter names one person throughout
            author = variants.fallback_author(
                self.service_type, self.event.specialty_tfc, self.gp_name, self.rng
            )
            self.extras["author"] = author
        return author

    @property
    def male(self) -> bool:
        return self.event.patient.sex == "M"

    @property
    def he(self) -> str:
        return "he" if self.male else "she"

    @property
    def him(self) -> str:
        return "him" if self.male else "her"

    @property
    def his(self) -> str:
        return "his" if self.male else "her"

    @property
    def age(self) -> int | None:
        on = self.event_date or self.letter_date
        return variants.age_on(self.birth_date, on)

    def house(self, family: str) -> random.Random:
        """Template choices of one organisation's version of a family, the same on all its letters.

        A trust's clinic template (or a practice's EMIS template) keeps its headings
        and layout from letter to letter; seeded by the writing organisation and
        the family, so two trusts' versions differ while each stays consistent.
        """
        org = (
            self.event.practice.code if self.direction == "outgoing" else (self.provider_code or "")
        )
        return random.Random(f"{org}:{self.site or ''}:{family}")

    # --- written forms -----------------------------------------------------
    def vary(self, rows: list) -> list:
        """The same fields in a slightly different order (templates differ between trusts)."""
        rows = list(rows)
        if len(rows) > 2 and self.rng.random() < 0.4:
            i = self.rng.randrange(len(rows) - 1)
            rows[i], rows[i + 1] = rows[i + 1], rows[i]
        return rows

    def date(self, value: date | None, *, style: str | None = None) -> str:
        """A date in this letter's style (a minority of dates switch style, as real letters do)."""
        if value is None:
            return ""
        if style is None:
            style = self.date_style
            if self.rng.random() < 0.15:
                style = self.rng.choice(variants.DATE_STYLES)
        return variants.format_date(value, style)

    def patient_name(self, variant: int | None = None) -> str:
        person = self.event.patient.person
        options = variants.patient_name_variants(
            person.title, person.given_name, person.family_name
        )
        if variant is None:
            variant = self.rng.randrange(len(options))
        return options[variant % len(options)]

    def salutation_name(self) -> str:
        person = self.event.patient.person
        title = person.title or ("Mr" if self.male else "Ms")
        return f"{title} {person.family_name}"

    def person_noun(self) -> str:
        age = self.age
        if age is not None and age < 16:
            return (
                self.rng.choice(("boy", "young lad"))
                if self.male
                else self.rng.choice(("girl", "young girl"))
            )
        if self.male:
            return self.rng.choice(("gentleman", "man", "gentleman", "chap"))
        return self.rng.choice(("lady", "woman", "lady"))

    def age_phrase(self) -> str:
        """'64 year old gentleman' (or without the age when the birth date is unknown)."""
        age = self.age
        noun = self.person_noun()
        if age is None:
            return noun
        return self.rng.choice(
            (f"{age} year old {noun}", f"{age}-year-old {noun}", f"{age}yo {noun}")
        )

    def specialty(self, *, as_name: bool = False) -> str:
        return lexicon.specialty_wording(
            self.event.specialty_tfc, self.event.specialty_name, self.rng, as_name=as_name
        )

    # --- clinical content --------------------------------------------------
    def diagnoses(self) -> list[str]:
        """Every truth diagnosis in natural words, main first."""
        out: list[str] = []
        conditions = self.event.diagnoses
        if conditions:
            for c in conditions:
                out.append(lexicon.diagnosis_wording(c.icd10, c.text, self.rng))
        else:
            for d in self.truth.get("diagnoses") or []:
                out.append(
                    lexicon.diagnosis_wording(d.get("icd10", ""), d.get("text", ""), self.rng)
                )
        return out

    def procedures(self) -> list[str]:
        """Every truth procedure in natural words, main first."""
        out: list[str] = []
        procs = self.event.procedures
        if procs:
            for p in procs:
                out.append(lexicon.procedure_wording(p.opcs4, p.text, self.rng))
        else:
            for p in self.truth.get("procedures") or []:
                out.append(
                    lexicon.procedure_wording(p.get("opcs4", ""), p.get("text", ""), self.rng)
                )
        return out

    def main_diagnosis(self) -> str:
        dx = self.diagnoses()
        return dx[0] if dx else ""

    def duration(self, short: bool = False) -> str:
        return self.rng.choice(phrases.DURATIONS_SHORT if short else phrases.DURATIONS)

    def history(self) -> list:
        """Past conditions that do not contradict this letter's diagnoses (no T2DM beside T1DM)."""
        dx = {c.icd10.upper()[:3] for c in self.event.diagnoses}
        if dx & {"E10", "E11"}:
            dx |= {"E10", "E11"}
        return [c for c in self.event.history if c.icd10.upper()[:3] not in dx]

    def history_items(self) -> list[str]:
        """Past / other conditions, in words (distractors, not the reason for this letter)."""
        return [lexicon.diagnosis_wording(c.icd10, c.text, self.rng) for c in self.history()]

    def history_sentences(self) -> list[str]:
        """'Previously under the cardiologists for AF.' style sentences for the history."""
        out = []
        for c in self.history():
            words = lexicon.diagnosis_wording(c.icd10, c.text, self.rng)
            team = self.rng.choice(
                phrases.HISTORY_TEAMS.get(c.icd10[:3].upper())
                or phrases.HISTORY_TEAMS.get(c.icd10[:2].upper())
                or phrases.HISTORY_TEAMS.get(c.icd10[:1].upper(), ("the hospital",))
            )
            out.append(
                self.rng.choice(
                    (
                        f"{self.he.capitalize()} was previously under {team} for {words}.",
                        f"Background of {words}.",
                        f"Known {words}, followed up by {team}.",
                        f"PMH includes {words}.",
                    )
                )
            )
        return out

    def negations(self) -> list[str]:
        """Explicitly absent findings: 'no red flags', 'denies PR bleeding', 'no evidence of ...'."""
        out = []
        truth_codes = [c.icd10.upper() for c in self.event.diagnoses]
        for c in self.event.negated:
            code = c.icd10.upper()
            if any(t[:3] == code[:3] or (t[:1] == code[:1] == "C") for t in truth_codes):
                continue  # "no evidence of malignancy" in a cancer letter would contradict the truth
            words = lexicon.diagnosis_wording(c.icd10, c.text, self.rng)
            out.append(
                self.rng.choice(
                    (
                        f"No evidence of {words}.",
                        f"Denies {words}.",
                        f"{words[:1].upper()}{words[1:]} has been excluded.",
                        f"No {words}.",
                        f"There was no sign of {words}.",
                    )
                )
            )
        if self.rng.random() < 0.5:
            codes = [c.icd10.upper() for c in self.event.diagnoses] or [
                str(d.get("icd10", "")).upper() for d in self.truth.get("diagnoses") or []
            ]
            cancer = self.urgency == "two_week_wait" or any(
                c.startswith(("C", "D0")) for c in codes
            )
            options = [
                text
                for text, avoid in phrases.GENERIC_NEGATIONS
                if not any(c.startswith(avoid) for c in codes)
                and not (cancer and "red flag" in text)
            ]
            if options:
                out.append(self.rng.choice(options))
        return out

    def notes(self) -> list[tuple[str, str]]:
        """The world's free clinical extras (medications, findings, plan) as label/value pairs."""
        out = []
        for key, value in self.event.clinical_notes.items():
            if isinstance(value, list | tuple):
                value = ", ".join(str(v) for v in value)
            if value in (None, ""):
                continue
            out.append((str(key).replace("_", " ").capitalize(), str(value)))
        return out

    def medications(self) -> str:
        meds = self.event.clinical_notes.get("medications") or self.event.clinical_notes.get("meds")
        if isinstance(meds, list | tuple):
            return ", ".join(str(m) for m in meds)
        if meds:
            return str(meds)
        return self.rng.choice(
            (
                "nil regular",
                "see attached medication list",
                "as per summary",
                "NKDA; no regular meds",
            )
        )

    def filler(self, n: int = 2) -> str:
        """Neutral clinical prose (no new conditions, dates or numbers): real letters run long."""
        picks = self.rng.sample(phrases.FILLER, min(n, len(phrases.FILLER)))
        return " ".join(
            p.format(
                he=self.he,
                He=self.he.capitalize(),
                his=self.his,
                His=self.his.capitalize(),
                him=self.him,
            )
            for p in picks
        )

    def social_history(self) -> str:
        """SH line: living situation, smoking, alcohol (more numbers that are not identifiers)."""
        r = self.rng
        home = r.choice(
            (
                "Lives with wife",
                "Lives with husband",
                "Lives alone",
                "Lives with family",
                "Care home resident",
            )
        )
        if not self.male and home == "Lives with wife":
            home = "Lives with partner"
        smoke = r.choice(
            ("never smoker", "ex-smoker (20 pack-years)", "current smoker 10/day", "non-smoker")
        )
        units = r.choice(("alcohol 4 units/week", "no alcohol", "alcohol 14 units/week"))
        return f"{r.choice(('SH:', 'Social:', 'Social history:'))} {home}, {smoke}, {units}."

    def allergies(self) -> str:
        return self.rng.choice(phrases.ALLERGIES)

    def results_line(self) -> str:
        """Recent (normal) bloods with their own date: a dated distractor beside the letter and event dates."""
        r = self.rng
        ref = self.event_date or self.letter_date
        when = f" ({self.date(ref - timedelta(days=r.randrange(5, 60)))})" if ref else ""
        values = ", ".join(
            r.sample(
                (
                    # normal ranges only: an abnormal value would imply a diagnosis the truth lacks
                    f"Hb {r.randrange(130, 160)} g/L",
                    f"eGFR {r.randrange(61, 90)}",
                    f"CRP {r.randrange(1, 5)}",
                    f"HbA1c {r.randrange(34, 42)} mmol/mol",
                    f"Na {r.randrange(135, 145)}",
                    f"K {r.randrange(36, 51) / 10}",
                ),
                3,
            )
        )
        return f"{r.choice(('Bloods', 'Recent bloods', 'Results'))}{when}: {values}."

    def other_hospital_cc(self) -> str:
        """A copy to another team or hospital (a provider-name distractor)."""
        return self.rng.choice(phrases.OTHER_HOSPITAL_CC)

    # --- cues -------------------------------------------------------------
    def urgency_label(self) -> str:
        """The urgency as a form field value."""
        u = self.urgency
        if u == "two_week_wait":
            return self.rng.choice(
                ("2WW", "Two Week Wait", "2 week wait (suspected cancer)", "Suspected cancer - 2WW")
            )
        if u == "urgent":
            return self.rng.choice(("Urgent", "URGENT", "Urgent (not 2WW)"))
        if u == "routine":
            return self.rng.choice(("Routine", "ROUTINE", "Routine"))
        return ""

    def urgency_sentence(self) -> str:
        u = self.urgency
        if u == "two_week_wait":
            return self.rng.choice(
                (
                    "I am referring under the two week wait pathway as I am concerned about possible cancer.",
                    "Please see within two weeks - suspected cancer (2WW).",
                    "This is a 2WW referral.",
                )
            )
        if u == "urgent":
            return self.rng.choice(
                (
                    "I would be grateful if you could see this patient urgently.",
                    "Please see urgently.",
                    "Urgent referral please.",
                )
            )
        if u == "routine":
            return self.rng.choice(
                (
                    "Please see routinely.",
                    "Routine referral.",
                    "I would be grateful for a routine appointment.",
                    "",
                )
            )
        return ""

    def outcome_sentence(self) -> str:
        """The outcome in the words a consultant uses (every outcome has a recognisable cue)."""
        o = self.outcome
        px = self.procedures()
        if o == "discharged":
            return self.rng.choice(
                (
                    f"I have discharged {self.him} back to your care.",
                    "Discharged to GP care; no follow-up arranged.",
                    f"We have not arranged to see {self.him} again and I have discharged {self.him} from the clinic.",
                    "Outcome: discharged. Happy to see again if things change.",
                )
            )
        if o == "follow_up":
            interval = self.rng.choice(("3 months", "6 months", "6 weeks", "12 months", "4 months"))
            short = self.rng.choice(("3/12", "6/12", "6/52", "1 yr"))
            return self.rng.choice(
                (
                    f"I will see {self.him} again in clinic in {interval}.",
                    f"FU in {short}.",
                    f"Plan r/v in clinic {short}.",
                    f"We will review {self.him} in the clinic in {interval}' time.",
                )
            )
        if o == "listed_for_procedure":
            what = _join(px) if px else "surgery"
            return self.rng.choice(
                (
                    f"I have listed {self.him} for {what}.",
                    f"{self.he.capitalize()} has been added to the waiting list for {what}; TCI to follow.",
                    f"Listed for {what}. {self.he.capitalize()} will receive a date for admission in due course.",
                    f"We discussed the risks and benefits and {self.he} wishes to proceed; I have put {self.him} on the waiting list for {what}.",
                )
            )
        if o == "investigations":
            if px:
                return self.rng.choice(
                    (
                        f"I have requested {_join(px)} and will write with the results.",
                        f"Plan: {_join(px)} requested; will review with results.",
                    )
                )
            return self.rng.choice(
                (
                    "I have arranged some further investigations and will write to you with the results.",
                    "Investigations requested; we will be in touch once they are back.",
                )
            )
        if o == "referred_on":
            team = self.rng.choice(
                (
                    "the pain team",
                    "the rheumatologists",
                    "the tertiary centre",
                    "the community physiotherapists",
                    "the vascular surgeons",
                )
            )
            return self.rng.choice(
                (f"I have referred {self.him} on to {team}.", f"Onward referral made to {team}.")
            )
        if o == "treated":
            if px and self.document_type == "discharge_summary":
                return self.rng.choice(
                    (
                        f"{px[0][:1].upper()}{_join(px)[1:]} was carried out during this admission.",
                        f"Treated with {_join(px)} during the admission.",
                    )
                )
            if px:
                return self.rng.choice(
                    (
                        f"{px[0][:1].upper()}{_join(px)[1:]} performed today without complication.",
                        f"We performed {_join(px)} in clinic today.",
                    )
                )
            if self.document_type == "discharge_summary":
                return "Treated during the admission; nothing further needed."
            return self.rng.choice(
                (
                    "We treated this in clinic today.",
                    "Treated in clinic today; nothing further needed.",
                )
            )
        if o == "other":
            return self.rng.choice(
                (
                    "Plan as discussed with the patient.",
                    "No specific plan from our side at present.",
                )
            )
        return ""
