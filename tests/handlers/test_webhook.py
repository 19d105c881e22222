"""Webhook mode: updates arrive by POST, and a request without Telegram's secret is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness
from tests.conftest import OPERATOR_ID, ErrorLog


@pytest.fixture
async def hooked(tmp_path: Path, clock: ManualClock, errors: ErrorLog) -> AsyncIterator[Harness]:
    async with harness(
        tmp_path / "bot.sqlite3", clock=clock, superadmins=[OPERATOR_ID], webhook=True
    ) as running:
        yield running


async def test_updates_arrive_by_webhook_with_the_secret(hooked: Harness) -> None:
    assert hooked.sim.webhook is not None
    assert hooked.sim.webhook["secret_token"] == SECRET
    stranger = hooked.person(777, "Người Lạ")
    await stranger.say("/start")
    await stranger.expect("cần có đường dẫn mời")
    # Answered once handled: the reply went out first.
    await hooked.sim.wait_for(lambda: 200 in hooked.sim.webhook_deliveries)


SECRET = "s3cret-for-the-simulator-only"
START_UPDATE = {
    "update_id": 999,
    "message": {
        "message_id": 1,
        "date": 0,
        "chat": {"id": 777, "type": "private", "first_name": "X"},
        "from": {"id": 777, "is_bot": False, "first_name": "X"},
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    },
}


def headers_with(secret: str | None) -> dict[str, str]:
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return headers


@pytest.mark.parametrize("secret", [None, "wrong-secret-0123456789"])
async def test_a_request_without_the_right_secret_is_refused(
    hooked: Harness, secret: str | None
) -> None:
    async with httpx.AsyncClient() as client:
        answer = await client.post(
            hooked.settings.webhook_url or "", json=START_UPDATE, headers=headers_with(secret)
        )
    assert answer.status_code == 403
    hooked.sim.add_user(777, "X")
    await hooked.settle()
    assert hooked.sim.messages_to(777) == []


async def test_an_update_is_answered_after_it_is_handled_and_only_handled_once(
    hooked: Harness,
) -> None:
    hooked.sim.add_user(777, "X")
    url = hooked.settings.webhook_url or ""
    async with httpx.AsyncClient() as client:
        first = await client.post(url, json=START_UPDATE, headers=headers_with(SECRET))
        # The reply is out before Telegram hears the update was taken.
        assert first.status_code == 200
        assert len(hooked.sim.messages_to(777)) == 1
        again = await client.post(url, json=START_UPDATE, headers=headers_with(SECRET))
        assert again.status_code == 200
        garbage = await client.post(url, content=b"[1, 2", headers=headers_with(SECRET))
        assert garbage.status_code == 400
    await hooked.settle()
    assert len(hooked.sim.messages_to(777)) == 1
