"""The library's own search index goes: its list is served by the shared index (``search``),
whose entries carry the resources' facets. Its keyword tables, its generation and its facet
table are dropped; ``manage.py reindex`` fills the shared index's facets of the resources.

The ``atelier_search`` text search configuration (PostgreSQL), made by 0002, stays: the shared
index uses it. Going back makes the tables again, empty.
"""

from django.db import migrations

DROP = [
    "DROP TABLE IF EXISTS library_search_text",
    "DROP TABLE IF EXISTS library_search",
    "DROP TABLE IF EXISTS library_search_state",
]

SQLITE_BACK = [
    "CREATE VIRTUAL TABLE library_search USING fts5("
    "title, body, files, tokenize = 'unicode61 remove_diacritics 2')",
]

POSTGRESQL_BACK = [
    "CREATE TABLE library_search ("
    " resource_id bigint PRIMARY KEY,"
    " title_vector tsvector NOT NULL,"
    " document tsvector NOT NULL"
    ") WITH (toast_tuple_target = 128)",
    "ALTER TABLE library_search ALTER COLUMN document SET STORAGE EXTERNAL",
    "CREATE INDEX library_search_document ON library_search USING gin (document)",
    "CREATE INDEX library_search_title ON library_search USING gin (title_vector)",
    "CREATE TABLE library_search_text ("
    " resource_id bigint PRIMARY KEY,"
    " title text NOT NULL,"
    " body text NOT NULL,"
    " files text NOT NULL)",
]

STATE_BACK = [
    "CREATE TABLE library_search_state (id integer PRIMARY KEY, generation varchar(32) NOT NULL)",
    "INSERT INTO library_search_state (id, generation) VALUES (1, 'initial')",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        for sql in DROP:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_BACK + STATE_BACK
    elif vendor == "postgresql":
        statements = POSTGRESQL_BACK + STATE_BACK
    else:
        statements = []
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0007_private_thumbnails"),
        ("search", "0006_keyword_titles"),
    ]

    operations = [
        migrations.DeleteModel(name="ResourceFacet"),
        migrations.RunPython(forwards, backwards),
    ]
