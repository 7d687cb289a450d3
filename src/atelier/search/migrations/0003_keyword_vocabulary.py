"""SQLite: the FTS5 vocabulary of the keyword index, to tell common words from rare ones."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE search_keyword_vocab USING fts5vocab(search_keyword, 'row')"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_keyword_vocab")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_keyword_index")]

    operations = [migrations.RunPython(forwards, backwards)]
