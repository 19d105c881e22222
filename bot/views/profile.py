"""Texts of a member's own data: export and deletion."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.i18n import N_, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choices, button, inline


def export_file(data: dict[str, list[dict[str, Any]]], now: datetime) -> bytes:
    payload = {"exported_at": now.isoformat(timespec="seconds"), "tables": data}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str).encode()


def export_caption(data: dict[str, list[dict[str, Any]]]) -> tuple[str, Choices]:
    rows = sum(len(rows) for rows in data.values())
    text = html_text(
        N_(
            "🗂 Everything the bot stores about you is in this file ({rows} records). If you want "
            "it deleted, press the button below."
        ),
        rows=rows,
    )
    return text, inline([[button(plain(N_("🗑 Delete my data")), Act.ERASE_ASK)]])


def erase_question() -> tuple[str, Choices]:
    text = html_text(
        N_(
            "Do you really want the bot to delete your personal data? Your branch secretary will "
            "be told. You will no longer get messages from the bot, and to use it again you would "
            "need a new invitation. Payments already recorded stay in the dues ledger without "
            "your name. This cannot be undone."
        )
    )
    return text, inline(
        [
            [button(plain(N_("🗑 Yes, delete my data")), Act.ERASE_YES)],
            [button(plain(N_("No, keep it")), Act.ERASE_NO)],
        ]
    )
