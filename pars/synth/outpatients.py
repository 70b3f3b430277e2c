"""Outpatient pathways: first appointment, outcome, follow-ups and procedures.

A mixin of ``Simulator`` (pars/synth/simulate.py). Waits, DNAs, outcomes,
return:new ratios and conversion follow domain.md §5-6 (docs/synthetic-data.md);
consultant-to-consultant referrals start new pathways here.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pars.synth import catalogue as cat
from pars.synth.model import Condition, Patient, Procedure
from pars.synth.records import Appointment, Pathway, Spell

if TYPE_CHECKING:
    from pars.synth.simulate import Simulator


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method; the world's rates per patient are small."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit = math.exp(-lam)
    k, product = 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def days(n: float) -> timedelta:
    return timedelta(days=max(0, round(n)))


class OutpatientPathways:
    def wait_for_first(self: Simulator, urgency: str) -> int:
        rng = self.rng
        if urgency == "two_week_wait":
            return rng.randint(5, 14)
        if urgency == "urgent":
            return rng.randint(14, 56)
        # Routine: a long-tailed wait (mean about 11 weeks); about one in eight after 18 weeks.
        return round(rng.gammavariate(2.2, 32)) + 7

    def outpatient_pathway(
        self: Simulator,
        pathway: Pathway,
        spec: cat.Specialty,
        pres: cat.Presentation,
        tfc: str,
        received: date,
        urgency: str,
        source: str,
        *,
        letters: bool = True,
        allow_onward: bool = True,
    ) -> None:
        """First appointment (with DNAs and rebooking), outcome, follow-ups and procedure."""
        c, rng = self.config, self.rng
        priority = {"two_week_wait": "3", "urgent": "2"}.get(urgency, "1")
        surgical = spec.kind == "surgical"
        provider_code = pathway.provider.code
        day = received + timedelta(days=self.wait_for_first(urgency))
        consultant = self.consultant(provider_code, tfc, surgical)

        def book(
            when: date, first: bool, procedure: Procedure | None = None, setting: str | None = None
        ) -> Appointment | None:
            if when > self.end:
                pathway.open = True
                return None
            roll = rng.random()
            dna = c.first_dna_rate if first else c.follow_up_dna_rate
            if procedure is not None:
                attended = "5"
            elif roll < dna:
                attended = "3"
            elif roll < dna + c.cancellation_rate:
                attended = rng.choice("24")
            else:
                attended = "6" if rng.random() < 0.03 else "5"
            appointment = Appointment(
                pathway, provider_code, tfc, when, first,
                procedure is None and rng.random() < c.telephone_share,
                attended, source, priority, received, procedure, setting,
            )  # fmt: skip
            pathway.appointments.append(appointment)
            return appointment

        # First appointment, rebooked after cancellations and (usually) after a DNA.
        attempts = 0
        while True:
            first = book(day, True)
            if first is None:
                return
            if first.attended_ok:
                break
            attempts += 1
            if first.attended == "3":
                discharged = rng.random() < 0.3 or attempts > 2
                # Most trusts tell the GP about a missed first appointment.
                if letters and (discharged or rng.random() < 0.5):
                    doc = self.letter(
                        pathway, "clinic_letter", day, "outpatient",
                        outcome="discharged" if discharged else "other",
                        diagnoses=[pres.reason], consultant=consultant, tfc=tfc,
                    )  # fmt: skip
                    if doc is not None:
                        doc.notes["attendance"] = "did not attend the appointment"
                if discharged:
                    return
            day = day + timedelta(days=rng.randint(14, 42))

        cancer = (
            urgency == "two_week_wait" and pres.cancer is not None and rng.random() < c.cancer_rate
        )
        diagnosis = pres.cancer if cancer else pres.diagnosis
        options = [o for o in pres.procedures if self.priced_setting(o, o.setting)]
        roll = rng.random()
        if options and (cancer or roll < spec.conversion):
            outcome = "listed_for_procedure"
        elif cancer:
            outcome = "referred_on"
        elif roll < spec.conversion + 0.32:
            outcome = "discharged"
        elif roll < spec.conversion + 0.35:
            outcome = "referred_on"
        elif roll < spec.conversion + 0.47:
            outcome = "investigations"
        else:
            outcome = "follow_up"
        if letters:
            self.letter(pathway, "clinic_letter", day, "outpatient", outcome=outcome,
                        diagnoses=[diagnosis], consultant=consultant, tfc=tfc)  # fmt: skip
        # A consultant refers on to another specialty in the same trust (source 05).
        if allow_onward and source == "03" and rng.random() < c.consultant_to_consultant_rate:
            self.consultant_referral(pathway.patient, provider_code, day, exclude=spec.tfc)
        if outcome == "listed_for_procedure":
            self.procedure(pathway, rng.choice(options), diagnosis, day, tfc, consultant,
                           urgent=cancer or urgency != "routine", surgical=surgical, letters=letters)  # fmt: skip
            return
        if outcome in ("discharged", "referred_on"):
            return
        # Follow-ups: enough, on average, to give the specialty's return:new ratio.
        share = max(0.2, 1 - spec.conversion - 0.35)
        mean = max(1.0, spec.return_ratio / share)
        count = 1 + poisson(rng, 1.3 * mean - 1)  # x1.3: many follow-up trains outlast the period
        interval = min(90.0, 365 / (mean + 1))
        for index in range(min(count, 14)):
            day = day + days(interval * rng.uniform(0.6, 1.4))
            appointment = book(day, False)
            if appointment is None:
                return
            if not appointment.attended_ok:
                continue
            last = index == min(count, 14) - 1
            listed = last and bool(options) and rng.random() < spec.conversion / 2
            outcome = ("listed_for_procedure" if listed else "discharged") if last else "follow_up"
            if letters:
                self.letter(pathway, "clinic_letter", day, "outpatient", outcome=outcome,
                            diagnoses=[diagnosis], consultant=consultant, tfc=tfc)  # fmt: skip
            if listed:
                self.procedure(pathway, rng.choice(options), diagnosis, day, tfc, consultant,
                               urgent=False, surgical=surgical, letters=letters)  # fmt: skip

    def procedure(
        self: Simulator,
        pathway: Pathway,
        option: cat.ProcedureOption,
        diagnosis: Condition,
        decided: date,
        tfc: str,
        consultant: str,
        *,
        urgent: bool,
        surgical: bool,
        letters: bool,
    ) -> None:
        c, rng = self.config, self.rng
        wait = rng.randint(14, 31) if urgent else round(rng.gammavariate(2.0, 35)) + 7
        day = decided + timedelta(days=wait)
        if day > self.end:
            pathway.open = True
            return
        wanted = option.setting
        if wanted == cat.DAY_CASE and rng.random() > c.day_case_share:
            wanted = cat.ELECTIVE
        setting = self.priced_setting(option, wanted) or self.priced_setting(option, option.setting)
        if setting is None:
            return
        procedure = option.procedure
        if setting == cat.OUTPATIENT_PROCEDURE:
            pathway.appointments.append(
                Appointment(pathway, pathway.provider.code, tfc, day, False, False, "5", "03" if pathway.kind == "gp_referral" else pathway.appointments[0].referral_source if pathway.appointments else "03",
                            pathway.appointments[0].priority if pathway.appointments else "1",
                            pathway.appointments[0].received if pathway.appointments else decided, procedure, setting)
            )  # fmt: skip
            if letters:
                self.letter(pathway, "clinic_letter", day, "outpatient", outcome="treated",
                            diagnoses=[diagnosis], procedures=[procedure], consultant=consultant, tfc=tfc)  # fmt: skip
            return
        los = 0 if setting == cat.DAY_CASE else max(1, option.length_of_stay + rng.randint(-1, 2))
        discharge = day + timedelta(days=los)
        if discharge > self.end:
            pathway.open = True
            return
        spell = Spell(
            pathway, pathway.provider.code, tfc, day, discharge,
            "12" if rng.random() < 0.2 else "11",
            "2" if setting == cat.DAY_CASE else "1",
            setting, diagnosis, procedure,
        )  # fmt: skip
        pathway.spells.append(spell)
        if letters:
            self.letter(pathway, "discharge_summary", day, "inpatient", outcome="treated",
                        diagnoses=[diagnosis], procedures=[procedure], consultant=consultant,
                        tfc=tfc, delay=(los, los + 3))  # fmt: skip
        if surgical and rng.random() < 0.5:
            review = discharge + timedelta(days=rng.randint(35, 70))
            if review <= self.end:
                source = pathway.appointments[0].referral_source if pathway.appointments else "03"
                appointment = Appointment(pathway, pathway.provider.code, tfc, review, False,
                                          rng.random() < c.telephone_share, "5", source,
                                          "1", pathway.appointments[0].received if pathway.appointments else decided)  # fmt: skip
                pathway.appointments.append(appointment)
                if letters:
                    self.letter(pathway, "clinic_letter", review, "outpatient", outcome="discharged",
                                diagnoses=[diagnosis], procedures=[procedure], consultant=consultant, tfc=tfc)  # fmt: skip

    def consultant_referral(
        self: Simulator, patient: Patient, provider_code: str, day: date, exclude: str
    ) -> None:
        chosen = self.choose_presentation(patient, day)
        if chosen is None or chosen[0].tfc == exclude:
            return
        spec, pres = chosen
        pathway = self.new_pathway(
            "consultant_referral", patient, self.provider(provider_code), spec.tfc, day
        )
        self.outpatient_pathway(
            pathway, spec, pres, spec.tfc, day, "routine", "05", allow_onward=False
        )
