"""A leaked link is not a flood (issue 17, rule 4): a member link is for one person unless the
secretary chose more; a branch takes a set number of registrations waiting for approval, checked
when a link is opened and again when the form is sent; a stranger opening many links is slowed;
registrations arriving together reach the secretary as one summary."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness
from tests.conftest import OPERATOR_ID, ErrorLog
from tests.support import (
    ANSWERS,
    CONFIRM,
    actor,
    create_branch,
    fill_registration,
    new_member_link,
    register,
)

USED = "đã được sử dụng"
FULL = "đang có nhiều đăng ký chờ duyệt"
SLOW = "mở quá nhiều đường dẫn mời"


@pytest.fixture
async def h(tmp_path: Path, clock: ManualClock, errors: ErrorLog) -> AsyncIterator[Harness]:
    async with harness(
        tmp_path / "bot.sqlite3", clock=clock, superadmins=[OPERATOR_ID], pending_limit=3
    ) as running:
        yield running


WORDS = ("Một", "Hai", "Ba", "Bốn", "Năm")


def _answers(name: str) -> list[str | None]:
    answers = list(ANSWERS)
    answers[0] = name
    return answers


async def test_a_member_link_is_for_one_person_unless_more_were_chosen(h: Harness) -> None:
    branch = await create_branch(h)
    single = await new_member_link(branch.secretary, "1 người")
    assert "Chỉ một người dùng được" in branch.secretary.messages()[-1].body
    await register(h.person(301, "An"), single, answers=_answers("Nguyễn Văn An"))
    late = h.person(302, "Bình")
    await late.open_link(single)
    await late.expect(USED)
    five = await new_member_link(branch.secretary, "5 người")
    assert "5 người có thể dùng" in branch.secretary.messages()[-1].body
    await register(h.person(303, "Chi"), five, answers=_answers("Lê Văn Chi"))
    stored = await h.services.db.fetch_all(
        "SELECT uses, max_uses FROM invites WHERE role = 'member'"
    )
    assert sorted(tuple(row) for row in stored) == [(0, 50), (1, 1), (1, 5)]


async def test_waiting_registrations_are_capped_at_opening_and_at_sending(h: Harness) -> None:
    branch = await create_branch(h)
    link = await new_member_link(branch.secretary)  # for 50 people: the cap is what stops them
    # Two part-way through the form before the branch fills up...
    slow = [h.person(400 + n, f"Chậm {n}") for n in range(2)]
    summaries = []
    for number, person in enumerate(slow):
        await fill_registration(person, link, answers=_answers(f"Trần Văn Chậm {WORDS[number]}"))
        summaries.append(await person.find("Thông tin trên đã đúng chưa?"))
    # ...then three register in full: the cap of three waiting is reached.
    for number in range(3):
        person = h.person(300 + number, f"Người {number}")
        await register(person, link, answers=_answers(f"Nguyễn Văn Người {WORDS[number]}"))
    newcomer = h.person(350, "Mới")
    await newcomer.open_link(link)
    await newcomer.expect(FULL)
    for person, summary in zip(slow, summaries, strict=True):  # nor do those part-way
        await person.press(CONFIRM, message=summary)
        await person.expect(FULL)
    await h.settle()
    pending = await h.services.db.fetch_value(
        "SELECT COUNT(*) FROM members WHERE status = 'pending'"
    )
    assert pending == 3


async def test_a_stranger_opening_many_links_is_slowed(h: Harness) -> None:
    await create_branch(h)
    stranger = h.person(666, "Đoán Mò")
    for guess in range(5):
        await stranger.open_link(f"https://t.me/lienlac_test_bot?start=guess{guess}")
        await stranger.expect("không hợp lệ")
    await stranger.open_link("https://t.me/lienlac_test_bot?start=guess6")
    await stranger.expect(SLOW)
    h.manual_clock.advance(timedelta(minutes=11))
    await stranger.open_link("https://t.me/lienlac_test_bot?start=guess7")
    await stranger.expect("không hợp lệ")


async def test_registrations_arriving_together_come_as_one_summary(h: Harness) -> None:
    branch = await create_branch(h)
    link = await new_member_link(branch.secretary)
    code = link.rsplit("=", 1)[1]
    # One person fills the form to its summary: their answers, as the form holds them.
    first = h.person(500, "Người 0")
    await fill_registration(first, link, answers=_answers("Nguyễn Văn Số Không"))
    await first.expect("Thông tin trên đã đúng chưa?")
    await h.settle()
    data = await h.services.db.fetch_value(
        "SELECT data FROM dialogs WHERE address = ?", (str(first.id),)
    )
    filled = dict(json.loads(data)["answers"])
    before = len(branch.secretary.messages())
    # Three registrations committed in one transaction: the sender finds them queued together.
    async with h.services.db.transaction():
        for number in range(3):
            person = h.person(501 + number, f"Người {number + 1}")
            who = await actor(h, person.id)
            named = filled | {"full_name": f"Nguyễn Văn Số {WORDS[number]}"}
            await h.services.members.submit_registration(who, code, named)
    summary = await branch.secretary.find("3 đăng ký mới")
    assert all(f"Nguyễn Văn Số {w}" in summary.body for w in WORDS[:3])
    assert "/pending" in summary.body
    await h.settle()
    cards = [m for m in branch.secretary.messages()[before:] if "Đăng ký mới" in m.body]
    assert cards == []
