from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pars.web"
    label = "web"
    verbose_name = "PARS portal"
