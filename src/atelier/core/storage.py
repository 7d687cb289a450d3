"""Stored files: private ones, and files that go with the transaction that wrote them.

Private files are stored outside MEDIA_ROOT, so no web server or media view ever serves them;
views that check permissions stream them (``library:download``). The location is read from
``ATELIER_PRIVATE_ROOT`` each time, so a changed setting (as in tests) takes effect.
"""

import weakref

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self):
        return settings.ATELIER_PRIVATE_ROOT

    @property
    def location(self):
        return str(settings.ATELIER_PRIVATE_ROOT)

    def url(self, name):
        raise ValueError("Private files have no public address; serve them through a view.")


_private = PrivateStorage()


def private_storage():
    return _private


class _CommitMarker:
    """An on_commit callback that notes that its transaction committed."""

    __slots__ = ("state", "__weakref__")

    def __init__(self, state):
        self.state = state

    def __call__(self):
        self.state["committed"] = True


def _delete_files(storage, names):
    for name in names:
        if name:
            storage.delete(name)


def _delete_if_rolled_back(state, storage, names):
    if not state["committed"]:
        _delete_files(storage, names)


def delete_on_rollback(storage, names):
    """Delete stored files if the transaction they were written in rolls back.

    Django has no rollback hook, but a rolled-back transaction or savepoint drops its on_commit
    callbacks without calling them: the files go when their callback is dropped uncalled.
    Outside a transaction the callback runs at once and the files stay.
    """
    state = {"committed": False}
    marker = _CommitMarker(state)
    weakref.finalize(marker, _delete_if_rolled_back, state, storage, tuple(names))
    transaction.on_commit(marker)


def delete_after_commit(storage, names):
    """Delete files once the transaction that stopped using them commits."""
    names = tuple(name for name in names if name)
    if names:
        transaction.on_commit(lambda: _delete_files(storage, names))
