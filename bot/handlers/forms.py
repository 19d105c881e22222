"""Running a core ``Form`` in chat, as the person's one dialog.

One state per question, plus a summary with «Confirm» / «Change a field». The state and the
answers so far are the person's dialog, a row in the database (``bot.handlers.dialogs`` loads it
before the handlers run, routes the update to the handlers of the state it is at, and saves it
after), so a form left half-way is found again after a restart, and starting another form
replaces it. Every answer is checked by the field's parser before it is kept; a wrong one gets
the parser's explanation and the same question again. Nothing reaches the core's tables until
«Confirm».
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, Final

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.channels.telegram.callbacks import pattern
from bot.core.kernel.access import Action
from bot.core.kernel.errors import DomainError, InvalidInput
from bot.core.kernel.forms import Choice, Context, Field, FieldKind, Form
from bot.handlers.buttons import answer_button, args_of, close_buttons
from bot.handlers.common import NEW_MESSAGE, PRIVATE, actor_of, guarded
from bot.handlers.context import Ctx
from bot.handlers.dialogs import FLOWS, Handlers, dialog_of
from bot.handlers.form_fields import field_handlers
from bot.handlers.replies import menu_keyboard, send, to_menu
from bot.i18n import N_, _, html_text
from bot.views.actions import Act
from bot.views.choices import Markup
from bot.views.common import error_text
from bot.views.forms import change_markup, question_markup, summary_markup, summary_text
from bot.views.menus import label_for

SUMMARY = "summary"
EDIT = "edit"
# What a handler returns when its dialog is over (the dialog itself is the truth).
END: Final = "end"

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
        self._extra_states: dict[object, Handlers] = {}

    # ---- the draft: the person's dialog ----------------------------------------------------

    def draft(self, ctx: Ctx) -> dict[str, Any]:
        """This form's answers so far; a new dialog (replacing another form's) if this form
        is not the one the person is in."""
        return dialog_of(ctx).draft(self.form.name)

    def clear(self, ctx: Ctx) -> None:
        dialog_of(ctx).end(self.form.name)

    def _today(self, ctx: Ctx) -> Any:
        return ctx.services.deps.today()

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
        """Start (or restart) the form; returns the conversation state. Another form the
        person was in the middle of is left, and the first line says so."""
        left = dialog_of(ctx).dialog
        self.clear(ctx)
        draft = self.draft(ctx)
        draft["extra"] = dict(extra or {})
        draft["answers"] = dict(answers or {})
        if left is not None and left.name != self.form.name and left.name in FLOWS:
            stopped = html_text(
                N_("Stopped the unfinished form «{title}»."), title=_(FLOWS[left.name].title)
            )
            intro = stopped if intro is None else f"{stopped}\n{intro}"
        return await self.advance(update, ctx, intro)

    async def advance(self, update: Update, ctx: Ctx, prefix: str | None = None) -> object:
        draft = self.draft(ctx)
        question = self.form.next_question(draft["answers"])
        if question is None and not self._summary:
            return await self._finish(update, ctx)
        if question is None:
            draft["at"] = SUMMARY
            await self._show_summary(update, ctx, prefix)
            return SUMMARY
        draft["at"] = question.key
        await self.ask(update, ctx, question, prefix)
        return question.key

    async def ask(self, update: Update, ctx: Ctx, field: Field, prefix: str | None = None) -> None:
        text = html_text(field.prompt)
        if prefix:
            text = f"{prefix}\n\n{text}"
        await send(update, ctx, text, self.markup(field, ctx))

    def choices(self, ctx: Ctx, field: Field) -> tuple[Choice, ...]:
        """The field's own choices, or the ones this person was offered (their months)."""
        if field.choices:
            return field.choices
        offered = self.draft(ctx)["extra"].get(f"choices:{field.key}", [])
        return tuple(Choice(str(value), str(label)) for value, label in offered)

    def selected(self, ctx: Ctx, field: Field) -> list[str]:
        draft = self.draft(ctx)
        selected = draft.setdefault("selected", {})
        if field.key not in selected:
            selected[field.key] = list(draft["extra"].get(f"preselect:{field.key}", []))
        return list(selected[field.key])

    def markup(self, field: Field, ctx: Ctx) -> Markup:
        selected = self.selected(ctx, field) if field.kind is FieldKind.MULTI else []
        return question_markup(self.form.name, field, self.choices(ctx, field), selected)

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
        await send(update, ctx, text, summary_markup(self.form.name))

    async def accept(self, update: Update, ctx: Ctx, field: Field, raw: str) -> object:
        draft = self.draft(ctx)
        if draft.get("at") != field.key:
            return None
        try:
            value = field.accept(
                raw, Context(draft["answers"], self._today(ctx)), self.choices(ctx, field)
            )
        except InvalidInput as error:
            await self.ask(update, ctx, field, error_text(error))
            return None
        draft["answers"] = self.form.answer(draft["answers"], field.key, value)
        return await self.advance(update, ctx)

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
            return await self.advance(update, ctx, prefix)
        await self.ask(update, ctx, field, prefix)
        return field.key

    # ---- handlers --------------------------------------------------------------------------

    def states(self) -> dict[object, Handlers]:
        states: dict[object, Handlers] = {
            field.key: field_handlers(self, field) for field in self.form.fields
        }
        states[SUMMARY] = [
            CallbackQueryHandler(guarded(self._on_confirm), pattern=pattern(Act.FORM_CONFIRM)),
            CallbackQueryHandler(guarded(self._on_change), pattern=pattern(Act.FORM_CHANGE)),
            MessageHandler(NEW_MESSAGE & ~filters.COMMAND, guarded(self._use_buttons)),
        ]
        states[EDIT] = [
            CallbackQueryHandler(guarded(self._on_pick), pattern=pattern(Act.FORM_EDIT)),
            CallbackQueryHandler(guarded(self._on_confirm), pattern=pattern(Act.FORM_CONFIRM)),
            MessageHandler(NEW_MESSAGE & ~filters.COMMAND, guarded(self._use_buttons)),
        ]
        return states

    async def _use_buttons(self, update: Update, ctx: Ctx) -> None:
        await self._show_summary(update, ctx, html_text(N_("Please use the buttons below.")))

    async def _on_change(self, update: Update, ctx: Ctx) -> str:
        await close_buttons(update)
        draft = self.draft(ctx)
        draft["at"] = EDIT
        fields = self.form.asked(draft["answers"])
        await send(
            update,
            ctx,
            html_text(N_("Which field do you want to change?")),
            change_markup(self.form.name, fields),
        )
        return EDIT

    async def _on_pick(self, update: Update, ctx: Ctx) -> object:
        _form, key = args_of(update, Act.FORM_EDIT, str, str)
        field = self.form.field(key)
        if field is None or field not in self.form.asked(self.draft(ctx)["answers"]):
            raise DomainError(N_("This button is no longer valid."))
        await close_buttons(update)
        self.draft(ctx)["at"] = field.key
        await self.ask(update, ctx, field)
        return field.key

    async def _on_confirm(self, update: Update, ctx: Ctx) -> object:
        await close_buttons(update)
        return await self._finish(update, ctx)

    async def _finish(self, update: Update, ctx: Ctx) -> Any:
        draft = self.draft(ctx)
        answers = dict(draft["answers"])
        extra = dict(draft["extra"])
        try:
            # The answers and the end of the dialog are one transaction: a crash cannot leave
            # the answers recorded and the form still open, to be confirmed a second time.
            async with ctx.services.deps.tx.transaction():
                state = await self._on_complete(update, ctx, answers, extra)
                if state is END or state is None:
                    self.clear(ctx)
                await dialog_of(ctx).save()
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
        return END if state is END or state is None else state

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

    def started_by_choice(
        self, verb: Act, what: str, action: Action
    ) -> BaseHandler[Update, Ctx, Any]:
        """Entry point: the choice ``verb:what`` (a button under a card) starts the form, for
        those whose role allows ``action``."""

        @guarded
        async def start(update: Update, ctx: Ctx) -> object:
            actor = await actor_of(update, ctx)
            actor.require(action)
            await answer_button(update)
            return await self.begin(update, ctx)

        return CallbackQueryHandler(start, pattern=f"^{verb.value}:{what}$")

    async def cancel(self, update: Update, ctx: Ctx) -> str:
        self.clear(ctx)
        actor = await actor_of(update, ctx)
        await to_menu(update, ctx, actor, N_("Stopped. Nothing from this form was saved."))
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

    def handlers_at(self, state: str | None) -> Handlers:
        """What may answer the dialog at ``state``: the state's own handlers, then the ways
        out (/cancel, /start, another command)."""
        own = self.states().get(state) if state is not None else None
        if own is None:
            own = self._extra_states.get(state, [])
        return [*own, *self.fallbacks()]

    def on_choice(self, verb: Act, what: str, action: Action) -> BaseHandler[Update, Ctx, Any]:
        """This form, started only by the choice ``verb:what`` (``started_by_choice``)."""
        return self.conversation(entry_points=[self.started_by_choice(verb, what, action)])

    def on_command(self, command: str, action: Action) -> BaseHandler[Update, Ctx, Any]:
        """This form, started only by ``/command`` or its button (``started_by``)."""
        return self.conversation(entry_points=self.started_by(command, action))

    def conversation(
        self,
        *,
        entry_points: Handlers,
        extra_states: dict[object, Handlers] | None = None,
    ) -> BaseHandler[Update, Ctx, Any]:
        """The ways into this form, as one handler; the form's own states are reached through
        the person's dialog."""
        self._extra_states = dict(extra_states or {})
        FLOWS[self.form.name] = self
        return FormEntry(entry_points)


class FormEntry(BaseHandler[Update, Ctx, Any]):
    """Several entry points of one form, checked in order, as one handler."""

    def __init__(self, entries: Handlers) -> None:
        super().__init__(self._unused)
        self.entries = list(entries)

    @staticmethod
    async def _unused(update: Update, ctx: Ctx) -> None:
        raise AssertionError("an entry point handles the update")

    def check_update(self, update: object) -> object | None:
        for entry in self.entries:
            check = entry.check_update(update)
            if check is not None and check is not False:
                return (entry, check)
        return None

    async def handle_update(
        self, update: Update, application: Any, check_result: object, context: Ctx
    ) -> object:
        assert isinstance(check_result, tuple)
        entry: BaseHandler[Update, Ctx, Any] = check_result[0]
        return await entry.handle_update(update, application, check_result[1], context)
