"""Charts as inline SVG, drawn on the server: no script, no CDN, sharp when printed, numbers in the
interface's format. Every chart on a page is paired with a table of its numbers."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

Fmt = Callable[[float], str]


def radar(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None], str]], fmt: Fmt, size: int = 420
) -> str:
    """Radar of scores 0-100: ``series`` is (name, values, css class) per polygon."""
    n = len(labels)
    c = size / 2 - 20
    r = size / 2 - 80
    parts = [f'<svg class="chart radar" viewBox="0 0 {size} {size}" role="img" aria-label="radar">']
    for level in (25, 50, 75, 100):
        pts = " ".join(_polar(c, r * level / 100, i, n) for i in range(n))
        parts.append(f'<polygon class="grid" points="{pts}"/>')
    for i, label in enumerate(labels):
        x, y = _xy(c, r, i, n)
        lx, ly = _xy(c, r + 26, i, n)
        anchor = "middle" if abs(lx - c) < 5 else ("start" if lx > c else "end")
        parts.append(f'<line class="axis" x1="{c:.1f}" y1="{c:.1f}" x2="{x:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(label)}</text>')
    for name, values, css in series:
        pts = " ".join(_polar(c, r * max(0.0, min(100.0, v or 0.0)) / 100, i, n) for i, v in enumerate(values))
        parts.append(f'<polygon class="series {css}" points="{pts}"><title>{escape(name)}</title></polygon>')
    for k, (name, _, css) in enumerate(series):  # legend, one line each, under the chart
        y = size - 14 * (len(series) - k) + 4
        parts.append(f'<rect class="series {css}" x="10" y="{y - 9}" width="12" height="10"/>')
        parts.append(f'<text x="28" y="{y}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _xy(c: float, r: float, i: int, n: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return c + r * math.cos(angle), c + r * math.sin(angle)


def _polar(c: float, r: float, i: int, n: int) -> str:
    x, y = _xy(c, r, i, n)
    return f"{x:.1f},{y:.1f}"


def intervals(rows: Sequence[tuple[str, float, float, float, float, bool]], n: int, fmt: Fmt) -> str:
    """Rank intervals: (label, nominal, p05, median, p95, highlight) per unit; rank 1 on the left."""
    row_h, left, width = 18, 150, 560
    height = row_h * len(rows) + 40
    scale = (width - left - 20) / max(n - 1, 1)

    def x(rank: float) -> float:
        return left + (rank - 1) * scale

    parts = [f'<svg class="chart intervals" viewBox="0 0 {width} {height}" role="img" aria-label="rank intervals">']
    for tick in sorted({1, *range(5, n + 1, 5), n}):
        parts.append(f'<line class="grid" x1="{x(tick):.1f}" y1="10" x2="{x(tick):.1f}" y2="{height - 24}"/>')
        parts.append(f'<text x="{x(tick):.1f}" y="{height - 8}" text-anchor="middle">{tick}</text>')
    for k, (label, nominal, p05, median, p95, highlight) in enumerate(rows):
        y = 18 + k * row_h
        css = " home" if highlight else ""
        parts.append(f'<text class="label{css}" x="{left - 8}" y="{y + 4}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<line class="range{css}" x1="{x(p05):.1f}" y1="{y}" x2="{x(p95):.1f}" y2="{y}"/>')
        parts.append(f'<circle class="median{css}" cx="{x(median):.1f}" cy="{y}" r="4"/>')
        parts.append(
            f'<path class="nominal{css}" d="M{x(nominal) - 4:.1f},{y - 5} l8,0 l-4,7 z">'
            f"<title>{escape(label)}: {fmt(nominal)}</title></path>"
        )
    parts.append("</svg>")
    return "".join(parts)


def distribution(values: Sequence[tuple[str, float]], highlight: str, fmt: Fmt, mean: float | None = None) -> str:
    """Every unit's score on a 0-100 strip, the highlighted unit marked and named."""
    width, height, left, right = 640, 90, 20, 20
    span = width - left - right

    def x(v: float) -> float:
        return left + span * max(0.0, min(100.0, v)) / 100

    parts = [
        f'<svg class="chart strip" viewBox="0 0 {width} {height}" role="img" aria-label="distribution">',
        f'<line class="axis" x1="{left}" y1="50" x2="{width - right}" y2="50"/>',
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<text x="{x(tick):.1f}" y="80" text-anchor="middle">{tick}</text>')
    if mean is not None:
        parts.append(f'<line class="mean" x1="{x(mean):.1f}" y1="30" x2="{x(mean):.1f}" y2="62"/>')
        parts.append(f'<text class="mean" x="{x(mean):.1f}" y="24" text-anchor="middle">TB {fmt(mean)}</text>')
    for unit, v in values:
        if unit == highlight:
            continue
        parts.append(
            f'<circle class="dot" cx="{x(v):.1f}" cy="50" r="4"><title>{escape(unit)}: {fmt(v)}</title></circle>'
        )
    for unit, v in values:
        if unit == highlight:
            parts.append(f'<circle class="dot home" cx="{x(v):.1f}" cy="50" r="7"/>')
            parts.append(
                f'<text class="home" x="{x(v):.1f}" y="14" text-anchor="middle">{escape(unit)} {fmt(v)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
