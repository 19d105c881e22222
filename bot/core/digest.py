"""The weekly digest: one message on Monday morning that tells a branch's leaders what needs
them, what changed, and how many members they heard from.

Names where action is needed, counts otherwise. Each capability adds its entries; the digest is
computed from the database for the week that ends at the branch's digest time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.access import Action, Actor
from bot.core.branch_settings import SettingsService
from bot.core.checkins import NUDGE_AFTER
from bot.core.clock import Clock
from bot.core.leaders import tell_leaders
from bot.core.notices import NoticeKind, ParamValue, Urgency
from bot.core.ports import BranchRepo, DigestRepo, MemberRepo, Notifier, Transactions

WEEK = timedelta(days=7)


class EntryKind(StrEnum):
    # needs the leaders
    DIFFICULTY = "difficulty"
    UNANSWERED = "unanswered"
    UNREACHABLE = "unreachable"
    RETURN_WAITING = "return_waiting"
    REGISTRATION_WAITING = "registration_waiting"
    # changed this week
    MOVED = "moved"
    RETURNED = "returned"
    PAUSED = "paused"
    # said in a routine check-in the leaders did not get at once
    NOTE = "note"


ATTENTION = frozenset(
    {
        EntryKind.DIFFICULTY,
        EntryKind.UNANSWERED,
        EntryKind.UNREACHABLE,
        EntryKind.RETURN_WAITING,
        EntryKind.REGISTRATION_WAITING,
    }
)


@dataclass(frozen=True, slots=True)
class Entry:
    kind: EntryKind
    name: str
    member_id: int | None = None
    detail: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Digest:
    branch_id: int
    branch_name: str
    start: datetime
    end: datetime
    away: int  # members working away the bot keeps in touch with
    checked_in: int  # of them, how many checked in during the week
    entries: Sequence[Entry]

    @property
    def attention(self) -> list[Entry]:
        return [e for e in self.entries if e.kind in ATTENTION]

    @property
    def changes(self) -> list[Entry]:
        return [
            e
            for e in self.entries
            if e.kind in (EntryKind.MOVED, EntryKind.RETURNED, EntryKind.PAUSED)
        ]

    @property
    def notes(self) -> list[Entry]:
        return [e for e in self.entries if e.kind is EntryKind.NOTE]

    @property
    def need_you(self) -> int:
        """Members who need the leaders (one member with two problems counts once)."""
        return len({e.member_id or e.name for e in self.attention})

    def to_params(self) -> dict[str, ParamValue]:
        return {
            "digest": json.dumps(
                {
                    "branch_id": self.branch_id,
                    "branch_name": self.branch_name,
                    "start": self.start.isoformat(),
                    "end": self.end.isoformat(),
                    "away": self.away,
                    "checked_in": self.checked_in,
                    "entries": [
                        {
                            "kind": e.kind.value,
                            "name": e.name,
                            "member_id": e.member_id,
                            "detail": dict(e.detail),
                        }
                        for e in self.entries
                    ],
                },
                ensure_ascii=False,
            )
        }

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Digest:
        data = json.loads(str(params["digest"]))
        return cls(
            branch_id=data["branch_id"],
            branch_name=data["branch_name"],
            start=datetime.fromisoformat(data["start"]),
            end=datetime.fromisoformat(data["end"]),
            away=data["away"],
            checked_in=data["checked_in"],
            entries=[
                Entry(EntryKind(e["kind"]), e["name"], e["member_id"], e["detail"])
                for e in data["entries"]
            ],
        )


class DigestService:
    def __init__(
        self,
        *,
        tx: Transactions,
        repo: DigestRepo,
        branches: BranchRepo,
        members: MemberRepo,
        settings: SettingsService,
        notifier: Notifier,
        clock: Clock,
        zone: ZoneInfo,
    ) -> None:
        self._tx = tx
        self._repo = repo
        self._branches = branches
        self._members = members
        self._settings = settings
        self._notifier = notifier
        self._clock = clock
        self._zone = zone

    async def build(self, branch_id: int, end: datetime) -> Digest:
        """The digest of the week that ends at ``end``."""
        start = end - WEEK
        branch = await self._branches.get(branch_id)
        entries = await self._repo.entries(branch_id, start, end, end - NUDGE_AFTER)
        away, checked_in = await self._repo.counts(branch_id, start, end)
        return Digest(
            branch_id, branch.name if branch else "", start, end, away, checked_in, entries
        )

    async def current(self, actor: Actor) -> Digest:
        """The week so far, for a leader who asks with /digest."""
        officer = actor.require_member(Action.READ_DIGEST)
        return await self.build(officer.branch_id, self._clock.now())

    async def plan(self) -> int:
        """Queue this week's digest for every branch whose digest time has come."""
        now = self._clock.now()
        today = now.astimezone(self._zone).date()
        queued = 0
        for branch in await self._branches.all():
            settings = await self._settings.get(branch.id)
            if not settings.digest_enabled:
                continue
            moment = settings.digest_moment(today, self._zone)
            if now < moment or await self._repo.was_built(branch.id, moment):
                continue
            digest = await self.build(branch.id, moment)
            async with self._tx.transaction():
                await self._repo.mark_built(branch.id, moment, now)
                queued += await tell_leaders(
                    self._members,
                    self._notifier,
                    branch_id=branch.id,
                    kind=NoticeKind.DIGEST,
                    key=f"digest:{branch.id}:{moment.date()}",
                    params=digest.to_params(),
                    urgency=Urgency.SCHEDULED,
                )
        return queued
