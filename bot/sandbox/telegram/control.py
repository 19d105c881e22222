"""The control side: a test or the demo plays users (messages, presses, blocking the bot, adding
it to a group) and reads what the bot did."""

from __future__ import annotations

import time

from bot.sandbox.telegram.files import FilesApi
from bot.sandbox.telegram.records import (
    JSON,
    BotMessage,
    Call,
    SimUser,
    utf16_len,
)


class UserControl(FilesApi):
    def add_user(
        self,
        user_id: int,
        first_name: str,
        last_name: str = "",
        *,
        username: str | None = None,
        phone: str | None = None,
    ) -> SimUser:
        user = SimUser(user_id, first_name, last_name, username, phone)
        self.users[user_id] = user
        return user

    def sent_before(self, chat_id: int, text: str, reply_markup: JSON | None = None) -> BotMessage:
        """A message the bot sent before this run (yesterday's question, say), there to be
        pressed and edited without the bot sending it now."""
        params: JSON = {"chat_id": chat_id}
        if reply_markup is not None:
            params["reply_markup"] = reply_markup
        self._store_message(params, text=text)
        return self.messages[-1]

    def user_message(
        self, user_id: int, content: JSON, *, chat_id: int | None = None, edited: bool = False
    ) -> int:
        """``user_id`` sends a message with ``content`` (text, contact, photo...)."""
        chat = chat_id if chat_id is not None else user_id
        message = {
            "message_id": self._next_message_id(chat),
            "from": self.users[user_id].as_json(),
            "chat": self._chat_json(chat),
            "date": int(time.time()),
            **content,
        }
        if edited:
            message["edit_date"] = int(time.time())
        return self.push_update({"edited_message" if edited else "message": message})

    def text_content(self, text: str) -> JSON:
        content: JSON = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(command)}
            ]
        return content

    def press(self, user_id: int, message: BotMessage, data: str) -> str:
        """``user_id`` presses an inline button carrying ``data`` under ``message``."""
        query_id = str(next(self._query_ids))
        self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.users[user_id].as_json(),
                    "chat_instance": f"ci{message.chat_id}",
                    "message": self._message_json(message),
                    "data": data,
                }
            }
        )
        return query_id

    def add_to_group(self, user_id: int, group_id: int) -> int:
        """``user_id`` adds the bot to group ``group_id`` (a negative id)."""
        bot_user = self._bot_user()
        return self.push_update(
            {
                "my_chat_member": {
                    "chat": self._chat_json(group_id),
                    "from": self.users[user_id].as_json(),
                    "date": int(time.time()),
                    "old_chat_member": {"status": "left", "user": bot_user},
                    "new_chat_member": {"status": "member", "user": bot_user},
                }
            }
        )

    def set_blocked(self, user_id: int, blocked: bool, *, tell_bot: bool = True) -> None:
        """The user blocks (or unblocks) the bot; Telegram tells the bot with my_chat_member."""
        user = self.users[user_id]
        user.blocked = blocked
        if not tell_bot:
            return
        bot_user = self._bot_user()
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        member_old: JSON = {"status": old, "user": bot_user}
        member_new: JSON = {"status": new, "user": bot_user}
        if blocked:
            member_new["until_date"] = 0
        else:
            member_old["until_date"] = 0
        self.push_update(
            {
                "my_chat_member": {
                    "chat": self._chat_json(user_id),
                    "from": user.as_json(),
                    "date": int(time.time()),
                    "old_chat_member": member_old,
                    "new_chat_member": member_new,
                }
            }
        )

    def messages_to(self, chat_id: int) -> list[BotMessage]:
        return [m for m in self.messages if m.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> BotMessage | None:
        return self._by_id.get((chat_id, message_id))

    def calls_of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]
