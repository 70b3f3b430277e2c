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
    #: "referral", "first_activity" (provider-initiated), "rebooked_after_dna" or
    #: "after_active_monitoring" (a new clock on the same pathway)
    start_basis: str
    stop: date | None
    #: "30" treatment, "32" active monitoring, "34" decision not to treat / discharged,
    #: "21" transferred, "33" nullified by a missed first appointment
    stop_code: str | None
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
    """The pathway's current clock as known on ``as_of`` (letters after it are not yet known).

    Rules (domain.md §5) on top of ``stop_of``, as far as letters evidence them:

    - a missed first appointment (``Letter.did_not_attend``) after a routine or
      urgent referral nullifies the clock (33: neither open nor completed); if
      the patient is then seen, a new clock runs from that next activity (the
      rebooking itself is not in the letters, so the wait is a lower bound);
      a discharge at the missed appointment leaves it nullified;
    - after a two-week-wait referral a missed first appointment does not stop
      the clock; only a discharge back to the GP does (34);
    - a missed later appointment does not stop the clock on its own;
    - after active monitoring (32), a decision to treat (listed for a
      procedure, or treated) starts a new clock (11) from that letter;
    - a review while on the waiting list for a procedure is not active
      monitoring: the clock runs on to the treatment.

    Patient-initiated cancellations never stop a clock; letters do not report
    them, so nothing here changes for them.
    """
    if not is_rtt_pathway(pathway) or pathway.start_date is None or pathway.start_date > as_of:
        return None
    start = pathway.start_date
    basis = "referral" if pathway.referral else "first_activity"
    two_week_wait = pathway.referral is not None and pathway.referral.urgency == "two_week_wait"
    stop: tuple[date, str, str] | None = None
    attended = False  # the patient has been seen on this pathway
    listed = False  # on the waiting list for a procedure (the current clock)
    for link in pathway.links:
        letter = link.letter
        if letter.is_referral or letter.date is None or letter.date > as_of:
            continue
        if stop is not None:
            code = stop[1]
            if code == "33" and not letter.did_not_attend:
                # seen after the missed first appointment: a new clock (rebooked)
                start, basis, stop = letter.date, "rebooked_after_dna", None
            elif code == "32" and (
                letter.outcome == "listed_for_procedure" or stop_of(letter) == "30"
            ):
                # decision to treat after active monitoring: a new clock (11)
                start, basis, stop = letter.date, "after_active_monitoring", None
                listed = True
                if stop_of(letter) == "30":
                    stop = (letter.date, "30", letter.document_id)
                continue
            else:
                continue
        if letter.did_not_attend and letter.document_type == "clinic_letter":
            if attended:
                if letter.outcome == "discharged":  # discharged after a missed follow-up
                    stop = (max(letter.date, start), "34", letter.document_id)
                continue
            if two_week_wait:
                if letter.outcome == "discharged":
                    stop = (max(letter.date, start), "34", letter.document_id)
                continue
            stop = (max(letter.date, start), "33", letter.document_id)
            if letter.outcome == "discharged":
                break  # nullified, and back to the GP: no new clock
            continue
        attended = attended or letter.document_type in ("clinic_letter", "discharge_summary")
        listed = listed or letter.outcome == "listed_for_procedure"
        code = stop_of(letter)
        if code == "32" and listed:
            code = None  # a review while waiting for the listed procedure: still waiting
        if code:
            stop = (max(letter.date, start), code, letter.document_id)
            if code in ("30", "34", "21"):
                break
    return RTTClock(
        pathway.pathway_id,
        start,
        basis,
        stop[0] if stop else None,
        stop[1] if stop else None,
        stop[2] if stop else None,
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
    #: clocks nullified by a missed first appointment (33) and not restarted
    nullified: int = 0

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
    nullified = [c for c in clocks if c.stop_code == "33"]
    done = [c for c in clocks if not c.open and c.stop_code not in ("21", "33")]
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
        nullified=len(nullified),
    )
