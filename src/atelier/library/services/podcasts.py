"""The write path of podcasts: create one, change it."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from atelier.core.audit import log_action
from atelier.core.multilingual import MultilingualText

from ..models import Podcast

# Fields set directly; the title and description come with their language apart.
PODCAST_FIELDS = (
    "slug", "category", "subcategory", "author", "owner_name", "owner_email", "explicit",
    "programme", "website",
)  # fmt: skip


def _with_text(value, text, language):
    """Keep a text's translations unless its original language changes."""
    value = MultilingualText.from_json(value)
    translations = {k: v for k, v in value.translations.items() if k != language}
    if value.language and value.language != language:
        translations = {}
    return MultilingualText(text, language, translations)


def _apply(podcast, *, fields, title, description, language, cover):
    unknown = set(fields) - set(PODCAST_FIELDS)
    if unknown:
        raise ValueError(f"Unknown podcast fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(podcast, name, value)
    podcast.title = _with_text(podcast.title, title.strip(), language)
    podcast.description = _with_text(podcast.description, description.strip(), language)
    podcast.language = language
    if cover:
        podcast.cover.save(cover.name, cover, save=False)


def create_podcast(actor, *, fields, title, description, language, cover=None):
    """Create a podcast owned by ``actor``; ``cover`` is an already checked picture."""
    if not actor.has_perm("library.add_podcast"):
        raise PermissionDenied
    with transaction.atomic():
        podcast = Podcast(owner=actor)
        _apply(
            podcast,
            fields=fields,
            title=title,
            description=description,
            language=language,
            cover=cover,
        )
        podcast.save()
        log_action("library.podcast_created", actor=actor, target=podcast)
    return podcast


def update_podcast(actor, podcast, *, fields, title, description, language, cover=None):
    """Change a podcast; a translation stays while the original's language stays.

    The permission is checked against the podcast as stored, before any change is applied.
    """
    with transaction.atomic():
        podcast = Podcast.objects.select_for_update().get(pk=podcast.pk)
        if not actor.has_perm("library.change_podcast", podcast):
            raise PermissionDenied
        _apply(
            podcast,
            fields=fields,
            title=title,
            description=description,
            language=language,
            cover=cover,
        )
        if podcast.owner_id is None:
            podcast.owner = actor
        podcast.save()
        log_action("library.podcast_changed", actor=actor, target=podcast)
    return podcast
