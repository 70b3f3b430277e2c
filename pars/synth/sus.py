"""SUS extracts from the simulated activity, priced by the tariff, with billing anomalies.

Every outpatient appointment and admitted spell of an acute provider becomes
a SUS row (formats.md §3) priced through the ``Pricer``. Then, at the rates of
the ``WorldConfig``, the billing anomalies PARS must find are injected and
marked on the row (``injected``): whole pathways never billed, duplicated
rows, charged DNAs, spells billed with another procedure, rows for people on
no practice list. Finally a share of NHS numbers is blanked or mistyped
(``sus_nhs_noise``); the truth keeps the real ones.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from pars.synth import catalogue as cat
from pars.synth.config import WorldConfig
from pars.synth.model import Patient, Person, Provider
from pars.synth.population import new_nhs_number
from pars.synth.pricing import PriceNotFound, Pricer
from pars.synth.records import Appointment, Pathway, Spell

COMMUNITY_PROVIDERS = {"RY4"}


def price_appointment(pricer: Pricer, row: Appointment) -> None:
    if row.procedure is not None and row.setting:
        quote = pricer.spell(setting=row.setting, procedure=row.procedure.opcs4, diagnosis=None,
                             provider_code=row.provider_code, length_of_stay=0, day=row.day)  # fmt: skip
    else:
        quote = pricer.outpatient(
            tfc=row.tfc, first=row.first, provider_code=row.provider_code, day=row.day
        )
    row.hrg_code = quote.hrg_code or ""
    row.price = quote.amount if row.attended_ok or row.injected == "dna_charged" else Decimal("0")


def price_spell(pricer: Pricer, spell: Spell) -> None:
    billed = spell.billed_procedure or spell.procedure
    quote = pricer.spell(setting=spell.setting, procedure=billed.opcs4 if billed else None,
                         diagnosis=spell.diagnosis.icd10, provider_code=spell.provider_code,
                         length_of_stay=spell.length_of_stay, day=spell.discharge)  # fmt: skip
    spell.hrg_code = quote.hrg_code or ""
    spell.price = quote.amount


def mistype(rng: random.Random, number: str) -> str:
    """A keying error: two neighbouring digits swapped, or one digit changed."""
    digits = list(number)
    if rng.random() < 0.5:
        i = rng.randrange(9)
        if digits[i] != digits[i + 1]:
            digits[i], digits[i + 1] = digits[i + 1], digits[i]
            return "".join(digits)
    i = rng.randrange(10)
    digits[i] = str((int(digits[i]) + rng.randint(1, 9)) % 10)
    return "".join(digits)


class SUSBuilder:
    def __init__(
        self,
        config: WorldConfig,
        rng: random.Random,
        pricer: Pricer,
        used_numbers: set[str],
        provider: Provider,
    ) -> None:
        self.provider = provider  # the trust that bills the unknown patients
        self.config = config
        self.rng = rng
        self.pricer = pricer
        self.used_numbers = used_numbers
        self._mismatch_pool = self._procedures_by_setting()

    def _procedures_by_setting(self) -> dict[str, list]:
        pool: dict[str, list] = {}
        seen = set()
        for option in cat.all_procedures():
            for setting in (cat.DAY_CASE, cat.ELECTIVE):
                key = (option.procedure.opcs4, setting)
                if key in seen:
                    continue
                seen.add(key)
                try:
                    self.pricer.spell(setting=setting, procedure=option.procedure.opcs4, diagnosis=None,
                                      provider_code="RWG", length_of_stay=0, day=date(2026, 1, 1))  # fmt: skip
                except PriceNotFound:
                    continue
                pool.setdefault(setting, []).append(option.procedure)
        return pool

    def build(
        self, pathways: list[Pathway], group_practices: list[str], start: date, end: date
    ) -> tuple[list[Appointment], list[Spell]]:
        c, rng = self.config, self.rng
        for pathway in pathways:
            billable = pathway.appointments or pathway.spells
            if billable and pathway.kind == "gp_referral" and rng.random() < c.never_billed_rate:
                pathway.never_billed = True
        outpatients: list[Appointment] = []
        spells: list[Spell] = []
        for pathway in pathways:
            if pathway.never_billed or pathway.provider.code in COMMUNITY_PROVIDERS:
                continue
            if pathway.kind == "internal":
                continue
            outpatients.extend(pathway.appointments)
            spells.extend(pathway.spells)
        outpatients.extend(
            self._unknown_patients(len(outpatients), group_practices, start, end, pathways)
        )
        for row in outpatients:
            row.nhs_number = row.pathway.patient.nhs_number
            if not row.attended_ok and rng.random() < c.dna_charged_rate:
                row.injected = "dna_charged"
            price_appointment(self.pricer, row)
        for spell in spells:
            spell.nhs_number = spell.pathway.patient.nhs_number
            if spell.procedure is not None and rng.random() < c.procedure_mismatch_rate:
                self._mismatch(spell)
            price_spell(self.pricer, spell)
        duplicates = []
        for row in outpatients:
            if row.attended_ok and rng.random() < c.duplicate_rate:
                copy = replace(row, injected="duplicate", record_id="")
                duplicates.append((row, copy))
        outpatients.sort(key=lambda r: (r.day, r.pathway.pathway_id))
        spells.sort(key=lambda s: (s.admission, s.pathway.pathway_id))
        if duplicates:
            after = {id(original): copy for original, copy in duplicates}
            merged = []
            for row in outpatients:
                merged.append(row)
                if id(row) in after:
                    merged.append(after[id(row)])
            outpatients = merged
        counters: dict[str, int] = {}
        for row in outpatients:
            counters[row.provider_code] = counters.get(row.provider_code, 0) + 1
            row.record_id = f"{row.provider_code}-OP{counters[row.provider_code]:07d}"
        counters.clear()
        for spell in spells:
            counters[spell.provider_code] = counters.get(spell.provider_code, 0) + 1
            spell.record_id = f"{spell.provider_code}-IP{counters[spell.provider_code]:07d}"
        if c.sus_nhs_noise > 0:
            for record in [*outpatients, *spells]:
                if rng.random() < c.sus_nhs_noise:
                    record.nhs_number = (
                        "" if rng.random() < 0.5 else mistype(rng, record.nhs_number)
                    )
        return outpatients, spells

    def _mismatch(self, spell: Spell) -> None:
        """Bill the spell with a procedure from another OPCS-4 category (usually dearer)."""
        category = spell.procedure.opcs4[:3]
        pool = [p for p in self._mismatch_pool.get(spell.setting, []) if p.opcs4[:3] != category]
        if not pool:
            return
        spell.billed_procedure = self.rng.choice(pool)
        spell.injected = "procedure_mismatch"

    def _unknown_patients(
        self, count: int, practices: list[str], start: date, end: date, pathways: list[Pathway]
    ) -> list[Appointment]:
        """First attendances billed to a group practice for people on none of its lists."""
        rng = self.rng
        rows = []
        for index in range(round(count * self.config.unknown_patient_rate)):
            sex = rng.choice("MF")
            patient = Patient(
                patient_id=f"U{index + 1:06d}",
                nhs_number=new_nhs_number(rng, self.used_numbers),
                person=Person("", "Unknown", "Unknown"),
                birth_date=date(rng.randint(1935, 2015), rng.randint(1, 12), rng.randint(1, 28)),
                sex=sex,
                practice_code=rng.choice(practices),
                address_lines=(),
                postcode="",
                phone="",
            )
            spec = rng.choice([s for s in cat.SPECIALTIES if s.tfc not in ("420", "502", "103")])
            provider = self.provider
            day = start + timedelta(days=rng.randrange((end - start).days + 1))
            pathway = Pathway(
                f"PU{index + 1:06d}", "unknown_patient", patient, provider, spec.tfc, day
            )
            pathways.append(pathway)
            row = Appointment(pathway, provider.code, spec.tfc, day, True, False, "5", "03", "1",
                              day - timedelta(days=rng.randint(30, 120)))  # fmt: skip
            pathway.appointments.append(row)
            rows.append(row)
        return rows
