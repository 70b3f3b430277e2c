from django.apps import AppConfig


class RefdataConfig(AppConfig):
    """Database copies of the shipped code lists, for the portal, admin and SQL joins.

    The files in ``pars/refdata/data`` stay the source of truth; ``pars init``
    loads them here (idempotently) through ``pars.refdata.loading``.
    """

    name = "pars.refdata"
    label = "refdata"
    verbose_name = "Reference data"
