"""Periods of exemption as text: the reminder that one ends, the leaders' copy, renewal requests
and decisions, and the report back."""

from __future__ import annotations

import html

from bot.i18n import N_, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choices, button, inline
from bot.views.common import Params, date_text, param, period_name
from bot.views.review import BACK, FORM, RENEW


def period_ending(params: Params) -> tuple[str, Choices]:
    text = html_text(
        N_(
            "⏳ Your {period} ends on {end}, in {days} days. If you are still away, ask your "
            "branch to renew it; if you are coming back, report back with the remark of your "
            "employer or the local authority."
        ),
        period=period_name(param(params, "standing")),
        end=date_text(param(params, "end")),
        days=param(params, "days"),
    )
    return text, inline(
        [
            [
                button(plain(N_("🔁 Ask to renew")), Act.REVIEW, RENEW),
                button(plain(N_("📝 Report back")), Act.REVIEW, BACK),
            ],
            [button(plain(N_("📄 The application form (Word)")), Act.REVIEW, FORM)],
        ]
    )


def period_ending_officers(params: Params) -> tuple[str, Choices]:
    text = html_text(
        N_("⏳ The {period} of <b>{name}</b> ends on {end}, in {days} days."),
        period=period_name(param(params, "standing")),
        name=param(params, "name"),
        end=date_text(param(params, "end")),
        days=param(params, "days"),
    )
    return text, inline(
        [[button(plain(N_("💬 Reply")), Act.REPLY, int(params.get("member_id") or 0))]]
    )


def renewal_card(params: Params) -> tuple[str, Choices]:
    renewal_id = int(params.get("renewal_id") or 0)
    lines = [
        html_text(
            N_("🔁 <b>{name}</b> asks to extend their {period} from {old_end} to {new_end}."),
            name=param(params, "name"),
            period=period_name(param(params, "standing")),
            old_end=date_text(param(params, "old_end")),
            new_end=date_text(param(params, "new_end")),
        )
    ]
    if params.get("reason"):
        lines.append(html_text(N_("Reason: {reason}"), reason=param(params, "reason")))
    return "\n".join(lines), inline(
        [
            [
                button(plain(N_("✅ Approve")), Act.RENEWAL, renewal_id, 1),
                button(plain(N_("❌ Reject")), Act.RENEWAL, renewal_id, 0),
            ],
            [button(plain(N_("💬 Reply")), Act.REPLY, int(params.get("member_id") or 0))],
        ]
    )


def renewal_decided(params: Params) -> str:
    if params.get("approved"):
        return html_text(
            N_("✅ {officer} approved extending your period until {end}."),
            officer=param(params, "officer"),
            end=date_text(param(params, "new_end")),
        )
    return html_text(
        N_("❌ {officer} did not approve the extension. Please talk to your branch secretary."),
        officer=param(params, "officer"),
    )


def report_back_card(params: Params) -> tuple[str, Choices]:
    lines = [
        html_text(
            N_("📝 <b>{name}</b> reports back after their {period}."),
            name=param(params, "name"),
            period=period_name(param(params, "standing")),
        )
    ]
    remark = param(params, "remark")
    if remark.startswith("text:"):
        lines += ["", html.escape(remark.removeprefix("text:"))]
    return "\n".join(lines), inline(
        [[button(plain(N_("💬 Reply")), Act.REPLY, int(params.get("member_id") or 0))]]
    )
