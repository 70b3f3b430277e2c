"""What the portal pages show: dashboard counts, list filters and pages, document detail."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pars.documents.models import Document
from tests.integration.web.conftest import NHS_A, NHS_B, make_document

pytestmark = pytest.mark.django_db


def _row(content: str, practice: str) -> str:
    match = re.search(
        rf'<tr class="nhsuk-table__row" data-practice="{practice}">(.*?)</tr>', content, re.S
    )
    assert match, f"no dashboard row for {practice}"
    return match.group(1)


def _stat(row: str, name: str) -> str:
    match = re.search(rf'data-stat="{name}">(.*?)</td>', row, re.S)
    assert match, name
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_dashboard_counts_documents_and_findings_per_practice(client, world):
    make_document(world.practice_a, b"waiting")  # received, not coded yet
    client.force_login(world.users["commissioner"])
    content = client.get(reverse("home")).content.decode()
    row_a, row_b = _row(content, "E82001"), _row(content, "E82002")
    assert [_stat(row_a, s) for s in ("received", "coded", "quarantined", "findings")] == [
        "3",
        "1",
        "1",
        "2",
    ]
    assert _stat(row_a, "findings_value") == "£250.50"
    assert [_stat(row_b, s) for s in ("received", "coded", "quarantined", "findings")] == [
        "1",
        "1",
        "0",
        "1",
    ]
    assert _stat(row_b, "findings_value") == "£1,000.00"
    assert 'id="totals"' in content
    # by document type: referral at A, clinic letter at B, one not yet coded
    assert "clinic letter" in content and "not yet coded" in content
    assert "unreadable (quarantined)" in content


def test_gp_dashboard_has_no_group_totals(client, world):
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("home")).content.decode()
    assert 'id="totals"' not in content
    assert "£1,000.00" not in content  # practice B's findings


def test_findings_without_a_practice_show_for_the_group_only(client, world):
    from decimal import Decimal

    from pars.sus.models import Finding

    Finding.objects.create(
        finding="unknown_patient",
        sus_record="OP9",
        provider_code="RWG",
        value_gbp=Decimal("55.00"),
        detail="synthetic",
    )
    client.force_login(world.users["coder"])
    assert "Findings not linked to a practice" in client.get(reverse("home")).content.decode()
    client.force_login(world.users["gp_a"])
    assert "Findings not linked" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, {"doc_a", "doc_a_quarantined", "doc_b"}),
        ({"practice": "E82001"}, {"doc_a", "doc_a_quarantined"}),
        ({"status": "quarantined"}, {"doc_a_quarantined"}),
        ({"status": "coded"}, {"doc_a", "doc_b"}),
        ({"document_type": "clinic_letter"}, {"doc_b"}),
        ({"practice": "E82002", "status": "quarantined"}, set()),
        ({"status": "lost"}, set()),  # invalid choice: an error, never a silent full list
    ],
)
def test_documents_list_filters(client, world, query, expected):
    client.force_login(world.users["coder"])
    content = client.get(reverse("document_list"), query).content.decode()
    shown = {
        name
        for name in ("doc_a", "doc_a_quarantined", "doc_b")
        if getattr(world, name).receipt in content
    }
    assert shown == expected


def test_documents_list_paginates_and_keeps_filters(client, world):
    for index in range(55):
        make_document(world.practice_a, f"bulk {index}".encode())
    client.force_login(world.users["gp_a"])
    first = client.get(reverse("document_list"), {"practice": "E82001"}).content.decode()
    assert "57 documents" in first
    assert first.count('href="/documents/rcpt_') == 50
    assert "practice=E82001&amp;page=2" in first
    second = client.get(reverse("document_list"), {"practice": "E82001", "page": 2})
    assert second.content.decode().count('href="/documents/rcpt_') == 7
    # a page past the end shows the last page rather than failing
    assert client.get(reverse("document_list"), {"page": 99}).status_code == 200


def test_no_patient_identifiers_in_urls_or_list(client, world):
    client.force_login(world.users["coder"])
    content = client.get(reverse("document_list")).content.decode()
    for href in re.findall(r'href="([^"]+)"', content):
        assert NHS_A not in href and NHS_B not in href
    assert NHS_A not in content and "Testpatient" not in content
    assert reverse("document_detail", args=[world.doc_a.receipt]).startswith("/documents/rcpt_")


def test_document_detail_shows_fields_confidence_state_and_history(client, world):
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("document_detail", args=[world.doc_a.receipt])).content.decode()
    tfc = re.search(r'data-field="specialty_tfc">(.*?)</tr>', content, re.S).group(1)
    assert "301" in tfc and "81%" in tfc and "corrected" in tfc
    assert "Gastroenterology" in tfc  # the TFC's name beside the code
    assert "gastro clinic" in tfc and "coder" in tfc  # history: who corrected, and why
    assert "110" in tfc  # the old suggested value, in the history
    nhs = re.search(r'data-field="nhs_number">(.*?)</tr>', content, re.S).group(1)
    assert NHS_A in nhs and "100%" in nhs and "auto accepted" in nhs
    diagnoses = re.search(r'data-field="diagnoses">(.*?)</tr>', content, re.S).group(1)
    assert "M17.1 OA right knee" in diagnoses and "suggested" in diagnoses
    # fields are shown in formats.md §1 order
    assert content.index('data-field="document_type"') < content.index('data-field="diagnoses"')


def test_quarantined_document_shows_its_reason(client, world):
    client.force_login(world.users["manager_a"])
    url = reverse("document_detail", args=[world.doc_a_quarantined.receipt])
    content = client.get(url).content.decode()
    assert 'id="quarantine"' in content
    assert "PDF has no text layer" in content
    coded = client.get(reverse("document_detail", args=[world.doc_a.receipt])).content.decode()
    assert 'id="quarantine"' not in coded


def test_received_document_waits_for_coding(client, world):
    waiting = make_document(world.practice_a, b"waiting")
    assert waiting.status == Document.Status.RECEIVED
    client.force_login(world.users["gp_a"])
    content = client.get(reverse("document_detail", args=[waiting.receipt])).content.decode()
    assert "waiting to be coded" in content


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.dictionaries(
        st.sampled_from(["practice", "document_type", "status", "page", "x"]),
        st.one_of(
            st.sampled_from(["E82001", "E82002", "coded", "quarantined", "referral", "-1", "2"]),
            st.text(max_size=12),
        ),
        max_size=4,
    )
)
def test_any_filter_query_keeps_scope_and_never_fails(client, world, query):
    client.force_login(world.users["gp_a"])
    query = {k: v.replace("\x00", "") for k, v in query.items()}
    response = client.get(reverse("document_list"), query)
    assert response.status_code == 200
    assert world.doc_b.receipt not in response.content.decode()


def test_dashboard_says_when_no_findings_are_stored(client, world):
    from pars.sus.models import Finding

    client.force_login(world.users["gp_a"])
    assert 'id="no-findings"' not in client.get(reverse("home")).content.decode()
    Finding.objects.all().delete()
    content = client.get(reverse("home")).content.decode()
    assert 'id="no-findings"' in content and "pars reconcile --store" in content
    assert _stat(_row(content, "E82001"), "findings") == "–"  # unknown, not zero
