"""The simulator behaves like the Bot API where it matters to the bot."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.sandbox.server import BotApiSimulator, Limits


@pytest.fixture
async def sim() -> AsyncIterator[BotApiSimulator]:
    simulator = BotApiSimulator(limits=Limits())
    await simulator.start()
    for user_id in range(1, 61):
        simulator.add_user(user_id, f"U{user_id}")
    yield simulator
    await simulator.stop()


async def _call(sim: BotApiSimulator, method: str, **params: object) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(
            f"{sim.base_url}{sim.token}/{method}", data={k: str(v) for k, v in params.items()}
        )


async def test_more_than_thirty_messages_a_second_are_answered_429(sim: BotApiSimulator) -> None:
    # Sent together, so that they fall in one second however slow the machine is.
    async with httpx.AsyncClient() as client:
        answers = await asyncio.gather(
            *(
                client.post(
                    f"{sim.base_url}{sim.token}/sendMessage",
                    data={"chat_id": str(user_id), "text": "x"},
                )
                for user_id in range(1, 41)
            )
        )
    codes = [answer.status_code for answer in answers]
    assert codes.count(200) == 30
    assert codes.count(429) == 10
    body = answers[codes.index(429)].json()
    assert body["parameters"]["retry_after"] >= 1
    assert sim.too_many_requests == codes.count(429)


async def test_a_second_message_to_one_chat_within_a_second_is_answered_429(
    sim: BotApiSimulator,
) -> None:
    first = await _call(sim, "sendMessage", chat_id=1, text="a")
    second = await _call(sim, "sendMessage", chat_id=1, text="b")
    other = await _call(sim, "sendMessage", chat_id=2, text="c")
    assert (first.status_code, second.status_code, other.status_code) == (200, 429, 200)


async def test_a_user_who_blocked_the_bot_gives_403(sim: BotApiSimulator) -> None:
    sim.set_blocked(5, True)
    answer = await _call(sim, "sendMessage", chat_id=5, text="x")
    assert answer.status_code == 403
    assert "blocked" in answer.json()["description"]


async def test_updates_are_forgotten_on_confirmation_not_on_delivery(
    sim: BotApiSimulator,
) -> None:
    sim.user_message(1, sim.text_content("hello"))
    first = (await _call(sim, "getUpdates", offset=0, timeout=0)).json()["result"]
    again = (await _call(sim, "getUpdates", offset=0, timeout=0)).json()["result"]
    assert [u["update_id"] for u in first] == [u["update_id"] for u in again] == [1]
    confirmed = (await _call(sim, "getUpdates", offset=2, timeout=0)).json()["result"]
    assert confirmed == []
    assert sim.all_confirmed()


async def test_a_wrong_token_is_unauthorized(sim: BotApiSimulator) -> None:
    async with httpx.AsyncClient() as client:
        answer = await client.post(f"{sim.base_url}1:wrong/getMe")
    assert answer.status_code == 401


async def test_editing_without_a_change_is_refused_like_telegram(sim: BotApiSimulator) -> None:
    sent = (await _call(sim, "sendMessage", chat_id=1, text="a")).json()["result"]
    same = await _call(sim, "editMessageText", chat_id=1, message_id=sent["message_id"], text="a")
    assert same.status_code == 400
    assert "not modified" in same.json()["description"]
