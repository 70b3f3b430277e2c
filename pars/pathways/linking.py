"""Pathways: each referral linked to the later letters for the same patient, provider and specialty.

Patients are recognised by NHS number and, where a letter lacks one, by name
and birth date (joined to the one NHS number seen with that name and birth
date, if there is exactly one). Within a
patient, each incoming letter joins the newest open pathway at the same
provider and specialty inside the time windows (a discharge closes a
pathway); a letter with no such
pathway starts a provider-initiated one. Every link keeps its reason so a
user can see why two documents were put together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pars.pathways.letters import Letter


@dataclass(frozen=True, slots=True)
class LinkSettings:
    """Time windows for linking (days); all configurable."""

    #: the first letter must come within this long after the referral
    first_letter_days: int = 365
    #: a later letter must come within this long after the pathway's last letter
    gap_days: int = 365
    #: letters dated up to this many days before the referral still link (date slips)
    early_tolerance_days: int = 3
    #: after a clinic letter that discharges the patient, later letters start a new pathway
    #: unless they come within this many days (copies, delayed reports)
    after_discharge_days: int = 14
    #: link a letter to a pathway at the same provider when its specialty is missing
    allow_missing_specialty: bool = True
    #: link a letter to a pathway with the same specialty when its provider is missing
    allow_missing_provider: bool = True
    #: link a letter from another specialty at the same provider to a referral not yet
    #: seen (the provider re-triaged it), when nothing matches better
    allow_retriage: bool = True
    #: link a letter whose specialty differs (often a coding slip) to a pathway at the
    #: same provider whose letters name the same ICD-10 category, when nothing matches better
    #: (off by default: on a coded synthetic world it raised recall 98.0% -> 98.4% but cut
    #: precision 98.0% -> 93.8%)
    allow_specialty_mismatch_same_diagnosis: bool = False


@dataclass(slots=True)
class Link:
    letter: Letter
    reason: str


@dataclass(slots=True)
class Pathway:
    pathway_id: str
    patient_key: str
    provider_trust: str | None
    specialty_tfc: str | None
    referral: Letter | None
    start_date: date | None
    links: list[Link] = field(default_factory=list)
    last_date: date | None = None
    discharged_on: date | None = None
    specialties: set[str] = field(default_factory=set)
    #: ICD-10 categories (K40) named on the pathway's letters so far
    diagnoses: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if self.specialty_tfc:
            self.specialties.add(self.specialty_tfc)
        if self.referral is not None:
            self.diagnoses.update(code[:3] for code in self.referral.diagnoses)

    @property
    def provider_initiated(self) -> bool:
        return self.referral is None

    @property
    def letters(self) -> list[Letter]:
        return [link.letter for link in self.links]

    @property
    def practice_code(self) -> str | None:
        for letter in self.letters:
            if letter.practice_code:
                return letter.practice_code
        return None


def identify_patient(letter: Letter, numbers_by_name: dict[str, set[str]]) -> str:
    """Who the letter is about: the NHS number, else name and birth date.

    A letter without an NHS number joins the NHS number seen with the same
    name and birth date on other letters, when exactly one is; two different
    valid NHS numbers are always two patients, whatever their names.
    """
    if letter.nhs_number:
        return f"nhs:{letter.nhs_number}"
    if letter.name_key and letter.birth_date:
        name = f"{letter.name_key}|{letter.birth_date.isoformat()}"
        numbers = numbers_by_name.get(name, set())
        if len(numbers) == 1:
            return f"nhs:{next(iter(numbers))}"
        return f"name:{name}"
    return f"doc:{letter.document_id}"


def _sort_key(letter: Letter) -> tuple:
    # referrals first on a tie so a same-day letter can join the referral
    return (letter.date or date.max, 0 if letter.is_referral else 1, letter.document_id)


def link_pathways(letters: Iterable[Letter], settings: LinkSettings | None = None) -> list[Pathway]:
    """Group letters into pathways; returns them ordered by start date then id."""
    settings = settings or LinkSettings()
    letters = [lt for lt in letters if lt.date is not None]
    numbers_by_name: dict[str, set[str]] = defaultdict(set)
    for letter in letters:
        if letter.nhs_number and letter.name_key and letter.birth_date:
            numbers_by_name[f"{letter.name_key}|{letter.birth_date.isoformat()}"].add(
                letter.nhs_number
            )
    by_patient: dict[str, list[Letter]] = defaultdict(list)
    for letter in letters:
        by_patient[identify_patient(letter, numbers_by_name)].append(letter)

    pathways: list[Pathway] = []
    for patient_key, own in by_patient.items():
        own.sort(key=_sort_key)
        open_pathways: list[Pathway] = []
        # (trust, specialty) -> dates of incoming letters, to see whether a referral
        # will be answered by its own specialty before treating it as re-triaged
        answered: dict[tuple[str | None, str | None], list[date]] = defaultdict(list)
        for letter in own:
            if not letter.is_referral:
                answered[(letter.provider_trust, letter.specialty_tfc)].append(letter.date)
        for letter in own:
            if letter.is_referral:
                pathway = Pathway(
                    pathway_id=f"PW-{letter.document_id}",
                    patient_key=patient_key,
                    provider_trust=letter.provider_trust,
                    specialty_tfc=letter.specialty_tfc,
                    referral=letter,
                    start_date=letter.date,
                    last_date=letter.date,
                )
                pathway.links.append(Link(letter, "referral starts the pathway"))
                open_pathways.append(pathway)
                pathways.append(pathway)
                continue
            if letter.document_type not in (
                "clinic_letter",
                "discharge_summary",
                "diagnostic_report",
            ):
                continue  # "other" documents and outgoing non-referrals are not activity
            best = _best_pathway(letter, open_pathways, settings, answered)
            if best is None:
                pathway = Pathway(
                    pathway_id=f"PW-{letter.document_id}",
                    patient_key=patient_key,
                    provider_trust=letter.provider_trust,
                    specialty_tfc=letter.specialty_tfc,
                    referral=None,
                    start_date=letter.date,
                    last_date=letter.date,
                )
                pathway.links.append(
                    Link(letter, "no earlier referral found: provider-initiated pathway")
                )
                open_pathways.append(pathway)
                pathways.append(pathway)
                pathway_for_letter = pathway
            else:
                pathway_for_letter, reason = best
                pathway_for_letter.links.append(Link(letter, reason))
                pathway_for_letter.last_date = max(pathway_for_letter.last_date, letter.date)
                if pathway_for_letter.provider_trust is None:
                    pathway_for_letter.provider_trust = letter.provider_trust
                if pathway_for_letter.specialty_tfc is None:
                    pathway_for_letter.specialty_tfc = letter.specialty_tfc
                if letter.specialty_tfc:
                    pathway_for_letter.specialties.add(letter.specialty_tfc)
                pathway_for_letter.diagnoses.update(code[:3] for code in letter.diagnoses)
            if letter.document_type == "clinic_letter" and letter.outcome == "discharged":
                pathway_for_letter.discharged_on = letter.date
    pathways.sort(key=lambda p: (p.start_date or date.max, p.pathway_id))
    return pathways


def _answered_later(pathway: Pathway, answered, settings: LinkSettings) -> bool:
    """Whether some letter from the referral's own provider and specialty follows it."""
    start = pathway.start_date
    return any(
        0 <= (day - start).days <= settings.first_letter_days
        for day in answered.get((pathway.provider_trust, pathway.specialty_tfc), ())
    )


def _best_pathway(
    letter: Letter, candidates: list[Pathway], settings: LinkSettings, answered=None
) -> tuple[Pathway, str] | None:
    best: tuple[tuple, Pathway, str] | None = None
    trust = letter.provider_trust
    tfc = letter.specialty_tfc
    when = letter.date
    for pathway in candidates:
        start = pathway.start_date
        days_after_start = (when - start).days
        if days_after_start < -settings.early_tolerance_days:
            continue
        days_after_last = (when - pathway.last_date).days
        only_referral = len(pathway.links) == 1 and pathway.referral is not None
        if only_referral and days_after_start > settings.first_letter_days:
            continue
        if not only_referral and days_after_last > settings.gap_days:
            continue
        if (
            pathway.discharged_on is not None
            and (when - pathway.discharged_on).days > settings.after_discharge_days
        ):
            continue
        same_trust = trust is not None and trust == pathway.provider_trust
        same_tfc = tfc is not None and tfc in pathway.specialties
        same_condition = bool(pathway.diagnoses & {code[:3] for code in letter.diagnoses})
        if same_trust and same_tfc:
            tier, why = 0, f"same patient, provider {trust} and specialty {tfc}"
        elif same_trust and tfc is None and settings.allow_missing_specialty:
            tier, why = 1, f"same patient and provider {trust}; letter has no specialty"
        elif (
            same_tfc
            and (trust is None or pathway.provider_trust is None)
            and (settings.allow_missing_provider)
        ):
            tier, why = 2, f"same patient and specialty {tfc}; provider unknown on one side"
        elif (
            same_trust
            and only_referral
            and settings.allow_retriage
            and letter.service_type != "emergency"
            and not _answered_later(pathway, answered or {}, settings)
        ):
            tier, why = (
                3,
                f"same patient and provider {trust}; first letter from specialty {tfc}, "
                f"referred to {pathway.specialty_tfc} (re-triaged)",
            )
        elif same_trust and same_condition and settings.allow_specialty_mismatch_same_diagnosis:
            tier, why = (
                4,
                f"same patient, provider {trust} and diagnosis; specialty {tfc} differs from "
                f"{'/'.join(sorted(pathway.specialties)) or 'none'}",
            )
        else:
            continue
        why = why.replace("same patient", f"same patient ({_patient_match(letter, pathway)})", 1)
        # same condition first (when two referrals are open at one clinic), then the
        # newest open pathway: a new referral supersedes an older one
        if same_condition and tier < 4:
            why += "; same diagnosis"
        rank = (tier, not same_condition, -start.toordinal(), pathway.pathway_id)
        if best is None or rank < best[0]:
            how = f"{days_after_start} days after the start"
            best = (rank, pathway, f"{why}; {how}")
    if best is None:
        return None
    return best[1], best[2]


def _patient_match(letter: Letter, pathway: Pathway) -> str:
    """Say how the letter's patient was recognised, for the stored link reason."""
    first = pathway.links[0].letter
    if letter.nhs_number and letter.nhs_number == first.nhs_number:
        return "NHS number"
    if (
        letter.name_key
        and letter.name_key == first.name_key
        and letter.birth_date == first.birth_date
    ):
        return "name and birth date"
    return "linked through other letters"
