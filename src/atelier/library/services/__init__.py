"""The library's write path, a module per sub-domain.

`contribute` (submit and edit resources), `moderation`, `collections` and `podcasts`. The
verbs are re-exported here, so `from atelier.library import services` and
`services.submit_resource` keep working.
"""

from .collections import (
    add_to_collection,
    create_collection,
    move_item,
    remove_from_collection,
    set_item_note,
    update_collection,
)
from .contribute import RESOURCE_FIELDS, record_download, submit_resource, update_resource
from .moderation import approve, reject, request_changes, withdraw
from .podcasts import PODCAST_FIELDS, create_podcast, update_podcast

__all__ = [
    "PODCAST_FIELDS",
    "RESOURCE_FIELDS",
    "add_to_collection",
    "approve",
    "create_collection",
    "create_podcast",
    "move_item",
    "record_download",
    "reject",
    "remove_from_collection",
    "request_changes",
    "set_item_note",
    "submit_resource",
    "update_collection",
    "update_podcast",
    "update_resource",
    "withdraw",
]
