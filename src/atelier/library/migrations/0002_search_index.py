"""The keyword index of the library, in the database's own full-text engine.

SQLite: an FTS5 table whose rowid is the resource's id; the unicode61 tokenizer folds
case and diacritics, so "kulturni" finds "kulturní". PostgreSQL: a table with a tsvector per
resource under a GIN index, in a configuration made from 'simple' (the content is in many
languages, so no stemming) with unaccent folding diacritics. Both are written by
``library.search`` only; no model maps them.
"""

from django.db import migrations

SQLITE = [
    (
        "CREATE VIRTUAL TABLE library_search USING fts5("
        "title, body, files, tokenize = 'unicode61 remove_diacritics 2')",
        "DROP TABLE IF EXISTS library_search",
    ),
]

POSTGRESQL = [
    ("CREATE EXTENSION IF NOT EXISTS unaccent", migrations.RunSQL.noop),
    (
        "CREATE TEXT SEARCH CONFIGURATION atelier_search (COPY = simple)",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS atelier_search",
    ),
    (
        "ALTER TEXT SEARCH CONFIGURATION atelier_search "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
        migrations.RunSQL.noop,
    ),
    (
        "CREATE TABLE library_search ("
        " resource_id bigint PRIMARY KEY,"
        " title text NOT NULL,"
        " body text NOT NULL,"
        " files text NOT NULL,"
        " head tsvector NOT NULL,"
        " document tsvector NOT NULL)",
        "DROP TABLE IF EXISTS library_search",
    ),
    (
        "CREATE INDEX library_search_document ON library_search USING gin (document)",
        migrations.RunSQL.noop,
    ),
]


def forwards(apps, schema_editor):
    for sql, _reverse in _statements(schema_editor):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for _sql, reverse in reversed(_statements(schema_editor)):
        if reverse is not migrations.RunSQL.noop:
            schema_editor.execute(reverse)


def _statements(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        return SQLITE
    if vendor == "postgresql":
        return POSTGRESQL
    return []


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
