"""Accounts: people, their profiles and roles, and their rights over their own data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atelier.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
