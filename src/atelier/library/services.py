"""The write path of the library: contribute, review, publish, withdraw, count downloads, curate.

Every verb runs in one transaction, records a step in the resource's history and the audit
log, and tells the people concerned in their own language.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from atelier.accounts.rules import is_moderator, is_signed_in
from atelier.core import html
from atelier.core.audit import log_action
from atelier.core.languages import CONTENT_LANGUAGES
from atelier.core.multilingual import MultilingualText
from atelier.notifications.services import notify

from . import search
from .models import (
    Collection,
    CollectionItem,
    ModerationEvent,
    Resource,
    ResourceAuthor,
    ResourceFile,
    Status,
)
from .rules import publishes_directly

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


def _record(resource, action, actor, message=""):
    ModerationEvent.objects.create(resource=resource, action=action, actor=actor, message=message)
    log_action(f"library.{action}", actor=actor, target=resource, message=message)


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
    from . import files

    try:
        return files.store_uploads(resource, uploads)
    except ValidationError as error:
        raise ValidationError({"files": error.error_list}) from error


def _after_files_stored(stored):
    """Once committed, each stored file's text, thumbnail and duration are read in the
    background; a failing queue neither breaks the response nor skips later callbacks."""
    from . import tasks

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
            from . import files

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
            from . import files

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
                was_published = resource.status == Status.PUBLISHED
                resource.status = Status.SUBMITTED
                resource.save(update_fields=["status", "updated"])
                if was_published:
                    search.remove_resource(resource.pk)
                _record(resource, ModerationEvent.Action.RESUBMITTED, actor)
                _tell_moderators(resource)
        else:
            _record(resource, ModerationEvent.Action.EDITED, actor)
            if resource.status == Status.PUBLISHED:
                search.index_resource(resource)
        _after_files_stored(stored)
    return resource


def _publish(resource, actor, action, message=""):
    resource.status = Status.PUBLISHED
    if resource.published_at is None:
        resource.published_at = timezone.now()
    resource.save(update_fields=["status", "published_at", "updated"])
    _record(resource, action, actor, message)
    search.index_resource(resource)


def _locked_for_decision(moderator, resource):
    """The resource, locked, once ``moderator`` may decide on it and it awaits a decision."""
    resource = Resource.objects.select_for_update().get(pk=resource.pk)
    if not (is_signed_in & is_moderator).test(moderator, resource):
        raise PermissionDenied
    if resource.contributor_id is not None and resource.contributor_id == moderator.pk:
        raise ValidationError(_("You cannot decide on your own contribution."))
    if resource.status != Status.SUBMITTED:
        raise ValidationError(
            _("This resource is not waiting for a decision: it is “%(status)s”."),
            params={"status": resource.get_status_display()},
            code="already-decided",
        )
    return resource


def _title_for_recipient(resource):
    # Called with the recipient's language active (``notify``), so a translated title shows.
    return resource.title.for_reader().text


def approve(moderator, resource, message=""):
    """Publish a submitted resource; the contributor is told, with the optional message."""
    message = (message or "").strip()
    with transaction.atomic():
        resource = _locked_for_decision(moderator, resource)
        _publish(resource, moderator, ModerationEvent.Action.APPROVED, message)
        _tell_contributor(
            resource,
            "library.approved",
            title=lambda: (
                gettext("Your resource “%(title)s” is published")
                % {"title": _title_for_recipient(resource)}
            ),
            body=lambda: message,
            url=resource.get_absolute_url(),
        )
    return resource


def request_changes(moderator, resource, message):
    """Send a submitted resource back to its contributor with what to change."""
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Tell the contributor what to change.")})
    with transaction.atomic():
        resource = _locked_for_decision(moderator, resource)
        resource.status = Status.CHANGES_REQUESTED
        resource.save(update_fields=["status", "updated"])
        _record(resource, ModerationEvent.Action.CHANGES_REQUESTED, moderator, message)
        _tell_contributor(
            resource,
            "library.changes_requested",
            title=lambda: (
                gettext("Changes are asked for your resource “%(title)s”")
                % {"title": _title_for_recipient(resource)}
            ),
            body=lambda: message,
            url=reverse("library:history", kwargs={"pk": resource.pk}),
        )
    return resource


def reject(moderator, resource, reason):
    """Refuse a submitted resource, with the reason the contributor is given."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"message": _("Give the reason for the rejection.")})
    with transaction.atomic():
        resource = _locked_for_decision(moderator, resource)
        resource.status = Status.REJECTED
        resource.save(update_fields=["status", "updated"])
        _record(resource, ModerationEvent.Action.REJECTED, moderator, reason)
        _tell_contributor(
            resource,
            "library.rejected",
            title=lambda: (
                gettext("Your resource “%(title)s” was not accepted")
                % {"title": _title_for_recipient(resource)}
            ),
            body=lambda: reason,
            url=reverse("library:history", kwargs={"pk": resource.pk}),
        )
    return resource


def withdraw(actor, resource, reason=""):
    """Take a resource out of the library; harvesters see it as deleted."""
    if not actor.has_perm("library.withdraw_resource", resource):
        raise PermissionDenied
    reason = (reason or "").strip()
    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource.pk)
        if resource.status == Status.WITHDRAWN:
            raise ValidationError(_("This resource has already been withdrawn."))
        resource.status = Status.WITHDRAWN
        resource.save(update_fields=["status", "updated"])
        _record(resource, ModerationEvent.Action.WITHDRAWN, actor, reason)
        search.remove_resource(resource.pk)
        if resource.contributor_id != actor.pk:
            _tell_contributor(
                resource,
                "library.withdrawn",
                title=lambda: (
                    gettext("Your resource “%(title)s” was withdrawn from the library")
                    % {"title": _title_for_recipient(resource)}
                ),
                body=lambda: reason,
                url=reverse("library:history", kwargs={"pk": resource.pk}),
            )
    return resource


def record_download(resource_file):
    """Count one download of a file and its resource; nothing about the person is kept."""
    ResourceFile.objects.filter(pk=resource_file.pk).update(download_count=F("download_count") + 1)
    Resource.objects.filter(pk=resource_file.resource_id).update(
        download_count=F("download_count") + 1
    )


def _tell_contributor(resource, verb, *, title, body, url):
    if resource.contributor is None:
        return
    notify(resource.contributor, verb, title=title, body=body, url=url)


def _tell_moderators(resource):
    """Tell (in-app) everyone who may decide on ``resource`` that it waits for them."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q

    from atelier.accounts.models import RoleAssignment
    from atelier.accounts.roles import Role
    from atelier.programmes.models import Programme

    scope = Q(scope_type__isnull=True)
    if resource.programme_id:
        scope |= Q(
            scope_type=ContentType.objects.get_for_model(Programme),
            scope_id=resource.programme_id,
        )
    assignments = (
        RoleAssignment.objects.filter(scope, role=Role.MODERATOR)
        .exclude(user_id=resource.contributor_id)
        .select_related("user")
        .order_by("user_id")
    )
    told = set()
    url = reverse("library:review", kwargs={"pk": resource.pk})
    for assignment in assignments:
        if assignment.user_id in told:
            continue
        told.add(assignment.user_id)
        notify(
            assignment.user,
            "library.submitted",
            title=lambda: (
                gettext("New resource to review: “%(title)s”")
                % {"title": _title_for_recipient(resource)}
            ),
            url=url,
            email=False,
        )


# Collections --------------------------------------------------------------------------------


def _unique_collection_slug(title, exclude_pk=None):
    base = slugify(title)[:70].strip("-") or "collection"
    taken = set(
        Collection.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    # "new" is the address of the creation page.
    taken.add("new")
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _apply_collection(collection, title, language, description, programme):
    title = (title or "").strip()
    description = (description or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the collection a title.")
    if language not in CONTENT_LANGUAGES:
        errors["language"] = _("Say which language the title and description are written in.")
    if errors:
        raise ValidationError(errors)
    old_title, old_description = collection.title, collection.description
    collection.title = _keep_translations(old_title, title, language)
    collection.description = (
        _keep_translations(old_description, description, language)
        if description
        else MultilingualText()
    )
    collection.programme = programme


def _keep_translations(old, text, language):
    """The new original text; translations stay only while the original is unchanged."""
    old = MultilingualText.from_json(old)
    if old.text == text and old.language == language:
        return old
    return MultilingualText(text, language)


def _check_may_curate(actor, collection):
    if not actor.has_perm("library.change_collection", collection):
        raise ValidationError(
            {"programme": _("Choose a programme you coordinate or moderate.")},
            code="programme",
        )


def create_collection(curator, *, title, language, description="", programme=None):
    """Start a collection; its curator must be allowed to keep curating it."""
    if not curator.has_perm("library.add_collection"):
        raise PermissionDenied
    with transaction.atomic():
        collection = Collection(curator=curator)
        _apply_collection(collection, title, language, description, programme)
        _check_may_curate(curator, collection)
        collection.slug = _unique_collection_slug(collection.title.text)
        collection.full_clean(exclude=["curator"])
        collection.save()
        log_action("library.collection.create", actor=curator, target=collection)
    return collection


def update_collection(actor, collection, *, title, language, description="", programme=None):
    """Change a collection's title, description or programme; its address stays."""
    if not actor.has_perm("library.change_collection", collection):
        raise PermissionDenied
    with transaction.atomic():
        collection = Collection.objects.select_for_update().get(pk=collection.pk)
        _apply_collection(collection, title, language, description, programme)
        _check_may_curate(actor, collection)
        collection.full_clean(exclude=["curator"])
        collection.save()
        log_action("library.collection.update", actor=actor, target=collection)
    return collection


def _locked_collection(actor, collection):
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    if not actor.has_perm("library.change_collection", collection):
        raise PermissionDenied
    return collection


def _touch(collection):
    Collection.objects.filter(pk=collection.pk).update(updated=timezone.now())


def add_to_collection(actor, collection, resource, note=""):
    """Add a published resource at the end of the collection."""
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Keep the note under 300 characters.")})
    with transaction.atomic():
        collection = _locked_collection(actor, collection)
        if resource.status != Status.PUBLISHED:
            raise ValidationError(
                {"resource": _("Only published resources can be added to a collection.")}
            )
        if collection.items.filter(resource=resource).exists():
            raise ValidationError({"resource": _("This resource is already in the collection.")})
        last = collection.items.aggregate(last=Max("position"))["last"]
        try:
            with transaction.atomic():
                item = CollectionItem.objects.create(
                    collection=collection,
                    resource=resource,
                    position=0 if last is None else last + 1,
                    note=note,
                )
        except IntegrityError as error:
            raise ValidationError(
                {"resource": _("This resource is already in the collection.")}
            ) from error
        _touch(collection)
        log_action("library.collection.add", actor=actor, target=collection, resource=resource.pk)
    return item


def remove_from_collection(actor, collection, item):
    """Take an item out of the collection; the resource itself stays in the library."""
    with transaction.atomic():
        collection = _locked_collection(actor, collection)
        deleted, _count = collection.items.filter(pk=item.pk).delete()
        if not deleted:
            raise ValidationError(_("This item is not in the collection any more."))
        _renumber(collection)
        _touch(collection)
        log_action(
            "library.collection.remove", actor=actor, target=collection, resource=item.resource_id
        )


def move_item(actor, collection, item, offset):
    """Move an item up (``offset`` -1) or down (+1); at either end nothing moves."""
    if offset not in (-1, 1):
        raise ValueError("offset must be -1 or 1")
    with transaction.atomic():
        collection = _locked_collection(actor, collection)
        items = list(collection.items.order_by("position", "pk"))
        index = next((i for i, each in enumerate(items) if each.pk == item.pk), None)
        if index is None:
            raise ValidationError(_("This item is not in the collection any more."))
        target = index + offset
        if 0 <= target < len(items):
            items[index], items[target] = items[target], items[index]
            _renumber(collection, items)
            _touch(collection)
            log_action(
                "library.collection.move",
                actor=actor,
                target=collection,
                resource=item.resource_id,
                offset=offset,
            )
    return next(each for each in items if each.pk == item.pk)


def set_item_note(actor, collection, item, note):
    """Change the curator's note on one item."""
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Keep the note under 300 characters.")})
    with transaction.atomic():
        collection = _locked_collection(actor, collection)
        updated = collection.items.filter(pk=item.pk).update(note=note)
        if not updated:
            raise ValidationError(_("This item is not in the collection any more."))
        _touch(collection)
        log_action(
            "library.collection.note", actor=actor, target=collection, resource=item.resource_id
        )


def _renumber(collection, items=None):
    items = list(collection.items.order_by("position", "pk")) if items is None else items
    changed = []
    for position, each in enumerate(items):
        if each.position != position:
            each.position = position
            changed.append(each)
    CollectionItem.objects.bulk_update(changed, ["position"])
