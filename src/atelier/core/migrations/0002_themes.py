from django.db import migrations


def create_themes(apps, schema_editor):
    from atelier.core.themes import THEMES

    Theme = apps.get_model("core", "Theme")
    for position, (slug, _label) in enumerate(THEMES):
        Theme.objects.update_or_create(slug=slug, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(create_themes, migrations.RunPython.noop)]
