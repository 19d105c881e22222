"""Callback data: what an inline button carries, packed and checked.

Data is ``<action>:<arg>:<arg>`` within Telegram's 64 bytes. Anything that does not unpack to a
known action with arguments of the right type is treated as forged or stale. Rights are checked
again by the core when the action runs, so a forged button can never do more than a real one.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum, unique

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_BYTES = 64


@unique  # two actions with the same code would silently become one (an enum alias)
class Cb(StrEnum):
    APPROVE = "ap"  # ap:<member id>
    REJECT = "rj"  # rj:<member id>
    INVITE = "iv"  # iv:<invite role>
    REVOKE = "rv"  # rv:<code>
    NEW_SECRETARY_LINK = "ns"  # ns:<branch id>
    FORM = "f"  # f:<form>:<field>:<value>
    FORM_SKIP = "fs"  # fs:<form>:<field>
    FORM_CONFIRM = "fc"  # fc:<form>
    FORM_CHANGE = "fx"  # fx:<form>
    FORM_EDIT = "fe"  # fe:<form>:<field>
    FORM_TOGGLE = "fm"  # fm:<form>:<field>:<value>
    FORM_DONE = "fd"  # fd:<form>:<field>
    CONSENT_YES = "cy"
    CONSENT_NO = "cn"
    ERASE_ASK = "ea"
    ERASE_YES = "ey"
    ERASE_NO = "en"
    CHECKIN = "ck"  # ck:<prompt id, 0 from the menu>:<answer>
    NOTE = "nt"  # nt:<check-in id>
    RETURN = "rt"  # rt:<member id>:<1 confirmed | 0 not yet>
    REPLY = "rp"  # rp:<member id of the person to write to>
    SETTING = "st"  # st:<setting>:<value>
    DUES = "du"  # du:<what a member wants: paid, several, relative, cant, how, own>
    DUES_CONFIRM = "dc"  # dc:<report id>
    DUES_REJECT = "dx"  # dx:<report id>
    DUES_OTHER_AMOUNT = "da"  # da:<report id>
    DUES_MEMBER = "dm"  # dm:<member id>
    DUES_PAGE = "dp"  # dp:<page>
    DUES_EXPORT = "de"  # de:<year>
    DUES_CASH = "dk"  # dk:<member id>
    DUES_REDUCE = "dr"  # dr:<member id>
    DUES_CATEGORY = "dg"  # dg:<member id>
    DUES_CORRECT = "dq"  # dq:<member id>
    REVIEW = "yr"  # yr:<what: attend, absent, assess, renew, back, form, setup, grades>
    GRADE = "rg"  # rg:<member id>:<grade>
    RENEWAL = "rn"  # rn:<renewal id>:<1 approve | 0 reject>
    LIST = "ls"  # ls:<filter>:<page>
    CARD = "mc"  # mc:<member id>
    REMIND = "mr"  # mr:<member id>:<c check-in | d dues>
    STATUS = "ms"  # ms:<member id>:<1 away again | 0 came back home>
    AUDIT = "al"  # al:<page>


def pack(action: Cb, *args: str | int) -> str:
    data = ":".join([action.value, *(str(arg) for arg in args)])
    if len(data.encode()) > MAX_BYTES or any(":" in str(arg) for arg in args):
        raise ValueError(f"callback data does not fit: {data!r}")
    return data


def unpack(data: str | None) -> tuple[Cb, list[str]] | None:
    """The action and its raw arguments, or ``None`` for data that is not ours."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    head, *args = data.split(":")
    try:
        return Cb(head), args
    except ValueError:
        return None


def pattern(action: Cb) -> str:
    """A ``CallbackQueryHandler`` pattern for one action."""
    return rf"^{action.value}(:|$)"


def button(label: str, action: Cb, *args: str | int) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=pack(action, *args))


def inline(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([list(row) for row in rows])
