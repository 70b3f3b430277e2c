"""Calibration: re-estimate the accrual assumptions from the group's own pathways.

Why: the shipped table (``assumptions.py``, domain.md §6 proxies) over-accrues
by a fifth to two fifths on generated worlds; the group's history, read with
estimators that are fair to pathways still open, says more about its own
providers (docs/costing.md, "Accruals", for the method and what was measured).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from pars.costing.assumptions import (
    SILENCE_STEP_DAYS,
    Assumption,
    AssumptionTable,
    ProcedureShare,
)

CONTINUING = ("follow_up", "investigations")
#: first-visit outcomes that end the pathway at that provider
ENDING = ("discharged", "referred_on")
#: the fewest follow-up positions the tail columns keep (the last value repeats); a tail
#: carried on past the history keeps going until it is flat (see ``_tails``)
TAIL_DEPTH = 8
#: the most positions a tail column keeps however long follow-up runs
MAX_TAIL_DEPTH = 60
#: a chain whose last letter asked for a follow-up, with nothing for this long, has ended
LOST_DAYS = 365
#: the return:new ratio carries the follow-up tail on past the history only when at least
#: this share of patients kept under review are still coming at the last position the
#: history measures (the history is too short); otherwise the history has seen most
#: chains end and a gap to the ratio says more about the ratio's mix than the tail
MIN_REACH_TO_EXTEND = 0.2


@dataclass(slots=True)
class _Stats:
    """One specialty's counts from the history (see ``calibrate``)."""

    first: Counter = field(default_factory=Counter)  # first-visit outcome -> pathways
    #: visits[j] = outcomes of the j-th follow-up (j >= 1) of patients kept under review:
    #: "continue", "listed" or "end"
    visits: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    listed_mature: int = 0
    after_listing: int = 0
    mix: Counter = field(default_factory=Counter)

    @property
    def seen(self) -> int:
        return sum(self.first.values())


def calibrate(
    pathways: Iterable,
    as_of: date,
    base: AssumptionTable,
    *,
    mature_days: int = 270,
    min_pathways: int = 30,
    min_at_risk: int = 10,
    flow_days: int = 182,
) -> AssumptionTable:
    """Re-estimate the table from the group's own pathways, using letters up to ``as_of``.

    Every estimate is built from events that have already happened, one step
    at a time, so pathways still open count for what they have shown and
    nothing is assumed about what they have not (no censoring bias):

    - the first visit's outcome (discharged or referred on, listed, treated,
      kept under review) gives the shares at the first attendance;
    - each follow-up of a patient kept under review has an outcome (another
      follow-up, listed for a procedure, or the end); the chance of each at
      the j-th follow-up, from every j-th follow-up seen, gives the
      follow-ups still to come and the chance of a procedure after k
      follow-ups (``follow_up_tail``, ``conversion_tail``; see ``_tails``);
    - where follow-up runs longer than the history (positions with fewer
      than ``min_at_risk`` follow-ups seen), the tail is carried on until
      the specialty's return:new ratio over the last ``flow_days`` (every
      clinic letter, provider-initiated pathways too) comes out: the ratio
      needs no pathway to have finished;
    - how long after a visit asking for another the next letter comes gives
      the chance a patient not heard of for a while is still coming back
      (``still_active``; see ``_still_active``);
    - the procedure mix from every procedure done; follow-ups after listing
      from pathways listed at least ``mature_days`` before ``as_of``.

    Specialties with fewer than ``min_pathways`` seen pathways keep the base
    row.
    """
    from pars.costing.events import spell_setting
    from pars.costing.pipeline import tariff_in_force

    stats: dict[str, _Stats] = defaultdict(_Stats)
    flow: dict[str, Counter] = defaultdict(Counter)
    gaps: list[tuple[int, bool]] = []  # (days, next letter came) after a visit asking for more
    waits: list[tuple[int, bool]] = []  # (days, first clinic letter came) after a referral
    flow_from = as_of - timedelta(days=flow_days)
    for pathway in pathways:
        _count_flow(pathway, flow_from, as_of, flow[pathway.specialty_tfc or "*"])
        referral = pathway.referral
        if referral is None or referral.date is None or referral.date > as_of:
            continue
        if referral.service_type not in (None, "outpatient", "inpatient"):
            continue
        known = [lt for lt in pathway.letters[1:] if lt.date is not None and lt.date <= as_of]
        entry = stats[pathway.specialty_tfc or "*"]
        for letter in known:
            done = _procedure_done(letter, spell_setting, tariff_in_force)
            if done:
                entry.mix[done] += 1
                break
        clinic = [lt for lt in known if lt.document_type == "clinic_letter"]
        if clinic:
            waits.append(((clinic[0].date - referral.date).days, True))
        else:
            waits.append(((as_of - referral.date).days, False))
        if not clinic or clinic[0].outcome in (None, "other"):
            continue  # not seen, or a first letter that says nothing (often a missed appointment)
        first = clinic[0].outcome
        kind = (
            "review"
            if first in CONTINUING
            else "listed"
            if first == "listed_for_procedure"
            else "treated"
            if first == "treated"
            else "ended"
        )
        entry.first[kind] += 1
        if kind == "review":
            asking = clinic  # the visits that asked for another
            for j, letter in enumerate(clinic[1:], start=1):
                outcome = _visit_outcome(letter.outcome)
                entry.visits[j][outcome] += 1
                if outcome != "continue":
                    asking = clinic[:j]
                    clinic = clinic[: j + 1]
                    break
            # how long after each visit that asked for another the next letter came (or
            # not yet); a visit that ended the chain asked for nothing and is no gap
            for here, after in zip(asking, clinic[1:] + [None], strict=False):
                if after is not None:
                    gaps.append(((after.date - here.date).days, True))
                else:
                    gaps.append(((as_of - here.date).days, False))
        listed_at = next(
            (i for i, lt in enumerate(known) if lt.outcome == "listed_for_procedure"), None
        )
        if listed_at is not None and (as_of - known[listed_at].date).days >= mature_days:
            entry.listed_mature += 1
            entry.after_listing += sum(
                lt.document_type == "clinic_letter" for lt in known[listed_at + 1 :]
            )
    still_active = _still_active(gaps, min_at_risk)
    # the chance a follow-up asked for comes at all (lost patients never write back)
    kept = 1.0 - _never_comes(_life_table(gaps, min_at_risk))
    still_to_be_seen = _to_be_seen(waits, min_at_risk)
    rows = dict(base.rows)
    for tfc, entry in stats.items():
        seen = entry.seen
        if seen < min_pathways:
            continue
        old = rows.get(tfc) or base.rows["*"]
        share = {k: entry.first[k] / seen for k in ("review", "listed", "treated", "ended")}
        after_listing = (
            entry.after_listing / entry.listed_mature
            if entry.listed_mature >= min_at_risk
            else old.follow_ups_after_listing
        )
        follow_tail, conversion_tail = _tails(entry.visits, min_at_risk, kept=kept)
        if not follow_tail:
            continue
        firsts, follow_ups = flow[tfc]["first"], flow[tfc]["follow_up"]
        return_new = follow_ups / firsts if firsts >= min_pathways else None
        if return_new is not None and share["review"] > 0:
            # the follow-ups a patient kept under review must have, on average, for the
            # specialty's return:new ratio over the last flow_days to come out
            target = (return_new - share["listed"] * after_listing) / share[
                "review"
            ] - conversion_tail[0] * after_listing
            follow_tail, conversion_tail = _tails(
                entry.visits, min_at_risk, target=target, kept=kept
            )
        total = sum(entry.mix.values())
        mix = tuple(
            ProcedureShare(code, setting, count / total)
            for (code, setting), count in entry.mix.most_common(8)
        )
        conversion_first = share["listed"] + share["treated"] + share["review"] * conversion_tail[0]
        ratio = (
            share["review"] * (follow_tail[0] + conversion_tail[0] * after_listing)
            + share["listed"] * after_listing
        )
        rows[tfc] = Assumption(
            tfc,
            ratio,
            share["ended"],
            conversion_first,
            mix or old.procedures,
            "calibrated",
            f"calibrated on {seen} seen pathways up to {as_of} "
            f"({sum(sum(c.values()) for c in entry.visits.values())} follow-ups of patients "
            f"under review)",
            conversion_tail[0],
            follow_tail[0],
            after_listing,
            follow_tail,
            conversion_tail,
            still_active,
            still_to_be_seen,
        )
    return AssumptionTable(rows.values(), f"calibrated({base.origin})")


def _life_table(
    gaps: list[tuple[int, bool]], min_at_risk: int = 10, step: int = SILENCE_STEP_DAYS
) -> list[float]:
    """S(d) by ``step``-day bins: the chance the letter waited for has not come d days on.

    ``gaps``: (days to the letter, True) or, with none yet, (days to
    ``as_of``, False: censored); after a visit that asked for another, or
    after a referral. A life table, so recent ones count for the time they
    have had; it stops where fewer than ``min_at_risk`` are still followed
    (or at LOST_DAYS).
    """
    survival = [1.0]
    for b in range(LOST_DAYS // step):
        low, high = b * step, (b + 1) * step
        at_risk = sum(1 for days, _ in gaps if days >= low)
        if at_risk < min_at_risk:
            break
        events = sum(1 for days, came in gaps if came and low <= days < high)
        survival.append(survival[-1] * (1 - events / at_risk))
    return survival


def _to_be_seen(
    waits: list[tuple[int, bool]], min_at_risk: int = 10, step: int = SILENCE_STEP_DAYS
) -> tuple[float, ...]:
    """Chance a referral not yet seen will be, by days since the referral.

    ``waits``: for each referral, the days to its first clinic letter (True)
    or, with none yet, to ``as_of`` (False). A life table (``_life_table``)
    gives S(d), the chance of no clinic letter d days on; what is left at
    the end of what the history shows (at most LOST_DAYS) never comes.
    Returns per bin P(seen | not seen d days after the referral) = (S(d) -
    never) / S(d): absolute, since a referral can go unseen from the start
    (declined, withdrawn); () when the history is too short to say.
    """
    survival = _life_table(waits, min_at_risk, step)
    never = _never_comes(survival)
    if not never:
        return ()
    return tuple(max(0.0, (value - never) / value) if value > 0 else 0.0 for value in survival[:-1])


def _never_comes(survival: list[float]) -> float:
    """Share of the letters waited for that never come: S at the end of what the history shows.

    0 when the life table is too short to say (under two bins).
    """
    return survival[-1] if len(survival) >= 3 and survival[-1] < 1 else 0.0


def _still_active(
    gaps: list[tuple[int, bool]], min_at_risk: int = 10, step: int = SILENCE_STEP_DAYS
) -> tuple[float, ...]:
    """Chance a patient kept under review comes back, by days since the last letter.

    A life table over ``step``-day bins (``_life_table``) gives S(d),
    the chance no letter has come d days on; the part that never comes, S at
    the end of what the history shows (at most LOST_DAYS), are patients who
    ended without a letter saying so (a missed last appointment, a discharge
    nobody wrote about). Returns, per bin, P(comes back | d days without a
    letter) relative to d = 0: a patient just seen keeps the full tail, and
    the tail (``_tails`` with ``kept`` = 1 - that part) already counts the
    chance that each follow-up asked for, the next one included, never
    comes; () when the history is too short to say.
    """
    survival = _life_table(gaps, min_at_risk, step)
    never = _never_comes(survival)
    if not never:
        return ()
    return tuple(
        max(0.0, (value - never) / value / (1 - never)) if value > 0 else 0.0
        for value in survival[:-1]
    )


def _count_flow(pathway, start: date, end: date, counts: Counter) -> None:
    """Count the pathway's first and later clinic attendances dated in (start, end].

    Every pathway counts, provider-initiated ones too: a patient referred
    before the documents begin shows up as follow-ups with no first, which is
    what a return:new ratio over a period needs.
    """
    clinic = [
        lt for lt in pathway.letters if lt.document_type == "clinic_letter" and not lt.is_referral
    ]
    for index, letter in enumerate(clinic):
        if letter.date is not None and start < letter.date <= end:
            counts["first" if index == 0 else "follow_up"] += 1


def _visit_outcome(outcome: str | None) -> str:
    """What a follow-up letter says happens next: another visit, a listing, or the end."""
    if outcome == "listed_for_procedure":
        return "listed"
    if outcome in ("discharged", "referred_on", "treated"):
        return "end"
    return "continue"  # follow_up, investigations, or a letter that does not say


def _procedure_done(letter, spell_setting, tariff_in_force) -> tuple[str, str] | None:
    """(OPCS-4 code, setting) of the procedure a letter reports done, if any."""
    if letter.document_type == "discharge_summary" and letter.procedures:
        return letter.procedures[0], spell_setting(letter, tariff_in_force(letter.date))
    if (
        letter.document_type == "clinic_letter"
        and letter.procedures
        and letter.outcome == "treated"
    ):
        return letter.procedures[0], "outpatient_procedure"
    return None


def _tails(
    visits: dict[int, Counter],
    min_at_risk: int = 10,
    depth: int | None = None,
    target: float | None = None,
    kept: float = 1.0,
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Follow-ups still to come, and the chance of a listing, after k = 0..depth-1 follow-ups.

    ``visits[j]`` counts the outcomes of j-th follow-ups. c_j = share of j-th
    follow-ups that ask for another, l_j = share that list the patient; p =
    ``kept``, the chance a follow-up asked for comes at all (see
    ``_never_comes``). For a patient whose k-th follow-up (k = 0: the first
    visit) asked for another, the chance of reaching follow-up m > k is
    R_m = p^(m-k) x prod(c_{k+1} .. c_{m-1}); follow-ups to come E_k = sum of
    R_m; chance of a listing L_k = sum of R_m x l_m. Only positions with at
    least ``min_at_risk`` follow-ups seen (1..J) are measured one by one.
    Past J the history is thin:

    - with ``target`` (the E_0 that the specialty's return:new ratio
      implies), used only while a fifth or more get past J (the history is
      too short), everyone past J has the same ``extra`` follow-ups, chosen
      so E_0 = target, less those already had;
    - but the ratio assumes a steady flow (a backlog of long-term patients
      from before the documents inflates it), so where position J and the
      later ones, pooled (``min_at_risk`` follow-ups or more, some ending),
      show chains ending sooner, their one chance h of ending at each visit
      wins: past J the chain carries on with it (geometric, memoryless), so
      a patient past J expects 1 / (1 - p(1 - h)) more;
    - with neither the sums stop at J + 1 (the visit asked for at J).

    The chain past J ends in a listing in the share seen among the measured
    endings. Returns ((), ()) when not even the first follow-up is known.
    ``depth`` None: as many positions as it takes for the tail to go flat.
    """
    cont: list[float] = []
    listed: list[float] = []
    ended = listings = 0
    late_seen = late_ended = 0  # follow-ups past J, pooled
    for j in sorted(visits):
        counts = visits[j]
        n = sum(counts.values())
        if j == len(cont) + 1 and n >= min_at_risk and not late_seen:
            cont.append(counts["continue"] / n)
            listed.append(counts["listed"] / n)
            listings += counts["listed"]
            ended += counts["listed"] + counts["end"]
        elif j > len(cont):
            late_seen += n
            late_ended += counts["listed"] + counts["end"]
    if not cont:
        return (), ()
    last = len(cont)
    # the last measured position counts with the later ones: the latest the history shows
    final = visits[last]
    late_seen += sum(final.values())
    late_ended += final["listed"] + final["end"]
    q = listings / ended if ended else 0.0
    hazard = late_ended / late_seen if late_seen >= min_at_risk and late_ended else None
    geometric = False

    def sums(extra: float, k: int) -> tuple[float, float]:
        """(E_k, L_k): past J ``extra`` follow-ups for everyone, or the pooled hazard's."""
        expected = chance = 0.0
        reach = kept  # chance of reaching follow-up m: each one asked for may never come
        for m in range(k + 1, last + 1):
            expected += reach
            chance += reach * listed[m - 1]
            reach *= cont[m - 1] * kept
        if geometric:
            # past J the chain ends with chance ``hazard`` at each visit (memoryless)
            onward = 1.0 / (1.0 - kept * (1.0 - hazard))
            if k >= last:
                return kept * onward, kept * q * hazard * onward
            return expected + reach * onward, chance + reach * q * hazard * onward
        if k >= last:
            # already past the measured positions: the visit asked for, and what is left
            return kept * (1.0 + max(0.0, extra - (k - last))), kept * q
        # past the measured positions: the visit asked for, then ``extra`` more; the chain
        # ends once, in a listing with chance q
        return expected + reach * (1.0 + extra), chance + reach * q

    extra = 0.0
    if target is not None:
        base, _ = sums(0.0, 0)
        reach_end = sums(1.0, 0)[0] - base
        if base < target and reach_end >= MIN_REACH_TO_EXTEND:
            extra = (target - base) / reach_end
    if extra and hazard is not None and 1.0 / (1.0 - kept * (1.0 - hazard)) < 1.0 + extra:
        # the later positions, pooled, show chains ending sooner than the ratio says
        geometric, extra = True, 0.0
    if depth is None:
        # down to the position where the tail is flat, so a patient already deep in a long
        # follow-up is not given the tail of one at position TAIL_DEPTH - 1
        depth = min(MAX_TAIL_DEPTH, max(TAIL_DEPTH, last + math.ceil(extra) + 1))
    tails = [sums(extra, k) for k in range(depth)]
    return tuple(e for e, _ in tails), tuple(min(1.0, c) for _, c in tails)
