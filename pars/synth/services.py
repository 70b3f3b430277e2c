"""Pathways outside the GP-to-outpatients route: imaging, community, internal, emergency.

A mixin of ``Simulator`` (pars/synth/simulate.py), which supplies the shared
helpers (``rng``, ``config``, ``letter``, ``referral``, ``outpatient_pathway``...).
Kept apart so each module stays readable; the draws happen in the same order.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from pars.synth import catalogue as cat
from pars.synth.model import Condition, Patient, Provider
from pars.synth.population import PracticeWorld, age_on
from pars.synth.records import Appointment, Spell

if TYPE_CHECKING:
    from pars.synth.simulate import Simulator

# Emergency attendances relative to the average, by age band (young children and the old attend most).
EMERGENCY_AGE_FACTOR = {
    "0-4": 1.6, "5-14": 0.8, "15-44": 0.9, "45-64": 0.8, "65-74": 1.0, "75-84": 1.6, "85+": 2.4
}  # fmt: skip
EMERGENCY_AGES = {"S72.0": (65, 120), "R29.6": (70, 120), "J44.1": (40, 120), "I50.0": (50, 120),
                  "J21.9": (0, 1), "I48": (40, 120)}  # fmt: skip
SPECIALTY_NAMES = {"108": "Spinal Surgery Service", "144": "Maxillo-facial Surgery",
                   "460": "Medical Ophthalmology", "503": "Gynaecological Oncology",
                   "812": "Diagnostic Imaging", "180": "Accident and Emergency"}  # fmt: skip


class ServicePathways:
    def direct_access(self: Simulator, patient: Patient, world: PracticeWorld) -> None:
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

    def community(self: Simulator, patient: Patient, world: PracticeWorld) -> None:
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

    def internal(self: Simulator, patient: Patient, world: PracticeWorld) -> None:
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

    def emergency(self: Simulator, patient: Patient, world: PracticeWorld) -> None:
        rng, c = self.rng, self.config
        day = self.random_day()
        if day < patient.birth_date:
            return
        age = min(age_on(patient.birth_date, day), 100)
        table = self._emergency_tables.get(age)
        if table is None:
            items = [
                e for e in cat.EMERGENCY_PRESENTATIONS
                if EMERGENCY_AGES.get(e[1].icd10, (0, 120))[0] <= age <= EMERGENCY_AGES.get(e[1].icd10, (0, 120))[1]
                and (e[0] != "420" or age < 16) and (e[0] != "430" or age >= 70)
            ]  # fmt: skip
            table = (items, list(accumulate(w for _, _, w, _ in items)))
            self._emergency_tables[age] = table
        items, cumulative = table
        tfc, condition, _, admit = items[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
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
        self: Simulator,
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
