"""Rows into the core's records: a column becomes the field of the same name, converted by the
field's type (times and dates from their stored text, enums from their value, flags from 0/1)."""

from __future__ import annotations

import dataclasses
import sqlite3
import types
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

from bot.core.kernel.calendar import Month
from bot.core.kernel.contacts import Address, Channel

T = TypeVar("T")
Convert = Callable[[Any], Any]
Special = Callable[[sqlite3.Row], Any]

_BY_TYPE: dict[type, Convert] = {
    datetime: datetime.fromisoformat,
    date: date.fromisoformat,
    bool: bool,
    Month: Month.parse_iso,
}


def _converter(hint: Any) -> Convert | None:
    """How to read a stored value of type ``hint``; ``None``: as stored."""
    if get_origin(hint) in (Union, types.UnionType):
        inner = [arg for arg in get_args(hint) if arg is not type(None)]
        convert = _converter(inner[0]) if len(inner) == 1 else None
        if convert is None:
            return None
        return lambda value: None if value is None or value == "" else convert(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    return _BY_TYPE.get(hint) if isinstance(hint, type) else None


def row_mapper(cls: type[T], **special: Special) -> Callable[[sqlite3.Row], T]:
    """A function building ``cls`` from a row; ``special`` reads the fields no single column
    holds as is (a field built from two columns, a JSON text)."""
    hints = get_type_hints(cls)
    plain: list[tuple[str, Convert | None]] = [
        (field.name, _converter(hints[field.name]))
        for field in dataclasses.fields(cls)  # type: ignore[arg-type]
        if field.name not in special
    ]

    def build(row: sqlite3.Row) -> T:
        values = {
            name: row[name] if convert is None else convert(row[name]) for name, convert in plain
        }
        for name, read in special.items():
            values[name] = read(row)
        return cls(**values)

    return build


def address_of(row: sqlite3.Row) -> Address:
    """The address a row names in its ``channel`` and ``address`` columns."""
    return Address(Channel(row["channel"]), row["address"])
