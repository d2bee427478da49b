"""Bar charts as geometry for an inline SVG template: no JavaScript, no CDN, prints as is.

The template (reports/_bar_chart.html) only places what is computed here, so escaping
stays with Django's templates and the numbers stay testable. Bars are solid dark ink
with the value written above each one, so a black-and-white printout loses nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 280
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 16, 64
MAX_LABELS = 13


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    center: float
    show_label: bool

    @property
    def value_y(self) -> float:
        return round(self.y - 5, 1)


@dataclass(frozen=True)
class Tick:
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    x_title: str
    y_title: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    top: int = TOP
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM

    @property
    def x_title_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def x_title_y(self) -> int:
        return self.height - 8

    @property
    def y_title_y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def label_y(self) -> int:
        return self.bottom + 18

    @property
    def tick_x(self) -> int:
        return self.left - 6


def _count_scale(value: float) -> tuple[float, int]:
    """A whole-number step (1, 2 or 5 × 10ⁿ) giving at most five gridlines, and how many.

    Counts get whole-number gridlines only: "1.5 messages" on an axis reads as an error.
    """
    top = max(value, 1)
    power = 10 ** max(0, math.floor(math.log10(top)) - 1)
    while True:
        for step in (1, 2, 5):
            if top / (step * power) <= 5:
                return step * power, max(1, math.ceil(top / (step * power)))
        power *= 10


def bar_chart(
    chart_id: str,
    title: str,
    points: Sequence[tuple[str, float | None]],
    *,
    x_title: str,
    y_title: str,
    percent: bool = False,
) -> BarChart:
    """One bar per point; a point without a value (nothing to measure) gets no bar."""
    if percent:
        step, steps = 0.25, 4
    else:
        step, steps = _count_scale(max((v or 0 for _, v in points), default=0))
    top_value = step * steps
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    band = plot_width / max(len(points), 1)
    every = max(1, math.ceil(len(points) / MAX_LABELS))
    bars = []
    for index, (label, value) in enumerate(points):
        shown = _format(value, percent)
        height = plot_height * (value or 0) / top_value
        x = LEFT + index * band + band * 0.15
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(band * 0.7, 1),
                height=round(height, 1),
                label=label,
                value_text=shown,
                center=round(LEFT + index * band + band / 2, 1),
                show_label=index % every == 0,
            )
        )
    ticks = tuple(
        Tick(
            y=round(TOP + plot_height * (1 - i / steps), 1),
            text=_format(step * i, percent, axis=True),
        )
        for i in range(steps + 1)
    )
    return BarChart(
        id=chart_id,
        title=title,
        description=_describe(title, points, percent, x_title),
        x_title=x_title,
        y_title=y_title,
        bars=tuple(bars),
        ticks=ticks,
    )


def _format(value: float | None, percent: bool, *, axis: bool = False) -> str:
    if value is None:
        return "" if not axis else "0"
    if percent:
        return f"{value:.0%}"
    return f"{value:g}" if axis else f"{round(value)}"


def _describe(
    title: str, points: Sequence[tuple[str, float | None]], percent: bool, x_title: str
) -> str:
    """The chart in words, for screen readers (the table below it says the same)."""
    if not points:
        return f"{title}: no data in this period."
    parts = [
        f"{label}: {_format(value, percent) if value is not None else 'nothing to measure'}"
        for label, value in points
    ]
    return f"Bar chart, one bar per {x_title.lower()}. " + "; ".join(parts) + "."
