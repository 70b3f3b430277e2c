from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "pars.documents"
    label = "documents"
    verbose_name = "Documents and coding"
