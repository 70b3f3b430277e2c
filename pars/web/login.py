"""Login with a brake on password guessing: a few failures lock that username for a while.

Failures are counted per username (hashed) and client address in Django's
cache. With the default in-process cache the count is per ``pars serve``
process; several instances behind a load balancer should share a cache
(database or Redis) for the limit to hold across them. Two-factor
authentication is a later portal issue.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

MAX_FAILURES = 5
LOCK_SECONDS = 15 * 60


def _key(request: HttpRequest) -> str:
    username = (request.POST.get("username") or "").strip().lower()
    address = request.META.get("REMOTE_ADDR", "")
    digest = hashlib.sha256(f"{username}\x00{address}".encode()).hexdigest()
    return f"pars-login-failures:{digest}"


class LoginView(auth_views.LoginView):
    """Django's login view; refuses (429) after MAX_FAILURES wrong passwords in LOCK_SECONDS."""

    template_name = "registration/login.html"

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if cache.get(_key(request), 0) >= MAX_FAILURES:
            # An unbound form: the password is not even checked while locked.
            form = self.get_form_class()(
                request, initial={"username": request.POST.get("username", "")}
            )
            context = self.get_context_data(form=form, locked=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = _key(self.request)
        cache.add(key, 0, LOCK_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, LOCK_SECONDS)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_key(self.request))
        return super().form_valid(form)
