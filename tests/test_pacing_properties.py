"""The sender's limiter on virtual time (looptime): for any arrival pattern of replies and
scheduled (outbox) messages, never more than the budget in any second, never two sends to one
chat within its interval, a reply never waits behind more than one scheduled message, and no
capacity is left idle while a scheduled message is ready (issue 19)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from dataclasses import dataclass
from typing import Any

import looptime
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.pacing import PriorityRateLimiter, background

PER_SECOND = 29.5
BUDGET = 30  # at most this many in any second
SPACING = 1 / PER_SECOND
CHAT_INTERVAL = 1.0
LATENCY = 0.02  # each request's round trip to "Telegram"
EPSILON = 1e-6


@dataclass
class Sent:
    kind: str  # "reply" | "scheduled"
    chat: int
    arrived: float
    started: float = 0.0
    ended: float = 0.0


arrivals = st.lists(
    st.tuples(
        st.floats(min_value=0, max_value=3, allow_nan=False),
        st.sampled_from(["reply", "scheduled"]),
        st.integers(min_value=0, max_value=40),
    ),
    max_size=120,
)


def run(pattern: list[tuple[float, str, int]]) -> list[Sent]:
    """Play ``pattern`` (arrival time, kind, chat) through a fresh limiter on a loop whose time
    is virtual; what each request did and when."""
    records: list[Sent] = []

    async def one(at: float, kind: str, chat: int, pacing: PriorityRateLimiter) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(at)
        record = Sent(kind, chat, loop.time())

        async def call() -> dict[str, Any]:
            record.started = loop.time()
            await asyncio.sleep(LATENCY)
            record.ended = loop.time()
            return {}

        context = background() if kind == "scheduled" else contextlib.nullcontext()
        with context:
            await pacing.process_request(call, (), {}, "sendMessage", {"chat_id": chat}, None)
        records.append(record)

    async def main() -> None:
        pacing = PriorityRateLimiter(per_second=PER_SECOND, chat_interval=CHAT_INTERVAL)
        await asyncio.gather(*(one(at, kind, chat, pacing) for at, kind, chat in pattern))

    with asyncio.Runner(loop_factory=lambda: looptime.new_event_loop(start=0)) as runner:
        runner.run(main())
    return records


@settings(max_examples=60, deadline=None)
@given(arrivals)
def test_no_more_than_the_budget_in_any_second(pattern: list[tuple[float, str, int]]) -> None:
    starts = sorted(r.started for r in run(pattern))
    for i, start in enumerate(starts):
        in_window = sum(1 for other in starts[i:] if other < start + 1.0 - EPSILON)
        assert in_window <= BUDGET


@settings(max_examples=60, deadline=None)
@given(arrivals)
def test_never_two_sends_to_one_chat_within_its_interval(
    pattern: list[tuple[float, str, int]],
) -> None:
    by_chat: dict[int, list[Sent]] = {}
    for record in run(pattern):
        by_chat.setdefault(record.chat, []).append(record)
    for sends in by_chat.values():
        sends.sort(key=lambda r: r.started)
        for before, after in itertools.pairwise(sends):
            assert after.started >= before.ended + CHAT_INTERVAL - EPSILON


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=3, allow_nan=False), max_size=30),
    st.integers(min_value=0, max_value=200),
)
def test_a_reply_waits_behind_at_most_one_scheduled_message(
    replies: list[float], scheduled: int
) -> None:
    # Each to a chat of its own: what a reply may wait for is the budget, not its chat.
    pattern = [(0.0, "scheduled", 1000 + n) for n in range(scheduled)]
    pattern += [(at, "reply", 5000 + n) for n, at in enumerate(replies)]
    records = run(pattern)
    for reply in (r for r in records if r.kind == "reply"):
        overtaking = [
            r
            for r in records
            if r.kind == "scheduled" and reply.arrived < r.started < reply.started
        ]
        assert len(overtaking) <= 1


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=150))
def test_no_capacity_is_idle_while_a_scheduled_message_is_ready(count: int) -> None:
    records = sorted(run([(0.0, "scheduled", n) for n in range(count)]), key=lambda r: r.started)
    starts = [r.started for r in records]
    assert starts[0] <= EPSILON
    for before, after in itertools.pairwise(starts):
        assert after - before <= SPACING + EPSILON  # one every 1/29.5 s: no gap, no burst
        assert after - before >= SPACING - EPSILON
