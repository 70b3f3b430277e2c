"""What every rule sees: the SUS rows, the letters, the links between them, and the parameters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from pars.reconcile.documents import Letter
from pars.reconcile.findings import Finding
from pars.reconcile.linkage import Link, LinkResult
from pars.reconcile.params import ReconcileParams
from pars.reconcile.patients import PatientLists
from pars.sus.records import AdmissionRecord, OutpatientRecord, SusRecord

# Takes the referrals to price, returns document id -> (amount, where it came from).
ReferralPricer = Callable[[Sequence[Letter]], dict[str, tuple[Decimal, str]]]


@dataclass
class RuleContext:
    params: ReconcileParams
    outpatients: Sequence[OutpatientRecord]
    admissions: Sequence[AdmissionRecord]
    letters: Sequence[Letter]
    links: LinkResult
    patients: PatientLists | None
    price_referrals: ReferralPricer
    unreadable: dict[str, int] = field(default_factory=dict)

    def iter_outpatients(self) -> Iterator[tuple[str, OutpatientRecord]]:
        for i, record in enumerate(self.outpatients):
            yield f"o{i}", record

    def iter_admissions(self) -> Iterator[tuple[str, AdmissionRecord]]:
        for i, record in enumerate(self.admissions):
            yield f"a{i}", record

    def iter_records(self) -> Iterator[tuple[str, SusRecord]]:
        yield from self.iter_outpatients()
        yield from self.iter_admissions()

    def nhs_of(self, uid: str, record: SusRecord) -> str | None:
        """The row's NHS number, or the one its probabilistic link resolved it to."""
        return record.nhs_number or self.links.resolved_nhs.get(uid)

    @cached_property
    def practice_nhs_numbers(self) -> dict[str, set[str]]:
        """NHS numbers seen in each practice's letters."""
        seen: dict[str, set[str]] = defaultdict(set)
        for letter in self.letters:
            if letter.practice_code and letter.nhs_number:
                seen[letter.practice_code].add(letter.nhs_number)
        return seen

    def sus_finding(
        self,
        finding: str,
        uid: str,
        record: SusRecord,
        detail: str,
        *,
        value=None,
        letter: Letter | None = None,
        link: Link | None = None,
    ) -> Finding:
        """A finding about one SUS row, filled the same way by every rule."""
        kind = "outpatient" if isinstance(record, OutpatientRecord) else "admission"
        if link is None and record.nhs_number is None:
            # the row's patient came from a link: show the weight that identified them
            link = self.links.referral.get(uid) or self.links.discharge.get(uid)
            if link is None and uid in self.links.resolved_nhs:
                link = Link(-1, None, "identity")
        return Finding(
            finding=finding,
            sus_record=record.record_id,
            document=letter.document if letter else None,
            nhs_number=self.nhs_of(uid, record),
            provider_code=record.provider_code,
            value_gbp=record.tariff_price if value is None else value,
            detail=detail,
            practice_code=record.practice_code,
            activity_date=record.activity_date.isoformat(),
            sus_kind=kind,
            sus_line=record.line,
            match_weight=link.match_weight if link else None,
            link_method=link.method if link else None,
        )
