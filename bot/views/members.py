"""Members as text: the card an officer sees, and a member's own record."""

from __future__ import annotations

import html
from collections.abc import Mapping

from bot.core.kernel.dues_profile import Category
from bot.core.kernel.model import Standing
from bot.core.kernel.notices import ParamValue
from bot.core.members.profile import MemberRecord, card_params
from bot.core.members.registration import DUES_CATEGORY_LABELS
from bot.i18n import N_, _, html_text
from bot.views.common import date_text, money, month_text, param, phone_text, standing_name


def card_lines(params: Mapping[str, ParamValue]) -> list[str]:
    """The lines describing a member, from the parameters ``core.members.card_params`` made."""
    lines = [f"<b>{html.escape(param(params, 'name'))}</b>"]
    if params.get("phone"):
        lines.append(html_text(N_("📞 Phone: {phone}"), phone=phone_text(param(params, "phone"))))
    if params.get("home"):
        lines.append(html_text(N_("🏠 Home: {home}"), home=param(params, "home")))
    if params.get("employer"):
        lines.append(
            html_text(
                N_("🏭 Works at: {employer}, as {occupation}"),
                employer=param(params, "employer"),
                occupation=param(params, "occupation"),
            )
        )
        lines.append(
            html_text(
                N_("📍 In: {district}, {province}, since {since}"),
                district=param(params, "district"),
                province=param(params, "province"),
                since=month_text(param(params, "since")),
            )
        )
    if params.get("expected_return"):
        lines.append(
            html_text(
                N_("↩️ Expects to come back: {month}"),
                month=month_text(param(params, "expected_return")),
            )
        )
    if params.get("dues_category"):
        lines.append(
            html_text(
                N_("💰 Dues: {category}"),
                category=_(DUES_CATEGORY_LABELS[Category(param(params, "dues_category"))]),
            )
        )
        if params.get("dues_base"):
            lines.append(
                html_text(
                    N_("    counted from {amount} a month"),
                    amount=money(int(params["dues_base"] or 0)),
                )
            )
    standing = param(params, "standing") or Standing.NONE.value
    lines.append(html_text(N_("📌 Standing: {standing}"), standing=standing_name(standing)))
    if Standing(standing).is_exemption:
        lines.append(
            html_text(
                N_("    from {start} to {end}"),
                start=date_text(param(params, "standing_start") or None),
                end=date_text(param(params, "standing_end") or None),
            )
        )
    if standing == Standing.TEMP_TRANSFER:
        lines.append(
            html_text(
                N_("    with {org}, letter dated {date}"),
                org=param(params, "host_org"),
                date=date_text(param(params, "letter_date") or None),
            )
        )
    return lines


def own_record(record: MemberRecord) -> str:
    """What a member sees with /profile."""
    current = record.current
    lines = [html_text(N_("Your record with branch {branch}:"), branch=record.branch.name), ""]
    lines += card_lines(card_params(record.member, current))
    history = [p for p in record.placements if p.ended_at is not None]
    if history:
        lines += ["", html_text(N_("Earlier workplaces:"))]
        for placement in history:
            work = placement.workplace
            lines.append(
                html_text(
                    N_("• {employer} ({province}), from {since} until {until}"),
                    employer=work.employer,
                    province=work.province,
                    since=month_text(work.since.iso()),
                    until=date_text(
                        placement.ended_at.date().isoformat() if placement.ended_at else None
                    ),
                )
            )
    return "\n".join(lines)
