"""Dues across the year boundary: what was owed in December is still owed in January, the
January warning counts the year that ended, and every day's statement says the same total."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.kernel.calendar import Month
from bot.core.kernel.clock import ManualClock
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness, harness
from tests.conftest import OPERATOR_ID, VN, ErrorLog
from tests.support import approved_member, create_branch

REMINDER = "Đảng phí tháng"
STATEMENT = "Đảng phí của đồng chí năm"
MONTHLY = 12_000


@pytest.fixture
async def h(tmp_path: Path, errors: ErrorLog) -> AsyncIterator[Harness]:
    # Approved after the October dues day: followed from November 2026.
    start = datetime(2026, 10, 20, 10, 0, tzinfo=VN)
    async with harness(
        tmp_path / "bot.sqlite3", clock=ManualClock(start), superadmins=[OPERATOR_ID]
    ) as running:
        yield running
        assert running.sim.too_many_requests == 0


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def months_between(first: Month, last: Month) -> list[Month]:
    found = [first]
    while found[-1] < last:
        found.append(found[-1].next())
    return found


async def _day(h: Harness, day: date) -> None:
    h.manual_clock.set(datetime(day.year, day.month, day.day, 9, 0, tzinfo=VN))
    await h.tick()


async def _statement(person: Person) -> str:
    await person.command("dues")
    return (await person.find(STATEMENT)).body


async def test_a_member_who_owes_november_and_december_is_told_so_in_january(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    reminders: dict[Month, str] = {}
    day = date(2026, 11, 1)
    while day <= date(2027, 2, 10):
        await _day(h, day)
        for message in an.unread():
            if REMINDER in message.body:
                reminders[Month.of(day)] = message.body
        an.skip_unread()
        if day >= date(2026, 12, 28):
            # Every day across the boundary, the statement's total is every month since
            # November, this one included.
            owed = months_between(Month(2026, 11), Month.of(day))
            body = await _statement(an)
            assert f"Hiện còn phải đóng: {money(MONTHLY * len(owed))}" in body, (day, body)
            if day.year == 2027:
                assert "Còn nợ từ các năm trước: 11/2026, 12/2026 (24.000 đ)" in body
            else:
                assert "năm trước" not in body
                # Before November the bot did not follow him: one line, not ten.
                assert body.count("bot chưa theo dõi") == 1
                assert "01/2026 – 10/2026: bot chưa theo dõi" in body
        day += timedelta(days=1)

    assert sorted(reminders) == [Month(2026, 11), Month(2026, 12), Month(2027, 1), Month(2027, 2)]
    december = reminders[Month(2026, 12)]
    assert "Nhắc nhẹ: năm 2026 đã có 1 tháng" in december
    january = reminders[Month(2027, 1)]
    assert "11/2026, 12/2026, 01/2027 (tổng cộng 36.000 đ)" in january
    assert "năm 2026 đã có 2 tháng đồng chí chưa đóng đảng phí" in january
    february = reminders[Month(2027, 2)]
    assert "11/2026, 12/2026, 01/2027, 02/2027 (tổng cộng 48.000 đ)" in february
    assert "Nhắc nhẹ: năm 2027 đã có 1 tháng" in february
    flags = [
        m.body for m in branch.secretary.messages() if "chưa đóng đảng phí trong năm" in m.body
    ]
    assert len(flags) == 1
    assert "2 tháng chưa đóng đảng phí trong năm 2026 (11/2026, 12/2026)" in flags[0]

    # Last year's months can be reported paid from this year's reminder.
    reminder = an.find_button_message("📅 Tôi đã đóng nhiều tháng")
    await an.press("📅 Tôi đã đóng nhiều tháng", message=reminder)
    await an.press("Trên Cổng Dịch vụ công Quốc gia", message=await an.find("bằng cách nào"))
    months = await an.find("Khoản đóng cho những tháng nào?")
    labels = [button["text"] for button in months.buttons()]
    assert "☐ 11/2026" in labels
    assert "☐ 12/2026" in labels


async def test_a_leap_february_counts_like_any_month(h: Harness) -> None:
    h.manual_clock.set(datetime(2028, 1, 3, 10, 0, tzinfo=VN))
    branch = await create_branch(h)
    an = await approved_member(h, branch)
    # 2028's amount follows that year's minimum wage: read it from the statement.
    first = (await _statement(an)).split("01/2028: ❗ chưa đóng, ")[1].split(" đ")[0]
    monthly = int(first.replace(".", ""))
    day = date(2028, 2, 25)
    while day <= date(2028, 3, 6):
        await _day(h, day)
        owed = months_between(Month(2028, 1), Month.of(day))
        body = await _statement(an)
        assert f"Hiện còn phải đóng: {money(monthly * len(owed))}" in body, (day, body)
        day += timedelta(days=1)
    march = next(m.body for m in reversed(an.messages()) if "Đảng phí tháng 03/2028" in m.body)
    assert f"01/2028, 02/2028, 03/2028 (tổng cộng {money(3 * monthly)})" in march
    assert "năm 2028 đã có 2 tháng đồng chí chưa đóng đảng phí" in march
