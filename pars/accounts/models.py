"""A membership gives a user one role, at one practice or across the whole group."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    GP = "gp", "GP"
    PRACTICE_MANAGER = "practice_manager", "Practice manager"
    CODER = "coder", "Coder"
    SUPERVISOR = "supervisor", "Clinical coding supervisor"
    COMMISSIONER = "commissioner", "Commissioner"
    ADMIN = "admin", "Administrator"


GROUP_ROLES = {Role.CODER, Role.SUPERVISOR, Role.COMMISSIONER, Role.ADMIN}


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    practice = models.ForeignKey(
        "registry.Practice",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "practice"], name="one_membership_per_role_practice"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["gp", "practice_manager"], practice__isnull=False)
                | Q(role__in=["coder", "supervisor", "commissioner", "admin"]),
                name="practice_roles_need_a_practice",
            ),
        ]

    def __str__(self) -> str:
        where = self.practice.code if self.practice_id else "group"
        return f"{self.user} as {self.get_role_display()} at {where}"


def visible_practice_codes(user) -> set[str] | None:
    """Practice codes the user may see; None means every practice in the group."""
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return None
    memberships = list(user.memberships.select_related("practice"))
    if any(m.practice_id is None and m.role in GROUP_ROLES for m in memberships):
        return None
    return {m.practice.code for m in memberships if m.practice_id}
