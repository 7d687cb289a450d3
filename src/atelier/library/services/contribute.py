"""The write path of contributions: submit a resource, edit it, count its downloads.

Every verb runs in one transaction and records a step in the resource's history and the
audit log; a contribution that waits for review is announced to its moderators.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from atelier.core import html, search_registry

from ..models import ModerationEvent, Resource, ResourceAuthor, ResourceFile, Status
from ..rules import publishes_directly
from .moderation import _publish, _record, _tell_moderators

# Fields a contributor sets directly; many-to-many fields and authors are passed apart.
RESOURCE_FIELDS = (
    "kind", "title", "abstract", "body", "programme", "audience", "countries", "languages",
    "published_on", "licence", "licence_url", "external_url", "podcast", "season",
    "episode_number", "explicit",
)  # fmt: skip


def _apply(resource, fields):
    unknown = set(fields) - set(RESOURCE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown resource fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(resource, name, value)
    if resource.body:
        resource.body.text = html.clean(resource.body.text)
        for translation in resource.body.translations.values():
            translation["text"] = html.clean(translation.get("text", ""))
    if resource.licence != "other":
        resource.licence_url = ""


def _set_relations(resource, themes, sectors, authors):
    if themes is not None:
        resource.themes.set(themes)
    if sectors is not None:
        resource.sectors.set(sectors)
    if authors is not None:
        resource.authors.all().delete()
        ResourceAuthor.objects.bulk_create(
            ResourceAuthor(
                resource=resource,
                position=position,
                person=author.get("person"),
                organisation=author.get("organisation"),
                name=(author.get("name") or "").strip()[:200],
            )
            for position, author in enumerate(authors)
            if author.get("person") or author.get("organisation") or author.get("name")
        )
        # A bulk insert tells no signal: the search entry learns the authors here.
        search_registry.refresh("resource", resource.pk)


def _check_complete(resource, has_files):
    if resource.kind == "link" and not resource.external_url:
        raise ValidationError({"external_url": _("A link needs its address.")})
    if resource.kind != "link" and not has_files and not resource.external_url:
        raise ValidationError(_("Add at least one file or an external link."))
    if resource.licence == "other" and not resource.licence_url:
        raise ValidationError({"licence_url": _("Give the address of the licence.")})
    if resource.podcast_id and resource.kind != "podcast-episode":
        raise ValidationError({"podcast": _("Only podcast episodes belong to a podcast.")})


def _store_uploads(resource, uploads):
    """Check every upload, then store them all (none stays if anything fails or rolls back)."""
    from .. import files

    try:
        return files.store_uploads(resource, uploads)
    except ValidationError as error:
        raise ValidationError({"files": error.error_list}) from error


def _after_files_stored(stored):
    """Once committed, each stored file's text, thumbnail and duration are read in the
    background; a failing queue neither breaks the response nor skips later callbacks."""
    from .. import tasks

    for stored_file in stored:
        transaction.on_commit(lambda pk=stored_file.pk: tasks.process_file.enqueue(pk), robust=True)


def submit_resource(
    contributor, *, fields, themes=(), sectors=(), authors=(), uploads=(), cover=None
):
    """Create a resource and send it for review, or publish it at once for those who may.

    ``uploads`` are uploaded files; each is checked and stored by ``files.store_upload``.
    Raises ``ValidationError``, leaving nothing behind, when anything is wrong.
    """
    if not contributor.has_perm("library.submit_resource"):
        raise PermissionDenied
    with transaction.atomic():
        resource = Resource(contributor=contributor)
        _apply(resource, fields)
        if cover is not None:
            from .. import files

            files.store_cover(resource, cover)
        resource.full_clean(exclude=["contributor"])
        _check_complete(resource, has_files=bool(uploads))
        resource.save()
        _set_relations(resource, themes, sectors, authors)
        stored = _store_uploads(resource, uploads)
        if publishes_directly.test(contributor, resource):
            _publish(resource, contributor, ModerationEvent.Action.PUBLISHED)
        else:
            resource.status = Status.SUBMITTED
            resource.save(update_fields=["status", "updated"])
            _record(resource, ModerationEvent.Action.SUBMITTED, contributor)
            _tell_moderators(resource)
        _after_files_stored(stored)
    return resource


def update_resource(
    actor, resource, *, fields, themes=None, sectors=None, authors=None, uploads=(), cover=None
):
    """Edit a resource. A contributor's edit after a request for changes sends it back."""
    if not actor.has_perm("library.change_resource", resource):
        raise PermissionDenied
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        _apply(resource, fields)
        if cover is not None:
            from .. import files

            files.store_cover(resource, cover)
        resource.full_clean(exclude=["contributor"])
        has_files = bool(uploads) or resource.files.filter(role=ResourceFile.Role.MAIN).exists()
        _check_complete(resource, has_files=has_files)
        resource.save()
        _set_relations(resource, themes, sectors, authors)
        stored = _store_uploads(resource, uploads)
        is_contributor = resource.contributor_id == actor.pk
        may_publish = publishes_directly.test(actor, resource)
        # A member's edit of a published item goes back to review, so approval cannot be
        # used to publish something else afterwards.
        goes_to_review = resource.status in (Status.CHANGES_REQUESTED, Status.DRAFT) or (
            resource.status == Status.PUBLISHED and not may_publish
        )
        if is_contributor and goes_to_review:
            if may_publish:
                _publish(resource, actor, ModerationEvent.Action.PUBLISHED)
            else:
                resource.status = Status.SUBMITTED
                resource.save(update_fields=["status", "updated"])
                _record(resource, ModerationEvent.Action.RESUBMITTED, actor)
                _tell_moderators(resource)
        else:
            _record(resource, ModerationEvent.Action.EDITED, actor)
        _after_files_stored(stored)
    return resource


def record_download(resource_file):
    """Count one download of a file and its resource; nothing about the person is kept."""
    ResourceFile.objects.filter(pk=resource_file.pk).update(download_count=F("download_count") + 1)
    Resource.objects.filter(pk=resource_file.resource_id).update(
        download_count=F("download_count") + 1
    )
