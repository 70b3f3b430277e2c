"""Every portal page, every persona: allowed / forbidden / not found, through all middleware."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ALL = ["gp_a", "manager_a", "gp_b", "coder", "commissioner", "admin"]
PAGES = ["home", "document_list"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_is_sent_to_login(client, world, page):
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_anonymous_cannot_open_a_document(client, world):
    url = reverse("document_detail", args=[world.doc_a.receipt])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("page", PAGES)
def test_personas_with_a_role_can_open_portal_pages(client, world, persona, page):
    client.force_login(world.users[persona])
    assert client.get(reverse(page)).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_user_without_membership_is_forbidden(client, world, page):
    client.force_login(world.users["nobody"])
    response = client.get(reverse(page))
    assert response.status_code == 403
    assert b"You do not have access" in response.content


# (persona, document attribute, expected status)
DETAIL_CASES = [
    ("gp_a", "doc_a", 200),
    ("gp_a", "doc_a_quarantined", 200),
    ("gp_a", "doc_b", 404),
    ("manager_a", "doc_a", 200),
    ("manager_a", "doc_b", 404),
    ("gp_b", "doc_b", 200),
    ("gp_b", "doc_a", 404),
    ("gp_b", "doc_a_quarantined", 404),
    ("coder", "doc_a", 200),
    ("coder", "doc_b", 200),
    ("commissioner", "doc_b", 200),
    ("admin", "doc_a", 200),
    ("nobody", "doc_a", 403),
]


@pytest.mark.parametrize(("persona", "document", "status"), DETAIL_CASES)
def test_document_detail_scope(client, world, persona, document, status):
    client.force_login(world.users[persona])
    receipt = getattr(world, document).receipt
    response = client.get(reverse("document_detail", args=[receipt]))
    assert response.status_code == status
    if status == 404:
        assert b"Page not found" in response.content
        assert receipt.encode() not in response.content


@pytest.mark.parametrize("persona", ALL)
def test_unknown_receipt_is_not_found_for_everyone(client, world, persona):
    client.force_login(world.users[persona])
    response = client.get(reverse("document_detail", args=["rcpt_does-not-exist"]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [
        ("gp_a", True, False),
        ("manager_a", True, False),
        ("gp_b", False, True),
        ("coder", True, True),
        ("commissioner", True, True),
        ("admin", True, True),
    ],
)
def test_documents_list_shows_only_visible_practices(client, world, persona, sees_a, sees_b):
    client.force_login(world.users[persona])
    content = client.get(reverse("document_list")).content.decode()
    assert (world.doc_a.receipt in content) is sees_a
    assert (world.doc_a_quarantined.receipt in content) is sees_a
    assert (world.doc_b.receipt in content) is sees_b


@pytest.mark.parametrize(
    ("persona", "sees_a", "sees_b"),
    [("gp_a", True, False), ("gp_b", False, True), ("commissioner", True, True)],
)
def test_dashboard_shows_only_visible_practices(client, world, persona, sees_a, sees_b):
    client.force_login(world.users[persona])
    content = client.get(reverse("home")).content.decode()
    assert ('data-practice="E82001"' in content) is sees_a
    assert ('data-practice="E82002"' in content) is sees_b


def test_filtering_by_another_practice_shows_nothing_of_it(client, world):
    client.force_login(world.users["gp_a"])
    response = client.get(reverse("document_list"), {"practice": "E82002"})
    content = response.content.decode()
    assert response.status_code == 200
    assert world.doc_b.receipt not in content
    assert "There is a problem with the filter" in content
    assert 'value="E82002"' not in content  # not even offered as a choice


def test_admin_site_is_for_superusers_only(client, world):
    client.force_login(world.users["admin"])
    assert client.get("/admin/").status_code == 200
    for persona in ("gp_a", "coder", "commissioner"):
        client.force_login(world.users[persona])
        response = client.get("/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response.url
