"""What answers one question of a form, by the question's kind: typed text, a shared contact, a
button, toggles and «Done», a photo or a file, «Skip»; and, last, anything else (a sticker where
a date is asked), which gets a hint and the same question again."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler, MessageHandler, filters

from bot.channels.telegram.render import inline_only
from bot.core.kernel.errors import InvalidInput
from bot.core.kernel.forms import Field, FieldKind
from bot.core.kernel.validation import parse_shared_phone
from bot.handlers.buttons import answer_button, args_of, close_buttons
from bot.handlers.common import NEW_MESSAGE, guarded
from bot.handlers.context import Ctx
from bot.i18n import N_, _, html_text, plain
from bot.views.actions import Act
from bot.views.choices import Choices
from bot.views.common import error_text
from bot.views.forms import wrong_kind_hint

if TYPE_CHECKING:  # the flow builds its states from these handlers
    from bot.handlers.forms import FormFlow

StateCallback = Callable[[Update, Ctx], Coroutine[Any, Any, object]]


def field_handlers(flow: FormFlow, field: Field) -> list[BaseHandler[Update, Ctx, Any]]:
    """What answers a question of ``field``'s kind, and last what answers anything else."""
    handlers: list[BaseHandler[Update, Ctx, Any]] = []
    if field.kind in (FieldKind.TEXT, FieldKind.PHONE, FieldKind.FILE_OR_TEXT):
        handlers.append(
            MessageHandler(NEW_MESSAGE & filters.TEXT & ~filters.COMMAND, _text_for(flow, field))
        )
    if field.kind is FieldKind.PHONE:
        handlers.append(MessageHandler(NEW_MESSAGE & filters.CONTACT, _contact_for(flow, field)))
    prefix = f"^{Act.FORM.value}:{flow.form.name}:{field.key}:"
    if field.kind is FieldKind.CHOICE:
        handlers.append(CallbackQueryHandler(_choice_for(flow, field), pattern=prefix))
    if field.kind is FieldKind.MULTI:
        handlers.append(
            CallbackQueryHandler(
                _toggle_for(flow, field),
                pattern=f"^{Act.FORM_TOGGLE.value}:{flow.form.name}:{field.key}:",
            )
        )
        handlers.append(
            CallbackQueryHandler(
                _done_for(flow, field),
                pattern=f"^{Act.FORM_DONE.value}:{flow.form.name}:{field.key}$",
            )
        )
    if field.kind in (FieldKind.FILE, FieldKind.FILE_OR_TEXT):
        handlers.append(
            MessageHandler(
                NEW_MESSAGE & (filters.PHOTO | filters.Document.ALL), _file_for(flow, field)
            )
        )
    if field.optional:
        handlers.append(
            CallbackQueryHandler(
                _skip_for(flow, field),
                pattern=f"^{Act.FORM_SKIP.value}:{flow.form.name}:{field.key}$",
            )
        )
    # Anything else (a sticker, a photo, text where a button is expected): explain and ask
    # again.
    handlers.append(MessageHandler(NEW_MESSAGE & ~filters.COMMAND, _wrong_kind_for(flow, field)))
    return handlers


def _text_for(flow: FormFlow, field: Field) -> StateCallback:
    @guarded
    async def on_text(update: Update, ctx: Ctx) -> object:
        assert update.message is not None
        assert update.message.text is not None
        text = update.message.text
        if field.kind is FieldKind.FILE_OR_TEXT:
            text = "text|" + text  # the parser tells typed text from a file
        return await flow.accept(update, ctx, field, text)

    return on_text


def _contact_for(flow: FormFlow, field: Field) -> StateCallback:
    @guarded
    async def on_contact(update: Update, ctx: Ctx) -> object:
        assert update.message is not None and update.message.contact is not None
        contact = update.message.contact
        user = update.effective_user
        own = user is not None and contact.user_id == user.id
        draft = flow.draft(ctx)
        if draft.get("at") != field.key:
            return None
        try:
            value = parse_shared_phone(contact.phone_number, own=own)
        except InvalidInput as error:
            await flow.ask(update, ctx, field, error_text(error))
            return None
        draft["answers"] = flow.form.answer(draft["answers"], field.key, value)
        return await flow.advance(update, ctx)

    return on_contact


def _choice_for(flow: FormFlow, field: Field) -> StateCallback:
    @guarded
    async def on_choice(update: Update, ctx: Ctx) -> object:
        _form, _field, value = args_of(update, Act.FORM, str, str, str)
        if flow.draft(ctx).get("at") != field.key:
            await answer_button(update)
            return None
        label = next((c.label for c in flow.choices(ctx, field) if c.value == value), value)
        await close_buttons(update, html_text(N_("➡️ {choice}"), choice=_(label)))
        return await flow.accept(update, ctx, field, value)

    return on_choice


def _toggle_for(flow: FormFlow, field: Field) -> StateCallback:
    @guarded
    async def on_toggle(update: Update, ctx: Ctx) -> object:
        _form, _field, value = args_of(update, Act.FORM_TOGGLE, str, str, str)
        if flow.draft(ctx).get("at") != field.key or value not in {
            c.value for c in flow.choices(ctx, field)
        }:
            await answer_button(update)
            return None
        selected = flow.selected(ctx, field)
        selected = [v for v in selected if v != value] if value in selected else [*selected, value]
        flow.draft(ctx)["selected"][field.key] = selected
        await answer_button(update)
        query = update.callback_query
        assert query is not None
        markup = flow.markup(field, ctx)
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(
                inline_only(markup if isinstance(markup, Choices) else None)
            )
        return None

    return on_toggle


def _done_for(flow: FormFlow, field: Field) -> StateCallback:
    @guarded
    async def on_done(update: Update, ctx: Ctx) -> object:
        if flow.draft(ctx).get("at") != field.key:
            await answer_button(update)
            return None
        chosen = flow.selected(ctx, field)
        labels = {c.value: plain(c.label) for c in flow.choices(ctx, field)}
        await close_buttons(
            update,
            html_text(
                N_("➡️ {choice}"),
                choice=", ".join(labels.get(value, value) for value in sorted(chosen)),
            ),
        )
        return await flow.accept(update, ctx, field, ",".join(chosen))

    return on_done


def _file_for(flow: FormFlow, field: Field) -> StateCallback:
    @guarded
    async def on_file(update: Update, ctx: Ctx) -> object:
        message = update.message
        assert message is not None
        if message.photo:
            photo = message.photo[-1]  # the largest size
            raw = f"photo|{photo.file_id}|image/jpeg|{photo.file_size or 0}"
        else:
            document = message.document
            assert document is not None
            raw = (
                f"document|{document.file_id}|{document.mime_type or ''}|{document.file_size or 0}"
            )
        return await flow.accept(update, ctx, field, raw)

    return on_file


def _skip_for(flow: FormFlow, field: Field) -> StateCallback:
    @guarded
    async def on_skip(update: Update, ctx: Ctx) -> object:
        draft = flow.draft(ctx)
        if draft.get("at") != field.key:
            await answer_button(update)
            return None
        await close_buttons(update, html_text(N_("➡️ Skipped")))
        draft["answers"] = flow.form.answer(draft["answers"], field.key, "")
        return await flow.advance(update, ctx)

    return on_skip


def _wrong_kind_for(flow: FormFlow, field: Field) -> StateCallback:
    async def on_wrong(update: Update, ctx: Ctx) -> object:
        await flow.ask(update, ctx, field, wrong_kind_hint(field))
        return None

    return on_wrong
