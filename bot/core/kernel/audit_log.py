"""The branch's audit log as the secretary reads it: who did what to whom, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.kernel.access import SETTLED_AUDIT, Action, Actor
from bot.core.kernel.deps import Deps
from bot.core.kernel.model import MemberStatus
from bot.core.kernel.ports import MemberRepo

LOG_PAGE = 15


@dataclass(frozen=True, slots=True)
class LogLine:
    at: datetime
    action: str
    officer: str | None  # None: the bot, or an operator
    subject: str | None
    detail: str
    own: bool = False  # an officer settled their own record (the branch's only one who could)


@dataclass(frozen=True, slots=True)
class LogPage:
    number: int
    lines: list[LogLine]
    more: bool  # older entries exist


@dataclass(frozen=True, slots=True, kw_only=True)
class AuditLogService:
    deps: Deps
    members: MemberRepo

    async def _name(self, member_id: int | None, cache: dict[int, str | None]) -> str | None:
        if member_id is None:
            return None
        if member_id not in cache:
            member = await self.members.get(member_id)
            kept = member is not None and member.status is not MemberStatus.ERASED
            cache[member_id] = member.full_name if member is not None and kept else None
        return cache[member_id]

    async def recent(self, actor: Actor, number: int = 0) -> LogPage:
        officer = actor.require_member(Action.READ_AUDIT)
        number = max(0, number)
        entries = await self.deps.audit.for_branch(
            officer.branch_id, LOG_PAGE + 1, number * LOG_PAGE
        )
        names: dict[int, str | None] = {}
        lines = [
            LogLine(
                e.at,
                e.action,
                await self._name(e.actor_id, names),
                await self._name(e.subject_id, names),
                e.detail,
                own=e.actor_id is not None
                and e.actor_id == e.subject_id
                and e.action in SETTLED_AUDIT,
            )
            for e in entries[:LOG_PAGE]
        ]
        return LogPage(number, lines, len(entries) > LOG_PAGE)
