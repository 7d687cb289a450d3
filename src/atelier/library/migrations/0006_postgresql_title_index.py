"""PostgreSQL: the title vectors under a GIN index of their own.

A word in thousands of resources is not ranked match by match: the resources holding it in
their title are found through this index and come first. SQLite's FTS5 ranks every match.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS library_search_title ON library_search "
            "USING gin (title_vector)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS library_search_title")


class Migration(migrations.Migration):
    dependencies = [("library", "0005_private_file_storage")]

    operations = [migrations.RunPython(forwards, backwards)]
