"""Saving or deleting a row of an indexed model brings its entry up to date in the same
transaction (the sources are declared in ``atelier.core.search_registry``)."""

from django.db.models.signals import post_delete, post_save

from atelier.core.search_registry import sources_for


def connect_signals():
    post_save.connect(_saved, dispatch_uid="atelier.search.saved")
    post_delete.connect(_deleted, dispatch_uid="atelier.search.deleted")


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
