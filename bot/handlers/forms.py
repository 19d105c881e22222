"""Running a core ``Form`` as a python-telegram-bot conversation.

One conversation state per question, plus a summary with «Confirm» / «Change a field». The
answers so far live in ``user_data`` and the state in the conversation, both kept by the
application's persistence, so a form left half-way is found again after a restart. Every answer
is checked by the field's parser before it is kept; a wrong one gets the parser's explanation and
the same question again. Nothing reaches the core's tables until «Confirm».
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import (
    InlineKeyboardButton,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot.core.access import Action
from bot.core.errors import DomainError, InvalidInput
from bot.core.forms import Choice, Context, Field, FieldKind, Form
from bot.core.validation import parse_shared_phone
from bot.handlers.common import (
    Markup,
    actor_of,
    answer_button,
    args_of,
    close_buttons,
    guarded,
    menu_keyboard,
    send,
)
from bot.handlers.context import Ctx
from bot.i18n import N_, _, html_text, plain
from bot.views.common import error_text
from bot.views.forms import summary_text
from bot.views.keyboards import Cb, button, inline, pattern
from bot.views.menus import label_for

SUMMARY = "summary"
EDIT = "edit"
END = ConversationHandler.END
PRIVATE = filters.ChatType.PRIVATE
# Edits of earlier messages are not answers to the current question.
NEW_MESSAGE = filters.UpdateType.MESSAGE & PRIVATE

StateCallback = Callable[[Update, Ctx], Coroutine[Any, Any, object]]
Preview = Callable[[Update, Ctx, dict[str, str]], Coroutine[Any, Any, str]]
Complete = Callable[[Update, Ctx, dict[str, str], dict[str, Any]], Coroutine[Any, Any, object]]


class FormFlow:
    """The chat side of one form."""

    def __init__(
        self, form: Form, *, on_complete: Complete, title: str, summary: bool = True
    ) -> None:
        self.form = form
        self.title = title  # msgid shown above the summary
        self._on_complete = on_complete
        # Short forms (a note, a message) end with the last answer instead of a summary.
        self._summary = summary
        # States before the first question (consent, for example) and how to ask them again.
        # Shown instead of the list of answers before «Confirm» (a broadcast as members see it).
        self.preview: Preview | None = None
        self.preambles: dict[
            str, Callable[[Update, Ctx, str | None], Coroutine[Any, Any, str]]
        ] = {}

    # ---- the draft in user_data ------------------------------------------------------------

    def draft(self, ctx: Ctx) -> dict[str, Any]:
        forms = ctx.user_data.setdefault("forms", {}) if ctx.user_data is not None else {}
        draft: dict[str, Any] = forms.setdefault(
            self.form.name, {"answers": {}, "extra": {}, "at": None}
        )
        return draft

    def clear(self, ctx: Ctx) -> None:
        if ctx.user_data is not None:
            ctx.user_data.get("forms", {}).pop(self.form.name, None)
            if not ctx.user_data.get("forms"):
                ctx.user_data.pop("forms", None)

    def _today(self, ctx: Ctx) -> Any:
        return ctx.services.clock.now().astimezone(ctx.services.zone).date()

    # ---- moving through the form -----------------------------------------------------------

    async def begin(
        self,
        update: Update,
        ctx: Ctx,
        *,
        extra: dict[str, Any] | None = None,
        answers: dict[str, str] | None = None,
        intro: str | None = None,
    ) -> object:
        """Start (or restart) the form; returns the conversation state."""
        self.clear(ctx)
        draft = self.draft(ctx)
        draft["extra"] = dict(extra or {})
        draft["answers"] = dict(answers or {})
        return await self._advance(update, ctx, intro)

    async def _advance(self, update: Update, ctx: Ctx, prefix: str | None = None) -> object:
        draft = self.draft(ctx)
        question = self.form.next_question(draft["answers"])
        if question is None and not self._summary:
            return await self._finish(update, ctx)
        if question is None:
            draft["at"] = SUMMARY
            await self._show_summary(update, ctx, prefix)
            return SUMMARY
        draft["at"] = question.key
        await self._ask(update, ctx, question, prefix)
        return question.key

    async def _ask(
        self, update: Update, ctx: Ctx, field: Field, prefix: str | None = None
    ) -> None:
        text = html_text(field.prompt)
        if prefix:
            text = f"{prefix}\n\n{text}"
        await send(update, ctx, text, self._markup(field, ctx))

    def choices(self, ctx: Ctx, field: Field) -> tuple[Choice, ...]:
        """The field's own choices, or the ones this person was offered (their months)."""
        if field.choices:
            return field.choices
        offered = self.draft(ctx)["extra"].get(f"choices:{field.key}", [])
        return tuple(Choice(str(value), str(label)) for value, label in offered)

    def _selected(self, ctx: Ctx, field: Field) -> list[str]:
        draft = self.draft(ctx)
        selected = draft.setdefault("selected", {})
        if field.key not in selected:
            selected[field.key] = list(draft["extra"].get(f"preselect:{field.key}", []))
        return list(selected[field.key])

    def _markup(self, field: Field, ctx: Ctx) -> Markup:
        name = self.form.name
        if field.kind is FieldKind.PHONE:
            return ReplyKeyboardMarkup(
                [[KeyboardButton(plain(N_("📱 Share my number")), request_contact=True)]],
                resize_keyboard=True,
                one_time_keyboard=True,
            )
        rows: list[list[InlineKeyboardButton]] = []
        if field.kind is FieldKind.CHOICE:
            rows = [
                [button(plain(c.label), Cb.FORM, name, field.key, c.value)]
                for c in self.choices(ctx, field)
            ]
        if field.kind is FieldKind.MULTI:
            selected = self._selected(ctx, field)
            toggles = [
                button(
                    ("☑ " if c.value in selected else "☐ ") + plain(c.label),
                    Cb.FORM_TOGGLE,
                    name,
                    field.key,
                    c.value,
                )
                for c in self.choices(ctx, field)
            ]
            rows = [toggles[i : i + 3] for i in range(0, len(toggles), 3)]
            rows.append([button(plain(N_("✅ Done")), Cb.FORM_DONE, name, field.key)])
        if field.optional:
            rows.append([button(plain(N_("Skip this question")), Cb.FORM_SKIP, name, field.key)])
        if rows:
            return inline(rows)
        # A plain question: put away any keyboard left from before (the menu, the contact).
        return ReplyKeyboardRemove()

    async def _show_summary(self, update: Update, ctx: Ctx, prefix: str | None) -> None:
        answers = self.draft(ctx)["answers"]
        if self.preview is not None:
            text = await self.preview(update, ctx, answers)
        else:
            text = summary_text(
                self.form, self.title, answers, lambda field: self.choices(ctx, field)
            )
        if prefix:
            text = f"{prefix}\n\n{text}"
        name = self.form.name
        await send(
            update,
            ctx,
            text,
            inline(
                [
                    [button(plain(N_("✅ Confirm")), Cb.FORM_CONFIRM, name)],
                    [button(plain(N_("✏️ Change a field")), Cb.FORM_CHANGE, name)],
                ]
            ),
        )

    async def _accept(self, update: Update, ctx: Ctx, field: Field, raw: str) -> object:
        draft = self.draft(ctx)
        if draft.get("at") != field.key:
            return None
        try:
            value = field.accept(
                raw, Context(draft["answers"], self._today(ctx)), self.choices(ctx, field)
            )
        except InvalidInput as error:
            await self._ask(update, ctx, field, error_text(error))
            return None
        draft["answers"] = self.form.answer(draft["answers"], field.key, value)
        return await self._advance(update, ctx)

    async def reask(self, update: Update, ctx: Ctx, prefix: str | None = None) -> object:
        """Show the current question again (after /start, a command, a wrong kind of message)."""
        at = self.draft(ctx).get("at")
        if at in self.preambles:
            return await self.preambles[at](update, ctx, prefix)
        if at in (SUMMARY, EDIT):
            await self._show_summary(update, ctx, prefix)
            return SUMMARY
        field = self.form.field(str(at))
        if field is None:
            return await self._advance(update, ctx, prefix)
        await self._ask(update, ctx, field, prefix)
        return field.key

    # ---- handlers --------------------------------------------------------------------------

    def states(self) -> dict[object, list[BaseHandler[Update, Ctx, Any]]]:
        states: dict[object, list[BaseHandler[Update, Ctx, Any]]] = {
            field.key: self._field_handlers(field) for field in self.form.fields
        }
        states[SUMMARY] = [
            CallbackQueryHandler(guarded(self._on_confirm), pattern=pattern(Cb.FORM_CONFIRM)),
            CallbackQueryHandler(guarded(self._on_change), pattern=pattern(Cb.FORM_CHANGE)),
            MessageHandler(NEW_MESSAGE & ~filters.COMMAND, guarded(self._use_buttons)),
        ]
        states[EDIT] = [
            CallbackQueryHandler(guarded(self._on_pick), pattern=pattern(Cb.FORM_EDIT)),
            CallbackQueryHandler(guarded(self._on_confirm), pattern=pattern(Cb.FORM_CONFIRM)),
            MessageHandler(NEW_MESSAGE & ~filters.COMMAND, guarded(self._use_buttons)),
        ]
        return states

    def _field_handlers(self, field: Field) -> list[BaseHandler[Update, Ctx, Any]]:
        handlers: list[BaseHandler[Update, Ctx, Any]] = []
        if field.kind in (FieldKind.TEXT, FieldKind.PHONE, FieldKind.FILE_OR_TEXT):
            handlers.append(
                MessageHandler(
                    NEW_MESSAGE & filters.TEXT & ~filters.COMMAND, self._text_for(field)
                )
            )
        if field.kind is FieldKind.PHONE:
            handlers.append(
                MessageHandler(NEW_MESSAGE & filters.CONTACT, self._contact_for(field))
            )
        prefix = f"^{Cb.FORM.value}:{self.form.name}:{field.key}:"
        if field.kind is FieldKind.CHOICE:
            handlers.append(CallbackQueryHandler(self._choice_for(field), pattern=prefix))
        if field.kind is FieldKind.MULTI:
            handlers.append(
                CallbackQueryHandler(
                    self._toggle_for(field),
                    pattern=f"^{Cb.FORM_TOGGLE.value}:{self.form.name}:{field.key}:",
                )
            )
            handlers.append(
                CallbackQueryHandler(
                    self._done_for(field),
                    pattern=f"^{Cb.FORM_DONE.value}:{self.form.name}:{field.key}$",
                )
            )
        if field.kind in (FieldKind.FILE, FieldKind.FILE_OR_TEXT):
            handlers.append(
                MessageHandler(
                    NEW_MESSAGE & (filters.PHOTO | filters.Document.ALL), self._file_for(field)
                )
            )
        if field.optional:
            handlers.append(
                CallbackQueryHandler(
                    self._skip_for(field),
                    pattern=f"^{Cb.FORM_SKIP.value}:{self.form.name}:{field.key}$",
                )
            )
        # Anything else (a sticker, a photo, text where a button is expected): explain and ask
        # again.
        handlers.append(
            MessageHandler(NEW_MESSAGE & ~filters.COMMAND, self._wrong_kind_for(field))
        )
        return handlers

    def _text_for(self, field: Field) -> StateCallback:
        @guarded
        async def on_text(update: Update, ctx: Ctx) -> object:
            assert update.message is not None
            assert update.message.text is not None
            text = update.message.text
            if field.kind is FieldKind.FILE_OR_TEXT:
                text = "text|" + text  # the parser tells typed text from a file
            return await self._accept(update, ctx, field, text)

        return on_text

    def _contact_for(self, field: Field) -> StateCallback:
        @guarded
        async def on_contact(update: Update, ctx: Ctx) -> object:
            assert update.message is not None and update.message.contact is not None
            contact = update.message.contact
            user = update.effective_user
            own = user is not None and contact.user_id == user.id
            draft = self.draft(ctx)
            if draft.get("at") != field.key:
                return None
            try:
                value = parse_shared_phone(contact.phone_number, own=own)
            except InvalidInput as error:
                await self._ask(update, ctx, field, error_text(error))
                return None
            draft["answers"] = self.form.answer(draft["answers"], field.key, value)
            return await self._advance(update, ctx)

        return on_contact

    def _choice_for(self, field: Field) -> StateCallback:
        @guarded
        async def on_choice(update: Update, ctx: Ctx) -> object:
            _form, _field, value = args_of(update, Cb.FORM, str, str, str)
            if self.draft(ctx).get("at") != field.key:
                await answer_button(update)
                return None
            label = next((c.label for c in self.choices(ctx, field) if c.value == value), value)
            await close_buttons(update, html_text(N_("➡️ {choice}"), choice=_(label)))
            return await self._accept(update, ctx, field, value)

        return on_choice

    def _toggle_for(self, field: Field) -> StateCallback:
        @guarded
        async def on_toggle(update: Update, ctx: Ctx) -> object:
            _form, _field, value = args_of(update, Cb.FORM_TOGGLE, str, str, str)
            if self.draft(ctx).get("at") != field.key or value not in {
                c.value for c in self.choices(ctx, field)
            }:
                await answer_button(update)
                return None
            selected = self._selected(ctx, field)
            selected = (
                [v for v in selected if v != value] if value in selected else [*selected, value]
            )
            self.draft(ctx)["selected"][field.key] = selected
            await answer_button(update)
            query = update.callback_query
            assert query is not None
            with contextlib.suppress(BadRequest):
                await query.edit_message_reply_markup(self._markup(field, ctx))  # type: ignore[arg-type]
            return None

        return on_toggle

    def _done_for(self, field: Field) -> StateCallback:
        @guarded
        async def on_done(update: Update, ctx: Ctx) -> object:
            if self.draft(ctx).get("at") != field.key:
                await answer_button(update)
                return None
            chosen = self._selected(ctx, field)
            labels = {c.value: plain(c.label) for c in self.choices(ctx, field)}
            await close_buttons(
                update,
                html_text(
                    N_("➡️ {choice}"),
                    choice=", ".join(labels.get(value, value) for value in sorted(chosen)),
                ),
            )
            return await self._accept(update, ctx, field, ",".join(chosen))

        return on_done

    def _file_for(self, field: Field) -> StateCallback:
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
                    f"document|{document.file_id}|{document.mime_type or ''}|"
                    f"{document.file_size or 0}"
                )
            return await self._accept(update, ctx, field, raw)

        return on_file

    def _skip_for(self, field: Field) -> StateCallback:
        @guarded
        async def on_skip(update: Update, ctx: Ctx) -> object:
            draft = self.draft(ctx)
            if draft.get("at") != field.key:
                await answer_button(update)
                return None
            await close_buttons(update, html_text(N_("➡️ Skipped")))
            draft["answers"] = self.form.answer(draft["answers"], field.key, "")
            return await self._advance(update, ctx)

        return on_skip

    def _wrong_kind_for(self, field: Field) -> StateCallback:
        async def on_wrong(update: Update, ctx: Ctx) -> object:
            if field.kind in (FieldKind.CHOICE, FieldKind.MULTI):
                hint = html_text(N_("Please choose one of the buttons."))
            elif field.kind is FieldKind.FILE:
                hint = html_text(N_("Please send a photo or a PDF file."))
            elif field.kind is FieldKind.FILE_OR_TEXT:
                hint = html_text(
                    N_("Please send a photo, a PDF or a Word file, or type the text.")
                )
            else:
                hint = html_text(N_("Please answer this question with text."))
            await self._ask(update, ctx, field, hint)
            return None

        return on_wrong

    async def _use_buttons(self, update: Update, ctx: Ctx) -> None:
        await self._show_summary(update, ctx, html_text(N_("Please use the buttons below.")))

    async def _on_change(self, update: Update, ctx: Ctx) -> str:
        await close_buttons(update)
        draft = self.draft(ctx)
        draft["at"] = EDIT
        fields = self.form.asked(draft["answers"])
        name = self.form.name
        rows = [[button(plain(f.label), Cb.FORM_EDIT, name, f.key)] for f in fields]
        rows.append([button(plain(N_("✅ Nothing to change, confirm")), Cb.FORM_CONFIRM, name)])
        await send(update, ctx, html_text(N_("Which field do you want to change?")), inline(rows))
        return EDIT

    async def _on_pick(self, update: Update, ctx: Ctx) -> object:
        _form, key = args_of(update, Cb.FORM_EDIT, str, str)
        field = self.form.field(key)
        if field is None or field not in self.form.asked(self.draft(ctx)["answers"]):
            raise DomainError(N_("This button is no longer valid."))
        await close_buttons(update)
        self.draft(ctx)["at"] = field.key
        await self._ask(update, ctx, field)
        return field.key

    async def _on_confirm(self, update: Update, ctx: Ctx) -> object:
        await close_buttons(update)
        return await self._finish(update, ctx)

    async def _finish(self, update: Update, ctx: Ctx) -> Any:
        draft = self.draft(ctx)
        answers = dict(draft["answers"])
        extra = dict(draft["extra"])
        try:
            state = await self._on_complete(update, ctx, answers, extra)
        except InvalidInput as error:
            # The core disagreed with a whole-form check: let the user change a field.
            draft["at"] = SUMMARY
            await self._show_summary(update, ctx, error_text(error))
            return SUMMARY
        except DomainError as error:
            self.clear(ctx)
            actor = await actor_of(update, ctx)
            await send(update, ctx, error_text(error), menu_keyboard(actor))
            return END
        if state is END or state is None:
            self.clear(ctx)
            return END
        return state

    # ---- the conversation ------------------------------------------------------------------

    def started_by(self, command: str, action: Action) -> list[BaseHandler[Update, Ctx, Any]]:
        """Entry points: ``/command`` or its keyboard button starts the form, for those whose
        role allows ``action``."""

        @guarded
        async def start(update: Update, ctx: Ctx) -> object:
            actor = await actor_of(update, ctx)
            actor.require(action)
            return await self.begin(update, ctx)

        return [
            CommandHandler(command, start, filters=PRIVATE),
            MessageHandler(PRIVATE & filters.Text([label_for(command)]), start),
        ]

    async def cancel(self, update: Update, ctx: Ctx) -> int:
        self.clear(ctx)
        actor = await actor_of(update, ctx)
        await send(
            update,
            ctx,
            html_text(N_("Stopped. Nothing from this form was saved.")),
            menu_keyboard(actor),
        )
        return END

    async def _resume(self, update: Update, ctx: Ctx) -> object:
        return await self.reask(update, ctx, html_text(N_("Let us continue where you left off.")))

    async def _busy(self, update: Update, ctx: Ctx) -> object:
        return await self.reask(
            update,
            ctx,
            html_text(
                N_(
                    "You are in the middle of a form. Answer the question below, or send /cancel "
                    "to stop."
                )
            ),
        )

    def fallbacks(self) -> list[BaseHandler[Update, Ctx, Any]]:
        return [
            CommandHandler("cancel", self.cancel, filters=PRIVATE),
            CommandHandler("start", self._resume, filters=PRIVATE),
            MessageHandler(NEW_MESSAGE & filters.COMMAND, self._busy),
        ]

    def conversation(
        self,
        *,
        name: str,
        entry_points: list[BaseHandler[Update, Ctx, Any]],
        extra_states: dict[object, list[BaseHandler[Update, Ctx, Any]]] | None = None,
    ) -> ConversationHandler[Ctx]:
        states = self.states() | (extra_states or {})
        with warnings.catch_warnings():
            # Deliberate: the form is tracked per chat and user, not per message, so a button
            # of an earlier question still works when that question is asked again
            # (TELEGRAM.md, pitfall 9).
            warnings.filterwarnings("ignore", category=PTBUserWarning)
            return ConversationHandler(
                entry_points=entry_points,
                states=states,
                fallbacks=self.fallbacks(),
                name=name,
                persistent=True,
                per_chat=True,
                per_user=True,
                per_message=False,
            )
