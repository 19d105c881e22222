"""The command line: ``python -m bot [run|demo|migrate|branch ...]``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from bot import logs
from bot.config import Settings, describe_error

NO_TOKEN = """No bot token is configured (LIENLAC_BOT_TOKEN).

To see the bot work without one, run the built-in demo:
    python -m bot demo

To run it for real:
  1. In Telegram, talk to @BotFather, send /newbot and follow the steps; it gives you a token.
  2. Put it in a .env file beside this project (see .env.example):
         LIENLAC_BOT_TOKEN=123456789:AA...
         LIENLAC_SUPERADMINS=<your Telegram user id>
  3. Run: python -m bot run
"""


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        print("Wrong settings:\n" + describe_error(error), file=sys.stderr)
        raise SystemExit(2) from None


def _run(settings: Settings) -> int:
    if settings.token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot.app import run_forever

    run_forever(settings)
    return 0


def _demo(args: argparse.Namespace | None = None) -> int:
    from bot.sandbox.demo import run_demo

    if args is None:
        return asyncio.run(run_demo())
    return asyncio.run(run_demo(chapter=args.chapter, slow=args.slow, output=args.output))


def _migrate(settings: Settings) -> int:
    from bot.storage.db import Database

    async def migrate() -> None:
        db = Database(settings.database)
        await db.connect()
        await db.close()

    asyncio.run(migrate())
    print(f"database {settings.database} is up to date")
    return 0


def _branch(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cli import branch_create, branch_list

    if args.branch_command == "create":
        return asyncio.run(branch_create(settings, args.name, args.committee))
    return asyncio.run(branch_list(settings))


def _operate(settings: Settings, args: argparse.Namespace) -> int:
    from bot import cli

    if args.command == "check":
        return asyncio.run(cli.check(settings))
    if args.command == "backup":
        return asyncio.run(cli.backup(settings, args.path))
    return asyncio.run(cli.restore(settings, args.path, datetime.now(settings.zone)))


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="python -m bot",
        description="Liên Lạc: keeps a party branch in touch with members who work away. "
        "With no command: run the bot if a token is configured, else the demo.",
    )
    commands = top.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (long polling)")
    demo = commands.add_parser(
        "demo", help="play a branch's first weeks against the local simulator"
    )
    demo.add_argument(
        "--chapter",
        choices=("registration", "checkins", "silence", "dues", "digest"),
        help="print only this chapter (the others are played silently before it)",
    )
    demo.add_argument("--slow", action="store_true", help="print at reading speed")
    demo.add_argument(
        "--output",
        type=Path,
        default=Path("demo-output"),
        help="where to write the digest's chart and the branch workbook (default: %(default)s)",
    )
    commands.add_parser("migrate", help="bring the database schema up to date")
    branch = commands.add_parser("branch", help="manage branches from the server")
    branch_commands = branch.add_subparsers(dest="branch_command", required=True)
    create = branch_commands.add_parser("create", help="create a branch and its secretary link")
    create.add_argument("name", help="the branch's name")
    create.add_argument("--committee", help="the committee above it (optional)")
    branch_commands.add_parser("list", help="list branches")
    commands.add_parser(
        "check", help="verify the settings, the database and the Bot API connection"
    )
    backup = commands.add_parser(
        "backup", help="a consistent copy of the live database (the bot may keep running)"
    )
    backup.add_argument("path", type=Path, help="where to write the copy")
    restore = commands.add_parser(
        "restore", help="check a copy and put it back (stop the bot first)"
    )
    restore.add_argument("path", type=Path, help="the copy to restore")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "demo":
        logs.setup("WARNING")
        return _demo(args)
    settings = load_settings()
    logs.setup(settings.log_level)
    if args.command == "run":
        return _run(settings)
    if args.command == "migrate":
        return _migrate(settings)
    if args.command == "branch":
        return _branch(settings, args)
    if args.command in ("check", "backup", "restore"):
        return _operate(settings, args)
    if settings.token:
        return _run(settings)
    logs.setup("WARNING")  # the demo prints the conversation; the library's chatter hides it
    return _demo()


if __name__ == "__main__":
    raise SystemExit(main())
