"""Load the demo content: every app's ``demo.load()`` in dependency order. Idempotent."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Create or update the demo accounts and content; running it again duplicates nothing."

    def handle(self, *args, **options):
        accounts = []
        for config in apps.get_app_configs():
            if not config.name.startswith("atelier."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                result = module.load(stdout=self.stdout)
            if result:
                accounts.extend(result)
        if accounts:
            self.stdout.write(f"\nDemo accounts (password for all: {accounts[0]['password']})")
            width = max(len(a["email"]) for a in accounts)
            for account in accounts:
                self.stdout.write(f"  {account['email']:<{width}}  {account['role']}")
