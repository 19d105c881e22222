"""Domain errors. Each carries the message the user should read, as an untranslated msgid."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule said no. ``msgid`` (marked with ``N_``) and ``params`` tell the user why."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


class InvalidInput(DomainError):
    """An answer that cannot be accepted as it is; the same question is asked again."""


class NotAllowed(DomainError):
    """The actor's role does not allow this action, or the object is not in their branch."""


class NotFound(DomainError):
    """The object does not exist (any more): a stale button, a revoked link."""


class Conflict(DomainError):
    """The action was already done or no longer fits the state (pressed twice, handled by another
    officer)."""
