"""Contacts: a member is reached through the contact that works, and is unreachable only when
none does; an address belongs to one person."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core.kernel.clock import ManualClock
from bot.core.kernel.contacts import Address, Channel
from bot.core.kernel.model import Role
from bot.sandbox.harness import Harness
from bot.storage.checkins import SqlCheckinRepo
from bot.storage.db import Database, to_db
from bot.storage.members import SqlMemberRepo
from tests.conftest import START
from tests.support import approved_member, create_branch

TELEGRAM = Address.telegram(301)
ZALO = Address(Channel.ZALO, "8f3c2a91d0e4")


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(tmp_path / "bot.sqlite3")
    await database.connect()
    await database.execute(
        "INSERT INTO branches (id, name, created_at) VALUES (1, 'Chi bộ 3', ?)", (to_db(START),)
    )
    yield database
    await database.close()


async def two_contacts(db: Database) -> int:
    members = SqlMemberRepo(db)
    member = await members.add_officer(
        branch_id=1, address=TELEGRAM, role=Role.TREASURER, full_name="Phạm Văn Cường", now=START
    )
    await db.execute(
        "INSERT INTO contacts (member_id, channel, address, since, last_used_at)"
        " VALUES (?, 'zalo', ?, ?, ?)",
        (member.id, ZALO.value, to_db(START), to_db(START - timedelta(days=1))),
    )
    return member.id


async def test_the_member_is_reached_where_they_wrote_last_while_it_works(db: Database) -> None:
    member_id = await two_contacts(db)
    members, checkins = SqlMemberRepo(db), SqlCheckinRepo(db)
    member = await members.by_address(ZALO)
    assert member is not None
    assert member.id == member_id
    assert member.address == TELEGRAM  # used last

    await checkins.set_reachable(member_id, TELEGRAM, False, START + timedelta(hours=1))
    member = await members.get(member_id)
    assert member is not None
    assert member.address == ZALO
    assert member.unreachable_since is None  # Zalo still reaches them

    await checkins.set_reachable(member_id, ZALO, False, START + timedelta(hours=2))
    member = await members.get(member_id)
    assert member is not None
    assert member.unreachable_since == START + timedelta(hours=2)

    await checkins.set_reachable(member_id, TELEGRAM, True, START + timedelta(hours=3))
    member = await members.get(member_id)
    assert member is not None
    assert member.unreachable_since is None
    assert member.address == TELEGRAM


async def test_writing_through_another_contact_makes_it_the_one_answered(
    db: Database, tmp_path: Path
) -> None:
    member_id = await two_contacts(db)
    members = SqlMemberRepo(db)
    await members.used(ZALO, START + timedelta(hours=1))
    member = await members.get(member_id)
    assert member is not None
    assert member.address == ZALO


async def test_an_address_belongs_to_one_member_and_a_member_has_one_per_channel(
    db: Database,
) -> None:
    member_id = await two_contacts(db)
    with pytest.raises(sqlite3.IntegrityError):
        await SqlMemberRepo(db).add_officer(
            branch_id=1, address=TELEGRAM, role=Role.DEPUTY, full_name="Người khác", now=START
        )
    with pytest.raises(sqlite3.IntegrityError):
        await db.execute(
            "INSERT INTO contacts (member_id, channel, address, since)"
            " VALUES (?, 'telegram', '999', ?)",
            (member_id, to_db(START)),
        )


async def test_the_bot_answers_a_member_on_the_channel_they_wrote_from_last(
    h: Harness, clock: ManualClock
) -> None:
    branch = await create_branch(h)
    await approved_member(h, branch, 301)
    db = h.services.db
    member_id = await db.fetch_value("SELECT member_id FROM contacts WHERE address = '301'")
    await db.execute(
        "INSERT INTO contacts (member_id, channel, address, since, last_used_at)"
        " VALUES (?, 'zalo', ?, ?, ?)",
        (member_id, ZALO.value, to_db(START), to_db(START - timedelta(days=30))),
    )
    for written_from in (ZALO, TELEGRAM, ZALO):
        clock.advance(timedelta(minutes=1))
        actor = await h.services.members.identify(written_from, "")
        assert actor.member is not None
        assert actor.member.address == written_from


async def test_writing_through_a_contact_marked_unreachable_makes_it_reachable_again(
    db: Database,
) -> None:
    member_id = await two_contacts(db)
    members, checkins = SqlMemberRepo(db), SqlCheckinRepo(db)
    await checkins.set_reachable(member_id, None, False, START + timedelta(hours=1))
    await checkins.set_reachable(member_id, ZALO, True, START + timedelta(hours=2))
    # Telegram is still marked unreachable; the member writes through it.
    await members.used(TELEGRAM, START + timedelta(hours=3))
    member = await members.get(member_id)
    assert member is not None
    assert member.address == TELEGRAM  # answered where they wrote: no write on every message
    assert member.unreachable_since is None
