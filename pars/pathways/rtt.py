"""Referral-to-treatment clocks, one per pathway (domain.md §5).

The clock starts at the referral (or, for a provider-initiated pathway, at its
first letter) and stops at the first definitive treatment (RTT status 30: a
procedure reported in a discharge summary, or a clinic letter saying the
patient was treated), at active monitoring (32: reviewed again with no
treatment and no tests pending) or at a decision not to treat / discharge
(34). An open
clock's wait is measured to the as-at date. 18 weeks = 126 days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pars.pathways.linking import Pathway

STANDARD_DAYS = 18 * 7
#: referrals that start a consultant-led RTT clock (not direct-access tests,
#: community or in-practice services)
RTT_SERVICE_TYPES = {None, "outpatient", "inpatient"}


@dataclass(frozen=True, slots=True)
class RTTClock:
    pathway_id: str
    start: date
    start_basis: str  # "referral" or "first_activity"
    stop: date | None
    stop_code: str | None  # "30" treatment, "34" decision not to treat / discharged
    stop_document: str | None
    as_of: date

    @property
    def open(self) -> bool:
        return self.stop is None

    @property
    def days(self) -> int:
        return ((self.stop or self.as_of) - self.start).days

    @property
    def weeks(self) -> float:
        return round(self.days / 7, 1)

    @property
    def breached(self) -> bool:
        return self.days > STANDARD_DAYS


def is_rtt_pathway(pathway: Pathway) -> bool:
    if pathway.referral is not None:
        return pathway.referral.service_type in RTT_SERVICE_TYPES
    first = pathway.links[0].letter
    return first.service_type in RTT_SERVICE_TYPES and first.document_type != "diagnostic_report"


def stop_of(letter) -> str | None:
    """RTT stop code a letter evidences, or None if the clock keeps running.

    30 first definitive treatment (a spell with a procedure, or "treated");
    34 discharged without treatment; 32 a clinician's decision to review the
    patient again with no treatment and no tests pending (active monitoring:
    the clinic letter's outcome is "follow_up"). Tests ("investigations"),
    listing for a procedure keep the clock running; an onward referral (21)
    hands the wait to the next provider, so this pathway's clock ends there
    and is counted as transferred, neither open nor completed.
    """
    if letter.document_type == "discharge_summary" and letter.procedures:
        return "30"
    if letter.document_type in ("clinic_letter", "discharge_summary"):
        if letter.outcome == "treated":
            return "30"
        if letter.outcome == "discharged":
            return "34"
    if letter.document_type == "clinic_letter" and letter.outcome == "follow_up":
        return "32"
    if letter.document_type == "clinic_letter" and letter.outcome == "referred_on":
        return "21"  # transferred: the wait goes on at the next provider's pathway
    return None


def rtt_clock(pathway: Pathway, as_of: date) -> RTTClock | None:
    """The pathway's clock as known on ``as_of`` (letters after it are not yet known)."""
    if not is_rtt_pathway(pathway) or pathway.start_date is None or pathway.start_date > as_of:
        return None
    for link in pathway.links:
        letter = link.letter
        if letter.is_referral or letter.date is None or letter.date > as_of:
            continue
        code = stop_of(letter)
        if code:
            return RTTClock(
                pathway.pathway_id,
                pathway.start_date,
                "referral" if pathway.referral else "first_activity",
                max(letter.date, pathway.start_date),
                code,
                letter.document_id,
                as_of,
            )
    return RTTClock(
        pathway.pathway_id,
        pathway.start_date,
        "referral" if pathway.referral else "first_activity",
        None,
        None,
        None,
        as_of,
    )


@dataclass(frozen=True, slots=True)
class RTTSummary:
    transferred: int
    open: int
    open_within_18_weeks: int
    open_breaches: int
    completed: int
    completed_within_18_weeks: int
    median_open_weeks: float | None

    @property
    def share_open_within_18_weeks(self) -> float | None:
        """The operational measure: share of incomplete pathways waiting under 18 weeks (92% target)."""
        return self.open_within_18_weeks / self.open if self.open else None

    @property
    def share_completed_within_18_weeks(self) -> float | None:
        return self.completed_within_18_weeks / self.completed if self.completed else None


def summarise(clocks: Iterable[RTTClock]) -> RTTSummary:
    clocks = list(clocks)
    open_clocks = [c for c in clocks if c.open]
    transferred = [c for c in clocks if c.stop_code == "21"]
    done = [c for c in clocks if not c.open and c.stop_code != "21"]
    waits = sorted(c.days for c in open_clocks)
    median = None
    if waits:
        mid = len(waits) // 2
        median_days = waits[mid] if len(waits) % 2 else (waits[mid - 1] + waits[mid]) / 2
        median = round(median_days / 7, 1)
    return RTTSummary(
        transferred=len(transferred),
        open=len(open_clocks),
        open_within_18_weeks=sum(not c.breached for c in open_clocks),
        open_breaches=sum(c.breached for c in open_clocks),
        completed=len(done),
        completed_within_18_weeks=sum(not c.breached for c in done),
        median_open_weeks=median,
    )
