"""Small bar charts as inline SVG, drawn on the server: no JavaScript, no library, nothing the strict CSP blocks
(only SVG presentation attributes, no style attributes)."""

from django.utils.html import format_html, format_html_join

BAR_WIDTH = 4
GAP = 1
HEIGHT = 60
AXIS = 12


def bar_chart(points, *, label, chart_id):
    """points: [(hour start, count)]. Each bar carries its hour and count (a <title> tooltip and data attributes)."""
    peak = max((count for _, count in points), default=0)
    width = len(points) * (BAR_WIDTH + GAP)
    bars = format_html_join("", (
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" data-hour="{}" data-count="{}">'
        "<title>{} UTC: {}</title></rect>"
    ), (
        (index * (BAR_WIDTH + GAP), HEIGHT - _height(count, peak), BAR_WIDTH, _height(count, peak),
         "#ba2121" if count and count == peak else "#417690", hour.isoformat(), count,
         hour.strftime("%a %d %b %H:00"), count)
        for index, (hour, count) in enumerate(points)
    ))
    return format_html(
        '<svg id="{}" class="overview-chart" xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-label="{}: at most {} per hour">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#999" stroke-width="1"></line>{}'
        '<text x="0" y="{}" font-size="10" fill="#666">7 days ago</text>'
        '<text x="{}" y="{}" font-size="10" fill="#666" text-anchor="end">now (peak {} per hour)</text></svg>',
        chart_id, width, HEIGHT + AXIS, width, HEIGHT + AXIS, label, peak,
        HEIGHT + 0.5, width, HEIGHT + 0.5, bars, HEIGHT + AXIS - 1, width, HEIGHT + AXIS - 1, peak,
    )


def _height(count, peak):
    if not count:
        return 0
    return max(1, round(count / peak * HEIGHT))  # one event still shows as a sliver
