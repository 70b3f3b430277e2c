"""The challenge list: reconciliation findings with status, notes, history and downloads.

Findings are read through ``pars.web.scope.visible_findings`` (so a practice
user never sees another practice's findings, nor unlinked ones), changed only
through ``pars.sus.actions.set_finding_status`` (history and audit in one
transaction), and downloaded through the same report writers as
``pars reconcile --report`` so a file from the portal and one from the command
line have the same columns and totals.

Providers are grouped by trust (the first three characters of the ODS code,
``RWG02`` -> ``RWG``), as the report files are: a challenge goes to a trust,
not to one of its sites.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from pars.accounts.models import Role
from pars.audit.record import record_event
from pars.reconcile.findings import Finding as FindingRecord
from pars.reconcile.report import ReportRow, write_csv, write_pdf, write_xlsx
from pars.registry.models import Practice, Provider
from pars.sus.actions import set_finding_status
from pars.sus.models import Finding, FindingEvent
from pars.web.scope import portal_view, visible_documents, visible_findings, visible_practices

FINDINGS_PER_PAGE = 50
NOTE_MAX_LENGTH = 2000
# The labels the report writers give a finding without provider or date; used as filter values.
UNKNOWN_PROVIDER = "unknown"
UNDATED = "undated"
# Who may change a finding's status: the commissioning side that sends challenges to providers.
# GPs and practice managers see their practice's findings; coders and supervisors see all; both
# read only.
CHALLENGE_ROLES = frozenset({Role.COMMISSIONER, Role.ADMIN})
REPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def challenge_practice_codes(user: Any) -> set[str] | None:
    """Practices whose findings the user may change; None means every finding, unlinked too.

    Mirrors ``visible_practice_codes``: a superuser or a group-level commissioner
    or administrator membership covers the group; a commissioner membership at
    one practice covers that practice's findings only.
    """
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    memberships = [
        m for m in user.memberships.select_related("practice") if m.role in CHALLENGE_ROLES
    ]
    if any(m.practice_id is None for m in memberships):
        return None
    return {m.practice.code for m in memberships}


def may_challenge(user: Any, finding: Finding) -> bool:
    """Whether the user may change this finding's status (scope is checked separately: 404)."""
    codes = challenge_practice_codes(user)
    if codes is None:
        return True
    return bool(finding.practice_code) and finding.practice_code in codes


def _with_trust(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    return findings.annotate(trust=Substr("provider_code", 1, 3))


def _provider_label(code: str, names: dict[str, str]) -> str:
    if not code:
        return "provider not known"
    return f"{code} {names[code]}" if code in names else code


class FindingFilterForm(forms.Form):
    """Filters for the challenge list and its downloads; choices only list what is in scope."""

    provider = forms.ChoiceField(required=False)
    month = forms.ChoiceField(required=False)
    finding = forms.ChoiceField(required=False, label="Finding type")
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Finding.Status.choices]
    )
    practice = forms.ChoiceField(required=False)

    def __init__(
        self,
        data: Any,
        *,
        practices: list[Practice],
        providers: list[str],
        months: list[str],
        finding_types: list[str],
        provider_names: dict[str, str],
    ) -> None:
        super().__init__(data)
        self.fields["provider"].choices = [("", "All providers")] + [
            (code or UNKNOWN_PROVIDER, _provider_label(code, provider_names)) for code in providers
        ]
        self.fields["month"].choices = [("", "All months")] + [
            (month or UNDATED, month or "undated") for month in months
        ]
        self.fields["finding"].choices = [("", "Any type")] + [
            (name, name.replace("_", " ")) for name in finding_types
        ]
        self.fields["practice"].choices = [("", "All practices")] + [
            (p.code, f"{p.code} {p.name}") for p in practices
        ]

    def apply(self, findings: QuerySet[Finding]) -> QuerySet[Finding]:
        """The findings that match the (valid) filters; ``findings`` must carry ``trust``."""
        data = self.cleaned_data
        if data["provider"]:
            provider = "" if data["provider"] == UNKNOWN_PROVIDER else data["provider"]
            findings = findings.filter(trust=provider)
        if data["month"]:
            findings = findings.filter(month="" if data["month"] == UNDATED else data["month"])
        if data["finding"]:
            findings = findings.filter(finding=data["finding"])
        if data["status"]:
            findings = findings.filter(status=data["status"])
        if data["practice"]:
            findings = findings.filter(practice_code=data["practice"])
        return findings


def _filtered(request: HttpRequest) -> tuple[FindingFilterForm, QuerySet[Finding], dict[str, str]]:
    """The filter form bound to the query string and the matching findings in the user's scope.

    An invalid filter (e.g. a practice outside scope) matches nothing, as on the
    documents list: the form shows the error and no finding is listed.
    """
    codes = request.practice_codes  # type: ignore[attr-defined]
    findings = _with_trust(visible_findings(codes))
    distinct = findings.order_by()
    providers = sorted(distinct.values_list("trust", flat=True).distinct())
    months = sorted(distinct.values_list("month", flat=True).distinct(), reverse=True)
    types = sorted(distinct.values_list("finding", flat=True).distinct())
    names = dict(
        Provider.objects.filter(code__in=[p for p in providers if p]).values_list("code", "name")
    )
    form = FindingFilterForm(
        request.GET,
        practices=list(visible_practices(codes)),
        providers=providers,
        months=months,
        finding_types=types,
        provider_names=names,
    )
    findings = form.apply(findings) if form.is_valid() else findings.none()
    return form, findings, names


def _totals(findings: QuerySet[Finding], names: dict[str, str]) -> tuple[list[dict], dict]:
    """Count and £ per provider (trust) and month for the filtered set, and the grand total."""
    rows = []
    grand = {"count": 0, "value": Decimal("0")}
    grouped = (
        findings.order_by()
        .values("trust", "month")
        .annotate(count=Count("id"), value=Sum("value_gbp"))
        .order_by("trust", "-month")
    )
    for item in grouped:
        value = item["value"] or Decimal("0")
        rows.append(
            {
                "provider": item["trust"] or UNKNOWN_PROVIDER,
                "provider_label": _provider_label(item["trust"], names),
                "month": item["month"] or UNDATED,
                "count": item["count"],
                "value": value,
            }
        )
        grand["count"] += item["count"]
        grand["value"] += value
    return rows, grand


@require_GET
@portal_view
def finding_list(request: HttpRequest) -> HttpResponse:
    """Findings in scope, filtered; totals per provider and month; 50 a page."""
    form, findings, names = _filtered(request)
    totals, grand = _totals(findings, names)
    page = Paginator(findings, FINDINGS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    # Download links keep the type, status and practice filters; provider and month come per row.
    download = request.GET.copy()
    for key in ("page", "provider", "month"):
        download.pop(key, None)
    return render(
        request,
        "web/findings_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "download_query": download.urlencode(),
            "totals": totals,
            "grand": grand,
            "report_types": list(REPORT_TYPES),
        },
    )


class FindingStatusForm(forms.Form):
    """A status change with a note; the note says why (sent to the provider, their answer...)."""

    status = forms.ChoiceField(choices=Finding.Status.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why: what was sent to the provider, or what they answered.",
    )

    def __init__(self, data: Any = None, *, finding: Finding) -> None:
        super().__init__(data, initial={"status": finding.status})
        self.finding = finding

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == self.finding.status and not (data.get("note") or "").strip():
            raise forms.ValidationError(
                f"The finding is already {self.finding.status}: choose another status or add a note."
            )
        return data


def _document_receipt(finding: Finding, codes: set[str] | None) -> str | None:
    """The receipt of the finding's letter when it is a document this user may open, else None."""
    if not finding.document:
        return None
    exists = visible_documents(codes).filter(receipt=finding.document).exists()
    return finding.document if exists else None


@require_http_methods(["GET", "POST"])
@portal_view
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One finding: every §4 field, its evidence, its history and (for challengers) a status form.

    Looked up inside the user's scope first, so another practice's finding is a
    404 for everyone; only then is a POST from a read-only role refused (403).
    """
    codes = request.practice_codes  # type: ignore[attr-defined]
    finding = get_object_or_404(visible_findings(codes), pk=pk)
    can_change = may_challenge(request.user, finding)
    form = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied("this role cannot change a finding's status")
        form = FindingStatusForm(request.POST, finding=finding)
        if form.is_valid():
            status = form.cleaned_data["status"]
            set_finding_status(
                finding, status=status, note=form.cleaned_data["note"].strip(), by=request.user
            )
            messages.success(request, f"Status saved: {status}.")
            return redirect("finding_detail", pk=finding.pk)
    elif can_change:
        form = FindingStatusForm(finding=finding)
    history = FindingEvent.objects.filter(finding_id_ref=finding.pk).order_by("at", "id")
    provider_name = (
        Provider.objects.filter(code=finding.provider_code[:3])
        .values_list("name", flat=True)
        .first()
        if finding.provider_code
        else None
    )
    practice = (
        Practice.objects.filter(code=finding.practice_code).first()
        if finding.practice_code
        else None
    )
    return render(
        request,
        "web/findings_detail.html",
        {
            "finding": finding,
            "history": history,
            "form": form,
            "document_receipt": _document_receipt(finding, codes),
            "provider_name": provider_name,
            "practice": practice,
            "note_max_length": NOTE_MAX_LENGTH,
        },
    )


def report_row(finding: Finding) -> ReportRow:
    """A stored finding as the report writers' row (formats.md §4 fields, status and notes)."""
    record = FindingRecord(
        finding=finding.finding,
        sus_record=finding.sus_record or None,
        document=finding.document or None,
        nhs_number=finding.nhs_number or None,
        provider_code=finding.provider_code or None,
        value_gbp=finding.value_gbp,
        detail=finding.detail,
        practice_code=finding.practice_code or None,
        activity_date=finding.activity_date.isoformat() if finding.activity_date else None,
        sus_kind=finding.sus_kind or None,
        match_weight=finding.match_weight,
        link_method=finding.link_method or None,
    )
    return ReportRow(record, status=finding.status, notes=finding.notes)


def render_report(rows: list[ReportRow], kind: str, *, title: str) -> bytes:
    """The report file's bytes, written by ``pars.reconcile.report`` into a private temp folder."""
    with tempfile.TemporaryDirectory(prefix="pars-report-") as folder:
        path = Path(folder) / f"report.{kind}"
        if kind == "csv":
            write_csv(rows, path)
        elif kind == "xlsx":
            write_xlsx(rows, path, title=title)
        elif kind == "pdf":
            write_pdf(rows, path, title=title)
        else:
            raise ValueError(f"unknown report type {kind!r}; one of {', '.join(REPORT_TYPES)}")
        return path.read_bytes()


@require_GET
@portal_view
def finding_report(request: HttpRequest, kind: str) -> HttpResponse:
    """The challenge report for one provider and month, in the user's scope, as a download.

    The same filters as the list; provider and month are required because a
    report goes to one provider for one month (its rows carry no provider column).
    Every download is audited: it carries NHS numbers out of PARS.
    """
    if kind not in REPORT_TYPES:
        raise Http404("no such report type")
    form, findings, _ = _filtered(request)
    if not form.is_valid():
        return HttpResponseBadRequest(
            "invalid filter: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()),
            content_type="text/plain; charset=utf-8",
        )
    provider, month = form.cleaned_data["provider"], form.cleaned_data["month"]
    if not provider or not month:
        return HttpResponseBadRequest(
            "choose a provider and a month: a challenge report is for one provider and one month",
            content_type="text/plain; charset=utf-8",
        )
    rows = [report_row(f) for f in findings.order_by("finding", "activity_date", "id")]
    title = f"PARS challenge report: provider {provider}, {month}"
    content = render_report(rows, kind, title=title)
    filters = {k: v for k, v in form.cleaned_data.items() if v}
    record_event(
        action="sus.findings_report",
        by=request.user,
        practice_code=form.cleaned_data["practice"],
        target_type="sus_findings_report",
        target_id=f"{provider}-{month}",
        detail={"format": kind, "rows": len(rows), "filters": filters},
    )
    response = HttpResponse(content, content_type=REPORT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="challenge-{provider}-{month}.{kind}"'
    return response
