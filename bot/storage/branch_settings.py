"""Branch settings: one row per branch that changed something; NULL columns are defaults."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import fields
from datetime import time
from typing import Any

from bot.core.kernel.dues_profile import Region, Rounding
from bot.core.kernel.quiet_hours import QuietHours
from bot.core.members.settings import BranchSettings, Cadence, RelayMode
from bot.storage.db import SqlRepo


def _time(text: str) -> time:
    return time.fromisoformat(text)


def _hhmm(value: time) -> str:
    return value.isoformat("minutes")


def _value(enum_value: Any) -> Any:
    return enum_value.value


# setting -> (column, to the database, from the database). Quiet hours take two columns.
_COLUMNS: dict[str, tuple[str, Callable[[Any], Any], Callable[[Any], Any]]] = {
    "cadence": ("cadence", _value, Cadence),
    "relay": ("relay_routine", _value, RelayMode),
    "checkin_time": ("checkin_time", _hhmm, _time),
    "digest_weekday": ("digest_weekday", int, int),
    "digest_time": ("digest_time", _hhmm, _time),
    "digest_enabled": ("digest_enabled", int, bool),
    "dues_day": ("dues_day", int, int),
    "dues_rounding": ("dues_rounding", _value, Rounding),
    "dues_region": ("dues_region", _value, Region),
    "review_excuse_exempt": ("review_excuse_exempt", int, bool),
}
_ALL = [
    name for name in (f.name for f in fields(BranchSettings)) if name not in ("branch_id", "quiet")
]
assert set(_ALL) == set(_COLUMNS), "every branch setting needs a column"


class SqlBranchSettingsRepo(SqlRepo):
    async def get(self, branch_id: int) -> dict[str, Any]:
        row = await self._db.fetch_one(
            "SELECT * FROM branch_settings WHERE branch_id = ?", (branch_id,)
        )
        if row is None:
            return {}
        found: dict[str, Any] = {}
        if row["quiet_start"] and row["quiet_end"]:
            found["quiet"] = QuietHours(_time(row["quiet_start"]), _time(row["quiet_end"]))
        for name, (column, _to_db, from_db) in _COLUMNS.items():
            if row[column] is not None:
                found[name] = from_db(row[column])
        return found

    async def save(self, settings: BranchSettings, changed: Collection[str]) -> None:
        """Store the ``changed`` settings; the others stay as they were (defaults stay
        defaults, and follow the deployment's if it changes them)."""
        columns: list[str] = ["branch_id"]
        values: list[Any] = [settings.branch_id]
        if "quiet" in changed:
            columns += ["quiet_start", "quiet_end"]
            values += [_hhmm(settings.quiet.start), _hhmm(settings.quiet.end)]
        for name, (column, to_db, _from_db) in _COLUMNS.items():
            if name in changed:
                columns.append(column)
                values.append(to_db(getattr(settings, name)))
        if len(columns) == 1:
            return
        updates = ", ".join(f"{column} = excluded.{column}" for column in columns[1:])
        await self._db.execute(
            f"INSERT INTO branch_settings ({', '.join(columns)})"
            f" VALUES ({', '.join('?' for _ in columns)})"
            f" ON CONFLICT (branch_id) DO UPDATE SET {updates}",
            values,
        )
