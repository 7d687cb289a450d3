"""The generation of the library's search index: a new one on every change.

Each process keeps the facets in memory (``search.FacetIndex``) and rebuilds them when the
generation it was built from is no longer the current one.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor not in ("sqlite", "postgresql"):
        return
    schema_editor.execute(
        "CREATE TABLE library_search_state "
        "(id integer PRIMARY KEY, generation varchar(32) NOT NULL)"
    )
    schema_editor.execute("INSERT INTO library_search_state (id, generation) VALUES (1, 'initial')")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor in ("sqlite", "postgresql"):
        schema_editor.execute("DROP TABLE IF EXISTS library_search_state")


class Migration(migrations.Migration):
    dependencies = [("library", "0002_search_index")]

    operations = [migrations.RunPython(forwards, backwards)]
