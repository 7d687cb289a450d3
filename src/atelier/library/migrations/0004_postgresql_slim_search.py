"""PostgreSQL: a slim search table, the texts for headlines apart.

Matching a common word visits half the table; with only the id, a small title vector and
the document vector (moved out of line by a low TOAST target) in it, that visit reads a few
megabytes instead of every text. The texts headlines are cut from live in
``library_search_text``. SQLite keeps its FTS5 table as it is.
"""

from django.db import migrations

FORWARDS = [
    "CREATE TABLE library_search_text ("
    " resource_id bigint PRIMARY KEY,"
    " title text NOT NULL,"
    " body text NOT NULL,"
    " files text NOT NULL)",
    "INSERT INTO library_search_text (resource_id, title, body, files)"
    " SELECT resource_id, title, body, files FROM library_search",
    "CREATE TABLE library_search_slim ("
    " resource_id bigint PRIMARY KEY,"
    " title_vector tsvector NOT NULL,"
    " document tsvector NOT NULL"
    ") WITH (toast_tuple_target = 128)",
    "ALTER TABLE library_search_slim ALTER COLUMN document SET STORAGE EXTERNAL",
    "INSERT INTO library_search_slim (resource_id, title_vector, document)"
    " SELECT resource_id, strip(to_tsvector('atelier_search', title)), document"
    " FROM library_search",
    "DROP TABLE library_search",
    "ALTER TABLE library_search_slim RENAME TO library_search",
    "ALTER INDEX library_search_slim_pkey RENAME TO library_search_pkey",
    "CREATE INDEX library_search_document ON library_search USING gin (document)",
]

BACKWARDS = [
    "CREATE TABLE library_search_wide ("
    " resource_id bigint PRIMARY KEY,"
    " title text NOT NULL,"
    " body text NOT NULL,"
    " files text NOT NULL,"
    " head tsvector NOT NULL,"
    " document tsvector NOT NULL)",
    "INSERT INTO library_search_wide (resource_id, title, body, files, head, document)"
    " SELECT s.resource_id, t.title, t.body, t.files,"
    " setweight(to_tsvector('atelier_search', t.title), 'A') ||"
    " setweight(to_tsvector('atelier_search', t.body), 'B'), s.document"
    " FROM library_search s JOIN library_search_text t USING (resource_id)",
    "DROP TABLE library_search",
    "DROP TABLE library_search_text",
    "ALTER TABLE library_search_wide RENAME TO library_search",
    "ALTER INDEX library_search_wide_pkey RENAME TO library_search_pkey",
    "CREATE INDEX library_search_document ON library_search USING gin (document)",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARDS:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARDS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("library", "0003_search_state")]

    operations = [migrations.RunPython(forwards, backwards)]
