"""Texts of onboarding: links, invitations, branches, registration cards."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.core.kernel.model import Branch, Invite, InviteRole
from bot.core.kernel.notices import ParamValue
from bot.core.members.profile import MemberRecord, card_params
from bot.i18n import N_, format_local, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choices, button, inline
from bot.views.common import param, role_name
from bot.views.members import card_lines


def invite_link(bot_username: str, code: str) -> str:
    return f"https://t.me/{bot_username}?start={code}"


def registration_card(params: dict[str, ParamValue]) -> tuple[str, Choices]:
    member_id = int(params["member_id"] or 0)
    text = "\n".join(
        [
            html_text(N_("📝 <b>New registration</b> waiting for your approval:")),
            "",
            *card_lines(params),
        ]
    )
    return text, inline(
        [
            [
                button(plain(N_("✅ Approve")), Act.APPROVE, member_id),
                button(plain(N_("❌ Reject")), Act.REJECT, member_id),
            ]
        ]
    )


def registration_summary(cards: Sequence[dict[str, ParamValue]]) -> tuple[str, Choices | None]:
    """Many registrations at once, as one message: who, from where; each is approved from
    /pending, where their cards are."""
    lines = [
        html_text(
            N_("📝 <b>{count} new registrations</b> are waiting for your approval:"),
            count=len(cards),
        ),
        "",
    ]
    lines += [
        html_text(
            N_("• {name}: {employer}, {province}"),
            name=param(card, "name"),
            employer=param(card, "employer"),
            province=param(card, "province"),
        )
        for card in cards
    ]
    lines += ["", html_text(N_("Open /pending to see each one and approve or reject it."))]
    return "\n".join(lines), None


def pending_card(record: MemberRecord) -> tuple[str, Choices]:
    return registration_card(card_params(record.member, record.current))


# How many people a member link can be for: one by default, so a link that leaks lets
# nobody else in; more for a branch meeting where everyone registers at once.
LINK_SIZES = (1, 5, 20, 50)


def link_size_question(role: str) -> tuple[str, Choices]:
    return html_text(
        N_(
            "How many people is the link for? A link for one person is safest: if it is "
            "passed on, nobody else can use it."
        )
    ), inline(
        [
            [
                button(plain(N_("1 person")), Act.INVITE, role, 1),
                *(
                    button(plain(N_("{count} people"), count=size), Act.INVITE, role, size)
                    for size in LINK_SIZES[1:]
                ),
            ]
        ]
    )


def new_invite(invite: Invite, link: str, zone: ZoneInfo) -> str:
    until = format_local(invite.expires_at, zone)
    if invite.role is InviteRole.MEMBER and (invite.max_uses or 0) > 1:
        return html_text(
            N_(
                "🔗 Invitation link for members of your branch. Send it to members who work away; "
                "{count} people can use it until {until}.\n\n{link}"
            ),
            count=invite.max_uses,
            until=until,
            link=link,
        )
    if invite.role is InviteRole.MEMBER:
        return html_text(
            N_(
                "🔗 Invitation link for one member of your branch who works away. It works once, "
                "until {until}.\n\n{link}"
            ),
            until=until,
            link=link,
        )
    return html_text(
        N_(
            "🔗 Invitation link for a {role}. It works once, for one person, until {until}.\n\n"
            "{link}"
        ),
        role=role_name(invite.role),
        until=until,
        link=link,
    )


def open_invites(
    invites: Sequence[Invite], links: Sequence[str], zone: ZoneInfo
) -> tuple[str, Choices | None]:
    if not invites:
        return html_text(N_("There are no open invitation links. Create one with /invite.")), None
    lines = [html_text(N_("<b>Open invitation links</b>")), ""]
    rows = []
    for number, (invite, link) in enumerate(zip(invites, links, strict=True), start=1):
        until = format_local(invite.expires_at, zone)
        if invite.role is InviteRole.MEMBER:
            lines.append(
                html_text(
                    N_("{number}. For members, used {uses} times, until {until}:"),
                    number=number,
                    uses=invite.uses,
                    until=until,
                )
            )
        else:
            lines.append(
                html_text(
                    N_("{number}. For a {role}, single use, until {until}:"),
                    number=number,
                    role=role_name(invite.role),
                    until=until,
                )
            )
        lines.append(link)
        rows.append(
            [button(plain(N_("Withdraw link {number}"), number=number), Act.REVOKE, invite.code)]
        )
    return "\n".join(lines), inline(rows)


def branch_created(branch: Branch, link: str) -> str:
    return html_text(
        N_(
            "🏛 Branch <b>{name}</b> was created. Send this link to its secretary; it works "
            "once:\n\n{link}"
        ),
        name=branch.name,
        link=link,
    )


def branch_list(branches: Sequence[Branch]) -> tuple[str, Choices | None]:
    if not branches:
        return html_text(N_("There are no branches yet. Create one with /newbranch.")), None
    lines = [html_text(N_("<b>Branches</b>")), ""]
    rows = []
    for number, branch in enumerate(branches, start=1):
        if branch.committee:
            lines.append(
                html_text(
                    N_("{number}. {name} ({committee})"),
                    number=number,
                    name=branch.name,
                    committee=branch.committee,
                )
            )
        else:
            lines.append(html_text(N_("{number}. {name}"), number=number, name=branch.name))
        rows.append(
            [
                button(
                    plain(N_("New secretary link for {number}"), number=number),
                    Act.NEW_SECRETARY_LINK,
                    branch.id,
                )
            ]
        )
    return "\n".join(lines), inline(rows)


def stranger_text() -> str:
    return html_text(
        N_(
            "Hello! This bot keeps party branches in touch with their members who work away from "
            "home. To use it you need an invitation link from your branch secretary. Please ask "
            "your branch for one and open it."
        )
    )


def waiting_text() -> str:
    return html_text(
        N_(
            "Your registration is waiting for your branch to confirm it. You will get a message "
            "as soon as it is decided."
        )
    )
