"""Our text markup, and how a channel without formatting reads it.

A view's text is escaped text with five marks and nothing else: ``<b>`` bold, ``<i>`` italic,
``<code>`` code, ``<a href="…">`` a link, and line breaks. Values from people are always
escaped (``bot.i18n.html_text``), so a ``<`` typed by a member can never become a mark. Telegram
takes this text as HTML unchanged; ``to_plain`` gives the text a plain channel (Zalo) sends.
"""

from __future__ import annotations

import html
import re

MARKS = ("b", "i", "code", "a")

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_MARK = re.compile(r"</?(?:b|i|code)>")


def _link(match: re.Match[str]) -> str:
    url, label = html.unescape(match.group(1)), match.group(2)
    shown = html.unescape(_MARK.sub("", label))
    return shown if shown == url else f"{label} ({html.escape(url)})"


def to_plain(text: str) -> str:
    """The same text without marks: links keep their address after the label."""
    return html.unescape(_MARK.sub("", _LINK.sub(_link, text)))
