"""Accounts: people, their profiles and roles, and their rights over their own data."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "atelier.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin
        from django.core import checks

        from . import mfa

        # The admin logs in through allauth, so a second factor applies there too.
        admin.site.login = secure_admin_login(admin.site.login)
        checks.register(mfa.check_required_roles)
