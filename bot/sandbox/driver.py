"""Playing users against the simulator, the way people use the bot.

``person = Person(sim, 1001, "An", "Nguyễn")`` then ``await person.open_link(url)``,
``await person.say("Nguyễn Văn An")``, ``await person.press("Đồng ý")``,
``await person.share_contact()``, ``reply = await person.next_message()``.
Waiting is always on the simulator's records, with a timeout; never a sleep.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from bot.sandbox.server import BotApiSimulator, BotMessage, SimUser

DEFAULT_TIMEOUT = 10.0


class NoSuchButton(AssertionError):
    pass


class Person:
    """One simulated Telegram user in a private chat with the bot."""

    def __init__(
        self,
        sim: BotApiSimulator,
        user_id: int,
        first_name: str,
        last_name: str = "",
        *,
        phone: str | None = None,
        username: str | None = None,
    ) -> None:
        self.sim = sim
        self.user: SimUser = sim.users.get(user_id) or sim.add_user(
            user_id, first_name, last_name, username=username, phone=phone
        )
        self.id = user_id
        self._seen = 0  # how many of the bot's messages to this chat were read
        self._pressed: BotMessage | None = None  # the message whose button was pressed last

    @property
    def name(self) -> str:
        return self.user.full_name

    # ---- acting ----------------------------------------------------------------------------

    async def say(self, text: str) -> int:
        """Type and send ``text`` (a command if it starts with a slash)."""
        return self.sim.user_message(self.id, self.sim.text_content(text))

    async def command(self, name: str, *args: str) -> int:
        return await self.say(" ".join([f"/{name}", *args]))

    async def open_link(self, url: str) -> int:
        """Open a ``t.me/<bot>?start=<code>`` link: Telegram sends ``/start <code>``."""
        code = parse_qs(urlparse(url).query)["start"][0]
        return await self.say(f"/start {code}")

    async def tap(self, label: str) -> int:
        """Tap a reply-keyboard button: Telegram sends its label as text."""
        keyboard = self.current_keyboard()
        if label not in [button["text"] for button in keyboard]:
            raise NoSuchButton(f"no keyboard button {label!r}; have {keyboard}")
        return await self.say(label)

    async def press(self, label: str, *, message: BotMessage | None = None) -> str:
        """Press the inline button labelled ``label`` on ``message`` (default: the newest
        message to this chat that has such a button). Returns the callback query id."""
        target = message or self.find_button_message(label)
        button = next((b for b in target.buttons() if b["text"] == label), None)
        if button is None:
            raise NoSuchButton(f"no button {label!r} on {target.body!r}")
        self._pressed = target
        return self.sim.press(self.id, target, button["callback_data"])

    async def press_data(self, data: str, *, message: BotMessage | None = None) -> str:
        """Send a callback with arbitrary data: a forged or stale button."""
        target = message or self.messages()[-1]
        return self.sim.press(self.id, target, data)

    async def share_contact(self, phone: str | None = None, *, own: bool = True) -> int:
        number = phone or self.user.phone or "+84912345678"
        contact: dict[str, Any] = {"phone_number": number, "first_name": self.user.first_name}
        if own:
            contact["user_id"] = self.id
        return self.sim.user_message(self.id, {"contact": contact})

    async def share_location(self, latitude: float, longitude: float) -> int:
        return self.sim.user_message(
            self.id, {"location": {"latitude": latitude, "longitude": longitude}}
        )

    async def send_photo(
        self, data: bytes = b"\x89PNG fake photo", caption: str | None = None
    ) -> int:
        stored = self.sim.store_file(data, name="photo.jpg", mime="image/jpeg", folder="photos")
        content: dict[str, Any] = {
            "photo": [
                {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.unique_id,
                    "width": 90,
                    "height": 90,
                    "file_size": len(data),
                },
            ]
        }
        if caption:
            content["caption"] = caption
        return self.sim.user_message(self.id, content)

    async def send_document(
        self, data: bytes, file_name: str, mime: str, *, size: int | None = None
    ) -> int:
        stored = self.sim.store_file(data, name=file_name, mime=mime)
        return self.sim.user_message(
            self.id,
            {
                "document": {
                    "file_id": stored.file_id,
                    "file_unique_id": stored.unique_id,
                    "file_name": file_name,
                    "mime_type": mime,
                    "file_size": size or len(data),
                }
            },
        )

    async def send_sticker(self) -> int:
        return self.sim.user_message(
            self.id,
            {
                "sticker": {
                    "file_id": "STICKER" + "x" * 20,
                    "file_unique_id": "S1",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": "👍",
                }
            },
        )

    async def say_in_group(self, group_id: int, text: str) -> int:
        return self.sim.user_message(self.id, self.sim.text_content(text), chat_id=group_id)

    async def edit(self, text: str) -> int:
        """Edit an earlier message of theirs (Telegram sends an ``edited_message``)."""
        return self.sim.user_message(self.id, self.sim.text_content(text), edited=True)

    async def reply_to(self, message: BotMessage, text: str) -> int:
        content = self.sim.text_content(text)
        content["reply_to_message"] = self.sim._message_json(message)
        return self.sim.user_message(self.id, content)

    async def block(self, *, tell_bot: bool = True) -> None:
        """Block the bot. Telegram usually tells the bot (``my_chat_member``); with
        ``tell_bot=False`` the bot only finds out from a 403 when it next writes."""
        self.sim.set_blocked(self.id, True, tell_bot=tell_bot)

    async def unblock(self) -> None:
        self.sim.set_blocked(self.id, False)

    # ---- reading ---------------------------------------------------------------------------

    def messages(self) -> list[BotMessage]:
        return self.sim.messages_to(self.id)

    def unread(self) -> list[BotMessage]:
        return self.messages()[self._seen :]

    def skip_unread(self) -> None:
        self._seen = len(self.messages())

    async def next_message(self, timeout: float = DEFAULT_TIMEOUT) -> BotMessage:
        """The next message from the bot to this person, waiting for it if needed."""
        index = self._seen
        try:
            await self.sim.wait_for(lambda: len(self.messages()) > index, timeout)
        except TimeoutError:
            raise AssertionError(
                f"{self.name} got no message within {timeout}s; last: "
                f"{[m.body for m in self.messages()[-2:]]}"
            ) from None
        self._seen = index + 1
        return self.messages()[index]

    async def expect(self, *fragments: str, timeout: float = DEFAULT_TIMEOUT) -> BotMessage:
        """The next message, which must contain every fragment."""
        message = await self.next_message(timeout)
        missing = [fragment for fragment in fragments if fragment not in message.body]
        if missing:
            raise AssertionError(f"{self.name} expected {missing} in {message.body!r}")
        return message

    async def expect_edit(
        self, *fragments: str, message: BotMessage | None = None, timeout: float = DEFAULT_TIMEOUT
    ) -> BotMessage:
        """``message`` (default: the one whose button was pressed last), once the bot has
        edited it to contain every fragment."""
        target = message or self._pressed
        if target is None:
            raise AssertionError(f"{self.name} pressed no button")
        try:
            await self.sim.wait_for(lambda: all(f in target.body for f in fragments), timeout)
        except TimeoutError:
            raise AssertionError(
                f"{self.name} expected {fragments} in the edited {target.body!r}"
            ) from None
        return target

    async def find(self, *fragments: str, timeout: float = DEFAULT_TIMEOUT) -> BotMessage:
        """The next message that contains every fragment, skipping others on the way."""
        start = self._seen

        def found() -> BotMessage | None:
            for message in self.messages()[start:]:
                if all(fragment in message.body for fragment in fragments):
                    return message
            return None

        try:
            await self.sim.wait_for(lambda: found() is not None, timeout)
        except TimeoutError:
            raise AssertionError(f"{self.name} got no message with {fragments}") from None
        message = found()
        assert message is not None
        self._seen = self.messages().index(message) + 1
        return message

    async def answer_to(self, query_id: str, timeout: float = DEFAULT_TIMEOUT) -> str:
        """The text the bot showed (as a toast or alert) when answering a button press."""
        await self.sim.wait_for(lambda: query_id in self.sim.callback_answers, timeout)
        return str(self.sim.callback_answers[query_id].get("text") or "")

    def find_button_message(self, label: str) -> BotMessage:
        for message in reversed(self.messages()):
            if any(button["text"] == label for button in message.buttons()):
                return message
        raise NoSuchButton(f"{self.name} has no message with a button {label!r}")

    def current_keyboard(self) -> list[dict[str, Any]]:
        """The reply keyboard the chat shows now (the last message that set or removed one)."""
        for message in reversed(self.messages()):
            markup = message.reply_markup or {}
            if "keyboard" in markup:
                return message.keyboard()
            if markup.get("remove_keyboard"):
                return []
        return []

    def commands(self) -> list[str]:
        """The command menu Telegram shows this person."""
        scoped = self.sim.commands_for({"type": "chat", "chat_id": self.id})
        chosen = (
            scoped
            or self.sim.commands_for({"type": "all_private_chats"})
            or self.sim.commands_for(None)
        )
        return [command["command"] for command in chosen]
