"""Bulgarian formats: Django's, with thousands grouped as Bulgarian readers write them."""

from django.conf.locale.bg.formats import *  # noqa: F403

NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = "\xa0"
