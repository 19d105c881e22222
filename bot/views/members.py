"""Members as text: the card an officer sees, and a member's own record."""

from __future__ import annotations

import html
from collections.abc import Mapping

from bot.core.dues_rates import Category
from bot.core.members import MemberRecord, card_params
from bot.core.model import Standing
from bot.core.notices import ParamValue
from bot.core.registration import DUES_CATEGORY_LABELS
from bot.i18n import N_, _, html_text
from bot.views.common import date_text, money, month_text, standing_name


def _s(params: Mapping[str, ParamValue], key: str) -> str:
    value = params.get(key)
    return "" if value is None else str(value)


def card_lines(params: Mapping[str, ParamValue]) -> list[str]:
    """The lines describing a member, from the parameters ``core.members.card_params`` made."""
    lines = [f"<b>{html.escape(_s(params, 'name'))}</b>"]
    if params.get("phone"):
        lines.append(html_text(N_("📞 Phone: {phone}"), phone=_s(params, "phone")))
    if params.get("home"):
        lines.append(html_text(N_("🏠 Home: {home}"), home=_s(params, "home")))
    if params.get("employer"):
        lines.append(
            html_text(
                N_("🏭 Works at: {employer}, as {occupation}"),
                employer=_s(params, "employer"),
                occupation=_s(params, "occupation"),
            )
        )
        lines.append(
            html_text(
                N_("📍 In: {district}, {province}, since {since}"),
                district=_s(params, "district"),
                province=_s(params, "province"),
                since=month_text(_s(params, "since")),
            )
        )
    if params.get("expected_return"):
        lines.append(
            html_text(
                N_("↩️ Expects to come back: {month}"),
                month=month_text(_s(params, "expected_return")),
            )
        )
    if params.get("dues_category"):
        lines.append(
            html_text(
                N_("💰 Dues: {category}"),
                category=_(DUES_CATEGORY_LABELS[Category(_s(params, "dues_category"))]),
            )
        )
        if params.get("dues_base"):
            lines.append(
                html_text(
                    N_("    counted from {amount} a month"),
                    amount=money(int(params["dues_base"] or 0)),
                )
            )
    standing = _s(params, "standing") or Standing.NONE.value
    lines.append(html_text(N_("📌 Standing: {standing}"), standing=standing_name(standing)))
    if Standing(standing).is_exemption:
        lines.append(
            html_text(
                N_("    from {start} to {end}"),
                start=date_text(_s(params, "standing_start") or None),
                end=date_text(_s(params, "standing_end") or None),
            )
        )
    if standing == Standing.TEMP_TRANSFER:
        lines.append(
            html_text(
                N_("    with {org}, letter dated {date}"),
                org=_s(params, "host_org"),
                date=date_text(_s(params, "letter_date") or None),
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
