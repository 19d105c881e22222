"""How many updates one person may send before the bot stops listening for a moment.

A member who presses a button twenty times or a script that floods the bot must not take the
time of everyone else: past ``burst`` updates within ``window`` seconds the rest are ignored
until the window has room again, and the person is told once per flood.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum


class Verdict(Enum):
    PASS = "pass"
    WARN = "warn"  # the first update past the limit: tell them once
    DROP = "drop"


@dataclass
class _Recent:
    times: deque[float] = field(default_factory=deque)
    warned: bool = False


class FloodGate:
    """Per-sender sliding window. Times are seconds from any monotonic clock."""

    def __init__(
        self, *, burst: int = 20, window: float = 10.0, max_senders: int = 50_000
    ) -> None:
        self.burst = burst
        self.window = window
        self._max_senders = max_senders
        self._senders: dict[int, _Recent] = {}

    def check(self, sender: int, now: float) -> Verdict:
        recent = self._senders.get(sender)
        if recent is None:
            if len(self._senders) >= self._max_senders:
                self._forget_idle(now)
            recent = self._senders[sender] = _Recent()
        while recent.times and recent.times[0] <= now - self.window:
            recent.times.popleft()
        if len(recent.times) < self.burst:
            recent.times.append(now)
            recent.warned = False
            return Verdict.PASS
        if recent.warned:
            return Verdict.DROP
        recent.warned = True
        return Verdict.WARN

    def _forget_idle(self, now: float) -> None:
        # Bounded memory: senders whose window is empty carry no state worth keeping.
        idle = [
            s for s, r in self._senders.items() if not r.times or r.times[-1] <= now - self.window
        ]
        for sender in idle:
            del self._senders[sender]
