"""Accruals: the expected cost still to come for each open referral, as at a date.

For a referral whose pathway is still open on the as-at date, PARS expects:
the first attendance (if not yet seen), the follow-ups still to come (the
specialty's follow-up ratio, less those already seen), and the procedure,
weighted by its probability (1 when the patient has been listed and the
letter names the procedure). Everything is priced on the tariff in force on
the as-at date, at the provider's MFF. The assumptions come from an editable
table (pars.costing.assumptions). Activity already billed through SUS for the
same patient, provider and specialty counts as seen, so an accrual falls away
as SUS activity arrives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from pars.core.codes import OPCS4Code
from pars.costing.assumptions import AssumptionTable, ProcedureShare
from pars.costing.events import PricedEvent, TariffFor, spell_setting
from pars.pathways.letters import trust_of
from pars.pathways.linking import Pathway
from pars.pathways.rtt import RTT_SERVICE_TYPES, stop_of
from pars.tariff import Tariff, TariffLookupError, tariff_for_date

_PENNY = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class SusActivity:
    """A SUS row reduced to what accruals need (built from pars.sus records or a test)."""

    record_id: str
    nhs_number: str | None
    provider_code: str
    specialty_tfc: str | None
    date: date
    kind: str  # "first", "follow_up", "admission", "outpatient_procedure"
    tariff_price: Decimal = Decimal(0)
    attended: bool = True


class SusIndex:
    """SUS activity by patient, for matching to pathways."""

    def __init__(self, records: Iterable[SusActivity]):
        self.by_patient: dict[str, list[SusActivity]] = {}
        for record in records:
            if record.nhs_number:
                self.by_patient.setdefault(record.nhs_number, []).append(record)

    def matching(self, pathway: Pathway, as_of: date) -> list[SusActivity]:
        referral = pathway.referral
        if referral is None or not referral.nhs_number:
            return []
        found = []
        for record in self.by_patient.get(referral.nhs_number, ()):
            if record.date > as_of or record.date < referral.date:
                continue
            if pathway.provider_trust and trust_of(record.provider_code) != pathway.provider_trust:
                continue
            if (
                record.kind in ("first", "follow_up")
                and pathway.specialty_tfc
                and record.specialty_tfc != pathway.specialty_tfc
            ):
                continue
            found.append(record)
        return found


@dataclass(slots=True)
class PathwayState:
    first_seen: bool = False
    follow_ups: int = 0
    discharged: bool = False
    procedure_done: bool = False
    listed: bool = False  # listed for a procedure not yet done
    listed_procedures: tuple[str, ...] = ()  # what the listing letter names
    sus_records: int = 0
    last_letter: date | None = None  # date of the last letter (not the referral) by as_of


def state_as_of(pathway: Pathway, as_of: date, sus: SusIndex | None = None) -> PathwayState:
    """What the letters (and SUS) say has happened on the pathway by ``as_of``."""
    state = PathwayState()
    clinic = 0
    for letter in pathway.letters:
        if letter.is_referral or letter.date is None or letter.date > as_of:
            continue
        state.last_letter = max(state.last_letter or letter.date, letter.date)
        if letter.document_type == "clinic_letter":
            clinic += 1
            if letter.outcome == "listed_for_procedure":
                state.listed = True
                state.listed_procedures = letter.procedures
            if letter.outcome in ("discharged", "referred_on"):
                # discharged, or handed to another provider: nothing more comes here
                state.discharged = True
        if stop_of(letter) == "30":
            state.procedure_done = True
    state.first_seen = clinic > 0
    state.follow_ups = max(0, clinic - 1)
    if sus is not None:
        records = sus.matching(pathway, as_of)
        state.sus_records = len(records)
        firsts = sum(r.kind == "first" and r.attended for r in records)
        follow = sum(r.kind == "follow_up" and r.attended for r in records)
        if firsts:
            state.first_seen = True
        state.follow_ups = max(state.follow_ups, follow)
        if any(r.kind in ("admission", "outpatient_procedure") for r in records):
            state.procedure_done = True
    return state


def _money(value: Decimal) -> Decimal:
    return value.quantize(_PENNY, rounding=ROUND_HALF_UP)


def _procedure_value(
    tariff: Tariff, shares: Iterable[ProcedureShare], provider: str | None
) -> tuple[Decimal, dict[str, Decimal]]:
    """Expected price of the specialty's procedure mix, and its split by setting."""
    total = Decimal(0)
    by_setting: dict[str, Decimal] = {}
    weight_priced = 0.0
    for share in shares:
        try:
            if share.is_hrg:
                quote = tariff.hrg_price(share.code, setting=share.setting, provider_code=provider)
            else:
                quote = tariff.spell_price(
                    setting=share.setting, procedure=share.code, provider_code=provider
                )
        except TariffLookupError:
            continue
        weight = Decimal(str(share.weight))
        total += quote.amount * weight
        by_setting[share.setting] = (
            by_setting.get(share.setting, Decimal(0)) + quote.amount * weight
        )
        weight_priced += share.weight
    if weight_priced and weight_priced < 0.999:
        scale = Decimal(str(1 / weight_priced))
        total *= scale
        by_setting = {k: v * scale for k, v in by_setting.items()}
    return total, by_setting


def _listed_value(
    tariff: Tariff, pathway: Pathway, procedures: tuple[str, ...]
) -> tuple[Decimal, str] | None:
    from pars.pathways.letters import Letter

    probe = Letter(
        document_id="",
        file=None,
        practice_code=None,
        document_type="discharge_summary",
        direction="incoming",
        letter_date=None,
        event_date=None,
        nhs_number=None,
        birth_date=None,
        patient_name=None,
        clinician=None,
        provider_code=None,
        specialty_tfc=None,
        urgency=None,
        service_type="inpatient",
        outcome=None,
        procedures=procedures,
    )
    setting = spell_setting(probe, tariff)
    try:
        quote = tariff.spell_price(
            setting=setting, procedures=list(procedures), provider_code=pathway.provider_trust
        )
    except TariffLookupError:
        return None
    return quote.amount, setting


def accrue(
    pathways: Iterable[Pathway],
    as_of: date,
    assumptions: AssumptionTable,
    *,
    sus: SusIndex | None = None,
    tariff_for: TariffFor = tariff_for_date,
) -> list[PricedEvent]:
    """One ``accrual`` event per open referral as at ``as_of`` (formats.md §5)."""
    tariff = tariff_for(as_of)
    events = []
    for pathway in pathways:
        referral = pathway.referral
        if referral is None or referral.date is None or referral.date > as_of:
            continue
        if referral.service_type == "diagnostic":
            event = _diagnostic_accrual(pathway, as_of, tariff, sus)
            if event is not None:
                events.append(event)
            continue
        if referral.service_type not in RTT_SERVICE_TYPES:
            continue  # community and in-practice work are outside the tariff: not accrued
        state = state_as_of(pathway, as_of, sus)
        if state.discharged or (
            state.procedure_done and state.first_seen and not _expects_more(pathway, as_of)
        ):
            continue
        event = _accrual_for(pathway, state, as_of, assumptions, tariff)
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: (e.date, e.document))
    return events


def _diagnostic_accrual(
    pathway: Pathway, as_of: date, tariff: Tariff, sus: SusIndex | None
) -> PricedEvent | None:
    """A direct-access test requested and not yet reported: the requested test's price."""
    referral = pathway.referral
    reported = any(
        lt.document_type == "diagnostic_report" and lt.date <= as_of for lt in pathway.letters[1:]
    )
    if reported or (sus is not None and sus.matching(pathway, as_of)):
        return None
    codes = [c for c in referral.procedures if OPCS4Code.is_valid(c)]
    if not codes:
        return None
    try:
        quote = tariff.spell_price(
            setting="diagnostic_imaging", procedures=codes, provider_code=referral.provider_code
        )
    except TariffLookupError:
        return None
    return _accrual_line(
        pathway,
        referral,
        specialty_tfc=pathway.specialty_tfc,
        hrg_code=quote.hrg_code,
        price_gbp=quote.amount,
        mff=quote.mff,
        detail=f"expected as at {as_of}: requested test {', '.join(codes)} not yet reported, "
        f"£{quote.amount} ({quote.source})",
        parts={"value": {"diagnostic_imaging": quote.amount}, "count": {"diagnostic_imaging": 1.0}},
    )


def _accrual_line(pathway: Pathway, referral, **fields) -> PricedEvent:
    """An ``accrual`` line for a referral: who, where and when come from the referral letter."""
    return PricedEvent(
        event="accrual",
        date=referral.date,
        document=referral.document_id,
        pathway=pathway.pathway_id,
        nhs_number=referral.nhs_number,
        practice_code=referral.practice_code,
        clinician=referral.clinician,
        provider_code=referral.provider_code,
        price_source="accrual-model",
        accrual=True,
        **fields,
    )


def _expects_more(pathway: Pathway, as_of: date) -> bool:
    """After treatment, a pathway stays open only while its last letter asks for a follow-up."""
    known = [lt for lt in pathway.letters if not lt.is_referral and lt.date and lt.date <= as_of]
    return bool(known) and known[-1].outcome == "follow_up"


def _accrual_for(
    pathway: Pathway,
    state: PathwayState,
    as_of: date,
    assumptions: AssumptionTable,
    tariff: Tariff,
) -> PricedEvent | None:
    referral = pathway.referral
    tfc = pathway.specialty_tfc
    provider = referral.provider_code or pathway.provider_trust
    row, row_source = assumptions.for_tfc(tfc)
    parts: dict[str, Decimal] = {}
    counts: dict[str, float] = {}
    words = []
    note = ""
    try:
        first = tariff.outpatient_price(tfc=tfc or "", first=True, provider_code=provider).amount
        follow = tariff.outpatient_price(tfc=tfc or "", first=False, provider_code=provider).amount
    except TariffLookupError:
        return None  # no outpatient price for this specialty: nothing PARS can accrue
    if not state.first_seen:
        # the chance this referral is seen at all, after waiting so long without a letter
        waiting = (as_of - referral.date).days
        seen = 1.0 if state.listed else row.seen_after(waiting)
        parts["outpatient_first"] = first * Decimal(str(round(seen, 4)))
        counts["outpatient_first"] = seen
        words.append(f"first attendance £{first}")
        follow_ups = row.follow_up_ratio * seen
        p_procedure = row.conversion_rate * seen
        if seen < 1:
            note = f"x {seen:.0%} still to be seen after {waiting} days without a clinic letter"
    elif state.listed and not state.procedure_done:
        follow_ups = row.follow_ups_after_listing
        p_procedure = 1.0
    else:
        follow_ups = row.remaining_follow_ups(state.follow_ups)
        p_procedure = row.conversion_after(state.follow_ups)
        if row.follow_up_tail:
            # a measured tail counts follow-ups up to a listing; those after it come on top
            follow_ups += p_procedure * row.follow_ups_after_listing
        if row.still_active and state.last_letter is not None:
            silent = (as_of - state.last_letter).days
            active = row.active_after(silent)
            follow_ups *= active
            p_procedure *= active
            if active < 1:
                note = f"x {active:.0%} still coming back after {silent} days without a letter"
    if state.listed:
        p_procedure = 1.0
    if state.procedure_done:
        p_procedure = 0.0
    if follow_ups > 0:
        value = follow * Decimal(str(round(follow_ups, 3)))
        parts["outpatient_follow_up"] = value
        counts["outpatient_follow_up"] = follow_ups
        words.append(f"{follow_ups:.2f} follow-ups x £{follow}")
    listed = None
    if state.listed_procedures and not state.procedure_done:
        listed = _listed_value(tariff, pathway, state.listed_procedures)
    if listed is not None:
        amount, setting = listed
        parts[setting] = parts.get(setting, Decimal(0)) + amount
        counts[setting] = counts.get(setting, 0.0) + 1.0
        words.append(
            f"listed procedure ({', '.join(state.listed_procedures)}) "
            f"{setting.replace('_', ' ')} £{amount}"
        )
    elif p_procedure > 0 and row.procedures:
        expected, by_setting = _procedure_value(tariff, row.procedures, provider)
        weight = Decimal(str(round(p_procedure, 4)))
        for setting, value in by_setting.items():
            parts[setting] = parts.get(setting, Decimal(0)) + value * weight
            counts[setting] = counts.get(setting, 0.0) + p_procedure * float(
                value / expected if expected else 0
            )
        if expected:
            words.append(f"{p_procedure:.2f} x procedure £{_money(expected)}")
    total = _money(sum(parts.values(), Decimal(0)))
    if total <= 0:
        return None
    if note:
        words[-1] += f" ({note})"
    if state.sus_records:
        words.append(f"{state.sus_records} SUS record(s) already billed")
    return _accrual_line(
        pathway,
        referral,
        specialty_tfc=tfc,
        hrg_code=None,
        price_gbp=total,
        mff=tariff.mff(provider),
        detail=f"expected as at {as_of}: "
        + " + ".join(words)
        + f" ({tariff.file_label} prices; assumptions {row_source})",
        link_reason=None,
        parts={"value": {k: _money(v) for k, v in parts.items()}, "count": counts},
    )
