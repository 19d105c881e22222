"""Every text a user reads is Vietnamese, from the catalogue, and complete."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import catalogue_path, translations

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "N_": None, "plain": (1,), "html_text": (1,)}
_PLACEHOLDER = re.compile(r"\{(\w*)\}")


def _catalogue() -> dict[str, tuple[str, bool]]:
    with catalogue_path().open("rb") as po:
        catalog = read_po(po)
    return {m.id: (m.string, m.fuzzy) for m in catalog if m.id and isinstance(m.id, str)}


def _msgids_in_code() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT / "bot"), keywords=KEYWORDS, comment_tags=()
    ):
        if isinstance(message, str) and message:
            found.add(message)
    return found


def test_every_message_in_the_code_is_in_the_catalogue() -> None:
    missing = _msgids_in_code() - set(_catalogue())
    assert not missing, f"run `make messages` and translate: {sorted(missing)}"


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    problems = [msgid for msgid, (text, fuzzy) in _catalogue().items() if not text or fuzzy]
    assert not problems, problems


def test_placeholders_match_between_english_and_vietnamese() -> None:
    mismatched = [
        msgid
        for msgid, (text, _fuzzy) in _catalogue().items()
        if sorted(_PLACEHOLDER.findall(msgid)) != sorted(_PLACEHOLDER.findall(text))
    ]
    assert not mismatched, mismatched


def test_the_catalogue_compiles_in_memory_and_is_used() -> None:
    assert translations().gettext("✅ Confirm") == "✅ Xác nhận"


def test_translations_keep_html_tags_balanced() -> None:
    unbalanced = [
        msgid
        for msgid, (text, _f) in _catalogue().items()
        if sorted(re.findall(r"</?\w+>", msgid)) != sorted(re.findall(r"</?\w+>", text))
    ]
    assert not unbalanced, unbalanced
