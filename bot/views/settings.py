"""The branch settings screen: current values, and a button for each choice."""

from __future__ import annotations

from datetime import time

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.branch_settings import BranchSettings, Cadence, RelayMode
from bot.core.quiet_hours import QuietHours
from bot.handlers.keyboards import Cb, button, inline
from bot.i18n import N_, _, html_text, plain

CADENCE_LABELS: dict[Cadence, str] = {
    Cadence.WEEKLY: N_("every week"),
    Cadence.FORTNIGHTLY: N_("every two weeks"),
    Cadence.MONTHLY: N_("every month"),
}
RELAY_LABELS: dict[RelayMode, str] = {
    RelayMode.AT_ONCE: N_("at once"),
    RelayMode.DIGEST: N_("in the weekly digest"),
}
# Quiet-hour choices offered as buttons, as "HHMM-HHMM"; "0000-0000" means none.
QUIET_CHOICES = ("2100-0700", "2200-0600", "2000-0700", "0000-0000")


def quiet_from_code(code: str) -> QuietHours:
    start, end = code.split("-")
    return QuietHours(time(int(start[:2]), int(start[2:])), time(int(end[:2]), int(end[2:])))


def quiet_code(quiet: QuietHours) -> str:
    return f"{quiet.start:%H%M}-{quiet.end:%H%M}"


def quiet_text(quiet: QuietHours) -> str:
    if quiet.start == quiet.end:
        return _("none")
    return f"{quiet.start:%H:%M}-{quiet.end:%H:%M}"


def _choice(label: str, chosen: bool, field: str, value: str) -> InlineKeyboardButton:
    return button(f"✓ {label}" if chosen else label, Cb.SETTING, field, value)


def settings_view(settings: BranchSettings) -> tuple[str, InlineKeyboardMarkup]:
    text = "\n".join(
        [
            html_text(N_("⚙️ <b>Branch settings</b>")),
            "",
            html_text(
                N_("📍 Check-in prompts: <b>{cadence}</b>, at {time}"),
                cadence=_(CADENCE_LABELS[settings.cadence]),
                time=settings.checkin_time.strftime("%H:%M"),
            ),
            html_text(
                N_("🌙 Quiet hours (no reminders): <b>{quiet}</b>"),
                quiet=quiet_text(settings.quiet),
            ),
            html_text(
                N_("📨 Routine «still the same» check-ins arrive: <b>{relay}</b>"),
                relay=_(RELAY_LABELS[settings.relay]),
            ),
            html_text(N_("Moves, returns and difficulties always arrive at once.")),
            "",
            html_text(N_("Press a button to change a setting.")),
        ]
    )
    rows = [
        [
            _choice(plain(label), settings.cadence is cadence, "cadence", cadence.value)
            for cadence, label in CADENCE_LABELS.items()
        ],
        [
            _choice(
                quiet_text(quiet_from_code(code)),
                quiet_code(settings.quiet) == code,
                "quiet",
                code,
            )
            for code in QUIET_CHOICES
        ],
        [
            _choice(plain(label), settings.relay is relay, "relay", relay.value)
            for relay, label in RELAY_LABELS.items()
        ],
    ]
    return text, inline(rows)
