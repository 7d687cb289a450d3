"""Demo accounts: one per role, each with a verified e-mail address."""

from allauth.account.models import EmailAddress
from django.contrib.sites.models import Site

from .models import User
from .roles import Role
from .services import assign_role

DEMO_PASSWORD = "atelier-demo"

DEMO_PEOPLE = [
    # email, display name, role (None: platform admin), country, organisation
    ("admin@atelier.test", "Ada Admin", None, "BE", "Atelier"),
    ("coordinator@atelier.test", "Cora Coordinator", Role.COORDINATOR, "BE", "AEIDL"),
    ("moderator@atelier.test", "Mona Moderator", Role.MODERATOR, "SI", "Motovila"),
    ("facilitator@atelier.test", "Andrei Facilitator", Role.FACILITATOR, "RO", "Cowork Timișoara"),
    ("reviewer@atelier.test", "Rey Reviewer", Role.REVIEWER, "PL",
     "Stowarzyszenie Gmin RP Euroregion Bałtyk"),
    ("expert@atelier.test", "Ezra Expert", Role.EXPERT, "LT", "Kaunas 2022"),
    ("member@atelier.test", "Mila Member", Role.MEMBER, "BG", "Community centre Sofia"),
]  # fmt: skip


def load(stdout=None):
    site = Site.objects.get_current()
    site.domain, site.name = "127.0.0.1:8000", "Atelier"
    site.save()
    accounts = []
    for email, name, role, country, organisation in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "display_name": name,
                "country": country,
                "organisation": organisation,
                "is_public": True,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            if role is None:
                user.is_staff = user.is_superuser = True
            user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role is not None:
            assign_role(user, role)
        label = "platform admin" if role is None else role.value
        accounts.append({"email": email, "role": label, "password": DEMO_PASSWORD})
    return accounts
