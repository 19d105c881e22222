"""Each role sees its own menu and help; the keyboard buttons do what the commands do."""

from __future__ import annotations

from bot.sandbox.harness import Harness
from tests.conftest import OPERATOR_ID
from tests.support import approved_member, create_branch, register


async def test_each_role_has_its_own_command_menu(h: Harness) -> None:
    branch = await create_branch(h)
    member = await approved_member(h, branch)
    pending = h.person(302, "Chờ Duyệt")
    await register(pending, branch.member_link)
    stranger = h.person(999, "Người Lạ")
    await h.settle()
    assert stranger.commands() == ["start", "help", "cancel"]
    assert h.person(OPERATOR_ID).commands() == [
        "newbranch",
        "branches",
        "committee",
        "help",
        "cancel",
    ]
    assert branch.secretary.commands() == [
        "pending",
        "invite",
        "invites",
        "digest",
        "members",
        "broadcast",
        "review",
        "dues",
        "settings",
        "export",
        "log",
        "mydata",
        "help",
        "cancel",
    ]
    assert member.commands() == [
        "checkin",
        "profile",
        "move",
        "dues",
        "review",
        "pause",
        "write",
        "mydata",
        "help",
        "cancel",
    ]
    descriptions = {
        c["command"]: c["description"]
        for c in h.sim.commands_for({"type": "chat", "chat_id": member.id})
    }
    assert descriptions["profile"] == "Hồ sơ và nơi làm việc của tôi"


async def test_help_says_what_this_role_can_do(h: Harness) -> None:
    branch = await create_branch(h)
    member = await approved_member(h, branch)
    await member.command("help")
    member_help = await member.expect("/profile", "/move", "/mydata")
    assert "/pending" not in member_help.body
    await branch.secretary.command("help")
    secretary_help = await branch.secretary.expect("/pending", "/invite")
    assert "/move" not in secretary_help.body
    stranger = h.person(999, "Người Lạ")
    await stranger.command("help")
    stranger_help = await stranger.expect("/start")
    assert "/mydata" not in stranger_help.body


async def test_keyboard_buttons_run_the_same_actions(h: Harness) -> None:
    branch = await create_branch(h)
    await branch.secretary.tap("🔗 Mời")
    await branch.secretary.expect("Lời mời dành cho ai?")
    await branch.secretary.tap("📋 Lời mời đang mở")
    await branch.secretary.expect("Các đường dẫn mời đang mở")
    await branch.secretary.tap("📝 Chờ duyệt")
    await branch.secretary.expect("Không có đăng ký nào đang chờ duyệt")
    await branch.operator.tap("📚 Các chi bộ")
    await branch.operator.expect("Chi bộ ấp Tân Hòa")


async def test_pending_registrations_can_be_listed_again(h: Harness) -> None:
    branch = await create_branch(h)
    an = h.person(301, "An")
    await register(an, branch.member_link)
    await branch.secretary.expect("Đăng ký mới")
    await branch.secretary.command("pending")
    card = await branch.secretary.expect("Đăng ký mới", "Nguyễn Văn An")
    await branch.secretary.press("✅ Duyệt", message=card)
    await an.expect("đã xác nhận đăng ký")


async def test_cancel_outside_a_form_says_so(h: Harness) -> None:
    branch = await create_branch(h)
    await branch.secretary.command("cancel")
    await branch.secretary.expect("Không có phiếu nào đang điền")
