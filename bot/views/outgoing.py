"""What the bot sends on its own, in terms any channel can render: a message, several in a row,
or a chat's command menu.

A message's text is our markup: escaped text with ``<b>``, ``<i>``, ``<code>``, ``<a href>``
and line breaks, nothing else (``bot.views.markup``). Telegram takes it as HTML; a channel
without formatting renders it as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.views.choices import Markup


@dataclass(frozen=True, slots=True)
class Upload:
    """A file made when it is sent (a chart): ``make`` may take a while, so the sender runs it
    off the event loop."""

    filename: str
    make: Callable[[], bytes]


class MediaKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class Media:
    """A file a person sent, passed on by the platform's own reference (never downloaded)."""

    kind: MediaKind
    ref: str

    @classmethod
    def parse(cls, stored: str) -> Media:
        """From the ``<kind>:<ref>`` form kept with a report or a message."""
        kind, ref = stored.split(":", 1)
        return cls(MediaKind(kind), ref)


@dataclass(frozen=True, slots=True)
class MessageOut:
    text: str
    markup: Markup = None
    media: Media | None = None  # text is its caption
    photo: Upload | None = None  # a picture to upload: text is its caption
    edit: Edit | None = None  # bring a message already sent up to date, instead of a new one


@dataclass(frozen=True, slots=True)
class Edit:
    """Which message an update replaces in place, and whether its text is a caption (under a
    picture or a file). A channel that cannot edit sends the text as a new message."""

    message_id: int
    caption: bool = False


@dataclass(frozen=True, slots=True)
class Parts:
    """Messages that go out one after the other; a crash resumes after the last one sent."""

    messages: Sequence[MessageOut]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class MenuOut:
    """Not a message: the chat's command menu (empty: back to the default menu)."""

    commands: list[Command]


Outgoing = MessageOut | Parts | MenuOut
