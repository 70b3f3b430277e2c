"""Portal page rates (ms and CPU ms per page, pages per CPU-second) on the current database.

Renders the dashboard, the documents list (first page, and filtered),
document detail pages and the findings pages (the challenge list and a
finding's detail; not the report downloads, which are audited) through the real views and templates, as a group-wide
user (the widest scope, so the most rows), with Django's RequestFactory:
read-only, no session or row is written. Run it after ``pars demo --no-serve`` (or on a
copy of a live database) to see how the pages scale with the documents held.
Figures only, never pass/fail.
"""

from __future__ import annotations

import argparse
import time
from typing import Any


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--repeats", type=int, default=5, help="requests per page, best-of (default 5)"
    )
    parser.add_argument(
        "--details", type=int, default=20, help="document detail pages sampled (default 20)"
    )


def _time(view, request, repeats: int, *args) -> tuple[float, float]:
    """Best-of-N (wall, CPU) seconds for one request; CPU time is what other processes on a
    shared machine do not inflate (SQLite runs in this process, so it is counted)."""
    best_wall = best_cpu = float("inf")
    for _ in range(max(1, repeats)):
        wall, cpu = time.perf_counter(), time.process_time()
        response = view(request, *args)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
        if response.status_code != 200:
            raise RuntimeError(f"{request.path} answered {response.status_code}")
    return best_wall, best_cpu


def run(args: argparse.Namespace) -> dict[str, Any]:
    from pars import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from pars.documents.models import Document
    from pars.registry.models import Practice
    from pars.sus.models import Finding
    from pars.web import findings, views

    documents = Document.objects.count()
    figures: dict[str, Any] = {
        "practices": Practice.objects.count(),
        "documents": documents,
    }
    if not documents:
        figures["note"] = "no documents in this database: run `pars demo --no-serve` first"
        return figures
    user = get_user_model()(username="bench-reader", is_superuser=True)  # never saved
    factory = RequestFactory()

    def request(path: str, **query: str):
        req = factory.get(path, query)
        req.user = user
        return req

    pages = {
        "dashboard": (views.home, request("/"), ()),
        "documents_page_1": (views.document_list, request("/documents/"), ()),
        "documents_coded_page_2": (
            views.document_list,
            request("/documents/", status="coded", page="2"),
            (),
        ),
    }
    finding = Finding.objects.order_by("id").first()
    figures["findings"] = Finding.objects.count()
    if finding is not None:
        pages["findings_page_1"] = (findings.finding_list, request("/findings/"), ())
        pages["finding_detail"] = (
            findings.finding_detail,
            request(f"/findings/{finding.pk}/"),
            (finding.pk,),
        )
    for name, (view, req, extra) in pages.items():
        wall, cpu = _time(view, req, args.repeats, *extra)
        figures[f"{name}_ms"] = round(wall * 1000, 1)
        figures[f"{name}_cpu_ms"] = round(cpu * 1000, 1)
        figures[f"{name}_per_cpu_s"] = round(1 / max(cpu, 1e-9), 1)
    receipts = list(
        Document.objects.order_by("?").values_list("receipt", flat=True)[: max(1, args.details)]
    )
    wall_total = cpu_total = 0.0
    for receipt in receipts:
        wall, cpu = _time(
            views.document_detail, request(f"/documents/{receipt}/"), args.repeats, receipt
        )
        wall_total, cpu_total = wall_total + wall, cpu_total + cpu
    figures["detail_pages_sampled"] = len(receipts)
    figures["detail_mean_ms"] = round(wall_total / len(receipts) * 1000, 1)
    figures["detail_mean_cpu_ms"] = round(cpu_total / len(receipts) * 1000, 1)
    figures["detail_per_cpu_s"] = round(len(receipts) / max(cpu_total, 1e-9), 1)
    return figures
