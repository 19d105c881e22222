"""Each capability owns its figures in the digest; the digest only carries them."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime

from bot.core.digest.parts import Digest
from bot.core.dues.digest import DUES_SECTION, DuesCounts
from bot.core.review.digest import REVIEW_SECTION, ReviewCounts

END = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
DUES = DuesCounts("2026-11", paid=7, waiting=2, open=3, behind=1, two=1, three=0)
REVIEW = ReviewCounts(2026, "2026-12-20", expected=10, answered=4, graded=0)


def a_digest(**figures: dict[str, object]) -> Digest:
    return Digest(1, "Chi bộ 3", END, END, away=12, checked_in=9, entries=[], figures=figures)


def test_the_figures_survive_the_outbox() -> None:
    digest = a_digest(**{DUES_SECTION: asdict(DUES), REVIEW_SECTION: asdict(REVIEW)})
    queued = Digest.from_params(digest.to_params())
    assert DuesCounts.of(queued) == DUES
    assert ReviewCounts.of(queued) == REVIEW


def test_a_digest_without_a_section_has_none_of_its_figures() -> None:
    assert DuesCounts.of(a_digest()) is None
    assert ReviewCounts.of(a_digest()) is None


def test_a_digest_queued_by_the_previous_release_keeps_its_figures() -> None:
    # Before the sections owned their figures, they were top-level keys of the queued digest.
    old = json.loads(str(a_digest().to_params()["digest"]))
    del old["figures"]
    old["dues"], old["review"] = asdict(DUES), asdict(REVIEW)
    queued = Digest.from_params({"digest": json.dumps(old)})
    assert DuesCounts.of(queued) == DUES
    assert ReviewCounts.of(queued) == REVIEW
