"""Logging set-up: never a token, an invite code, a name, a phone number or anything a person
wrote in a log line, at any level."""

from __future__ import annotations

import logging
import re
from typing import TextIO

# Also as people type them: 0987 654 321, 0987.654.321, +84-987-654-321.
_PHONE = re.compile(r"(?<![\d:])\+?(?:84|0)(?:[\s.-]?\d){8,10}(?!\d)")
_TOKEN = re.compile(r"\d{6,}:[A-Za-z0-9_-]{20,}")


_CHATTY = ("telegram", "aiosqlite", "aiohttp", "asyncio", "hpack", "hypercorn")


class Redact(logging.Filter):
    """Masks bot tokens and phone numbers in every record, whichever library logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = _PHONE.sub("<phone>", _TOKEN.sub("<token>", message))
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


def setup(level: str = "INFO", stream: TextIO | None = None) -> None:
    handler = logging.StreamHandler(stream)
    handler.addFilter(Redact())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # httpx logs every request URL, and Bot API URLs carry the token: keep it to warnings.
    for name in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)
    # At DEBUG, PTB logs whole updates and API results (invite codes, names, notes), aiosqlite
    # every statement with its parameters, aiohttp request details: they stay at INFO, whatever
    # level is asked for. Our own DEBUG lines carry ids and counts only.
    for name in _CHATTY:
        logging.getLogger(name).setLevel(max(logging.INFO, root.level))
