"""The role-by-action table: every command and every button, pressed by every role (a stranger
included) against the real bot, each from the same saved state. The table is in the README; this
test fails when any cell changes. After an intended change, run it with
``LIENLAC_WRITE_ROLES=1`` to rewrite the README's table, and review the diff."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram.ext import CommandHandler

from bot.core.kernel.clock import ManualClock
from bot.handlers.forms import FormEntry
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness, harness
from bot.views.actions import Act
from tests.conftest import OPERATOR_ID, START, ErrorLog
from tests.support import (
    ANSWERS,
    approved_member,
    create_branch,
    fill_registration,
    member_id,
    officer_of,
    treasurer_of,
)
from tests.test_own_record import SETTLING_BUTTONS

log = logging.getLogger(__name__)
README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN, END = "<!-- roles:begin -->", "<!-- roles:end -->"
# A settling button pressed by an officer on their own record (tests/test_own_record.py).
ON_ONESELF = "✗ (✋ if no other officer can)"

ROLES = {
    "stranger": 999,
    "pending": 302,
    "member": 301,
    "treasurer": 220,
    "deputy": 210,
    "secretary": 200,
    "operator": OPERATOR_ID,
}
# The bot's refusals, whole (a fragment could occur inside an ordinary card).
REFUSED = (
    "Xin lỗi, vai trò của đồng chí không được làm việc này.",
    "Xin lỗi, việc này thuộc chi bộ khác.",
    "Đăng ký của đồng chí đang chờ chi bộ xác nhận.",
    "Xin chào! Bot này giúp chi bộ giữ liên lạc với đảng viên đi làm ăn xa. Để sử dụng, cần có",
)
# Answers that say there is nothing to act on: a stale button, an object that is gone.
NOTHING = (
    "Nút này không còn hiệu lực.",
    "Tôi chưa hiểu ý đồng chí.",
    "Đảng viên này không còn đăng ký với bot.",
    "Báo cáo này không còn nữa.",
    "Đề nghị này không còn nữa.",
)
# Buttons that only act inside the presser's own form in progress; pressed outside one they
# are stale for everyone, so they are not rows of the table.
FORM_BUTTONS = {
    Act.FORM,
    Act.FORM_SKIP,
    Act.FORM_CONFIRM,
    Act.FORM_CHANGE,
    Act.FORM_EDIT,
    Act.FORM_TOGGLE,
    Act.FORM_DONE,
}


@dataclass(frozen=True)
class World:
    branch_id: int
    member: int
    pending: int
    invite_code: str


def button_data(cb: Act, world: World) -> str:
    """A plausible button of each kind, aimed at the branch's own people."""
    m, p = world.member, world.pending
    samples: dict[Act, str] = {
        Act.APPROVE: f"ap:{p}",
        Act.REJECT: f"rj:{p}",
        Act.INVITE: "iv:member",
        Act.REVOKE: f"rv:{world.invite_code}",
        Act.NEW_SECRETARY_LINK: f"ns:{world.branch_id}",
        Act.CONSENT_YES: "cy",
        Act.CONSENT_NO: "cn",
        Act.ERASE_ASK: "ea",
        Act.ERASE_YES: "ey",
        Act.ERASE_NO: "en",
        Act.CHECKIN: "ck:0:s",
        Act.NOTE: "nt:1",
        Act.RETURN: f"rt:{m}:1",
        Act.REPLY: f"rp:{m}",
        Act.SETTING: "st:cadence:weekly",
        Act.DUES: "du:paid",
        Act.DUES_CONFIRM: "dc:1",
        Act.DUES_REJECT: "dx:1",
        Act.DUES_OTHER_AMOUNT: "da:1",
        Act.DUES_MEMBER: f"dm:{m}",
        Act.DUES_PAGE: "dp:0",
        Act.DUES_EXPORT: "de:2026",
        Act.DUES_CASH: f"dk:{m}",
        Act.DUES_REDUCE: f"dr:{m}",
        Act.DUES_CATEGORY: f"dg:{m}",
        Act.DUES_CORRECT: f"dq:{m}",
        Act.REVIEW: "yr:setup",
        Act.GRADE: f"rg:{m}:good",
        Act.RENEWAL: "rn:1:1",
        Act.LIST: "ls:all:0:0",
        Act.CARD: f"mc:{m}",
        Act.REMIND: f"mr:{m}:c",
        Act.STATUS: f"ms:{m}:0:0",
        Act.AUDIT: "al:0",
    }
    return samples[cb]


def commands_of(h: Harness) -> list[str]:
    assert h.app is not None
    names: set[str] = set()
    for handlers in h.app.handlers.values():
        for handler in handlers:
            inner = handler.entries if isinstance(handler, FormEntry) else [handler]
            for entry in inner:
                if isinstance(entry, CommandHandler):
                    names |= set(entry.commands)
    return sorted(names)


async def build_world(h: Harness) -> World:
    branch = await create_branch(h)
    await officer_of(h, branch, "Cho phó bí thư", 210, "Phan Văn Phó", "phó bí thư")
    await treasurer_of(h, branch)
    await approved_member(h, branch, 301, "Nguyễn Văn An")
    pending = h.person(302, "Trần Văn Chờ", phone="+84900000302")
    answers = list(ANSWERS)
    answers[0] = "Trần Văn Chờ"
    await fill_registration(pending, branch.member_link, answers=answers)
    await pending.press("✅ Xác nhận", message=await pending.find("Thông tin trên đã đúng chưa?"))
    await pending.find("Cảm ơn đồng chí")
    stranger = h.person(999, "Người Lạ")
    await stranger.say("/start")
    await stranger.next_message()
    await h.settle()
    code = await h.services.db.fetch_value(
        "SELECT code FROM invites WHERE revoked_at IS NULL AND role = 'member'"
    )
    branch_id = await h.services.db.fetch_value("SELECT id FROM branches")
    return World(int(branch_id), await member_id(h, 301), await member_id(h, 302), str(code))


def responses(h: Harness, chat: int, since_call: int, query: str | None) -> list[str]:
    """What the bot said to ``chat`` after call number ``since_call``: messages, edits,
    documents, and the answer to the pressed button."""
    said: list[str] = []
    for call in h.sim.calls[since_call:]:
        if call.status != 200:
            continue
        params = call.params
        if call.method == "answerCallbackQuery":
            if query is not None and str(params.get("callback_query_id")) == query:
                said.append(str(params.get("text") or ""))
        elif str(params.get("chat_id")) == str(chat):
            said.append(str(params.get("text") or params.get("caption") or call.method))
    return [text for text in said if text]


def verdict(said: list[str]) -> str:
    if any(text.startswith(refusal) for text in said for refusal in REFUSED):
        return "✗"
    meaningful = [t for t in said if not any(t.startswith(nothing) for nothing in NOTHING)]
    return "✓" if meaningful else "·"


Action = Callable[[Person], Coroutine[Any, Any, str | None]]


def command_action(name: str) -> Action:
    async def act(person: Person) -> str | None:
        await person.command(name)
        return None

    return act


def button_action(data: str) -> Action:
    async def act(person: Person) -> str | None:
        # Under the first message the bot ever sent this person, so an action that edits the
        # message it was pressed under does not build on an earlier refusal.
        return await person.press_data(data, message=person.messages()[0])

    return act


async def test_the_role_by_action_table_matches_the_readme(
    tmp_path: Path, errors: ErrorLog
) -> None:
    database = tmp_path / "bot.sqlite3"
    saved = tmp_path / "world.sqlite3"
    async with harness(database, clock=ManualClock(START), superadmins=[OPERATOR_ID]) as h:
        world = await build_world(h)
        commands = commands_of(h)
        await h.stop_bot()  # closed: the file alone is the whole state
        shutil.copyfile(database, saved)

        rows: list[tuple[str, Action]] = [(f"/{name}", command_action(name)) for name in commands]
        rows += [
            (f"button `{cb.value}` ({cb.name.lower()})", button_action(button_data(cb, world)))
            for cb in Act
            if cb not in FORM_BUTTONS
        ]
        oneself = {f"button `{cb.value}` ({cb.name.lower()})" for cb in SETTLING_BUTTONS}
        table: list[list[str]] = []
        for label, action in rows:
            cells = [label]
            for chat in ROLES.values():
                reset(saved, database)
                await h.start_bot()
                person = h.person(chat)
                since = len(h.sim.calls)
                query = await action(person)
                await h.settle()
                said = responses(h, chat, since, query)
                log.debug("%s by %s: %s", label, chat, said)
                cells.append(verdict(said))
                await h.stop_bot()
            cells.append(ON_ONESELF if label in oneself else "")
            table.append(cells)
        await h.start_bot()  # the harness stops it on exit

    rendered = render(table)
    current = README.read_text(encoding="utf-8")
    start, end = current.index(BEGIN) + len(BEGIN), current.index(END)
    if os.environ.get("LIENLAC_WRITE_ROLES") == "1":
        README.write_text(current[:start] + "\n" + rendered + current[end:], encoding="utf-8")
    assert current[start:end].strip() == rendered.strip(), (
        "the role-by-action table changed; if intended, rerun with LIENLAC_WRITE_ROLES=1:\n"
        + rendered
    )


def reset(saved: Path, database: Path) -> None:
    shutil.copyfile(saved, database)
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)


def render(table: list[list[str]]) -> str:
    header = "| action | " + " | ".join(ROLES) + " | on oneself |"
    rule = "|---|" + "---|" * (len(ROLES) + 1)
    return "\n".join([header, rule, *("| " + " | ".join(row) + " |" for row in table)]) + "\n"
