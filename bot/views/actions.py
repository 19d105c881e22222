"""What a choice does when a person picks it: a verb of one capability and its arguments.

An action is data. Each channel turns it into what its platform carries (Telegram: callback
data of at most 64 bytes; Zalo: a number remembered in the dialog) and back. The verb's value is
a short, stable identifier: buttons already sitting in members' chats carry it, so a value is
never reused for another verb. Rights are checked again by the core when an action runs, so a
forged or stale choice can never do more than a real one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum, unique


@unique  # two verbs with the same value would silently become one (an enum alias)
class Act(StrEnum):
    # members: registration, invitations, consent, personal data
    APPROVE = "ap"  # <member id>
    REJECT = "rj"  # <member id>
    INVITE = "iv"  # <invite role>
    REVOKE = "rv"  # <code>
    NEW_SECRETARY_LINK = "ns"  # <branch id>
    CONSENT_YES = "cy"
    CONSENT_NO = "cn"
    ERASE_ASK = "ea"
    ERASE_YES = "ey"
    ERASE_NO = "en"
    # forms (any capability's questions)
    FORM = "f"  # <form>:<field>:<value>
    FORM_SKIP = "fs"  # <form>:<field>
    FORM_CONFIRM = "fc"  # <form>
    FORM_CHANGE = "fx"  # <form>
    FORM_EDIT = "fe"  # <form>:<field>
    FORM_TOGGLE = "fm"  # <form>:<field>:<value>
    FORM_DONE = "fd"  # <form>:<field>
    # check-ins and messaging
    CHECKIN = "ck"  # <prompt id, 0 from the menu>:<answer>
    NOTE = "nt"  # <check-in id>
    RETURN = "rt"  # <member id>:<1 confirmed | 0 not yet>
    REPLY = "rp"  # <member id of the person to write to>
    # branch settings
    SETTING = "st"  # <setting>:<value>
    # dues
    DUES = "du"  # <what a member wants: paid, several, relative, cant, how, own>
    DUES_CONFIRM = "dc"  # <report id>
    DUES_REJECT = "dx"  # <report id>
    DUES_OTHER_AMOUNT = "da"  # <report id>
    DUES_MEMBER = "dm"  # <member id>
    DUES_PAGE = "dp"  # <page>
    DUES_EXPORT = "de"  # <year>
    DUES_CASH = "dk"  # <member id>
    DUES_REDUCE = "dr"  # <member id>
    DUES_CATEGORY = "dg"  # <member id>
    DUES_CORRECT = "dq"  # <member id>
    # review and exemptions
    REVIEW = "yr"  # <what: attend, absent, assess, renew, back, form, setup, grades>
    GRADE = "rg"  # <member id>:<grade>
    RENEWAL = "rn"  # <renewal id>:<1 approve | 0 reject>
    # roster and audit
    LIST = "ls"  # <filter>:<page>
    CARD = "mc"  # <member id>
    REMIND = "mr"  # <member id>:<c check-in | d dues>
    STATUS = "ms"  # <member id>:<1 away again | 0 came back home>
    AUDIT = "al"  # <page>


@dataclass(frozen=True, slots=True)
class Action:
    verb: Act
    args: tuple[str, ...] = ()


def action(verb: Act, *args: str | int) -> Action:
    return Action(verb, tuple(str(arg) for arg in args))
