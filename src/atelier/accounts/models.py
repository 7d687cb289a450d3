"""People: the user with their profile, and the roles they hold."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .roles import Role


def avatar_path(instance, filename):
    # Never the uploaded name: a generated one, so names reveal nothing and never collide.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"avatars/{uuid.uuid4().hex}.{extension}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account; e-mail is how they sign in. The profile lives here too."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("e-mail address"), unique=True)

    display_name = models.CharField(_("display name"), max_length=100, blank=True)
    country = CountryField(_("country"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    interests = models.ManyToManyField(
        "core.Theme", verbose_name=_("interests"), blank=True, related_name="interested_users"
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    avatar = models.ImageField(_("avatar"), upload_to=avatar_path, blank=True)
    is_public = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_(
            "Show your name, country, organisation, languages, interests and bio to everyone."
        ),
    )
    preferred_language = models.CharField(
        _("language for e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return str(self.display_name_or_fallback)

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def display_name_or_fallback(self):
        if self.is_erased:
            return _("former member")
        # Never the e-mail address: this name shows wherever the person appears.
        return self.display_name or _("Unnamed member")

    def get_full_name(self):
        return str(self.display_name_or_fallback)

    def get_short_name(self):
        return str(self.display_name_or_fallback)


class RoleAssignment(models.Model):
    """A role held platform-wide (no scope) or within one object, such as a programme."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope_type = models.ForeignKey(
        ContentType, verbose_name=_("scope type"), null=True, blank=True, on_delete=models.CASCADE
    )
    scope_id = models.PositiveBigIntegerField(_("scope id"), null=True, blank=True)
    scope = GenericForeignKey("scope_type", "scope_id")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "scope_type", "scope_id"],
                condition=models.Q(scope_type__isnull=False),
                name="unique_scoped_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(scope_type__isnull=True),
                name="unique_platform_role",
            ),
            models.CheckConstraint(
                condition=models.Q(scope_type__isnull=True, scope_id__isnull=True)
                | models.Q(scope_type__isnull=False, scope_id__isnull=False),
                name="role_scope_complete",
            ),
        ]

    def __str__(self):
        where = f" @ {self.scope}" if self.scope_id else ""
        return f"{self.user} · {self.get_role_display()}{where}"
