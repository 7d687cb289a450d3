"""Private files: stored outside MEDIA_ROOT, so no web server or media view ever serves them.

Views that check permissions stream them (``library:download``). The location is read from
``ATELIER_PRIVATE_ROOT`` each time, so a changed setting (as in tests) takes effect.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


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
