"""Charts drawn on the server as SVG: no script, nothing fetched, readable without JavaScript.

Colours come from CSS classes (static/style.css), so the SVG carries no inline style that
the Content-Security-Policy would block.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape

#: QuadClass names, for legends and hover titles.
QUAD_CLASSES = {
    0: "no QuadClass",
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

WIDTH = 900
HEIGHT = 220
_MARGIN_LEFT = 40
_MARGIN_BOTTOM = 24
_MARGIN_TOP = 8
_MAX_BAR = 48  # a few periods are bars, not walls


def _key_label(key: Any) -> str:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        return QUAD_CLASSES.get(int(key), str(key))
    return str(key)


def stacked_bars(
    counts: Iterable[dict[str, Any]],
    *,
    keys: Sequence[Any] | None = None,
    max_periods: int,
    label: str,
) -> Markup:
    """A stacked bar chart of `counts` rows (`period`, `key`, `count`), one bar per period
    in order, one segment per key (class `k-<key>`), each with a hover title.

    Only the latest `max_periods` periods are drawn. An empty input gives a short note.
    """
    by_period: dict[str, dict[Any, int]] = {}
    for row in counts:
        by_period.setdefault(str(row["period"]), {})[row["key"]] = int(row["count"])
    periods = sorted(by_period)[-max_periods:]
    if not periods:
        return Markup('<p class="empty">No dated events to chart.</p>')
    if keys is None:
        keys = sorted({k for p in periods for k in by_period[p]}, key=str)
    totals = [sum(by_period[p].values()) for p in periods]
    top = max(totals) or 1
    plot_w = WIDTH - _MARGIN_LEFT - 4
    plot_h = HEIGHT - _MARGIN_BOTTOM - _MARGIN_TOP
    step = plot_w / len(periods)
    bar_w = min(max(step * 0.8, 1.0), _MAX_BAR)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img"'
        f' aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(label)}</title>",
        f'<line class="axis" x1="{_MARGIN_LEFT}" y1="{_MARGIN_TOP + plot_h}"'
        f' x2="{WIDTH - 4}" y2="{_MARGIN_TOP + plot_h}"/>',
        f'<text class="tick" x="{_MARGIN_LEFT - 4}" y="{_MARGIN_TOP + 10}"'
        f' text-anchor="end">{top:,}</text>',
        f'<text class="tick" x="{_MARGIN_LEFT - 4}" y="{_MARGIN_TOP + plot_h}"'
        ' text-anchor="end">0</text>',
    ]
    for i, period in enumerate(periods):
        x = _MARGIN_LEFT + i * step + (step - bar_w) / 2
        y = _MARGIN_TOP + plot_h
        for key in keys:
            n = by_period[period].get(key, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect class="k-{escape(str(key))}" x="{x:.1f}" y="{y:.1f}"'
                f' width="{bar_w:.1f}" height="{h:.1f}"><title>{escape(period)}:'
                f" {n:,} {escape(_key_label(key))}</title></rect>"
            )
    for i in sorted({0, len(periods) // 2, len(periods) - 1}):
        x = _MARGIN_LEFT + i * step + step / 2
        anchor = "start" if i == 0 else "end" if i == len(periods) - 1 else "middle"
        parts.append(
            f'<text class="tick" x="{x:.1f}" y="{HEIGHT - 6}"'
            f' text-anchor="{anchor}">{escape(periods[i])}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def legend(keys: Sequence[Any]) -> Markup:
    """The chart's key: one swatch (an SVG square of the key's class) and name per key."""
    items = "".join(
        f'<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">'
        f'<rect class="k-{escape(str(k))}" width="10" height="10"/></svg>'
        f"{escape(_key_label(k))}</li>"
        for k in keys
    )
    return Markup(f'<ul class="legend">{items}</ul>')
