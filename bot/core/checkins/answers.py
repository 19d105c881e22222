"""Check-ins: members who work away say where they are, when asked (``bot.core.checkins.prompts``)
or whenever they like, and the branch's leaders hear about it (the relay). A member who blocks
the bot is marked unreachable and the leaders are told.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.core.checkins.ports import CheckinRepo
from bot.core.checkins.prompts import Prompt
from bot.core.kernel.access import Action, Actor
from bot.core.kernel.contacts import Address
from bot.core.kernel.deps import Deps
from bot.core.kernel.errors import Conflict, InvalidInput, NotFound
from bot.core.kernel.forms import Answers
from bot.core.kernel.model import Member, Placement, current_placement
from bot.core.kernel.notices import NoticeKind, OutboxItem
from bot.core.kernel.ports import MemberRepo
from bot.core.kernel.text import N_
from bot.core.kernel.validation import parse_note
from bot.core.members.profile import MemberService
from bot.core.members.settings import RelayMode, SettingsService

log = logging.getLogger(__name__)

# Pressing "still the same" again within this time is the same check-in.
REPEAT_WINDOW = timedelta(minutes=10)
# A location shared this soon after a check-in belongs to it.
LOCATION_WINDOW = timedelta(hours=1)
LONGEST_PAUSE = timedelta(days=366)
# One decimal of a degree is about 11 km: the town, not the street (DOMAIN.md: whereabouts are
# sensitive).
COARSE_DIGITS = 1
NOTE_LIMIT = 500


class CheckinKind(StrEnum):
    SAME = "same"
    MOVED = "moved"
    RETURNED = "returned"
    DIFFICULTY = "difficulty"
    PAUSED = "paused"


class Difficulty(StrEnum):
    WORK = "work"
    HEALTH = "health"
    MONEY = "money"
    FAMILY = "family"
    OTHER = "other"


DIFFICULTY_LABELS: dict[Difficulty, str] = {
    Difficulty.WORK: N_("Work"),
    Difficulty.HEALTH: N_("Health"),
    Difficulty.MONEY: N_("Money"),
    Difficulty.FAMILY: N_("Family"),
    Difficulty.OTHER: N_("Something else"),
}


@dataclass(frozen=True, slots=True)
class Checkin:
    id: int
    member_id: int
    at: datetime
    kind: CheckinKind
    prompt_id: int | None = None
    note: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    difficulty: Difficulty | None = None
    placement_id: int | None = None
    relayed: bool = True


def coarse(degrees: float) -> float:
    return round(degrees, COARSE_DIGITS)


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckinService:
    deps: Deps
    repo: CheckinRepo
    members: MemberRepo
    member_service: MemberService
    settings: SettingsService

    # ---- answers ---------------------------------------------------------------------------

    def _away_member(self, actor: Actor) -> Member:
        member = actor.require_member(Action.CHECK_IN)
        if not member.works_away:
            raise Conflict(N_("Check-ins are for members who work away."))
        return member

    async def _prompt_of(self, member: Member, prompt_id: int | None) -> Prompt | None:
        if not prompt_id:
            return None
        prompt = await self.repo.prompt(prompt_id)
        if prompt is None or prompt.member_id != member.id:
            raise NotFound(N_("This button is no longer valid."))
        return prompt

    async def check_in(self, actor: Actor, *, prompt_id: int | None = None) -> Checkin:
        """ "Still the same": one tap."""
        member = self._away_member(actor)
        now = self.deps.now()
        async with self.deps.tx.transaction():
            prompt = await self._prompt_of(member, prompt_id)
            last = await self.repo.last_checkin(member.id)
            if (
                last is not None
                and last.kind is CheckinKind.SAME
                and (
                    now - last.at < REPEAT_WINDOW
                    or (prompt is not None and last.at >= prompt.planned_at)
                )
            ):
                raise Conflict(N_("Already recorded. Thank you!"))
            settings = await self.settings.get(member.branch_id)
            routine_in_digest = settings.relay is RelayMode.DIGEST
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    now,
                    CheckinKind.SAME,
                    prompt.id if prompt else None,
                    relayed=not routine_in_digest,
                ),
            )

    async def difficulty_begun(self, actor: Actor, *, prompt_id: int | None = None) -> Checkin:
        """The member pressed «I have difficulties»: that is recorded, and the leaders told, at
        once, whatever the relay setting; the kind and the details follow
        (``report_difficulty``). A member who stops half-way has still said it."""
        member = self._away_member(actor)
        async with self.deps.tx.transaction():
            prompt = await self._prompt_of(member, prompt_id)
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    self.deps.now(),
                    CheckinKind.DIFFICULTY,
                    prompt.id if prompt else None,
                ),
            )

    async def report_difficulty(
        self, actor: Actor, *, checkin_id: int, difficulty: Difficulty, text: str
    ) -> Checkin:
        """The kind and the details of a difficulty begun with ``difficulty_begun``; the
        leaders get them as a second card."""
        member = self._away_member(actor)
        note = parse_note(text, limit=NOTE_LIMIT)
        async with self.deps.tx.transaction():
            begun = await self.repo.get(checkin_id)
            if (
                begun is None
                or begun.member_id != member.id
                or begun.kind is not CheckinKind.DIFFICULTY
            ):
                raise NotFound(N_("This button is no longer valid."))
            await self.repo.set_difficulty(begun.id, difficulty, note)
            checkin = replace(begun, difficulty=difficulty, note=note)
            await self._relay(member, checkin, None, key=f"checkin-difficulty:{checkin.id}")
        return checkin

    async def moved(
        self, actor: Actor, answers: Answers, *, prompt_id: int | None = None
    ) -> Placement:
        """A new workplace: recorded as a move (the leaders hear of it from there) and as a
        check-in."""
        member = self._away_member(actor)
        async with self.deps.tx.transaction():
            prompt = await self._prompt_of(member, prompt_id)
            placement = await self.member_service.move(actor, answers)
            await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    self.deps.now(),
                    CheckinKind.MOVED,
                    prompt.id if prompt else None,
                    placement_id=placement.id,
                ),
                relay=False,
            )
        return placement

    async def request_return(self, actor: Actor, *, prompt_id: int | None = None) -> Checkin:
        """ "I came back home": the leaders confirm before check-ins stop."""
        member = self._away_member(actor)
        if member.return_requested_at is not None:
            raise Conflict(N_("Your branch already knows you are back; it will confirm soon."))
        now = self.deps.now()
        async with self.deps.tx.transaction():
            prompt = await self._prompt_of(member, prompt_id)
            await self.repo.set_return_requested(member.id, now)
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    now,
                    CheckinKind.RETURNED,
                    prompt.id if prompt else None,
                ),
            )

    async def pause(self, actor: Actor, *, until: date, reason: str | None) -> Checkin:
        """Out of reach until ``until``: no prompts meanwhile, nothing counts as missed."""
        member = self._away_member(actor)
        today = self.deps.today()
        if until <= today:
            raise InvalidInput(N_("Please give a day after today."))
        if until > today + LONGEST_PAUSE:
            raise InvalidInput(N_("Please give a day within the next twelve months."))
        note = parse_note(reason, limit=NOTE_LIMIT) if reason else None
        async with self.deps.tx.transaction():
            await self.repo.set_pause(member.id, until, note)
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    self.deps.now(),
                    CheckinKind.PAUSED,
                    note=note,
                ),
                paused_until=until,
            )

    async def add_note(self, actor: Actor, checkin_id: int, text: str) -> Checkin:
        member = self._away_member(actor)
        note = parse_note(text, limit=NOTE_LIMIT)
        async with self.deps.tx.transaction():
            checkin = await self.repo.get(checkin_id)
            if checkin is None or checkin.member_id != member.id:
                raise NotFound(N_("This button is no longer valid."))
            await self.repo.set_note(checkin.id, note)
            if checkin.relayed:
                await self._relay_note(member, checkin.id, note)
        return checkin

    async def add_location(self, actor: Actor, latitude: float, longitude: float) -> Checkin:
        """A shared location, kept coarse: it belongs to a check-in made just before, or is a
        check-in of its own."""
        member = self._away_member(actor)
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise InvalidInput(N_("That location could not be read."))
        now = self.deps.now()
        lat, lon = coarse(latitude), coarse(longitude)
        async with self.deps.tx.transaction():
            last = await self.repo.last_checkin(member.id)
            if last is not None and now - last.at < LOCATION_WINDOW and last.latitude is None:
                await self.repo.set_location(last.id, lat, lon)
                if last.relayed:  # the leaders read that check-in already: tell them where
                    await self._relay_location(member, last.id, lat, lon)
                return last
            settings = await self.settings.get(member.branch_id)
            return await self._record(
                member,
                Checkin(
                    0,
                    member.id,
                    now,
                    CheckinKind.SAME,
                    latitude=lat,
                    longitude=lon,
                    relayed=settings.relay is not RelayMode.DIGEST,
                ),
            )

    async def _record(
        self,
        member: Member,
        checkin: Checkin,
        *,
        relay: bool = True,
        paused_until: date | None = None,
    ) -> Checkin:
        stored = await self.repo.add(checkin)
        if member.unreachable_since is not None:
            await self.repo.set_reachable(member.id, None, True, checkin.at)
        if member.paused_until is not None and checkin.kind is not CheckinKind.PAUSED:
            await self.repo.set_pause(member.id, None, None)  # they are in reach again
        if relay and stored.relayed:
            await self._relay(member, stored, paused_until)
        return stored

    async def _workplace(self, member: Member) -> dict[str, str | None]:
        """Where the member last said they work, for the leaders' cards."""
        placement = current_placement(await self.members.placements(member.id))
        workplace = placement.workplace if placement else None
        return {
            "employer": workplace.employer if workplace else None,
            "district": workplace.district if workplace else None,
            "province": workplace.province if workplace else None,
        }

    async def _relay(
        self,
        member: Member,
        checkin: Checkin,
        paused_until: date | None,
        *,
        key: str | None = None,
    ) -> None:
        await self.deps.tell.leaders_about(
            member,
            kind=NoticeKind.CHECKIN_RELAY,
            key=key or f"checkin-relay:{checkin.id}",
            params={
                "kind": checkin.kind.value,
                "at": checkin.at.isoformat(),
                "note": checkin.note,
                "difficulty": checkin.difficulty.value if checkin.difficulty else None,
                **await self._workplace(member),
                "latitude": checkin.latitude,
                "longitude": checkin.longitude,
                "paused_until": paused_until.isoformat() if paused_until else None,
            },
            subject_id=member.id,
            peer_id=member.id,
        )

    async def _relay_location(
        self, member: Member, checkin_id: int, latitude: float, longitude: float
    ) -> None:
        await self.deps.tell.leaders_about(
            member,
            kind=NoticeKind.CHECKIN_LOCATION,
            key=f"checkin-location:{checkin_id}",
            params={"latitude": latitude, "longitude": longitude, **await self._workplace(member)},
            subject_id=member.id,
            peer_id=member.id,
        )

    async def _relay_note(self, member: Member, checkin_id: int, note: str) -> None:
        await self.deps.tell.leaders_about(
            member,
            kind=NoticeKind.CHECKIN_NOTE,
            key=f"checkin-note:{checkin_id}:{len(note)}",
            params={"note": note},
            subject_id=member.id,
            peer_id=member.id,
        )

    # ---- reachability ----------------------------------------------------------------------

    async def unreachable(self, address: Address) -> None:
        """The member behind ``address`` blocked the bot: mark them and tell the leaders once."""
        now = self.deps.now()
        async with self.deps.tx.transaction():
            member = await self.members.by_address(address)
            if member is None or not member.works_away or member.unreachable_since is not None:
                return
            await self.repo.set_reachable(member.id, address, False, now)
            await self.deps.tell.leaders_about(
                member,
                kind=NoticeKind.MEMBER_UNREACHABLE,
                key=f"unreachable:{member.id}:{now.isoformat()}",
                params={},
                subject_id=member.id,
            )

    async def reachable(self, address: Address) -> None:
        """The member unblocked the bot."""
        async with self.deps.tx.transaction():
            member = await self.members.by_address(address)
            if member is not None and member.unreachable_since is not None:
                await self.repo.set_reachable(member.id, address, True, self.deps.now())

    async def recent(self, member_id: int, limit: int) -> Sequence[Checkin]:
        return await self.repo.recent(member_id, limit)


def routine_relay(item: OutboxItem) -> bool:
    """A check-in relay that asks nothing of the leader: «still the same», nothing added."""
    params = item.params
    return (
        item.kind is NoticeKind.CHECKIN_RELAY
        and params.get("kind") == CheckinKind.SAME.value
        and not params.get("note")
        and params.get("latitude") is None
    )
