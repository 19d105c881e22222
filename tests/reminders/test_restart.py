"""The reminder engine across restarts: every member gets exactly one prompt, none lost, none
doubled; a message Telegram accepted but whose answer never arrived is sent again (the one
duplicate the outbox allows)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness
from bot.sandbox.seed import SeededBranch
from bot.sandbox.server import Fault
from tests.conftest import ErrorLog
from tests.support import SEEDED_DUE, prompt_counts, start_with_branch

MEMBERS = 200


@pytest.fixture
async def seeded(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[tuple[Harness, SeededBranch]]:
    # 100 messages a second: 200 prompts take two seconds, time enough to stop midway.
    async with harness(
        tmp_path / "bot.sqlite3", clock=ManualClock(SEEDED_DUE), start=False, send_rate=100.0
    ) as h:
        branch = await start_with_branch(h, MEMBERS)
        yield h, branch
        assert h.sim.too_many_requests == 0


prompts = prompt_counts


async def test_stopping_midway_through_200_prompts_loses_and_doubles_nothing(
    seeded: tuple[Harness, SeededBranch],
) -> None:
    h, branch = seeded
    await h.runtime.engine.tick()
    await h.sim.wait_for(lambda: len(h.sim.messages) >= 50)
    await h.stop_bot()  # as on SIGTERM, with the simulator still running
    sent_before_restart = sum(prompts(h, branch.member_chats).values())
    assert 50 <= sent_before_restart < MEMBERS
    await h.start_bot()
    await h.tick()  # the planner finds every prompt already queued: nothing new
    await h.sim.wait_for(lambda: sum(prompts(h, branch.member_chats).values()) >= MEMBERS)
    await h.settle()
    assert set(prompts(h, branch.member_chats).values()) == {1}
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM checkin_prompts") == MEMBERS


async def test_a_prompt_accepted_by_telegram_but_never_confirmed_is_sent_again(
    seeded: tuple[Harness, SeededBranch], errors: ErrorLog
) -> None:
    h, branch = seeded
    errors.expect("Can not load invalid JSON data")  # PTB logs the proxy's 502 page
    # The tenth prompt reaches the member, but the answer is lost on the way back: to the
    # outbox this is the same as a crash between "accepted by Telegram" and "marked sent".
    h.sim.faults.append(Fault("sendMessage", "accept_then_fail", after=9))
    await h.runtime.engine.tick()
    await h.sim.wait_for(lambda: min(prompts(h, branch.member_chats).values()) >= 1)
    await h.stop_bot()
    await h.start_bot()
    await h.settle()
    counts = prompts(h, branch.member_chats)
    assert min(counts.values()) == 1, "no member is left without a prompt"
    assert sorted(counts.values()).count(2) == 1, "only the unconfirmed one is repeated"
    assert sum(counts.values()) == MEMBERS + 1
