"""Practice scope for the portal: which practices, documents and findings a user may see.

Every portal query starts from these helpers, so scope is enforced in one place:
an object outside the user's practices is simply not in the queryset, and the
view answers 404 (it does not reveal that the object exists).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from pars.accounts.models import visible_practice_codes
from pars.documents.models import Document
from pars.registry.models import Practice
from pars.sus.models import Finding


def visible_practices(codes: set[str] | None) -> QuerySet[Practice]:
    """Practices in scope; ``None`` (a group role) means every practice in the registry."""
    practices = Practice.objects.all()
    return practices if codes is None else practices.filter(code__in=codes)


def visible_documents(codes: set[str] | None) -> QuerySet[Document]:
    """Documents of the practices in scope, newest first."""
    documents = Document.objects.select_related("practice").order_by("-received_at", "-id")
    return documents if codes is None else documents.filter(practice__code__in=codes)


def portal_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required, then the user's practice scope on ``request.practice_codes``.

    A signed-in user with no membership (and not a superuser) sees nothing: 403,
    so an account created without a role cannot browse any practice's data.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        codes = visible_practice_codes(request.user)
        if codes is not None and not codes:
            raise PermissionDenied("no practice membership")
        request.practice_codes = codes
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def visible_findings(codes: set[str] | None) -> QuerySet[Finding]:
    """SUS reconciliation findings in scope, newest month first.

    Practice users see only findings carrying one of their practice codes; a
    finding with a blank practice code (e.g. ``unknown_patient`` activity that
    SUS attributed to no known practice) is visible only to group-wide roles.
    """
    findings = Finding.objects.order_by("-month", "provider_code", "finding", "id")
    return findings if codes is None else findings.filter(practice_code__in=codes)
