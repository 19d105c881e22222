"""The core services wired to SQLite storage: one object the chat adapter, the reminders and the
command line all reach the core through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.core.branches import BranchService
from bot.core.clock import Clock
from bot.core.invites import InviteService
from bot.core.members import MemberService
from bot.core.outbox import DeliveryService, OutboxNotifier, QuietHoursSource
from bot.storage.audit import SqlAuditRepo
from bot.storage.branches import SqlBranchRepo
from bot.storage.db import Database
from bot.storage.invites import SqlInviteRepo
from bot.storage.members import SqlMemberRepo
from bot.storage.outbox import SqlOutbox
from bot.storage.personal_data import SqlPersonalData


@dataclass
class Services:
    settings: Settings
    db: Database
    clock: Clock
    zone: ZoneInfo
    members: MemberService
    branches: BranchService
    invites: InviteService
    deliveries: DeliveryService


def build_services(
    settings: Settings, db: Database, clock: Clock, *, wake_sender: Callable[[], None]
) -> Services:
    members_repo = SqlMemberRepo(db)
    branches_repo = SqlBranchRepo(db)
    audit = SqlAuditRepo(db)
    outbox = SqlOutbox(db)
    notifier = OutboxNotifier(outbox, clock, wake_sender)
    invites = InviteService(
        tx=db,
        invites=SqlInviteRepo(db),
        branches=branches_repo,
        members=members_repo,
        audit=audit,
        notifier=notifier,
        clock=clock,
        valid_days=settings.invite_days,
    )
    return Services(
        settings=settings,
        db=db,
        clock=clock,
        zone=settings.zone,
        members=MemberService(
            tx=db,
            members=members_repo,
            branches=branches_repo,
            personal=SqlPersonalData(db),
            audit=audit,
            invites=invites,
            notifier=notifier,
            clock=clock,
            superadmins=settings.superadmins,
        ),
        branches=BranchService(
            tx=db, branches=branches_repo, audit=audit, invites=invites, clock=clock
        ),
        invites=invites,
        deliveries=DeliveryService(
            tx=db,
            store=outbox,
            clock=clock,
            zone=settings.zone,
            quiet_hours=QuietHoursSource(settings.quiet),
        ),
    )
