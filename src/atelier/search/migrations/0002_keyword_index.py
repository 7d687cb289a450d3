"""The keyword index of the unified search and the generation of its vectors.

SQLite: an FTS5 table whose rowid is the entry's id. PostgreSQL: a tsvector per entry under a
GIN index, in the library's ``atelier_search`` configuration, and the texts for headlines.
``search_state`` holds one row whose generation changes with every change to the vectors.
"""

from django.db import migrations

SQLITE = [
    (
        "CREATE VIRTUAL TABLE search_keyword USING fts5("
        "title, body, tokenize = 'unicode61 remove_diacritics 2')",
        "DROP TABLE IF EXISTS search_keyword",
    ),
]

POSTGRESQL = [
    (
        "CREATE TABLE search_keyword (entry_id bigint PRIMARY KEY, document tsvector NOT NULL)",
        "DROP TABLE IF EXISTS search_keyword",
    ),
    (
        "CREATE INDEX search_keyword_document ON search_keyword USING gin (document)",
        migrations.RunSQL.noop,
    ),
    (
        "CREATE TABLE search_keyword_text (entry_id bigint PRIMARY KEY, body text NOT NULL)",
        "DROP TABLE IF EXISTS search_keyword_text",
    ),
]

COMMON = [
    (
        "CREATE TABLE search_state (id integer PRIMARY KEY, generation varchar(32) NOT NULL)",
        "DROP TABLE IF EXISTS search_state",
    ),
    ("INSERT INTO search_state (id, generation) VALUES (1, '')", migrations.RunSQL.noop),
]


def _statements(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        return SQLITE + COMMON
    if vendor == "postgresql":
        return POSTGRESQL + COMMON
    return COMMON


def forwards(apps, schema_editor):
    for sql, _reverse in _statements(schema_editor):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for _sql, reverse in reversed(_statements(schema_editor)):
        if reverse is not migrations.RunSQL.noop:
            schema_editor.execute(reverse)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("library", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
