"""Name the site Atelier at its SITE_URL, so account e-mails do not greet from example.com."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def name_the_site(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    site = Site.objects.filter(pk=settings.SITE_ID).first()
    # Only the placeholder Django creates is replaced; a site an admin named stays as it is.
    if site is None or site.domain == "example.com":
        domain = urlsplit(settings.SITE_URL).netloc or "localhost"
        Site.objects.update_or_create(
            pk=settings.SITE_ID, defaults={"domain": domain, "name": "Atelier"}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
