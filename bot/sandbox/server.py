"""A local Telegram Bot API server for tests and the demo.

It speaks the part of the Bot API this bot uses, with the real JSON shapes, over HTTP on
127.0.0.1, so the real python-telegram-bot ``Application`` runs against it through ``base_url``.
Scripts act as users (see ``driver.py``); every call the bot makes is recorded. Like Telegram it
answers 429 with ``retry_after`` past the flood limits, 403 for a user who blocked the bot, and
forgets an update only when a later ``getUpdates`` confirms it (TELEGRAM.md, pitfall 4).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientError, ClientSession, web

from bot.sandbox.telegram_html import HtmlError, parse_html

JSON = dict[str, Any]

# Methods that deliver a message to a chat and so count against the flood limits.
SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendLocation",
        "sendContact",
        "copyMessage",
        "forwardMessage",
        "sendSticker",
        "sendMediaGroup",
        "sendVoice",
        "sendAudio",
        "sendVideo",
    }
)
# Parameters sent as JSON text by python-telegram-bot (everything but plain strings).
_JSON_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "reply_markup",
        "offset",
        "limit",
        "timeout",
        "allowed_updates",
        "commands",
        "scope",
        "show_alert",
        "cache_time",
        "disable_notification",
        "protect_content",
        "reply_parameters",
        "link_preview_options",
        "entities",
        "caption_entities",
        "latitude",
        "longitude",
        "drop_pending_updates",
        "max_connections",
        "from_chat_id",
        "disable_web_page_preview",
        "reply_to_message_id",
        "allow_sending_without_reply",
        "menu_button",
        "message_ids",
    }
)


@dataclass
class Limits:
    """Telegram's flood limits: about 30 messages a second overall, one a second per chat."""

    overall_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    window: float = 1.0


@dataclass
class SimUser:
    id: int
    first_name: str
    last_name: str = ""
    username: str | None = None
    phone: str | None = None
    blocked: bool = False

    def as_json(self) -> JSON:
        data: JSON = {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": "vi",
        }
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class BotMessage:
    """A message the bot sent, as it stands now (edits update it; ``edits`` counts them)."""

    chat_id: int
    message_id: int
    date: int
    text: str | None
    reply_markup: JSON | None = None
    kind: str = "text"  # text | photo | document | location
    caption: str | None = None
    file_id: str | None = None
    file_name: str | None = None
    parse_mode: str | None = None
    disable_notification: bool = False
    edits: int = 0
    sent_at: float = 0.0
    entities: list[JSON] = field(default_factory=list)

    @property
    def body(self) -> str:
        return self.text if self.text is not None else (self.caption or "")

    def buttons(self) -> list[JSON]:
        """The inline buttons, row after row."""
        if not self.reply_markup or "inline_keyboard" not in self.reply_markup:
            return []
        return [button for row in self.reply_markup["inline_keyboard"] for button in row]

    def keyboard(self) -> list[JSON]:
        """The reply-keyboard buttons this message set, if any."""
        if not self.reply_markup or "keyboard" not in self.reply_markup:
            return []
        return [button for row in self.reply_markup["keyboard"] for button in row]


@dataclass
class Call:
    method: str
    params: JSON
    at: float
    status: int
    description: str = ""


@dataclass
class StoredFile:
    file_id: str
    unique_id: str
    data: bytes
    path: str
    name: str | None = None
    mime: str | None = None


class ApiError(Exception):
    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


@dataclass
class Fault:
    """An injected failure for the next ``count`` calls of ``method`` (``*`` for any)."""

    method: str
    kind: str  # "status" | "timeout" | "reset" | "accept_then_fail"
    status: int = 500
    count: int = 1
    retry_after: int | None = None
    delay: float = 0.0
    after: int = 0  # let this many matching calls through first


@dataclass
class _Waiter:
    predicate: Callable[[], bool]
    event: asyncio.Event = field(default_factory=asyncio.Event)


class BotApiSimulator:
    """The fake Bot API server. ``await start()``, point the bot at ``base_url``, then drive
    users with ``bot.sandbox.driver``."""

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
        self._delivered_below = 1  # every update below this was returned by getUpdates
        self._recent: deque[float] = deque()
        self._recent_by_chat: dict[int, deque[float]] = {}
        self._waiters: list[_Waiter] = []
        self._new_update = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self, port: int = 0) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.1
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        server: Any = site._server  # aiohttp keeps the bound socket here
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        await self._stop_webhook()
        self._new_update.set()  # release a long poll still waiting
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ---- waiting ---------------------------------------------------------------------------

    def _changed(self) -> None:
        for waiter in list(self._waiters):
            if waiter.predicate():
                waiter.event.set()

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Wait until ``predicate()`` holds, re-checking after every request the bot makes."""
        if predicate():
            return
        waiter = _Waiter(predicate)
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

    # ---- users act -------------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str = "",
        *,
        username: str | None = None,
        phone: str | None = None,
    ) -> SimUser:
        user = SimUser(user_id, first_name, last_name, username, phone)
        self.users[user_id] = user
        return user

    def sent_before(self, chat_id: int, text: str, reply_markup: JSON | None = None) -> BotMessage:
        """A message the bot sent before this run (yesterday's question, say), there to be
        pressed and edited without the bot sending it now."""
        params: JSON = {"chat_id": chat_id}
        if reply_markup is not None:
            params["reply_markup"] = reply_markup
        self._store_message(params, text=text)
        return self.messages[-1]

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

    def push_update(self, payload: JSON) -> int:
        """Queue a raw update (for updates the helpers below don't build)."""
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **payload})
        self._new_update.set()
        self._changed()
        return update_id

    def user_message(
        self, user_id: int, content: JSON, *, chat_id: int | None = None, edited: bool = False
    ) -> int:
        """``user_id`` sends a message with ``content`` (text, contact, photo...)."""
        chat = chat_id if chat_id is not None else user_id
        message = {
            "message_id": self._next_message_id(chat),
            "from": self.users[user_id].as_json(),
            "chat": self._chat_json(chat),
            "date": int(time.time()),
            **content,
        }
        if edited:
            message["edit_date"] = int(time.time())
        return self.push_update({"edited_message" if edited else "message": message})

    def text_content(self, text: str) -> JSON:
        content: JSON = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return content

    def store_file(
        self,
        data: bytes,
        *,
        name: str | None = None,
        mime: str | None = None,
        folder: str = "documents",
    ) -> StoredFile:
        number = next(self._file_ids)
        file_id = f"FILE{number:06d}{'x' * 20}"
        extension = name.rsplit(".", 1)[-1] if name and "." in name else "bin"
        stored = StoredFile(
            file_id, f"U{number:06d}", data, f"{folder}/file_{number}.{extension}", name, mime
        )
        self.files[file_id] = stored
        return stored

    def press(self, user_id: int, message: BotMessage, data: str) -> str:
        """``user_id`` presses an inline button carrying ``data`` under ``message``."""
        query_id = str(next(self._query_ids))
        self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.users[user_id].as_json(),
                    "chat_instance": f"ci{message.chat_id}",
                    "message": self._message_json(message),
                    "data": data,
                }
            }
        )
        return query_id

    def add_to_group(self, user_id: int, group_id: int) -> int:
        """``user_id`` adds the bot to group ``group_id`` (a negative id)."""
        bot_user = self._bot_user()
        return self.push_update(
            {
                "my_chat_member": {
                    "chat": self._chat_json(group_id),
                    "from": self.users[user_id].as_json(),
                    "date": int(time.time()),
                    "old_chat_member": {"status": "left", "user": bot_user},
                    "new_chat_member": {"status": "member", "user": bot_user},
                }
            }
        )

    def set_blocked(self, user_id: int, blocked: bool, *, tell_bot: bool = True) -> None:
        """The user blocks (or unblocks) the bot; Telegram tells the bot with my_chat_member."""
        user = self.users[user_id]
        user.blocked = blocked
        if not tell_bot:
            return
        bot_user = self._bot_user()
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        member_old: JSON = {"status": old, "user": bot_user}
        member_new: JSON = {"status": new, "user": bot_user}
        if blocked:
            member_new["until_date"] = 0
        else:
            member_old["until_date"] = 0
        self.push_update(
            {
                "my_chat_member": {
                    "chat": self._chat_json(user_id),
                    "from": user.as_json(),
                    "date": int(time.time()),
                    "old_chat_member": member_old,
                    "new_chat_member": member_new,
                }
            }
        )

    # ---- what the bot did ------------------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.messages if m.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self._by_id.get((chat_id, message_id))

    def calls_of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def commands_for(self, scope: JSON | None = None) -> list[JSON]:
        return self.commands.get(_scope_key(scope), [])

    # ---- HTTP ------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if self.down:
            self.refused_while_down += 1
            self._changed()
            if request.transport is not None:
                request.transport.abort()
            return _error(502, "Bad Gateway")
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        try:
            params = await self._params(request)
        except ConnectionError:
            # The bot went away mid-request (killed): the request never fully arrived, as on
            # Telegram's side.
            return _error(400, "Bad Request: request cut short")
        try:
            await self._inject_fault(method, request)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found")
            if method in SEND_METHODS:
                self._check_limits(params)
            result = await handler(params)
            after = self._after_accept(method)
        except ApiError as exc:
            self.calls.append(Call(method, params, self._clock(), exc.status, exc.description))
            if exc.status == 429:
                self.too_many_requests += 1
            self._changed()
            return _error(exc.status, exc.description, exc.retry_after)
        self.calls.append(Call(method, params, self._clock(), 200))
        self._changed()
        if after is not None:
            # The message was accepted and stored, but the answer never reaches the bot.
            raise after
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> JSON:
        params: JSON = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
            return params
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    data = value.file.read()
                    params[f"attach:{key}"] = (data, value.filename, value.content_type)
                else:
                    params[key] = _decode(key, str(value))
            return params
        form = await request.post()
        for key, value in form.items():
            params[key] = _decode(key, str(value))
        return params

    async def _inject_fault(self, method: str, request: web.Request) -> None:
        for fault in self.faults:
            if (
                fault.count > 0
                and fault.method in (method, "*")
                and fault.kind != "accept_then_fail"
            ):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.count -= 1
                if fault.kind == "timeout":
                    await asyncio.sleep(fault.delay or 30)
                    raise ApiError(504, "Gateway Timeout")
                if fault.kind == "reset":
                    transport = request.transport
                    if transport is not None:
                        transport.abort()
                    raise ApiError(500, "connection reset")
                raise ApiError(fault.status, _reason(fault.status), fault.retry_after)

    def _after_accept(self, method: str) -> Exception | None:
        for fault in self.faults:
            if (
                fault.count > 0
                and fault.method in (method, "*")
                and fault.kind == "accept_then_fail"
            ):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.count -= 1
                return web.HTTPBadGateway()
        return None

    def _check_limits(self, params: JSON) -> None:
        now = self._clock()
        window = self.limits.window
        recent = self._recent
        while recent and recent[0] <= now - window:
            recent.popleft()
        chat_id = _int(params.get("chat_id"))
        per_chat = self._recent_by_chat.setdefault(chat_id, deque())
        while per_chat and per_chat[0] <= now - window:
            per_chat.popleft()
        if len(recent) >= self.limits.overall_per_second:
            raise ApiError(
                429,
                "Too Many Requests: retry after 1",
                max(1, math.ceil(recent[0] + window - now)),
            )
        if len(per_chat) >= self.limits.per_chat_per_second * window:
            raise ApiError(
                429,
                "Too Many Requests: retry after 1",
                max(1, math.ceil(per_chat[0] + window - now)),
            )
        recent.append(now)
        per_chat.append(now)

    async def _download(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.path == path:
                return web.Response(body=stored.data)
        return _error(404, "Not Found")

    # ---- the API ---------------------------------------------------------------------------

    def _bot_user(self) -> JSON:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    async def _api_getMe(self, _: JSON) -> JSON:
        return self._bot_user() | {
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: JSON) -> list[JSON]:
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = _int(params.get("offset", 0))
        if offset:
            # Confirming: everything below offset is forgotten (not merely "delivered").
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._confirmed_below = max(self._confirmed_below, offset)
            self._changed()
        timeout = float(params.get("timeout", 0) or 0)
        limit = _int(params.get("limit", 100)) or 100
        if not self._updates and timeout > 0:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout)
        batch = [u for u in self._updates if u["update_id"] >= offset][:limit]
        if batch:
            self._delivered_below = max(self._delivered_below, batch[-1]["update_id"] + 1)
            self._changed()
        return batch

    async def _api_deleteWebhook(self, _: JSON) -> bool:
        await self._stop_webhook()
        return True

    async def _api_setWebhook(self, params: JSON) -> bool:
        await self._stop_webhook()
        self.webhook = params
        self._webhook_task = asyncio.create_task(self._deliver_to_webhook(params))
        return True

    async def _stop_webhook(self) -> None:
        self.webhook = None
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _deliver_to_webhook(self, hook: JSON) -> None:
        """Like Telegram: post each update in order, and forget it only on a 2xx answer."""
        url = str(hook["url"])
        headers = {"Content-Type": "application/json"}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
        async with ClientSession() as session:
            while True:
                if not self._updates:
                    self._new_update.clear()
                    await self._new_update.wait()
                    continue
                update = self._updates[0]
                try:
                    async with session.post(url, data=json.dumps(update), headers=headers) as r:
                        status = r.status
                except ClientError:
                    status = 0
                self.webhook_deliveries.append(status)
                if 200 <= status < 300:
                    if self._updates and self._updates[0] is update:
                        self._updates.pop(0)
                    self._changed()
                else:
                    await asyncio.sleep(0.05)  # Telegram retries later; so do we

    async def _api_getWebhookInfo(self, _: JSON) -> JSON:
        url = (self.webhook or {}).get("url", "")
        return {
            "url": url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _api_setMyCommands(self, params: JSON) -> bool:
        self.commands[_scope_key(params.get("scope"))] = list(params.get("commands") or [])
        return True

    async def _api_deleteMyCommands(self, params: JSON) -> bool:
        self.commands.pop(_scope_key(params.get("scope")), None)
        return True

    async def _api_getMyCommands(self, params: JSON) -> list[JSON]:
        return self.commands_for(params.get("scope"))

    async def _api_sendChatAction(self, params: JSON) -> bool:
        self._recipient(params)
        return True

    def _recipient(self, params: JSON) -> int:
        chat_id = _int(params.get("chat_id"))
        if chat_id > 0:
            user = self.users.get(chat_id)
            if user is None:
                raise ApiError(400, "Bad Request: chat not found")
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _parse(self, params: JSON, text: str | None) -> tuple[str | None, list[JSON]]:
        """Text as Telegram stores it: HTML parsed into plain text and entities."""
        if text is None:
            return None, []
        if params.get("parse_mode") == "HTML":
            try:
                return parse_html(text)
            except HtmlError as error:
                raise ApiError(400, str(error)) from None
        return text, list(params.get("entities") or [])

    def _store_message(self, params: JSON, **fields: Any) -> JSON:
        chat_id = self._recipient(params)
        text, entities = self._parse(params, fields.pop("text", None))
        if "caption" in fields:
            fields["caption"], caption_entities = self._parse(params, fields["caption"])
            entities = entities or caption_entities
        if text is not None and not 1 <= _utf16_len(text.strip()) <= 4096:
            raise ApiError(
                400,
                "Bad Request: message text is empty"
                if not text.strip()
                else "Bad Request: message is too long",
            )
        message = BotMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat_id),
            date=int(time.time()),
            text=text,
            reply_markup=params.get("reply_markup"),
            parse_mode=params.get("parse_mode"),
            disable_notification=bool(params.get("disable_notification", False)),
            sent_at=self._clock(),
            entities=entities,
            **fields,
        )
        self.messages.append(message)
        self._by_id[(chat_id, message.message_id)] = message
        return self._message_json(message)

    async def _api_sendMessage(self, params: JSON) -> JSON:
        return self._store_message(params, text=str(params.get("text", "")))

    def _upload(self, params: JSON, field_name: str, folder: str) -> StoredFile:
        value = params.get(field_name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(f"attach:{value.removeprefix('attach://')}")
        if isinstance(value, str):
            stored = self.files.get(value)
            if stored is None:
                raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
            return stored
        upload = params.get(f"attach:{field_name}", value)
        if not isinstance(upload, tuple):
            raise ApiError(400, f"Bad Request: there is no {field_name} in the request")
        data, name, mime = upload
        return self.store_file(data, name=name, mime=mime, folder=folder)

    async def _api_sendPhoto(self, params: JSON) -> JSON:
        stored = self._upload(params, "photo", "photos")
        return self._store_message(
            params, kind="photo", caption=params.get("caption"), file_id=stored.file_id
        )

    async def _api_sendDocument(self, params: JSON) -> JSON:
        stored = self._upload(params, "document", "documents")
        return self._store_message(
            params,
            kind="document",
            caption=params.get("caption"),
            file_id=stored.file_id,
            file_name=stored.name,
        )

    async def _api_editMessageText(self, params: JSON) -> JSON:
        message = self._editable(params)
        text, entities = self._parse(params, str(params.get("text", "")))
        markup = params.get("reply_markup")
        if text == message.text and markup == message.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same",
            )
        message.text = text
        message.entities = entities
        message.reply_markup = markup
        message.edits += 1
        return self._message_json(message)

    async def _api_editMessageReplyMarkup(self, params: JSON) -> JSON:
        message = self._editable(params)
        markup = params.get("reply_markup")
        if markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        message.edits += 1
        return self._message_json(message)

    async def _api_editMessageCaption(self, params: JSON) -> JSON:
        message = self._editable(params)
        message.caption = params.get("caption")
        message.reply_markup = params.get("reply_markup")
        message.edits += 1
        return self._message_json(message)

    def _editable(self, params: JSON) -> BotMessage:
        chat_id = self._recipient(params)
        message = self._by_id.get((chat_id, _int(params.get("message_id"))))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    async def _api_deleteMessage(self, params: JSON) -> bool:
        chat_id = _int(params.get("chat_id"))
        message = self._by_id.pop((chat_id, _int(params.get("message_id"))), None)
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def _api_answerCallbackQuery(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id in self.callback_answers:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired "
                "or query ID is invalid",
            )
        self.callback_answers[query_id] = params
        return True

    async def _api_leaveChat(self, params: JSON) -> bool:
        self.left_chats.append(_int(params.get("chat_id")))
        return True

    async def _api_getFile(self, params: JSON) -> JSON:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.unique_id,
            "file_size": len(stored.data),
            "file_path": stored.path,
        }

    async def _api_getChat(self, params: JSON) -> JSON:
        chat_id = _int(params.get("chat_id"))
        if chat_id not in self.users:
            raise ApiError(400, "Bad Request: chat not found")
        # TELEGRAM.md, pitfall 8: ChatFullInfo needs these fields.
        return self._chat_json(chat_id) | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
            },
        }

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


def _decode(key: str, value: str) -> Any:
    if key in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _scope_key(scope: Any) -> str:
    if isinstance(scope, str):
        scope = json.loads(scope)
    if not scope:
        return "default"
    parts = [scope.get("type", "default")]
    if "chat_id" in scope:
        parts.append(str(scope["chat_id"]))
    return ":".join(parts)


def _reason(status: int) -> str:
    return {
        400: "Bad Request",
        403: "Forbidden",
        429: "Too Many Requests: retry after 1",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
    }.get(status, "Error")


def _error(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)
