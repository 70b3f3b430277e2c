"""Login and logout pages, security headers, error pages and the static NHS.UK assets."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_nhs_styled_with_a_skip_link(client, world):
    content = client.get(reverse("login")).content.decode()
    assert 'class="nhsuk-header"' in content
    assert 'class="nhsuk-header__service-name">PARS<' in content
    assert 'href="#maincontent"' in content and 'id="maincontent"' in content
    assert "/static/nhsuk/nhsuk-frontend.min.css" in content
    assert 'class="nhsuk-footer"' in content
    assert "csrfmiddlewaretoken" in content


def test_login_with_the_right_password_lands_on_the_next_page(world):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login") + "?next=/documents/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("login"),
        {
            "username": "gp-a",
            "password": "persona-password-1",
            "next": "/documents/",
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302 and response.url == "/documents/"
    assert client.get("/documents/").status_code == 200


def test_login_with_a_wrong_password_says_so(client, world):
    response = client.post(reverse("login"), {"username": "gp-a", "password": "nope"})
    assert response.status_code == 200
    assert "Enter a correct username and password" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_login_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "gp-a", "password": "persona-password-1"})
    assert response.status_code == 403
    assert "that form had expired" in response.content.decode()


def test_logout_is_post_only_and_ends_the_session(client, world):
    client.force_login(world.users["gp_a"])
    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 200
    assert "You have logged out" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_pages_carry_security_headers(client, world):
    client.force_login(world.users["gp_a"])
    for url in (reverse("home"), reverse("document_list")):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        csp = response["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert "no-store" in response["Cache-Control"]
        assert "camera=()" in response["Permissions-Policy"]


def test_session_and_csrf_cookies_are_http_only(client, world):
    response = client.post(reverse("login"), {"username": "gp-a", "password": "persona-password-1"})
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
    assert response.cookies["csrftoken"]["httponly"]


def test_pages_have_no_inline_scripts(client, world):
    """The CSP forbids inline script, so a template that adds one would silently break."""
    client.force_login(world.users["coder"])
    pages = [reverse("home"), reverse("document_list")]
    pages.append(reverse("document_detail", args=[world.doc_a.receipt]))
    for url in pages:
        content = client.get(url).content.decode()
        for tag in content.split("<script")[1:]:
            assert "src=" in tag.split(">")[0], f"inline script on {url}"
        assert " style=" not in content and "<style" not in content


def test_unknown_page_uses_the_portal_404(client, world):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with PARS" in html
    assert "nhsuk-frontend.min.css" in html


def test_nhs_frontend_assets_and_licence_are_shipped():
    from django.contrib.staticfiles import finders

    for name in (
        "nhsuk/nhsuk-frontend.min.css",
        "nhsuk/nhsuk-frontend.min.js",
        "nhsuk/LICENSE.txt",
        "pars/init.js",
        "pars/pars.css",
    ):
        assert finders.find(name), name
    css = Path(finders.find("nhsuk/nhsuk-frontend.min.css")).read_text(encoding="utf-8")
    assert "assets.nhs.uk" not in css  # no third-party requests from the portal
    for icon in ("nhsuk-icon-cross.svg", "nhsuk-icon-arrow-down.svg"):
        assert f"url(assets/images/{icon})" in css
        assert finders.find(f"nhsuk/assets/images/{icon}"), icon


def test_repeated_wrong_passwords_lock_the_username_for_a_while(client, world):
    from pars.web import login

    for _ in range(login.MAX_FAILURES):
        response = client.post(reverse("login"), {"username": "gp-a", "password": "wrong"})
        assert response.status_code == 200
    # now even the right password is refused, without being checked
    locked = client.post(reverse("login"), {"username": "GP-A ", "password": "persona-password-1"})
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    assert client.get(reverse("home")).status_code == 302
    # another user is not affected
    other = client.post(reverse("login"), {"username": "gp-b", "password": "persona-password-1"})
    assert other.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, world):
    from pars.web import login

    for _ in range(login.MAX_FAILURES - 1):
        client.post(reverse("login"), {"username": "gp-a", "password": "wrong"})
    ok = client.post(reverse("login"), {"username": "gp-a", "password": "persona-password-1"})
    assert ok.status_code == 302
    client.post(reverse("logout"))
    for _ in range(login.MAX_FAILURES - 1):
        client.post(reverse("login"), {"username": "gp-a", "password": "wrong"})
    again = client.post(reverse("login"), {"username": "gp-a", "password": "persona-password-1"})
    assert again.status_code == 302
