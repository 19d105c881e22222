"""The digest's chart: the last weeks' check-in rate and dues-paid rate, as a PNG made here.

matplotlib is imported when a chart is drawn, not when the bot starts: most processes never
draw one. Only the object API is used (no pyplot), so charts can be drawn in worker threads.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from datetime import date

from bot.i18n import N_, plain

WIDTH, HEIGHT, DPI = 8.0, 4.0, 100  # 800 x 400 pixels: readable on a phone, small to send

# series name -> (legend, colour)
STYLE: dict[str, tuple[str, str]] = {
    "checkins": (N_("Checked in that week"), "#1f6fb2"),
    "dues": (N_("Paid that month's dues by then"), "#c0392b"),
}


def weekly_chart(
    week_ends: Sequence[date], series: Mapping[str, Sequence[float | None]], title: str
) -> bytes:
    """A PNG of each series (shares from 0 to 1, ``None`` where there was no one to count)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    figure = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    axes = figure.add_subplot()
    x = list(range(len(week_ends)))
    for name, values in series.items():
        if name not in STYLE:
            continue
        label, colour = STYLE[name]
        y = [math.nan if v is None else v * 100 for v in values]
        axes.plot(x, y, marker="o", linewidth=2, color=colour, label=plain(label))
    axes.set_ylim(0, 105)
    axes.yaxis.set_major_formatter(PercentFormatter())
    axes.set_xticks(x, [f"{day:%d/%m}" for day in week_ends], rotation=45, fontsize=8)
    axes.set_xlabel(plain(N_("Week ending")))
    axes.grid(True, alpha=0.3)
    # Above the plot, not on it: the legend never hides a point.
    axes.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncols=2, fontsize=9, frameon=False)
    figure.suptitle(title, fontsize=11)
    # Fixed margins: tight_layout measured every label and took a third of the drawing time.
    figure.subplots_adjust(left=0.08, right=0.98, top=0.84, bottom=0.2)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
