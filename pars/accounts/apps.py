from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pars.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
