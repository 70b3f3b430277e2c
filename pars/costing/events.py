"""Activity events priced on the tariff, derived from the letters of each pathway.

One event per piece of activity a letter evidences (formats.md §5):
referrals (unpriced), outpatient first / follow-up attendances, outpatient
procedures, diagnostic tests, day cases, elective and non-elective spells.
Work inside the practice (``internal``) and community services
(``community``) are kept as their own events: they are today's unrecognised,
unfunded activity and are reported separately, never mixed with tariff
activity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pars.core.codes import OPCS4Code
from pars.core.periods import financial_year_of
from pars.pathways.letters import Letter
from pars.pathways.linking import Pathway
from pars.tariff import PriceQuote, Tariff, TariffLookupError, tariff_for_date

TariffFor = Callable[[date], Tariff]

#: event -> point of delivery in budgets.csv / contracts.csv
POINT_OF_DELIVERY = {
    "outpatient_first": "outpatient_first",
    "outpatient_follow_up": "outpatient_follow_up",
    "outpatient_procedure": "outpatient_procedure",
    "day_case": "day_case",
    "elective": "elective",
    "non_elective": "non_elective",
    "diagnostic": "diagnostic_imaging",
}
SEPARATE_EVENTS = ("community", "internal")
#: A combined day-case/elective HRG whose elective trim point is at least this
#: many days is major surgery, usually an ordinary admission (hip, knee).
MAJOR_TRIM_POINT_DAYS = 3


@dataclass(slots=True)
class PricedEvent:
    """One line of ``pars cost`` output (formats.md §5)."""

    event: str
    date: date
    document: str
    pathway: str
    nhs_number: str | None
    practice_code: str | None
    clinician: str | None
    provider_code: str | None
    specialty_tfc: str | None
    hrg_code: str | None
    price_gbp: Decimal
    price_source: str
    mff: float
    detail: str
    accrual: bool = False
    link_reason: str | None = None
    #: accrual only: expected value per point of delivery, and expected counts
    parts: dict | None = None

    @property
    def financial_year(self) -> str:
        return financial_year_of(self.date)

    @property
    def point_of_delivery(self) -> str | None:
        return POINT_OF_DELIVERY.get(self.event)

    def as_record(self) -> dict:
        return {
            "event": self.event,
            "date": self.date.isoformat(),
            "financial_year": self.financial_year,
            "document": self.document,
            "pathway": self.pathway,
            "nhs_number": self.nhs_number,
            "practice_code": self.practice_code,
            "clinician": self.clinician,
            "provider_code": self.provider_code,
            "specialty_tfc": self.specialty_tfc,
            "hrg_code": self.hrg_code,
            "price_gbp": float(self.price_gbp),
            "price_source": self.price_source,
            "mff": self.mff,
            "accrual": self.accrual,
            "detail": self.detail,
            "link_reason": self.link_reason,
        }


def spell_setting(letter: Letter, tariff: Tariff) -> str:
    """Day case, elective or non-elective for a discharge summary.

    Emergency admissions are non-elective. A planned admission is a day case
    when the tariff has a day-case (or combined) price for the HRG its
    procedures group to (or a combined price with a short trim point), else
    an ordinary elective spell: the letters do not state the length of stay,
    so the price table decides what is usual.
    """
    if letter.service_type == "emergency":
        return "non_elective"
    groups = tariff.group(setting="day_case", procedures=_valid(letter.procedures))
    for _code, mapping in groups:
        if f"apc:{mapping.hrg_code}:day_case" in tariff.rows:
            return "day_case"
        combined = tariff.rows.get(f"apc:{mapping.hrg_code}:combined")
        if combined is not None and (combined.trim_point_days or 0) < MAJOR_TRIM_POINT_DAYS:
            return "day_case"
    return "elective" if groups else "day_case"


def _valid(codes: Iterable[str]) -> list[str]:
    return [c for c in codes if OPCS4Code.is_valid(c)]


def _event(
    kind: str,
    letter: Letter,
    pathway: Pathway,
    reason: str,
    quote: PriceQuote | None,
    detail: str,
) -> PricedEvent:
    return PricedEvent(
        event=kind,
        date=letter.date,
        document=letter.document_id,
        pathway=pathway.pathway_id,
        nhs_number=letter.nhs_number,
        practice_code=letter.practice_code,
        clinician=letter.clinician,
        provider_code=letter.provider_code,
        specialty_tfc=letter.specialty_tfc or pathway.specialty_tfc,
        hrg_code=quote.hrg_code if quote else None,
        price_gbp=quote.amount if quote else Decimal("0"),
        price_source=quote.source if quote else "unpriced",
        mff=quote.mff if quote else 1.0,
        detail=detail,
        link_reason=reason,
    )


def _quote_detail(label: str, quote: PriceQuote) -> str:
    parts = [label, f"£{quote.base_amount} x MFF {quote.mff:g}"]
    if quote.detail:
        parts.append(quote.detail)
    return "; ".join(parts)


def price_pathway(pathway: Pathway, tariff_for: TariffFor = tariff_for_date) -> list[PricedEvent]:
    """The priced events of one pathway, in pathway order."""
    events: list[PricedEvent] = []
    seen_first = False
    for link in pathway.links:
        letter, reason = link.letter, link.reason
        if letter.date is None:
            continue
        service = letter.service_type
        tfc = letter.specialty_tfc or pathway.specialty_tfc
        if letter.is_referral:
            kind = service if service in SEPARATE_EVENTS else "referral"
            what = {
                "community": "referral to a community service",
                "internal": "work within the practice",
            }
            events.append(
                _event(
                    kind,
                    letter,
                    pathway,
                    reason,
                    None,
                    what.get(kind, f"referral ({letter.urgency or 'urgency unknown'})"),
                )
            )
            continue
        if letter.direction == "outgoing":
            continue
        tariff = tariff_for(letter.date)
        if service in SEPARATE_EVENTS:
            quote = None
            detail = f"{service} activity, outside the national tariff"
            if tfc and letter.document_type == "clinic_letter":
                try:
                    quote = tariff.outpatient_price(
                        tfc=tfc, first=not seen_first, provider_code=letter.provider_code
                    )
                    detail = _quote_detail(f"{service} contact, local price", quote)
                except TariffLookupError:
                    pass
            events.append(_event(service, letter, pathway, reason, quote, detail))
            continue
        if letter.document_type == "clinic_letter":
            if service == "emergency":
                events.append(
                    _event(
                        "emergency_attendance",
                        letter,
                        pathway,
                        reason,
                        None,
                        "emergency attendance: not priced by PARS",
                    )
                )
                continue
            first = not seen_first
            seen_first = True
            label = "first" if first else "follow-up"
            performed = letter.procedures and letter.outcome == "treated"
            if performed:
                try:
                    quote = tariff.spell_price(
                        setting="outpatient_procedure",
                        procedures=_valid(letter.procedures),
                        diagnosis=None,
                        provider_code=letter.provider_code,
                    )
                    events.append(
                        _event(
                            "outpatient_procedure",
                            letter,
                            pathway,
                            reason,
                            quote,
                            _quote_detail(f"outpatient procedure at a {label} attendance", quote),
                        )
                    )
                    continue
                except TariffLookupError:
                    pass  # priced as the attendance instead
            kind = "outpatient_first" if first else "outpatient_follow_up"
            try:
                quote = tariff.outpatient_price(
                    tfc=tfc or "", first=first, provider_code=letter.provider_code
                )
                events.append(
                    _event(
                        kind,
                        letter,
                        pathway,
                        reason,
                        quote,
                        _quote_detail(f"{label} attendance, TFC {tfc}", quote),
                    )
                )
            except TariffLookupError as exc:
                events.append(
                    _event(
                        kind, letter, pathway, reason, None, f"{label} attendance unpriced: {exc}"
                    )
                )
            continue
        if letter.document_type == "diagnostic_report":
            try:
                quote = tariff.spell_price(
                    setting="diagnostic_imaging",
                    procedures=_valid(letter.procedures),
                    provider_code=letter.provider_code,
                )
                events.append(
                    _event(
                        "diagnostic",
                        letter,
                        pathway,
                        reason,
                        quote,
                        _quote_detail("diagnostic test", quote),
                    )
                )
            except TariffLookupError as exc:
                events.append(
                    _event(
                        "diagnostic",
                        letter,
                        pathway,
                        reason,
                        None,
                        f"diagnostic test unpriced: {exc}",
                    )
                )
            continue
        if letter.document_type == "discharge_summary":
            setting = spell_setting(letter, tariff)
            try:
                quote = tariff.spell_price(
                    setting=setting,
                    procedures=_valid(letter.procedures),
                    diagnosis=letter.diagnoses[0] if letter.diagnoses else None,
                    provider_code=letter.provider_code,
                )
                events.append(
                    _event(
                        setting,
                        letter,
                        pathway,
                        reason,
                        quote,
                        _quote_detail(f"{setting.replace('_', ' ')} spell", quote),
                    )
                )
            except TariffLookupError as exc:
                events.append(
                    _event(
                        setting,
                        letter,
                        pathway,
                        reason,
                        None,
                        f"{setting.replace('_', ' ')} spell unpriced: {exc}",
                    )
                )
    return events


def price_pathways(
    pathways: Iterable[Pathway], tariff_for: TariffFor = tariff_for_date
) -> list[PricedEvent]:
    """All priced events, ordered by date then document (formats.md §5)."""
    events = [event for pathway in pathways for event in price_pathway(pathway, tariff_for)]
    events.sort(key=lambda e: (e.date, e.document))
    return events
