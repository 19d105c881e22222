"""Long texts as several Telegram messages, cut where a reader expects a cut."""

from __future__ import annotations

from bot.i18n import N_, plain

# Telegram allows 4,096 characters; keep room for the "(part 1 of 3)" line.
PART_LIMIT = 3800


def split_parts(head: list[str], sections: list[tuple[str, list[str]]], limit: int) -> list[str]:
    """The digest's text in parts of at most ``limit`` characters, cut between sections where
    possible and between lines otherwise (a cut section repeats its title); every line is
    complete HTML, so no cut breaks a tag."""
    parts: list[list[str]] = [list(head)]

    def size(lines: list[str]) -> int:
        return sum(len(line) + 1 for line in lines)

    for title, lines in sections:
        block = ["", title, *lines]
        if size(parts[-1]) + size(block) <= limit:
            parts[-1] += block
            continue
        if size(block) <= limit:
            parts.append(block[1:])
            continue
        current = parts[-1]
        if size(current) + size(block[:3]) > limit:
            current = [title]
            parts.append(current)
        else:
            current += ["", title]
        for line in lines:
            if size(current) + len(line) + 1 > limit:
                current = [plain(N_("{title} (continued)"), title=title)]
                parts.append(current)
            current.append(line[:limit])
    return ["\n".join(part).strip("\n") for part in parts]
