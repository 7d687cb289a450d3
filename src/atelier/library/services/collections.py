"""The write path of collections: curate, add, remove, order and annotate their items."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from atelier.core.audit import log_action
from atelier.core.languages import CONTENT_LANGUAGES
from atelier.core.multilingual import MultilingualText

from ..models import Collection, CollectionItem, Status


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
