"""Who may do what."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.kernel.access import Action, Actor
from bot.core.kernel.errors import NotAllowed
from bot.core.kernel.model import Member, MemberStatus, Role, StandingInfo

NOW = datetime(2026, 11, 23, tzinfo=UTC)


def person(role: Role, status: MemberStatus = MemberStatus.ACTIVE, branch: int = 1) -> Actor:
    member = Member(1, branch, 42, role, status, "Tên", None, None, None, StandingInfo(), NOW, NOW)
    return Actor(42, "Tên", member)


def test_leaders_review_registrations_and_treasurers_do_not() -> None:
    assert person(Role.SECRETARY).can(Action.REVIEW_REGISTRATIONS)
    assert person(Role.DEPUTY).can(Action.REVIEW_REGISTRATIONS)
    assert not person(Role.TREASURER).can(Action.REVIEW_REGISTRATIONS)
    assert not person(Role.MEMBER).can(Action.REVIEW_REGISTRATIONS)


def test_a_pending_member_can_only_see_and_withdraw_their_data() -> None:
    pending = person(Role.MEMBER, MemberStatus.PENDING)
    assert pending.can(Action.EXPORT_OWN_DATA)
    assert pending.can(Action.ERASE_OWN_DATA)
    assert not pending.can(Action.VIEW_OWN_RECORD)
    with pytest.raises(NotAllowed) as refused:
        pending.require(Action.UPDATE_OWN_WORKPLACE)
    assert "waiting" in refused.value.msgid


def test_an_officer_of_one_branch_cannot_act_in_another() -> None:
    with pytest.raises(NotAllowed):
        person(Role.SECRETARY, branch=1).require(Action.REVIEW_REGISTRATIONS, branch_id=2)


def test_operators_are_named_by_the_settings_not_by_a_role() -> None:
    assert Actor(7, "Op", None, superadmin=True).can(Action.CREATE_BRANCH)
    assert not person(Role.SECRETARY).can(Action.CREATE_BRANCH)
    assert not Actor(8, "Stranger", None).can(Action.VIEW_OWN_RECORD)
