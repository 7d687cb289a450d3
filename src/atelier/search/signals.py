"""Saving or deleting a row of an indexed model, or changing its many-to-many relations (a
resource's themes), brings its entry up to date in the same transaction (the sources are
declared in ``atelier.core.search_registry``)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from atelier.core.search_registry import sources_for


def connect_signals():
    post_save.connect(_saved, dispatch_uid="atelier.search.saved")
    post_delete.connect(_deleted, dispatch_uid="atelier.search.deleted")
    m2m_changed.connect(_related_changed, dispatch_uid="atelier.search.related")


def _saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from . import services

    for item, ids_of in sources_for(sender):
        for object_id in [instance.pk] if ids_of is None else ids_of(instance):
            services.refresh(item.kind, object_id)


def _deleted(sender, instance, **kwargs):
    from . import services

    for item, ids_of in sources_for(sender):
        if ids_of is None:
            services.remove(item.kind, instance.pk)
        else:
            for object_id in ids_of(instance):
                services.refresh(item.kind, object_id)


def _related_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from . import services

    # Forward (resource.themes.set(...)): the instance is the item. Reverse
    # (theme.resources.add(...)): the items are the ids given.
    changed_model, ids = (model, pk_set or ()) if reverse else (type(instance), [instance.pk])
    for item, ids_of in sources_for(changed_model):
        if ids_of is None:
            for object_id in ids:
                services.refresh(item.kind, object_id)
