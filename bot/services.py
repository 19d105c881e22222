"""The core services wired to SQLite storage: one object the chat adapter, the reminders and the
command line all reach the core through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.config import Settings
from bot.core.broadcast import BroadcastService
from bot.core.checkins.answers import CheckinService, routine_relay
from bot.core.checkins.messaging import MessagingService
from bot.core.checkins.prompts import CheckinPrompts
from bot.core.checkins.returns import ReturnService
from bot.core.digest.service import DigestService
from bot.core.dues.amounts import DuesAmounts
from bot.core.dues.digest import DuesDigest
from bot.core.dues.payments import DuesPayments
from bot.core.dues.reminders import DuesReminders
from bot.core.dues.statements import DuesService
from bot.core.kernel.audit_log import AuditLogService
from bot.core.kernel.clock import Clock
from bot.core.kernel.contacts import Address
from bot.core.kernel.deps import Deps
from bot.core.kernel.dialogs import DialogService
from bot.core.kernel.leaders import Messenger
from bot.core.kernel.notices import OutboxItem
from bot.core.kernel.outbox import DeliveryService, OutboxNotifier
from bot.core.members.branch_rounds import BranchRounds
from bot.core.members.branches import BranchService
from bot.core.members.invites import InviteService
from bot.core.members.profile import MemberService, registration_card
from bot.core.members.settings import SettingsService
from bot.core.review.digest import ReviewDigest
from bot.core.review.exemptions import ExemptionService
from bot.core.review.reminders import ReviewReminders
from bot.core.review.service import ReviewService
from bot.core.roster import RosterService
from bot.storage.audit import SqlAuditRepo
from bot.storage.branch_settings import SqlBranchSettingsRepo
from bot.storage.branches import SqlBranchRepo
from bot.storage.broadcasts import SqlBroadcastRepo
from bot.storage.checkins import SqlCheckinRepo
from bot.storage.db import Database
from bot.storage.dialogs import SqlDialogs
from bot.storage.digest import SqlDigestRepo
from bot.storage.due_queue import SqlDueQueue
from bot.storage.dues import SqlDuesRepo
from bot.storage.exemptions import SqlExemptionRepo
from bot.storage.invites import SqlInviteRepo
from bot.storage.members import SqlMemberRepo
from bot.storage.outbox import SqlOutbox
from bot.storage.personal_data import SqlPersonalData
from bot.storage.planner_runs import SqlPlannerRuns
from bot.storage.review import SqlReviewRepo


@dataclass
class Services:
    settings: Settings
    db: Database
    deps: Deps
    members: MemberService
    branches: BranchService
    invites: InviteService
    branch_settings: SettingsService
    checkins: CheckinService
    checkin_prompts: CheckinPrompts
    returns: ReturnService
    messaging: MessagingService
    digest: DigestService
    dues: DuesService
    dues_payments: DuesPayments
    dues_amounts: DuesAmounts
    dues_reminders: DuesReminders
    review: ReviewService
    review_reminders: ReviewReminders
    exemptions: ExemptionService
    roster: RosterService
    broadcasts: BroadcastService
    audit_log: AuditLogService
    deliveries: DeliveryService
    notifier: OutboxNotifier  # for planners and tools that queue a notice themselves
    dialogs: DialogService


def build_services(
    settings: Settings, db: Database, clock: Clock, *, wake_sender: Callable[[Address], None]
) -> Services:
    zone = settings.zone
    members_repo = SqlMemberRepo(db)
    branches_repo = SqlBranchRepo(db)
    audit = SqlAuditRepo(db)
    outbox = SqlOutbox(db)
    notifier = OutboxNotifier(outbox, clock, wake_sender)
    tell = Messenger(members_repo, notifier, outbox)
    deps = Deps(tx=db, audit=audit, notifier=notifier, clock=clock, zone=zone, tell=tell)
    invites = InviteService(
        deps=deps,
        invites=SqlInviteRepo(db),
        branches=branches_repo,
        members=members_repo,
        valid_days=settings.invite_days,
        pending_limit=settings.pending_limit,
    )
    members = MemberService(
        deps=deps,
        members=members_repo,
        branches=branches_repo,
        personal=SqlPersonalData(db),
        invites=invites,
        superadmins=frozenset(Address.telegram(i) for i in settings.superadmins),
    )
    branch_settings = SettingsService(
        deps=deps,
        repo=SqlBranchSettingsRepo(db),
        default_quiet=settings.quiet,
    )
    checkins_repo = SqlCheckinRepo(db)
    checkins = CheckinService(
        deps=deps,
        repo=checkins_repo,
        members=members_repo,
        member_service=members,
        settings=branch_settings,
    )

    dues_repo = SqlDuesRepo(db)
    dues = DuesService(
        deps=deps,
        repo=dues_repo,
        members=members_repo,
        settings=branch_settings,
    )
    dues_section = DuesDigest(deps=deps, dues=dues, repo=dues_repo, settings=branch_settings)
    runs = SqlPlannerRuns(db)
    due = SqlDueQueue(db)
    rounds = BranchRounds(deps=deps, due=due, settings=branch_settings)
    review_repo = SqlReviewRepo(db)
    review = ReviewService(
        deps=deps,
        repo=review_repo,
        members=members_repo,
        settings=branch_settings,
    )
    exemptions = ExemptionService(
        deps=deps,
        repo=SqlExemptionRepo(db),
        runs=runs,
        members=members_repo,
        branches=branches_repo,
        rounds=rounds,
    )
    digest = DigestService(
        deps=deps,
        repo=SqlDigestRepo(db),
        checkins=checkins_repo,
        branches=branches_repo,
        members=members_repo,
        rounds=rounds,
        sections=[
            dues_section.digest_part,
            exemptions.digest_part,
            ReviewDigest(deps=deps, review=review).digest_part,
        ],
    )

    roster = RosterService(
        deps=deps,
        checkins=checkins_repo,
        members=members_repo,
        dues=dues,
        review=review,
    )

    async def blocked(item: OutboxItem) -> None:
        await checkins.unreachable(item.address)

    return Services(
        settings=settings,
        db=db,
        deps=deps,
        notifier=notifier,
        dialogs=DialogService(deps=deps, repo=SqlDialogs(db)),
        members=members,
        branches=BranchService(deps=deps, branches=branches_repo, invites=invites),
        invites=invites,
        branch_settings=branch_settings,
        checkins=checkins,
        checkin_prompts=CheckinPrompts(
            deps=deps,
            repo=checkins_repo,
            members=members_repo,
            settings=branch_settings,
            due=due,
        ),
        returns=ReturnService(
            deps=deps,
            repo=checkins_repo,
            members=members_repo,
        ),
        messaging=MessagingService(
            deps=deps,
            members=members_repo,
            outbox=outbox,
        ),
        digest=digest,
        dues=dues,
        dues_payments=DuesPayments(
            deps=deps,
            dues=dues,
            repo=dues_repo,
            members=members_repo,
        ),
        dues_amounts=DuesAmounts(
            deps=deps,
            repo=dues_repo,
            members=members_repo,
        ),
        dues_reminders=DuesReminders(
            deps=deps,
            dues=dues,
            repo=dues_repo,
            members=members_repo,
            rounds=rounds,
            portal_url=settings.dues_portal_url,
        ),
        review=review,
        review_reminders=ReviewReminders(
            deps=deps,
            repo=review_repo,
            runs=runs,
            members=members_repo,
            rounds=rounds,
        ),
        exemptions=exemptions,
        roster=roster,
        broadcasts=BroadcastService(
            deps=deps,
            repo=SqlBroadcastRepo(db),
            members=members_repo,
            roster=roster,
        ),
        audit_log=AuditLogService(deps=deps, members=members_repo),
        deliveries=DeliveryService(
            deps=deps,
            store=outbox,
            quiet_hours=branch_settings,
            on_blocked=blocked,
            groupable=lambda item: routine_relay(item) or registration_card(item),
        ),
    )
