"""The registry: practices, clinicians, list sizes, providers, budgets and contracts.

``csv_rules`` (Django-free) reads and validates the formats.md §2 files;
``importer`` writes them to the database; ``command`` is ``pars import registry``.
"""
