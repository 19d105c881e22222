"""What an operator does from the server's command line."""

from __future__ import annotations

import httpx

from bot.config import Settings
from bot.core.access import Actor
from bot.core.clock import SystemClock
from bot.core.errors import DomainError
from bot.services import build_services
from bot.storage.db import Database
from bot.views.common import error_plain
from bot.views.onboarding import invite_link

# The server's operator acts as a superadmin with no chat of their own.
OPERATOR = Actor(chat_id=0, display_name="operator", member=None, superadmin=True)


async def bot_username(settings: Settings) -> str | None:
    """The bot's username for links: the setting, else asked of the Bot API."""
    if settings.bot_username:
        return settings.bot_username
    if settings.token is None:
        return None
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{settings.api_base_url}{settings.token}/getMe")
        response.raise_for_status()
        username = response.json()["result"].get("username")
        return str(username) if username else None


async def branch_create(settings: Settings, name: str, committee: str | None) -> int:
    db = Database(settings.database)
    services = build_services(settings, db, SystemClock(), wake_sender=lambda: None)
    try:
        created = await services.branches.create(OPERATOR, name=name, committee=committee)
    except DomainError as error:
        print(error_plain(error))
        return 1
    finally:
        await db.close()
    username = await bot_username(settings)
    code = created.secretary_invite.code
    print(f"branch {created.branch.id}: {created.branch.name}")
    if username:
        print(f"secretary link (single use): {invite_link(username, code)}")
    else:
        print(f"secretary code (single use): {code}")
        print("set LIENLAC_BOT_USERNAME to print the link: https://t.me/<bot>?start=<code>")
    return 0


async def branch_list(settings: Settings) -> int:
    db = Database(settings.database)
    services = build_services(settings, db, SystemClock(), wake_sender=lambda: None)
    try:
        for branch in await services.branches.all(OPERATOR):
            committee = f" ({branch.committee})" if branch.committee else ""
            print(f"{branch.id}\t{branch.name}{committee}")
    finally:
        await db.close()
    return 0
