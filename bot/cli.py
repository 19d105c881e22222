"""What an operator does from the server's command line."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import httpx

from bot.config import Settings
from bot.core.kernel.access import Actor
from bot.core.kernel.clock import SystemClock
from bot.core.kernel.errors import DomainError
from bot.services import build_services
from bot.storage.backup import BackupError, inspect, make_backup, restore_backup
from bot.storage.db import Database
from bot.storage.migrate import available
from bot.views.common import error_plain
from bot.views.onboarding import invite_link

# The server's operator acts as a superadmin with no chat of their own.
OPERATOR = Actor(address=None, display_name="operator", member=None, superadmin=True)


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
    services = build_services(settings, db, SystemClock(), wake_sender=lambda _chat: None)
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
    services = build_services(settings, db, SystemClock(), wake_sender=lambda _chat: None)
    try:
        for branch in await services.branches.all(OPERATOR):
            committee = f" ({branch.committee})" if branch.committee else ""
            print(f"{branch.id}\t{branch.name}{committee}")
    finally:
        await db.close()
    return 0


async def backup(settings: Settings, target: Path) -> int:
    """``python -m bot backup PATH``: a checked copy of the live database."""
    try:
        report = await make_backup(settings.database, target)
    except BackupError as error:
        print(f"backup failed: {error}", file=sys.stderr)
        return 1
    print(
        f"backup written to {report.path}: {report.branches} branches, {report.members} "
        f"people, schema {report.schema_version}, {report.size_bytes} bytes"
    )
    return 0


async def restore(settings: Settings, copy: Path, now: datetime) -> int:
    """``python -m bot restore PATH``: check a copy and put it in place of the database, the
    current one first saved beside it."""
    keep = settings.database.with_name(
        f"{settings.database.stem}.before-restore-{now:%Y%m%d-%H%M%S}.sqlite3"
    )
    try:
        report = await restore_backup(copy, settings.database, keep)
    except BackupError as error:
        print(f"restore refused: {error}", file=sys.stderr)
        return 1
    print(
        f"restored {report.path} into {settings.database}: {report.branches} branches, "
        f"{report.members} people, schema {report.schema_version}"
    )
    if keep.exists():
        print(f"the database it replaced is kept at {keep}")
    return 0


async def check(settings: Settings) -> int:
    """``python -m bot check``: the settings, the database and the Bot API, each named with
    what is wrong. Exit status 1 if anything is."""
    problems = 0

    def report(ok: bool, what: str) -> None:
        nonlocal problems
        problems += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}")

    report(True, "settings are valid")
    if settings.token is None:
        report(False, "LIENLAC_BOT_TOKEN is not set (talk to @BotFather to get one)")
    if not settings.superadmins:
        report(False, "LIENLAC_SUPERADMINS is empty: nobody could create a branch")
    if settings.webhook_url and not _is_local_or_https(settings.webhook_url):
        report(False, "LIENLAC_WEBHOOK_URL must be https:// (Telegram posts only to HTTPS)")
    ok, what = await asyncio.to_thread(_check_database, settings.database)
    report(ok, what)
    if settings.backup_dir is not None:
        ok = _writable_folder(settings.backup_dir)
        report(ok, f"backup folder {settings.backup_dir} is {'' if ok else 'not '}writable")
    if settings.token is not None:
        ok, what = await _check_bot_api(settings)
        report(ok, what)
    print("all good" if problems == 0 else f"{problems} problem(s)")
    return 0 if problems == 0 else 1


def _is_local_or_https(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme == "https" or parsed.hostname in ("127.0.0.1", "localhost")


def _writable_folder(folder: Path) -> bool:
    """Whether files can be written in ``folder``, or in the folders the bot will create for it
    (the database and the backups make theirs when first written). A check changes nothing."""
    existing = folder.absolute()
    while not existing.exists():
        if existing.parent == existing:
            return False
        existing = existing.parent
    return existing.is_dir() and os.access(existing, os.W_OK | os.X_OK)


def _check_database(path: Path) -> tuple[bool, str]:
    if not path.exists():
        writable = _writable_folder(path.parent.resolve())
        if writable:
            return True, f"database {path} does not exist yet; it is created at first start"
        return False, f"database {path} cannot be created: {path.parent} is not writable"
    try:
        report = inspect(path)
    except BackupError as error:
        return False, f"database {error}"
    newest = max(m.version for m in available())
    pending = newest - report.schema_version
    if not os.access(path, os.W_OK):
        return False, f"database {path} is not writable"
    note = f", {pending} migration(s) to apply at start" if pending else ""
    return True, (
        f"database {path}: {report.branches} branches, {report.members} people, schema "
        f"{report.schema_version}{note}"
    )


async def _check_bot_api(settings: Settings) -> tuple[bool, str]:
    # The URL carries the token: name only the server in anything printed.
    server = settings.api_base_url.removesuffix("/bot")
    try:
        async with httpx.AsyncClient(timeout=settings.http_timeout) as client:
            response = await client.get(f"{settings.api_base_url}{settings.token}/getMe")
    except httpx.HTTPError as error:
        return False, f"Bot API at {server} cannot be reached ({type(error).__name__})"
    if response.status_code in (401, 404):
        return False, f"Bot API at {server} refuses the token (check LIENLAC_BOT_TOKEN)"
    if response.status_code != 200:
        return False, f"Bot API at {server} answered {response.status_code}"
    try:
        username = response.json()["result"]["username"]
    except (ValueError, KeyError, TypeError):
        return False, f"Bot API at {server} gave an answer that is not the Bot API's"
    return True, f"Bot API at {server} knows the token: @{username}"
