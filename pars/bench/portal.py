"""Portal page rates (requests/s, ms per page) on the current database, read-only.

Renders the dashboard, the documents list (first page, and filtered) and
document detail pages through the real views and templates, as a group-wide
user (the widest scope, so the most rows), with Django's RequestFactory: no
session or row is written. Run it after ``pars demo --no-serve`` (or on a
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


def _time(view, request, repeats: int, *args) -> float:
    """Best-of-N seconds for one request; best-of keeps other processes' noise out."""
    best = float("inf")
    for _ in range(max(1, repeats)):
        started = time.perf_counter()
        response = view(request, *args)
        best = min(best, time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{request.path} answered {response.status_code}")
    return best


def run(args: argparse.Namespace) -> dict[str, Any]:
    from pars import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.test import RequestFactory

    from pars.documents.models import Document
    from pars.registry.models import Practice
    from pars.web import views

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
    for name, (view, req, extra) in pages.items():
        seconds = _time(view, req, args.repeats, *extra)
        figures[f"{name}_ms"] = round(seconds * 1000, 1)
        figures[f"{name}_per_s"] = round(1 / seconds, 1)
    receipts = list(
        Document.objects.order_by("?").values_list("receipt", flat=True)[: max(1, args.details)]
    )
    total = 0.0
    for receipt in receipts:
        total += _time(
            views.document_detail, request(f"/documents/{receipt}/"), args.repeats, receipt
        )
    figures["detail_pages_sampled"] = len(receipts)
    figures["detail_mean_ms"] = round(total / len(receipts) * 1000, 1)
    figures["detail_per_s"] = round(len(receipts) / total, 1)
    return figures
