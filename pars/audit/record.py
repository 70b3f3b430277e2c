"""The single way to write an audit event; actions call it inside their transaction."""

from __future__ import annotations

from typing import Any

from pars.audit.models import AuditEvent


def record_event(
    *,
    action: str,
    by: Any | None,
    practice_code: str = "",
    target_type: str = "",
    target_id: str | int = "",
    detail: dict | None = None,
) -> AuditEvent:
    """Record who did what to which object; ``by`` is a user or None for the system."""
    return AuditEvent.objects.create(
        action=action,
        actor_id=getattr(by, "pk", None),
        actor_label=by.get_username()
        if by is not None and hasattr(by, "get_username")
        else "system",
        practice_code=practice_code,
        target_type=target_type,
        target_id=str(target_id),
        detail=detail or {},
    )
