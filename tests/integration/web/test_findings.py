"""The challenge list pages: scope, filters, totals, status changes with history and audit, downloads.

Built on the portal personas (tests/integration/web/conftest.py) plus a few
dated findings: a site code (RWG02) that rolls up to its trust (RWG), a finding
at each practice in the same provider-month, and an ``unknown_patient`` finding
with no practice, which only group-wide roles may see.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from pars.accounts.models import Membership, Role
from pars.audit.models import AuditEvent
from pars.reconcile.report import COLUMNS
from pars.registry.models import Provider
from pars.sus.models import Finding, FindingEvent
from pars.web.findings import FINDINGS_PER_PAGE, may_challenge, report_row
from tests.integration.web.conftest import NHS_A, NHS_B

pytestmark = pytest.mark.django_db

# formats.md §4: the keys of one finding.
SECTION_4_KEYS = (
    "finding",
    "sus_record",
    "document",
    "nhs_number",
    "provider_code",
    "value_gbp",
    "detail",
)


@dataclass
class Dated:
    a_june: Finding  # practice A, site RWG02, June: links to A's letter
    a_july: Finding
    b_june: Finding
    unlinked: Finding  # no practice: group roles only


def _finding(**fields) -> Finding:
    values = {
        "finding": "dna_charged",
        "sus_kind": "outpatient",
        "provider_code": "RWG",
        "detail": "synthetic reason",
    }
    values.update(fields)
    day = values.get("activity_date")
    if day and "month" not in values:
        values["month"] = day.isoformat()[:7]
    return Finding.objects.create(**values)


@pytest.fixture
def dated(world) -> Dated:
    Provider.objects.create(code="RWG", name="West Herts Hospitals Synthetic Trust")
    return Dated(
        a_june=_finding(
            sus_record="OPA6",
            provider_code="RWG02",
            practice_code="E82001",
            nhs_number=NHS_A,
            document=world.doc_a.receipt,
            activity_date=date(2025, 6, 2),
            value_gbp=Decimal("90.00"),
            match_weight=14.25,
            link_method="exact",
        ),
        a_july=_finding(
            finding="unevidenced_gp_referral",
            sus_record="OPA7",
            practice_code="E82001",
            nhs_number=NHS_A,
            activity_date=date(2025, 7, 1),
            value_gbp=Decimal("160.00"),
        ),
        b_june=_finding(
            sus_record="OPB6",
            practice_code="E82002",
            nhs_number=NHS_B,
            activity_date=date(2025, 6, 9),
            value_gbp=Decimal("45.00"),
        ),
        unlinked=_finding(
            finding="unknown_patient",
            sus_record="OPX6",
            practice_code="",
            nhs_number="9434765828",
            activity_date=date(2025, 6, 20),
            value_gbp=Decimal("200.00"),
        ),
    )


def _listed_ids(content: str) -> set[int]:
    return {int(n) for n in re.findall(r'data-finding="(\d+)"', content)}


def _totals_row(content: str, provider: str, month: str) -> tuple[int, str]:
    match = re.search(rf'data-provider="{provider}" data-month="{month}">(.*?)</tr>', content, re.S)
    assert match, f"no totals row for {provider} {month}"
    row = match.group(1)
    count = re.search(r'data-stat="count">(\d+)<', row)
    value = re.search(r'data-stat="value">([^<]+)<', row)
    assert count and value
    return int(count.group(1)), value.group(1)


def _in_scope(codes: set[str] | None) -> set[int]:
    findings = Finding.objects.all()
    if codes is not None:
        findings = findings.filter(practice_code__in=codes)
    return set(findings.values_list("pk", flat=True))


# --- scope ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("gp_a", {"E82001"}),
        ("manager_a", {"E82001"}),
        ("gp_b", {"E82002"}),
        ("coder", None),
        ("commissioner", None),
        ("admin", None),
    ],
)
def test_list_shows_only_findings_in_scope(client, world, dated, persona, codes):
    client.force_login(world.users[persona])
    content = client.get(reverse("finding_list")).content.decode()
    assert _listed_ids(content) == _in_scope(codes)
    assert (dated.unlinked.pk in _listed_ids(content)) is (codes is None)


@pytest.mark.parametrize(
    ("persona", "which", "status"),
    [
        ("gp_a", "a_june", 200),
        ("gp_a", "b_june", 404),
        ("gp_a", "unlinked", 404),
        ("manager_a", "b_june", 404),
        ("gp_b", "b_june", 200),
        ("gp_b", "a_july", 404),
        ("coder", "unlinked", 200),
        ("commissioner", "b_june", 200),
        ("admin", "unlinked", 200),
        ("nobody", "a_june", 403),
    ],
)
def test_detail_is_not_found_outside_scope(client, world, dated, persona, which, status):
    client.force_login(world.users[persona])
    finding = getattr(dated, which)
    response = client.get(reverse("finding_detail", args=[finding.pk]))
    assert response.status_code == status
    if status == 404:
        assert finding.sus_record.encode() not in response.content


def test_anonymous_is_sent_to_login(client, dated):
    for url in (
        reverse("finding_list"),
        reverse("finding_detail", args=[dated.a_june.pk]),
        reverse("finding_report", args=["csv"]) + "?provider=RWG&month=2025-06",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_unknown_finding_id_is_not_found(client, world, dated):
    client.force_login(world.users["commissioner"])
    missing = Finding.objects.order_by("-pk").first().pk + 1
    assert client.get(reverse("finding_detail", args=[missing])).status_code == 404


# --- filters and totals -----------------------------------------------------------------


def test_totals_per_provider_and_month_roll_sites_up_to_the_trust(client, world, dated):
    client.force_login(world.users["commissioner"])
    content = client.get(reverse("finding_list")).content.decode()
    june = [dated.a_june, dated.b_june, dated.unlinked]
    expected_value = sum((f.value_gbp for f in june), Decimal(0))
    assert _totals_row(content, "RWG", "2025-06") == (3, f"£{expected_value:,.2f}")
    assert _totals_row(content, "RWG", "2025-07") == (1, "£160.00")
    # the conftest findings have no activity date: their own row, "undated"
    undated = Finding.objects.filter(provider_code="RWG", month="")
    undated_value = undated.aggregate(v=Sum("value_gbp"))["v"]
    assert _totals_row(content, "RWG", "undated") == (undated.count(), f"£{undated_value:,.2f}")
    grand = re.search(r'id="finding-grand-total">(.*?)</tr>', content, re.S).group(1)
    everything = Finding.objects.aggregate(v=Sum("value_gbp"))["v"]
    assert f'data-stat="count">{Finding.objects.count()}<' in grand
    assert f"£{everything:,.2f}" in grand
    assert "West Herts Hospitals Synthetic Trust" in content  # provider name from the registry


def test_practice_user_totals_count_only_their_findings(client, world, dated):
    client.force_login(world.users["gp_a"])
    content = client.get(
        reverse("finding_list"), {"provider": "RWG", "month": "2025-06"}
    ).content.decode()
    assert _listed_ids(content) == {dated.a_june.pk}
    assert _totals_row(content, "RWG", "2025-06") == (1, "£90.00")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"finding": "unknown_patient"}, ["unlinked"]),
        ({"month": "2025-07"}, ["a_july"]),
        ({"practice": "E82002", "month": "2025-06"}, ["b_june"]),
        ({"provider": "RWG", "month": "2025-06", "finding": "dna_charged"}, ["a_june", "b_june"]),
    ],
)
def test_filters_narrow_the_list(client, world, dated, params, expected):
    client.force_login(world.users["commissioner"])
    content = client.get(reverse("finding_list"), params).content.decode()
    assert _listed_ids(content) == {getattr(dated, name).pk for name in expected}


def test_status_filter(client, world, dated):
    Finding.objects.filter(pk=dated.b_june.pk).update(status=Finding.Status.CHALLENGED)
    client.force_login(world.users["commissioner"])
    challenged = client.get(reverse("finding_list"), {"status": "challenged"}).content.decode()
    assert _listed_ids(challenged) == {dated.b_june.pk}
    assert 'nhsuk-tag--yellow">challenged</strong>' in challenged
    still_open = client.get(reverse("finding_list"), {"status": "open"}).content.decode()
    assert dated.b_june.pk not in _listed_ids(still_open)
    assert len(_listed_ids(still_open)) == Finding.objects.filter(status="open").count()


def test_filtering_by_another_practice_is_an_error_and_lists_nothing(client, world, dated):
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("finding_list"), {"practice": "E82002"}).content.decode()
    assert "There is a problem with the filter" in content
    assert _listed_ids(content) == set()
    assert 'value="E82002"' not in content


def test_filter_choices_only_offer_what_is_in_scope(client, world, dated):
    _finding(
        sus_record="OPB9",
        provider_code="RQW",
        practice_code="E82002",
        activity_date=date(2025, 3, 3),
        value_gbp=Decimal("5.00"),
    )
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("finding_list")).content.decode()
    assert 'value="RWG"' in content and 'value="RQW"' not in content
    assert 'value="2025-06"' in content and 'value="2025-03"' not in content
    assert 'value="unknown_patient"' not in content


def test_list_is_paged(client, world, db):
    for n in range(FINDINGS_PER_PAGE + 3):
        _finding(
            sus_record=f"P{n}",
            practice_code="E82001",
            activity_date=date(2025, 5, 1),
            value_gbp=Decimal("1.00"),
        )
    total = Finding.objects.filter(practice_code="E82001").count()
    client.force_login(world.users["gp_a"])
    first = client.get(reverse("finding_list")).content.decode()
    second = client.get(reverse("finding_list"), {"page": 2}).content.decode()
    assert len(_listed_ids(first)) == FINDINGS_PER_PAGE
    assert len(_listed_ids(second)) == total - FINDINGS_PER_PAGE
    assert not _listed_ids(first) & _listed_ids(second)
    assert "Page 2 of 2" in first


# --- detail and status changes -----------------------------------------------------------


def test_detail_shows_every_section_4_field_and_the_link(client, world, dated):
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("finding_detail", args=[dated.a_june.pk])).content.decode()
    f = dated.a_june
    for text in (f.finding, f.sus_record, f.nhs_number, f.provider_code, f.detail, "£90.00"):
        assert text in content
    assert "14.25" in content and "exact" in content
    assert reverse("document_detail", args=[world.doc_a.receipt]) in content
    assert "West Herts Hospitals Synthetic Trust" in content


def test_letter_of_another_practice_is_not_linked(client, world, dated):
    Finding.objects.filter(pk=dated.a_july.pk).update(document=world.doc_b.receipt)
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("finding_detail", args=[dated.a_july.pk])).content.decode()
    assert reverse("document_detail", args=[world.doc_b.receipt]) not in content
    client.force_login(world.users["commissioner"])
    content = client.get(reverse("finding_detail", args=[dated.a_july.pk])).content.decode()
    assert reverse("document_detail", args=[world.doc_b.receipt]) in content


def test_commissioner_changes_status_with_a_note_history_and_audit(client, world, dated):
    user = world.users["commissioner"]
    client.force_login(user)
    url = reverse("finding_detail", args=[dated.b_june.pk])
    assert 'id="status-form"' in client.get(url).content.decode()
    response = client.post(url, {"status": "challenged", "note": "sent to RWG on 3 July"})
    assert response.status_code == 302 and response.url == url
    dated.b_june.refresh_from_db()
    assert dated.b_june.status == "challenged"
    assert "sent to RWG on 3 July" in dated.b_june.notes
    event = FindingEvent.objects.get(finding_id_ref=dated.b_june.pk)
    assert (event.from_status, event.to_status, event.by) == ("open", "challenged", "commissioner")
    audit = AuditEvent.objects.get(action="sus.finding_status", target_id=str(dated.b_june.pk))
    assert audit.actor_id == user.pk
    assert audit.detail["to"] == "challenged"

    client.post(url, {"status": "accepted", "note": "provider credited"})
    page = client.get(url).content.decode()
    history = re.search(r'id="finding-history">(.*?)</table>', page, re.S).group(1)
    assert history.index("sent to RWG on 3 July") < history.index("provider credited")
    assert "challenged → accepted" in history
    assert "Status saved: accepted." in page
    # the practice's GP sees the same history, read only
    client.force_login(world.users["gp_b"])
    page = client.get(url).content.decode()
    assert "provider credited" in page and 'id="status-form"' not in page


@pytest.mark.parametrize("persona", ["gp_a", "manager_a", "coder"])
def test_read_only_roles_see_no_form_and_cannot_post(client, world, dated, persona):
    client.force_login(world.users[persona])
    url = reverse("finding_detail", args=[dated.a_june.pk])
    page = client.get(url).content.decode()
    assert 'id="status-form"' not in page and "Change the status" not in page
    response = client.post(url, {"status": "rejected", "note": "not mine to say"})
    assert response.status_code == 403
    dated.a_june.refresh_from_db()
    assert dated.a_june.status == "open"
    assert not FindingEvent.objects.filter(finding_id_ref=dated.a_june.pk).exists()
    assert not AuditEvent.objects.filter(action="sus.finding_status").exists()


def test_post_for_a_finding_out_of_scope_is_not_found(client, world, dated):
    client.force_login(world.users["gp_a"])
    response = client.post(reverse("finding_detail", args=[dated.b_june.pk]), {"status": "open"})
    assert response.status_code == 404


def test_practice_level_commissioner_may_change_only_that_practices_findings(client, world, dated):
    user = get_user_model().objects.create_user(username="split", password="persona-password-1")
    Membership.objects.create(user=user, role=Role.COMMISSIONER, practice=world.practice_a)
    Membership.objects.create(user=user, role=Role.GP, practice=world.practice_b)
    assert may_challenge(user, dated.a_june) and not may_challenge(user, dated.b_june)
    client.force_login(user)
    ok = client.post(reverse("finding_detail", args=[dated.a_june.pk]), {"status": "challenged"})
    assert ok.status_code == 302
    refused = client.post(reverse("finding_detail", args=[dated.b_june.pk]), {"status": "rejected"})
    assert refused.status_code == 403


def test_status_form_needs_csrf_token(world, dated):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["commissioner"])
    url = reverse("finding_detail", args=[dated.a_june.pk])
    refused = client.post(url, {"status": "challenged"})
    assert refused.status_code == 403
    dated.a_june.refresh_from_db()
    assert dated.a_june.status == "open"
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    accepted = client.post(url, {"status": "challenged", "csrfmiddlewaretoken": token})
    assert accepted.status_code == 302


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "open"}, "already open"),
        ({"status": "closed"}, "Select a valid choice"),
        ({"status": "challenged", "note": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_status_change_is_explained_and_changes_nothing(client, world, dated, data, message):
    client.force_login(world.users["commissioner"])
    response = client.post(reverse("finding_detail", args=[dated.a_june.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    dated.a_june.refresh_from_db()
    assert dated.a_june.status == "open"
    assert not FindingEvent.objects.filter(finding_id_ref=dated.a_june.pk).exists()


def test_same_status_with_a_note_adds_to_the_history(client, world, dated):
    client.force_login(world.users["commissioner"])
    url = reverse("finding_detail", args=[dated.a_june.pk])
    assert client.post(url, {"status": "open", "note": "asked the practice"}).status_code == 302
    event = FindingEvent.objects.get(finding_id_ref=dated.a_june.pk)
    assert (event.from_status, event.to_status, event.note) == (
        "open",
        "open",
        "asked the practice",
    )


# --- downloads -------------------------------------------------------------------------


def _report(client, kind: str, **params):
    return client.get(reverse("finding_report", args=[kind]), params)


def test_csv_report_has_the_report_columns_and_only_rows_in_scope(client, world, dated):
    client.force_login(world.users["gp_a"])
    response = _report(client, "csv", provider="RWG", month="2025-06")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="challenge-RWG-2025-06.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header = rows[0]
    assert header == list(COLUMNS)
    # the §4 keys, but provider_code: a report is one provider's (it names it in file and title)
    assert set(SECTION_4_KEYS) - {"provider_code"} <= set(header)
    lines = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [line["sus_record"] for line in lines] == [dated.a_june.sus_record]
    assert lines[0]["nhs_number"] == NHS_A and lines[0]["value_gbp"] == "90.00"
    assert lines[0]["document"] == world.doc_a.receipt

    client.force_login(world.users["commissioner"])
    rows = list(
        csv.DictReader(
            io.StringIO(_report(client, "csv", provider="RWG", month="2025-06").content.decode())
        )
    )
    assert {r["sus_record"] for r in rows} == {"OPA6", "OPB6", "OPX6"}


def test_csv_report_carries_status_and_notes(client, world, dated):
    client.force_login(world.users["commissioner"])
    client.post(
        reverse("finding_detail", args=[dated.b_june.pk]),
        {"status": "challenged", "note": "letter 12"},
    )
    response = _report(client, "csv", provider="RWG", month="2025-06", status="challenged")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["sus_record"], r["status"], r["notes"]) for r in rows] == [
        ("OPB6", "challenged", "letter 12")
    ]


def test_xlsx_report_opens_with_totals(client, world, dated):
    client.force_login(world.users["commissioner"])
    response = _report(client, "xlsx", provider="RWG", month="2025-06")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    findings = list(book["Findings"].iter_rows(values_only=True))
    assert list(findings[0]) == list(COLUMNS) and len(findings) == 4
    june = [dated.a_june, dated.b_june, dated.unlinked]
    total = list(book["Totals"].iter_rows(values_only=True))[-1]
    assert total == ("total", 3, float(sum(f.value_gbp for f in june)))


def test_pdf_report_is_a_pdf(client, world, dated):
    client.force_login(world.users["gp_b"])
    response = _report(client, "pdf", provider="RWG", month="2025-06")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_downloads_are_audited(client, world, dated):
    user = world.users["gp_a"]
    client.force_login(user)
    _report(client, "csv", provider="RWG", month="2025-06")
    _report(client, "pdf", provider="RWG", month="2025-07", practice="E82001")
    events = list(AuditEvent.objects.filter(action="sus.findings_report").order_by("id"))
    assert [(e.detail["format"], e.target_id, e.actor_id) for e in events] == [
        ("csv", "RWG-2025-06", user.pk),
        ("pdf", "RWG-2025-07", user.pk),
    ]
    assert events[0].detail["rows"] == 1 and events[1].practice_code == "E82001"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"provider": "RWG"}, 400),  # no month
        ({"month": "2025-06"}, 400),  # no provider
        ({"provider": "RWG", "month": "2025-06", "practice": "E82002"}, 400),  # out of scope
        ({"provider": "RQW", "month": "2025-06"}, 400),  # a provider with nothing in scope
    ],
)
def test_report_needs_one_provider_and_month_in_scope(client, world, dated, params, status):
    client.force_login(world.users["gp_a"])
    response = _report(client, "csv", **params)
    assert response.status_code == status
    assert not AuditEvent.objects.filter(action="sus.findings_report").exists()


def test_unknown_report_type_is_not_found(client, world, dated):
    client.force_login(world.users["commissioner"])
    assert _report(client, "docx", provider="RWG", month="2025-06").status_code == 404


def test_report_row_keeps_every_stored_field(dated):
    row = report_row(dated.a_june)
    assert row.status == "open"
    assert row.finding.to_json()["provider_code"] == "RWG02"
    assert row.finding.month == "2025-06" and row.finding.match_weight == 14.25


# --- navigation, dashboard, page safety ----------------------------------------------------


def test_navigation_and_dashboard_point_to_findings(client, world, dated):
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("finding_list")}"' in content
    open_a = Finding.objects.filter(practice_code="E82001", status="open")
    value = open_a.aggregate(v=Sum("value_gbp"))["v"]
    match = re.search(r'id="open-findings">(.*?)</p>', content, re.S)
    assert match and f"{open_a.count()} open findings" in match.group(1)
    assert f"£{value:,.2f}" in match.group(1)


def test_findings_pages_have_no_inline_scripts_or_styles(client, world, dated):
    client.force_login(world.users["commissioner"])
    for url in (reverse("finding_list"), reverse("finding_detail", args=[dated.a_june.pk])):
        content = client.get(url).content.decode()
        for tag in content.split("<script")[1:]:
            assert "src=" in tag.split(">")[0], f"inline script on {url}"
        assert " style=" not in content and "<style" not in content


def test_hostile_detail_text_is_escaped(client, world, dated):
    Finding.objects.filter(pk=dated.a_june.pk).update(detail="<script>alert(1)</script>")
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("finding_detail", args=[dated.a_june.pk])).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_user_without_membership_is_forbidden_everywhere(client, world, dated):
    client.force_login(world.users["nobody"])
    for url in (
        reverse("finding_list"),
        reverse("finding_report", args=["csv"]) + "?provider=RWG&month=2025-06",
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert b"You do not have access" in response.content


def test_downloads_are_never_cached(client, world, dated):
    client.force_login(world.users["gp_a"])
    response = _report(client, "xlsx", provider="RWG", month="2025-06")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
