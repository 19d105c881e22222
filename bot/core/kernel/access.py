"""Who may do what. Every service checks here, so no adapter can forget to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.kernel.contacts import Address
from bot.core.kernel.errors import NotAllowed, NotFound
from bot.core.kernel.model import Member, MemberStatus, Role
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_


class Action(StrEnum):
    """Things a person can ask the bot to do that need a right."""

    # operators (superadmins)
    CREATE_BRANCH = "create_branch"
    LIST_BRANCHES = "list_branches"
    VIEW_COMMITTEE = "view_committee"  # totals across branches, without names
    # branch officers
    MANAGE_INVITES = "manage_invites"
    REVIEW_REGISTRATIONS = "review_registrations"
    CHANGE_SETTINGS = "change_settings"
    CONFIRM_RETURNS = "confirm_returns"
    MESSAGE_MEMBERS = "message_members"
    READ_DIGEST = "read_digest"
    VIEW_MEMBERS = "view_members"  # the member list and cards (whereabouts, contact)
    BROADCAST = "broadcast"
    EXPORT_BRANCH = "export_branch"  # the branch workbook (personal data)
    READ_AUDIT = "read_audit"
    READ_DUES = "read_dues"
    MANAGE_REVIEW = "manage_review"
    CONFIRM_DUES = "confirm_dues"
    MANAGE_DUES = "manage_dues"
    # every registered person, about themselves
    VIEW_OWN_RECORD = "view_own_record"
    UPDATE_OWN_WORKPLACE = "update_own_workplace"
    CHECK_IN = "check_in"
    REPORT_DUES = "report_dues"
    ANSWER_REVIEW = "answer_review"
    MESSAGE_BRANCH = "message_branch"
    EXPORT_OWN_DATA = "export_own_data"
    ERASE_OWN_DATA = "erase_own_data"


_OWN = frozenset(
    {Action.VIEW_OWN_RECORD, Action.EXPORT_OWN_DATA, Action.ERASE_OWN_DATA, Action.REPORT_DUES}
)
# The treasurer handles dues only: reading them and confirming payments.
_TREASURY = frozenset({Action.READ_DUES, Action.CONFIRM_DUES})
_LEADERS = (
    frozenset(
        {
            Action.MANAGE_INVITES,
            Action.REVIEW_REGISTRATIONS,
            Action.CHANGE_SETTINGS,
            Action.CONFIRM_RETURNS,
            Action.MESSAGE_MEMBERS,
            Action.READ_DIGEST,
            Action.VIEW_MEMBERS,
            Action.BROADCAST,
            Action.EXPORT_BRANCH,
            Action.READ_AUDIT,
            Action.MANAGE_DUES,
            Action.MANAGE_REVIEW,
        }
    )
    | _TREASURY
)

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.MEMBER: _OWN
    | {Action.UPDATE_OWN_WORKPLACE, Action.CHECK_IN, Action.MESSAGE_BRANCH, Action.ANSWER_REVIEW},
    Role.SECRETARY: _OWN | _LEADERS,
    Role.DEPUTY: _OWN | _LEADERS,  # DOMAIN.md: same rights as the secretary
    Role.TREASURER: _OWN | _TREASURY | {Action.MESSAGE_MEMBERS},
}
OPERATOR_ACTIONS = frozenset({Action.CREATE_BRANCH, Action.LIST_BRANCHES, Action.VIEW_COMMITTEE})

# Until the branch confirms, a registration can only be looked at as data and withdrawn: the
# right to see and delete one's data does not wait for approval.
_PENDING_ACTIONS = frozenset({Action.EXPORT_OWN_DATA, Action.ERASE_OWN_DATA})


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind an update: where they wrote from (None for the server's operator at
    the command line), their record if they have one, and whether the settings name them an
    operator."""

    address: Address | None
    display_name: str
    member: Member | None
    superadmin: bool = False

    def can(self, action: Action) -> bool:
        if action in OPERATOR_ACTIONS:
            return self.superadmin
        if self.member is None:
            return False
        if self.member.status is MemberStatus.PENDING:
            return action in _PENDING_ACTIONS
        if self.member.status is not MemberStatus.ACTIVE:
            return action in _OWN - {Action.REPORT_DUES}
        return action in ROLE_ACTIONS[self.member.role]

    def require(self, action: Action, *, branch_id: int | None = None) -> Member | None:
        """Raise ``NotAllowed`` unless the actor may do ``action`` (in ``branch_id``, if given).

        Returns the actor's own record (``None`` for an operator with no branch)."""
        if not self.can(action):
            if self.member is not None and self.member.status is MemberStatus.PENDING:
                raise NotAllowed(
                    N_(
                        "Your registration is waiting for your branch to confirm it. You will "
                        "get a message as soon as it is decided."
                    )
                )
            raise NotAllowed(N_("Sorry, your role does not allow this."))
        if branch_id is not None and (self.member is None or self.member.branch_id != branch_id):
            raise NotAllowed(N_("Sorry, this belongs to another branch."))
        return self.member

    def chat(self) -> Address:
        """Where the actor wrote from: only someone in a chat can join or register."""
        if self.address is None:
            raise NotAllowed(N_("Sorry, your role does not allow this."))
        return self.address

    def require_member(self, action: Action) -> Member:
        """Like ``require`` for actions that need the actor's own record."""
        member = self.require(action)
        if member is None:
            raise NotAllowed(N_("Sorry, your role does not allow this."))
        return member


async def member_for_officer(
    actor: Actor, members: MemberRepo, member_id: int, action: Action
) -> tuple[Member, Member]:
    """The member an officer acts on with ``action``, and the officer: ``NotFound`` once the
    member is erased (a stale button), ``NotAllowed`` outside the officer's role or branch."""
    member = await members.get(member_id)
    if member is None or member.status is MemberStatus.ERASED:
        raise NotFound(N_("This member is no longer registered."))
    officer = actor.require(action, branch_id=member.branch_id)
    assert officer is not None  # a branch was given: only its own officers pass
    return member, officer


class Settle(StrEnum):
    """Acts that settle a member's record. Nobody settles their own (DOMAIN.md): another
    officer of the branch does, and only an officer with no one else to do it may, marked."""

    CONFIRM_PAYMENT = "confirm_payment"
    REJECT_PAYMENT = "reject_payment"
    RECORD_CASH = "record_cash"
    CORRECT_DUES = "correct_dues"
    REDUCE_DUES = "reduce_dues"
    SET_DUES_CATEGORY = "set_dues_category"
    DECIDE_REGISTRATION = "decide_registration"
    DECIDE_RENEWAL = "decide_renewal"
    GRADE = "grade"
    SET_STANDING = "set_standing"  # back home, or away again


SETTLE_RIGHTS: dict[Settle, Action] = {
    Settle.CONFIRM_PAYMENT: Action.CONFIRM_DUES,
    Settle.REJECT_PAYMENT: Action.CONFIRM_DUES,
    Settle.RECORD_CASH: Action.CONFIRM_DUES,
    Settle.CORRECT_DUES: Action.CONFIRM_DUES,
    Settle.REDUCE_DUES: Action.MANAGE_DUES,
    Settle.SET_DUES_CATEGORY: Action.MANAGE_DUES,
    Settle.DECIDE_REGISTRATION: Action.REVIEW_REGISTRATIONS,
    Settle.DECIDE_RENEWAL: Action.MANAGE_REVIEW,
    Settle.GRADE: Action.MANAGE_REVIEW,
    Settle.SET_STANDING: Action.CONFIRM_RETURNS,
}

# What the audit log records for a settled act; done by the subject themself it is shown
# marked as self-confirmed, in the log and in the weekly digest.
SETTLED_AUDIT = frozenset(
    {
        "dues_confirmed",
        "dues_not_received",
        "dues_cash_recorded",
        "dues_corrected",
        "dues_reduction",
        "dues_category",
        "approved",
        "rejected",
        "renewal_approved",
        "renewal_rejected",
        "review_graded",
        "return_confirmed",
        "return_not_confirmed",
        "marked_returned",
        "marked_away",
    }
)


async def others_who_can(members: MemberRepo, officer: Member, action: Action) -> list[Member]:
    """The other active officers of ``officer``'s branch whose role allows ``action``."""
    return [
        other
        for other in await members.officers(officer.branch_id)
        if other.id != officer.id
        and other.status is MemberStatus.ACTIVE
        and action in ROLE_ACTIONS[other.role]
    ]


async def check_not_own(members: MemberRepo, officer: Member, member: Member, act: Settle) -> None:
    """``NotAllowed`` when ``officer`` would settle their own record while another officer of
    the branch could."""
    if officer.id != member.id:
        return
    if await others_who_can(members, officer, SETTLE_RIGHTS[act]):
        raise NotAllowed(
            N_(
                "Nobody settles their own record: another officer of the branch has been "
                "sent this and will do it."
            )
        )


async def leave_out_of(members: MemberRepo, member: Member, act: Settle) -> int | None:
    """Whom to leave out when ``member``'s own record goes to the officers to be settled:
    ``member`` themself, unless no other officer could settle it."""
    return member.id if await others_who_can(members, member, SETTLE_RIGHTS[act]) else None


async def member_to_settle(
    actor: Actor, members: MemberRepo, member_id: int, act: Settle
) -> tuple[Member, Member]:
    """``member_for_officer`` for an act that settles the member's record, held to the rule
    that nobody settles their own (``check_not_own``)."""
    member, officer = await member_for_officer(actor, members, member_id, SETTLE_RIGHTS[act])
    await check_not_own(members, officer, member, act)
    return member, officer
