"""Charts drawn on the server as SVG (inline on the page, embedded in the PDF) and as PNG (for the DOCX).

Our own small templates instead of a charting library: three kinds (vertical bars, horizontal bars, lines), with
presentation attributes only (no <style>, no script, no external reference), so the page's Content-Security-Policy
allows them and they look the same on screen, in print, in the PDF and, through cairosvg, in the DOCX. Series are
told apart by colour and by shape (dash patterns and point markers), never by colour alone; every chart has a
table under it with the same numbers.
"""

import math

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from culture_portal.leadership.figures import Chart

WIDTH = 720
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
COLOURS = ["#1f4e79", "#b8452a", "#3d7a33", "#6a4c93", "#a86f00"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2"]
TARGET_COLOUR = "#c00000"
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#d0d7de"
MAX_LABEL = 38  # characters of a category label drawn; the full label is in the bar's <title>


def _text(value: str) -> str:
    return escape(str(value))


def _number(value) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return formats.number_format(int(value), force_grouping=True)  # "1.234"
    return formats.number_format(round(float(value), 1), 1)


def _short(label: str) -> str:
    label = str(label)
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _scale_max(chart: Chart) -> float:
    """The axis maximum: 100 for percentages, else four round steps (whole steps for counts) above the data."""
    values = [float(v) for _label, series in chart.series for v in series if v is not None]
    top = max([*values, float(chart.target or 0), 0.0])
    if chart.unit == "%":
        return 100.0
    if top <= 0:
        return 4.0
    counts = all(value.is_integer() for value in values)
    quarter = top / 4
    magnitude = 10 ** math.floor(math.log10(quarter))
    steps = (1, 2, 5, 10) if counts and magnitude < 10 else (1, 2, 2.5, 5, 10)
    step = next(step * magnitude for step in steps if quarter <= step * magnitude)
    return 4 * max(step, 1.0 if counts else step)


def _ticks(maximum: float) -> list[float]:
    return [maximum * i / 4 for i in range(5)]


def _open(chart: Chart, height: int) -> list[str]:
    title_id = f"chart-{chart.key}-title"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{title_id}" font-family="{FONT}" font-size="12" fill="{TEXT_COLOUR}">',
        f'<title id="{title_id}">{_text(chart.title)}</title>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
    ]


def _legend(chart: Chart, y: int) -> list[str]:
    parts, x = [], 12
    if len(chart.series) > 1 or chart.target is not None:
        for index, (label, _values) in enumerate(chart.series):
            colour, dash = COLOURS[index % len(COLOURS)], DASHES[index % len(DASHES)]
            if chart.kind == "line":
                parts.append(
                    f'<line x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}" stroke="{colour}" stroke-width="3"'
                    + (f' stroke-dasharray="{dash}"' if dash else "")
                    + "/>"
                )
            else:
                parts.append(f'<rect x="{x}" y="{y - 10}" width="14" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 28}" y="{y}">{_text(_short(label))}</text>')
            x += 40 + 7 * min(len(str(label)), MAX_LABEL)
        if chart.target is not None:
            parts.append(
                f'<line x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}" stroke="{TARGET_COLOUR}" stroke-width="2" '
                'stroke-dasharray="5 3"/>'
            )
            parts.append(f'<text x="{x + 28}" y="{y}">{_text(_target_label(chart))}</text>')
    return parts


def _target_label(chart: Chart) -> str:
    return _("Target: %(value)s%(unit)s") % {"value": _number(chart.target), "unit": chart.unit}


def _empty(chart: Chart) -> str:
    parts = _open(chart, 80)
    parts.append(f'<text x="12" y="24" font-weight="bold">{_text(chart.title)}</text>')
    parts.append(f'<text x="12" y="56">{_text(_("No data for this period."))}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _has_data(chart: Chart) -> bool:
    return bool(chart.categories) and any(v is not None for _label, values in chart.series for v in values)


def _hbar(chart: Chart) -> str:
    series_count = max(len(chart.series), 1)
    bar, gap = 14, 10
    row = bar * series_count + gap
    left, right, top = 250, 70, 46
    height = top + row * len(chart.categories) + 40
    maximum = _scale_max(chart)
    plot = WIDTH - left - right
    parts = _open(chart, height)
    parts.append(f'<text x="12" y="20" font-weight="bold" font-size="14">{_text(chart.title)}</text>')
    parts += _legend(chart, 38)
    bottom = top + row * len(chart.categories)
    for tick in _ticks(maximum):
        x = left + plot * tick / maximum
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="{GRID_COLOUR}"/>')
        parts.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle">{_number(tick)}{chart.unit}</text>')
    for i, category in enumerate(chart.categories):
        y0 = top + i * row + gap / 2
        parts.append(
            f'<text x="{left - 8}" y="{y0 + bar * series_count / 2 + 4:.1f}" text-anchor="end">'
            f"{_text(_short(category))}</text>"
        )
        for s, (label, values) in enumerate(chart.series):
            value = values[i] if i < len(values) else None
            y = y0 + s * bar
            if value is None:
                parts.append(f'<text x="{left + 4}" y="{y + bar - 3:.1f}" font-size="11">—</text>')
                continue
            width = plot * float(value) / maximum
            parts.append(
                f'<rect class="bar" x="{left}" y="{y:.1f}" width="{max(width, 0):.1f}" height="{bar - 2}" '
                f'fill="{COLOURS[s % len(COLOURS)]}"><title>{_text(category)} — {_text(label)}: '
                f"{_number(value)}{chart.unit}</title></rect>"
            )
            parts.append(
                f'<text x="{left + width + 4:.1f}" y="{y + bar - 3:.1f}" font-size="11">{_number(value)}'
                f"{chart.unit}</text>"
            )
    if chart.target is not None:
        x = left + plot * float(chart.target) / maximum
        parts.append(
            f'<line class="target" x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom + 2}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="5 3"><title>{_text(_target_label(chart))}'
            "</title></line>"
        )
    parts.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" stroke="{TEXT_COLOUR}"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def _columns(chart: Chart) -> str:
    """Vertical bars ("bar") or lines ("line") over categories on the x axis."""
    upright = len(chart.categories) <= 6  # few x labels stand upright, cut to their slot; more are slanted
    height, left, right, top, bottom_margin = (320, 56, 20, 52, 40) if upright else (360, 56, 20, 52, 90)
    bottom = height - bottom_margin
    plot_w, plot_h = WIDTH - left - right, bottom - top
    maximum = _scale_max(chart)
    parts = _open(chart, height)
    parts.append(f'<text x="12" y="20" font-weight="bold" font-size="14">{_text(chart.title)}</text>')
    parts += _legend(chart, 40)
    for tick in _ticks(maximum):
        y = bottom - plot_h * tick / maximum
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="{GRID_COLOUR}"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{_number(tick)}{chart.unit}</text>')
    count = len(chart.categories)
    slot = plot_w / count
    every = max(1, math.ceil(count / 14))  # at most 14 x labels
    for i, category in enumerate(chart.categories):
        if i % every == 0:
            x = left + slot * (i + 0.5)
            if upright:
                room = max(int(slot / 7), 4)
                label = category if len(category) <= room else category[: room - 1] + "…"
                parts.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle">{_text(label)}</text>')
            else:
                parts.append(
                    f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="end" '
                    f'transform="rotate(-30 {x:.1f} {bottom + 16})">{_text(_short(category))}</text>'
                )
    if chart.kind == "bar":
        series_count = max(len(chart.series), 1)
        bar = min(48.0, slot * 0.8 / series_count)
        for s, (label, values) in enumerate(chart.series):
            for i, value in enumerate(values[:count]):
                if value is None:
                    continue
                h = plot_h * float(value) / maximum
                x = left + slot * i + (slot - bar * series_count) / 2 + s * bar
                parts.append(
                    f'<rect class="bar" x="{x:.1f}" y="{bottom - h:.1f}" width="{bar - 2:.1f}" height="{h:.1f}" '
                    f'fill="{COLOURS[s % len(COLOURS)]}"><title>{_text(chart.categories[i])} — {_text(label)}: '
                    f"{_number(value)}{chart.unit}</title></rect>"
                )
                parts.append(
                    f'<text x="{x + bar / 2:.1f}" y="{bottom - h - 4:.1f}" text-anchor="middle" font-size="11">'
                    f"{_number(value)}</text>"
                )
    else:
        for s, (label, values) in enumerate(chart.series):
            colour, dash = COLOURS[s % len(COLOURS)], DASHES[s % len(DASHES)]
            points = []
            for i, value in enumerate(values[:count]):
                if value is None:
                    if len(points) > 1:
                        parts.append(_polyline(points, colour, dash))
                    points = []
                    continue
                points.append((left + slot * (i + 0.5), bottom - plot_h * float(value) / maximum, i, value))
            if len(points) > 1:
                parts.append(_polyline(points, colour, dash))
            for i, value in enumerate(values[:count]):
                if value is None:
                    continue
                x, y = left + slot * (i + 0.5), bottom - plot_h * float(value) / maximum
                parts.append(_marker(s, x, y, colour, f"{chart.categories[i]} — {label}: {_number(value)}{chart.unit}"))
    if chart.target is not None:
        y = bottom - plot_h * float(chart.target) / maximum
        parts.append(
            f'<line class="target" x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2" stroke-dasharray="5 3"><title>{_text(_target_label(chart))}'
            "</title></line>"
        )
    parts.append(f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - right}" y2="{bottom}" stroke="{TEXT_COLOUR}"/>')
    parts.append("</svg>")
    return "\n".join(parts)


def _polyline(points, colour: str, dash: str) -> str:
    coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y, _i, _v in points)
    return (
        f'<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2.5"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + "/>"
    )


def _marker(series: int, x: float, y: float, colour: str, title: str) -> str:
    """A point; each series has its own shape (circle, square, diamond, triangle) besides its colour."""
    shape = series % 4
    label = f"<title>{_text(title)}</title>"
    if shape == 0:
        return f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">{label}</circle>'
    if shape == 1:
        square = f'x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8"'
        return f'<rect class="point" {square} fill="{colour}">{label}</rect>'
    if shape == 2:
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
    else:
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
    return f'<polygon class="point" points="{points}" fill="{colour}">{label}</polygon>'


def chart_svg(chart: Chart) -> SafeString:
    """Self-contained SVG markup (no script, no external reference), ready to inline in HTML or embed in a PDF.

    Safe to insert as it is: every text drawn (titles, labels, values) goes through _text(), which escapes it.
    """
    if not _has_data(chart):
        markup = _empty(chart)
    elif chart.kind == "hbar":
        markup = _hbar(chart)
    else:
        markup = _columns(chart)
    return mark_safe(markup)  # noqa: S308 - every text in it is escaped by _text()  # nosec B308 B703


def chart_png(chart: Chart) -> bytes:
    """The same chart as PNG at twice the size (sharp in a printed DOCX)."""
    import cairosvg

    return cairosvg.svg2png(bytestring=chart_svg(chart).encode("utf-8"), scale=2)
