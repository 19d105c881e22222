"""What the simulated Bot API keeps and answers with: its users, the messages the bot sent, the
calls it made, stored files, injected faults, the flood limits; and small helpers for the JSON
that python-telegram-bot sends."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

JSON = dict[str, Any]

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

JSON_PARAMS = frozenset(
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
class Waiter:
    predicate: Callable[[], bool]
    event: asyncio.Event = field(default_factory=asyncio.Event)


def decode_param(key: str, value: str) -> Any:
    if key in JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def to_int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def scope_key(scope: Any) -> str:
    if isinstance(scope, str):
        scope = json.loads(scope)
    if not scope:
        return "default"
    parts = [scope.get("type", "default")]
    if "chat_id" in scope:
        parts.append(str(scope["chat_id"]))
    return ":".join(parts)


def reason(status: int) -> str:
    return {
        400: "Bad Request",
        403: "Forbidden",
        429: "Too Many Requests: retry after 1",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
    }.get(status, "Error")


def error_response(status: int, description: str, retry_after: int | None = None) -> web.Response:
    body: JSON = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)
