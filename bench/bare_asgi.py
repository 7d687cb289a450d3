"""Atelier's ASGI application with one more URL, ``/bare/``: a Django view that does nothing.

bench/pages.py serves pages and this view from the same processes, through the same
middleware, so the view's throughput is the ceiling a page could reach.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atelier.settings")

from django.conf import settings  # noqa: E402

settings.ROOT_URLCONF = "bare_urls"

from atelier.asgi import application  # noqa: E402, F401
