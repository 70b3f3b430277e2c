"""``pars bench portal`` measures the real pages on the current database and writes nothing."""

from __future__ import annotations

import argparse

import pytest

from pars.audit.models import AuditEvent
from pars.bench import load, parser_for
from pars.documents.models import Document
from pars.sus.models import Finding

pytestmark = pytest.mark.django_db


def _args(**overrides) -> argparse.Namespace:
    module = load("portal")
    args = parser_for("portal", module).parse_args(["--repeats", "1", "--details", "2"])
    for key, value in overrides.items():
        setattr(args, key, value)
    return args


def test_portal_bench_reports_rates_for_every_page(world):
    from django.contrib.sessions.models import Session

    before = (Document.objects.count(), AuditEvent.objects.count(), Session.objects.count())
    figures = load("portal").run(_args())
    assert figures["documents"] == 3 and figures["practices"] == 2
    for page in ("dashboard", "documents_page_1", "documents_coded_page_2"):
        assert figures[f"{page}_ms"] > 0 and figures[f"{page}_per_cpu_s"] > 0
    assert figures["detail_pages_sampled"] == 2 and figures["detail_per_cpu_s"] > 0
    assert figures["findings"] == Finding.objects.count() > 0
    for page in ("findings_page_1", "finding_detail"):
        assert figures[f"{page}_ms"] > 0 and figures[f"{page}_per_cpu_s"] > 0
    after = (Document.objects.count(), AuditEvent.objects.count(), Session.objects.count())
    assert before == after


def test_portal_bench_on_an_empty_database_says_what_to_do():
    figures = load("portal").run(_args())
    assert figures["documents"] == 0
    assert "pars demo" in figures["note"]


def test_portal_bench_skips_the_findings_pages_when_there_are_none(world):
    Finding.objects.all().delete()
    figures = load("portal").run(_args())
    assert figures["findings"] == 0
    assert not [key for key in figures if key.startswith(("findings_page", "finding_detail"))]
