"""The simulated Bot API's state and the pieces every method uses."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from collections.abc import Callable

from aiohttp import web

from bot.sandbox.telegram.records import (
    JSON,
    ApiError,
    BotMessage,
    Call,
    Fault,
    Limits,
    SimUser,
    StoredFile,
    Waiter,
    to_int,
)


class SimState:
    """The simulator's state, and what every part of it reads: who the users are, how a chat
    and a message look in JSON, and waiting for the bot to do something."""

    def __init__(
        self,
        *,
        token: str = "123456789:AAsimulatedTokenForLocalTestsOnly00",
        bot_username: str = "lienlac_test_bot",
        bot_name: str = "Liên Lạc",
        limits: Limits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":")[0])
        self.bot_username = bot_username
        self.bot_name = bot_name
        self.limits = limits or Limits()
        self._clock = clock
        self.users: dict[int, SimUser] = {}
        self.messages: list[BotMessage] = []  # every message the bot sent, in order
        self._by_id: dict[tuple[int, int], BotMessage] = {}
        self.calls: list[Call] = []
        self.callback_answers: dict[str, JSON] = {}
        self.commands: dict[str, list[JSON]] = {}  # scope key -> commands
        self.files: dict[str, StoredFile] = {}
        self.faults: list[Fault] = []
        # Telegram gone: every request has its connection cut, as when the network is down.
        self.down = False
        self.refused_while_down = 0
        self.too_many_requests = 0
        self.webhook: JSON | None = None
        self.left_chats: list[int] = []
        self.webhook_deliveries: list[int] = []  # HTTP status of each webhook post
        self._webhook_task: asyncio.Task[None] | None = None
        self._updates: list[JSON] = []  # delivered or not, until confirmed
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._confirmed_below = 1
        # getUpdates requests received, counted when they arrive (a long poll is recorded in
        # ``calls`` only when it returns).
        self.polls_started = 0
        self._delivered_below = 1  # every update below this was returned by getUpdates
        self._recent: deque[float] = deque()
        self._recent_by_chat: dict[int, deque[float]] = {}
        self._waiters: list[Waiter] = []
        self._new_update = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    def _changed(self) -> None:
        for waiter in list(self._waiters):
            if waiter.predicate():
                waiter.event.set()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds, re-checking after every request the bot makes."""
        if predicate():
            return
        waiter = Waiter(predicate)
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(waiter.event.wait(), timeout)
        finally:
            self._waiters.remove(waiter)

    def all_confirmed(self) -> bool:
        return not self._updates

    def all_delivered(self) -> bool:
        """Every update so far has been handed to the bot (confirmed or not)."""
        return all(u["update_id"] < self._delivered_below for u in self._updates)

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    def _bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def _chat_json(self, chat_id: int) -> JSON:
        user = self.users.get(chat_id)
        if chat_id > 0 and user is not None:
            chat: JSON = {"id": chat_id, "type": "private", "first_name": user.first_name}
            if user.last_name:
                chat["last_name"] = user.last_name
            return chat
        return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _recipient(self, params: JSON) -> int:
        chat_id = to_int(params.get("chat_id"))
        if chat_id > 0:
            user = self.users.get(chat_id)
            if user is None:
                raise ApiError(400, "Bad Request: chat not found")
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _message_json(self, message: BotMessage) -> JSON:
        data: JSON = {
            "message_id": message.message_id,
            "from": self._bot_user(),
            "chat": self._chat_json(message.chat_id),
            "date": message.date,
        }
        if message.edits:
            data["edit_date"] = message.date
        if message.text is not None:
            data["text"] = message.text
            if message.entities:
                data["entities"] = message.entities
        if message.caption is not None:
            data["caption"] = message.caption
            if message.entities:
                data["caption_entities"] = message.entities
        if message.kind == "photo" and message.file_id:
            stored = self.files[message.file_id]
            data["photo"] = [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.unique_id,
                    "width": 640,
                    "height": 480,
                    "file_size": len(stored.data),
                }
            ]
        if message.kind == "document" and message.file_id:
            stored = self.files[message.file_id]
            data["document"] = {
                "file_id": stored.file_id,
                "file_unique_id": stored.unique_id,
                "file_name": stored.name or "file",
                "mime_type": stored.mime or "application/octet-stream",
                "file_size": len(stored.data),
            }
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            data["reply_markup"] = message.reply_markup
        return data

    def push_update(self, payload: JSON) -> int:
        """Queue a raw update (for updates the helpers below don't build)."""
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        self._new_update.set()
        self._changed()
        return update_id
