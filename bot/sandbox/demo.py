"""``python -m bot demo``: a branch's first weeks, played against the local simulator.

The real bot runs against the simulator with the clock moved forward (an injected clock, the
same code paths as production). In chapters: members register and are approved; the first
check-in prompt, answered three ways, relayed to the secretary, who answers a difficulty; a
member who stays silent is nudged, then the secretary told; dues reminders, a payment reported
with a receipt photo and confirmed with another amount, the warning at two unpaid months; the
Monday digest with its chart and the branch workbook, written to ``demo-output/``.

Between chapters the people keep behaving as they did (they answer prompts and pay, the silent
one stays silent); what the bot sends then is counted in one line, not printed.
"""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from bot.core.kernel.clock import ManualClock
from bot.core.kernel.quiet_hours import QuietHours
from bot.core.members.settings import BranchSettings
from bot.i18n import N_, _, plain
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness, harness
from bot.sandbox.server import BotMessage, Limits
from bot.sandbox.transcript import Transcript

OPERATOR, SECRETARY, TREASURER = 100, 200, 220
AN, BICH, CHI, DUNG, TAM = 301, 302, 303, 304, 305
# The demo's world runs faster still than the tests' (harness.FAST_LIMITS): most of its steps
# answer the chat of the step before, and waiting out the tests' per-chat spacing was a third
# of its time. Flood control stays on: the summary counts the simulator's 429s.
DEMO_LIMITS = Limits(overall_per_second=1000, per_chat_per_second=2000)
DEMO_CHAT_INTERVAL = 1 / 1500
# The hours the planners act at, as every new branch has them.
DEFAULTS = BranchSettings(0, QuietHours(time(0), time(0)))
STARTS = datetime(2026, 10, 5, 1, 0, tzinfo=UTC)  # Monday 5 October, 08:00 in Việt Nam

SAME = N_("✅ Still the same")
MOVED = N_("🏭 I moved")
DIFFICULT = N_("⚠️ I have difficulties")
PAID = N_("💳 I paid")
SEVERAL = N_("📅 I paid several months")
DONE = N_("✅ Done")
PORTAL = N_("On the National Public Service Portal")
SKIP = N_("Skip this question")
CONFIRM = N_("✅ Confirm")
OTHER_AMOUNT = N_("✏️ Confirm another amount")
EXPORT = N_("📥 Export")


@dataclass(frozen=True, slots=True)
class Chapter:
    name: str  # for ``--chapter``
    heading: str  # msgid of its one-line Vietnamese heading
    play: Callable[[Story], Awaitable[None]]


@dataclass
class Story:
    """The branch's people and the clock; what each chapter builds on."""

    h: Harness
    t: Transcript
    output: Path
    clock: ManualClock
    people: dict[int, Person] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    mark: int = 0  # how many messages the simulator held at the last tick

    def __getitem__(self, user_id: int) -> Person:
        return self.people[user_id]

    def at(self, day: int, month: int, hour: int = 9, minute: int = 0) -> datetime:
        return datetime(2026, month, day, hour, minute, tzinfo=self.h.settings.zone)

    # ---- what people do, printed ---------------------------------------------------------

    async def say(self, person: Person, text: str) -> None:
        self.t.act(person, plain(N_("writes «{text}»"), text=text))
        await person.say(text)
        await self.t.show()

    async def press(self, person: Person, label: str, message: BotMessage | None = None) -> None:
        self.t.act(person, plain(N_("presses «{label}»"), label=label))
        await person.press(label, message=message)
        await self.t.show()

    # ---- time passing ----------------------------------------------------------------------

    async def until(self, moment: datetime) -> None:
        """Move the clock to ``moment`` through each moment the planners act at on the way
        (the check-ins' hour each day, the digest's on its weekday), the people behaving as
        they usually do; then tick at ``moment`` itself and show what the bot sent."""
        zone = self.h.settings.zone
        first = self.clock.now()
        day = first.astimezone(zone).date()
        while day <= moment.date():
            hours = [DEFAULTS.checkin_time]
            if day.weekday() == DEFAULTS.digest_weekday:
                hours.insert(0, DEFAULTS.digest_time)
            for hour in hours:
                when = datetime.combine(day, hour, tzinfo=zone)
                if first < when < moment:
                    await self._tick(when)
                    await autopilot(self)
            day += timedelta(days=1)
        passed = await self.t.pass_over()
        if passed:
            self.t.note(
                plain(
                    N_(
                        "⏩ {first} – {last}: the bot sent {count} more messages (reminders, "
                        "check-in prompts, weekly digests); people answered as they usually do. "
                        "Not printed."
                    ),
                    first=f"{first.astimezone(zone):%d/%m}",
                    last=f"{moment - timedelta(days=1):%d/%m/%Y}",
                    count=passed,
                )
            )
        self.t.note(_clock_line(moment))
        await self._tick(moment)
        await self.t.show()

    async def _tick(self, moment: datetime) -> None:
        self.clock.set(moment)
        self.mark = len(self.h.sim.messages)
        await self.h.tick()

    def since_tick(self, person: Person, label_msgid: str) -> list[BotMessage]:
        """What the bot sent ``person`` since the last tick with a button ``label_msgid``."""
        label = _(label_msgid)
        return [
            m
            for m in self.h.sim.messages[self.mark :]
            if m.chat_id == person.id and _has(m, label)
        ]


def _clock_line(moment: datetime) -> str:
    return plain(N_("🕘 {when}"), when=f"{moment:%H:%M %d/%m/%Y}")


# ---- the people between chapters --------------------------------------------------------

ANSWERERS = (AN, BICH, DUNG)  # Chi never answers a check-in prompt, nor pays
PAYS_MONTHLY = (AN,)
PAYS_AHEAD = (BICH, DUNG)  # the rest of the year at once, from the first reminder


async def autopilot(story: Story) -> None:
    """Everyone does what they usually do with what the bot sent since the last tick."""
    with story.t.quietly():
        for user_id in ANSWERERS:
            person = story[user_id]
            for message in story.since_tick(person, SAME):
                await story.press(person, _(SAME), message)
        for user_id in PAYS_MONTHLY:
            person = story[user_id]
            for message in story.since_tick(person, PAID):
                await report(story, person, message)
        for user_id in PAYS_AHEAD:
            person = story[user_id]
            for message in story.since_tick(person, SEVERAL):
                await report(story, person, message, ahead=True)
        treasurer = story[TREASURER]
        for card in story.since_tick(treasurer, OTHER_AMOUNT):
            await story.press(treasurer, card.buttons()[0]["text"], card)


async def report(
    story: Story,
    person: Person,
    reminder: BotMessage,
    *,
    ahead: bool = False,
    photo: bool = False,
) -> None:
    """The member reports dues paid on the portal, from the reminder's buttons: this month,
    or (``ahead``) every month left in the year."""
    await story.press(person, _(SEVERAL if ahead else PAID), reminder)
    await story.press(person, _(PORTAL))
    if ahead:
        months = person.messages()[-1]
        year = f"/{story.clock.now().year}"
        for button in months.buttons():
            if button["text"].startswith("☐") and button["text"].endswith(year):
                await story.press(person, button["text"], months)
        await story.press(person, _(DONE), months)
    if photo:
        story.t.act(person, plain(N_("sends a photo of the receipt")))
        await person.send_photo(b"\x89PNG a receipt from the portal")
        await story.t.show()
    else:
        await story.press(person, _(SKIP))
    await story.press(person, _(CONFIRM))


# ---- the chapters ---------------------------------------------------------------------------


async def registration(story: Story) -> None:
    t = story.t
    operator, secretary, treasurer = story[OPERATOR], story[SECRETARY], story[TREASURER]
    t.note(_clock_line(story.clock.now().astimezone(story.h.settings.zone)))
    await story.say(operator, "/newbranch")
    await story.say(operator, "Chi bộ ấp Tân Hòa")
    await story.say(operator, "Đảng ủy xã Tân Phú")
    await story.press(operator, _(CONFIRM))

    t.act(secretary, plain(N_("opens the secretary link")))
    await secretary.open_link(_link(operator.messages()[-1]))
    await t.show()
    await story.say(secretary, "/invite")
    await story.press(secretary, plain(N_("For a {role}"), role=_(N_("treasurer"))))
    t.act(treasurer, plain(N_("opens the link the secretary sent")))
    await treasurer.open_link(_link(secretary.messages()[-1]))
    await t.show()
    await story.say(secretary, "/invite")
    await story.press(secretary, _(N_("For members who work away")))
    await story.press(secretary, plain(N_("{count} people"), count=5))
    member_link = _link(secretary.messages()[-1])

    await register(story, story[AN], member_link, WORK[AN])
    with t.quietly():
        for user_id in (BICH, CHI, DUNG):
            await register(story, story[user_id], member_link, WORK[user_id])
    await t.pass_over()  # what they were sent is what An was sent
    for user_id in (BICH, CHI, DUNG):
        t.act(story[user_id], plain(N_("registers the same way (not printed again)")))

    tam = story[TAM]
    t.act(tam, plain(N_("opens the invitation link")))
    await tam.open_link(member_link)
    await t.show()
    await story.press(tam, _(N_("❌ I do not agree")))

    approve = _(N_("✅ Approve"))
    t.follow(secretary, *(story[user_id] for user_id in (AN, BICH, CHI, DUNG)))
    for card in [m for m in secretary.messages() if _has(m, approve)]:
        await story.press(secretary, approve, card)
    t.follow()


# name, phone (None: shared from Telegram), home commune, province, district, employer, job,
# working away since
WORK: dict[int, list[str | None]] = {
    AN: [
        "Nguyễn Văn An",
        None,
        "Xã Tân Phú",
        "Bình Dương",
        "TP Thuận An",
        "Công ty TNHH Pouchen Việt Nam",
        "Công nhân may",
        "03/2025",
    ],
    BICH: [
        "Phạm Thị Bích",
        "0987 654 321",
        "Xã Tân Phú",
        "TP Hồ Chí Minh",
        "Quận 7",
        "Nhà hàng Sen Vàng",
        "Phụ bếp",
        "08/2025",
    ],
    CHI: [
        "Lê Văn Chi",
        "0912 000 303",
        "Xã Tân Phú",
        "Hàn Quốc",
        "Gyeonggi",
        "Công ty Hanil",
        "Công nhân cơ khí",
        "01/2026",
    ],
    DUNG: [
        "Phạm Văn Dũng",
        "0933 000 304",
        "Xã Tân Phú",
        "Đồng Nai",
        "TP Biên Hòa",
        "Công ty Changshin",
        "Thợ cắt",
        "06/2025",
    ],
}


async def register(story: Story, person: Person, link: str, answers: list[str | None]) -> None:
    """Open the link, agree, answer every question, confirm."""
    t = story.t
    t.act(person, plain(N_("opens the invitation link")))
    await person.open_link(link)
    await t.show()
    await story.press(person, _(N_("✅ I agree")))
    for answer in answers:
        if answer is None:
            t.act(person, plain(N_("shares their phone number")))
            await person.share_contact()
            await t.show()
        else:
            await story.say(person, answer)
    await story.press(person, _(SKIP))
    await story.press(person, _(N_("Other (most members working away)")))
    await story.press(person, _(N_("Neither of these")))
    await story.press(person, _(CONFIRM))


async def checkins(story: Story) -> None:
    t = story.t
    secretary, an, bich, dung = story[SECRETARY], story[AN], story[BICH], story[DUNG]
    t.follow(secretary, an, bich, dung)
    await story.until(story.at(19, 10))
    await story.press(an, _(SAME), _last_with(an, SAME))
    await story.press(bich, _(MOVED), _last_with(bich, MOVED))
    for answer in (
        "Đồng Nai",
        "TP Biên Hòa",
        "Công ty TNHH Changshin Việt Nam",
        "Thợ may",
        "10/2026",
    ):
        await story.say(bich, answer)
    await story.press(bich, _(CONFIRM))
    await story.press(dung, _(DIFFICULT), _last_with(dung, DIFFICULT))
    await story.press(dung, _(N_("Money")))
    await story.say(dung, "Công ty nợ lương hai tháng, em chưa gửi được tiền về nhà.")
    card = secretary.messages()[-1]
    answer = "Chị đã báo Hội Phụ nữ xã; đồng chí gọi cho chị tối nay nhé."
    t.act(secretary, plain(N_("replies to that message: «{text}»"), text=answer))
    await secretary.reply_to(card, answer)
    await t.show()
    t.follow()


async def silence(story: Story) -> None:
    story.t.follow(story[SECRETARY], story[CHI])
    await story.until(story.at(21, 10))
    await story.until(story.at(2, 11))
    await autopilot(story)  # the others answer the prompt that came with the escalation
    story.t.follow()


async def dues(story: Story) -> None:
    t = story.t
    an, chi, treasurer, secretary = story[AN], story[CHI], story[TREASURER], story[SECRETARY]
    t.follow(an, treasurer)
    await story.until(story.at(5, 11))
    await report(story, an, _last_with(an, PAID), photo=True)
    await story.press(treasurer, _(OTHER_AMOUNT), _last_with(treasurer, OTHER_AMOUNT))
    await story.say(treasurer, "10.000")
    t.follow(chi, secretary, treasurer)
    await story.until(story.at(5, 12))
    await autopilot(story)  # An pays December
    t.follow()


async def digest(story: Story) -> None:
    t = story.t
    secretary = story[SECRETARY]
    t.follow(secretary)
    await story.until(story.at(7, 12, DEFAULTS.digest_time.hour, DEFAULTS.digest_time.minute))
    chart = next(m for m in reversed(secretary.messages()) if m.kind == "photo")
    story.files.append(_save(story, chart, "tong-hop-tuan.png"))
    t.act(secretary, plain(N_("taps «{label}»"), label=_(EXPORT)))
    await secretary.tap(_(EXPORT))
    await t.show()
    workbook = next(m for m in reversed(secretary.messages()) if m.kind == "document")
    story.files.append(_save(story, workbook, workbook.file_name or "so-theo-doi.xlsx"))
    t.follow()


CHAPTERS = (
    Chapter(
        "registration", N_("1 · Registration: a branch, its officers, four members"), registration
    ),
    Chapter("checkins", N_("2 · The first check-in prompt, two weeks later"), checkins),
    Chapter("silence", N_("3 · A member who stays silent"), silence),
    Chapter("dues", N_("4 · Dues: the monthly reminder, a payment, a warning"), dues),
    Chapter("digest", N_("5 · Monday: the secretary's weekly digest"), digest),
)
CHAPTER_NAMES = tuple(chapter.name for chapter in CHAPTERS)


# ---- helpers ---------------------------------------------------------------------------------


def _has(message: BotMessage, label: str) -> bool:
    return any(button["text"] == label for button in message.buttons())


def _last_with(person: Person, label_msgid: str) -> BotMessage:
    return person.find_button_message(_(label_msgid))


def _link(message: BotMessage) -> str:
    return next(word for word in message.body.split() if word.startswith("https://t.me/"))


def _save(story: Story, message: BotMessage, name: str) -> Path:
    assert message.file_id is not None
    story.output.mkdir(parents=True, exist_ok=True)
    path = story.output / name
    path.write_bytes(story.h.sim.files[message.file_id].data)
    return path


# ---- running it -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outcome:
    seconds: float
    lines: int
    flood_answers: int
    files: list[Path]
    counts: dict[str, int]  # what happened, read back from the database


# What the summary line counts, each read from the bot's database at the end.
COUNTS = {
    "members": "SELECT COUNT(*) FROM members WHERE role = 'member' AND status = 'active'",
    "checkins": "SELECT COUNT(*) FROM checkins",
    "confirmed": "SELECT COUNT(*) FROM dues_ledger WHERE kind = 'confirmation'",
    "warnings": "SELECT COUNT(*) FROM dues_warnings",
    "digests": "SELECT COUNT(*) FROM digest_runs",
}


async def play(
    h: Harness, output: Path, *, only: str | None = None, slow: bool = False
) -> Outcome:
    """Play every chapter (printing only ``only``, when given) into ``h``."""
    started = perf_counter()
    assert isinstance(h.clock, ManualClock)
    t = Transcript(h, slow=slow)
    story = Story(h, t, output, h.clock)
    names = {
        OPERATOR: "Trần Văn Hùng",
        SECRETARY: "Lê Thị Mai",
        TREASURER: "Hồ Thị Thu",
        AN: "Nguyễn Văn An",
        BICH: "Phạm Thị Bích",
        CHI: "Lê Văn Chi",
        DUNG: "Phạm Văn Dũng",
        TAM: "Võ Văn Tâm",
    }
    for user_id, name in names.items():
        story.people[user_id] = h.person(user_id, name, phone=f"+8491{user_id:07d}")
    for chapter in CHAPTERS:
        if not t.printing:
            await t.pass_over()  # what a chapter not printed sent is not news to the next one
        t.printing = only is None or only == chapter.name
        t.heading(_(chapter.heading))
        await chapter.play(story)
    t.printing = True
    counts = {name: int(await h.services.db.fetch_value(sql)) for name, sql in COUNTS.items()}
    counts["messages"] = len(h.sim.messages)
    return Outcome(perf_counter() - started, t.lines, h.sim.too_many_requests, story.files, counts)


def demo_harness(database: Path) -> AbstractAsyncContextManager[Harness]:
    """The simulator and the bot as the demo runs them (its test too)."""
    return harness(
        database,
        clock=ManualClock(STARTS),
        superadmins=[OPERATOR],
        limits=DEMO_LIMITS,
        chat_interval=DEMO_CHAT_INTERVAL,
    )


async def run_demo(
    *, chapter: str | None = None, slow: bool = False, output: Path = Path("demo-output")
) -> int:
    with tempfile.TemporaryDirectory(prefix="lienlac-demo-") as folder:
        async with demo_harness(Path(folder) / "demo.sqlite3") as h:
            outcome = await play(h, output, only=chapter, slow=slow)
    print()
    print(
        plain(
            N_(
                "Demo finished in {seconds} s: nine weeks of a branch (05/10 to 07/12/2026). "
                "{members} members registered, {checkins} check-ins, {confirmed} months of dues "
                "confirmed, {warnings} dues warnings, {digests} weekly digests; the bot sent "
                "{messages} messages, {errors} flood-limit answers. The digest's chart and the "
                "branch workbook are in {folder}/."
            ),
            seconds=f"{outcome.seconds:.1f}",
            errors=outcome.flood_answers,
            folder=output,
            **outcome.counts,
        )
    )
    return 0 if outcome.flood_answers == 0 and len(outcome.files) == 2 else 1
