"""Callback data: an action as an inline button carries it, packed and checked.

Data is ``<verb>:<arg>:<arg>`` within Telegram's 64 bytes. Anything that does not unpack to a
known verb is treated as forged or stale; the handler checks the arguments' types.
"""

from __future__ import annotations

from bot.views.actions import Act, Action

MAX_BYTES = 64


def pack(action: Action) -> str:
    data = ":".join([action.verb.value, *action.args])
    if len(data.encode()) > MAX_BYTES or any(":" in arg for arg in action.args):
        raise ValueError(f"callback data does not fit: {data!r}")
    return data


def unpack(data: str | None) -> Action | None:
    """The action, or ``None`` for data that is not ours."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    head, *args = data.split(":")
    try:
        return Action(Act(head), tuple(args))
    except ValueError:
        return None


def pattern(verb: Act) -> str:
    """A ``CallbackQueryHandler`` pattern for one verb."""
    return rf"^{verb.value}(:|$)"
