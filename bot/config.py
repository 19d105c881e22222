"""Settings, from the environment or a ``.env`` file, all prefixed ``LIENLAC_``."""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.kernel.quiet_hours import QuietHours

TELEGRAM_API = "https://api.telegram.org/bot"
_WINDOW = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
ENV_PREFIX = "LIENLAC_"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    bot_token: SecretStr | None = None
    api_base_url: str = TELEGRAM_API
    database: Path = Path("lienlac.sqlite3")
    timezone: str = "Asia/Ho_Chi_Minh"
    superadmins: Annotated[list[int], NoDecode] = Field(default_factory=list)
    bot_username: str | None = None
    invite_days: int = Field(default=14, ge=1, le=365)
    # Registrations a branch takes waiting for approval at once; beyond, newcomers are told to
    # ask the branch (a leaked link is not a flood).
    pending_limit: int = Field(default=20, ge=1, le=1000)
    quiet_hours: str = "21:00-07:00"
    # Telegram allows about 30 messages a second overall and one a second per chat.
    send_rate: float = Field(default=29.5, gt=0, le=1000)
    chat_interval: float = Field(default=1.0, ge=0, le=60)
    log_level: str = "INFO"
    # Seconds before the first retry of a failed send; it doubles up to five minutes.
    retry_base: float = Field(default=2.0, gt=0, le=60)
    # Seconds to wait for the Bot API to answer one request.
    http_timeout: float = Field(default=10.0, gt=0, le=120)
    # Where members pay dues online (the National Public Service Portal).
    dues_portal_url: str = "https://dichvucong.gov.vn"
    # How often the reminders tick, in seconds; 0 turns the tick off (tests tick by hand).
    tick_interval: float = Field(default=60.0, ge=0, le=3600)
    # A checked copy of the database every day into this folder, keeping the newest backup_keep.
    backup_dir: Path | None = None
    backup_keep: int = Field(default=14, ge=1, le=3650)
    # One person's updates beyond this many within flood_window seconds are ignored for a while.
    flood_burst: int = Field(default=20, ge=1, le=100_000)
    flood_window: float = Field(default=10.0, gt=0, le=3600)
    # Webhook mode (polling when unset): Telegram posts updates to this public HTTPS URL, which a
    # reverse proxy forwards to webhook_listen:webhook_port.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"\d+:[A-Za-z0-9_-]{20,}", value.get_secret_value()):
            raise ValueError("does not look like a token from BotFather (digits:letters)")
        return value

    @field_validator("api_base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        value = value.strip()
        if not re.fullmatch(r"https?://\S+/bot", value):
            # TELEGRAM.md, pitfall 1: the token is appended, so the URL must end in /bot.
            raise ValueError("must start with http:// or https:// and end in /bot")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value.strip()):
            raise ValueError("must be the public URL Telegram posts to, like https://host/path")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", value.get_secret_value()):
            raise ValueError("must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("backup_dir", mode="before")
    @classmethod
    def _folder(cls, value: object) -> object:
        # An empty line in .env means "no backups", not "the current folder".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("superadmins", mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [part for part in re.split(r"[,\s]+", value.strip()) if part]
            try:
                return [int(part) for part in parts]
            except ValueError:
                raise ValueError("must be Telegram user ids separated by commas") from None
        return value

    @field_validator("quiet_hours")
    @classmethod
    def _window(cls, value: str) -> str:
        parse_window(value)
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def quiet(self) -> QuietHours:
        return parse_window(self.quiet_hours)

    @property
    def api_base_file_url(self) -> str:
        return self.api_base_url.removesuffix("/bot") + "/file/bot"

    @property
    def webhook_path(self) -> str:
        """The path part of the webhook URL, which the local listener serves."""
        return urlparse(self.webhook_url or "").path.lstrip("/")

    @property
    def token(self) -> str | None:
        return self.bot_token.get_secret_value() if self.bot_token else None


def parse_window(text: str) -> QuietHours:
    """``21:00-07:00`` as a ``QuietHours``."""
    match = _WINDOW.fullmatch(text.strip())
    if match is None:
        raise ValueError("must look like 21:00-07:00")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        return QuietHours(time(h1, m1), time(h2, m2))
    except ValueError:
        raise ValueError("hours must be 00-23 and minutes 00-59") from None


def describe_error(error: ValidationError) -> str:
    """One line per wrong setting, named as the operator writes it."""
    lines = []
    for problem in error.errors():
        name = ENV_PREFIX + "_".join(str(part) for part in problem["loc"]).upper()
        message = problem["msg"].removeprefix("Value error, ")
        lines.append(f"{name}: {message}")
    return "\n".join(lines)
