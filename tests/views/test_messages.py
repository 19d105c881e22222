"""Views speak in choices and our markup; the Telegram channel turns them into its own."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.channels.telegram.callbacks import unpack
from bot.channels.telegram.render import markup
from bot.views import checkins
from bot.views.actions import Act, Action
from bot.views.choices import HIDE_KEYBOARD, Choices, Keyboard, Share
from bot.views.markup import to_plain
from bot.views.menus import Audience, keyboard_for


def test_a_check_in_prompt_offers_its_answers_as_actions() -> None:
    text, choices = checkins.prompt({"prompt_id": 7, "employer": "Samsung", "province": "BN"})
    assert isinstance(choices, Choices)
    actions = [choice.action for choice in choices.flat()]
    assert Action(Act.CHECKIN, ("7", checkins.ANSWER_SAME)) in actions
    assert "<b>Samsung</b>" in text


def test_telegram_packs_each_choice_into_callback_data_that_unpacks_to_it() -> None:
    _text, choices = checkins.prompt({"prompt_id": 7})
    rendered = markup(choices)
    assert isinstance(rendered, InlineKeyboardMarkup)
    pressed = [unpack(str(b.callback_data)) for row in rendered.inline_keyboard for b in row]
    assert pressed == [choice.action for choice in choices.flat()]


def test_the_menu_is_a_reply_keyboard_that_can_share_a_location() -> None:
    menu = keyboard_for({Audience.MEMBER})
    assert isinstance(menu, Keyboard)
    assert any(key.share is Share.LOCATION for row in menu.rows for key in row)
    rendered = markup(menu)
    assert isinstance(rendered, ReplyKeyboardMarkup)
    assert any(b.request_location for row in rendered.keyboard for b in row)
    assert isinstance(markup(HIDE_KEYBOARD), ReplyKeyboardRemove)


def test_plain_text_drops_the_marks_and_keeps_what_people_typed() -> None:
    text = '<b>Nguyễn Văn A</b> wrote: <i>1 &lt; 2 &amp; "ok"</i> <code>x</code>'
    assert to_plain(text) == 'Nguyễn Văn A wrote: 1 < 2 & "ok" x'


def test_a_link_keeps_its_address_in_plain_text() -> None:
    assert to_plain('<a href="https://x.vn/?a=1&amp;b=2">portal</a>') == (
        "portal (https://x.vn/?a=1&b=2)"
    )
    assert to_plain('<a href="https://x.vn">https://x.vn</a>') == "https://x.vn"
