"""Each role's menu: the commands Telegram lists (with Vietnamese descriptions) and the same
actions as keyboard buttons, so nobody has to remember a command."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.core.kernel.access import Actor
from bot.core.kernel.model import MemberStatus, Role
from bot.i18n import N_, _, html_text
from bot.views.choices import Key, Keyboard, Share
from bot.views.outgoing import Command


class Audience(StrEnum):
    STRANGER = "stranger"
    PENDING = "pending"
    MEMBER = "member"
    RETURNED = "returned"
    LEADER = "leader"  # secretary, deputy
    TREASURER = "treasurer"
    OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class MenuItem:
    command: str | None  # None: a button only (sharing a location is not a command)
    description: str  # msgid, shown in Telegram's command menu
    button: str | None  # msgid of the keyboard button, if the action has one
    audience: frozenset[Audience]
    location: bool = False  # the button shares the member's location


_EVERYONE = frozenset(Audience)
_MEMBER = frozenset({Audience.MEMBER})
_LEADER = frozenset({Audience.LEADER})
_OPERATOR = frozenset({Audience.OPERATOR})
_REGISTERED = frozenset(
    {Audience.PENDING, Audience.MEMBER, Audience.RETURNED, Audience.LEADER, Audience.TREASURER}
)

# In the order they appear: the command list first by this order, the keyboard two per row.
MENU: tuple[MenuItem, ...] = (
    MenuItem("start", N_("Start, or open an invitation"), None, frozenset({Audience.STRANGER})),
    MenuItem("checkin", N_("Check in: tell the branch where you are"), N_("📍 Check in"), _MEMBER),
    MenuItem(None, N_("Share my location"), N_("📌 Share my location"), _MEMBER, location=True),
    MenuItem("profile", N_("My record and workplace"), N_("👤 My record"), _MEMBER),
    MenuItem("move", N_("I work somewhere else now"), N_("🏭 New workplace"), _MEMBER),
    MenuItem("dues", N_("My dues: pay, report, see the year"), N_("💰 Dues"), _MEMBER),
    MenuItem(
        "review",
        N_("Year-end review, exemption and its renewal"),
        N_("📅 Year-end review"),
        _MEMBER,
    ),
    MenuItem("pause", N_("I will be out of reach for a while"), N_("⏸ Out of reach"), _MEMBER),
    MenuItem("write", N_("Write to my branch"), N_("💬 Write to the branch"), _MEMBER),
    MenuItem(
        "pending", N_("Registrations waiting for approval"), N_("📝 Waiting for approval"), _LEADER
    ),
    MenuItem("invite", N_("Create an invitation link"), N_("🔗 Invite"), _LEADER),
    MenuItem("invites", N_("Open invitation links"), N_("📋 Open links"), _LEADER),
    MenuItem("digest", N_("This week at a glance"), N_("📊 This week"), _LEADER),
    MenuItem("members", N_("Members: list, filters, cards"), N_("👥 Members"), _LEADER),
    MenuItem("broadcast", N_("Send a message to members away"), N_("📣 Announce"), _LEADER),
    MenuItem(
        "review",
        N_("Year-end review: meeting, who is ready, grades"),
        N_("📅 Review of the year"),
        _LEADER,
    ),
    MenuItem(
        "dues",
        N_("Dues: who owes, reports to confirm, export"),
        N_("💰 Dues of the branch"),
        frozenset({Audience.LEADER, Audience.TREASURER}),
    ),
    MenuItem("settings", N_("The branch's settings"), N_("⚙️ Settings"), _LEADER),
    MenuItem("export", N_("Excel workbook of the branch"), N_("📥 Export"), _LEADER),
    MenuItem("log", N_("What officers did recently"), N_("📜 Log"), _LEADER),
    MenuItem("newbranch", N_("Create a branch"), N_("🏛 New branch"), _OPERATOR),
    MenuItem("branches", N_("All branches"), N_("📚 Branches"), _OPERATOR),
    MenuItem("committee", N_("Totals across branches"), N_("🏛 Totals"), _OPERATOR),
    MenuItem("mydata", N_("See, export or delete my data"), N_("🗂 My data"), _REGISTERED),
    MenuItem("help", N_("What I can do for you"), N_("❓ Help"), _EVERYONE),
    MenuItem("cancel", N_("Stop the form I am filling in"), None, _EVERYONE),
)


def audiences(role: Role | None, status: MemberStatus | None, *, operator: bool) -> set[Audience]:
    found: set[Audience] = {Audience.OPERATOR} if operator else set()
    if role is None or status is None or status is MemberStatus.ERASED:
        return found or {Audience.STRANGER}
    if status is MemberStatus.PENDING:
        found.add(Audience.PENDING)
    elif role in (Role.SECRETARY, Role.DEPUTY):
        found.add(Audience.LEADER)
    elif role is Role.TREASURER:
        found.add(Audience.TREASURER)
    elif status is MemberStatus.ACTIVE:
        found.add(Audience.MEMBER)
    else:  # returned home: they keep their own data, nothing else
        found.add(Audience.RETURNED)
    return found


def audiences_of(actor: Actor) -> set[Audience]:
    member = actor.member
    return audiences(
        member.role if member else None,
        member.status if member else None,
        operator=actor.superadmin,
    )


def items_for(who: Iterable[Audience]) -> list[MenuItem]:
    wanted = set(who)
    return [item for item in MENU if item.audience & wanted]


def commands_for(who: Iterable[Audience]) -> list[Command]:
    return [Command(item.command, _(item.description)) for item in items_for(who) if item.command]


def keyboard_for(who: Iterable[Audience]) -> Keyboard | None:
    buttons = [
        Key(_(item.button), Share.LOCATION if item.location else None)
        for item in items_for(who)
        if item.button
    ]
    if not buttons:
        return None
    return Keyboard(tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2)))


def button_commands() -> dict[str, str]:
    """Keyboard label (as the user's client sends it back) -> command."""
    return {_(item.button): item.command for item in MENU if item.button and item.command}


def label_for(command: str) -> str:
    """The keyboard label of a command's button."""
    for item in MENU:
        if item.command == command and item.button:
            return _(item.button)
    raise KeyError(command)


def help_text(who: Iterable[Audience]) -> str:
    lines = [html_text(N_("<b>What I can do for you</b>")), ""]
    for item in items_for(who):
        if item.command is None:
            continue
        lines.append(
            html_text(
                N_("/{command} — {description}"),
                command=item.command,
                description=_(item.description),
            )
        )
    return "\n".join(lines)
