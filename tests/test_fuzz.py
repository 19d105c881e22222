"""Every handler fuzzed with generated updates (hypothesis): random and huge text, every message
type, unknown and malformed commands, random and forged buttons, edits, groups and channels,
strangers, old dates. Nothing crashes, strangers store nothing, and no reply shows one member's
name or phone to someone who may not see it.

Budget: ``LIENLAC_FUZZ_EXAMPLES`` (default 2,000, what CI runs), each example one to four
updates, all against one running bot so state builds up as it would in a real chat.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.kernel.clock import ManualClock
from bot.sandbox.harness import Harness, harness
from bot.views.actions import Act
from tests.conftest import OPERATOR_ID, START, ErrorLog
from tests.support import approved_member, create_branch

EXAMPLES = int(os.environ.get("LIENLAC_FUZZ_EXAMPLES", "2000"))
STRANGERS = [5001, 5002, 5003]
GROUP = -100_777
JSON = dict[str, Any]


@dataclass
class Person:
    chat: int
    name: str
    phone: str
    branch: str


@dataclass
class World:
    h: Harness
    runner: asyncio.Runner
    errors: ErrorLog
    people: list[Person]
    officers: dict[str, set[int]]  # branch -> chats of its officers

    def run(self, coroutine: Any) -> Any:
        return self.runner.run(coroutine)


async def _build(h: Harness) -> tuple[list[Person], dict[str, set[int]]]:
    first = await create_branch(h, name="Chi bộ ấp Một", secretary_id=200)
    second = await create_branch(h, name="Chi bộ ấp Hai", secretary_id=250)
    people = []
    for chat, name, branch, label in (
        (301, "Nguyễn Văn Anhai", first, "one"),
        (302, "Trần Thị Bảoyến", first, "one"),
        (351, "Lê Văn Cườngthịnh", second, "two"),
    ):
        await approved_member(h, branch, chat, name)
        people.append(Person(chat, name, f"+849{chat:08d}", label))
    for stranger in STRANGERS:
        h.sim.add_user(stranger, f"Lạ {stranger}")
    await h.settle()
    return people, {"one": {200}, "two": {250}}


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    folder = Path(tempfile.mkdtemp(prefix="lienlac-fuzz-"))
    runner = asyncio.Runner()
    context = harness(folder / "bot.sqlite3", clock=ManualClock(START), superadmins=[OPERATOR_ID])
    h = runner.run(context.__aenter__())
    try:
        people, officers = runner.run(_build(h))
        yield World(h, runner, errors, people, officers)
    finally:
        runner.run(context.__aexit__(None, None, None))
        runner.close()
        logging.getLogger().removeHandler(errors)


# ---- what people send --------------------------------------------------------------------

SENDERS = [200, 250, 301, 302, 351, OPERATOR_ID, *STRANGERS]
COMMANDS = [
    "start", "help", "cancel", "checkin", "profile", "move", "dues", "review", "pause", "write",
    "invite", "invites", "pending", "digest", "members", "broadcast", "settings", "export", "log",
    "newbranch", "branches", "committee", "mydata", "nosuchcommand", "START", "start@other_bot",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=3000, max_size=4096),
    st.sampled_from(
        ["", " ", "0", "13/2025", "31/02/2026", "0912345678", "+84 912 345 678", "🙂"]
    ),
)
commands = st.builds(
    lambda name, args: f"/{name}" + (f" {args}" if args else ""),
    st.sampled_from(COMMANDS),
    st.one_of(st.just(""), st.text(max_size=40)),
)
callback_data = st.one_of(
    st.text(max_size=80),
    st.builds(
        lambda cb, args: ":".join([cb.value, *args]),
        st.sampled_from(list(Act)),
        st.lists(
            st.one_of(
                st.integers(-5, 5000).map(str),
                st.sampled_from(["s", "m", "h", "d", "c", "1", "0", "all", "paid", "member"]),
                st.text(max_size=8),
            ),
            max_size=4,
        ),
    ),
)


def _message(sender: int, chat: JSON, content: JSON, date: int, message_id: int) -> JSON:
    return {
        "message_id": message_id,
        "from": {"id": sender, "is_bot": False, "first_name": f"U{sender}"},
        "chat": chat,
        "date": date,
        **content,
    }


def _text(text: str) -> JSON:
    content: JSON = {"text": text}
    if text.startswith("/"):
        head = text.split()[0] if text.split() else text
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(head)}]
    return content


contents = st.one_of(
    texts.map(_text),
    commands.map(_text),
    st.just({"sticker": {"file_id": "S" * 20, "file_unique_id": "s", "type": "regular",
                         "width": 1, "height": 1, "is_animated": False, "is_video": False}}),
    st.just({"photo": [{"file_id": "P" * 20, "file_unique_id": "p", "width": 9, "height": 9}]}),
    st.just({"document": {"file_id": "D" * 20, "file_unique_id": "d", "file_name": "x.pdf"}}),
    st.builds(
        lambda phone, own: {"contact": {"phone_number": phone, "first_name": "X",
                                        **({"user_id": 0} if own else {})}},
        st.sampled_from(["+84912345678", "0", "+1 555 0100", "abc"]),
        st.booleans(),
    ),
    st.builds(
        lambda lat, lon: {"location": {"latitude": lat, "longitude": lon}},
        st.floats(-90, 90), st.floats(-180, 180),
    ),
    st.just({"voice": {"file_id": "V" * 20, "file_unique_id": "v", "duration": 1}}),
    st.just({"new_chat_title": "x"}),
)  # fmt: skip


@st.composite
def updates(draw: st.DrawFn) -> JSON:
    sender = draw(st.sampled_from(SENDERS))
    where = draw(st.sampled_from(["private"] * 6 + ["group", "channel"]))
    date = draw(st.sampled_from([0, 1_600_000_000, 1_795_000_000, 2_000_000_000]))
    message_id = draw(st.integers(1, 10_000))
    if where == "private":
        chat: JSON = {"id": sender, "type": "private", "first_name": f"U{sender}"}
    elif where == "group":
        chat = {"id": GROUP, "type": "supergroup", "title": "Nhóm"}
    else:
        chat = {"id": GROUP - 1, "type": "channel", "title": "Kênh"}
    kind = draw(st.sampled_from(["message"] * 5 + ["callback"] * 4 + ["edited", "member"]))
    if kind == "callback":
        content = _text("x")
        return {
            "callback_query": {
                "id": str(draw(st.integers(1, 10**9))),
                "from": {"id": sender, "is_bot": False, "first_name": f"U{sender}"},
                "chat_instance": "ci",
                "message": _message(0, chat, content, date, message_id)
                | {"from": {"id": 123456789, "is_bot": True, "first_name": "Bot"}},
                "data": draw(callback_data),
            }
        }
    content = draw(contents)
    if "contact" in content and "user_id" in content["contact"]:
        content["contact"]["user_id"] = sender
    message = _message(sender, chat, content, date, message_id)
    if where == "channel":
        message.pop("from")
        return {"channel_post": message}
    if kind == "edited":
        return {"edited_message": message | {"edit_date": date + 1}}
    if kind == "member":
        return {
            "my_chat_member": {
                "chat": chat,
                "from": message["from"],
                "date": date,
                "old_chat_member": {"status": "member", "user": message["from"]},
                "new_chat_member": {"status": "kicked", "user": message["from"],
                                    "until_date": 0},
            }
        }  # fmt: skip
    return {"message": message}


# ---- the checks --------------------------------------------------------------------------


def _said_to(w: World, since: int) -> list[tuple[int, str]]:
    said = []
    for call in w.h.sim.calls[since:]:
        if call.status == 200 and "chat_id" in call.params:
            text = str(call.params.get("text") or call.params.get("caption") or "")
            said.append((int(call.params["chat_id"]), text))
    return said


def _may_see(w: World, viewer: int, person: Person) -> bool:
    return viewer == person.chat or viewer in w.officers[person.branch]


async def _feed(w: World, batch: list[JSON]) -> None:
    for update in batch:
        w.h.sim.push_update(update)
    await w.h.settle(timeout=30)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI is repeatable
    suppress_health_check=list(HealthCheck),
    database=None,
)
@given(batch=st.lists(updates(), min_size=1, max_size=4))
def test_generated_updates_never_crash_leak_or_store_what_they_should_not(
    world: World, batch: list[JSON]
) -> None:
    w = world
    since = len(w.h.sim.calls)
    w.run(_feed(w, batch))
    assert not w.errors.records, [r.getMessage() for r in w.errors.records]
    for viewer, text in _said_to(w, since):
        for person in w.people:
            if person.name in text or person.phone in text:
                assert _may_see(w, viewer, person), f"{person.name} shown to {viewer}: {text!r}"
    outsiders = (*STRANGERS, GROUP, GROUP - 1)
    strangers_stored = w.run(
        w.h.services.db.fetch_value(
            f"SELECT COUNT(*) FROM contacts WHERE address IN ({','.join('?' * len(outsiders))})",
            outsiders,
        )
    )
    assert strangers_stored == 0
    assert w.h.sim.too_many_requests == 0
