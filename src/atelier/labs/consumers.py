"""Live boards: one channel group per table, and one per lab for the clock and messages.

The consumer only pushes; writes go through the HTTP views and ``services``, which send the
changes to the groups after commit. A board that reconnects reloads its notes over HTTP.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from .access import participant_for
from .models import Table
from .rules import Board
from .services import lab_group, table_group


class TableConsumer(AsyncJsonWebsocketConsumer):
    @database_sync_to_async
    def _allowed(self, table_id):
        table = Table.objects.select_related("lab").filter(pk=table_id).first()
        if table is None:
            return None
        user = self.scope.get("user")
        participant = participant_for(user, self.scope.get("session"), table.lab)
        if user is None or not user.has_perm("labs.view_board", Board(table, participant)):
            return None
        return table

    async def connect(self):
        table = await self._allowed(int(self.scope["url_route"]["kwargs"]["table_id"]))
        if table is None:
            await self.close(code=4403)
            return
        self.groups_joined = [table_group(table.pk), lab_group(table.lab_id)]
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # Boards only listen; anything they send is ignored.
        return

    async def note_changed(self, event):
        await self.send_json({"kind": "note", "note": event["note"]})

    async def lab_changed(self, event):
        await self.send_json({"kind": "lab", "lab": event["lab"]})
