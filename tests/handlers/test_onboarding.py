"""Setting up a branch, officers joining, members invited: end to end through the simulator."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.__main__ import main as cli_main
from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness
from tests.conftest import OPERATOR_ID
from tests.support import (
    CONFIRM,
    SKIP,
    approved_member,
    create_branch,
    link_in,
    new_member_link,
)


async def test_an_operator_creates_a_branch_in_chat_and_its_secretary_joins(h: Harness) -> None:
    branch = await create_branch(h)
    assert branch.member_link.startswith("https://t.me/lienlac_test_bot?start=")
    branches = await h.services.db.fetch_all("SELECT name, committee FROM branches")
    assert [tuple(row) for row in branches] == [("Chi bộ ấp Tân Hòa", None)]
    secretary = await h.services.db.fetch_one("SELECT role, status, full_name FROM members")
    assert secretary is not None
    assert tuple(secretary) == ("secretary", "active", "Lê Thị Mai")


async def test_the_secretary_link_works_once(h: Harness) -> None:
    operator = h.person(OPERATOR_ID, "Trần Văn Hùng")
    await operator.command("newbranch")
    await operator.next_message()
    await operator.say("Chi bộ khu phố 2")
    await operator.next_message()
    await operator.say("Đảng ủy phường An Lạc")
    await operator.expect("Chi bộ khu phố 2", "Đảng ủy phường An Lạc")
    await operator.press(CONFIRM)
    link = link_in((await operator.next_message()).body)
    await h.person(200, "Lê Thị Mai").open_link(link)
    stranger = h.person(201, "Người Lạ")
    await stranger.open_link(link)
    await stranger.expect("đã hết hạn hoặc đã được sử dụng")
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM members") == 1


async def test_only_an_operator_can_create_a_branch(h: Harness) -> None:
    someone = h.person(555, "Ai Đó")
    await someone.command("newbranch")
    await someone.expect("vai trò của đồng chí không được làm việc này")
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM branches") == 0


async def test_a_branch_name_is_unique_under_its_committee(h: Harness) -> None:
    await create_branch(h, name="Chi bộ ấp 1")
    operator = h.person(OPERATOR_ID, "Trần Văn Hùng")
    await operator.command("newbranch")
    await operator.next_message()
    await operator.say("Chi bộ ấp 1")
    await operator.next_message()
    await operator.press(SKIP)
    await operator.next_message()
    await operator.press(CONFIRM)
    await operator.expect("Đã có chi bộ tên Chi bộ ấp 1")


async def test_an_operator_gets_a_new_secretary_link_and_the_old_secretary_steps_down(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    await branch.operator.command("branches")
    await branch.operator.expect("Chi bộ ấp Tân Hòa")
    await branch.operator.press("Đường dẫn mới cho bí thư chi bộ số 1")
    link = link_in((await branch.operator.expect("Đã tạo")).body)
    successor = h.person(202, "Đỗ Văn Bình")
    await successor.open_link(link)
    await successor.expect("bí thư")
    roles = await h.services.db.fetch_all("SELECT full_name, role FROM members ORDER BY id")
    assert [tuple(r) for r in roles] == [("Lê Thị Mai", "member"), ("Đỗ Văn Bình", "secretary")]


async def test_a_deputy_and_a_treasurer_join_with_single_use_links(h: Harness) -> None:
    branch = await create_branch(h)
    secretary = branch.secretary
    for label, user_id, role_text in (
        (("Cho phó bí thư"), 210, "phó bí thư"),
        (("Cho người phụ trách đảng phí"), 211, "phụ trách"),
    ):
        await secretary.command("invite")
        await secretary.next_message()
        await secretary.press(label)
        link = link_in((await secretary.expect("Chỉ dùng được một lần")).body)
        officer = h.person(user_id, f"Cán bộ {user_id}")
        await officer.open_link(link)
        await officer.expect(role_text)
        await secretary.expect("đã tham gia chi bộ")
    roles = await h.services.db.fetch_all("SELECT role FROM members ORDER BY id")
    assert [r[0] for r in roles] == ["secretary", "deputy", "treasurer"]


async def test_the_secretary_lists_and_withdraws_open_links(h: Harness) -> None:
    branch = await create_branch(h)
    await branch.secretary.command("invites")
    listing = await branch.secretary.expect("Các đường dẫn mời đang mở", branch.member_link)
    await branch.secretary.press("Thu hồi đường dẫn số 1", message=listing)
    await h.settle()
    assert "Không có đường dẫn mời nào đang mở" in (branch.secretary.messages()[-1].body)
    newcomer = h.person(301, "Nguyễn Văn An")
    await newcomer.open_link(branch.member_link)
    await newcomer.expect("Chi bộ đã thu hồi đường dẫn mời này")


async def test_a_member_link_expires_after_fourteen_days(h: Harness, clock: ManualClock) -> None:
    branch = await create_branch(h)
    clock.advance(timedelta(days=14, minutes=1))
    late = h.person(301, "Nguyễn Văn An")
    await late.open_link(branch.member_link)
    await late.expect("đã hết hạn")
    fresh = await new_member_link(branch.secretary)
    await late.open_link(fresh)
    await late.expect("Đồng chí có đồng ý không?")


async def test_a_member_link_serves_several_people(h: Harness) -> None:
    branch = await create_branch(h)
    for user_id in (301, 302, 303):
        person = h.person(user_id, f"Người {user_id}")
        await person.open_link(branch.member_link)
        await person.expect("Đồng chí có đồng ý không?")


async def test_invitation_codes_are_long_and_random(h: Harness) -> None:
    branch = await create_branch(h)
    codes = {link_in(branch.member_link).split("=")[1]}
    for _ in range(5):
        codes.add(link_in(await new_member_link(branch.secretary)).split("=")[1])
    assert len(codes) == 6
    assert all(len(code) >= 24 for code in codes)


async def test_a_member_cannot_create_invitations(h: Harness) -> None:
    branch = await create_branch(h)
    member = await approved_member(h, branch)
    await member.command("invite")
    await member.expect("vai trò của đồng chí không được làm việc này")
    forged = await member.press_data("iv:member")
    assert "không được" in await member.answer_to(forged)
    assert await h.services.db.fetch_value("SELECT COUNT(*) FROM invites") == 2


@pytest.fixture
def keep_logging() -> Iterator[None]:
    """The command line configures logging for the process; put the test's back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.mark.usefixtures("keep_logging")
async def test_an_operator_creates_a_branch_from_the_command_line(
    h: Harness, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    await h.stop_bot()
    monkeypatch.setenv("LIENLAC_BOT_TOKEN", h.sim.token)
    monkeypatch.setenv("LIENLAC_API_BASE_URL", h.sim.base_url)
    monkeypatch.setenv("LIENLAC_DATABASE", str(h.settings.database))
    # The command line runs its own event loop; the simulator keeps serving in this one.
    code = await asyncio.to_thread(
        cli_main, ["branch", "create", "Chi bộ ấp 5", "--committee", "Đảng ủy xã Tân Phú"]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "Chi bộ ấp 5" in out
    await h.start_bot()
    secretary = h.person(200, "Lê Thị Mai")
    await secretary.open_link(link_in(out))
    await secretary.expect("bí thư", "Chi bộ ấp 5")
    link = await new_member_link(secretary)
    assert link.startswith("https://t.me/lienlac_test_bot?start=")
