"""The event simulation: who is referred where, when they are seen, what is done.

For every registered patient the simulator draws, from Poisson rates by age
and sex (domain.md §6), the pathways that start in the period: GP referrals to
outpatients, direct-access imaging, community therapy, internal practice
clinics and emergency attendances (some admitted). Each pathway then runs
through realistic waits, DNAs, outcomes, follow-ups (return:new ratios by
specialty) and procedures (conversion by specialty, day case or elective)
until it closes or the period ends (then it stays open: its referral is an
accrual). Consultant-to-consultant and after-A&E referrals start pathways
with no practice referral. Everything is drawn from one seeded generator in a
fixed order, so a seed gives the same world every time.
"""

from __future__ import annotations

import bisect
import math
import random
from datetime import date, timedelta
from itertools import accumulate

from pars.synth import catalogue as cat
from pars.synth.config import WorldConfig
from pars.synth.model import Clinician, Condition, Patient, Practice, Procedure, Provider
from pars.synth.population import AGE_BANDS, PracticeWorld, StaffMember, age_band, age_on
from pars.synth.pricing import Pricer, can_price_spell
from pars.synth.records import Appointment, DocPlan, Pathway, Spell

# GP first outpatient referrals per 1,000 registered patients per year, by sex and age band.
# Shaped like English referral rates (rising with age, women of working age higher) and
# scaled so an English age/sex mix gives about 235 per 1,000 (domain.md §6: 220-250).
REFERRAL_RATE: dict[tuple[str, str], float] = {
    ("M", "0-4"): 130, ("F", "0-4"): 110, ("M", "5-14"): 90, ("F", "5-14"): 90,
    ("M", "15-44"): 125, ("F", "15-44"): 235, ("M", "45-64"): 245, ("F", "45-64"): 295,
    ("M", "65-74"): 385, ("F", "65-74"): 375, ("M", "75-84"): 465, ("F", "75-84"): 435,
    ("M", "85+"): 415, ("F", "85+"): 375,
}  # fmt: skip
# Emergency attendances relative to the average, by age band (young children and the old attend most).
EMERGENCY_AGE_FACTOR = {
    "0-4": 1.6, "5-14": 0.8, "15-44": 0.9, "45-64": 0.8, "65-74": 1.0, "75-84": 1.6, "85+": 2.4
}  # fmt: skip
EMERGENCY_AGES = {"S72.0": (65, 120), "R29.6": (70, 120), "J44.1": (40, 120), "I50.0": (50, 120),
                  "J21.9": (0, 1), "I48": (40, 120)}  # fmt: skip
# Where a referral to one service is seen by its neighbour (retriage; a natural SUS mismatch).
RETRIAGE = {"100": "104", "110": "108", "320": "300", "301": "104", "330": "160", "502": "503",
            "120": "144", "130": "460", "400": "300", "340": "300"}  # fmt: skip
SPECIALTY_NAMES = {"108": "Spinal Surgery Service", "144": "Maxillo-facial Surgery",
                   "460": "Medical Ophthalmology", "503": "Gynaecological Oncology",
                   "812": "Diagnostic Imaging", "180": "Accident and Emergency"}  # fmt: skip
# Referrals from outside the practice (SUS source of referral, TFC, weight): optometrists to
# eye clinics, dentists to oral surgery, screening programmes to breast and colorectal clinics.
OTHER_SOURCES = (("15", "130", 3.0), ("92", "140", 1.5), ("17", "103", 0.6), ("17", "104", 0.6),
                 ("97", "101", 0.5), ("97", "502", 0.5))  # fmt: skip
SURGEON_TITLES = ("Mr", "Mr", "Ms", "Miss", "Professor")


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


class Simulator:
    """Runs every pathway of the world; ``run`` returns them in the order they were drawn."""

    def __init__(
        self,
        config: WorldConfig,
        rng: random.Random,
        practices: list[PracticeWorld],
        providers: dict[str, Provider],
        pricer: Pricer,
        start: date,
        end: date,
        sim_start: date | None = None,
    ) -> None:
        self.config = config
        self.rng = rng
        self.practices = {w.practice.code: w for w in practices}
        self.providers = providers
        self.start, self.end = start, end
        self.sim_start = sim_start or start
        self.span_days = (end - self.sim_start).days + 1
        self.years = self.span_days / 365.25
        self.pathways: list[Pathway] = []
        self._consultants: dict[tuple[str, str], list[str]] = {}
        self._hospital_numbers: dict[tuple[str, str], str] = {}
        self._presentation_tables: dict[tuple[str, int], tuple[list, list[float]]] = {}
        self._settings = self._priceable_settings(pricer)
        self.max_multiplier = {
            code: max((g.referral_multiplier for g in w.gps()), default=1.0)
            for code, w in self.practices.items()
        }

    # -- catalogue checks ------------------------------------------------------
    def _priceable_settings(self, pricer: Pricer) -> dict[tuple[str, str], str | None]:
        """For each (procedure, preferred setting), the setting the tariff can price, or None."""
        alternatives = {
            cat.DAY_CASE: (cat.DAY_CASE, cat.ELECTIVE),
            cat.ELECTIVE: (cat.ELECTIVE, cat.DAY_CASE),
            cat.OUTPATIENT_PROCEDURE: (cat.OUTPATIENT_PROCEDURE, cat.DAY_CASE),
            cat.DIAGNOSTIC_IMAGING: (cat.DIAGNOSTIC_IMAGING,),
        }
        found: dict[tuple[str, str], str | None] = {}
        for option in cat.all_procedures():
            for setting in (cat.DAY_CASE, cat.ELECTIVE, option.setting):
                key = (option.procedure.opcs4, setting)
                if key in found:
                    continue
                found[key] = next(
                    (
                        s
                        for s in alternatives[setting]
                        if can_price_spell(pricer, s, option.procedure.opcs4, self.end)
                    ),
                    None,
                )
        return found

    def priced_setting(self, option: cat.ProcedureOption, wanted: str) -> str | None:
        return self._settings.get((option.procedure.opcs4, wanted))

    # -- people ------------------------------------------------------------------
    def provider(self, code: str) -> Provider:
        return self.providers[code]

    def consultant(self, provider_code: str, tfc: str, surgical: bool) -> str:
        key = (provider_code, tfc)
        pool = self._consultants.get(key)
        if pool is None:
            from pars.synth.population import FAMILY_NAMES

            pool = []
            for _ in range(self.rng.randint(2, 4)):
                title = self.rng.choice(SURGEON_TITLES) if surgical else "Dr"
                initial = self.rng.choice("ABCDEFGHJKLMNPRSTW")
                pool.append(f"{title} {initial} {self.rng.choice(FAMILY_NAMES)}")
            self._consultants[key] = pool
        return self.rng.choice(pool)

    def hospital_number(self, patient: Patient, provider_code: str) -> str:
        key = (patient.patient_id, provider_code)
        number = self._hospital_numbers.get(key)
        if number is None:
            number = f"{provider_code[0]}{self.rng.randint(1000000, 9999999)}"
            self._hospital_numbers[key] = number
        return number

    def gp_for(self, world: PracticeWorld, day: date) -> StaffMember | None:
        active = [g for g in world.gps() if g.active_on(day)]
        if not active:
            return None
        return self.rng.choices(active, [g.sessions for g in active])[0]

    def history(self) -> list[Condition]:
        roll = self.rng.random()
        k = 0 if roll < 0.3 else 1 if roll < 0.65 else 2 if roll < 0.9 else 3
        items = cat.HISTORY_CONDITIONS
        first = int(self.rng.random() * len(items))
        return [items[(first + 5 * i) % len(items)] for i in range(k)]

    def negated(self) -> list[Condition]:
        items = cat.NEGATED_CONDITIONS
        return [items[int(self.rng.random() * len(items))]] if self.rng.random() < 0.3 else []

    def random_day(self) -> date:
        return self.sim_start + timedelta(days=int(self.rng.random() * self.span_days))

    # -- presentation choice -------------------------------------------------------
    def presentation_table(self, sex: str, age: int) -> tuple[list, list[float]]:
        key = (sex, min(age, 100))
        table = self._presentation_tables.get(key)
        if table is None:
            items, weights = [], []
            for spec in cat.SPECIALTIES:
                total = sum(p.weight for p in spec.presentations) or 1.0
                for pres in spec.presentations:
                    if pres.sex and pres.sex != sex:
                        continue
                    if not (pres.min_age <= age <= pres.max_age):
                        continue
                    items.append((spec, pres))
                    weights.append(spec.gp_weight * pres.weight / total)
            table = (items, list(accumulate(weights)))
            self._presentation_tables[key] = table
        return table

    def choose_presentation(self, patient: Patient, day: date):
        items, cumulative = self.presentation_table(patient.sex, age_on(patient.birth_date, day))
        if not items:
            return None
        return items[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

    def acute_provider(self, world: PracticeWorld, tfc: str) -> str:
        roll = self.rng.random()
        if tfc == "130" and roll < 0.25 and "RP6" in self.providers:
            return "RP6"
        if tfc == "110" and roll < 0.08 and "RAN" in self.providers:
            return "RAN"
        if roll > 0.85:
            others = [c for c in ("RWG", "RWH", "RAL", "RRV", "RC9") if c in self.providers]
            return self.rng.choice(others) if others else world.main_provider
        return world.main_provider

    # -- document helpers --------------------------------------------------------
    def new_pathway(
        self, kind: str, patient: Patient, provider: Provider, tfc: str | None, day: date
    ) -> Pathway:
        pathway = Pathway(f"PW{len(self.pathways) + 1:07d}", kind, patient, provider, tfc, day)
        self.pathways.append(pathway)
        return pathway

    def letter(
        self,
        pathway: Pathway,
        document_type: str,
        event_day: date,
        service_type: str,
        *,
        outcome: str | None,
        diagnoses: list[Condition],
        procedures: list[Procedure] | None = None,
        consultant: str | None = None,
        tfc: str | None = None,
        name: str | None = None,
        delay: tuple[int, int] = (2, 14),
    ) -> DocPlan | None:
        """An incoming letter about ``event_day``; None when it would arrive after the period."""
        letter_day = event_day + timedelta(days=self.rng.randint(*delay))
        if letter_day > self.end:
            return None
        world = self.practices[pathway.patient.practice_code]
        gp = self.gp_for(world, letter_day) or world.gps()[0]
        tfc = tfc if tfc is not None else pathway.specialty_tfc
        doc = DocPlan(
            pathway=pathway,
            document_type=document_type,
            direction="incoming",
            letter_date=letter_day,
            event_date=event_day,
            patient=pathway.patient,
            practice=world.practice,
            gp=gp.clinician,
            provider=pathway.provider,
            consultant=consultant,
            specialty_tfc=tfc,
            specialty_name=name or specialty_name(tfc),
            service_type=service_type,
            outcome=outcome,
            diagnoses=list(diagnoses),
            procedures=list(procedures or []),
            history=self.history(),
            negated=self.negated(),
            hospital_number=self.hospital_number(pathway.patient, pathway.provider.code)
            if pathway.provider.code != pathway.patient.practice_code
            else None,
        )
        pathway.documents.append(doc)
        return doc

    def referral(
        self,
        pathway: Pathway,
        gp: Clinician,
        day: date,
        service_type: str,
        urgency: str,
        diagnoses: list[Condition],
        procedures: list[Procedure] | None = None,
        name: str | None = None,
    ) -> DocPlan:
        world = self.practices[pathway.patient.practice_code]
        doc = DocPlan(
            pathway=pathway,
            document_type="referral",
            direction="outgoing",
            letter_date=day,
            event_date=None,
            patient=pathway.patient,
            practice=world.practice,
            gp=gp,
            provider=pathway.provider,
            consultant=None,
            specialty_tfc=pathway.specialty_tfc,
            specialty_name=name or specialty_name(pathway.specialty_tfc),
            service_type=service_type,
            urgency=urgency,
            diagnoses=list(diagnoses),
            procedures=list(procedures or []),
            history=self.history(),
            negated=self.negated(),
        )
        pathway.referral = doc
        pathway.documents.append(doc)
        return doc

    # -- the world -----------------------------------------------------------------
    def run(self, patients: list[Patient]) -> list[Pathway]:
        c = self.config
        for patient in patients:
            world = self.practices[patient.practice_code]
            age = age_on(patient.birth_date, self.start)
            band = age_band(age)
            gp_rate = REFERRAL_RATE[(patient.sex, band)] * c.referral_scale * world.referral_factor
            # Thinning: draw at the highest GP's rate, keep with the chosen GP's multiplier.
            top = self.max_multiplier[patient.practice_code]
            for _ in range(poisson(self.rng, gp_rate / 1000 * self.years * top)):
                self.gp_referral(patient, world, top)
            for _ in range(
                poisson(
                    self.rng, c.diagnostic_rate / 1000 * self.years * (0.3 if age < 16 else 1.2)
                )
            ):
                self.direct_access(patient, world)
            for _ in range(
                poisson(
                    self.rng, c.community_rate / 1000 * self.years * (0.3 if age < 16 else 1.15)
                )
            ):
                self.community(patient, world)
            for _ in range(
                poisson(self.rng, c.internal_rate / 1000 * self.years * (0.2 if age < 16 else 1.2))
            ):
                self.internal(patient, world)
            for _ in range(
                poisson(self.rng, c.emergency_rate / 1000 * self.years * EMERGENCY_AGE_FACTOR[band])
            ):
                self.emergency(patient, world)
            for _ in range(poisson(self.rng, c.other_source_rate / 1000 * self.years)):
                self.other_source(patient, world)
            if self.rng.random() < c.unreferred_rate * gp_rate / 1000 * self.years:
                self.unreferred(patient, world)
        self.trim_to_period()
        return self.pathways

    def trim_to_period(self) -> None:
        """Drop what happened before the period, keeping open referrals made before it.

        The warm-up gives the period a steady state (follow-ups and procedures of
        pathways that started earlier). A referral made before the period whose
        patient had not been seen by its start is kept as a document: it is what a
        practice would load as its open referrals when PARS goes live.
        """
        start = self.start
        kept = []
        for pathway in self.pathways:
            seen_before = (
                any(a.day < start and a.attended_ok for a in pathway.appointments)
                or any(s.admission < start for s in pathway.spells)
                or any(
                    d.letter_date < start for d in pathway.documents if d is not pathway.referral
                )
            )
            pathway.appointments = [a for a in pathway.appointments if a.day >= start]
            pathway.spells = [s for s in pathway.spells if s.admission >= start]
            referral = pathway.referral
            keep_referral = referral is not None and (
                referral.letter_date >= start
                or (
                    not seen_before
                    and pathway.kind in ("gp_referral", "direct_access", "community")
                )
            )
            pathway.documents = [
                d for d in pathway.documents
                if d.letter_date >= start or (d is referral and keep_referral)
            ]  # fmt: skip
            if not keep_referral:
                pathway.referral = None
            if pathway.documents or pathway.appointments or pathway.spells:
                kept.append(pathway)
        self.pathways = kept

    def gp_referral(self, patient: Patient, world: PracticeWorld, top: float) -> None:
        c, rng = self.config, self.rng
        day = self.random_day()
        if day < patient.birth_date:
            return
        gp = self.gp_for(world, day)
        if gp is None or rng.random() * top > gp.referral_multiplier:
            return
        chosen = self.choose_presentation(patient, day)
        if chosen is None:
            return
        spec, pres = chosen
        if pres.two_week_wait and rng.random() < c.two_week_wait_probability:
            urgency = "two_week_wait"
        else:
            urgency = "urgent" if rng.random() < c.urgent_share else "routine"
        provider = self.provider(self.acute_provider(world, spec.tfc))
        pathway = self.new_pathway("gp_referral", patient, provider, spec.tfc, day)
        self.referral(pathway, gp.clinician, day, "outpatient", urgency, [pres.reason])
        seen_tfc = spec.tfc
        if rng.random() < c.retriage_rate and spec.tfc in RETRIAGE:
            seen_tfc = RETRIAGE[spec.tfc]
        received = day + timedelta(days=rng.randint(0, 5))
        self.outpatient_pathway(pathway, spec, pres, seen_tfc, received, urgency, "03")

    def other_source(self, patient: Patient, world: PracticeWorld) -> None:
        """A referral the practice did not write: optometrist, dentist, screening programme."""
        day = self.random_day()
        if day < patient.birth_date:
            return
        age = age_on(patient.birth_date, day)
        source, tfc = self.rng.choices(OTHER_SOURCES, [w for *_, w in OTHER_SOURCES])[0][:2]
        spec = cat.SPECIALTY_BY_TFC[tfc]
        eligible = [
            p for p in spec.presentations
            if (not p.sex or p.sex == patient.sex) and p.min_age <= age <= p.max_age
        ]  # fmt: skip
        if not eligible:
            return
        pres = self.rng.choices(eligible, [p.weight for p in eligible])[0]
        provider = self.provider(self.acute_provider(world, tfc))
        pathway = self.new_pathway("other_source", patient, provider, tfc, day)
        urgency = "two_week_wait" if source == "17" else "routine"
        self.outpatient_pathway(pathway, spec, pres, tfc, day, urgency, source, allow_onward=False)

    def unreferred(self, patient: Patient, world: PracticeWorld) -> None:
        """A first attendance billed as a GP referral that the practice never made."""
        day = self.random_day()
        if day < patient.birth_date:
            return
        chosen = self.choose_presentation(patient, day)
        if chosen is None:
            return
        spec, pres = chosen
        provider = self.provider(self.acute_provider(world, spec.tfc))
        pathway = self.new_pathway("unreferred", patient, provider, spec.tfc, day)
        letters = self.rng.random() < 0.5
        self.outpatient_pathway(
            pathway, spec, pres, spec.tfc, day, "routine", "03", letters=letters
        )

    def wait_for_first(self, urgency: str) -> int:
        rng = self.rng
        if urgency == "two_week_wait":
            return rng.randint(5, 14)
        if urgency == "urgent":
            return rng.randint(14, 56)
        # Routine: a long-tailed wait (mean about 11 weeks); about one in eight after 18 weeks.
        return round(rng.gammavariate(2.2, 32)) + 7

    def outpatient_pathway(
        self,
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
                        doc.notes["did_not_attend"] = True
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
        self,
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
        self, patient: Patient, provider_code: str, day: date, exclude: str
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

    def direct_access(self, patient: Patient, world: PracticeWorld) -> None:
        rng = self.rng
        day = self.random_day()
        if day < patient.birth_date:
            return
        gp = self.gp_for(world, day)
        if gp is None:
            return
        items = cat.DIAGNOSTIC_TESTS
        option, indication, _ = rng.choices(items, [w for _, _, w in items])[0]
        if self.priced_setting(option, cat.DIAGNOSTIC_IMAGING) is None:
            return
        urgency = "urgent" if rng.random() < 0.15 else "routine"
        provider = self.provider(world.main_provider)
        pathway = self.new_pathway("direct_access", patient, provider, "812", day)
        self.referral(
            pathway, gp.clinician, day, "diagnostic", urgency, [indication], [option.procedure]
        )
        received = day + timedelta(days=rng.randint(0, 3))
        test_day = received + timedelta(
            days=rng.randint(2, 10) if urgency == "urgent" else rng.randint(7, 42)
        )
        for _ in range(2):
            if test_day > self.end:
                pathway.open = True
                return
            attended = "3" if rng.random() < 0.04 else "5"
            pathway.appointments.append(
                Appointment(pathway, provider.code, "812", test_day, True, False, attended, "03",
                            "2" if urgency == "urgent" else "1", received, option.procedure, cat.DIAGNOSTIC_IMAGING)
            )  # fmt: skip
            if attended == "5":
                doc = self.letter(pathway, "diagnostic_report", test_day, "diagnostic", outcome=None,
                                  diagnoses=[indication], procedures=[option.procedure], delay=(0, 6))  # fmt: skip
                if doc is not None:
                    doc.history, doc.negated = [], doc.negated[:1]
                return
            test_day = test_day + timedelta(days=rng.randint(7, 21))

    def community(self, patient: Patient, world: PracticeWorld) -> None:
        rng = self.rng
        day = self.random_day()
        if day < patient.birth_date:
            return
        gp = self.gp_for(world, day)
        if gp is None or "RY4" not in self.providers:
            return
        tfc, name, conditions, _ = rng.choices(
            cat.COMMUNITY_SERVICES, [w for *_, w in cat.COMMUNITY_SERVICES]
        )[0]
        condition = rng.choices([cd for cd, _ in conditions], [w for _, w in conditions])[0]
        pathway = self.new_pathway("community", patient, self.provider("RY4"), tfc, day)
        self.referral(pathway, gp.clinician, day, "community", "routine", [condition], name=name)
        first = day + timedelta(days=rng.randint(14, 60))
        if first > self.end:
            pathway.open = True
            return
        self.letter(pathway, "clinic_letter", first, "community", outcome="follow_up",
                    diagnoses=[condition], name=name, consultant=None)  # fmt: skip
        last = first + timedelta(days=rng.randint(21, 90))
        if last > self.end:
            pathway.open = True
            return
        if rng.random() < 0.6:
            self.letter(pathway, "clinic_letter", last, "community", outcome="discharged",
                        diagnoses=[condition], name=name, consultant=None)  # fmt: skip

    def internal(self, patient: Patient, world: PracticeWorld) -> None:
        rng = self.rng
        day = self.random_day()
        if day < patient.birth_date:
            return
        gp = self.gp_for(world, day)
        if gp is None:
            return
        services = cat.INTERNAL_SERVICES
        name, condition, option, _ = rng.choices(services, [w for *_, w in services])[0]
        practice = world.practice
        provider = Provider(practice.code, practice.name, None)
        pathway = self.new_pathway("internal", patient, provider, None, day)
        self.referral(pathway, gp.clinician, day, "internal", "routine", [condition],
                      [option.procedure] if option else [], name=name)  # fmt: skip

    def emergency(self, patient: Patient, world: PracticeWorld) -> None:
        rng, c = self.rng, self.config
        day = self.random_day()
        if day < patient.birth_date:
            return
        age = age_on(patient.birth_date, day)
        items = [
            e for e in cat.EMERGENCY_PRESENTATIONS
            if EMERGENCY_AGES.get(e[1].icd10, (0, 120))[0] <= age <= EMERGENCY_AGES.get(e[1].icd10, (0, 120))[1]
            and (e[0] != "420" or age < 16) and (e[0] != "430" or age >= 70)
        ]  # fmt: skip
        tfc, condition, _, admit = rng.choices(items, [w for _, _, w, _ in items])[0]
        provider = self.provider(world.main_provider)
        pathway = self.new_pathway("emergency", patient, provider, tfc, day)
        if rng.random() < admit:
            los = round(rng.gammavariate(2.0, 6.0 if condition.icd10 == "S72.0" else 2.0))
            discharge = day + timedelta(days=los)
            if discharge > self.end:
                pathway.open = True
                return
            pathway.spells.append(
                Spell(pathway, provider.code, tfc, day, discharge, rng.choice(("21", "21", "21", "22")),
                      "1", "non_elective", condition, None)
            )  # fmt: skip
            follow = rng.random() < 0.25
            self.letter(pathway, "discharge_summary", day, "inpatient",
                        outcome="follow_up" if follow else "discharged", diagnoses=[condition],
                        consultant=self.consultant(provider.code, tfc, tfc in ("100", "110", "120", "160")),
                        tfc=tfc, delay=(los, los + 2))  # fmt: skip
            if follow:
                self.after_emergency(patient, provider, tfc, condition, discharge, "01")
            return
        onward = rng.random() < 0.2 and tfc not in ("420",)
        self.letter(pathway, "discharge_summary", day, "emergency",
                    outcome="referred_on" if onward else "discharged", diagnoses=[condition],
                    tfc="180", name="Emergency Department", delay=(0, 3))  # fmt: skip
        if onward:
            self.after_emergency(patient, provider, tfc, condition, day, "10")
        _ = c

    def after_emergency(
        self,
        patient: Patient,
        provider: Provider,
        tfc: str,
        condition: Condition,
        day: date,
        source: str,
    ) -> None:
        spec = cat.SPECIALTY_BY_TFC.get(tfc)
        pres = cat.Presentation(condition, condition)
        if spec is None:
            spec = cat.Specialty(
                tfc,
                specialty_name(tfc),
                "surgical" if tfc in ("100", "110", "160") else "medical",
                0.0,
                1.2,
                0.0,
            )
        pathway = self.new_pathway("after_emergency", patient, provider, tfc, day)
        self.outpatient_pathway(pathway, spec, pres, tfc, day, "urgent", source, allow_onward=False)


def specialty_name(tfc: str | None) -> str:
    if tfc is None:
        return ""
    spec = cat.SPECIALTY_BY_TFC.get(tfc)
    if spec:
        return spec.name
    for service_tfc, name, _, _ in cat.COMMUNITY_SERVICES:
        if service_tfc == tfc:
            return name
    return SPECIALTY_NAMES.get(tfc, tfc)


def band_labels() -> list[str]:
    return [label for label, _, _ in AGE_BANDS]


def practice_of(practices: list[PracticeWorld], code: str) -> Practice:
    return next(w.practice for w in practices if w.practice.code == code)
