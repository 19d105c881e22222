"""Updates reach the bot as on Telegram: long polling that forgets an update only when a later
``getUpdates`` confirms it (TELEGRAM.md, pitfall 4), or a webhook posted in order and retried
until it answers 2xx."""

from __future__ import annotations

import asyncio
import contextlib
import json

from aiohttp import ClientError, ClientSession

from bot.sandbox.telegram.records import (
    JSON,
    ApiError,
    to_int,
)
from bot.sandbox.telegram.state import SimState


class UpdatesApi(SimState):
    async def _api_getMe(self, _: JSON) -> JSON:
        return self._bot_user() | {
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, params: JSON) -> list[JSON]:
        self.polls_started += 1
        self._changed()
        if self.webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; use "
                "deleteWebhook to delete the webhook first",
            )
        offset = to_int(params.get("offset", 0))
        if offset:
            # Confirming: everything below offset is forgotten (not merely "delivered").
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self._confirmed_below = max(self._confirmed_below, offset)
            self._changed()
        timeout = float(params.get("timeout", 0) or 0)
        limit = to_int(params.get("limit", 100)) or 100
        if not self._updates and timeout > 0:
            self._new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._new_update.wait(), timeout)
        batch = [u for u in self._updates if u["update_id"] >= offset][:limit]
        if batch:
            self._delivered_below = max(self._delivered_below, batch[-1]["update_id"] + 1)
            self._changed()
        return batch

    async def _api_deleteWebhook(self, _: JSON) -> bool:
        await self._stop_webhook()
        return True

    async def _api_setWebhook(self, params: JSON) -> bool:
        await self._stop_webhook()
        self.webhook = params
        self._webhook_task = asyncio.create_task(self._deliver_to_webhook(params))
        return True

    async def _stop_webhook(self) -> None:
        self.webhook = None
        task, self._webhook_task = self._webhook_task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _deliver_to_webhook(self, hook: JSON) -> None:
        """Like Telegram: post each update in order, and forget it only on a 2xx answer."""
        url = str(hook["url"])
        headers = {"Content-Type": "application/json"}
        if hook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(hook["secret_token"])
        async with ClientSession() as session:
            while True:
                if not self._updates:
                    self._new_update.clear()
                    await self._new_update.wait()
                    continue
                update = self._updates[0]
                try:
                    async with session.post(url, data=json.dumps(update), headers=headers) as r:
                        status = r.status
                except ClientError:
                    status = 0
                self.webhook_deliveries.append(status)
                if 200 <= status < 300:
                    if self._updates and self._updates[0] is update:
                        self._updates.pop(0)
                    self._changed()
                else:
                    await asyncio.sleep(0.05)  # Telegram retries later; so do we

    async def _api_getWebhookInfo(self, _: JSON) -> JSON:
        url = (self.webhook or {}).get("url", "")
        return {
            "url": url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
