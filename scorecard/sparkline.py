"""Server-rendered SVG sparklines: no script, no external asset."""

from django.utils.html import format_html, format_html_join

WIDTH, HEIGHT, PAD = 120, 28, 3
COLOURS = {"green": "#1b7f3b", "amber": "#b36b00", "red": "#b3261e", "no_data": "#5b6673"}


def sparkline(values: list[float | None], *, status: str = "no_data", label: str = "") -> str:
    """A line through `values` (oldest first); gaps where a value is missing."""
    known = [v for v in values if v is not None]
    colour = COLOURS.get(status, COLOURS["no_data"])
    description = label or "Trend"
    if not known:
        return format_html(
            '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
            'aria-label="{}: no data"><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d8dde3" '
            'stroke-dasharray="3 3"/></svg>',
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            description,
            PAD,
            HEIGHT / 2,
            WIDTH - PAD,
            HEIGHT / 2,
        )
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)

    def point(i, v):
        y = HEIGHT / 2 if high == low else HEIGHT - PAD - (v - low) / span * (HEIGHT - 2 * PAD)
        return (round(PAD + i * step, 1), round(y, 1))

    runs, run = [], []
    for i, v in enumerate(values):
        if v is None:
            if run:
                runs.append(run)
            run = []
        else:
            run.append(point(i, v))
    if run:
        runs.append(run)
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.6" '
        'stroke-linejoin="round"/>',
        ((" ".join(f"{x},{y}" for x, y in r), colour) for r in runs if len(r) > 1),
    )
    last_i = max(i for i, v in enumerate(values) if v is not None)
    x, y = point(last_i, values[last_i])
    return format_html(
        '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}: from {} to {}">{}<circle cx="{}" cy="{}" r="2.4" fill="{}"/></svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        description,
        _short(known[0]),
        _short(known[-1]),
        lines,
        x,
        y,
        colour,
    )


def _short(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() or abs(value) >= 10 else f"{value:.2f}"
