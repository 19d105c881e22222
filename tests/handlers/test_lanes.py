"""The chat lanes tell background work when no update is in hand, and never keep it waiting
longer than it asked."""

from __future__ import annotations

import asyncio

from bot.handlers.lanes import ChatLanes


async def test_quiet_waits_until_the_updates_in_hand_are_handled() -> None:
    lanes = ChatLanes()
    release = asyncio.Event()
    handling = asyncio.create_task(lanes.do_process_update(object(), release.wait()))
    await asyncio.sleep(0)  # let the update enter its lane
    waiting = asyncio.create_task(lanes.quiet(most=30))
    await asyncio.sleep(0)
    assert not waiting.done(), "an update is still in hand"
    release.set()
    await asyncio.wait_for(waiting, timeout=5)
    await handling


async def test_quiet_returns_at_once_when_nothing_is_in_hand() -> None:
    lanes = ChatLanes()
    await lanes.do_process_update(object(), asyncio.sleep(0))
    await asyncio.wait_for(lanes.quiet(most=30), timeout=0.5)


async def test_quiet_gives_up_after_its_limit_when_an_update_hangs() -> None:
    lanes = ChatLanes()
    never = asyncio.Event()
    hanging = asyncio.create_task(lanes.do_process_update(object(), never.wait()))
    await asyncio.sleep(0)
    await asyncio.wait_for(lanes.quiet(most=0.01), timeout=5)
    hanging.cancel()
    await asyncio.gather(hanging, return_exceptions=True)
    # A cancelled update is let go: nothing is in hand any more.
    await asyncio.wait_for(lanes.quiet(most=30), timeout=0.5)
