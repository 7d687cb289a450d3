"""On PostgreSQL the vectors move into pgvector's ``vector`` column with an HNSW index (cosine),
so the database finds the nearest; SQLite keeps its bytes (searched in process)."""

import numpy as np
from django.db import migrations

import atelier.search.models

HNSW = (
    "CREATE INDEX IF NOT EXISTS search_vector_hnsw ON search_vector "
    "USING hnsw (data vector_cosine_ops)"
)


def to_pgvector(schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'"
        )
        if cursor.fetchone() is None:
            raise RuntimeError(
                "PostgreSQL needs the pgvector extension for the search: install the package "
                "postgresql-<version>-pgvector (or build it, see the README), then migrate again."
            )
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        cursor.execute("ALTER TABLE search_vector ADD COLUMN embedding vector(384)")
        cursor.execute("SELECT id, data FROM search_vector")
        rows = cursor.fetchall()
        for start in range(0, len(rows), 1000):
            cursor.executemany(
                "UPDATE search_vector SET embedding = %s::vector WHERE id = %s",
                [
                    (atelier.search.models.to_pgvector(np.frombuffer(bytes(data), np.float32)), pk)
                    for pk, data in rows[start : start + 1000]
                ],
            )
        cursor.execute("ALTER TABLE search_vector DROP COLUMN data")
        cursor.execute("ALTER TABLE search_vector RENAME COLUMN embedding TO data")
        cursor.execute("ALTER TABLE search_vector ALTER COLUMN data SET NOT NULL")
        cursor.execute(HNSW)


def to_bytes(schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS search_vector_hnsw")
        cursor.execute("ALTER TABLE search_vector ADD COLUMN raw bytea")
        cursor.execute("SELECT id, data::text FROM search_vector")
        for pk, text in cursor.fetchall():
            raw = np.array(text[1:-1].split(","), dtype=np.float32).tobytes()
            cursor.execute("UPDATE search_vector SET raw = %s WHERE id = %s", [raw, pk])
        cursor.execute("ALTER TABLE search_vector DROP COLUMN data")
        cursor.execute("ALTER TABLE search_vector RENAME COLUMN raw TO data")
        cursor.execute("ALTER TABLE search_vector ALTER COLUMN data SET NOT NULL")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_keyword_vocabulary"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="vector",
                    name="data",
                    field=atelier.search.models.EmbeddingField(verbose_name="vector"),
                ),
            ],
            database_operations=[
                migrations.RunPython(
                    lambda apps, schema_editor: to_pgvector(schema_editor),
                    lambda apps, schema_editor: to_bytes(schema_editor),
                ),
            ],
        ),
    ]
