"""Messages the bot sends and edits, pressed buttons answered, command menus, chats: stored as
Telegram stores them (HTML parsed into text and entities) and refused as Telegram refuses them."""

from __future__ import annotations

import time
from typing import Any

from bot.sandbox.telegram.records import (
    JSON,
    ApiError,
    BotMessage,
    scope_key,
    to_int,
    utf16_len,
)
from bot.sandbox.telegram.state import SimState
from bot.sandbox.telegram_html import HtmlError, parse_html


class MessagesApi(SimState):
    def _parse(self, params: JSON, text: str | None) -> tuple[str | None, list[JSON]]:
        """Text as Telegram stores it: HTML parsed into plain text and entities."""
        if text is None:
            return None, []
        if params.get("parse_mode") == "HTML":
            try:
                return parse_html(text)
            except HtmlError as error:
                raise ApiError(400, str(error)) from None
        return text, list(params.get("entities") or [])

    def _store_message(self, params: JSON, **fields: Any) -> JSON:
        chat_id = self._recipient(params)
        text, entities = self._parse(params, fields.pop("text", None))
        if "caption" in fields:
            fields["caption"], caption_entities = self._parse(params, fields["caption"])
            entities = entities or caption_entities
        if text is not None and not 1 <= utf16_len(text.strip()) <= 4096:
            raise ApiError(
                400,
                "Bad Request: message text is empty"
                if not text.strip()
                else "Bad Request: message is too long",
            )
        message = BotMessage(
            chat_id=chat_id,
            message_id=self._next_message_id(chat_id),
            date=int(time.time()),
            text=text,
            reply_markup=params.get("reply_markup"),
            parse_mode=params.get("parse_mode"),
            disable_notification=bool(params.get("disable_notification", False)),
            sent_at=self._clock(),
            entities=entities,
            **fields,
        )
        self.messages.append(message)
        self._by_id[(chat_id, message.message_id)] = message
        return self._message_json(message)

    async def _api_sendMessage(self, params: JSON) -> JSON:
        return self._store_message(params, text=str(params.get("text", "")))

    async def _api_editMessageText(self, params: JSON) -> JSON:
        message = self._editable(params)
        text, entities = self._parse(params, str(params.get("text", "")))
        markup = params.get("reply_markup")
        if text == message.text and markup == message.reply_markup:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same",
            )
        message.text = text
        message.entities = entities
        message.reply_markup = markup
        message.edits += 1
        return self._message_json(message)

    async def _api_editMessageReplyMarkup(self, params: JSON) -> JSON:
        message = self._editable(params)
        markup = params.get("reply_markup")
        if markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.reply_markup = markup
        message.edits += 1
        return self._message_json(message)

    async def _api_editMessageCaption(self, params: JSON) -> JSON:
        message = self._editable(params)
        # As Telegram does: the caption is parsed like a text (parse_mode), and an edit that
        # changes nothing is refused.
        caption, entities = self._parse(params, str(params.get("caption", "")))
        markup = params.get("reply_markup")
        if caption == message.caption and markup == message.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified")
        message.caption = caption
        message.entities = entities
        message.reply_markup = markup
        message.edits += 1
        return self._message_json(message)

    def _editable(self, params: JSON) -> BotMessage:
        chat_id = self._recipient(params)
        message = self._by_id.get((chat_id, to_int(params.get("message_id"))))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        return message

    async def _api_deleteMessage(self, params: JSON) -> bool:
        chat_id = to_int(params.get("chat_id"))
        message = self._by_id.pop((chat_id, to_int(params.get("message_id"))), None)
        if message is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    async def _api_answerCallbackQuery(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id"))
        if query_id in self.callback_answers:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired "
                "or query ID is invalid",
            )
        self.callback_answers[query_id] = params
        return True

    async def _api_leaveChat(self, params: JSON) -> bool:
        self.left_chats.append(to_int(params.get("chat_id")))
        return True

    async def _api_getChat(self, params: JSON) -> JSON:
        chat_id = to_int(params.get("chat_id"))
        if chat_id not in self.users:
            raise ApiError(400, "Bad Request: chat not found")
        # TELEGRAM.md, pitfall 8: ChatFullInfo needs these fields.
        return self._chat_json(chat_id) | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
            },
        }

    async def _api_setMyCommands(self, params: JSON) -> bool:
        self.commands[scope_key(params.get("scope"))] = list(params.get("commands") or [])
        return True

    async def _api_deleteMyCommands(self, params: JSON) -> bool:
        self.commands.pop(scope_key(params.get("scope")), None)
        return True

    async def _api_getMyCommands(self, params: JSON) -> list[JSON]:
        return self.commands_for(params.get("scope"))

    async def _api_sendChatAction(self, params: JSON) -> bool:
        self._recipient(params)
        return True

    def commands_for(self, scope: JSON | None = None) -> list[JSON]:
        return self.commands.get(scope_key(scope), [])
