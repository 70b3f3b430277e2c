"""Reconciliation rules: one module per finding type, all with the same small interface.

Copy this one: to add a finding, copy ``dna_charged.py`` (the simplest) to
``rules/<finding_name>.py`` and change it. A rule module defines

- ``FINDING``: the finding type it emits (its key in ``--rules`` and reports),
- ``DESCRIPTION``: one sentence for docs and ``--help``,
- ``ENABLED_BY_DEFAULT``: whether it runs without being asked for,
- ``find(ctx: RuleContext) -> Iterable[Finding]``.

Modules are discovered here by name; no other file changes. Rules never import
Django and never log patient identifiers.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType


@cache
def rule_modules() -> dict[str, ModuleType]:
    """Every rule module in this package, keyed by its FINDING."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[module.FINDING] = module
    return found


def default_rules() -> list[str]:
    return [name for name, module in rule_modules().items() if module.ENABLED_BY_DEFAULT]
