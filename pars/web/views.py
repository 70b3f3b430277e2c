"""Portal views: health check, dashboard, documents list and document detail (findings: findings.py).

Views are thin: they read through ``pars.web.scope`` (so practice scope is
enforced in one place) and render NHS.UK-styled templates. Nothing here
writes; coding decisions go through ``pars.documents.actions`` in later pages.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Max, Sum
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pars.documents.fields import CODED_FIELDS
from pars.documents.models import Document
from pars.refdata import load_tfcs
from pars.sus.models import Finding
from pars.web.scope import portal_view, visible_documents, visible_findings, visible_practices

DOCUMENTS_PER_PAGE = 50
# What a document without a type is, on the dashboard: unreadable, or still waiting.
_UNTYPED = {Document.Status.QUARANTINED: "unreadable (quarantined)"}


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, so a load balancer only routes to a working instance."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
@portal_view
def home(request: HttpRequest) -> HttpResponse:
    """Per visible practice: documents received, coded, quarantined, by type; findings and £.

    A handful of grouped queries, whatever the number of documents, so the
    dashboard stays fast for a whole practice group.
    """
    codes = request.practice_codes
    practices = list(visible_practices(codes))
    documents = visible_documents(codes).order_by()
    rows: dict[str, dict] = {
        p.code: {
            "practice": p,
            "received": 0,
            "coded": 0,
            "quarantined": 0,
            "last_received": None,
            "by_type": {},
            "findings": 0,
            "findings_value": Decimal("0"),
        }
        for p in practices
    }
    for item in documents.values("practice__code", "status").annotate(n=Count("id")):
        row = rows.get(item["practice__code"])
        if row is None:
            continue
        row["received"] += item["n"]
        if item["status"] in (Document.Status.CODED, Document.Status.QUARANTINED):
            row[item["status"]] += item["n"]
    for item in documents.values("practice__code").annotate(last=Max("received_at")):
        if item["practice__code"] in rows:
            rows[item["practice__code"]]["last_received"] = item["last"]
    types: set[str] = set()
    by_type = documents.values("practice__code", "document_type", "status")
    for item in by_type.annotate(n=Count("id")):
        if item["practice__code"] in rows:
            name = item["document_type"] or _UNTYPED.get(item["status"], "not yet coded")
            types.add(name)
            counts = rows[item["practice__code"]]["by_type"]
            counts[name] = counts.get(name, 0) + item["n"]
    findings = visible_findings(codes).order_by()
    unassigned = {"findings": 0, "findings_value": Decimal("0")}
    for item in findings.values("practice_code").annotate(n=Count("id"), value=Sum("value_gbp")):
        row = rows.get(item["practice_code"], unassigned)
        row["findings"] += item["n"]
        row["findings_value"] += item["value"] or Decimal("0")
    open_findings = findings.filter(status=Finding.Status.OPEN).aggregate(
        count=Count("id"), value=Sum("value_gbp")
    )
    type_names = sorted(types)
    table = list(rows.values())
    for row in table:
        row["type_counts"] = [row["by_type"].get(name, 0) for name in type_names]
    totals = {
        key: sum(row[key] for row in table) + unassigned.get(key, 0)
        for key in ("received", "coded", "quarantined", "findings", "findings_value")
    }
    return render(
        request,
        "web/home.html",
        {
            "rows": table,
            "type_names": type_names,
            "totals": totals,
            "unassigned": unassigned if codes is None and unassigned["findings"] else None,
            "whole_group": codes is None,
            "findings_stored": Finding.objects.exists(),
            "open_findings": open_findings,
        },
    )


class DocumentFilterForm(forms.Form):
    """Filters for the documents list; choices only ever list practices in scope."""

    practice = forms.ChoiceField(required=False)
    document_type = forms.ChoiceField(required=False, label="Type")
    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Document.Status.choices]
    )

    def __init__(self, data, *, practices: list, document_types: list[str]) -> None:
        super().__init__(data)
        self.fields["practice"].choices = [("", "All practices")] + [
            (p.code, f"{p.code} {p.name}") for p in practices
        ]
        self.fields["document_type"].choices = [("", "Any type")] + [
            (t, t.replace("_", " ")) for t in document_types
        ]


@require_GET
@portal_view
def document_list(request: HttpRequest) -> HttpResponse:
    """Documents in scope, newest first, filtered by practice, type and status; 50 a page."""
    codes = request.practice_codes
    documents = visible_documents(codes)
    practices = list(visible_practices(codes))
    document_types = sorted(
        t
        for t in documents.order_by()
        .values_list("document_type", flat=True)
        .distinct()
        .exclude(document_type="")
    )
    form = DocumentFilterForm(request.GET, practices=practices, document_types=document_types)
    if form.is_valid():
        if form.cleaned_data["practice"]:
            documents = documents.filter(practice__code=form.cleaned_data["practice"])
        if form.cleaned_data["document_type"]:
            documents = documents.filter(document_type=form.cleaned_data["document_type"])
        if form.cleaned_data["status"]:
            documents = documents.filter(status=form.cleaned_data["status"])
    else:
        documents = documents.none()
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/document_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _meaning(field: str, value) -> str:
    """A code's name beside it (TFC name from the shipped reference data), else blank."""
    if field == "specialty_tfc" and isinstance(value, str):
        info = load_tfcs().get(value)
        return info.name if info else "not a known Treatment Function Code"
    return ""


@require_GET
@portal_view
def document_detail(request: HttpRequest, receipt: str) -> HttpResponse:
    """One document by its receipt: each coded field, its confidence, state and history.

    Looked up inside the user's scope, so another practice's receipt answers 404.
    """
    document = get_object_or_404(visible_documents(request.practice_codes), receipt=receipt)
    order = {name: index for index, name in enumerate(CODED_FIELDS)}
    suggestions = sorted(document.suggestions.all(), key=lambda s: order.get(s.field, len(order)))
    history: dict[str, list] = defaultdict(list)
    for entry in document.history.all():
        history[entry.field].append(entry)
    fields = [
        {
            "suggestion": s,
            "history": history.get(s.field, []),
            "meaning": _meaning(s.field, s.current_value),
        }
        for s in suggestions
    ]
    return render(
        request,
        "web/document_detail.html",
        {"document": document, "fields": fields},
    )
