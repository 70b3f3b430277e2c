from django.apps import AppConfig


class SusConfig(AppConfig):
    name = "pars.sus"
    label = "sus"
    verbose_name = "SUS import and reconciliation"
    default_auto_field = "django.db.models.BigAutoField"
