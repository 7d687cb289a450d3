from django.db import migrations


def create_sectors(apps, schema_editor):
    from atelier.network.sectors import SECTORS

    Sector = apps.get_model("network", "Sector")
    for position, (slug, _label) in enumerate(SECTORS):
        Sector.objects.update_or_create(slug=slug, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(create_sectors, migrations.RunPython.noop)]
