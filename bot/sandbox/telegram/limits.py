"""Telegram's flood limits (429 with ``retry_after``) and the faults a test injects: errors,
timeouts, cut connections, a message accepted whose answer never arrives."""

from __future__ import annotations

import asyncio
import math
from collections import deque

from aiohttp import web

from bot.sandbox.telegram.records import (
    JSON,
    ApiError,
    reason,
    to_int,
)
from bot.sandbox.telegram.state import SimState


class LimitsCheck(SimState):
    async def _inject_fault(self, method: str, request: web.Request) -> None:
        for fault in self.faults:
            if (
                fault.count > 0
                and fault.method in (method, "*")
                and fault.kind != "accept_then_fail"
            ):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.count -= 1
                if fault.kind == "timeout":
                    await asyncio.sleep(fault.delay or 30)
                    raise ApiError(504, "Gateway Timeout")
                if fault.kind == "reset":
                    transport = request.transport
                    if transport is not None:
                        transport.abort()
                    raise ApiError(500, "connection reset")
                raise ApiError(fault.status, reason(fault.status), fault.retry_after)

    def _after_accept(self, method: str) -> Exception | None:
        for fault in self.faults:
            if (
                fault.count > 0
                and fault.method in (method, "*")
                and fault.kind == "accept_then_fail"
            ):
                if fault.after > 0:
                    fault.after -= 1
                    continue
                fault.count -= 1
                return web.HTTPBadGateway()
        return None

    def _check_limits(self, params: JSON) -> None:
        now = self._clock()
        window = self.limits.window
        recent = self._recent
        while recent and recent[0] <= now - window:
            recent.popleft()
        chat_id = to_int(params.get("chat_id"))
        per_chat = self._recent_by_chat.setdefault(chat_id, deque())
        while per_chat and per_chat[0] <= now - window:
            per_chat.popleft()
        if len(recent) >= self.limits.overall_per_second:
            raise ApiError(
                429,
                "Too Many Requests: retry after 1",
                max(1, math.ceil(recent[0] + window - now)),
            )
        if len(per_chat) >= self.limits.per_chat_per_second * window:
            raise ApiError(
                429,
                "Too Many Requests: retry after 1",
                max(1, math.ceil(per_chat[0] + window - now)),
            )
        recent.append(now)
        per_chat.append(now)
