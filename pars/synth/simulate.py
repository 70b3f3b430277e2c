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
import random
from datetime import date, timedelta
from itertools import accumulate

from pars.synth import catalogue as cat
from pars.synth.config import WorldConfig
from pars.synth.model import Clinician, Condition, Patient, Procedure, Provider
from pars.synth.outpatients import OutpatientPathways, poisson
from pars.synth.population import PracticeWorld, StaffMember, age_band, age_on
from pars.synth.pricing import Pricer, can_price_spell
from pars.synth.records import DocPlan, Pathway
from pars.synth.services import EMERGENCY_AGE_FACTOR, ServicePathways, specialty_name

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
# Where a referral to one service is seen by its neighbour (retriage; a natural SUS mismatch).
RETRIAGE = {"100": "104", "110": "108", "320": "300", "301": "104", "330": "160", "502": "503",
            "120": "144", "130": "460", "400": "300", "340": "300"}  # fmt: skip
# Referrals from outside the practice (SUS source of referral, TFC, weight): optometrists to
# eye clinics, dentists to oral surgery, screening programmes to breast and colorectal clinics.
OTHER_SOURCES = (("15", "130", 3.0), ("92", "140", 1.5), ("17", "103", 0.6), ("17", "104", 0.6),
                 ("97", "101", 0.5), ("97", "502", 0.5))  # fmt: skip
SURGEON_TITLES = ("Mr", "Mr", "Ms", "Miss", "Professor")


def medication_notes(history: list[Condition]) -> dict:
    """The regular medication that goes with the history conditions (a letter's drug list)."""
    drugs = [
        cat.HISTORY_MEDICATIONS[c.icd10] for c in history if c.icd10 in cat.HISTORY_MEDICATIONS
    ]
    return {"medications": drugs} if drugs else {}


class Simulator(OutpatientPathways, ServicePathways):
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
        self._gp_tables: dict[tuple[str, date], tuple[list[StaffMember], list[float]]] = {}
        self._emergency_tables: dict[int, tuple[list, list[float]]] = {}
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
        """A GP in post on ``day``, chosen by sessions (the active list is cached per day)."""
        key = (world.practice.code, day)
        table = self._gp_tables.get(key)
        if table is None:
            active = [g for g in world.gps() if g.active_on(day)]
            table = (active, list(accumulate(g.sessions for g in active)))
            self._gp_tables[key] = table
        active, cumulative = table
        if not active:
            return None
        return active[bisect.bisect(cumulative, self.rng.random() * cumulative[-1])]

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
            history=(history := self.history()),
            negated=self.negated(),
            notes=medication_notes(history),
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
            history=(history := self.history()),
            negated=self.negated(),
            notes=medication_notes(history),
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
