"""Response headers for pages that show patient data, beyond Django's own security middleware.

Django sets X-Frame-Options, nosniff, Referrer-Policy, Cross-Origin-Opener-Policy
and (with ``SECURE_CSP``) Content-Security-Policy. This adds what it does not:
pages for signed-in users are never stored by browsers or proxies, and the
browser features the portal does not use are switched off.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class PrivatePagesMiddleware:
    """``Cache-Control: no-store`` for signed-in users, and a restrictive Permissions-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
