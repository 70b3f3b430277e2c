from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "pars.registry"
    label = "registry"
    verbose_name = "Registry"
