"""Telegram's HTML parse mode, as the Bot API applies it: text with tags in, plain text and
entities (offsets in UTF-16 code units) out; malformed HTML refused with the API's message."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

# A "<" that does not open or close a tag, or an "&" that does not start an entity: Telegram
# refuses both (user text must be escaped).
_STRAY = re.compile(r"<(?!/?[a-zA-Z][a-zA-Z-]*[\s>/])|&(?!#?\w+;)")

_ENTITY_OF_TAG = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "blockquote": "blockquote",
    "tg-spoiler": "spoiler",
}


class HtmlError(ValueError):
    """The Bot API's 400 for HTML it cannot parse."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.length = 0
        self.open: list[tuple[str, int, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and ("class", "tg-spoiler") in attrs:
            tag = "tg-spoiler"
        if tag not in _ENTITY_OF_TAG:
            raise HtmlError(f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}"')
        extra: dict[str, Any] = {}
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                raise HtmlError("Bad Request: can't parse entities: the link has no URL")
            extra["url"] = href
        self.open.append((tag, self.length, extra))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            tag = "tg-spoiler"
        if not self.open or self.open[-1][0] != tag:
            raise HtmlError(f'Bad Request: can\'t parse entities: Unmatched end tag "{tag}"')
        opened, start, extra = self.open.pop()
        if self.length > start:
            self.entities.append(
                {
                    "type": _ENTITY_OF_TAG[opened],
                    "offset": start,
                    "length": self.length - start,
                    **extra,
                }
            )

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        self.length += utf16_len(data)


def parse_html(source: str) -> tuple[str, list[dict[str, Any]]]:
    """The plain text and the entities Telegram would store for ``source``."""
    stray = _STRAY.search(source)
    if stray is not None:
        offset = len(source[: stray.start()].encode())
        raise HtmlError(
            f"Bad Request: can't parse entities: unexpected {stray.group(0)[0]!r} at byte {offset}"
        )
    parser = _Parser()
    parser.feed(source)
    parser.close()
    if parser.open:
        raise HtmlError(
            f'Bad Request: can\'t parse entities: unclosed start tag "{parser.open[-1][0]}"'
        )
    parser.entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return "".join(parser.text), parser.entities
