"""Fixtures: a real SQLite file per test, the real bot against the simulator, a hand-moved
clock. Every test fails if the bot logged an unhandled error or was answered 429."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness

VN = ZoneInfo("Asia/Ho_Chi_Minh")
OPERATOR_ID = 900
# A Monday morning in Vietnam.
START = datetime(2026, 11, 23, 9, 0, tzinfo=VN)


class ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []
        self.expected: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not any(fragment in record.getMessage() for fragment in self.expected):
            self.records.append(record)

    def expect(self, fragment: str) -> None:
        """An error the test provokes on purpose (a library logging a failure it handles)."""
        self.expected.append(fragment)


@pytest.fixture
def errors() -> Iterator[ErrorLog]:
    """Errors logged during the test; a test that expects some empties ``records``."""
    handler = ErrorLog()
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    assert not handler.records, [r.getMessage() for r in handler.records]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
async def h(tmp_path: Path, clock: ManualClock, errors: ErrorLog) -> AsyncIterator[Harness]:
    async with harness(
        tmp_path / "bot.sqlite3", clock=clock, superadmins=[OPERATOR_ID]
    ) as running:
        yield running
        assert running.sim.too_many_requests == 0, "the bot went past the flood limits"
