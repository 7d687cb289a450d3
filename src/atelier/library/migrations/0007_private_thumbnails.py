"""Thumbnails move from MEDIA_ROOT, which anyone may fetch, to the private storage."""

from django.core.files.storage import default_storage
from django.db import migrations, models

import atelier.core.storage
import atelier.library.models


def _move(apps, source, target):
    ResourceFile = apps.get_model("library", "ResourceFile")
    names = ResourceFile.objects.exclude(thumbnail="").values_list("thumbnail", flat=True)
    for name in names.iterator():
        if not source.exists(name):
            continue
        # A name already in the target was moved by an interrupted run: it is the same file.
        if not target.exists(name):
            with source.open(name, "rb") as content:
                target.save(name, content)
        source.delete(name)


def to_private(apps, schema_editor):
    _move(apps, default_storage, atelier.core.storage.private_storage())


def to_public(apps, schema_editor):
    _move(apps, atelier.core.storage.private_storage(), default_storage)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0006_postgresql_title_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="resourcefile",
            name="thumbnail",
            field=models.ImageField(
                blank=True,
                storage=atelier.core.storage.private_storage,
                upload_to=atelier.library.models.thumbnail_path,
                verbose_name="thumbnail",
            ),
        ),
        migrations.RunPython(to_private, to_public, elidable=True),
    ]
