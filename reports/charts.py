"""Charts of the report pages as server-rendered SVG: no script, readable on screen and on a black-and-white print
(dark bars and solid lines for the figures, a dashed line for the target, values written on the marks that matter).
Each chart carries a <title> and <desc>; the figures themselves are in the tables beside it."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 44


def _svg(title, description, body, height=HEIGHT):
    return mark_safe(
        f'<svg class="report-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="11">'
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
        f'<text x="{LEFT}" y="16" font-size="13" font-weight="bold">{escape(title)}</text>{body}</svg>'
    )


def _scale(maximum):
    """A round axis maximum at or above `maximum`."""
    if maximum <= 0:
        return 1
    step = 10 ** (len(str(int(maximum))) - 1)
    return ((int(maximum) // step) + 1) * step


def _axis(top_value, unit, plot_height):
    lines = []
    for fraction in (0, 0.5, 1):
        y = TOP + plot_height * (1 - fraction)
        lines.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.5"/>')
        value = top_value * fraction
        label = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
        lines.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{label}{escape(unit)}</text>')
    return "".join(lines)


def _x_labels(labels, x_of, plot_height):
    every = max(1, len(labels) // 16 + (len(labels) % 16 > 0))
    return "".join(
        f'<text x="{x_of(index):.1f}" y="{TOP + plot_height + 16}" text-anchor="middle">{escape(label)}</text>'
        for index, label in enumerate(labels)
        if index % every == 0
    )


def volume_chart(title, labels, values, peaks=(), unit="件"):
    """Bars per day or month; the peaks are black and carry their value."""
    plot_height = HEIGHT - TOP - BOTTOM
    top_value = _scale(max(values, default=0))
    slot = (WIDTH - LEFT - RIGHT) / max(len(values), 1)
    body = [_axis(top_value, unit, plot_height)]
    for index, value in enumerate(values):
        height = plot_height * value / top_value
        x, y = LEFT + slot * index + slot * 0.15, TOP + plot_height - height
        fill = "#000" if index in peaks else "#888"
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{height:.1f}" fill="{fill}">'
                    f"<title>{escape(labels[index])}：{value:,}{escape(unit)}</title></rect>")
        if index in peaks:
            body.append(f'<text x="{x + slot * 0.35:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-weight="bold">{value:,}</text>')
    body.append(_x_labels(labels, lambda index: LEFT + slot * (index + 0.5), plot_height))
    peak_text = "、".join(f"{labels[index]}（{values[index]:,}{unit}）" for index in sorted(peaks))
    description = f"{len(values)}区間の件数。ピーク：{peak_text or 'なし'}"
    return _svg(title, description, "".join(body))


def trend_chart(title, labels, values, target, unit):
    """A KPI over time (a solid line; gaps where there was nothing to measure) against its target (dashed)."""
    plot_height = HEIGHT - TOP - BOTTOM
    known = [value for value in values if value is not None]
    top_value = 100 if unit == "%" else _scale(max(known + [float(target or 0)], default=0) * 1.1)
    slot = (WIDTH - LEFT - RIGHT) / max(len(values), 1)

    def x_of(index):
        return LEFT + slot * (index + 0.5)

    def y_of(value):
        return TOP + plot_height * (1 - min(float(value), top_value) / top_value)

    body = [_axis(top_value, unit, plot_height)]
    if target is not None:
        y = y_of(target)
        body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#000" stroke-dasharray="6 4"/>')
        body.append(f'<text x="{WIDTH - RIGHT}" y="{y - 4:.1f}" text-anchor="end">目標 {float(target):g}{escape(unit)}</text>')
    segment = []
    for index, value in enumerate(values + [None]):
        if value is None:
            if len(segment) > 1:
                points = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in segment)
                body.append(f'<polyline points="{points}" fill="none" stroke="#000" stroke-width="2"/>')
            segment = []
            continue
        segment.append((index, value))
        body.append(f'<circle cx="{x_of(index):.1f}" cy="{y_of(value):.1f}" r="3" fill="#000">'
                    f"<title>{escape(labels[index])}：{float(value):g}{escape(unit)}</title></circle>")
    body.append(_x_labels(labels, x_of, plot_height))
    described = "、".join(f"{label} {float(value):g}{unit}" for label, value in zip(labels, values) if value is not None)
    return _svg(title, f"{described or '値なし'}（目標 {target}{unit}）", "".join(body))


def breakdown_chart(title, labels, values, unit="件"):
    """Horizontal bars, largest first, each with its value and share."""
    row, top = 20, TOP + 4
    height = top + row * max(len(values), 1) + 8
    total = sum(values) or 1
    label_width = 150
    span = WIDTH - LEFT - RIGHT - label_width - 80
    largest = max(values, default=0) or 1
    body = []
    for index, (label, value) in enumerate(zip(labels, values)):
        y = top + row * index
        width = span * value / largest
        body.append(f'<text x="{LEFT + label_width - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        body.append(f'<rect x="{LEFT + label_width}" y="{y + 3}" width="{width:.1f}" height="{row - 6}" fill="#555"/>')
        body.append(f'<text x="{LEFT + label_width + width + 4:.1f}" y="{y + 13}">{value:,}{escape(unit)}（{value * 100 / total:.1f}%）</text>')
    description = "、".join(f"{label} {value:,}{unit}" for label, value in zip(labels, values))
    return _svg(title, description or "件数なし", "".join(body), height=height)
