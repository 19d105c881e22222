"""The webhook does not fall over on bad input (issue 17, rule 8): with the right secret, a body
that is not an update gets 400 and a log line, never 500 or a traceback; an update handled once
is never handled again, however many came in between and across a restart."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import httpx
import pytest

from bot.sandbox.harness import Harness
from bot.storage.handled_updates import KEPT_FOR
from tests.handlers.test_webhook import SECRET, START_UPDATE, headers_with, hooked

DEEP = b'{"update_id": 5, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
MALFORMED: list[bytes | Any] = [
    b"[1, 2",
    b"\xff\xfe not utf-8",
    DEEP,
    [],
    "an update",
    None,
    {"hello": "world"},
    {"update_id": "seven"},
    {"update_id": 5, "message": "not an object"},
    {"update_id": 5, "message": {"chat": 5, "date": "yesterday"}},
    {"update_id": 5, "message": {"message_id": 1, "date": 0, "chat": {"type": "private"}}},
    {"update_id": 5, "callback_query": {"id": 1, "from": None, "data": {"x": 1}}},
    {"update_id": 10**40, "message": {}},
]


async def _post(h: Harness, client: httpx.AsyncClient, body: bytes | Any) -> int:
    url = h.settings.webhook_url or ""
    if isinstance(body, bytes):
        answer = await client.post(url, content=body, headers=headers_with(SECRET))
    else:
        answer = await client.post(url, json=body, headers=headers_with(SECRET))
    return answer.status_code


def _update(update_id: int, chat: int, text: str) -> dict[str, Any]:
    message = dict(START_UPDATE["message"])  # type: ignore[arg-type]
    message |= {
        "message_id": update_id,
        "text": text,
        "entities": [],
        "chat": {"id": chat, "type": "private", "first_name": "X"},
        "from": {"id": chat, "is_bot": False, "first_name": "X"},
    }
    return {"update_id": update_id, "message": message}


async def test_malformed_bodies_get_400_and_a_log_line(
    hooked: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.webhook")
    async with httpx.AsyncClient(timeout=30) as client:
        for body in MALFORMED:
            assert await _post(hooked, client, body) == 400, body if body is not DEEP else "deep"
    refused = [r for r in caplog.records if "not an update" in r.getMessage()]
    assert len(refused) == len(MALFORMED)
    assert not [r for r in caplog.records if r.exc_info], "no traceback"
    await hooked.settle()
    assert hooked.sim.messages_to(777) == []


async def test_a_replay_is_not_handled_again_after_many_updates_or_a_restart(
    hooked: Harness,
) -> None:
    hooked.sim.add_user(777, "X")
    hooked.sim.add_user(778, "Y")
    async with httpx.AsyncClient(timeout=30) as client:
        assert await _post(hooked, client, _update(1, 777, "/start")) == 200
        await hooked.settle()
        told = len(hooked.sim.messages_to(777))
        assert told == 1
        # 1,500 other updates (more than the 1,024 the process once remembered).
        for update_id in range(2, 1502):
            assert await _post(hooked, client, _update(update_id, 778, "xin chào")) == 200
        assert await _post(hooked, client, _update(1, 777, "/start")) == 200
        await hooked.restart()
        assert await _post(hooked, client, _update(1, 777, "/start")) == 200
        # Two days on, the handled ids are pruned; the floor still refuses the old one.
        hooked.manual_clock.advance(KEPT_FOR + timedelta(hours=1))
        assert await _post(hooked, client, _update(2000, 778, "xin chào")) == 200
        assert (
            await hooked.services.db.fetch_value(
                "SELECT COUNT(*) FROM handled_updates WHERE update_id < 1502"
            )
            == 0
        )
        assert await _post(hooked, client, _update(1, 777, "/start")) == 200
    await hooked.settle()
    assert len(hooked.sim.messages_to(777)) == told


__all__ = ["hooked"]  # the fixture: the bot in webhook mode
