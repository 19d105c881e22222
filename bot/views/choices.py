"""What a person can pick under or beside a message, in terms any channel can render.

- ``Choices``: options attached to one message (Telegram: inline buttons; Zalo: numbered lines).
- ``Keyboard``: the standing menu of a chat, or a one-off request such as «share my number»
  (Telegram: the reply keyboard; Zalo: a numbered menu on request).
- ``HIDE_KEYBOARD``: put away whatever keyboard the chat shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.views.actions import Act, Action, action


@dataclass(frozen=True, slots=True)
class Choice:
    """One option: it runs ``action``, or opens ``url``."""

    label: str
    action: Action | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Choices:
    """Options in rows, in reading order; rows are a layout hint a channel may ignore."""

    rows: tuple[tuple[Choice, ...], ...]

    def flat(self) -> list[Choice]:
        return [choice for row in self.rows for choice in row]


class Share(StrEnum):
    """What a keyboard key asks the platform to share, where it can."""

    CONTACT = "contact"
    LOCATION = "location"


@dataclass(frozen=True, slots=True)
class Key:
    label: str
    share: Share | None = None


@dataclass(frozen=True, slots=True)
class Keyboard:
    rows: tuple[tuple[Key, ...], ...]
    persistent: bool = True  # the main menu stays; a one-off request goes after one use


@dataclass(frozen=True, slots=True)
class HideKeyboard:
    pass


HIDE_KEYBOARD = HideKeyboard()

Markup = Choices | Keyboard | HideKeyboard | None


def button(label: str, verb: Act, *args: str | int) -> Choice:
    return Choice(label, action(verb, *args))


def link(label: str, url: str) -> Choice:
    return Choice(label, url=url)


def inline(rows: Iterable[Sequence[Choice]]) -> Choices:
    return Choices(tuple(tuple(row) for row in rows))
