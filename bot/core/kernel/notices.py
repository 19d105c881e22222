"""Notices: messages the bot sends on its own, not as a reply.

A service decides that someone must be told something and hands a ``Notice`` to the
``Notifier``. The notice goes into the outbox in the same transaction as the change that caused
it, so it is sent exactly when the change is committed, survives a restart, and is never sent
twice (its ``key`` is unique). The chat adapter renders it by ``kind`` from ``params``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.core.kernel.contacts import Address

ParamValue = str | int | float | bool | None


class NoticeKind(StrEnum):
    # onboarding
    REGISTRATION_CARD = "registration_card"
    REGISTRATION_APPROVED = "registration_approved"
    REGISTRATION_REJECTED = "registration_rejected"
    OFFICER_JOINED = "officer_joined"
    WORKPLACE_MOVED = "workplace_moved"
    DATA_ERASED = "data_erased"
    # check-ins
    CHECKIN_PROMPT = "checkin_prompt"
    CHECKIN_NUDGE = "checkin_nudge"
    CHECKIN_MISSED = "checkin_missed"
    CHECKIN_RELAY = "checkin_relay"
    CHECKIN_NOTE = "checkin_note"
    CHECKIN_LOCATION = "checkin_location"  # a location shared after the check-in was relayed
    RETURN_CONFIRMED = "return_confirmed"
    RETURN_NOT_CONFIRMED = "return_not_confirmed"
    MEMBER_UNREACHABLE = "member_unreachable"
    AWAY_AGAIN = "away_again"  # the branch records that a member works away again
    # dues
    DUES_REMINDER = "dues_reminder"
    DUES_REPORT = "dues_report"
    DUES_CONFIRMED = "dues_confirmed"
    DUES_REJECTED = "dues_rejected"
    DUES_CANT_PAY = "dues_cant_pay"
    DUES_REDUCED = "dues_reduced"
    DUES_FLAG = "dues_flag"
    CARD_SETTLED = "card_settled"  # a card sent to several officers, answered by one of them
    DUES_ALERT = "dues_alert"
    # the year-end review and exemption periods
    REVIEW_SETUP = "review_setup"
    REVIEW_REMINDER = "review_reminder"
    REVIEW_ASSESSMENT = "review_assessment"
    REVIEW_GRADED = "review_graded"
    REVIEW_GRADES_DUE = "review_grades_due"
    PERIOD_ENDING = "period_ending"
    PERIOD_ENDING_OFFICERS = "period_ending_officers"
    RENEWAL_REQUEST = "renewal_request"
    RENEWAL_DECIDED = "renewal_decided"
    REPORT_BACK = "report_back"
    # the weekly digest
    DIGEST = "digest"
    # broadcasts
    BROADCAST = "broadcast"
    BROADCAST_REPORT = "broadcast_report"
    # two-way contact
    MESSAGE_TO_MEMBER = "message_to_member"
    MESSAGE_FROM_MEMBER = "message_from_member"
    # not a message: set the chat's command menu for a role
    MENU = "menu"


class Urgency(StrEnum):
    """When a notice may go out."""

    LIVE = "live"  # the answer to something a person just did: now, silently in quiet hours
    SCHEDULED = "scheduled"  # a reminder: held until the recipient's quiet hours are over


@dataclass(frozen=True, slots=True)
class Notice:
    kind: NoticeKind
    address: Address
    key: str  # idempotency key: the same key is never sent twice
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    branch_id: int | None = None  # whose quiet hours apply
    subject_id: int | None = None  # the member this is about; scrubbed if they are erased
    urgency: Urgency = Urgency.LIVE
    not_before: datetime | None = None
    peer_id: int | None = None  # whom a reply to the delivered message reaches


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A notice as stored in the outbox, waiting for delivery."""

    id: int
    kind: NoticeKind
    address: Address
    params: Mapping[str, ParamValue]
    branch_id: int | None
    subject_id: int | None
    urgency: Urgency
    not_before: datetime
    attempts: int
    peer_id: int | None = None
    parts_sent: int = 0  # of a notice sent as several messages, how many went out
