"""PARS, the Patient Activity Reporting Service.

Layout: ``pars.core`` (value types), ``pars.coding``, ``pars.tariff``,
``pars.reconcile``... are pure Python and never import Django, so the CLI can
code, price and reconcile files without a database. Django apps (``registry``,
``documents``, ``web``...) wrap them with persistence and the portal.
"""

__version__ = "0.1.0"


def setup_django() -> None:
    """Configure Django on first use, so Django-free commands stay fast and light."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pars.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
