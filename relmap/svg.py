"""An account's relationship map drawn as SVG text on the server: no JavaScript, no assets.

Our people stand on the left, grouped by unit; their contacts on the right, grouped by division
and seniority. A line per relationship: its dash and colour tell the tier, its width the
strength, and a dormant one is faded. Executives on their side with no active executive
relationship are flagged. Every piece of text is escaped, so names can hold anything.
"""

from collections import defaultdict
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

WIDTH = 820
ROW = 24
GROUP_GAP = 14
LEGEND_HEIGHT = 78
HEAD_HEIGHT = 26
LEFT_DOT_X = 262
RIGHT_DOT_X = 558
LABEL_CHARS = 34

TIER_STYLE = {
    # tier: (label, colour, stroke-dasharray or None)
    "operational": ("Operational", "#1f5fae", None),
    "executive": ("Executive", "#7b3fa0", "10 5"),
    "institutional": ("Institutional", "#1b7f3b", "2 4"),
}
FLAG_COLOUR = "#b3261e"
DORMANT_OPACITY = 0.28


@dataclass(frozen=True)
class Node:
    key: str
    label: str
    group: str
    detail: str = ""
    flagged: bool = False


@dataclass(frozen=True)
class Line:
    ours: str
    theirs: str
    tier: str
    strength: int
    dormant: bool
    detail: str


def _attr(value) -> str:
    return quoteattr(str(value))


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _stroke_width(strength: int) -> float:
    return round(1.0 + max(0, min(100, strength)) / 100 * 5.0, 2)


def _layout(
    nodes: list[Node], top: int, row: int = ROW
) -> tuple[dict[str, int], list[tuple[str, int]], int]:
    """Row positions of `nodes` (already in group order), group headings, and the bottom."""
    y, positions, headings, group = top, {}, [], object()
    for node in nodes:
        if node.group != group:
            if headings:
                y += GROUP_GAP
            group = node.group
            headings.append((group, y + 14))
            y += ROW
        positions[node.key] = y + row // 2
        y += row
    return positions, headings, y


def _spread_row(ours: list[Node], theirs: list[Node], top: int) -> int:
    """A row height for our side that spreads it over about the height of theirs, so that
    lines fan out instead of all leaving from the top corner."""
    _, _, their_bottom = _layout(theirs, top)
    groups = len({n.group for n in ours})
    if not ours:
        return ROW
    spare = their_bottom - top - groups * (ROW + GROUP_GAP)
    return int(max(ROW, min(3 * ROW, spare / len(ours))))


def _order_by_neighbours(nodes: list[Node], lines: list[Line], left: dict[str, int]) -> list[Node]:
    """Within each group, place a contact near the people it is tied to: fewer crossings."""
    linked = defaultdict(list)
    for line in lines:
        if line.ours in left:
            linked[line.theirs].append(left[line.ours])
    group_order = list(dict.fromkeys(n.group for n in nodes))

    def key(node: Node):
        ys = linked.get(node.key)
        return (group_order.index(node.group), sum(ys) / len(ys) if ys else float("inf"))

    return sorted(nodes, key=key)


def _legend() -> list[str]:
    parts = ['<g class="legend" font-size="12">']
    x = 8
    for label, colour, dash in TIER_STYLE.values():
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x}" y1="16" x2="{x + 46}" y2="16" stroke="{colour}" stroke-width="3"'
            f' stroke-linecap="round"{dash_attr}/>'
            f'<text x="{x + 54}" y="20">{escape(label)}</text>'
        )
        x += 150
    parts.append(
        f'<line x1="{x}" y1="16" x2="{x + 46}" y2="16" stroke="#5b6673" stroke-width="3"'
        f' opacity="{DORMANT_OPACITY}"/><text x="{x + 54}" y="20">Dormant (faded)</text>'
        '<line x1="8" y1="44" x2="54" y2="44" stroke="#5b6673" stroke-width="1"/>'
        '<line x1="62" y1="44" x2="108" y2="44" stroke="#5b6673" stroke-width="6"/>'
        '<text x="116" y="48">Weak → strong</text>'
        f'<circle cx="312" cy="44" r="6" fill="#fff" stroke="{FLAG_COLOUR}" stroke-width="2.5"/>'
        f'<text x="324" y="48" fill="{FLAG_COLOUR}">Executive with no active executive'
        " relationship</text></g>"
    )
    return parts


def relationship_map_svg(
    *,
    ours: list[Node],
    theirs: list[Node],
    lines: list[Line],
    title: str,
    description: str,
    id_prefix: str = "relmap",
) -> str:
    """The SVG document (a string) for one account's map.

    `ours` and `theirs` come grouped (nodes of a group next to each other, groups in the order
    they should appear); lines whose ends are not among the nodes are skipped.
    """
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    top = LEGEND_HEIGHT + HEAD_HEIGHT
    left, left_heads, left_bottom = _layout(ours, top, _spread_row(ours, theirs, top))
    theirs = _order_by_neighbours(theirs, lines, left)
    right, right_heads, right_bottom = _layout(theirs, top)
    height = max(left_bottom, right_bottom, top + ROW) + 12

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="relmap-svg"'
        f' viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}"'
        f" aria-labelledby={_attr(f'{title_id} {desc_id}')}"
        ' font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'
        ' font-size="13" fill="#1d232b">',
        f"<title id={_attr(title_id)}>{escape(title)}</title>",
        f"<desc id={_attr(desc_id)}>{escape(description)}</desc>",
        *_legend(),
        f'<text x="{LEFT_DOT_X}" y="{LEGEND_HEIGHT + 14}" text-anchor="end" font-weight="700">'
        "Our people</text>",
        f'<text x="{RIGHT_DOT_X}" y="{LEGEND_HEIGHT + 14}" font-weight="700">Their contacts</text>',
    ]
    if not ours and not theirs:
        out.append(
            f'<text x="{WIDTH // 2}" y="{top + 16}" text-anchor="middle" fill="#5b6673">'
            "No relationships recorded yet.</text></svg>"
        )
        return "".join(out)

    mid = (LEFT_DOT_X + RIGHT_DOT_X) / 2
    # Dormant lines first, so that live ones are drawn over them.
    out.append('<g class="lines" fill="none">')
    for line in sorted(lines, key=lambda ln: (not ln.dormant, ln.strength)):
        if line.ours not in left or line.theirs not in right:
            continue
        label, colour, dash = TIER_STYLE.get(line.tier, TIER_STYLE["operational"])
        y1, y2 = left[line.ours], right[line.theirs]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        fade = f' opacity="{DORMANT_OPACITY}"' if line.dormant else ""
        out.append(
            f'<path d="M{LEFT_DOT_X + 6} {y1} C{mid} {y1} {mid} {y2} {RIGHT_DOT_X - 6} {y2}"'
            f' stroke="{colour}" stroke-width="{_stroke_width(line.strength)}"'
            f' stroke-linecap="round"{dash_attr}{fade} data-tier={_attr(line.tier)}>'
            f"<title>{escape(line.detail)}</title></path>"
        )
    out.append("</g>")

    for heading, y in left_heads:
        out.append(
            f'<text x="{LEFT_DOT_X}" y="{y}" text-anchor="end" class="group" fill="#5b6673"'
            f' font-size="12" font-weight="600">{escape(_short(heading))}</text>'
        )
    for heading, y in right_heads:
        out.append(
            f'<text x="{RIGHT_DOT_X}" y="{y}" class="group" fill="#5b6673" font-size="12"'
            f' font-weight="600">{escape(_short(heading))}</text>'
        )
    for node in ours:
        y = left[node.key]
        out.append(
            f"<g><title>{escape(node.detail or node.label)}</title>"
            f'<circle cx="{LEFT_DOT_X}" cy="{y}" r="5" fill="#17324f"/>'
            f'<text x="{LEFT_DOT_X - 12}" y="{y + 4}" text-anchor="end">'
            f"{escape(_short(node.label))}</text></g>"
        )
    for node in theirs:
        y = right[node.key]
        if node.flagged:
            dot = (
                f'<circle cx="{RIGHT_DOT_X}" cy="{y}" r="6" fill="#fff" stroke="{FLAG_COLOUR}"'
                ' stroke-width="2.5" class="flag"/>'
            )
            text_attrs = f' fill="{FLAG_COLOUR}" font-weight="600"'
        else:
            dot = f'<circle cx="{RIGHT_DOT_X}" cy="{y}" r="5" fill="#17324f"/>'
            text_attrs = ""
        out.append(
            f"<g><title>{escape(node.detail or node.label)}</title>{dot}"
            f'<text x="{RIGHT_DOT_X + 12}" y="{y + 4}"{text_attrs}>'
            f"{escape(_short(node.label))}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)
