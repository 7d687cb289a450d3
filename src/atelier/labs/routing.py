"""Websocket routes of learning labs."""

from django.urls import path

from .consumers import TableConsumer

websocket_urlpatterns = [
    path("ws/labs/tables/<int:table_id>/", TableConsumer.as_asgi()),
]
