"""A real browser (Debian's chromium, driven by Playwright) against a live PARS server.

A GP logs in, sees the dashboard for their own practice only, opens the
documents list and a document, the findings list (own practice's only), then logs out. It also checks that the page
runs under the Content-Security-Policy without violations (NHS.UK frontend's
JavaScript started from a module file, no inline script or style).

Skips, with the reason, when /usr/bin/chromium or Playwright is missing; .ci/run
installs chromium first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser test needs Debian's chromium at /usr/bin/chromium "
        "(apt-get install chromium; .ci/run installs it)",
    ),
]


@pytest.fixture
def gp_world(transactional_db, settings):
    """Two practices, a GP at the first, one coded document at each (synthetic values)."""
    from django.contrib.auth import get_user_model

    from pars.accounts.models import Membership, Role
    from pars.documents.actions import record_coding
    from tests.factories.registry import PracticeFactory
    from tests.integration.web.conftest import NHS_A, NHS_B, coded, make_document

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    own = PracticeFactory(code="E82001", name="Alpha Surgery")
    other = PracticeFactory(code="E82002", name="Beta Medical Centre")
    user = get_user_model().objects.create_user(username="gp-a", password="persona-password-1")
    Membership.objects.create(user=user, role=Role.GP, practice=own)
    mine = record_coding(
        document=make_document(own, b"browser letter a", "referral-a.txt"),
        coded=coded(NHS_A),
        source="browser-test",
    )
    theirs = record_coding(
        document=make_document(other, b"browser letter b", "clinic-b.txt"),
        coded=coded(NHS_B, document_type="clinic_letter"),
        source="browser-test",
    )
    from decimal import Decimal

    from pars.sus.models import Finding

    for practice, record in ((own, "OPMINE"), (other, "OPTHEIRS")):
        Finding.objects.create(
            finding="dna_charged",
            sus_record=record,
            practice_code=practice.code,
            provider_code="RWG",
            month="2025-06",
            value_gbp=Decimal("90.00"),
            detail="synthetic",
        )
    return {"mine": mine.receipt, "theirs": theirs.receipt}


def test_gp_logs_in_sees_own_practice_and_a_document(live_server, gp_world):
    sync_api = pytest.importorskip(
        "playwright.sync_api",
        reason="Playwright for Python is not installed (pip install playwright)",
    )
    problems: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(10_000)
            page.on(
                "console",
                lambda message: problems.append(message.text) if message.type == "error" else None,
            )
            page.on("pageerror", lambda error: problems.append(str(error)))

            page.goto(live_server.url + "/")
            assert "/accounts/login/" in page.url
            assert page.locator(".nhsuk-header__service-name").inner_text() == "PARS"
            page.fill("#id_username", "gp-a")
            page.fill("#id_password", "persona-password-1")
            page.click("button[type=submit]")

            page.wait_for_url(live_server.url + "/")
            assert page.locator("h1").inner_text() == "Dashboard"
            assert page.locator('tr[data-practice="E82001"]').count() == 1
            assert page.locator('tr[data-practice="E82002"]').count() == 0
            # NHS.UK frontend's module script ran (it marks the body)
            page.wait_for_function("document.body.classList.contains('js-enabled')")

            page.click("text=Documents")
            page.wait_for_url("**/documents/")
            assert page.locator(f"text={gp_world['mine']}").count() == 1
            assert page.locator(f"text={gp_world['theirs']}").count() == 0
            page.click(f"text={gp_world['mine']}")
            page.wait_for_url(f"**/documents/{gp_world['mine']}/")
            assert "M17.1 OA right knee" in page.locator('tr[data-field="diagnoses"]').inner_text()
            assert "99%" in page.locator('tr[data-field="document_type"]').inner_text()

            response = page.goto(f"{live_server.url}/documents/{gp_world['theirs']}/")
            assert response is not None and response.status == 404

            page.click("a.nhsuk-header__navigation-link[href='/findings/']")
            page.wait_for_url("**/findings/")
            assert page.locator("h1").inner_text() == "Findings"
            assert page.locator("text=OPMINE").count() == 1
            assert page.locator("text=OPTHEIRS").count() == 0

            page.goto(live_server.url + "/")
            page.click("text=Log out")
            page.wait_for_selector("text=You have logged out")
        finally:
            browser.close()
    unexpected = [p for p in problems if "404" not in p]  # the deliberate 404 above
    assert not unexpected, f"browser console errors (CSP violations?): {unexpected}"
