"""Callback data: packed within Telegram's limit, and anything else read as forged."""

from __future__ import annotations

import pytest

from bot.channels.telegram.callbacks import MAX_BYTES, pack, unpack
from bot.views.actions import Act, Action, action


def test_every_action_has_its_own_code() -> None:
    # The enum is @unique: a repeated code would make two actions one.
    assert len({action.value for action in Act}) == len(Act.__members__)


def test_data_round_trips_and_stays_within_64_bytes() -> None:
    data = pack(action(Act.FORM, "registration", "standing", "temp_transfer"))
    assert unpack(data) == Action(Act.FORM, ("registration", "standing", "temp_transfer"))
    assert len(data.encode()) <= MAX_BYTES


@pytest.mark.parametrize("data", [None, "", "zz:1", "x" * 65, ":1"])
def test_unknown_data_is_not_ours(data: str | None) -> None:
    assert unpack(data) is None


def test_an_argument_may_not_smuggle_a_separator() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        pack(action(Act.REVOKE, "a:b"))
