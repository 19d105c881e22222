"""The dialogs table: one row per person."""

from __future__ import annotations

import json

from bot.core.kernel.contacts import Address
from bot.core.kernel.dialogs import Dialog
from bot.storage.db import SqlRepo, to_db
from bot.storage.rows import address_of, row_mapper

_dialog = row_mapper(Dialog, address=address_of, data=lambda row: json.loads(row["data"]))


class SqlDialogs(SqlRepo):
    async def get(self, address: Address) -> Dialog | None:
        row = await self._db.fetch_one(
            "SELECT * FROM dialogs WHERE channel = ? AND address = ?",
            (address.channel.value, address.value),
        )
        if row is None:
            return None
        return _dialog(row)

    async def save(self, dialog: Dialog) -> None:
        await self._db.execute(
            "INSERT INTO dialogs (channel, address, name, state, data, started_at, touched_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (channel, address) DO UPDATE SET"
            " name = excluded.name, state = excluded.state, data = excluded.data,"
            " started_at = excluded.started_at, touched_at = excluded.touched_at",
            (
                dialog.address.channel.value,
                dialog.address.value,
                dialog.name,
                dialog.state,
                json.dumps(dialog.data, ensure_ascii=False),
                to_db(dialog.started_at),
                to_db(dialog.touched_at),
            ),
        )

    async def delete(self, address: Address) -> None:
        await self._db.execute(
            "DELETE FROM dialogs WHERE channel = ? AND address = ?",
            (address.channel.value, address.value),
        )
