"""Broadcasts as text: what members receive, the preview, and the delivery report."""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.broadcast import AUDIENCE_LABELS, Audience
from bot.core.kernel.model import Member
from bot.i18n import N_, _, format_local, html_text
from bot.views.checkins import reply_button
from bot.views.choices import inline
from bot.views.common import Params, param, role_name
from bot.views.outgoing import Media, MessageOut


def announcement(params: Params, peer_id: int) -> list[MessageOut]:
    """What a member receives: the attachment first, then the text, which a reply answers."""
    text = "\n".join(
        [
            html_text(
                N_("📣 <b>Announcement from {role} {officer}:</b>"),
                role=role_name(param(params, "role")),
                officer=param(params, "officer"),
            ),
            "",
            html.escape(param(params, "text")),
        ]
    )
    parts = []
    if params.get("document"):
        parts.append(
            MessageOut(
                html_text(N_("📎 Attached to the announcement below.")),
                media=Media.parse(param(params, "document")),
            )
        )
    parts.append(MessageOut(text, inline(reply_button(peer_id))))
    return parts


def preview(answers: Mapping[str, str], officer: Member, recipients: list[Member]) -> str:
    unreachable = [m for m in recipients if m.unreachable_since is not None or m.address is None]
    lines = [
        html_text(N_("👀 <b>Preview</b>: members will receive this message:")),
        "",
        "┈┈┈┈┈┈┈┈┈┈",
        announcement(
            {"role": officer.role.value, "officer": officer.full_name, "text": answers["text"]},
            officer.id,
        )[-1].text,
        "┈┈┈┈┈┈┈┈┈┈",
        "",
    ]
    if answers.get("document"):
        lines.append(html_text(N_("📎 With the document you sent.")))
    lines.append(
        html_text(
            N_("To: {audience} — {count} members."),
            audience=_(AUDIENCE_LABELS[Audience(answers["audience"])]),
            count=len(recipients),
        )
    )
    if unreachable:
        lines.append(
            html_text(
                N_("🚫 {count} of them cannot be reached (they blocked the bot): {names}"),
                count=len(unreachable),
                names=", ".join(m.full_name for m in unreachable),
            )
        )
    lines += ["", html_text(N_("Send it?"))]
    return "\n".join(lines)


def report(params: Params, zone: ZoneInfo) -> str:
    lines = [
        html_text(
            N_("📣 <b>Your announcement of {at} has gone out.</b>"),
            at=format_local(datetime.fromisoformat(param(params, "created_at")), zone),
        ),
        html_text(
            N_("To: {audience} ({count} members)."),
            audience=_(AUDIENCE_LABELS[Audience(param(params, "audience"))]),
            count=param(params, "recipients"),
        ),
        html_text(N_("✅ Delivered: {count}"), count=param(params, "delivered")),
    ]
    unreachable = [name for name in param(params, "unreachable").split("\n") if name]
    lines.append(
        html_text(
            N_("🚫 Unreachable: {count}{names}"),
            count=len(unreachable),
            names=(" — " + ", ".join(unreachable)) if unreachable else "",
        )
    )
    if int(params.get("failed") or 0):
        lines.append(
            html_text(
                N_("⚠️ Not delivered for another reason: {count}"), count=param(params, "failed")
            )
        )
    return "\n".join(lines)
