"""Nobody settles their own record (issue 17, rule 1): no officer confirms, corrects, records,
reduces, exempts, grades, approves or changes the standing of themselves while another officer
of the branch could; the only officer who could does it marked as self-confirmed, in the audit
log and in the weekly digest.

Three layers: every settling act, for every officer role, with the actor as the subject; the
core's sources, so that a new path recording a settled act cannot skip the rule; and the bot
through the simulator, with the buttons an officer would press or forge."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.core.kernel.access import (
    ROLE_ACTIONS,
    SETTLE_RIGHTS,
    SETTLED_AUDIT,
    Settle,
)
from bot.core.kernel.errors import NotAllowed
from bot.core.kernel.model import Role
from bot.sandbox.harness import Harness
from bot.views.actions import Act
from tests.conftest import VN
from tests.handlers.test_dues import PAID, report
from tests.support import (
    CONFIRM,
    actor,
    approved_member,
    create_branch,
    member_id,
    officer_of,
    treasurer_of,
)

CORE = Path(__file__).resolve().parent.parent / "bot" / "core"
REFUSED = "Không ai tự xác nhận hồ sơ của chính mình"
SELF_MARK = "tự xác nhận"
OFFICERS = {Role.SECRETARY: 200, Role.DEPUTY: 210, Role.TREASURER: 220}
# Every button that settles a member's record: the README's column "on oneself" (test_roles).
# Approving or rejecting a registration (ap, rj) and deciding a renewal (rn) hold the same rule
# (check_not_own, member_to_settle), but an officer has no registration of their own to decide,
# and their renewal request never reaches them (leave_out_of).
SETTLING_BUTTONS = {
    Act.DUES_CONFIRM,
    Act.DUES_REJECT,
    Act.DUES_OTHER_AMOUNT,
    Act.DUES_CASH,
    Act.DUES_CORRECT,
    Act.DUES_REDUCE,
    Act.DUES_CATEGORY,
    Act.GRADE,
    Act.RETURN,
    Act.STATUS,
    Act.APPROVE,
    Act.REJECT,
    Act.RENEWAL,
}
# What the tests below forge on the presser's own record ({report}: their payment report,
# {member}: their member id); the last test checks no settling button is left out.
TREASURER_FORGES = ("dc:{report}", "dx:{report}", "da:{report}", "dq:{member}", "dk:{member}")
SECRETARY_FORGES = (
    "dk:{member}",  # record cash
    "dq:{member}",  # correct a month
    "dr:{member}",  # reduce or exempt
    "dg:{member}",  # the dues category
    "rg:{member}:excellent",  # the year-end grade
    "rt:{member}:1",  # confirm a return home
    "ms:{member}:0:1",  # mark as back home, confirmed
)


async def _three_officers(h: Harness) -> None:
    branch = await create_branch(h)
    await officer_of(h, branch, "Cho phó bí thư", 210, "Phan Văn Phó", "phó bí thư")
    await treasurer_of(h, branch)


async def test_every_settling_act_on_oneself_is_refused_for_every_officer(h: Harness) -> None:
    await _three_officers(h)
    walked = 0
    for role, chat in OFFICERS.items():
        me = await actor(h, chat)
        assert me.member is not None
        assert me.member.role is role
        for act in Settle:
            if SETTLE_RIGHTS[act] not in ROLE_ACTIONS[role]:
                continue
            with pytest.raises(NotAllowed) as refused:
                await h.services.members.check_settle(me, me.member.id, act)
            assert "nobody settles their own record" in refused.value.msgid.lower()
            walked += 1
    # secretary and deputy: all ten acts; the treasurer: the four on payments.
    assert walked == 10 + 10 + 4


async def test_the_only_officer_who_could_may_settle_their_own_record(h: Harness) -> None:
    await create_branch(h)
    secretary = await actor(h, 200)
    assert secretary.member is not None
    for act in Settle:
        await h.services.members.check_settle(secretary, secretary.member.id, act)


def _audited(call: ast.Call) -> set[str]:
    """The audit actions an ``AuditEntry(...)`` or ``AuditEntry.on_member(...)`` call names."""
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "on_member" and len(call.args) > 2:
        action = call.args[2]
    elif isinstance(func, ast.Name) and func.id == "AuditEntry" and len(call.args) > 3:
        action = call.args[3]
    else:
        return set()
    return {
        node.value
        for node in ast.walk(action)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }


def _functions_recording(tree: ast.Module) -> dict[str, tuple[set[str], set[str]]]:
    """For each function in a module: the audit actions it records, and what it calls."""
    found: dict[str, tuple[set[str], set[str]]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef):
            continue
        actions: set[str] = set()
        calls: set[str] = set()
        for inner in ast.walk(node):
            if isinstance(inner, ast.Call):
                actions |= _audited(inner)
                func = inner.func
                calls.add(
                    func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                )
        found[node.name] = (actions, calls)
    return found


def test_every_path_that_records_a_settled_act_checks_the_rule() -> None:
    guards = {"member_to_settle", "check_not_own", "_report_for_officer"}
    paths = []
    for source in sorted(CORE.rglob("*.py")):
        for name, (actions, calls) in _functions_recording(ast.parse(source.read_text())).items():
            recorded = actions & SETTLED_AUDIT
            if recorded:
                paths.append(name)
                assert calls & guards, f"{source.name}:{name} records {recorded} unchecked"
    # confirm, reject, record_cash, correct, reduce, set_profile, decide (registration),
    # decide_renewal, grade, decide_return, set_away
    assert len(paths) >= 11, paths


async def test_an_officers_own_report_goes_to_the_others_and_forged_buttons_are_refused(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    treasurer = await treasurer_of(h, branch)
    own_id = await member_id(h, 220)
    h.manual_clock.set(datetime(2027, 1, 6, 9, 0, tzinfo=VN))
    await treasurer.command("dues")
    listing = await treasurer.find("Đảng phí năm")
    await treasurer.press("💰 Đảng phí của tôi", message=listing)
    own = await treasurer.find("Đảng phí của đồng chí năm")
    await report(treasurer, own, PAID)
    card = await branch.secretary.find("báo đã đóng đảng phí", "Hồ Thị Thủ Quỹ")
    await h.settle()
    assert not [m for m in treasurer.messages() if "báo đã đóng đảng phí" in m.body]
    report_id = await h.services.db.fetch_value(
        "SELECT id FROM dues_ledger WHERE member_id = ? AND kind = 'report'", (own_id,)
    )
    # The treasurer forges what the card's buttons carry, and the correction of their month.
    for forge in TREASURER_FORGES:
        data = forge.format(report=report_id, member=own_id)
        assert REFUSED in await treasurer.answer_to(await treasurer.press_data(data)), data
    await branch.secretary.press(card.buttons()[0]["text"], message=card)
    await treasurer.find("đã xác nhận đảng phí")
    kinds = await h.services.db.fetch_all(
        "SELECT kind, actor_id FROM dues_ledger WHERE member_id = ? ORDER BY id", (own_id,)
    )
    assert [(k, a) for k, a in kinds] == [
        ("report", None),
        ("confirmation", await member_id(h, 200)),
    ]


async def test_the_only_officer_records_their_own_cash_marked_in_log_and_digest(
    h: Harness,
) -> None:
    branch = await create_branch(h)
    await approved_member(h, branch)
    secretary = branch.secretary
    own_id = await member_id(h, 200)
    h.manual_clock.set(datetime(2027, 1, 6, 9, 0, tzinfo=VN))
    await secretary.press_data(f"dk:{own_id}")
    months = await secretary.find("Nộp tiền mặt cho những tháng nào")
    await secretary.press("☐ 01/2027", message=months)
    await secretary.press("✅ Xong", message=months)
    await secretary.find("Ai mang tiền")
    await secretary.say("Tự nộp")
    await secretary.press(CONFIRM, message=await secretary.find("Thông tin trên đã đúng"))
    await secretary.find("Đã ghi nhận khoản nộp tiền mặt")
    await secretary.command("log")
    log = await secretary.find("Nhật ký hoạt động gần đây")
    line = next(x for x in log.body.splitlines() if "khoản nộp tiền mặt của" in x)
    assert SELF_MARK in line
    # A registration approved by the secretary is no act on their own record: no mark.
    assert not [x for x in log.body.splitlines() if "duyệt đăng ký" in x and SELF_MARK in x]
    digest = await h.services.digest.build(1, h.manual_clock.now() + timedelta(minutes=1))
    assert [e.name for e in digest.attention if e.kind.value == "self_settled"] == ["Lê Thị Mai"]


async def test_a_secretary_cannot_settle_their_own_record_with_any_button(h: Harness) -> None:
    await _three_officers(h)
    secretary = h.person(200)
    own_id = await member_id(h, 200)
    for forge in SECRETARY_FORGES:
        data = forge.format(member=own_id)
        assert REFUSED in await secretary.answer_to(await secretary.press_data(data)), data
    await h.settle()
    audit = await h.services.db.fetch_all(
        "SELECT action FROM audit_log WHERE actor_id = subject_id AND subject_id = ?", (own_id,)
    )
    assert [a for (a,) in audit if a in SETTLED_AUDIT] == []


def test_every_settling_button_was_pressed_on_oneself() -> None:
    """None of the settling buttons is left out of what the tests above forge."""
    untried = {Act.APPROVE, Act.REJECT, Act.RENEWAL}
    forged = {forge.split(":")[0] for forge in (*TREASURER_FORGES, *SECRETARY_FORGES)}
    assert {act.value for act in SETTLING_BUTTONS - untried} <= forged
