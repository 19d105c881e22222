"""Check-ins as text: the prompt, the cards the leaders get, two-way messages."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.checkins.answers import DIFFICULTY_LABELS, CheckinKind, Difficulty
from bot.i18n import N_, _, format_local, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choice, Choices, button, inline
from bot.views.common import Params, date_text, param, role_name

ANSWER_SAME = "s"
ANSWER_MOVED = "m"
ANSWER_HOME = "h"
ANSWER_DIFFICULTY = "d"


def answer_buttons(prompt_id: int) -> Choices:
    return inline(
        [
            [
                button(plain(N_("✅ Still the same")), Act.CHECKIN, prompt_id, ANSWER_SAME),
                button(plain(N_("🏭 I moved")), Act.CHECKIN, prompt_id, ANSWER_MOVED),
            ],
            [
                button(plain(N_("🏠 I came back home")), Act.CHECKIN, prompt_id, ANSWER_HOME),
                button(
                    plain(N_("⚠️ I have difficulties")), Act.CHECKIN, prompt_id, ANSWER_DIFFICULTY
                ),
            ],
        ]
    )


def where(params: Params) -> str:
    if params.get("employer"):
        return html_text(
            N_("The bot has you working at <b>{employer}</b>, {province}."),
            employer=param(params, "employer"),
            province=param(params, "province"),
        )
    return html_text(N_("The bot does not know your workplace yet."))


def prompt(params: Params) -> tuple[str, Choices]:
    text = "\n".join(
        [
            html_text(N_("📍 <b>Check-in</b>")),
            where(params),
            html_text(N_("Is that still right? One tap is enough.")),
        ]
    )
    return text, answer_buttons(int(params.get("prompt_id") or 0))


def nudge(params: Params) -> tuple[str, Choices]:
    text = "\n".join(
        [
            html_text(
                N_(
                    "🔔 A gentle reminder: the check-in of {day} is still waiting for your answer."
                ),
                day=date_text(param(params, "asked") or None),
            ),
            where(params),
            html_text(N_("One tap is enough.")),
        ]
    )
    return text, answer_buttons(int(params.get("prompt_id") or 0))


def anytime_checkin(employer: str | None, province: str | None) -> tuple[str, Choices]:
    """The check-in a member starts from the menu."""
    text = "\n".join(
        [
            html_text(N_("📍 <b>Check-in</b>")),
            where({"employer": employer, "province": province}),
            html_text(N_("What is new?")),
        ]
    )
    return text, answer_buttons(0)


def reply_button(peer_id: int) -> list[list[Choice]]:
    return [[button(plain(N_("💬 Reply")), Act.REPLY, peer_id)]]


KIND_HEADLINES: dict[CheckinKind, str] = {
    CheckinKind.SAME: N_("📍 <b>{name}</b> checked in: still at the same workplace."),
    CheckinKind.MOVED: N_("🏭 <b>{name}</b> moved to a new workplace."),
    CheckinKind.RETURNED: N_("🏠 <b>{name}</b> says they came back home. Please confirm."),
    CheckinKind.DIFFICULTY: N_("⚠️ <b>{name}</b> is having difficulties: <b>{difficulty}</b>."),
    CheckinKind.PAUSED: N_("⏸ <b>{name}</b> will be out of reach until {until}."),
}
LOCATED = N_("📌 <b>{name}</b> shared where they are now.")
DIFFICULTY_BEGUN = N_(
    "⚠️ <b>{name}</b> pressed «I have difficulties». The bot is asking what is happening; "
    "their answer will follow here."
)


def map_lines(params: Params) -> list[str]:
    """Where a shared location is: rounded coordinates, a map link, the district on record."""
    latitude, longitude = param(params, "latitude"), param(params, "longitude")
    lines = [
        html_text(
            N_("📌 Near {latitude}, {longitude}: {map}"),
            latitude=latitude,
            longitude=longitude,
            map=MAP_URL.format(latitude=latitude, longitude=longitude),
        )
    ]
    if params.get("district") or params.get("province"):
        lines.append(
            html_text(
                N_("On record: works in {district}, {province}."),
                district=param(params, "district") or "—",
                province=param(params, "province") or "—",
            )
        )
    return lines


# A link every phone opens in its map app; the coordinates are already coarse (COARSE_DIGITS).
MAP_URL = "https://www.google.com/maps/search/?api=1&query={latitude},{longitude}"


def relay_card(params: Params, zone: ZoneInfo) -> tuple[str, Choices]:
    kind = CheckinKind(param(params, "kind"))
    difficulty = param(params, "difficulty")
    located = params.get("latitude") is not None
    # A location shared on its own is a check-in, but not «still at the same workplace».
    headline = LOCATED if kind is CheckinKind.SAME and located else KIND_HEADLINES[kind]
    if kind is CheckinKind.DIFFICULTY and not difficulty:
        headline = DIFFICULTY_BEGUN  # the press itself; the kind and the details follow
    lines = [
        html_text(
            headline,
            name=param(params, "name"),
            difficulty=_(DIFFICULTY_LABELS[Difficulty(difficulty)]) if difficulty else "",
            until=date_text(param(params, "paused_until") or None),
        )
    ]
    if params.get("employer"):
        lines.append(
            html_text(
                N_("🏭 {employer}, {province}"),
                employer=param(params, "employer"),
                province=param(params, "province"),
            )
        )
    if params.get("note"):
        lines.append(html_text(N_("📝 «{note}»"), note=param(params, "note")))
    if located:
        lines += map_lines(params)
    lines.append(
        html_text(
            N_("🕘 {at}"), at=format_local(datetime.fromisoformat(param(params, "at")), zone)
        )
    )
    member_id = int(params.get("member_id") or 0)
    rows = []
    if kind is CheckinKind.RETURNED:
        rows.append(
            [
                button(plain(N_("✅ Confirm: back home")), Act.RETURN, member_id, 1),
                button(plain(N_("↩️ Not back yet")), Act.RETURN, member_id, 0),
            ]
        )
    rows += reply_button(member_id)
    return "\n".join(lines), inline(rows)


def relay_list(relays: Sequence[Params], zone: ZoneInfo) -> tuple[str, Choices]:
    """Routine check-ins that queued up for one leader, as one message: a line and a «Reply»
    button for each member."""
    lines = [
        html_text(N_("📍 Checked in, still at the same workplace ({count}):"), count=len(relays))
    ]
    buttons = []
    for params in relays:
        at = format_local(datetime.fromisoformat(param(params, "at")), zone)
        if params.get("employer"):
            line = html_text(
                N_("• <b>{name}</b>, {employer}, {province} 🕘 {at}"),
                name=param(params, "name"),
                employer=param(params, "employer"),
                province=param(params, "province"),
                at=at,
            )
        else:
            line = html_text(N_("• <b>{name}</b> 🕘 {at}"), name=param(params, "name"), at=at)
        lines.append(line)
        member_id = int(params.get("member_id") or 0)
        label = plain(N_("💬 Reply to {name}"), name=param(params, "name"))
        buttons.append([button(label, Act.REPLY, member_id)])
    return "\n".join(lines), inline(buttons)


def location_card(params: Params) -> tuple[str, Choices]:
    """A location shared just after a check-in the leaders already have."""
    lines = [
        html_text(LOCATED, name=param(params, "name")),
        *map_lines(params),
    ]
    return "\n".join(lines), inline(reply_button(int(params.get("member_id") or 0)))


def note_card(params: Params) -> tuple[str, Choices]:
    text = html_text(
        N_("📝 <b>{name}</b> adds to their check-in: «{note}»"),
        name=param(params, "name"),
        note=param(params, "note"),
    )
    return text, inline(reply_button(int(params.get("member_id") or 0)))


def missed_card(params: Params) -> tuple[str, Choices]:
    lines = [
        html_text(
            N_("🔕 <b>{name}</b> has not answered the check-in of {asked}."),
            name=param(params, "name"),
            asked=date_text(param(params, "asked") or None),
        )
    ]
    if params.get("nudged"):
        lines.append(
            html_text(
                N_("A reminder was sent on {day}."), day=date_text(param(params, "nudged")[:10])
            )
        )
    if params.get("employer"):
        lines.append(
            html_text(
                N_("Last known: {employer}, {province}."),
                employer=param(params, "employer"),
                province=param(params, "province"),
            )
        )
    return "\n".join(lines), inline(reply_button(int(params.get("member_id") or 0)))


def unreachable_card(params: Params) -> str:
    return html_text(
        N_(
            "🚫 <b>{name}</b> has blocked the bot, so it can no longer reach them. "
            "Please get in touch another way."
        ),
        name=param(params, "name"),
    )


def return_decided(params: Params, *, confirmed: bool) -> str:
    if confirmed:
        return html_text(
            N_(
                "🏠 Welcome home! {officer} confirmed that you are back, so the bot "
                "will no longer ask you to check in."
            ),
            officer=param(params, "officer"),
        )
    return html_text(
        N_("{officer} noted that you are still away, so check-ins continue."),
        officer=param(params, "officer"),
    )


def away_again(params: Params) -> str:
    return html_text(
        N_(
            "🧳 {officer} noted that you work away again. The bot will ask you to check in "
            "from time to time; please tell it your new workplace with «🏭 New workplace»."
        ),
        officer=param(params, "officer"),
    )


def message_to_member(params: Params, peer_id: int) -> tuple[str, Choices]:
    text = "\n".join(
        [
            html_text(
                N_("💬 <b>Message from {role} {officer}:</b>"),
                role=role_name(param(params, "role")),
                officer=param(params, "officer"),
            ),
            html.escape(param(params, "text")),
        ]
    )
    return text, inline(reply_button(peer_id))


def message_from_member(params: Params) -> tuple[str, Choices]:
    text = "\n".join(
        [
            html_text(N_("💬 <b>{name} writes:</b>"), name=param(params, "name")),
            html.escape(param(params, "text")),
        ]
    )
    return text, inline(reply_button(int(params.get("member_id") or 0)))


def recorded(kind: CheckinKind, checkin_id: int) -> tuple[str, Choices | None]:
    """What the member reads after checking in."""
    if kind is CheckinKind.RETURNED:
        return html_text(
            N_("🏠 Thank you! Your branch has been told you are back and will confirm.")
        ), None
    if kind is CheckinKind.DIFFICULTY:
        return html_text(
            N_(
                "Thank you for telling us. Your branch secretary has been alerted "
                "and will get in touch."
            )
        ), None
    text = html_text(
        N_(
            "✅ Recorded, thank you! If you want, add a short note, or share your "
            "location with the 📌 button below."
        )
    )
    return text, inline([[button(plain(N_("📝 Add a note")), Act.NOTE, checkin_id)]])
