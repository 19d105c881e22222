"""The branch settings screen: current values, and a button for each choice."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

from bot.core.kernel.quiet_hours import QuietHours
from bot.core.members.settings import BranchSettings, Cadence, RelayMode
from bot.core.review.rules import Review
from bot.i18n import N_, _, format_local, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choice, Choices, button, inline
from bot.views.review import SETUP as REVIEW_SETUP

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
DUES_DAYS = (1, 5, 10, 15, 20, 25)
# Digest moments offered, as "<weekday>-HHMM" (0 is Monday); "off" turns the digest off.
DIGEST_CHOICES = ("0-0730", "0-1900", "4-1700", "6-1900")
DIGEST_OFF = "off"
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


def quiet_from_code(code: str) -> QuietHours:
    start, end = code.split("-")
    return QuietHours(time(int(start[:2]), int(start[2:])), time(int(end[:2]), int(end[2:])))


def quiet_code(quiet: QuietHours) -> str:
    return f"{quiet.start:%H%M}-{quiet.end:%H%M}"


def quiet_text(quiet: QuietHours) -> str:
    if quiet.start == quiet.end:
        return _("none")
    return f"{quiet.start:%H:%M}-{quiet.end:%H:%M}"


def digest_from_code(code: str) -> tuple[int, time]:
    weekday, hhmm = code.split("-")
    return int(weekday), time(int(hhmm[:2]), int(hhmm[2:]))


def digest_code(settings: BranchSettings) -> str:
    if not settings.digest_enabled:
        return DIGEST_OFF
    return f"{settings.digest_weekday}-{settings.digest_time:%H%M}"


def digest_text(weekday: int, at: time) -> str:
    return plain(N_("{day} {time}"), day=_(WEEKDAYS[weekday]), time=at.strftime("%H:%M"))


def _rows_of(buttons: list[Choice], width: int) -> list[list[Choice]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def _choice(label: str, chosen: bool, field: str, value: str) -> Choice:
    return button(f"✓ {label}" if chosen else label, Act.SETTING, field, value)


def settings_view(
    settings: BranchSettings, review: Review | None, zone: ZoneInfo
) -> tuple[str, Choices]:
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
            html_text(
                N_("💰 Dues reminder: on day <b>{day}</b> of each month"), day=settings.dues_day
            ),
            html_text(
                N_("📊 Weekly digest: <b>{when}</b>"),
                when=digest_text(settings.digest_weekday, settings.digest_time)
                if settings.digest_enabled
                else _("off"),
            ),
            html_text(
                N_("📅 Year-end review meeting: <b>{when}</b>"),
                when=format_local(review.meeting_at, zone) if review else _("not set yet"),
            ),
            html_text(
                N_("🗓 Members on full exemption are excused from the review: <b>{answer}</b>"),
                answer=_("yes") if settings.review_excuse_exempt else _("no"),
            ),
            "",
            html_text(N_("Press a button to change a setting.")),
        ]
    )
    digest_buttons = [
        _choice(
            "📊 " + digest_text(*digest_from_code(code)),
            digest_code(settings) == code,
            "digest",
            code,
        )
        for code in DIGEST_CHOICES
    ]
    digest_buttons.append(
        _choice(plain(N_("📊 off")), digest_code(settings) == DIGEST_OFF, "digest", DIGEST_OFF)
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
        [
            _choice(
                plain(N_("💰 day {day}"), day=day), settings.dues_day == day, "dues_day", str(day)
            )
            for day in DUES_DAYS
        ],
        *_rows_of(digest_buttons, 3),
        [
            _choice(
                plain(N_("Excuse exempt members: yes")),
                settings.review_excuse_exempt,
                "excuse",
                "1",
            ),
            _choice(plain(N_("no")), not settings.review_excuse_exempt, "excuse", "0"),
        ],
        [button(plain(N_("📅 Set the review meeting")), Act.REVIEW, REVIEW_SETUP)],
    ]
    return text, inline(rows)
