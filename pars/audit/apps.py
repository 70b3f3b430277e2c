from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pars.audit"
    label = "audit"
    verbose_name = "Audit trail"
