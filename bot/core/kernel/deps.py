"""What every use case needs, in one frozen object built once (``bot.services``): transactions,
the audit log, the notifier, the clock, the deployment's zone and the messenger to leaders and
members, with the local date and time
derived from them in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.kernel.calendar import local_date
from bot.core.kernel.clock import Clock
from bot.core.kernel.leaders import Messenger
from bot.core.kernel.ports import AuditRepo, Notifier, Transactions


@dataclass(frozen=True, slots=True)
class Deps:
    tx: Transactions
    audit: AuditRepo
    notifier: Notifier
    clock: Clock
    zone: ZoneInfo
    tell: Messenger

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        """Today's date where the branch lives."""
        return local_date(self.clock.now(), self.zone)

    def local(self, moment: datetime) -> datetime:
        """``moment`` on the branch's wall clock."""
        return moment.astimezone(self.zone)

    def local_date(self, moment: datetime) -> date:
        return local_date(moment, self.zone)
