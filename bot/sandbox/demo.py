"""``python -m bot demo``: a scripted story played against the local simulator.

An operator creates a branch in chat, its secretary joins through the link, two members who
work away register and are approved, and one person declines consent. The conversation is
printed as a transcript, in Vietnamese, as the users see it.
"""

from __future__ import annotations

import html
import re
import tempfile
import time
from pathlib import Path

from bot.core.kernel.clock import SystemClock
from bot.i18n import N_, _, plain
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness, harness
from bot.sandbox.server import BotMessage

_TAG = re.compile(r"<[^>]+>")


def _plain_html(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


class Transcript:
    """Prints what people do and what the bot sends them, in order."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        self._printed = 0
        self.lines = 0

    def _names(self) -> dict[int, str]:
        return {user.id: user.full_name for user in self.h.sim.users.values()}

    def act(self, person: Person, description: str) -> None:
        self._emit(f"\n👤 {person.name}: {description}")

    async def show(self) -> None:
        await self.h.settle()
        names = self._names()
        for message in self.h.sim.messages[self._printed :]:
            self._message(names.get(message.chat_id, str(message.chat_id)), message)
        self._printed = len(self.h.sim.messages)

    def _message(self, name: str, message: BotMessage) -> None:
        head = plain(N_("🤖 Bot → {name}:"), name=name)
        if message.kind == "document":
            head += " " + plain(N_("[file {name}]"), name=message.file_name or "")
        self._emit(f"   {head}")
        for line in _plain_html(message.body).splitlines():
            self._emit(f"      {line}" if line else "")
        for button in message.buttons():
            self._emit(f"      [ {button['text']} ]")
        for button in message.keyboard():
            self._emit(f"      ⌨ {button['text']}")

    def _emit(self, line: str) -> None:
        print(line)
        self.lines += 1


async def _say(t: Transcript, person: Person, text: str) -> None:
    t.act(person, plain(N_("writes «{text}»"), text=text))
    await person.say(text)
    await t.show()


async def _press(t: Transcript, person: Person, label_msgid: str, **params: object) -> None:
    label = plain(label_msgid, **params)
    t.act(person, plain(N_("presses «{label}»"), label=label))
    await person.press(label)
    await t.show()


async def _register(
    t: Transcript,
    person: Person,
    link: str,
    answers: list[str | None],
    standing: str,
    period: list[str],
) -> None:
    t.act(person, plain(N_("opens the invitation link")))
    await person.open_link(link)
    await t.show()
    await _press(t, person, N_("✅ I agree"))
    for answer in answers:
        if answer is None:
            t.act(person, plain(N_("shares their phone number")))
            await person.share_contact()
            await t.show()
        else:
            await _say(t, person, answer)
    await _press(t, person, N_("Skip this question"))
    await _press(t, person, N_("Other (most members working away)"))
    await _press(t, person, standing)
    for day in period:
        await _say(t, person, day)
    await _press(t, person, N_("✅ Confirm"))


async def play(h: Harness) -> Transcript:
    t = Transcript(h)
    operator = h.person(100, "Trần Văn Hùng")
    secretary = h.person(200, "Lê Thị Mai")
    an = h.person(301, "Nguyễn Văn An", phone="+84912345678")
    bich = h.person(302, "Phạm Thị Bích")
    tam = h.person(303, "Võ Văn Tâm")

    await _say(t, operator, "/newbranch")
    await _say(t, operator, "Chi bộ ấp Tân Hòa")
    await _say(t, operator, "Đảng ủy xã Tân Phú")
    await _press(t, operator, N_("✅ Confirm"))
    secretary_link = operator.messages()[-1].body.split()[-1]

    t.act(secretary, plain(N_("opens the secretary link")))
    await secretary.open_link(secretary_link)
    await t.show()
    await _say(t, secretary, "/invite")
    await _press(t, secretary, N_("For members who work away"))
    await _press(t, secretary, N_("{count} people"), count=5)
    member_link = secretary.messages()[-1].body.split()[-1]

    await _register(
        t,
        an,
        member_link,
        [
            "nguyễn văn an",
            None,
            "Xã Tân Phú",
            "Bình Dương",
            "TP Thuận An",
            "Công ty TNHH Pouchen Việt Nam",
            "Công nhân may",
            "03/2025",
        ],
        N_("Neither of these"),
        [],
    )
    await _register(
        t,
        bich,
        member_link,
        [
            "Phạm Thị Bích",
            "0987 654 321",
            "Xã Tân Phú",
            "TP Hồ Chí Minh",
            "Quận 7",
            "Nhà hàng Sen Vàng",
            "Phụ bếp",
            "08/2025",
        ],
        N_("Temporarily exempted from meetings"),
        ["01/03/2026", "28/02/2027"],
    )

    t.act(tam, plain(N_("opens the invitation link")))
    await tam.open_link(member_link)
    await t.show()
    await _press(t, tam, N_("❌ I do not agree"))

    for card in [m for m in secretary.messages() if m.buttons()][-2:]:
        t.act(secretary, plain(N_("presses «{label}»"), label=_("✅ Approve")))
        await secretary.press(_("✅ Approve"), message=card)
        await t.show()
    return t


async def run_demo() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="lienlac-demo-") as folder:
        async with harness(
            Path(folder) / "demo.sqlite3", clock=SystemClock(), superadmins=[100]
        ) as h:
            transcript = await play(h)
            registered = await h.services.db.fetch_value(
                "SELECT COUNT(*) FROM members WHERE role = 'member' AND status = 'active'"
            )
            problems = h.sim.too_many_requests
    print()
    print(
        plain(
            N_(
                "Demo finished in {seconds} s: {members} members registered and approved, "
                "{lines} lines of conversation, {errors} flood-limit answers."
            ),
            seconds=f"{time.perf_counter() - started:.1f}",
            members=registered,
            lines=transcript.lines,
            errors=problems,
        )
    )
    return 0 if registered == 2 and problems == 0 else 1
