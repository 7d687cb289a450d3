"""ASGI entry point: HTTP through Django; websockets join here as apps add consumers."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "atelier.settings")
application = get_asgi_application()
