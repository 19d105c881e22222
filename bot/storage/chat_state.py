"""python-telegram-bot persistence in the bot's own database: the state of each chat's form
and the answers given so far, so a member finds a half-filled form again after a restart.

Only conversations and ``user_data`` are kept; chat data, bot data and callback data are not
used by this bot.
"""

from __future__ import annotations

import json
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from bot.storage.db import Database
from bot.storage.personal_data import conversation_key

UserData = dict[Any, Any]


def _key(key: ConversationKey) -> str:
    if len(key) != 2:
        raise ValueError(f"unexpected conversation key {key!r}")
    return conversation_key(int(key[0]), int(key[1]))


class SqlitePersistence(BasePersistence[UserData, dict[Any, Any], dict[Any, Any]]):
    def __init__(self, db: Database, *, update_interval: float = 60) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self._db = db
        # Users who may have a row: PTB asks to store every user of every update, mostly with
        # nothing to keep, and a DELETE of a row that cannot exist is a write for nothing.
        self._stored: set[int] = set()

    async def get_user_data(self) -> dict[int, UserData]:
        await self._db.connect()
        rows = await self._db.fetch_all("SELECT user_id, data FROM chat_user_data")
        self._stored = {row["user_id"] for row in rows}
        return {row["user_id"]: json.loads(row["data"]) for row in rows}

    async def update_user_data(self, user_id: int, data: UserData) -> None:
        if not data:
            await self.drop_user_data(user_id)
            return
        await self._db.execute(
            "INSERT INTO chat_user_data (user_id, data) VALUES (?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET data = excluded.data",
            (user_id, json.dumps(data, ensure_ascii=False)),
        )
        self._stored.add(user_id)

    async def drop_user_data(self, user_id: int) -> None:
        if user_id in self._stored:
            await self._db.execute("DELETE FROM chat_user_data WHERE user_id = ?", (user_id,))
            self._stored.discard(user_id)

    async def refresh_user_data(self, user_id: int, user_data: UserData) -> None:
        """Nothing to refresh: this process is the only writer."""

    async def get_conversations(self, name: str) -> ConversationDict:
        await self._db.connect()
        rows = await self._db.fetch_all(
            "SELECT key, state FROM chat_conversations WHERE name = ?", (name,)
        )
        result: ConversationDict = {}
        for row in rows:
            chat, user = row["key"].split(":")
            result[(int(chat), int(user))] = json.loads(row["state"])
        return result

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        if new_state is None:
            await self._db.execute(
                "DELETE FROM chat_conversations WHERE name = ? AND key = ?", (name, _key(key))
            )
            return
        await self._db.execute(
            "INSERT INTO chat_conversations (name, key, state) VALUES (?, ?, ?)"
            " ON CONFLICT (name, key) DO UPDATE SET state = excluded.state",
            (name, _key(key), json.dumps(new_state)),
        )

    # Chat data, bot data and callback data are not stored (see PersistenceInput above).
    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Not stored."""

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Not stored."""

    async def update_callback_data(self, data: CDCData) -> None:
        """Not stored."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Not stored."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Not stored."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Not stored."""

    async def flush(self) -> None:
        """Every update is written at once; nothing is buffered."""
