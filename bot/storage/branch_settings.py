"""Branch settings: only what a branch changed is stored; the rest are defaults."""

from __future__ import annotations

from datetime import time
from typing import Any

from bot.core.branch_settings import BranchSettings, Cadence, RelayMode
from bot.core.dues_rates import Region, Rounding
from bot.core.quiet_hours import QuietHours
from bot.storage.db import Database


def _time(text: str) -> time:
    return time.fromisoformat(text)


class SqlBranchSettingsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, branch_id: int) -> dict[str, Any]:
        row = await self._db.fetch_one(
            "SELECT * FROM branch_settings WHERE branch_id = ?", (branch_id,)
        )
        if row is None:
            return {}
        found: dict[str, Any] = {}
        if row["cadence"]:
            found["cadence"] = Cadence(row["cadence"])
        if row["quiet_start"] and row["quiet_end"]:
            found["quiet"] = QuietHours(_time(row["quiet_start"]), _time(row["quiet_end"]))
        if row["relay_routine"]:
            found["relay"] = RelayMode(row["relay_routine"])
        if row["checkin_time"]:
            found["checkin_time"] = _time(row["checkin_time"])
        if row["digest_weekday"] is not None:
            found["digest_weekday"] = int(row["digest_weekday"])
        if row["digest_time"]:
            found["digest_time"] = _time(row["digest_time"])
        if row["digest_enabled"] is not None:
            found["digest_enabled"] = bool(row["digest_enabled"])
        if row["dues_day"] is not None:
            found["dues_day"] = int(row["dues_day"])
        if row["dues_rounding"]:
            found["dues_rounding"] = Rounding(row["dues_rounding"])
        if row["dues_region"]:
            found["dues_region"] = Region(row["dues_region"])
        return found

    async def save(self, settings: BranchSettings) -> None:
        await self._db.execute(
            "INSERT INTO branch_settings (branch_id, cadence, quiet_start, quiet_end,"
            " relay_routine, checkin_time, digest_weekday, digest_time, digest_enabled,"
            " dues_day, dues_rounding, dues_region)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (branch_id) DO UPDATE SET cadence = excluded.cadence,"
            " quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,"
            " relay_routine = excluded.relay_routine, checkin_time = excluded.checkin_time,"
            " digest_weekday = excluded.digest_weekday, digest_time = excluded.digest_time,"
            " digest_enabled = excluded.digest_enabled, dues_day = excluded.dues_day,"
            " dues_rounding = excluded.dues_rounding, dues_region = excluded.dues_region",
            (
                settings.branch_id,
                settings.cadence.value,
                settings.quiet.start.isoformat("minutes"),
                settings.quiet.end.isoformat("minutes"),
                settings.relay.value,
                settings.checkin_time.isoformat("minutes"),
                settings.digest_weekday,
                settings.digest_time.isoformat("minutes"),
                int(settings.digest_enabled),
                settings.dues_day,
                settings.dues_rounding.value,
                settings.dues_region.value,
            ),
        )
