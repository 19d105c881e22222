"""The nouns of onboarding: branches, people and their roles, placements, invitations."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.core.kernel.calendar import Month
from bot.core.kernel.contacts import Address
from bot.core.kernel.dues_profile import DuesProfile


class Role(StrEnum):
    """A person's role in their branch."""

    MEMBER = "member"
    SECRETARY = "secretary"
    DEPUTY = "deputy"
    TREASURER = "treasurer"

    @property
    def is_officer(self) -> bool:
        return self is not Role.MEMBER


class MemberStatus(StrEnum):
    """Where a person stands with the bot. Rejected registrations are not kept at all."""

    PENDING = "pending"  # registered, waiting for the branch to confirm
    ACTIVE = "active"  # confirmed (members) or joined (officers)
    RETURNED = "returned"  # came back home; no more check-ins
    ERASED = "erased"  # personal details deleted on request; the row stays for the ledger


class Standing(StrEnum):
    """A member's standing with the branch while away (DOMAIN.md)."""

    NONE = "none"
    EXEMPT = "exempt"  # exempted from party work and meetings (glossary in DOMAIN.md)
    TEMP_EXEMPT = "temp_exempt"  # temporarily exempted from meetings
    TEMP_TRANSFER = "temp_transfer"  # temporarily registered with another organisation

    @property
    def is_exemption(self) -> bool:
        return self in (Standing.EXEMPT, Standing.TEMP_EXEMPT)


@dataclass(frozen=True, slots=True)
class Branch:
    id: int
    name: str
    committee: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Workplace:
    """Where a member works: what they tell the bot at registration or when they move."""

    province: str
    district: str
    employer: str
    occupation: str
    since: Month


@dataclass(frozen=True, slots=True)
class Placement:
    """One stretch of a member's working life away; the open one (``ended_at is None``) is
    current, closed ones are history."""

    id: int
    member_id: int
    workplace: Workplace
    recorded_at: datetime
    ended_at: datetime | None


def current_placement(placements: Iterable[Placement]) -> Placement | None:
    """Where the member works now: the one placement not ended, if any."""
    return next((p for p in placements if p.ended_at is None), None)


@dataclass(frozen=True, slots=True)
class StandingInfo:
    kind: Standing = Standing.NONE
    start: date | None = None
    end: date | None = None
    host_org: str | None = None
    letter_date: date | None = None

    @property
    def period_end(self) -> date | None:
        """The day an exemption or temporary registration ends (it can be renewed); None
        without such a period."""
        return None if self.kind is Standing.NONE else self.end


@dataclass(frozen=True, slots=True)
class Member:
    """A person known to a branch: a member who works away, or an officer."""

    id: int
    branch_id: int
    address: Address | None  # None once erased
    role: Role
    status: MemberStatus
    full_name: str
    phone: str | None
    home_commune: str | None
    expected_return: Month | None
    standing: StandingInfo
    registered_at: datetime
    approved_at: datetime | None
    paused_until: date | None = None  # out of reach until this day (at sea, no signal)
    pause_reason: str | None = None
    unreachable_since: datetime | None = None  # the bot was blocked
    return_requested_at: datetime | None = None  # says they are home; the branch to confirm
    returned_at: datetime | None = None
    dues: DuesProfile | None = None  # None: not given yet (the branch's defaults apply)
    dues_confirmed_at: datetime | None = None

    @property
    def is_officer(self) -> bool:
        return self.role.is_officer and self.status is MemberStatus.ACTIVE

    @property
    def works_away(self) -> bool:
        """An approved member the bot keeps in touch with."""
        return self.role is Role.MEMBER and self.status is MemberStatus.ACTIVE


class InviteRole(StrEnum):
    """Who an invitation link makes of the person who opens it."""

    SECRETARY = "secretary"
    DEPUTY = "deputy"
    TREASURER = "treasurer"
    MEMBER = "member"

    @property
    def role(self) -> Role:
        return Role(self.value)

    @property
    def single_use(self) -> bool:
        return self is not InviteRole.MEMBER


@dataclass(frozen=True, slots=True)
class Invite:
    code: str
    branch_id: int
    role: InviteRole
    created_at: datetime
    expires_at: datetime
    uses: int
    revoked_at: datetime | None
    max_uses: int | None = None  # a member link's people; None: a link from before 0.2

    def is_open(self, now: datetime) -> bool:
        if self.revoked_at is not None or now >= self.expires_at:
            return False
        limit = 1 if self.role.single_use else self.max_uses
        return limit is None or self.uses < limit


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    branch_id: int | None
    actor_id: int | None  # member id of the officer; None for an operator or the bot
    action: str
    subject_id: int | None
    detail: str = ""

    @classmethod
    def on_member(
        cls, at: datetime, officer: Member, action: str, member: Member, detail: str = ""
    ) -> AuditEntry:
        """``officer`` did ``action`` to ``member``'s record."""
        return cls(at, member.branch_id, officer.id, action, member.id, detail)

    @classmethod
    def in_branch(cls, at: datetime, officer: Member, action: str, detail: str = "") -> AuditEntry:
        """``officer`` did ``action`` for their branch as a whole."""
        return cls(at, officer.branch_id, officer.id, action, None, detail)


@dataclass(frozen=True, slots=True)
class Registration:
    """A complete, checked registration, ready to be stored."""

    full_name: str
    phone: str
    home_commune: str
    workplace: Workplace
    expected_return: Month | None
    standing: StandingInfo
    dues: DuesProfile
