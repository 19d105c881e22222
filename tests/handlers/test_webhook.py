"""Webhook mode: updates arrive by POST, and a request without Telegram's secret is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.core.clock import ManualClock
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
    assert hooked.sim.webhook["secret_token"] == "s3cret-for-the-simulator-only"
    stranger = hooked.person(777, "Người Lạ")
    await stranger.say("/start")
    await stranger.expect("cần có đường dẫn mời")
    assert 200 in hooked.sim.webhook_deliveries


@pytest.mark.parametrize("secret", [None, "wrong-secret-0123456789"])
async def test_a_request_without_the_right_secret_is_refused(
    hooked: Harness, secret: str | None
) -> None:
    update = {
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
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    async with httpx.AsyncClient() as client:
        answer = await client.post(hooked.settings.webhook_url or "", json=update, headers=headers)
    assert answer.status_code == 403
    hooked.sim.add_user(777, "X")
    await hooked.settle()
    assert hooked.sim.messages_to(777) == []
