"""What the demo prints: people's actions and the bot's messages, in order, in Vietnamese.

A chapter chooses whom it follows; what the bot sends others meanwhile is counted and told in
one line, so the story stays short without hiding that it happened.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager

from bot.i18n import N_, plain
from bot.sandbox.driver import Person
from bot.sandbox.harness import Harness
from bot.sandbox.server import BotMessage

_TAG = re.compile(r"<[^>]+>")


def _plain_html(text: str) -> str:
    return html.unescape(_TAG.sub("", text))


class Transcript:
    """Prints what people do and what the bot sends them, in order."""

    def __init__(self, h: Harness, *, slow: bool = False) -> None:
        self.h = h
        self.slow = slow
        self.printing = True  # off while a chapter the reader did not ask for is played
        self.lines = 0
        self._read = 0  # how many of the simulator's messages were shown or counted
        self._bodies: dict[tuple[int, int], str] = {}  # each message's text when last shown
        self._following: Collection[int] | None = None  # chats shown; None: everyone
        self._unshown = 0  # messages to people the chapter does not follow

    @contextmanager
    def quietly(self) -> Iterator[None]:
        """Play without printing; what the bot sends meanwhile is counted as not shown."""
        printing, self.printing = self.printing, False
        try:
            yield
        finally:
            self.printing = printing

    def follow(self, *people: Person) -> None:
        """Show only what the bot sends to ``people`` (nobody named: everyone)."""
        self._following = {person.id for person in people} if people else None

    def heading(self, text: str) -> None:
        self._emit("")
        self._emit(f"━━ {text} ━━")
        self._pause(1.0)

    def note(self, text: str) -> None:
        self._emit(f"   {text}")

    def act(self, person: Person, description: str) -> None:
        self._emit(f"\n👤 {person.name}: {description}")
        self._pause(0.4)

    async def show(self) -> None:
        """Wait until the bot has answered everything, then print what it sent."""
        await self.h.settle()
        names = {user.id: user.full_name for user in self.h.sim.users.values()}
        messages = self.h.sim.messages
        for message in messages[: self._read]:
            key = (message.chat_id, message.message_id)
            before = self._bodies.get(key, "")
            if message.body != before and self._shows(message):
                # An edit: only its new lines, the rest was printed already.
                old = set(before.splitlines())
                added = [line for line in message.body.splitlines() if line not in old]
                head = plain(
                    N_("✏️ The bot edits its message to {name}:"), name=names[message.chat_id]
                )
                self._lines(head, "\n".join(added).strip("\n"), message)
            self._bodies[key] = message.body
        for message in messages[self._read :]:
            self._bodies[(message.chat_id, message.message_id)] = message.body
            if self._shows(message):
                self._message(names.get(message.chat_id, str(message.chat_id)), message)
            else:
                self._unshown += 1
        self._read = len(messages)

    async def pass_over(self) -> int:
        """Count what the bot sent since the last look without printing it."""
        await self.h.settle()
        for message in self.h.sim.messages:
            self._bodies[(message.chat_id, message.message_id)] = message.body
        unshown = self._unshown + len(self.h.sim.messages) - self._read
        self._read = len(self.h.sim.messages)
        self._unshown = 0
        return unshown

    def _shows(self, message: BotMessage) -> bool:
        following = self._following is None or message.chat_id in self._following
        return self.printing and following

    def _message(self, name: str, message: BotMessage) -> None:
        head = plain(N_("🤖 Bot → {name}:"), name=name)
        if message.kind == "document":
            head += " " + plain(N_("[file {name}]"), name=message.file_name or "")
        elif message.kind == "photo":
            head += " " + plain(N_("[picture]"))
        self._lines(head, message.body, message)

    def _lines(self, head: str, body: str, message: BotMessage) -> None:
        self._emit(f"   {head}")
        for line in _plain_html(body).splitlines():
            self._emit(f"      {line}" if line else "")
        for button in message.buttons():
            self._emit(f"      [ {button['text']} ]")
        for button in message.keyboard():
            self._emit(f"      ⌨ {button['text']}")

    def _emit(self, line: str) -> None:
        if not self.printing:
            return
        print(line, flush=self.slow)
        self.lines += 1
        self._pause(0.05)

    def _pause(self, seconds: float) -> None:
        # --slow: at reading speed. Blocking is fine: nothing else runs while the reader reads.
        if self.slow and self.printing:
            time.sleep(seconds)
