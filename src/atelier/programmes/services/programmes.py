"""The write path of a programme itself: created and edited in the browser, published, ended
and (by a platform admin) reopened; who may create programmes. Each change goes into the
programme's history (the audit log) with what it was and what it became."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from atelier.accounts import services as accounts_services
from atelier.accounts.roles import Role
from atelier.core.audit import log_action
from atelier.core.multilingual import MultilingualText
from atelier.core.storage import delete_after_commit, delete_on_rollback

from ..models import Programme

# What the programme form edits; the history records each of them as it changes.
FIELDS = (
    "title",
    "acronym",
    "description",
    "funding_programme",
    "funding_strand",
    "action_type",
    "identifier",
    "start_date",
    "end_date",
    "total_budget",
    "eu_contribution",
    "cofinancing_rate",
    "website",
    "community_access",
    "state",
)
SHOWN_LENGTH = 300


def shown(value):
    """A field's value as the history keeps it: text a person reads, never an object."""
    if value is None:
        return None
    if isinstance(value, MultilingualText):
        parts = [f"[{value.language}] {value.text}"] if value.text else []
        parts += [
            f"[{language}] {entry.get('text', '')}"
            for language, entry in sorted(value.translations.items())
        ]
        text = " · ".join(parts)
        return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _free_slug(text):
    base = slugify(text)[:70].strip("-") or "programme"
    slug, number = base, 1
    while Programme.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _check_open(programme):
    if programme.is_ended:
        raise ValidationError(
            _("This programme has ended: its pages are kept as they are."), code="ended"
        )


def _store_logo(programme, logo):
    """Write the re-encoded logo; the file goes again if the transaction rolls back."""
    programme.logo.save(logo.name, logo, save=False)
    delete_on_rollback(programme.logo.storage, [programme.logo.name])


@transaction.atomic
def create_programme(*, values, themes=(), logo=None, actor):
    """A new programme, a draft unless ``values`` says otherwise; its creator coordinates it."""
    values = dict(values)
    slug = _free_slug(values.get("acronym") or values["title"].text)
    programme = Programme(slug=slug, source=Programme.Source.MANUAL, **values)
    if "state" not in values:
        programme.state = Programme.State.DRAFT
    if logo is not None:
        _store_logo(programme, logo)
    programme.save()
    programme.themes.set(themes)
    accounts_services.assign_role(actor, Role.COORDINATOR, scope=programme, actor=actor)
    log_action(
        "programmes.programme.create",
        actor=actor,
        target=programme,
        changes={
            **{name: [None, shown(getattr(programme, name))] for name in FIELDS},
            "themes": [None, ", ".join(sorted(theme.slug for theme in themes))],
        },
    )
    return programme


@transaction.atomic
def update_programme(programme, *, values, themes=None, logo=None, remove_logo=False, actor):
    """Save what the form changed and record each change (before and after) in the history.

    The programme is read again, locked, so the history compares with what is stored (a
    model form has already written the new values into the instance it was given).
    """
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    _check_open(programme)
    changes = {}
    for name, value in values.items():
        before = getattr(programme, name)
        if before != value:
            changes[name] = [shown(before), shown(value)]
            setattr(programme, name, value)
    if themes is not None:
        before = sorted(theme.slug for theme in programme.themes.all())
        after = sorted(theme.slug for theme in themes)
        if before != after:
            changes["themes"] = [", ".join(before), ", ".join(after)]
    old_logo = programme.logo.name if programme.logo else ""
    if logo is not None:
        _store_logo(programme, logo)
        changes["logo"] = ["picture" if old_logo else None, "new picture"]
    elif remove_logo and old_logo:
        programme.logo = ""
        changes["logo"] = ["picture", None]
    if not changes:
        return programme
    programme.save()
    if "themes" in changes:
        programme.themes.set(themes)
    if "logo" in changes:
        delete_after_commit(programme.logo.storage, [old_logo])
    log_action("programmes.programme.update", actor=actor, target=programme, changes=changes)
    return programme


@transaction.atomic
def end_programme(programme, *, kept_by, actor):
    """Mark a published programme ended: its pages stay, read-only, saying who keeps them."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.state != Programme.State.PUBLISHED:
        raise ValidationError(
            _("Only a published programme can be ended."), code=f"state-{programme.state}"
        )
    programme.state = Programme.State.ENDED
    programme.ended_at = timezone.now()
    programme.ended_by = actor
    programme.kept_by = kept_by.strip()
    programme.save(update_fields=["state", "ended_at", "ended_by", "kept_by", "updated"])
    log_action("programmes.programme.end", actor=actor, target=programme, kept_by=kept_by)
    return programme


@transaction.atomic
def reopen_programme(programme, *, actor):
    """Take an ended programme back to published, when it was ended by mistake."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.state != Programme.State.ENDED:
        raise ValidationError(_("This programme has not ended."), code="not-ended")
    programme.state = Programme.State.PUBLISHED
    programme.ended_at = None
    programme.ended_by = None
    programme.save(update_fields=["state", "ended_at", "ended_by", "updated"])
    log_action("programmes.programme.reopen", actor=actor, target=programme)
    return programme


# Who may create programmes besides platform coordinators and admins ----------------------


def allow_programme_creation(user, *, actor):
    return accounts_services.assign_role(user, Role.PROGRAMME_CREATOR, actor=actor)


def withdraw_programme_creation(user, *, actor):
    return accounts_services.revoke_role(user, Role.PROGRAMME_CREATOR, actor=actor)
