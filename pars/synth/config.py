"""Parameters of a synthetic world, with named scales and the defaults `pars synth` uses.

Every rate is a plain number here so a test or a benchmark can change one and
see its effect; docs/synthetic-data.md says where each default comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

FORMATS = ("txt", "pdf", "docx", "hl7v2", "fhir")
# Every format is in the default mix, weighted by format_weights below. Rendering cost per
# document (CPU, measured 2026-12-02): txt 0.14 ms, docx ~0.9 ms (direct WordprocessingML
# writer), pdf 3.9 ms, hl7v2/fhir 0.5 ms.
DEFAULT_FORMATS = FORMATS
BROKEN_KINDS = ("empty", "truncated_pdf", "wrong_extension", "non_utf8")


@dataclass(frozen=True, slots=True)
class WorldConfig:
    practices: int = 5
    patients: int = 40_000
    months: int = 12
    seed: int = 1
    end_date: date | None = None  # last day of the period; default: end of last complete month
    warmup_months: int = 9  # pathways also start this long before the period (steady state)
    formats: tuple[str, ...] = DEFAULT_FORMATS
    format_weights: dict[str, float] = field(
        default_factory=lambda: {"txt": 0.64, "pdf": 0.08, "docx": 0.1, "hl7v2": 0.14, "fhir": 0.14}
    )
    families: tuple[str, ...] | None = None  # restrict letter style families (renderer)
    # --- referral rates (per 1,000 registered patients per year; domain.md §6) ---
    referral_scale: float = 1.0  # multiplies every age/sex rate of first outpatient referrals
    two_week_wait_probability: float = 0.95  # of presentations that qualify for 2WW
    urgent_share: float = 0.10  # of other outpatient referrals
    diagnostic_rate: float = 70.0  # direct-access imaging requests
    community_rate: float = 45.0  # physiotherapy and podiatry
    internal_rate: float = 25.0  # minor surgery and nurse clinics
    emergency_rate: float = 380.0  # emergency-department attendances (some admitted)
    other_source_rate: float = 45.0  # referred by optometrists, dentists, screening, others
    # --- hospital behaviour ---
    first_dna_rate: float = 0.08
    follow_up_dna_rate: float = 0.06
    cancellation_rate: float = 0.05  # patient or provider cancelled, rebooked
    consultant_to_consultant_rate: float = 0.09  # of attended GP-referred first appointments
    retriage_rate: float = 0.03  # referral seen in a neighbouring specialty (natural finding)
    cancer_rate: float = 0.08  # of 2WW referrals found to be cancer
    day_case_share: float = 0.93  # of day-case-able procedures (electives overall ~80% DC)
    telephone_share: float = 0.12  # first and follow-up appointments by telephone
    # --- SUS billing behaviour (injected anomalies; truth records each) ---
    unreferred_rate: float = 0.03  # first attendances billed as GP-referred with no referral
    duplicate_rate: float = 0.01  # outpatient rows sent twice
    dna_charged_rate: float = 0.25  # share of not-attended appointments priced anyway
    procedure_mismatch_rate: float = 0.04  # spells billed with a different procedure
    never_billed_rate: float = 0.03  # pathways whose activity never reaches SUS
    unknown_patient_rate: float = 0.004  # rows for people on no practice list
    sus_nhs_noise: float = 0.0  # share of SUS NHS numbers blanked or mistyped
    broken_rate: float = 0.005  # documents written deliberately broken
    unbilled_window_days: int = 182  # how long after a referral SUS activity still counts

    def period(self, today: date | None = None) -> tuple[date, date]:
        """First and last day of the simulated period."""
        end = self.end_date or last_complete_month_end(today or date.today())
        start = add_months(end + timedelta(days=1), -self.months)
        return start, end

    def with_overrides(self, **changes: object) -> WorldConfig:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


# Named sizes. "dacorum" is a locality of about 15 practices; its patient count is set so a
# year writes about 375,000 documents at the model's rates (docs/synthetic-data.md).
SCALES: dict[str, dict[str, int]] = {
    "tiny": {"practices": 2, "patients": 2_000, "months": 12},
    "default": {"practices": 5, "patients": 40_000, "months": 12},
    "dacorum": {"practices": 15, "patients": 195_000, "months": 12},
}


def last_complete_month_end(today: date) -> date:
    return today.replace(day=1) - timedelta(days=1)


def add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    return (
        date(month_index // 12, month_index % 12 + 1, 1)
        if day.day == 1
        else date(month_index // 12, month_index % 12 + 1, min(day.day, 28))
    )
