"""The test database on a real file, for tests about locking between connections or processes.

pytest-django keeps SQLite's test database in memory, shared between threads through one cache
whose table locks fail at once instead of waiting for the busy timeout, and invisible to other
processes. ``sqlite_file`` copies it (schema and rows) to a file and points the default
connection, in every thread, at that file with the production profile (WAL, IMMEDIATE
transactions, a busy timeout) for the length of the block. On PostgreSQL there is nothing to
do: the test database is already a real one.
"""

import sqlite3
from contextlib import contextmanager

from django.db import connection, connections


@contextmanager
def sqlite_file(path, *, timeout=None):
    """Run the block on a file copy of the SQLite test database; ``timeout`` in seconds."""
    if connection.vendor != "sqlite":
        yield None
        return
    connection.ensure_connection()
    memory = connection.connection
    copy = sqlite3.connect(path)
    memory.backup(copy)
    copy.close()
    shared = [connection.settings_dict, connections.settings["default"]]
    saved = [dict(settings_dict) for settings_dict in shared]
    # The in-memory database lives while one connection to it is open: keep this one aside.
    connection.connection = None
    for settings_dict in shared:
        settings_dict["NAME"] = str(path)
        if timeout is not None:
            settings_dict["OPTIONS"] = {**settings_dict["OPTIONS"], "timeout": timeout}
    try:
        yield path
    finally:
        connection.close()
        for settings_dict, before in zip(shared, saved, strict=True):
            settings_dict.clear()
            settings_dict.update(before)
        connection.connection = memory


def database_url():
    """The test database as DATABASE_URL for another process ("" for the SQLite file, which
    that process finds through ATELIER_VAR_DIR)."""
    settings_dict = connection.settings_dict
    if connection.vendor != "postgresql":
        return ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{settings_dict['USER']}{password}@{host}:{port}/{settings_dict['NAME']}"
