"""Where a person is reached: a chat platform and the platform's id for them, as text
(docs/decisions/0001). The core passes addresses around without reading them; each channel
turns its own back into what its platform takes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Channel(StrEnum):
    TELEGRAM = "telegram"
    ZALO = "zalo"


@dataclass(frozen=True, slots=True, order=True)
class Address:
    channel: Channel
    value: str

    @classmethod
    def telegram(cls, address: int) -> Address:
        return cls(Channel.TELEGRAM, str(address))

    def __str__(self) -> str:
        return f"{self.channel.value}:{self.value}"
