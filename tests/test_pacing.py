"""The rate limiter: replies to people before the outbox, Telegram's limits kept, 429s waited
out. A scaled clock: a 0.2 s window holds 10 messages (8 for the outbox)."""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.pacing import PriorityRateLimiter, background

WINDOW = 0.2
CAPACITY = 10


class Api:
    """Records when each request reached "Telegram"."""

    def __init__(self, fail_first: int = 0) -> None:
        self.calls: list[tuple[str, float, Any]] = []  # (name, monotonic time, chat)
        self._fail = fail_first

    def request(self, name: str, chat: Any = None) -> Any:
        async def call() -> dict[str, Any]:
            if self._fail:
                self._fail -= 1
                raise RetryAfter(timedelta(seconds=0.05))
            self.calls.append((name, time.monotonic(), chat))
            return {"name": name}

        return call

    def names(self) -> list[str]:
        return [name for name, _, _ in self.calls]


def limiter(chat_interval: float = 0.0) -> PriorityRateLimiter:
    return PriorityRateLimiter(
        per_second=CAPACITY / WINDOW, chat_interval=chat_interval, window=WINDOW
    )


async def send(
    pacing: PriorityRateLimiter,
    api: Api,
    name: str,
    *,
    chat: int | None = None,
    endpoint: str = "sendMessage",
    outbox: bool = False,
) -> Any:
    data = {} if chat is None else {"chat_id": chat}

    async def go() -> Any:
        return await pacing.process_request(api.request(name, chat), (), {}, endpoint, data, None)

    if outbox:
        with background():
            return await go()
    return await go()


def most_in_any_window(times: list[float]) -> int:
    ordered = sorted(times)
    return max(
        sum(1 for other in ordered[i:] if other < start + WINDOW)
        for i, start in enumerate(ordered)
    )


async def test_a_reply_overtakes_the_outbox_queue() -> None:
    pacing, api = limiter(), Api()
    outbox = [asyncio.create_task(send(pacing, api, f"o{n}", outbox=True)) for n in range(30)]
    await asyncio.sleep(0)  # one turn of the loop: the outbox's requests queue up first
    reply = asyncio.create_task(send(pacing, api, "reply"))
    await asyncio.gather(reply, *outbox)
    # The outbox had sent a few before the reply came; none of the queued ones went first.
    assert api.names().index("reply") <= 2


async def test_the_outbox_uses_the_whole_budget_when_no_reply_waits() -> None:
    pacing, api = limiter(), Api()
    outbox = [asyncio.create_task(send(pacing, api, f"o{n}", outbox=True)) for n in range(40)]
    await asyncio.gather(*outbox)
    sent = [at for _, at, _ in api.calls]
    assert most_in_any_window(sent) == CAPACITY  # no reserve left idle (issue 19)
    replies = [asyncio.create_task(send(pacing, api, f"r{n}")) for n in range(25)]
    await asyncio.gather(*replies)
    assert most_in_any_window([at for _, at, _ in api.calls]) <= CAPACITY


async def test_sends_to_one_chat_keep_their_interval_and_order() -> None:
    pacing, api = limiter(chat_interval=0.05), Api()
    await asyncio.gather(*(send(pacing, api, f"m{n}", chat=42) for n in range(4)))
    assert api.names() == ["m0", "m1", "m2", "m3"]
    times = [at for _, at, _ in api.calls]
    assert all(later - earlier >= 0.05 for earlier, later in itertools.pairwise(times))


async def test_answers_to_buttons_and_edits_are_not_held_back() -> None:
    pacing, api = limiter(), Api()
    outbox = [asyncio.create_task(send(pacing, api, f"o{n}", outbox=True)) for n in range(30)]
    await asyncio.sleep(0)  # one turn of the loop: the outbox's requests queue up first
    await send(pacing, api, "answer", endpoint="answerCallbackQuery")
    await send(pacing, api, "edit", endpoint="editMessageText", chat=7)
    assert api.names().index("edit") < 10
    await asyncio.gather(*outbox)


async def test_a_429_is_waited_out_and_the_request_made_again() -> None:
    pacing, api = limiter(), Api(fail_first=2)
    result = await send(pacing, api, "reply", chat=5)
    assert result == {"name": "reply"}
    assert api.names() == ["reply"]


async def test_a_429_past_the_retries_reaches_the_caller() -> None:
    pacing, api = limiter(), Api(fail_first=10)
    with pytest.raises(RetryAfter):
        await pacing.process_request(api.request("x"), (), {}, "sendMessage", {}, 1)
