"""Demo: index everything the other apps' demos created (they run first)."""

from . import services


def load(stdout):
    count = services.reindex()
    waiting = services.pending_embeddings()
    stdout.write(
        f"Search: {count} items indexed; the task worker makes the vectors of {waiting} "
        "(search by meaning finds them as they come)"
    )
    return []
