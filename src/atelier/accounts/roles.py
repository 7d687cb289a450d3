"""The roles people hold, platform-wide or within one scope (a programme, a lab, ...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MODERATOR = "moderator", _("Moderator")
    COORDINATOR = "coordinator", _("Coordinator")
    FACILITATOR = "facilitator", _("Facilitator")
    REVIEWER = "reviewer", _("Reviewer")
    EXPERT = "expert", _("Expert")
    # Platform-wide only: may create programmes (and becomes the coordinator of each one).
    PROGRAMME_CREATOR = "programme-creator", _("Programme creator")
