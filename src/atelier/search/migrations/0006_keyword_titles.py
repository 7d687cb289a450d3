"""PostgreSQL: the keyword table made slim, with the title words under an index of their own.

Matching a common word visits much of the table; with only the id, the title vector and the
document vector (moved out of line by a low TOAST target) in it, that visit reads a few
megabytes instead of every document. A word in thousands of entries is not ranked match by
match: those holding it in their title are found through ``search_keyword_title`` and come
first. The title vectors of the rows already there are the document's title (weight A) words.
SQLite's FTS5 ranks every match and keeps its table as it is.
"""

from django.db import migrations

FORWARDS = [
    "ALTER TABLE search_keyword ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''",
    "UPDATE search_keyword SET title_vector = strip(ts_filter(document, '{a}'))",
    "ALTER TABLE search_keyword ALTER COLUMN title_vector DROP DEFAULT",
    "ALTER TABLE search_keyword SET (toast_tuple_target = 128)",
    "ALTER TABLE search_keyword ALTER COLUMN document SET STORAGE EXTERNAL",
    "CREATE INDEX IF NOT EXISTS search_keyword_title ON search_keyword USING gin (title_vector)",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS search_keyword_title",
    "ALTER TABLE search_keyword ALTER COLUMN document SET STORAGE EXTENDED",
    "ALTER TABLE search_keyword RESET (toast_tuple_target)",
    "ALTER TABLE search_keyword DROP COLUMN title_vector",
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
    dependencies = [("search", "0005_facets")]

    operations = [migrations.RunPython(forwards, backwards)]
