"""What the core needs from the outside world that every capability shares, as Protocols.
``bot.storage`` implements the repositories; the outbox and the chat adapters deliver notices.
Each capability keeps its own repository protocol in its ``ports`` module."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import date, datetime
from typing import Any, Protocol

from bot.core.kernel.contacts import Address, Channel
from bot.core.kernel.model import (
    AuditEntry,
    Branch,
    Member,
    MemberStatus,
    Placement,
    Registration,
    Role,
    Workplace,
)
from bot.core.kernel.notices import Notice, OutboxItem


class Transactions(Protocol):
    def transaction(self) -> AbstractAsyncContextManager[None]:
        """Everything done inside commits together or not at all."""
        ...


class BranchRepo(Protocol):
    async def add(self, *, name: str, committee: str | None, now: datetime) -> Branch: ...
    async def get(self, branch_id: int) -> Branch | None: ...
    async def find(self, *, name: str, committee: str | None) -> Branch | None: ...
    async def all(self) -> Sequence[Branch]: ...


class MemberRepo(Protocol):
    async def by_address(self, address: Address) -> Member | None: ...
    async def used(self, address: Address, now: datetime) -> None:
        """The person behind ``address`` wrote through it (now their preferred contact)."""

    async def get(self, member_id: int) -> Member | None: ...
    async def add_officer(
        self, *, branch_id: int, address: Address, role: Role, full_name: str, now: datetime
    ) -> Member: ...
    async def add_registration(
        self, *, branch_id: int, address: Address, registration: Registration, now: datetime
    ) -> Member: ...
    async def officers(self, branch_id: int) -> Sequence[Member]: ...
    async def with_status(self, branch_id: int, status: MemberStatus) -> Sequence[Member]: ...
    async def with_period_ending(
        self, branch_id: int, first: date, last: date
    ) -> Sequence[Member]:
        """Active members whose exemption or temporary registration ends between the days."""
        ...

    async def of_branch(self, branch_id: int) -> Sequence[Member]:
        """Everyone in the branch who is not erased: members and officers, any status."""
        ...

    async def set_status(self, member_id: int, status: MemberStatus, now: datetime) -> None: ...
    async def set_role(self, member_id: int, role: Role) -> None: ...
    async def delete(self, member_id: int) -> None: ...
    async def placements(self, member_id: int) -> Sequence[Placement]: ...
    async def move(self, member_id: int, workplace: Workplace, now: datetime) -> Placement: ...


class PersonalData(Protocol):
    """Everything stored about one person, across every table."""

    async def export(self, member_id: int) -> dict[str, list[dict[str, Any]]]: ...
    async def erase(self, member_id: int, now: datetime) -> None: ...
    async def scrub(self) -> None:
        """After an erasure has committed: leave no old copy of the erased rows on disk."""


class AuditRepo(Protocol):
    async def record(self, entry: AuditEntry) -> None: ...
    async def for_branch(
        self, branch_id: int, limit: int, offset: int = 0
    ) -> Sequence[AuditEntry]: ...


class PlannerRuns(Protocol):
    async def first_time(self, branch_id: int, planner: str, period: str, now: datetime) -> bool:
        """Record that ``planner`` ran for ``period`` in the branch; True if it had not yet
        (inside the planner's transaction, so a crash forgets both the run and its notices)."""
        ...


class DueQueue(Protocol):
    """When each planner should next look at a member or a branch (migration 0012): a time
    never later than the first moment it could have something to do."""

    async def due(self, planner: str, now: datetime) -> list[int]:
        """The subjects ``planner`` should look at now, oldest first."""
        ...

    async def set(self, planner: str, next_at: Mapping[int, datetime | None]) -> None:
        """When to look at each subject next (None: not until something changes)."""
        ...


class Notifier(Protocol):
    async def notify(self, notice: Notice) -> None:
        """Queue ``notice`` for delivery once the current transaction commits."""
        ...

    async def notify_all(self, notices: Sequence[Notice]) -> None:
        """Queue many notices in one go (a wave of reminders)."""
        ...


class OutboxStore(Protocol):
    async def enqueue(self, notice: Notice, now: datetime) -> bool:
        """Store ``notice`` unless its key is known; True if it was new."""
        ...

    async def enqueue_all(self, notices: Sequence[Notice], now: datetime) -> None:
        """Store each notice whose key is not known yet."""
        ...

    async def due(
        self, now: datetime, channel: Channel, limit: int, skip_chats: Collection[Address] = ()
    ) -> Sequence[OutboxItem]:
        """The next due item of each of ``channel``'s chats not in ``skip_chats``, oldest
        first."""
        ...

    async def queue(self, address: Address, now: datetime, limit: int) -> Sequence[OutboxItem]:
        """The first ``limit`` items due for ``address``, in sending order."""
        ...

    async def next_due(self) -> datetime | None: ...
    async def postpone(self, item_id: int, until: datetime) -> None: ...
    async def mark_sent(
        self, item_ids: Sequence[int], message_id: int | None, now: datetime
    ) -> None: ...
    async def mark_parts_sent(self, item_id: int, parts: int) -> None: ...
    async def mark_failed(self, item_ids: Sequence[int], error: str) -> None: ...
    async def count_attempt(self, item_id: int, error: str) -> int: ...

    async def settle(self, key_prefix: str) -> Sequence[tuple[Address, int]]:
        """The copies of a card (notices whose key starts with ``key_prefix``) once one of them
        is answered: those not delivered yet are dropped; the delivered ones, returned as
        (address, message id), are for the caller to bring up to date."""
        ...

    async def peer_of(self, address: Address, message_id: int) -> int | None:
        """Whom a reply to this delivered message reaches."""
        ...
